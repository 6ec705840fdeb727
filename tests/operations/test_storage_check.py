"""`pameran storage check`: orphans, missing blobs, the grace period and the revision rule."""

import hashlib
import os
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from app.booths.models import Booth, BoothRevision, RevisionMedia
from app.core.config import Settings
from app.core.timeutil import utcnow
from app.media.models import MediaAsset, MediaFile
from app.operations.storage_check import check_storage, delete_orphans
from app.storage import LocalStorage, S3Storage, Storage, storage_from_url
from tests.factories import BundleFactory, make_jpeg
from tests.operations.conftest import pameran

HOUR = 3600


def put_blob(storage: Storage, tmp_path: Path, data: bytes, extension: str = "webp") -> str:
    """A blob written as uploads write them, under its content-addressed key."""
    key = f"{hashlib.sha256(data).hexdigest()}.{extension}"
    source = tmp_path / f"{secrets.token_hex(4)}.{extension}"
    source.write_bytes(data)
    storage.put_file(key, source, "image/webp")
    return key


def age_blobs(storage: LocalStorage, seconds: float) -> None:
    """Pretend every blob was written `seconds` ago."""
    then = time.time() - seconds
    for blob in storage.iter_blobs():
        path = storage.local_path(blob.key)
        assert path is not None
        os.utime(path, (then, then))


def keys_of(session: Session, media_ids: list[int]) -> set[str]:
    files = session.exec(select(MediaFile).where(col(MediaFile.media_id).in_(media_ids))).all()
    return {f"{f.sha256}.{f.extension}" for f in files}


@pytest.fixture
def storage(settings: Settings) -> LocalStorage:
    store = storage_from_url(settings.storage_url)
    assert isinstance(store, LocalStorage)
    return store


def test_an_imported_exhibition_has_no_orphans_and_no_missing_blobs(
    session: Session, storage: LocalStorage, bundles: BundleFactory, import_bundles: Callable
) -> None:
    import_bundles(bundles.make().parent)
    report = check_storage(session, storage)
    assert report.healthy and report.orphans == [] and report.missing == []
    assert report.stored == report.used > 0
    # Renditions and PDF previews count, not only each item's main file.
    roles = set(session.exec(select(MediaFile.role)).all())
    assert {"rendition", "preview", "original"} <= roles


def test_orphans_are_deleted_only_after_the_grace_period(
    session: Session,
    storage: LocalStorage,
    bundles: BundleFactory,
    import_bundles: Callable,
    tmp_path: Path,
) -> None:
    import_bundles(bundles.make().parent)
    used = {blob.key for blob in storage.iter_blobs()}
    orphan = put_blob(storage, tmp_path, b"written by an upload that never got its row")

    report = check_storage(session, storage)
    assert [blob.key for blob in report.orphans] == [orphan] and report.healthy
    swept = delete_orphans(session, storage, report)  # just written: inside the grace period
    assert swept.deleted == [] and [b.key for b in swept.young] == [orphan]
    assert storage.exists(orphan)

    age_blobs(storage, 2 * HOUR)
    report = check_storage(session, storage)
    short = delete_orphans(session, storage, report, grace=timedelta(hours=3))
    assert short.deleted == [] and storage.exists(orphan)
    swept = delete_orphans(session, storage, report)
    assert [b.key for b in swept.deleted] == [orphan]
    assert not storage.exists(orphan)
    assert {blob.key for blob in storage.iter_blobs()} == used  # nothing in use went
    assert check_storage(session, storage).orphans == []


def test_an_orphan_that_a_row_uses_by_now_is_kept(
    session: Session,
    storage: LocalStorage,
    bundles: BundleFactory,
    import_bundles: Callable,
    tmp_path: Path,
) -> None:
    """Between the check and the deletion an upload may reuse the bytes of an orphan."""
    import_bundles(bundles.make().parent)
    orphan = put_blob(storage, tmp_path, b"old bytes, uploaded again")
    age_blobs(storage, 2 * HOUR)
    report = check_storage(session, storage)
    asset = session.exec(select(MediaAsset)).first()
    assert asset is not None
    sha256, _, extension = orphan.partition(".")
    session.add(MediaFile(media_id=asset.id or 0, role="rendition", sha256=sha256,
                          extension=extension, content_type="image/webp", size=1))  # fmt: skip
    session.commit()
    swept = delete_orphans(session, storage, report)
    assert swept.deleted == [] and [b.key for b in swept.in_use] == [orphan]
    assert storage.exists(orphan)


