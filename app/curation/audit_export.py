"""The audit log as CSV: streamed in batches, safe to open in a spreadsheet."""

import csv
import io
import json
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlmodel import Session

from app.curation.audit_log import AuditFilters, AuditRow, audit_events

COLUMNS = ("at", "actor", "action", "booth", "region", "details")
BATCH = 500
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str | None) -> str:
    """The value as text; a would-be formula is prefixed with ' so it stays text."""
    text = value or ""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(row: AuditRow) -> list[str]:
    details = json.dumps(row.event.data, ensure_ascii=False, sort_keys=True, default=str)
    return [
        row.event.at.isoformat(),
        *map(safe_cell, (row.actor_email, row.event.action, row.booth_slug, row.region_name)),
        safe_cell(details),
    ]


def csv_chunks(engine: Engine, filters: AuditFilters) -> Iterator[str]:
    """The header, then the matching events newest first, a batch of lines at a time.

    Runs while the response is sent, after the request's session has closed, so it
    reads in a session of its own.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    with Session(engine) as session:
        for n, row in enumerate(audit_events(session, filters), start=1):
            writer.writerow(csv_row(row))
            if n % BATCH == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()
