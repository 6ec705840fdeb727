"""`pameran exhibition`: exhibition-wide settings."""

from typing import Annotated

import typer

from app.commands.errors import fail
from app.commands.session import unit_of_work
from app.core.config import Settings
from app.curation.service import parse_moment, set_times
from app.exhibition.service import get_exhibition

exhibition_cli = typer.Typer(help="Exhibition-wide settings.", no_args_is_help=True)


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
