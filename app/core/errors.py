"""Domain errors that carry an HTTP status and a message in the user's language."""

from typing import Any


class DomainError(Exception):
    """Raised by services; `message` is an Indonesian msgid translated at the edge."""

    status_code = 400

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class Invalid(DomainError):
    status_code = 422


class TooLarge(DomainError):
    status_code = 413


class Unsupported(DomainError):
    status_code = 415


class NotAuthenticated(DomainError):
    status_code = 401


class Forbidden(DomainError):
    status_code = 403


class Throttled(DomainError):
    status_code = 429


class Unavailable(DomainError):
    """The database or the media store cannot do its part right now: 503, try later."""

    status_code = 503
    retry_after_seconds = 30
