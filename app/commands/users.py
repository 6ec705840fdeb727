"""`pameran users`: accounts."""

import sys
from typing import Annotated

import typer

from app.accounts.passwords import generate_password
from app.accounts.service import create_user
from app.booths.service import booth_for_region
from app.commands.session import unit_of_work
from app.core.config import Settings

users_cli = typer.Typer(help="Accounts.", no_args_is_help=True)


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
