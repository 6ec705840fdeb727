"""How a command fails: one line on stderr, in the user's language, and exit 1."""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer

from app.core.errors import DomainError
from app.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate

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
