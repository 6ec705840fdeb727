"""`pameran storage`: the media storage."""

from datetime import timedelta
from typing import Annotated

import typer
from sqlmodel import Session

from app.commands.errors import fail
from app.core.config import Settings
from app.core.db import make_engine
from app.media.leftovers import find_leftovers, remove_leftovers
from app.operations import storage_check
from app.storage import storage_from_url

storage_cli = typer.Typer(help="The media storage.", no_args_is_help=True)


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
    settings = Settings()
    storage = storage_from_url(settings.storage_url)
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            report = storage_check.check_storage(session, storage)
            _print_report(report)
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
                swept = storage_check.delete_orphans(session, storage, report, grace=grace)
                _print_sweep(swept, grace_minutes)
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


def _print_report(report: storage_check.StorageReport) -> None:
    """One line per orphan blob, missing blob and revision media without files."""
    for blob in report.orphans:
        moment = blob.modified_at
        written = moment.isoformat(timespec="seconds") if moment else "unknown"
        typer.echo(f"orphan blob {blob.key}  {blob.size} bytes, written {written}")
    for use in report.missing:
        typer.echo(
            f"missing blob {use.key}  media {use.media_id}, booth {use.booth_slug}, {use.role}"
        )
    for lost in report.lost_revision_media:
        typer.echo(
            f"revision media without files: media {lost.media_id}, "
            f"booth {lost.booth_slug}, revision {lost.revision_number}"
        )


def _print_sweep(swept: storage_check.SweepResult, grace_minutes: float) -> None:
    """What `--delete-orphans` did with each orphan blob."""
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
