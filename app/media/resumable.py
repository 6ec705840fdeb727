"""Resumable uploads' state: a row in `media_upload` and the bytes so far in
`var/uploads/tus/<id>.part`, so an upload survives restarts and is shared by every app
instance on the host. An exclusive `flock` on the partial file keeps two requests from
writing one upload at once. The whole file is checked, converted and stored outside
any transaction (`complete_upload`). The tus routes (`app/media/tus.py`) speak the protocol.
"""

import fcntl
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO, TypeVar

from sqlalchemy import Engine, update
from sqlmodel import Session, col, func, select

from app.core.config import MB, Settings
from app.core.db import write_session
from app.core.errors import Conflict, DomainError, Invalid, NotFound, Unavailable, Unsupported
from app.core.timeutil import utcnow
from app.media.models import MediaAsset
from app.media.service import (
    MediaDetails,
    PreparedMedia,
    check_details,
    prepare_file,
    record_media,
)
from app.media.sniff import sniff_file
from app.media.upload_models import MediaUpload
from app.media.uploads import too_large
from app.storage import Storage

UPLOAD_TTL = timedelta(hours=24)  # renewed by every PATCH
MAX_OPEN_UPLOADS = 20  # unfinished uploads per user: bounds the disk one account can hold
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}\Z")

T = TypeVar("T")


def tus_dir(settings: Settings) -> Path:
    return settings.var_dir / "uploads" / "tus"


def partial_path(settings: Settings, upload_id: str) -> Path:
    return tus_dir(settings) / f"{upload_id}.part"


def upload_details(upload: MediaUpload) -> MediaDetails:
    meta = upload.upload_metadata
    return MediaDetails(**{k: meta.get(k, "") for k in ("alt_text", "title", "caption", "credit")})


