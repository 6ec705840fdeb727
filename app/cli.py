"""The `pameran` command: thin wrappers around the services."""

import errno
import os
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, NoReturn

import typer
from sqlmodel import Session, select

from app.accounts.models import User
from app.accounts.passwords import generate_password
from app.accounts.service import create_user, has_organizer
from app.accounts.tokens import create_token
from app.booths.service import booth_for_region
from app.chores import background_chores, sweep_once
from app.core.chores import Chore, run_due
from app.core.config import Settings
from app.core.db import make_engine
from app.core.errors import DomainError
from app.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from app.core.paths import EXHIBITS_DIR
from app.curation.service import parse_moment, set_times
from app.exhibition.service import get_exhibition
from app.exhibits.service import has_booths, import_all
from app.notifications.delivery import SmtpServer
from app.reference_data import migrate as migrate_database
from app.storage import storage_from_url

cli = typer.Typer(
    help="Pameran: the Smart City Movement's virtual exhibition.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
exhibits_cli = typer.Typer(help="Exhibit bundles.", no_args_is_help=True)
users_cli = typer.Typer(help="Accounts.", no_args_is_help=True)
tokens_cli = typer.Typer(help="API tokens.", no_args_is_help=True)
exhibition_cli = typer.Typer(help="Exhibition-wide settings.", no_args_is_help=True)
cli.add_typer(exhibits_cli, name="exhibits")
cli.add_typer(users_cli, name="users")
cli.add_typer(tokens_cli, name="tokens")
cli.add_typer(exhibition_cli, name="exhibition")


# POSIX order: LC_ALL overrides LC_MESSAGES, which overrides LANG.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def cli_language() -> str:
    """The language of the command's error messages (docs/cli.md): the first locale
    variable that is set, when it names Indonesian or English; else Indonesian."""
    for name in LOCALE_VARIABLES:
        if value := os.environ.get(name):
            lang = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
            return lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@contextmanager
def reporting_errors() -> Iterator[None]:
    """Domain and operation errors become one line in the user's language and exit 1."""
    try:
        yield
    except DomainError as error:
        fail(translate(cli_language(), error.message, **error.params))


@contextmanager
def unit_of_work(settings: Settings) -> Iterator[Session]:
    """A session committed on success and rolled back on any error (reported in one line)."""
    engine = make_engine(settings.database_url)
    try:
        with reporting_errors(), Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        engine.dispose()


@cli.command()
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


@cli.command()
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


@cli.command()
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


def _import(settings: Settings, session: Session, path: Path) -> None:
    storage = storage_from_url(settings.storage_url)
    for result in import_all(session, storage, settings, path):
        typer.echo(f"{result.outcome:9} {result.slug}")


@exhibits_cli.command("import")
def import_exhibits(path: Path) -> None:
    """Import every exhibit bundle below PATH and publish it at once."""
    settings = Settings()
    with unit_of_work(settings) as session:
        _import(settings, session, path)


@users_cli.command("add")
def add_user(
    email: str,
    role: Annotated[str, typer.Option(help="organizer, moderator or region-editor")],
    region: Annotated[list[str] | None, typer.Option(help="Kemendagri code")] = None,
    hall: Annotated[list[str] | None, typer.Option(help="hall slug (moderators)")] = None,
    password_stdin: bool = False,
) -> None:
    """Create an account; prints the generated password unless one is piped in."""
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else generate_password()
    with unit_of_work(Settings()) as session:
        user = create_user(
            session,
            email=email,
            role=role,
            password=password,
            region_codes=region or [],
            hall_slugs=hall or [],
            on_region_bound=booth_for_region,
        )
    typer.echo(f"created {user.role} {user.email}")
    if not password_stdin:
        typer.echo(f"password: {password}")


@tokens_cli.command("add")
def add_token(email: str, name: str = "") -> None:
    """Create an API token; the token alone is the last line of the output."""
    with unit_of_work(Settings()) as session:
        user = session.exec(select(User).where(User.email == email.strip().lower())).first()
        if user is None:
            fail(f"no user {email}")
        _token, plain = create_token(session, user, name)
    typer.echo(f"created an API token for {email}")
    typer.echo(plain)


@exhibition_cli.command("set")
def set_exhibition(
    opening_at: Annotated[
        str | None, typer.Option(help="ISO time with offset; an empty value clears it.")
    ] = None,
    freeze_at: Annotated[
        str | None, typer.Option(help="ISO time with offset; an empty value clears it.")
    ] = None,
) -> None:
    """Set or clear the opening time (embargo) and the freeze time."""
    if opening_at is None and freeze_at is None:
        fail("give --opening-at and/or --freeze-at (an empty value clears it)")
    with unit_of_work(Settings()) as session:
        current = get_exhibition(session)
        exhibition = set_times(
            session,
            opening_at=current.opening_at if opening_at is None else parse_moment(opening_at),
            freeze_at=current.freeze_at if freeze_at is None else parse_moment(freeze_at),
            actor_id=None,
        )
        for name, moment in (("opening", exhibition.opening_at), ("freeze", exhibition.freeze_at)):
            typer.echo(f"{name}: {moment.isoformat() if moment else 'unset'}")


@cli.command()
def bootstrap() -> None:
    """What `make run` does before serving: migrate, sample exhibition, first organizer."""
    settings = Settings()
    migrate()
    with unit_of_work(settings) as session:
        if not has_booths(session):
            typer.echo(f"importing the sample exhibition from {EXHIBITS_DIR}")
            _import(settings, session, EXHIBITS_DIR)
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


export_cli = typer.Typer(help="Exports of the live exhibition.", no_args_is_help=True)
cli.add_typer(export_cli, name="export")


@export_cli.command("static")
def export_static_site(directory: Path) -> None:
    """The live exhibition as static HTML + media, browsable from disk or any web server."""
    from app.operations.static_export import check_target, export_static

    settings = Settings()
    with reporting_errors():
        check_target(directory)  # before touching the database
    with unit_of_work(settings) as session:
        summary = export_static(
            session, storage_from_url(settings.storage_url), settings, directory
        )
    typer.echo(f"pages:        {summary.pages} (lobby, about, halls, booths; id and en)")
    typer.echo(f"static files: {summary.static_files} (CSS, JS, icons, fonts, booth themes)")
    typer.echo(f"media files:  {summary.media_files} ({summary.media_bytes:,} bytes)")
    typer.echo(f"total:        {summary.total_bytes:,} bytes in {directory}")
    for url in summary.server_links:
        typer.echo(f"links to the server (not exportable): {url}")


storage_cli = typer.Typer(help="The media storage.", no_args_is_help=True)
cli.add_typer(storage_cli, name="storage")


@storage_cli.command("check")
def check_storage_command(
    delete_orphans: Annotated[
        bool,
        typer.Option(
            help="Delete orphan blobs and leftover temporary files older than the grace period."
        ),
    ] = False,
    grace_minutes: Annotated[
        float, typer.Option(min=0, help="Blobs younger than this may belong to an upload.")
    ] = 60,
) -> None:
    """Report blobs without rows and rows without blobs (exit 1 when rows lack blobs)."""
    from datetime import timedelta

    from app.media.leftovers import find_leftovers, remove_leftovers
    from app.operations import storage_check

    settings = Settings()
    storage = storage_from_url(settings.storage_url)
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            report = storage_check.check_storage(session, storage)
            for blob in report.orphans:
                moment = blob.modified_at
                written = moment.isoformat(timespec="seconds") if moment else "unknown"
                typer.echo(f"orphan blob {blob.key}  {blob.size} bytes, written {written}")
            for use in report.missing:
                typer.echo(
                    f"missing blob {use.key}  media {use.media_id}, booth {use.booth_slug}, "
                    f"{use.role}"
                )
            for lost in report.lost_revision_media:
                typer.echo(
                    f"revision media without files: media {lost.media_id}, "
                    f"booth {lost.booth_slug}, revision {lost.revision_number}"
                )
            leftovers = find_leftovers(session, settings, storage)
            for leftover in leftovers:
                changed = leftover.modified_at.isoformat(timespec="seconds")
                typer.echo(
                    f"leftover temporary file {leftover.path}  {leftover.size} bytes, "
                    f"modified {changed}"
                )
            if delete_orphans:
                grace = timedelta(minutes=grace_minutes)
                for leftover in remove_leftovers(leftovers, grace=grace):
                    typer.echo(f"deleted leftover temporary file {leftover.path}")
                swept = storage_check.delete_orphans(
                    session, storage, report, grace=timedelta(minutes=grace_minutes)
                )
                if swept.refused:
                    typer.echo("deleted no orphan: revisions name media whose files are unknown")
                for blob in swept.deleted:
                    typer.echo(f"deleted orphan blob {blob.key}")
                for blob in swept.young:
                    typer.echo(
                        f"kept orphan blob {blob.key}: younger than {grace_minutes:g} minutes, "
                        "it may belong to an upload in progress"
                    )
                for blob in swept.in_use:
                    typer.echo(f"kept orphan blob {blob.key}: a row uses it by now")
    finally:
        engine.dispose()
    deleted = f" ({len(swept.deleted)} deleted)" if delete_orphans else ""
    typer.echo(
        f"{report.stored} blob(s) in the storage, {report.used} named by the database: "
        f"{len(report.orphans)} orphan(s){deleted}, {len(report.missing)} missing, "
        f"{len(leftovers)} leftover temporary file(s)"
    )
    if not report.healthy:
        lacking = len(report.missing) + len(report.lost_revision_media)
        fail(f"{lacking} row(s) lack their blobs (see the lines above)")


backup_cli = typer.Typer(help="Backups of the database and the media.", no_args_is_help=True)
cli.add_typer(backup_cli, name="backup")


@backup_cli.command("create")
def create_backup_command(
    file: Path,
    allow_missing_blobs: Annotated[
        bool, typer.Option(help="Write the archive even when blobs the rows name are missing.")
    ] = False,
) -> None:
    """A consistent backup of the database and the media, in one archive (.tar or .tar.gz)."""
    from app.operations.backup import create_backup

    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        with reporting_errors():
            summary = create_backup(
                engine,
                storage_from_url(settings.storage_url),
                file,
                allow_missing_blobs=allow_missing_blobs,
            )
    finally:
        engine.dispose()
    for table in summary.tables:
        typer.echo(f"table {table.name}: {table.rows} row(s)")
    for key in summary.missing_blobs:
        typer.echo(f"missing blob {key}: not in the archive")
    typer.echo(
        f"backed up {summary.rows} row(s) in {len(summary.tables)} tables "
        f"(database revision {summary.revision}) and {summary.blobs} blob(s) "
        f"({summary.blob_bytes:,} bytes) to {file} ({file.stat().st_size:,} bytes)"
    )


@backup_cli.command("restore")
def restore_backup_command(file: Path) -> None:
    """Restore an archive into an empty installation (no booth, no user, no blob)."""
    from app.operations.restore import restore_backup

    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        with reporting_errors():
            summary = restore_backup(engine, storage_from_url(settings.storage_url), file)
    finally:
        engine.dispose()
    for table in summary.tables:
        typer.echo(f"restored table {table.name}: {table.rows} row(s)")
    typer.echo(
        f"restored {summary.rows} row(s) in {len(summary.tables)} tables and "
        f"{summary.blobs} blob(s) ({summary.blob_bytes:,} bytes) from the backup of "
        f"{summary.created_at} (database revision {summary.revision})"
    )
    typer.echo(f"database is at revision {summary.head}, the newest")
    typer.echo(f"rebuilt the search index of {summary.indexed_booths} live booth(s)")


def main() -> None:
    """Entry point: unexpected errors too end in one line on stderr and a non-zero exit."""
    try:
        cli()
    except Exception as error:  # noqa: BLE001  (the contract: one line, not a traceback)
        typer.echo(f"error: {type(error).__name__}: {error}".splitlines()[0], err=True)
        sys.exit(1)
