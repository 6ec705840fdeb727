"""Running the exhibition: `migrate`, `bootstrap` (what `make run` does first), `serve`,
and the `worker` that delivers mail without serving."""

import errno
import signal
import socket
import threading
import time
from types import SimpleNamespace
from typing import Annotated

import typer

from app.accounts.passwords import generate_password
from app.accounts.service import create_user, has_organizer
from app.booths.service import booth_for_region
from app.chores import background_chores, sweep_once
from app.commands.errors import fail
from app.commands.exhibits import import_bundles
from app.commands.session import unit_of_work
from app.core.chores import Chore, run_due
from app.core.config import Settings
from app.core.db import make_engine
from app.core.paths import EXHIBITS_DIR
from app.exhibits.service import has_booths
from app.notifications.delivery import SmtpServer
from app.reference_data import migrate as migrate_database
from app.storage import storage_from_url


def migrate() -> None:
    """Upgrade the database to the newest migration."""
    settings = Settings()
    engine = make_engine(settings.database_url)
    newer = migrate_database(engine)
    engine.dispose()
    storage_from_url(settings.storage_url).prepare()
    if newer:
        typer.echo(f"database is at {newer}, a newer release's migration: left as it is")
    else:
        typer.echo("database is at the newest migration")


def check_port_free(host: str, port: int) -> None:
    """Fail with a hint when another program already listens on host:port."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        # As uvicorn binds: SO_REUSEADDR lets a port in TIME_WAIT count as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                fail(f"cannot listen on {host}:{port}: {error.strerror}")
            fail(
                f"port {port} is in use; try make run PORT={port + 1}"
                f" (or pameran serve --port {port + 1})"
            )


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[int, typer.Option(min=1)] = 1,
) -> None:
    """Migrate, sweep what a crashed server left, then serve the exhibition."""
    import uvicorn

    check_port_free(host, port)  # before migrating: a taken port is the commonest failure
    migrate()
    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        swept = sweep_once(engine, settings, storage_from_url(settings.storage_url))
    finally:
        engine.dispose()
    if swept:
        typer.echo(f"removed {swept} expired upload(s) and leftover temporary file(s)")
    uvicorn.run(
        "app.asgi:app",
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


def worker(
    once: Annotated[bool, typer.Option(help="One pass, then print how many were sent.")] = False,
    interval: Annotated[float, typer.Option(min=1, help="Seconds between passes.")] = 10.0,
) -> None:
    """Deliver the notification outbox without serving (any number may run at once)."""
    settings = Settings()
    if not settings.smtp_url:
        fail("PAMERAN_SMTP_URL is not set: notifications stay readable in the app only")
    try:
        SmtpServer.from_url(settings.smtp_url)
    except ValueError as error:
        fail(str(error))
    engine = make_engine(settings.database_url)
    state = SimpleNamespace(
        engine=engine, settings=settings, storage=storage_from_url(settings.storage_url)
    )
    chores, due_at = background_chores(state), dict[str, float]()
    try:
        if once:
            typer.echo(f"sent {_worker_pass(chores, due_at)} notification(s) by e-mail")
            return
        stop = _stop_on_signals()
        while not stop.is_set():
            try:
                sent = _worker_pass(chores, due_at)
            except Exception as error:  # noqa: BLE001  (a database blip must not end the worker)
                typer.echo(f"error: {type(error).__name__}: {error}".splitlines()[0], err=True)
            else:
                if sent:
                    typer.echo(f"sent {sent} notification(s) by e-mail")
            stop.wait(interval)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    finally:
        engine.dispose()


def _worker_pass(chores: list[Chore], due_at: dict[str, float]) -> int:
    """One round of the chores `serve` runs too, those that are due; how many mails went."""
    sent = run_due(chores, due_at, time.monotonic()).get("deliver", 0)
    return sent if isinstance(sent, int) else 0


def _stop_on_signals() -> threading.Event:
    """SIGINT or SIGTERM: finish the pass under way, then stop; a second one stops at once."""
    stop = threading.Event()

    def handle(_signum: int, _frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)
    return stop


def bootstrap() -> None:
    """What `make run` does before serving: migrate, sample exhibition, first organizer."""
    settings = Settings()
    migrate()
    with unit_of_work(settings) as session:
        if not has_booths(session):
            typer.echo(f"importing the sample exhibition from {EXHIBITS_DIR}")
            import_bundles(settings, session, EXHIBITS_DIR)
        if not has_organizer(session):
            password = generate_password()
            user = create_user(
                session,
                email="organizer@pameran.local",
                role="organizer",
                password=password,
                on_region_bound=booth_for_region,
            )
            typer.echo(f"first organizer: {user.email}  password: {password}  (shown once)")
