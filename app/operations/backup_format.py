"""The backup archive's format, shared by `backup.py` (create) and `restore.py`.

The members, in this order:

    manifest.json               format, Alembic revision, created_at, tables with row counts
    tables/NNN-<table>.jsonl    one JSON object per row; tables parents first
    media/<sha256>.<ext>        every blob a `media_file` row names

Here: which tables are copied and how their rows are scrubbed, their order, their
values as JSON and back, the manifest's names, and reading the members in turn.
"""

import base64
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as time_of_day
from decimal import Decimal
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import IO, Any

from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    ForeignKeyConstraint,
    MetaData,
    Table,
)
from sqlalchemy import types as sqltypes
from sqlalchemy.schema import sort_tables_and_constraints

from app.core.errors import OperationError
from app.core.migrate import FTS_PREFIX, alembic_config

FORMAT = "pameran-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_LIMIT = 16 * 1024 * 1024
# Derived or transient, so not copied: the search index is rebuilt from the live
# revisions, and a resumable upload's bytes wait in var/uploads, outside the archive.
# Nor live credentials: sessions, password-reset links (the mailed link would work
# again after a restore) and the visitor salt (with it, the day's anonymous hashes
# could be traced back to addresses).
NOT_COPIED = frozenset(
    {"booth_search_document", "media_upload", "user_session", "password_reset", "daily_salt"}
)
REDACTED = "[Dihapus dari cadangan / removed from the backup]"


def _expire_invitation(row: dict[str, Any]) -> dict[str, Any]:
    """An invitation not yet accepted is expired in the archive: its link opens nothing."""
    if row.get("accepted_at") is None:
        return {**row, "expires_at": row["created_at"]}
    return row


def _blank_secret(row: dict[str, Any]) -> dict[str, Any]:
    """A message carrying a link (invitation, reset) keeps no link and is never sent."""
    if row.get("carries_secret"):
        return {**row, "body": REDACTED, "link": None, "next_attempt_at": None}
    return row


# Tables copied, but with each row changed on its way into the archive.
SCRUBBED: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "invitation": _expire_invitation,
    "notification": _blank_secret,
}
# The tables whose rows make an installation non-empty (with any blob).
CONTENT_TABLES = ("booth", "user")
BATCH = 500
CHUNK = 1024 * 1024


class BackupError(OperationError):
    """A backup or restore that cannot go on."""


@dataclass(frozen=True)
class TableCount:
    name: str
    rows: int


@dataclass
class BackupSummary:
    revision: str
    tables: list[TableCount] = field(default_factory=list)
    blobs: int = 0
    blob_bytes: int = 0
    missing_blobs: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


@dataclass
class RestoreSummary(BackupSummary):
    created_at: str = ""
    head: str = ""
    indexed_booths: int = 0


def is_data_table(name: str) -> bool:
    return name != "alembic_version" and not name.startswith(FTS_PREFIX)


def reflect(connection: Connection) -> MetaData:
    """The database's own tables at its own revision (not the models': those are head)."""
    metadata = MetaData()
    metadata.reflect(bind=connection, only=lambda name, _metadata: is_data_table(name))
    return metadata


def _cycle_keys(tables: list[Table]) -> set[ForeignKeyConstraint]:
    """Nullable foreign keys that close a cycle: loaded as NULL, set once all rows exist."""
    refers = {t.name: {fk.referred_table.name for fk in t.foreign_key_constraints} for t in tables}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            name = todo.pop()
            if name == goal:
                return True
            if name not in seen:
                seen.add(name)
                todo.extend(refers.get(name, ()))
        return False

    return {
        fk
        for t in tables
        for fk in t.foreign_key_constraints
        if reaches(fk.referred_table.name, t.name) and all(c.nullable for c in fk.columns)
    }


def load_order(metadata: MetaData) -> tuple[list[Table], set[ForeignKeyConstraint]]:
    """Tables parents first, and the keys that wait until every row is in."""
    tables = sorted(metadata.tables.values(), key=lambda t: t.name)
    deferred = _cycle_keys(tables)
    ordered, leftover = [], []
    pairs = sort_tables_and_constraints(tables, filter_fn=lambda fk: fk in deferred)
    for table, constraints in pairs:
        if table is not None:
            ordered.append(table)
        else:
            leftover = [fk for fk in constraints if fk not in deferred]
    if leftover:
        names = ", ".join(sorted(fk.parent.name for fk in leftover))
        raise BackupError(
            "tabel tidak dapat diurutkan: kunci asing wajib membentuk siklus ({names})",
            names=names,
        )
    return ordered, deferred


def json_value(value: Any) -> Any:
    """What json.dumps cannot write itself; datetimes become UTC ISO strings."""
    if isinstance(value, datetime):
        # SQLite keeps UTC without an offset (the app stores aware UTC times).
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date | time_of_day):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def from_json(column_type: sqltypes.TypeEngine[Any]) -> Callable[[Any], Any] | None:
    """How a JSON value becomes the column's Python value (None: as it is)."""
    if isinstance(column_type, sqltypes.JSON):
        return None
    if isinstance(column_type, sqltypes.DateTime):
        aware = bool(column_type.timezone)

        def moment(value: str) -> datetime:
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            parsed = parsed.astimezone(UTC)
            # A column without a time zone (SQLite's, always) keeps UTC without one.
            return parsed if aware else parsed.replace(tzinfo=None)

        return moment
    if isinstance(column_type, sqltypes.Date):
        return date.fromisoformat
    if isinstance(column_type, sqltypes.Time):
        return time_of_day.fromisoformat
    if isinstance(column_type, sqltypes.LargeBinary):
        return base64.b64decode
    if isinstance(column_type, sqltypes.Numeric) and not isinstance(column_type, sqltypes.Float):
        return Decimal
    return None


def member_name(position: int, table: str) -> str:
    return f"tables/{position:03d}-{table}.jsonl"


def alembic_script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def known_revisions(script: ScriptDirectory) -> set[str]:
    return {r.revision for r in script.walk_revisions()}


def pameran_version() -> str:
    try:
        return package_version("pameran")
    except PackageNotFoundError:
        return "unknown"


class ArchiveReader:
    """The archive's members one after the other (a stream: gzip or plain)."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar

    def next(self) -> tarfile.TarInfo | None:
        member = self.tar.next()
        if member is not None and not member.isfile():
            raise BackupError("anggota tak terduga '{member}' di dalam arsip", member=member.name)
        return member

    def open(self, member: tarfile.TarInfo) -> IO[bytes]:
        stream = self.tar.extractfile(member)
        assert stream is not None  # a regular file, checked in next()  # noqa: S101
        return stream
