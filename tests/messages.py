"""What people read: a domain error's message as the CLI or a page shows it."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from app.core.errors import DomainError
from app.core.i18n import translate


def in_english(error: DomainError) -> str:
    """The error's message in English, its placeholders filled."""
    return translate("en", error.message, **error.params)


@contextmanager
def raises_in_english(kind: type[DomainError], pattern: str) -> Iterator[None]:
    """Like `pytest.raises(kind, match=pattern)`, matching the message people read in English."""
    with pytest.raises(kind) as raised:
        yield
    assert re.search(pattern, in_english(raised.value)), in_english(raised.value)
