"""Domain errors that carry an HTTP status and a message in the user's language."""

from typing import Any


class DomainError(Exception):
    """Raised by services; `message` is an Indonesian msgid translated at the edge."""

    status_code = 400

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    @property
    def headers(self) -> dict[str, str]:
        """Response headers the error needs besides its status (e.g. Retry-After)."""
        return {}


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
    """Too busy right now: the client may try again after `retry_after` seconds."""

    status_code = 503

    def __init__(self, message: str, *, retry_after: int, **params: Any) -> None:
        super().__init__(message, **params)
        self.retry_after = retry_after

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}
