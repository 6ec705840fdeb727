"""`pameran export`: exports of the live exhibition."""

from pathlib import Path

import typer

from app.commands.errors import reporting_errors
from app.commands.session import unit_of_work
from app.core.config import Settings
from app.storage import storage_from_url

export_cli = typer.Typer(help="Exports of the live exhibition.", no_args_is_help=True)


@export_cli.command("static")
def export_static_site(directory: Path) -> None:
    """The live exhibition as static HTML + media, browsable from disk or any web server."""
    # Here, not at the top: the export loads the site's pages and templates, which
    # every other command would pay for at start (about 0.1 s).
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
