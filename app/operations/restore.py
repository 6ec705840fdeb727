"""`pameran backup restore`: an archive (`backup_format.py`) into an empty installation.

Restore brings an empty database to the archive's revision, loads the rows parents
first (`restore_rows.py`: a nullable key that closes a cycle, like
`booth.live_revision_id`, is filled in afterwards), resets PostgreSQL's sequences,
writes the blobs through the storage (checking each one's SHA-256), then upgrades to
the newest revision, so later data migrations run on the restored rows, and rebuilds
the search index. A restore that fails leaves the installation as it found it.
"""

import contextlib
import gzip
import hashlib
import json
import mimetypes
import tarfile
import tempfile
import zlib
from pathlib import Path
from typing import IO, Any, BinaryIO

import sqlmodel
from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    MetaData,
    Table,
    inspect,
    select,
    text,
)
from sqlmodel import Session, col

from app.booths import search
from app.booths.models import Booth, BoothRevision
from app.booths.schemas import BoothContent
from app.core.migrate import FTS_PREFIX, alembic_config
from app.operations.backup_format import (
    CHUNK,
    CONTENT_TABLES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MANIFEST_LIMIT,
    ArchiveReader,
    BackupError,
    RestoreSummary,
    alembic_script,
    is_data_table,
    known_revisions,
    load_order,
    reflect,
)
from app.operations.restore_rows import load_tables
from app.reference_data import migrate
from app.storage import Storage
from app.storage.base import is_blob_key


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
    metadata = reflect(connection)
    ordered, deferred = load_order(metadata)
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
        if current is None and any(map(is_data_table, inspect(connection).get_table_names())):
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


def _read_manifest(archive: ArchiveReader, path: Path, script: ScriptDirectory) -> dict[str, Any]:
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
    if revision not in known_revisions(script):
        raise BackupError(
            "{path} berasal dari Pameran yang lebih baru (revisi basis data {revision}); "
            "Pameran ini hanya mengenal sampai {head}: perbarui Pameran dulu",
            path=path,
            revision=revision,
            head=script.get_current_head(),
        )
    return manifest


def _copy_blob(source: IO[bytes], target: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def _load_blobs(
    archive: ArchiveReader,
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
    archive: ArchiveReader,
    manifest: dict[str, Any],
    storage: Storage,
    written: list[str],
) -> RestoreSummary:
    """Every table, then every blob, in the archive's order, checked against the manifest."""
    summary = RestoreSummary(
        revision=manifest["alembic_revision"], created_at=str(manifest.get("created_at", ""))
    )
    content_types = load_tables(connection, archive, manifest, summary)
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
    script = alembic_script()
    try:
        tar = tarfile.open(path, "r|*")  # noqa: SIM115  (closed by the `with tar` below)
    except ARCHIVE_ERRORS:
        raise BackupError("{path} bukan cadangan Pameran (bukan arsip tar)", path=path) from None
    written: list[str] = []
    moved = False  # the schema went to the archive's revision
    try:
        with tar:
            archive = ArchiveReader(tar)
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
