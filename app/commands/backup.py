"""`pameran backup`: backups of the database and the media."""

from pathlib import Path
from typing import Annotated

import typer

from app.commands.errors import reporting_errors
from app.core.config import Settings
from app.core.db import make_engine
from app.storage import storage_from_url

backup_cli = typer.Typer(help="Backups of the database and the media.", no_args_is_help=True)


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