def test_put_file_of_existing_bytes_restarts_the_grace_period(
    storage: LocalStorage, tmp_path: Path
) -> None:
    key = put_blob(storage, tmp_path, b"same bytes twice")
    age_blobs(storage, 2 * HOUR)
    put_blob(storage, tmp_path, b"same bytes twice")
    (blob,) = storage.iter_blobs()
    assert blob.key == key and blob.modified_at is not None
    assert utcnow() - blob.modified_at < timedelta(minutes=5)


def test_a_blob_only_an_old_revision_uses_is_never_an_orphan(
    session: Session,
    storage: LocalStorage,
    bundles: BundleFactory,
    import_bundles: Callable,
) -> None:
    root = bundles.make().parent
    import_bundles(root)
    first = session.exec(select(BoothRevision)).one()
    old_media = [r.media_id for r in session.exec(select(RevisionMedia)).all()]
    # The bundle changes: new photos replace the gallery, and a new revision goes live.
    for name in ("g0.jpg", "g1.jpg"):
        make_jpeg(root / "kota-bitung" / "media" / name, color=(250, 250, 10))
    import_bundles(root)
    session.rollback()  # a new read transaction sees the second import
    booth = session.exec(select(Booth)).one()
    assert booth.live_revision_id != first.id
    live_media = {
        r.media_id
        for r in session.exec(
            select(RevisionMedia).where(RevisionMedia.revision_id == booth.live_revision_id)
        ).all()
    }
    only_old = [m for m in old_media if m not in live_media]
    assert only_old, "the old revision should keep media the live one dropped"
    old_keys = keys_of(session, only_old)

    age_blobs(storage, 2 * HOUR)
    report = check_storage(session, storage)
    assert report.healthy and report.orphans == []
    swept = delete_orphans(session, storage, report, grace=timedelta(0))
    assert swept.deleted == []
    assert all(storage.exists(key) for key in old_keys)


