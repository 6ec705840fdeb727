"""`pameran backup create|restore`: the database and its media in one tar archive.

A logical backup, so that an archive made on SQLite restores into PostgreSQL and the
other way round. The members, in this order:

    manifest.json               format, Alembic revision, created_at, tables with row counts
    tables/NNN-<table>.jsonl    one JSON object per row; tables parents first
    media/<sha256>.<ext>        every blob a `media_file` row names

Credentials stay out (see NOT_COPIED and SCRUBBED): sessions, reset links, the
day's visitor salt; invitations are expired and secret messages blanked, so a
restored or stolen archive opens no account. The archive is readable by its owner
only (0600).

The rows are read in one transaction (PostgreSQL: REPEATABLE READ, read only;
SQLite: one read transaction, a snapshot in WAL mode) and spooled to disk; the blobs
are copied after that: they are immutable and content-addressed, so every blob the
snapshot names still exists. Nothing is ever held whole in memory.

Restore brings an empty database to the archive's revision, loads the rows parents
first (a nullable key that closes a cycle, like `booth.live_revision_id`, is filled
in afterwards), resets PostgreSQL's sequences, writes the blobs through the storage
(checking each one's SHA-256), then upgrades to the newest revision, so later data
migrations run on the restored rows, and rebuilds the search index.
"""

import base64
import contextlib
import gzip
import hashlib
import io
import json
import mimetypes
import os
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as time_of_day
from decimal import Decimal
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import IO, Any, BinaryIO

import sqlmodel
from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    Table,
    and_,
    bindparam,
    inspect,
    select,
    text,
)
from sqlalchemy import types as sqltypes
from sqlalchemy.schema import sort_tables_and_constraints
from sqlmodel import Session, col

from app.booths import search
from app.booths.models import Booth, BoothRevision
from app.booths.schemas import BoothContent
from app.core.errors import OperationError
from app.core.migrate import FTS_PREFIX, alembic_config
from app.core.timeutil import utcnow
from app.reference_data import migrate
from app.storage import Storage
from app.storage.base import is_blob_key

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


# --- tables: which, in what order, and their values as JSON ----------------------


def _is_data_table(name: str) -> bool:
    return name != "alembic_version" and not name.startswith(FTS_PREFIX)


def _reflect(connection: Connection) -> MetaData:
    """The database's own tables at its own revision (not the models': those are head)."""
    metadata = MetaData()
    metadata.reflect(bind=connection, only=lambda name, _metadata: _is_data_table(name))
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


def _load_order(metadata: MetaData) -> tuple[list[Table], set[ForeignKeyConstraint]]:
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


def _json_value(value: Any) -> Any:
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


def _from_json(column_type: sqltypes.TypeEngine[Any]) -> Callable[[Any], Any] | None:
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


def _member_name(position: int, table: str) -> str:
    return f"tables/{position:03d}-{table}.jsonl"


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def _known_revisions(script: ScriptDirectory) -> set[str]:
    return {r.revision for r in script.walk_revisions()}


def _pameran_version() -> str:
    try:
        return package_version("pameran")
    except PackageNotFoundError:
        return "unknown"


# --- create ----------------------------------------------------------------------


class _HashingReader(io.RawIOBase):
    """Reads a stream through, hashing what passes (tarfile copies from it)."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.digest.update(chunk)
        return chunk


def _snapshot(engine: Engine, work: Path) -> tuple[str, list[dict[str, Any]], set[str]]:
    """Spool every table to `work` in one read transaction; the blob keys the rows name."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with connection.begin():
            if not inspect(connection).has_table("alembic_version"):
                raise BackupError("basis data belum punya skema: tidak ada yang dicadangkan")
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if revision not in _known_revisions(_script()):
                raise BackupError(
                    "basis data ada di revisi {revision}, yang tidak dikenal Pameran ini",
                    revision=revision,
                )
            metadata = _reflect(connection)
            ordered, _deferred = _load_order(metadata)
            tables: list[dict[str, Any]] = []
            for table in ordered:
                if table.name in NOT_COPIED:
                    continue
                member = _member_name(len(tables), table.name)
                spool = work / member.replace("/", "_")
                rows = _dump_table(connection, table, spool)
                tables.append(
                    {"name": table.name, "member": member, "rows": rows,
                     "columns": list(table.columns.keys()), "spool": spool}
                )  # fmt: skip
            media_file = metadata.tables["media_file"]
            keys = {
                f"{sha256}.{extension}"
                for sha256, extension in connection.execute(
                    select(media_file.c.sha256, media_file.c.extension).distinct()
                )
            }
    return str(revision), tables, keys


