"""`pameran backup create|restore`: round trips, refusals, damaged and foreign archives."""

import hashlib
import io
import json
import os
import tarfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import Engine, column, func, insert, table, text
from sqlalchemy import select as core_select
from sqlmodel import Session, select

import app.models  # noqa: F401  (every table on the metadata)
from app.accounts.models import User
from app.accounts.tokens import create_token
from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.core.config import Settings
from app.core.db import make_engine
from app.core.migrate import alembic_config
from app.core.modelbase import metadata
from app.core.timeutil import utcnow
from app.guestbook.models import GuestbookEntry
from app.main import create_app
from app.media.models import MediaAsset
from app.media.upload_models import MediaUpload
from app.operations import backup
from app.operations.backup import create_backup
from app.operations.backup_format import BackupError
from app.operations.restore import restore_backup
from app.operations.storage_check import check_storage
from app.storage import Storage, storage_from_url
from tests.conftest import POSTGRES_URL
from tests.factories import BundleFactory, make_user
from tests.messages import raises_in_english
from tests.operations.conftest import NewInstallation, pameran
from tests.services import require

NOT_COPIED = {"media_upload"}


# --- helpers ---------------------------------------------------------------------


def rows_by_table(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every model table, in primary-key order, as the app reads them."""
    result = {}
    with engine.connect() as connection:
        for name, model_table in metadata.tables.items():
            order = list(model_table.primary_key.columns)
            rows = connection.execute(core_select(model_table).order_by(*order)).mappings()
            result[name] = [dict(row) for row in rows]
    return result


def blobs_of(storage: Storage) -> dict[str, str]:
    """Every blob's key and the SHA-256 of its bytes."""
    found = {}
    for blob in storage.iter_blobs():
        with storage.open(blob.key) as handle:
            found[blob.key] = hashlib.sha256(handle.read()).hexdigest()
    return found


def public_views(settings: Settings, slugs: list[str]) -> dict[str, Any]:
    """What the public API answers about the exhibition, and one media file's bytes."""
    with TestClient(create_app(settings)) as client:
        views: dict[str, Any] = {"booths": client.get("/api/v1/booths").json()}
        views["search"] = client.get("/api/v1/booths", params={"q": "pelabuhan"}).json()
        views["halls"] = client.get("/api/v1/halls").json()
        for slug in slugs:
            response = client.get(f"/api/v1/booths/{slug}")
            assert response.status_code == 200
            views[slug] = response.json()
        logo = views[slugs[0]]["content"]["logo"]["url"]
        media = client.get(logo, follow_redirects=False)
        if settings.storage_url.startswith("s3://"):  # a presigned redirect, new every time
            assert media.status_code == 302
        else:
            assert media.status_code == 200
            views["logo"] = hashlib.sha256(media.content).hexdigest()
    return views


def rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """A copy of an archive with members changed (None leaves a member out)."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old.getmembers():
            handle = old.extractfile(member)
            assert handle is not None
            data = change(member.name, handle.read())
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def installation_is_untouched(settings: Settings) -> None:
    """No booth, no user and no blob, but the regions and halls of a migrated database,
    at the newest revision: what a refused or failed restore leaves."""
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            for name in ("booth", "user", "media_asset"):
                count = connection.execute(
                    core_select(func.count()).select_from(table(name))
                ).scalar()
                assert count == 0, name
            for name in ("region", "hall"):
                count = connection.execute(
                    core_select(func.count()).select_from(table(name))
                ).scalar()
                assert count, name
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
    finally:
        engine.dispose()
    assert list(storage_from_url(settings.storage_url).iter_blobs()) == []


@pytest.fixture
def exhibition(
    settings: Settings, session: Session, bundles: BundleFactory, import_bundles: Callable
) -> list[str]:
    """Two booths with media, people, a token, a guestbook entry and an upload under way."""
    bundles.make()
    bundles.make("aceh-selatan", code="11.01", hall=None, gallery=1, title="Aceh Selatan")
    import_bundles(bundles.root)
    organizer = make_user(session, "organizer@pameran.go.id", "organizer")
    editor = make_user(session, "editor@bitung.go.id", "region-editor", regions=("71.72",))
    create_token(session, editor, "ci")
    booth = session.exec(select(Booth).where(Booth.slug == "kota-bitung")).one()
    session.add(GuestbookEntry(booth_id=booth.id or 0, name="Rina", message="Keren!",
                               state="approved", moderated_by_id=organizer.id))  # fmt: skip
    session.add(MediaUpload(id="a" * 32, booth_id=booth.id or 0, user_id=editor.id or 0,
                            upload_length=10, expires_at=utcnow() + timedelta(days=1)))  # fmt: skip
    session.commit()
    return ["kota-bitung", "kabupaten-aceh-selatan"]


def assert_same_installation(
    source: Settings, restored: Settings, slugs: list[str], *, users: bool = True
) -> None:
    engines = [make_engine(s.database_url) for s in (source, restored)]
    try:
        before, after = (rows_by_table(engine) for engine in engines)
        assert before.keys() == after.keys()
        for name in before:
            if name in NOT_COPIED:
                assert after[name] == [], name
            else:
                assert after[name] == before[name], name
        assert before["booth"] and before["media_file"] and (before["user"] or not users)
        versions = []
        for engine in engines:
            with engine.connect() as connection:
                versions.append(
                    connection.execute(text("SELECT version_num FROM alembic_version")).all()
                )
        assert versions[0] == versions[1]
    finally:
        for engine in engines:
            engine.dispose()
    originals = blobs_of(storage_from_url(source.storage_url))
    assert blobs_of(storage_from_url(restored.storage_url)) == originals
    assert all(key.startswith(sha) for key, sha in originals.items())
    assert public_views(restored, slugs) == public_views(source, slugs)


# --- round trips -----------------------------------------------------------------


def test_round_trip_into_a_migrated_empty_installation(
    settings: Settings,
    engine: Engine,
    exhibition: list[str],
    new_installation: NewInstallation,
    tmp_path: Path,
) -> None:
    archive = tmp_path / "pameran.tar.gz"
    summary = create_backup(engine, storage_from_url(settings.storage_url), archive)
    assert summary.blobs == len(blobs_of(storage_from_url(settings.storage_url)))
    assert {t.name for t in summary.tables} >= {"booth", "booth_revision", "media_file", "user"}
    assert "media_upload" not in {t.name for t in summary.tables}
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0] == "manifest.json" and any(n.startswith("media/") for n in names)

    target = new_installation()  # regions and default halls are there, as after `migrate`
    target_engine = make_engine(target.database_url)
    try:
        restored = restore_backup(target_engine, storage_from_url(target.storage_url), archive)
        assert restored.blobs == summary.blobs and restored.tables == summary.tables
        assert restored.indexed_booths == 2
        assert_same_installation(settings, target, exhibition)
        # New rows get ids after the restored ones (PostgreSQL: the sequences were reset).
        with Session(target_engine) as session:
            top = session.exec(select(func.max(User.id))).one()
            newcomer = make_user(session, "baru@pameran.go.id", "moderator")
            assert top is not None and newcomer.id == top + 1
            session.add(AuditEvent(action="test.event"))
            session.commit()
    finally:
        target_engine.dispose()


def test_round_trip_into_a_blank_database_through_the_cli(
    settings: Settings, exhibition: list[str], new_installation: NewInstallation, tmp_path: Path
) -> None:
    archive = tmp_path / "pameran.tar"
    created = pameran("backup", "create", str(archive), settings=settings, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert "table booth: 2 row(s)" in created.stdout
    assert f"to {archive}" in created.stdout and "blob(s)" in created.stdout

    target = new_installation(blank=True)
    restored = pameran("backup", "restore", str(archive), settings=target, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "restored table booth: 2 row(s)" in restored.stdout
    assert "rebuilt the search index of 2 live booth(s)" in restored.stdout
    assert_same_installation(settings, target, exhibition)

    again = pameran("backup", "restore", str(archive), settings=target, cwd=tmp_path)
    assert again.returncode == 1 and again.stdout == ""
    assert again.stderr.count("\n") == 1 and "refusing to restore" in again.stderr


def test_round_trip_into_the_other_database_engine(
    settings: Settings,
    engine: Engine,
    exhibition: list[str],
    new_installation: NewInstallation,
    tmp_path: Path,
) -> None:
    """A logical backup: SQLite → PostgreSQL, or PostgreSQL → SQLite."""
    if POSTGRES_URL:
        other = new_installation(blank=True, server=None)  # SQLite
    else:
        server = os.environ.get("PAMERAN_TEST_POSTGRES_URL")
        require(server, "PAMERAN_TEST_POSTGRES_URL is not set (scripts/ci/postgres.sh)")
        other = new_installation(blank=True, server=server)
    archive = tmp_path / "pameran.tar.gz"
    create_backup(engine, storage_from_url(settings.storage_url), archive)
    other_engine = make_engine(other.database_url)
    try:
        assert other_engine.dialect.name != engine.dialect.name
        restore_backup(other_engine, storage_from_url(other.storage_url), archive)
    finally:
        other_engine.dispose()
    assert_same_installation(settings, other, exhibition)


@pytest.mark.s3
def test_round_trip_between_s3_buckets(
    settings: Settings,
    engine: Engine,
    bundles: BundleFactory,
    new_installation: NewInstallation,
    new_bucket_url: Callable[[], str],
    tmp_path: Path,
) -> None:
    """Blobs stream out of one bucket into the archive, and into another bucket."""
    from app.exhibits.service import import_all

    source = settings.model_copy(update={"storage_url": new_bucket_url()})
    with Session(engine) as session:
        import_all(session, storage_from_url(source.storage_url), source, bundles.make().parent)
        session.commit()
    archive = tmp_path / "pameran.tar.gz"
    summary = create_backup(engine, storage_from_url(source.storage_url), archive)
    assert summary.blobs > 0
    target = new_installation().model_copy(update={"storage_url": new_bucket_url()})
    target_engine = make_engine(target.database_url)
    try:
        restore_backup(target_engine, storage_from_url(target.storage_url), archive)
    finally:
        target_engine.dispose()
    assert_same_installation(source, target, ["kota-bitung"], users=False)


def test_an_older_archive_is_migrated_to_head_after_loading(
    new_installation: NewInstallation, tmp_path: Path
) -> None:
    """Rows load at the archive's revision; later migrations then run on them."""
    old = new_installation(blank=True)
    old_engine = make_engine(old.database_url)
    try:
        config = alembic_config()
        with old_engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0004")
            login_failure = table("login_failure", column("key"), column("at"))
            at = (
                utcnow()
                if old_engine.dialect.name == "postgresql"
                else utcnow().replace(tzinfo=None)
            )
            connection.execute(insert(login_failure).values(key="ip:10.0.0.1", at=at))
        archive = tmp_path / "old.tar"
        summary = create_backup(old_engine, storage_from_url(old.storage_url), archive)
        assert summary.revision == "0004"
    finally:
        old_engine.dispose()

    target = new_installation()  # at the newest revision: goes down to 0004, then up again
    target_engine = make_engine(target.database_url)
    try:
        restored = restore_backup(target_engine, storage_from_url(target.storage_url), archive)
        assert restored.revision == "0004" and restored.head != "0004"
        with target_engine.connect() as connection:
            assert connection.execute(text("SELECT key FROM throttle_hit")).scalars().all() == [
                "login:ip:10.0.0.1"
            ]
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert version == restored.head
    finally:
        target_engine.dispose()


def test_the_snapshot_ignores_rows_written_while_it_is_read(
    settings: Settings,
    engine: Engine,
    exhibition: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Every table comes from one transaction: a row committed after the first table
    was read is not in the archive, even in a table read later."""
    dump = backup._dump_table
    writer = make_engine(settings.database_url)

    def dump_then_write(connection: Any, table_: Any, spool: Path) -> int:
        rows = dump(connection, table_, spool)
        if table_.name == "exhibition":
            with Session(writer) as session:
                session.add(AuditEvent(action="written.meanwhile"))
                session.commit()
        return rows

    monkeypatch.setattr(backup, "_dump_table", dump_then_write)
    with engine.connect() as connection:
        count = core_select(func.count()).select_from(table("audit_event"))
        events = connection.execute(count).scalar()
    try:
        summary = create_backup(engine, storage_from_url(settings.storage_url), tmp_path / "b.tar")
    finally:
        writer.dispose()
    counts = {t.name: t.rows for t in summary.tables}
    assert counts["audit_event"] == events
    with tarfile.open(tmp_path / "b.tar") as tar:
        member = next(n for n in tar.getnames() if n.endswith("-audit_event.jsonl"))
        handle = tar.extractfile(member)
        assert handle is not None
        actions = [json.loads(line)["action"] for line in handle]
    assert "written.meanwhile" not in actions and len(actions) == events


# --- refusals --------------------------------------------------------------------


@pytest.fixture
def archive(settings: Settings, engine: Engine, exhibition: list[str], tmp_path: Path) -> Path:
    path = tmp_path / "pameran.tar"
    create_backup(engine, storage_from_url(settings.storage_url), path)
    return path


def test_restore_refuses_an_installation_with_users_or_blobs(
    archive: Path, new_installation: NewInstallation, tmp_path: Path
) -> None:
    with_user = new_installation()
    user_engine = make_engine(with_user.database_url)
    try:
        with Session(user_engine) as session:
            make_user(session, "ada@pameran.go.id", "organizer")
        with raises_in_english(BackupError, "its database has user rows"):
            restore_backup(user_engine, storage_from_url(with_user.storage_url), archive)
        with Session(user_engine) as session:
            assert session.exec(select(func.count()).select_from(User)).one() == 1
    finally:
        user_engine.dispose()

    with_blob = new_installation()
    storage = storage_from_url(with_blob.storage_url)
    blob = tmp_path / "x.webp"
    blob.write_bytes(b"x")
    storage.put_file(f"{hashlib.sha256(b'x').hexdigest()}.webp", blob, "image/webp")
    blob_engine = make_engine(with_blob.database_url)
    try:
        with raises_in_english(BackupError, "its storage holds blobs"):
            restore_backup(blob_engine, storage, archive)
    finally:
        blob_engine.dispose()
    assert len(list(storage.iter_blobs())) == 1


def test_create_refuses_missing_blobs_unless_allowed(
    settings: Settings, engine: Engine, exhibition: list[str],
    new_installation: NewInstallation, session: Session, tmp_path: Path,
) -> None:  # fmt: skip
    storage = storage_from_url(settings.storage_url)
    document = session.exec(select(MediaAsset).where(MediaAsset.kind == "document")).first()
    assert document is not None
    key = f"{document.sha256}.pdf"
    storage.delete(key)
    with raises_in_english(BackupError, "missing from the storage .*storage check"):
        create_backup(engine, storage, tmp_path / "refused.tar")
    assert not (tmp_path / "refused.tar").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    summary = create_backup(engine, storage, tmp_path / "partial.tar", allow_missing_blobs=True)
    assert summary.missing_blobs == [key]
    target = new_installation()
    target_engine = make_engine(target.database_url)
    try:
        restore_backup(
            target_engine, storage_from_url(target.storage_url), tmp_path / "partial.tar"
        )
        with Session(target_engine) as target_session:
            report = check_storage(target_session, storage_from_url(target.storage_url))
        assert [m.key for m in report.missing] == [key]
    finally:
        target_engine.dispose()


def test_create_never_overwrites_a_file(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    existing = tmp_path / "keep.tar"
    existing.write_bytes(b"an older backup")
    with raises_in_english(BackupError, "exists already"):
        create_backup(engine, storage_from_url(settings.storage_url), existing)
    assert existing.read_bytes() == b"an older backup"


def _manifest_with(**changes: Any) -> Callable[[str, bytes], bytes | None]:
    def change(name: str, data: bytes) -> bytes | None:
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), **changes}).encode()

    return change


def _damage_first_blob() -> Callable[[str, bytes], bytes | None]:
    seen: list[str] = []

    def change(name: str, data: bytes) -> bytes | None:
        if name.startswith("media/") and not seen:
            seen.append(name)
            return data[:-1] + bytes([data[-1] ^ 1])
        return data

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda name, data: None if name == "manifest.json" else data, "not a Pameran backup"),
        (_manifest_with(format="something-else"), "not a Pameran backup"),
        (_manifest_with(format_version=2), "has backup format 2"),
        (_manifest_with(alembic_revision="9999"), "comes from a newer Pameran"),
        (_damage_first_blob(), "damaged: media/.* does not match its SHA-256"),
        (lambda name, data: None if name.startswith("media/") else data, "incomplete: 0 blobs"),
        (
            lambda name, data: (
                data.replace(b'"id"', b'"ident"', 1) if name.endswith("-booth.jsonl") else data
            ),
            "does not match the schema",
        ),
        (
            lambda name, data: data + b"{not json\n" if name.endswith("-hall.jsonl") else data,
            "damaged: hall, line",
        ),
    ],
    ids=[
        "no-manifest",
        "foreign",
        "format-2",
        "newer-revision",
        "bad-blob",
        "no-blobs",
        "unknown-column",
        "bad-line",
    ],  # fmt: skip
)
def test_restore_refuses_foreign_and_damaged_archives(
    archive: Path,
    new_installation: NewInstallation,
    tmp_path: Path,
    change: Callable[[str, bytes], bytes | None],
    message: str,
) -> None:
    changed = tmp_path / "changed.tar"
    rewrite(archive, changed, change)
    target = new_installation()
    target_engine = make_engine(target.database_url)
    try:
        with raises_in_english(BackupError, message):
            restore_backup(target_engine, storage_from_url(target.storage_url), changed)
    finally:
        target_engine.dispose()
    installation_is_untouched(target)


def test_restore_explains_what_is_not_a_backup(
    archive: Path, new_installation: NewInstallation, tmp_path: Path
) -> None:
    target = new_installation()
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    text_file = tmp_path / "notes.txt"
    text_file.write_text("these are not the archives you are looking for\n")
    for path, message in [
        (truncated, "is damaged or truncated"),
        (text_file, "is not a Pameran backup"),
        (tmp_path / "nowhere.tar", "is not a file"),
    ]:
        result = pameran("backup", "restore", str(path), settings=target, cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    installation_is_untouched(target)
