"""Numbers from outside (paths, forms, headers, JSON): ASCII digits, within the database's range."""

import re
from typing import Annotated

from fastapi import Path

# Row ids are 32-bit in PostgreSQL (SERIAL): a larger number names no row, and passing
# it on makes the driver fail (SQLite: OverflowError past 2**63; PostgreSQL: out of range).
MAX_ROW_ID = 2**31 - 1
# Every integer the app stores is a 64-bit one at most.
MAX_INT = 2**63 - 1

# A row id in a URL path: anything else is a 422 before any handler runs.
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]

# `str.isdigit()` also accepts "²" and "٣", which int() then refuses or reads.
_ASCII_INT = re.compile(r"-?[0-9]{1,18}")


def ascii_int(text: str) -> int | None:
    """The integer `text` spells in ASCII digits (optionally signed), else None."""
    text = text.strip()
    return int(text) if _ASCII_INT.fullmatch(text) else None