def _dump_table(connection: Connection, table: Table, spool: Path) -> int:
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execution_options(yield_per=1000).execute(select(table).order_by(*order))
    scrub = SCRUBBED.get(table.name, dict)
    rows = 0
    with spool.open("w", encoding="utf-8") as out:
        for row in result.mappings():
            out.write(json.dumps(scrub(dict(row)), default=_json_value, ensure_ascii=False))
            out.write("\n")
            rows += 1
    return rows


def _add_member(tar: tarfile.TarFile, name: str, source: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    tar.addfile(info, source)


@contextlib.contextmanager
def _open_for_writing(partial: Path, final: Path) -> Iterator[tarfile.TarFile]:
    """A new file only its owner can read (whatever the umask), as a tar archive:
    gzip-compressed when the final name ends in .gz or .tgz, else plain."""
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # also a leftover partial file from a crashed run
    # Media are compressed already; a middling level keeps big videos quick.
    gzipped = final.name.endswith((".gz", ".tgz"))
    options: dict[str, Any] = {"mode": "w:gz", "compresslevel": 6} if gzipped else {"mode": "w"}
    with (
        os.fdopen(descriptor, "wb") as raw,
        tarfile.open(fileobj=raw, format=tarfile.PAX_FORMAT, **options) as tar,
    ):
        yield tar


def create_backup(
    engine: Engine, storage: Storage, path: Path, *, allow_missing_blobs: bool = False
) -> BackupSummary:
    """Write the database and the blobs its rows name into a new archive at `path`."""
    if path.exists():
        raise BackupError("{path} sudah ada: berikan nama berkas baru", path=path)
    if not path.parent.is_dir():
        raise BackupError("folder {folder} tidak ada", folder=path.parent)
    created_at = utcnow()
    with tempfile.TemporaryDirectory(prefix=".pameran-backup-", dir=path.parent) as work:
        revision, tables, keys = _snapshot(engine, Path(work))
        sizes = {blob.key: blob.size for blob in storage.iter_blobs() if blob.key in keys}
        missing = sorted(keys - sizes.keys())
        if missing and not allow_missing_blobs:
            raise BackupError(
                "{count} blob yang dipakai basis data tidak ada di penyimpanan (yang pertama: "
                "{first}); lihat `pameran storage check`, atau tetap cadangkan dengan "
                "--allow-missing-blobs",
                count=len(missing),
                first=missing[0],
            )
        summary = BackupSummary(
            revision=revision,
            tables=[TableCount(t["name"], t["rows"]) for t in tables],
            blobs=len(sizes),
            blob_bytes=sum(sizes.values()),
            missing_blobs=missing,
        )
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at.isoformat(),
            "alembic_revision": revision,
            "database": engine.dialect.name,
            "pameran_version": _pameran_version(),
            "tables": [{k: v for k, v in t.items() if k != "spool"} for t in tables],
            "blobs": {"count": summary.blobs, "bytes": summary.blob_bytes},
            "missing_blobs": missing,
        }
        partial = path.with_name(f".{path.name}.partial")
        try:
            with _open_for_writing(partial, path) as tar:
                body = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                _add_member(tar, MANIFEST, io.BytesIO(body), len(body))
                for table in tables:
                    with table["spool"].open("rb") as spooled:
                        _add_member(tar, table["member"], spooled, table["spool"].stat().st_size)
                for key in sorted(sizes):
                    _add_blob(tar, storage, key, sizes[key])
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return summary


def _add_blob(tar: tarfile.TarFile, storage: Storage, key: str, size: int) -> None:
    with storage.open(key) as blob:
        reader = _HashingReader(blob)
        _add_member(tar, f"media/{key}", reader, size)  # type: ignore[arg-type]  # a readable stream
    if reader.digest.hexdigest() != key.split(".", 1)[0]:
        raise BackupError(
            "blob {key} di penyimpanan tidak cocok dengan SHA-256-nya: blob itu rusak", key=key
        )


