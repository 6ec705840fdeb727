"""Outbox delivery against a real SMTP server (aiosmtpd) on loopback."""

import asyncio
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.accounts.models import User
from app.accounts.recipients import email_addresses
from app.core.config import Settings
from app.core.timeutil import utcnow
from app.notifications import delivery
from app.notifications.delivery import (
    MAX_ATTEMPTS,
    SmtpServer,
    retry_delay,
)
from app.notifications.models import Notification
from app.notifications.service import notifications_for, notify, visible_body
from tests.commands import at_once, pameran
from tests.factories import make_user
from tests.services import require

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword
except ImportError:  # pragma: no cover  (only without the test extra)
    # Optional: require() below skips the SMTP tests without it.
    Controller = None  # type: ignore[assignment,misc]

SUBJECT = "Pengajuan diterima — Kota Bitung"
BODY = (
    "Yth. Editor Daerah,\n"
    "pengajuan anjungan «Kota Bitung» telah diterima dan menunggu tinjauan moderator.\n"
    "Catatan: foto galeri ≥ 1200 piksel; biaya Rp 0 · terima kasih!"
)
# Delivery as the composition root wires it (app/chores.py): to accounts' addresses.
deliver = partial(delivery.deliver_due, addresses=email_addresses)

SENDER = "Pameran Smart City <notifikasi@pameran.example.go.id>"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    tls: bool
    login: bytes | None


class Recorder:
    """Accepts every recipient and keeps every message it is given."""

    def __init__(self, delay: float = 0) -> None:
        self.delay = delay
        self.received: list[Received] = []
        self.rcpt_attempts: list[str] = []

    def verdict(self, address: str) -> str | None:
        """A refusal for this recipient, or None to accept it."""
        return None

    async def handle_RCPT(  # noqa: N802  (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        self.rcpt_attempts.append(address)
        refusal = self.verdict(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                message,
                session.ssl is not None,
                session.auth_data.login if session.auth_data else None,
            )
        )
        return "250 Message accepted for delivery"

    def subjects(self) -> list[str]:
        return sorted(str(r.message["Subject"]) for r in self.received)


