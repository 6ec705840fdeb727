"""SMTP delivery of the outbox, safe with any number of workers and servers at once.

A pass selects due messages (`sent_at IS NULL AND next_attempt_at <= now`) and, one
at a time, claims a message with a conditional UPDATE that moves its
`next_attempt_at` to the end of a lease; only the process whose UPDATE changed the
row sends it. Every database step is its own short transaction: none is open while
the SMTP server is being talked to. A process that dies (or loses its database)
between the server's "250" and marking the message sent leaves it to be sent again
when the lease ends; that window is the only way a message goes out twice, and the
copy has the same Message-ID, so mail clients can tell.

Failures: `attempts` + 1, `last_error`, and a retry after 1, 2, 4 … minutes (at most
6 hours apart). A 5xx refusal of the recipient or of the message is permanent, and
after MAX_ATTEMPTS failures (about 20 hours of trying) we give up as well: giving up
sets `next_attempt_at` to NULL (no attempt scheduled; `sent_at` stays NULL and
`last_error` says why), so a later "send again" only has to set it to a time. The
message stays readable in the app whatever happens here.
"""

import logging
import smtplib
import ssl
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from ipaddress import ip_address
from types import TracebackType
from urllib.parse import unquote, urlsplit

from sqlalchemy import Connection, Engine, select, update
from sqlmodel import col

from app.core.config import Settings
from app.core.timeutil import utcnow
from app.notifications.models import Notification

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LAST_RETRY = timedelta(hours=6)
MAX_ATTEMPTS = 12
SMTP_TIMEOUT_SECONDS = 30
ERROR_CHARS = 500  # Notification.last_error's column size

AddressBook = Callable[[Connection, Collection[int]], Mapping[int, str]]
"""The e-mail address of each of these recipients (user ids): accounts'
`email_addresses`, handed in by the composition root (the outbox sits below accounts)."""


class Unsendable(Exception):
    """The message cannot be written as mail (a line break in its subject, say)."""


class ServerUnavailable(Exception):
    """Connecting, TLS, login or the sender failed: no message of this pass can go out."""


# Failures of one message: the connection stays usable for the next.
MESSAGE_ERRORS = (
    Unsendable,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,  # an address that needs SMTPUTF8 the server lacks
)


@dataclass(frozen=True)
class SmtpServer:
    """`smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS at once)."""

    host: str
    port: int
    username: str | None
    password: str | None
    implicit_tls: bool

    @classmethod
    def from_url(cls, url: str) -> "SmtpServer":
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("PAMERAN_SMTP_URL must look like smtp://user:pass@host:port")
        implicit_tls = parts.scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if implicit_tls else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            implicit_tls=implicit_tls,
        )


