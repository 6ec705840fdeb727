"""`pameran backup create`: the database and its media in one tar archive.

A logical backup, so that an archive made on SQLite restores into PostgreSQL and the
other way round (the format: `backup_format.py`; restoring: `restore.py`).

Credentials stay out (see NOT_COPIED and SCRUBBED): sessions, reset links, the
day's visitor salt; invitations are expired and secret messages blanked, so a
restored or stolen archive opens no account. The archive is readable by its owner
only (0600).

The rows are read in one transaction (PostgreSQL: REPEATABLE READ, read only;
SQLite: one read transaction, a snapshot in WAL mode) and spooled to disk; the blobs
are copied after that: they are immutable and content-addressed, so every blob the
snapshot names still exists. Nothing is ever held whole in memory.
"""

import contextlib
import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    inspect,
    select,
    text,
)

from app.core.timeutil import utcnow
from app.operations.backup_format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    NOT_COPIED,
    SCRUBBED,
    BackupError,
    BackupSummary,
    TableCount,
    alembic_script,
    json_value,
    known_revisions,
    load_order,
    member_name,
    pameran_version,
    reflect,
)
from app.storage import Storage


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
            if revision not in known_revisions(alembic_script()):
                raise BackupError(
                    "basis data ada di revisi {revision}, yang tidak dikenal Pameran ini",
                    revision=revision,
                )
            metadata = reflect(connection)
            ordered, _deferred = load_order(metadata)
            tables: list[dict[str, Any]] = []
            for table in ordered:
                if table.name in NOT_COPIED:
                    continue
                member = member_name(len(tables), table.name)
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
            out.write(json.dumps(scrub(dict(row)), default=json_value, ensure_ascii=False))
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
            "pameran_version": pameran_version(),
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