def test_revision_media_whose_files_are_gone_stop_the_sweep(
    session: Session,
    storage: LocalStorage,
    bundles: BundleFactory,
    import_bundles: Callable,
    settings: Settings,
    tmp_path: Path,
) -> None:
    """When a revision names media the database has no files for, nobody can say which
    blobs were that media's: the check fails and deletes nothing."""
    import_bundles(bundles.make(gallery=1).parent)
    gallery_id = session.exec(select(Booth)).one().draft["gallery"][0]
    lost_keys = keys_of(session, [gallery_id])
    session.execute(delete(MediaFile).where(col(MediaFile.media_id) == gallery_id))
    session.commit()
    age_blobs(storage, 2 * HOUR)

    report = check_storage(session, storage)
    assert not report.healthy
    assert [(m.media_id, m.booth_slug, m.revision_number) for m in report.lost_revision_media] == [
        (gallery_id, "kota-bitung", 1)
    ]
    assert {b.key for b in report.orphans} <= lost_keys and report.orphans
    swept = delete_orphans(session, storage, report, grace=timedelta(0))
    assert swept.refused and swept.deleted == []
    assert all(storage.exists(key) for key in lost_keys)

    result = pameran("storage", "check", "--delete-orphans", "--grace-minutes", "0",
                     settings=settings, cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1
    assert f"revision media without files: media {gallery_id}, booth kota-bitung" in result.stdout
    assert "deleted no orphan" in result.stdout and "deleted orphan blob" not in result.stdout
    assert all(storage.exists(key) for key in lost_keys)


def test_missing_blobs_are_reported_with_media_and_booth_and_exit_1(
    session: Session,
    storage: LocalStorage,
    bundles: BundleFactory,
    import_bundles: Callable,
    settings: Settings,
    tmp_path: Path,
) -> None:
    import_bundles(bundles.make().parent)
    document = session.exec(select(MediaAsset).where(MediaAsset.kind == "document")).one()
    key = f"{document.sha256}.pdf"
    storage.delete(key)
    orphan = put_blob(storage, tmp_path, b"an orphan as well")

    report = check_storage(session, storage)
    assert [(m.key, m.media_id, m.booth_slug, m.role) for m in report.missing] == [
        (key, document.id, "kota-bitung", "original")
    ]
    result = pameran("storage", "check", settings=settings, cwd=tmp_path)
    assert result.returncode == 1
    assert f"missing blob {key}  media {document.id}, booth kota-bitung, original" in result.stdout
    assert f"orphan blob {orphan}" in result.stdout
    assert "1 orphan(s), 1 missing" in result.stdout
    assert result.stderr.count("\n") == 1 and "lack their blobs" in result.stderr


def test_a_healthy_storage_exits_0_and_young_orphans_stay(
    storage: LocalStorage,
    bundles: BundleFactory,
    import_bundles: Callable,
    settings: Settings,
    tmp_path: Path,
) -> None:
    import_bundles(bundles.make().parent)
    orphan = put_blob(storage, tmp_path, b"an upload in progress")
    result = pameran("storage", "check", "--delete-orphans", settings=settings, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"kept orphan blob {orphan}: younger than 60 minutes" in result.stdout
    assert storage.exists(orphan)


def test_files_that_are_not_blobs_are_never_listed_or_deleted(
    session: Session, settings: Settings, tmp_path: Path
) -> None:
    """Unfinished tus uploads live in var/uploads, outside the blob key space: even a
    storage folder that contains var/uploads never takes them (or temp files) for blobs."""
    wide = settings.model_copy(update={"storage_url": f"file://{settings.var_dir}"})
    storage = storage_from_url(wide.storage_url)
    assert isinstance(storage, LocalStorage)
    part = settings.var_dir / "uploads" / "tus" / f"{secrets.token_hex(16)}.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(b"half an upload")
    key = put_blob(storage, tmp_path, b"a blob")
    temp = storage.root / key[:2] / key[2:4] / ".incoming-abc123"
    temp.write_bytes(b"a blob being written")
    astray = storage.root / "zz" / "zz" / key  # a key at the wrong place
    astray.parent.mkdir(parents=True)
    astray.write_bytes(b"a blob")
    old = time.time() - 2 * HOUR
    for path in (part, temp, astray, storage.local_path(key)):
        assert path is not None
        os.utime(path, (old, old))

    assert [blob.key for blob in storage.iter_blobs()] == [key]
    report = check_storage(session, storage)
    swept = delete_orphans(session, storage, report, grace=timedelta(0))
    assert [blob.key for blob in swept.deleted] == [key]
    assert part.exists() and temp.exists() and astray.exists()


# --- the same on a real S3 server (radosgw in CI) ---------------------------------


@pytest.fixture
def s3_settings(settings: Settings, new_bucket_url: Callable[[], str]) -> Settings:
    """The test's settings with media in a new bucket."""
    return settings.model_copy(update={"storage_url": new_bucket_url()})


@pytest.mark.s3
def test_storage_check_on_s3(
    s3_settings: Settings,
    engine: Engine,
    session: Session,
    bundles: BundleFactory,
    tmp_path: Path,
) -> None:
    from app.exhibits.service import import_all

    storage = storage_from_url(s3_settings.storage_url)
    assert isinstance(storage, S3Storage)
    assert parse_qs(urlsplit(s3_settings.storage_url).query)["endpoint_url"]
    with Session(engine) as importing:
        import_all(importing, storage, s3_settings, bundles.make().parent)
        importing.commit()
    orphan = put_blob(storage, tmp_path, b"an orphan in the bucket")
    document = session.exec(select(MediaAsset).where(MediaAsset.kind == "document")).one()
    storage.delete(f"{document.sha256}.pdf")
    foreign = "notes/readme.txt"  # another program's object in a shared bucket
    storage.client.put_object(Bucket=storage.bucket, Key=foreign, Body=b"not ours")

    report = check_storage(session, storage)
    assert [b.key for b in report.orphans] == [orphan]
    assert [m.key for m in report.missing] == [f"{document.sha256}.pdf"]
    assert report.orphans[0].modified_at is not None
    young = delete_orphans(session, storage, report)
    assert young.deleted == [] and storage.exists(orphan)
    later = delete_orphans(session, storage, report, now=utcnow() + timedelta(hours=2))
    assert [b.key for b in later.deleted] == [orphan] and not storage.exists(orphan)
    assert storage.exists(foreign)
    in_use = keys_of(session, [m for m in session.exec(select(MediaAsset.id)).all() if m])
    assert all(storage.exists(key) for key in in_use - {f"{document.sha256}.pdf"})
