"""`pameran tokens`: API tokens."""

import typer
from sqlmodel import select

from app.accounts.models import User
from app.accounts.tokens import create_token
from app.commands.errors import fail
from app.commands.session import unit_of_work
from app.core.config import Settings

tokens_cli = typer.Typer(help="API tokens.", no_args_is_help=True)


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
