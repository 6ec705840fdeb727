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
    """The database, the media store or the decoder cannot do its part right now: 503.

    The client may try again after `retry_after` seconds.
    """

    status_code = 503
    retry_after_seconds = 30

    def __init__(self, message: str, *, retry_after: int | None = None, **params: Any) -> None:
        super().__init__(message, **params)
        self.retry_after = self.retry_after_seconds if retry_after is None else retry_after

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class OperationError(DomainError):
    """An operation run from the command line (import, backup, restore, export) that
    cannot go on; the CLI prints its message in the user's language."""
