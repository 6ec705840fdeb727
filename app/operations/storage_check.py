"""`pameran storage check`: blobs without rows, rows without blobs, and the sweep.

Which blobs the database uses: every `media_file` row names one (`<sha256>.<ext>`:
originals, image renditions, PDF previews, posters, captions), and every non-link
`media_asset` names its main file by hash. Revisions reach blobs only through media
rows (`revision_media`, and the media ids in their content), and a media row that a
revision uses cannot be deleted (foreign key), so a blob a revision uses always has
its rows. Should a revision name media whose rows are gone anyway, the database no
longer knows which blobs that media had: then the check fails and deletes nothing.

Blobs are written before their rows, so a blob without rows may belong to an upload
in progress: only blobs older than a grace period are deleted.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from app.booths.models import Booth, BoothRevision, RevisionMedia
from app.booths.schemas import slot_values
from app.core.timeutil import utcnow
from app.media.models import MediaAsset, MediaFile
from app.storage import BlobInfo, Storage

GRACE = timedelta(hours=1)


@dataclass(frozen=True)
class BlobUse:
    """A row that needs a blob: the media item, its booth, and the file's role."""

    key: str
    media_id: int
    booth_slug: str
    role: str


@dataclass(frozen=True)
class LostRevisionMedia:
    """A revision names media the database has no files for."""

    media_id: int
    booth_slug: str
    revision_number: int


@dataclass
class StorageReport:
    stored: int = 0  # blobs in the storage
    used: int = 0  # distinct blob keys the rows name
    orphans: list[BlobInfo] = field(default_factory=list)
    missing: list[BlobUse] = field(default_factory=list)
    lost_revision_media: list[LostRevisionMedia] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        """Every row has its blob (orphans are waste, not damage)."""
        return not self.missing and not self.lost_revision_media


@dataclass
class SweepResult:
    deleted: list[BlobInfo] = field(default_factory=list)
    young: list[BlobInfo] = field(default_factory=list)  # inside the grace period
    in_use: list[BlobInfo] = field(default_factory=list)  # a row names it by now
    # Revisions name media without files: any orphan could be theirs, so none went.
    refused: bool = False


def blob_uses(session: Session) -> dict[str, BlobUse]:
    """Every blob key a `media_file` row names, with one row that names it."""
    rows = session.exec(
        select(MediaFile, Booth.slug)  # outer joins: every file row counts, whatever else
        .outerjoin(MediaAsset, col(MediaAsset.id) == col(MediaFile.media_id))
        .outerjoin(Booth, col(Booth.id) == col(MediaAsset.booth_id))
        .order_by(col(MediaFile.id))
        .execution_options(yield_per=1000)
    )
    uses: dict[str, BlobUse] = {}
    for media_file, slug in rows:
        key = f"{media_file.sha256}.{media_file.extension}"
        uses.setdefault(key, BlobUse(key, media_file.media_id, slug or "?", media_file.role))
    return uses


def main_file_hashes(session: Session) -> set[str]:
    """The hashes of the media items' main files (links have none)."""
    hashes = session.exec(select(col(MediaAsset.sha256)).distinct()).all()
    return {sha for sha in hashes if sha}


def content_media_ids(content: dict[str, Any]) -> Iterator[int]:
    """The media ids booth content names in its slots (logo, banner, gallery, …)."""
    yield from (i for i in slot_values(content) if isinstance(i, int))


def lost_revision_media(session: Session) -> list[LostRevisionMedia]:
    """Media that revisions name but whose rows (or, for files, file rows) are gone."""
    kinds = dict(session.exec(select(MediaAsset.id, MediaAsset.kind)).all())
    with_files = set(session.exec(select(col(MediaFile.media_id)).distinct()).all())
    slugs = dict(session.exec(select(Booth.id, Booth.slug)).all())
    linked: dict[int, set[int]] = {}
    for revision_id, media_id in session.exec(
        select(RevisionMedia.revision_id, RevisionMedia.media_id)
    ):
        linked.setdefault(revision_id, set()).add(media_id)
    lost = []
    revisions = session.exec(
        select(BoothRevision)
        .order_by(col(BoothRevision.booth_id), col(BoothRevision.number))
        .execution_options(yield_per=200)
    )
    for revision in revisions:
        named = set(content_media_ids(revision.content or {}))
        named |= linked.get(revision.id or 0, set())
        for media_id in sorted(named):
            kind = kinds.get(media_id)
            if kind is None or (kind != "embed" and media_id not in with_files):
                slug = slugs.get(revision.booth_id, f"#{revision.booth_id}")
                lost.append(LostRevisionMedia(media_id, slug, revision.number))
        session.expunge(revision)  # one revision's content at a time in memory
    return lost


def check_storage(session: Session, storage: Storage) -> StorageReport:
    """Compare the blobs in the storage with the blobs the rows name."""
    # Rows first, then the listing: a row committed before we read it had its blob
    # written before that, so it is listed; a blob written after the rows were read
    # may look like an orphan, but it is young and the grace period keeps it.
    uses = blob_uses(session)
    main_hashes = main_file_hashes(session)
    report = StorageReport(used=len(uses), lost_revision_media=lost_revision_media(session))
    session.rollback()  # end the read transaction before the (maybe long) listing
    listed: set[str] = set()
    for blob in storage.iter_blobs():
        report.stored += 1
        listed.add(blob.key)
        if blob.key not in uses and blob.key.split(".", 1)[0] not in main_hashes:
            report.orphans.append(blob)
    report.orphans.sort(key=lambda b: b.key)
    report.missing = [use for key, use in sorted(uses.items()) if key not in listed]
    return report


def _used_now(session: Session, key: str) -> bool:
    """Whether a row names `key` at this moment (an upload may have reused its bytes)."""
    sha256, _, extension = key.partition(".")
    session.rollback()  # a fresh read, not the snapshot of an earlier query
    file_row = session.exec(
        select(MediaFile.id).where(MediaFile.sha256 == sha256, MediaFile.extension == extension)
    ).first()
    asset_row = session.exec(select(MediaAsset.id).where(MediaAsset.sha256 == sha256)).first()
    return file_row is not None or asset_row is not None


def delete_orphans(
    session: Session,
    storage: Storage,
    report: StorageReport,
    *,
    grace: timedelta = GRACE,
    now: datetime | None = None,
) -> SweepResult:
    """Delete the report's orphans written longer than `grace` ago that still have no row."""
    if report.lost_revision_media:
        return SweepResult(refused=True)
    cutoff = (now or utcnow()) - grace
    result = SweepResult()
    for blob in report.orphans:
        if blob.modified_at is None or blob.modified_at > cutoff:
            result.young.append(blob)
        elif _used_now(session, blob.key):
            result.in_use.append(blob)
        else:
            storage.delete(blob.key)
            result.deleted.append(blob)
    session.rollback()
    return result