# --- restore ---------------------------------------------------------------------


def _installation_in_use(engine: Engine, storage: Storage) -> BackupError | None:
    """Why the installation is not empty (booths, users or blobs), or None."""
    with engine.connect() as connection:
        present = set(inspect(connection).get_table_names())
        for name in CONTENT_TABLES:
            if name in present:
                table = Table(name, MetaData(), autoload_with=connection)
                if connection.execute(select(table).limit(1)).first() is not None:
                    return BackupError("basis datanya punya baris {table}", table=name)
    if next(iter(storage.iter_blobs()), None) is not None:
        return BackupError("penyimpanannya berisi blob")
    return None


def _wipe(connection: Connection) -> None:
    """Delete every row of an installation without content (reference data, seeds)."""
    metadata = _reflect(connection)
    ordered, deferred = _load_order(metadata)
    for fk in deferred:
        connection.execute(fk.parent.update().values({c.name: None for c in fk.columns}))
    for table in reversed(ordered):
        connection.execute(table.delete())
    if connection.dialect.name == "sqlite" and inspect(connection).has_table(FTS_PREFIX):
        connection.execute(text(f"DELETE FROM {FTS_PREFIX}"))  # noqa: S608  (a constant name)


def _schema_at(engine: Engine, revision: str, script: ScriptDirectory) -> bool:
    """Bring the (empty) database to `revision`, up or down; whether anything changed."""
    config = alembic_config()
    with engine.begin() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        if current is None and any(map(_is_data_table, inspect(connection).get_table_names())):
            raise BackupError(
                "basis data punya tabel tetapi tidak punya revisi Alembic: bukan milik Pameran"
            )
        if current == revision:
            return False
        if current is not None:
            _wipe(connection)  # down-migrations then have no rows to carry
        config.attributes["connection"] = connection
        newer = current is not None and revision in {
            r.revision for r in script.iterate_revisions(current, "base")
        }
        if newer:
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)
    return True


class _ArchiveReader:
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


def _read_manifest(archive: _ArchiveReader, path: Path, script: ScriptDirectory) -> dict[str, Any]:
    member = archive.next()
    if member is None or member.name != MANIFEST or member.size > MANIFEST_LIMIT:
        raise BackupError(
            "{path} bukan cadangan Pameran (tidak ada {manifest} di awalnya)",
            path=path,
            manifest=MANIFEST,
        )
    try:
        manifest = json.loads(archive.open(member).read())
    except ValueError:
        raise BackupError(
            "{path} bukan cadangan Pameran ({manifest} tidak terbaca)", path=path, manifest=MANIFEST
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("{path} bukan cadangan Pameran", path=path)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            "{path} berformat cadangan {version}; Pameran ini membaca format {readable}",
            path=path,
            version=manifest.get("format_version"),
            readable=FORMAT_VERSION,
        )
    tables = manifest.get("tables")
    if not isinstance(tables, list) or not all(
        isinstance(t, dict) and {"name", "member", "rows"} <= t.keys() for t in tables
    ):
        raise BackupError(
            "{path} bukan cadangan Pameran (manifesnya tidak mendaftar tabel)", path=path
        )
    revision = manifest.get("alembic_revision")
    if revision not in _known_revisions(script):
        raise BackupError(
            "{path} berasal dari Pameran yang lebih baru (revisi basis data {revision}); "
            "Pameran ini hanya mengenal sampai {head}: perbarui Pameran dulu",
            path=path,
            revision=revision,
            head=script.get_current_head(),
        )
    return manifest