def create_upload(
    session: Session,
    settings: Settings,
    *,
    booth_id: int,
    user_id: int,
    length: int,
    metadata: dict[str, str],
) -> MediaUpload:
    """Reserve an upload of `length` bytes: an empty partial file, then the row (flushed)."""
    if length > settings.max_upload_mb * MB:
        raise too_large(settings.max_upload_mb * MB)
    if length == 0:
        raise Invalid("Berkas kosong.")
    upload = MediaUpload(
        id=secrets.token_hex(16),
        booth_id=booth_id,
        user_id=user_id,
        upload_length=length,
        upload_metadata=metadata,
        expires_at=utcnow() + UPLOAD_TTL,
    )
    check_details("", upload_details(upload))  # lengths now; alt text once the type is known
    open_uploads = session.exec(
        select(func.count())
        .select_from(MediaUpload)
        .where(
            MediaUpload.user_id == user_id,
            col(MediaUpload.media_id).is_(None),
            col(MediaUpload.expires_at) > utcnow(),
        )
    ).one()
    if open_uploads >= MAX_OPEN_UPLOADS:
        raise Conflict(
            "Terlalu banyak unggahan yang belum selesai ({limit}); selesaikan atau batalkan dulu.",
            limit=MAX_OPEN_UPLOADS,
        )
    path = partial_path(settings, upload.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(exist_ok=False)
    session.add(upload)
    session.flush()
    return upload


def find_upload(session: Session, upload_id: str, *, booth_id: int, user_id: int) -> MediaUpload:
    """The caller's own, unexpired upload into this booth; 404 for anything else."""
    upload = session.get(MediaUpload, upload_id) if UPLOAD_ID.match(upload_id) else None
    if (
        upload is None
        or upload.booth_id != booth_id
        or upload.user_id != user_id
        or upload.expires_at <= utcnow()
    ):
        raise NotFound("Unggahan tidak ditemukan atau sudah kedaluwarsa.")
    return upload


def record_offset(session: Session, upload: MediaUpload, new_offset: int) -> None:
    """Move the offset from the one we started at, or 409 if someone else moved it."""
    expires_at = utcnow() + UPLOAD_TTL
    moved = session.execute(
        update(MediaUpload)
        .where(
            col(MediaUpload.id) == upload.id,
            col(MediaUpload.upload_offset) == upload.upload_offset,
        )
        .values(upload_offset=new_offset, expires_at=expires_at)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult for UPDATE
        raise Conflict("Unggahan ini sedang diubah oleh permintaan lain.")
    upload.upload_offset, upload.expires_at = new_offset, expires_at


def check_first_bytes(settings: Settings, upload: MediaUpload) -> None:
    """Refuse early what prepare_file would refuse at the end: type, per-kind cap, alt text."""
    sniffed = sniff_file(partial_path(settings, upload.id))
    if sniffed is None:
        raise Unsupported(
            "Jenis berkas tidak diterima. Unggah gambar (JPEG, PNG, WebP, GIF, AVIF), "
            "video (MP4, WebM) atau dokumen PDF."
        )
    if upload.upload_length > settings.max_bytes(sniffed.kind):
        raise too_large(settings.max_bytes(sniffed.kind))
    check_details(sniffed.kind, upload_details(upload))


# tus calls back when an upload is complete, in the finishing transaction, with the
# session, the upload and `record` (which writes the item's rows and returns it): the
# callback records the item and does what its domain wants with it (the booth's media
# library places it in the draft), and returns the item.
UploadFinisher = Callable[[Session, MediaUpload, Callable[[], MediaAsset]], MediaAsset]


def finish_upload(
    session: Session, prepared: PreparedMedia, upload: MediaUpload, on_complete: UploadFinisher
) -> MediaAsset:
    """The prepared file's rows, and the upload marked done (flushed): the short write."""

    def record() -> MediaAsset:
        asset = record_media(
            session, prepared, booth_id=upload.booth_id, uploaded_by_id=upload.user_id
        )
        upload.media_id = asset.id
        upload.upload_offset = upload.upload_length
        session.add(upload)
        return asset

    asset = on_complete(session, upload, record)
    session.flush()
    return asset


def delete_upload(session: Session, settings: Settings, upload: MediaUpload) -> None:
    session.delete(upload)
    session.flush()
    partial_path(settings, upload.id).unlink(missing_ok=True)


def sweep_uploads(session: Session, settings: Settings, *, now: datetime | None = None) -> int:
    """Delete expired uploads and their bytes; returns how many were removed.

    Files that no upload owns any more (a crash) are app/media/leftovers.py's.
    """
    now = now or utcnow()
    expired = session.exec(select(MediaUpload).where(col(MediaUpload.expires_at) <= now)).all()
    for upload in expired:
        delete_upload(session, settings, upload)
    return len(expired)


def lock_partial(path: Path) -> BinaryIO:
    """The partial file, opened and exclusively locked (across processes), or 409."""
    try:
        handle = path.open("r+b")
    except FileNotFoundError:
        raise NotFound("Unggahan tidak ditemukan atau sudah kedaluwarsa.") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise Conflict(
            "Bagian lain dari unggahan ini sedang diterima; coba lagi sebentar."
        ) from None
    return handle


def in_transaction(engine: Engine, work: Callable[[Session], T]) -> T:
    """Run `work` in a short write transaction of its own, committed before the answer."""
    with write_session(engine) as session:
        result = work(session)
        session.commit()
        return result


def refuse_early(engine: Engine, settings: Settings, upload: MediaUpload) -> None:
    """Delete an upload whose first bytes are refused (`check_first_bytes`), and raise."""
    try:
        check_first_bytes(settings, upload)
    except DomainError:
        in_transaction(engine, lambda s: delete_upload(s, settings, s.merge(upload)))
        raise


def complete_upload(
    engine: Engine,
    storage: Storage,
    settings: Settings,
    upload: MediaUpload,
    on_complete: UploadFinisher,
) -> MediaAsset:
    """Check, convert and store the whole file, then record it in a short transaction.

    Refused, the upload is deleted; accepted, it is kept as done; if the decoder or
    the store is unavailable for now (503), it is kept as it was. The full offset is
    written in the same transaction as the media row: should anything else fail
    (a crash, the database), the upload still lacks its last bytes, so the client
    sends them again instead of taking a file that was never stored for a success.
    """
    try:
        prepared = prepare_file(
            storage,
            settings,
            source=partial_path(settings, upload.id),
            filename=upload.upload_metadata.get("filename"),
            details=upload_details(upload),
        )
    except Unavailable:
        raise  # busy or unreachable for now: the upload is kept, the client retries
    except DomainError:
        in_transaction(engine, lambda s: delete_upload(s, settings, s.merge(upload)))
        raise

    def record(session: Session) -> MediaAsset:
        record_offset(session, upload, upload.upload_length)
        return finish_upload(session, prepared, session.merge(upload), on_complete)

    asset = in_transaction(engine, record)
    partial_path(settings, upload.id).unlink(missing_ok=True)
    return asset