class Refusing(Recorder):
    """Refuses one address for good (550), accepts the others."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def verdict(self, address: str) -> str | None:
        return "550 5.1.1 Mailbox unavailable" if address == self.address else None


class FailingOnce(Recorder):
    """Answers 451 (try again later) the first time it sees an address, then accepts."""

    def verdict(self, address: str) -> str | None:
        if self.rcpt_attempts.count(address) == 1:
            return "451 4.3.0 Mail server temporarily rejected message"
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(handler: Recorder, **options: Any) -> Iterator[int]:
    """A real SMTP server on loopback, in a thread of its own; yields its port."""
    require(Controller, "aiosmtpd is not installed (pip install -e '.[test]')")
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def mail_settings(settings: Settings) -> Iterator[Callable[..., Settings]]:
    """Start an SMTP server with a handler; returns settings that deliver to it."""
    with ExitStack() as servers:

        def start(
            handler: Recorder, scheme: str = "smtp", auth: str = "", **options: Any
        ) -> Settings:
            port = servers.enter_context(smtp_server(handler, **options))
            return settings.model_copy(
                update={"smtp_url": f"{scheme}://{auth}127.0.0.1:{port}", "smtp_from": SENDER}
            )

        yield start


@pytest.fixture
def editor(session: Session) -> User:
    return make_user(session, "editor@bitung.go.id", "region-editor", regions=("71.72",))


def queue(session: Session, user: User, subject: str = SUBJECT, body: str = BODY) -> int:
    message = notify(session, user, kind="submission_received", subject=subject, body=body)
    session.commit()
    return message.id or 0


def reload(engine: Engine, message_id: int) -> Notification:
    with Session(engine) as fresh:
        message = fresh.get(Notification, message_id)
        assert message is not None
        return message


def near(actual: datetime | None, expected: datetime, slack: float = 5) -> bool:
    return actual is not None and abs((actual - expected).total_seconds()) < slack


def test_a_due_message_is_delivered_once(
    mail_settings: Callable[..., Settings], engine: Engine, session: Session, editor: User
) -> None:
    recorder = Recorder()
    settings = mail_settings(recorder)
    message_id = queue(session, editor)
    later_id = queue(session, editor, subject="Belum waktunya")
    later = session.get(Notification, later_id)
    assert later is not None
    later.next_attempt_at = utcnow() + timedelta(hours=1)
    session.add(later)
    session.commit()

    assert deliver(engine, settings) == 1
    assert deliver(engine, settings) == 0

    [received] = recorder.received
    mail = received.message
    assert received.rcpt_tos == ["editor@bitung.go.id"]
    assert received.mail_from == "notifikasi@pameran.example.go.id"
    assert mail["To"] == "editor@bitung.go.id"
    assert parseaddr(str(mail["From"]))[1] == "notifikasi@pameran.example.go.id"
    assert mail["Subject"] == SUBJECT
    assert mail.get_content_type() == "text/plain" and mail.get_content_charset() == "utf-8"
    assert mail.get_content().splitlines() == BODY.splitlines()
    assert mail["Message-ID"].startswith(f"<notification.{message_id}.")
    assert mail["Auto-Submitted"] == "auto-generated"

    sent = reload(engine, message_id)
    assert sent.sent_at is not None and sent.attempts == 0 and sent.last_error is None
    assert reload(engine, later_id).sent_at is None
    # Still readable in the app, unchanged.
    assert visible_body(sent, editor) == BODY
    assert [m.id for m in notifications_for(session, editor)].count(message_id) == 1


def test_a_link_in_the_app_becomes_absolute_in_the_mail(
    mail_settings: Callable[..., Settings], engine: Engine, session: Session, editor: User
) -> None:
    recorder = Recorder()
    settings = mail_settings(recorder).model_copy(
        update={"base_url": "https://pameran.example.go.id/"}
    )
    message = notify(
        session, editor, kind="decision", subject=SUBJECT, body=BODY, link="/workspace"
    )
    session.commit()
    assert deliver(engine, settings) == 1
    [received] = recorder.received
    lines = received.message.get_content().splitlines()
    assert lines[-1] == "https://pameran.example.go.id/workspace"
    assert visible_body(reload(engine, message.id or 0), editor) == BODY  # the app keeps it apart


def test_a_claimed_message_cannot_be_claimed_again(
    mail_settings: Callable[..., Settings], engine: Engine, session: Session, editor: User
) -> None:
    queue(session, editor)
    now = utcnow()
    # Two processes that read the same due row: only the first UPDATE changes it.
    [seen_by_a] = delivery._due(engine, email_addresses, now, 10)
    [seen_by_b] = delivery._due(engine, email_addresses, now, 10)
    assert delivery._claim(engine, seen_by_a, now + delivery.LEASE)
    assert not delivery._claim(engine, seen_by_b, now + delivery.LEASE)
    # The lease hides it from passes until it ends.
    assert delivery._due(engine, email_addresses, now + timedelta(minutes=4), 10) == []
    assert len(delivery._due(engine, email_addresses, now + timedelta(minutes=6), 10)) == 1


def test_concurrent_passes_send_each_message_once(
    mail_settings: Callable[..., Settings], engine: Engine, session: Session, editor: User
) -> None:
    recorder = Recorder(delay=0.01)
    settings = mail_settings(recorder)
    subjects = sorted(f"Pesan {n:02}" for n in range(20))
    ids = [queue(session, editor, subject=subject) for subject in subjects]
    totals, errors = at_once(4, lambda: deliver(engine, settings))

    assert errors == []
    assert sum(totals) == 20
    assert recorder.subjects() == subjects
    assert all(reload(engine, i).sent_at is not None for i in ids)


def test_a_temporary_refusal_is_retried_after_a_backoff(
    mail_settings: Callable[..., Settings], engine: Engine, session: Session, editor: User
) -> None:
    recorder = FailingOnce()
    settings = mail_settings(recorder)
    message_id = queue(session, editor)
    now = utcnow()

    assert deliver(engine, settings, now=now) == 0
    failed = reload(engine, message_id)
    assert failed.sent_at is None and failed.attempts == 1
    assert failed.last_error is not None and failed.last_error.startswith("451 ")
    assert near(failed.next_attempt_at, now + timedelta(minutes=1))

    assert deliver(engine, settings, now=now + timedelta(seconds=30)) == 0
    assert recorder.rcpt_attempts == ["editor@bitung.go.id"]  # not tried before its time

    assert deliver(engine, settings, now=now + timedelta(minutes=2)) == 1
    sent = reload(engine, message_id)
    assert sent.sent_at is not None and sent.attempts == 1
    assert recorder.subjects() == [SUBJECT]


def test_a_permanent_refusal_stops_and_the_message_stays_in_the_app(
    mail_settings: Callable[..., Settings], engine: Engine, session: Session, editor: User
) -> None:
    gone = make_user(session, "hilang@bitung.go.id", "region-editor", regions=("71.72",))
    recorder = Refusing("hilang@bitung.go.id")
    settings = mail_settings(recorder)
    refused_id = queue(session, gone)
    delivered_id = queue(session, editor, subject="Untuk editor")
    now = utcnow()

    # The refusal costs that message only: the next one goes out on the same pass.
    assert deliver(engine, settings, now=now) == 1
    assert recorder.subjects() == ["Untuk editor"]
    assert reload(engine, delivered_id).sent_at is not None

    refused = reload(engine, refused_id)
    assert refused.sent_at is None and refused.attempts == 1
    assert refused.next_attempt_at is None
    assert refused.last_error == "refused for good: 550 5.1.1 Mailbox unavailable"
    assert deliver(engine, settings, now=now + timedelta(days=365)) == 0
    assert recorder.rcpt_attempts.count("hilang@bitung.go.id") == 1

    assert visible_body(refused, gone) == BODY
    assert [m.id for m in notifications_for(session, gone)] == [refused_id]


def test_an_unreachable_server_backs_off_then_gives_up(
    settings: Settings, engine: Engine, session: Session, editor: User
) -> None:
    settings = settings.model_copy(update={"smtp_url": f"smtp://127.0.0.1:{free_port()}"})
    first = queue(session, editor)
    second = queue(session, editor)
    now = utcnow()

    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert deliver(engine, settings, now=now) == 0
        message = reload(engine, first)
        assert message.attempts == attempt
        assert message.last_error is not None and "ConnectionRefusedError" in message.last_error
        if attempt == 1:
            # A dead server ends the pass: the next message keeps its attempts.
            assert reload(engine, second).attempts == 0
            session.delete(session.get(Notification, second))
            session.commit()
        if attempt < MAX_ATTEMPTS:
            assert near(message.next_attempt_at, now + retry_delay(attempt))
            now = message.next_attempt_at or now
    assert message.next_attempt_at is None and message.sent_at is None
    assert message.last_error is not None
    assert message.last_error.startswith(f"gave up after {MAX_ATTEMPTS} attempts: ")


def test_retries_double_up_to_six_hours() -> None:
    minutes = [retry_delay(n) / timedelta(minutes=1) for n in range(1, MAX_ATTEMPTS + 1)]
    assert minutes == [1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360, 360]
    assert retry_delay(1000) == timedelta(hours=6)


def test_smtp_urls() -> None:
    server = SmtpServer.from_url("smtp://pameran%40daerah.go.id:kata%20sandi%2F1@mail.go.id:587")
    assert server == SmtpServer("mail.go.id", 587, "pameran@daerah.go.id", "kata sandi/1", False)
    assert SmtpServer.from_url("smtps://mail.go.id").port == 465
    assert SmtpServer.from_url("smtp://mail.go.id").username is None
    with pytest.raises(ValueError, match="smtp://"):
        SmtpServer.from_url("http://mail.go.id")


def test_the_default_sender_is_on_the_sites_host() -> None:
    assert Settings(base_url="https://pameran.example.go.id").mail_from == (
        "pameran@pameran.example.go.id"
    )
    assert Settings(base_url="http://127.0.0.1:8000").mail_from == "pameran@[127.0.0.1]"
    assert Settings(smtp_from="Pameran <p@x.go.id>").mail_from == "Pameran <p@x.go.id>"


@pytest.fixture
def certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A self-signed certificate for 127.0.0.1 that this process trusts; the server's context."""
    require(shutil.which("openssl"), "openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # read by ssl.create_default_context()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def accept_login(expected: LoginPassword) -> Callable[..., Any]:
    def authenticate(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: object
    ) -> AuthResult:
        return AuthResult(success=auth_data == expected, auth_data=auth_data)

    return authenticate


@pytest.mark.parametrize("mode", ["starttls", "smtps", "plain on loopback"])
def test_logs_in_with_the_urls_credentials(
    mode: str,
    mail_settings: Callable[..., Settings],
    certificate: ssl.SSLContext,
    engine: Engine,
    session: Session,
    editor: User,
) -> None:
    recorder = Recorder()
    authenticator = accept_login(LoginPassword(b"pameran@daerah.go.id", b"kata sandi/1"))
    options: dict[str, Any] = {"authenticator": authenticator, "auth_required": True}
    if mode == "starttls":
        options.update(tls_context=certificate, require_starttls=True)
    elif mode == "smtps":
        # aiosmtpd does not count implicit TLS as TLS: it offers AUTH only when told to.
        options.update(ssl_context=certificate, auth_required=False, auth_require_tls=False)
    else:
        options.update(auth_required=False, auth_require_tls=False)
    settings = mail_settings(
        recorder,
        scheme="smtps" if mode == "smtps" else "smtp",
        auth="pameran%40daerah.go.id:kata%20sandi%2F1@",
        **options,
    )
    queue(session, editor)

    assert deliver(engine, settings) == 1
    [received] = recorder.received
    assert received.login == b"pameran@daerah.go.id"
    assert received.tls == (mode == "starttls")  # aiosmtpd marks STARTTLS sessions only


def test_worker_once_sends_what_is_queued(
    mail_settings: Callable[..., Settings], session: Session, editor: User, tmp_path: Path
) -> None:
    recorder = Recorder()
    settings = mail_settings(recorder)
    queue(session, editor)
    env = {
        "PAMERAN_DATABASE_URL": settings.database_url,
        "PAMERAN_STORAGE_URL": f"file://{tmp_path / 'cli-media'}",
        "PAMERAN_SECRET_KEY": "k",
        "PAMERAN_SMTP_URL": settings.smtp_url or "",
        "PAMERAN_SMTP_FROM": "",
        "PAMERAN_BASE_URL": "https://pameran.example.go.id",
    }
    result = pameran("worker", "--once", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "sent 1 notification(s)" in result.stdout
    [received] = recorder.received
    assert received.mail_from == "pameran@pameran.example.go.id"
    assert received.message["Subject"] == SUBJECT

    again = pameran("worker", "--once", cwd=tmp_path, env=env)
    assert "sent 0 notification(s)" in again.stdout and len(recorder.received) == 1


@pytest.mark.parametrize(
    ("url", "complaint"),
    [("", "PAMERAN_SMTP_URL is not set"), ("mail.go.id:25", "must look like smtp://")],
)
def test_the_worker_needs_an_smtp_url(
    settings: Settings, tmp_path: Path, url: str, complaint: str
) -> None:
    env = {"PAMERAN_DATABASE_URL": settings.database_url, "PAMERAN_SMTP_URL": url}
    result = pameran("worker", "--once", cwd=tmp_path, env=env)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and complaint in result.stderr


def test_serve_delivers_in_the_background_when_smtp_is_set(
    mail_settings: Callable[..., Settings],
    session: Session,
    editor: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app import chores, main

    monkeypatch.setattr(chores, "DELIVER_EVERY_SECONDS", 0.05)
    recorder = Recorder()
    settings = mail_settings(recorder)
    queue(session, editor)
    with TestClient(main.create_app(settings)):
        deadline = time.monotonic() + 10
        while not recorder.received and time.monotonic() < deadline:
            time.sleep(0.05)
    assert recorder.subjects() == [SUBJECT]


def test_a_certificate_that_does_not_verify_stops_the_pass(
    mail_settings: Callable[..., Settings],
    certificate: ssl.SSLContext,
    engine: Engine,
    session: Session,
    editor: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE")  # the self-signed certificate is no longer trusted
    recorder = Recorder()
    settings = mail_settings(recorder, tls_context=certificate)
    message_id = queue(session, editor)

    assert deliver(engine, settings) == 0
    assert recorder.received == []  # no falling back to plain text
    failed = reload(engine, message_id)
    assert failed.attempts == 1 and "CERTIFICATE_VERIFY_FAILED" in (failed.last_error or "")
    assert failed.next_attempt_at is not None  # a configuration to fix: retried later


def test_no_password_in_clear_to_a_remote_server(
    mail_settings: Callable[..., Settings],
    engine: Engine,
    session: Session,
    editor: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(delivery, "_is_loopback", lambda host: False)  # as if it were remote
    recorder = Recorder()
    authenticator = accept_login(LoginPassword(b"u", b"p"))
    settings = mail_settings(
        recorder, auth="u:p@", authenticator=authenticator, auth_require_tls=False
    )
    message_id = queue(session, editor)

    assert deliver(engine, settings) == 0
    assert recorder.received == []
    assert "not sending the password in clear" in (reload(engine, message_id).last_error or "")
