"""`pameran exhibits`: exhibit bundles."""

from pathlib import Path

import typer
from sqlmodel import Session

from app.commands.session import unit_of_work
from app.core.config import Settings
from app.exhibits.service import import_all
from app.storage import storage_from_url

exhibits_cli = typer.Typer(help="Exhibit bundles.", no_args_is_help=True)


def import_bundles(settings: Settings, session: Session, path: Path) -> None:
    """Import and publish every bundle below `path`, printing one line per bundle."""
    storage = storage_from_url(settings.storage_url)
    for result in import_all(session, storage, settings, path):
        typer.echo(f"{result.outcome:9} {result.slug}")


@exhibits_cli.command("import")
def import_exhibits(path: Path) -> None:
    """Import every exhibit bundle below PATH and publish it at once."""
    settings = Settings()
    with unit_of_work(settings) as session:
        import_bundles(settings, session, path)