def _load_table(
    connection: Connection,
    table: Table,
    lines: Iterator[bytes],
    deferred_columns: list[str],
    on_row: Callable[[dict[str, Any]], None],
) -> tuple[int, list[dict[str, Any]]]:
    """Insert the rows in batches; returns the count and the deferred keys to set later."""
    converters = {c.name: _from_json(c.type) for c in table.columns}
    primary_key = [c.name for c in table.primary_key.columns]
    later: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    count = 0
    for number, line in enumerate(lines, start=1):
        try:
            row = json.loads(line)
        except ValueError:
            raise _damaged_line(table, number) from None
        if not isinstance(row, dict) or not row.keys() <= converters.keys():
            unknown = sorted(set(row) - converters.keys()) if isinstance(row, dict) else []
            raise BackupError(
                "tabel {table} di arsip tidak cocok dengan skema (kolom {columns})",
                table=table.name,
                columns=", ".join(unknown) or "?",
            )
        on_row(row)
        try:
            values = {
                name: (convert(row[name]) if convert and row[name] is not None else row[name])
                for name, convert in converters.items()
                if name in row
            }
        except (ValueError, TypeError):
            raise _damaged_line(table, number) from None
        if any(values.get(name) is not None for name in deferred_columns):
            later.append(
                {**{f"pk_{n}": values[n] for n in primary_key},
                 **{f"set_{n}": values.pop(n) for n in deferred_columns}}
            )  # fmt: skip
        batch.append(values)
        count += 1
        if len(batch) >= BATCH:
            connection.execute(table.insert(), batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)
    return count, later


def _damaged_line(table: Table, number: int) -> BackupError:
    return BackupError("arsip rusak: {table}, baris {number}", table=table.name, number=number)


def _set_deferred(
    connection: Connection, table: Table, columns: list[str], pending: list[dict[str, Any]]
) -> None:
    if not pending:
        return
    where = and_(*(c == bindparam(f"pk_{c.name}") for c in table.primary_key.columns))
    statement = table.update().where(where).values({n: bindparam(f"set_{n}") for n in columns})
    for start in range(0, len(pending), BATCH):
        connection.execute(statement, pending[start : start + BATCH])


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """PostgreSQL: the next id after the restored ones (SQLite needs nothing)."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": quote(table.name), "column": keys[0].name},
        ).scalar()
        if sequence:
            column = quote(keys[0].name)
            connection.execute(
                text(
                    f"SELECT setval(:sequence, COALESCE(MAX({column}), 1), "  # noqa: S608  (quoted identifiers)
                    f"MAX({column}) IS NOT NULL) FROM {quote(table.name)}"
                ),
                {"sequence": sequence},
            )


def _copy_blob(source: IO[bytes], target: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def _load_blobs(
    archive: _ArchiveReader,
    storage: Storage,
    content_types: dict[str, str],
    written: list[str],
    summary: RestoreSummary,
) -> None:
    with tempfile.TemporaryDirectory(prefix="pameran-restore-") as work:
        spool = Path(work) / "blob"
        while (member := archive.next()) is not None:
            key = member.name.removeprefix("media/")
            if not member.name.startswith("media/") or not is_blob_key(key):
                raise BackupError(
                    "anggota tak terduga '{member}' di dalam arsip", member=member.name
                )
            with spool.open("wb") as out:
                sha256 = _copy_blob(archive.open(member), out)
            if sha256 != key.split(".", 1)[0]:
                raise BackupError(
                    "arsip rusak: {member} tidak cocok dengan SHA-256-nya", member=member.name
                )
            content_type = content_types.get(key) or (
                mimetypes.guess_type(key)[0] or "application/octet-stream"
            )
            storage.put_file(key, spool, content_type)
            written.append(key)
            summary.blobs += 1
            summary.blob_bytes += member.size


def _load(
    connection: Connection,
    archive: _ArchiveReader,
    manifest: dict[str, Any],
    storage: Storage,
    written: list[str],
) -> RestoreSummary:
    """Every table, then every blob, in the archive's order, checked against the manifest."""
    metadata = _reflect(connection)
    _ordered, deferred = _load_order(metadata)
    summary = RestoreSummary(
        revision=manifest["alembic_revision"], created_at=str(manifest.get("created_at", ""))
    )
    content_types: dict[str, str] = {}

    def note_media_file(row: dict[str, Any]) -> None:
        if {"sha256", "extension", "content_type"} <= row.keys():
            content_types[f"{row['sha256']}.{row['extension']}"] = row["content_type"]

    loaded: list[Table] = []
    pending: list[tuple[Table, list[str], list[dict[str, Any]]]] = []
    archived = {spec["name"] for spec in manifest["tables"]}
    for spec in manifest["tables"]:
        member = archive.next()
        if member is None or member.name != spec["member"]:
            raise BackupError("arsip tidak lengkap: {member} tidak ada", member=spec["member"])
        table = metadata.tables.get(spec["name"])
        if table is None:
            raise BackupError(
                "tabel {table} di arsip tidak dikenal pada revisi {revision}",
                table=spec["name"],
                revision=summary.revision,
            )
        for fk in table.foreign_key_constraints:
            parent = fk.referred_table.name
            waiting = parent in archived and parent not in {t.name for t in loaded}
            if fk not in deferred and parent != table.name and waiting:
                raise BackupError("urutan tabel di arsip salah ({table})", table=table.name)
        columns = [c.name for fk in deferred if fk.parent is table for c in fk.columns]
        on_row = note_media_file if table.name == "media_file" else (lambda _row: None)
        count, later = _load_table(connection, table, iter(archive.open(member)), columns, on_row)
        if count != spec["rows"]:
            raise BackupError(
                "arsip rusak: {table} punya {count} baris, manifesnya menyebut {expected}",
                table=spec["name"],
                count=count,
                expected=spec["rows"],
            )
        summary.tables.append(TableCount(table.name, count))
        loaded.append(table)
        pending.append((table, columns, later))
    for table, columns, later in pending:
        _set_deferred(connection, table, columns, later)
    _reset_sequences(connection, loaded)
    _load_blobs(archive, storage, content_types, written, summary)
    expected = (manifest.get("blobs") or {}).get("count")
    if expected is not None and expected != summary.blobs:
        raise BackupError(
            "arsip tidak lengkap: {count} blob, manifesnya menyebut {expected}",
            count=summary.blobs,
            expected=expected,
        )
    return summary