@dataclass(frozen=True)
class DueMessage:
    id: int
    seen: datetime  # next_attempt_at as read: the claim succeeds only if it is unchanged
    attempts: int
    created_at: datetime
    email: str
    subject: str
    body: str
    link: str | None  # a path in the app: the mail makes it absolute


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure: 1, 2, 4 … minutes, at most 6 h."""
    return min(FIRST_RETRY * 2 ** min(attempts - 1, 20), LAST_RETRY)


def deliver_due(
    engine: Engine,
    settings: Settings,
    *,
    addresses: AddressBook,
    now: datetime | None = None,
    batch: int = 50,
) -> int:
    """Send up to `batch` due messages by SMTP to their `addresses`; returns how many were sent."""
    if not settings.smtp_url:
        raise ValueError("PAMERAN_SMTP_URL is not set")
    server = SmtpServer.from_url(settings.smtp_url)
    clock = _clock(now or utcnow())
    sent = 0
    with _Mailer(server, settings.mail_from, settings.base_url) as mailer:
        for message in _due(engine, addresses, clock(), batch):
            lease_until = clock() + LEASE
            if not _claim(engine, message, lease_until):
                continue  # another process has it
            try:
                mailer.send(message)
            except ServerUnavailable as error:
                _record_failure(engine, message, lease_until, error, clock())
                break  # the rest waits for the next pass: their attempts are not spent
            except MESSAGE_ERRORS as error:
                _record_failure(engine, message, lease_until, error, clock())
                mailer.drop_if_broken()
                continue
            _mark_sent(engine, message.id, clock())
            sent += 1
    return sent


def _clock(start: datetime) -> Callable[[], datetime]:
    """`start`, advancing in real time: a slow pass must not outlive its leases."""
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


def _due(engine: Engine, addresses: AddressBook, now: datetime, batch: int) -> list[DueMessage]:
    query = (
        select(
            col(Notification.id),
            col(Notification.next_attempt_at),
            col(Notification.attempts),
            col(Notification.created_at),
            col(Notification.user_id),
            col(Notification.subject),
            col(Notification.body),
            col(Notification.link),
        )
        .where(col(Notification.sent_at).is_(None), col(Notification.next_attempt_at) <= now)
        .order_by(col(Notification.next_attempt_at), col(Notification.id))
        .limit(batch)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
        # One for each: `user_id` is a foreign key, and every user has an address.
        address = addresses(connection, {row.user_id for row in rows})
    return [
        DueMessage(
            message_id or 0, seen or now, attempts, created_at, address[to], subject, body, link
        )
        for message_id, seen, attempts, created_at, to, subject, body, link in rows
    ]


def _claim(engine: Engine, message: DueMessage, lease_until: datetime) -> bool:
    claim = (
        update(Notification)
        .where(
            col(Notification.id) == message.id,
            col(Notification.sent_at).is_(None),
            col(Notification.next_attempt_at) == message.seen,
        )
        .values(next_attempt_at=lease_until)
    )
    with engine.begin() as connection:
        return connection.execute(claim).rowcount == 1


def _mark_sent(engine: Engine, message_id: int, at: datetime) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(Notification)
            .where(col(Notification.id) == message_id)
            .values(sent_at=at, next_attempt_at=None)
        )


def _record_failure(
    engine: Engine, message: DueMessage, lease_until: datetime, error: Exception, now: datetime
) -> None:
    attempts = message.attempts + 1
    permanent = _is_permanent(error)
    give_up = permanent or attempts >= MAX_ATTEMPTS
    reason = _describe(error)
    if give_up:
        why = "refused for good" if permanent else f"gave up after {attempts} attempts"
        reason = f"{why}: {reason}"
    log.warning("notification %s not delivered (attempt %s): %s", message.id, attempts, reason)
    with engine.begin() as connection:
        connection.execute(
            update(Notification)
            # Only while our lease holds: past it, another process owns the message.
            .where(
                col(Notification.id) == message.id,
                col(Notification.sent_at).is_(None),
                col(Notification.next_attempt_at) == lease_until,
            )
            .values(
                attempts=attempts,
                last_error=reason[:ERROR_CHARS],
                next_attempt_at=None if give_up else now + retry_delay(attempts),
            )
        )


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, Unsendable | smtplib.SMTPNotSupportedError):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and 500 <= error.smtp_code < 600


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {_text(reply)}" for code, reply in error.recipients.values())
    if isinstance(error, ServerUnavailable | Unsendable):
        return str(error)
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


class _Mailer:
    """One SMTP connection for a pass, opened when the first message needs it."""

    def __init__(self, server: SmtpServer, sender: str, base_url: str) -> None:
        self.server = server
        self.sender = sender
        self.base_url = base_url.rstrip("/")
        self.domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> "_Mailer":
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, message: DueMessage) -> None:
        try:
            mail = self.compose(message)
        except Exception as error:
            raise Unsendable(f"{type(error).__name__}: {error}") from error
        try:
            if self.connection is None:
                self.connection = self.connect()
            self.connection.send_message(mail, to_addrs=[message.email])
        except MESSAGE_ERRORS:
            raise
        except Exception as error:
            self.close()
            raise ServerUnavailable(_describe(error)) from error

    def compose(self, message: DueMessage) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.email
        mail["Subject"] = message.subject
        mail["Date"] = format_datetime(utcnow())
        # The same for every attempt, so a copy sent twice is recognisably the same mail.
        stamp = int(message.created_at.timestamp())
        mail["Message-ID"] = f"<notification.{message.id}.{stamp}@{self.domain}>"
        mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
        body = message.body + (f"\n\n{self.base_url}{message.link}" if message.link else "")
        mail.set_content(body, cte=None if body.isascii() else "quoted-printable")
        return mail

    def connect(self) -> smtplib.SMTP:
        server = self.server
        context = ssl.create_default_context()
        connection: smtplib.SMTP
        if server.implicit_tls:
            connection = smtplib.SMTP_SSL(
                server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS, context=context
            )
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS)
        try:
            connection.ehlo()
            encrypted = server.implicit_tls
            if not encrypted and connection.has_extn("starttls"):
                # A certificate that does not verify fails the pass: no silent downgrade.
                connection.starttls(context=context)
                connection.ehlo()
                encrypted = True
            if server.username:
                if not encrypted and not _is_loopback(server.host):
                    raise smtplib.SMTPException(
                        f"{server.host} offers no STARTTLS: not sending the password in clear"
                    )
                connection.login(server.username, server.password or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def drop_if_broken(self) -> None:
        """After a refusal: keep the connection only if the server still answers."""
        if self.connection is None:
            return
        try:
            code, _reply = self.connection.noop()
        except (smtplib.SMTPException, OSError):
            code = 0
        if code != 250:
            self.close()

    def close(self) -> None:
        if self.connection is None:
            return
        connection, self.connection = self.connection, None
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()
