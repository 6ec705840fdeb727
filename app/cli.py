"""The `pameran` command: the Typer app that registers the commands of app/commands/."""

import sys

import typer

from app.commands import backup, exhibition, exhibits, export, server, storage, tokens, users

cli = typer.Typer(
    help="Pameran: the Smart City Movement's virtual exhibition.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# `pameran --help` lists the commands, then the groups, each in the order given here.
cli.command()(server.migrate)
cli.command()(server.serve)
cli.command()(server.worker)
cli.command()(server.bootstrap)
cli.add_typer(exhibits.exhibits_cli, name="exhibits")
cli.add_typer(users.users_cli, name="users")
cli.add_typer(tokens.tokens_cli, name="tokens")
cli.add_typer(exhibition.exhibition_cli, name="exhibition")
cli.add_typer(export.export_cli, name="export")
cli.add_typer(storage.storage_cli, name="storage")
cli.add_typer(backup.backup_cli, name="backup")


def main() -> None:
    """Entry point: unexpected errors too end in one line on stderr and a non-zero exit."""
    try:
        cli()
    except Exception as error:  # noqa: BLE001  (the contract: one line, not a traceback)
        typer.echo(f"error: {type(error).__name__}: {error}".splitlines()[0], err=True)
        sys.exit(1)