def rebuild_search_index(engine: Engine) -> int:
    """Index every booth with a live revision, as publishing does; returns how many."""
    with Session(engine) as session:
        rows = session.exec(
            sqlmodel.select(Booth, BoothRevision).join(
                BoothRevision, col(BoothRevision.id) == col(Booth.live_revision_id)
            )
        ).all()
        for booth, revision in rows:
            search.index_booth(session, booth, BoothContent.model_validate(revision.content))
        session.commit()
    return len(rows)


ARCHIVE_ERRORS = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError)


def restore_backup(engine: Engine, storage: Storage, path: Path) -> RestoreSummary:
    """Restore an archive into an empty installation (no booth, no user, no blob)."""
    if not path.is_file():
        raise BackupError("{path} bukan berkas", path=path)
    script = _script()
    try:
        tar = tarfile.open(path, "r|*")  # noqa: SIM115  (closed by the `with tar` below)
    except ARCHIVE_ERRORS:
        raise BackupError("{path} bukan cadangan Pameran (bukan arsip tar)", path=path) from None
    written: list[str] = []
    moved = False  # the schema went to the archive's revision
    try:
        with tar:
            archive = _ArchiveReader(tar)
            manifest = _read_manifest(archive, path, script)
            storage.prepare()
            reason = _installation_in_use(engine, storage)
            if reason is not None:
                raise BackupError(
                    "menolak memulihkan ke instalasi yang sedang dipakai ({reason}); "
                    "pulihkan ke basis data dan penyimpanan yang baru dan kosong",
                    reason=reason,
                )
            moved = _schema_at(engine, manifest["alembic_revision"], script)
            with engine.connect() as connection:
                transaction = connection.begin()
                try:
                    _wipe(connection)  # reference data that migrations and seeds put there
                    summary = _load(connection, archive, manifest, storage, written)
                    transaction.commit()
                except BaseException:
                    transaction.rollback()
                    raise
    except ARCHIVE_ERRORS as error:
        _undo(engine, storage, written, moved)
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise BackupError(
            "{path} rusak atau terpotong ({detail})", path=path, detail=detail
        ) from None
    except BaseException:
        _undo(engine, storage, written, moved)
        raise
    migrate(engine)
    summary.head = script.get_current_head() or ""
    summary.indexed_booths = rebuild_search_index(engine)
    return summary


def _undo(engine: Engine, storage: Storage, written: list[str], moved: bool) -> None:
    """After a failed restore: remove the blobs it wrote (the storage was empty before)
    and, if the schema went back to an older revision, bring it to the newest again."""
    for key in written:
        storage.delete(key)
    if moved:
        # Best effort: the restore's own error is the one to report.
        with contextlib.suppress(Exception):
            migrate(engine)


__all__ = [
    "BackupError",
    "BackupSummary",
    "RestoreSummary",
    "create_backup",
    "rebuild_search_index",
    "restore_backup",
]
