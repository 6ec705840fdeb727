"""Resumable uploads: tus 1.0.0 core with the creation, termination and expiration extensions.

Large files on patchy connections arrive in several PATCH requests; what arrived
before a dropped connection is kept, and the client (e.g. Uppy) asks for the
offset with HEAD and goes on from there. State lives in the `media_upload` table
and in `var/uploads/tus/<id>.part`, so it survives restarts and is shared by every
app instance on the host; an exclusive `flock` on the partial file keeps two
requests from writing one upload at once. The last byte sends the file through
`prepare_file` and `record_media`, like every other entry point: the file is checked,
converted and stored outside any transaction, then its rows go in one short one.
"""

import base64
import binascii
import fcntl
import os
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol, TypeVar, get_args

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.params import Depends as DependsParam
from sqlalchemy import Engine, update
from sqlmodel import Session, col, func, select
from starlette.requests import ClientDisconnect

from app.accounts.models import User
from app.core.config import MB, Settings
from app.core.db import SessionDep, release, write_session
from app.core.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotFound,
    TooLarge,
    Unavailable,
    Unsupported,
)
from app.core.numbers import ascii_int
from app.core.timeutil import utcnow
from app.media.models import MediaAsset
from app.media.service import (
    MediaDetails,
    PreparedMedia,
    check_details,
    prepare_file,
    record_media,
)
from app.media.sniff import HEAD_BYTES, sniff_file
from app.media.upload_models import MediaUpload
from app.media.uploads import ThreadedWriter, too_large
from app.media.views import main_url
from app.storage import Storage

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,expiration"
OCTET_STREAM = "application/offset+octet-stream"
UPLOAD_TTL = timedelta(hours=24)  # renewed by every PATCH
MAX_OPEN_UPLOADS = 20  # unfinished uploads per user: bounds the disk one account can hold
IDLE_SECONDS = 60.0  # a PATCH that sends nothing for this long is ended and its bytes kept
METADATA_KEYS = ("filename", "alt_text", "title", "caption", "credit", "place")
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}\Z")

T = TypeVar("T")


def tus_dir(settings: Settings) -> Path:
    return settings.var_dir / "uploads" / "tus"


def partial_path(settings: Settings, upload_id: str) -> Path:
    return tus_dir(settings) / f"{upload_id}.part"


def parse_metadata(header: str) -> dict[str, str]:
    """`Upload-Metadata`: comma-separated `key base64(value)` pairs; other keys are ignored."""
    values: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _, encoded = pair.partition(" ")
        try:
            value = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise DomainError("Header Upload-Metadata tidak sah.") from None
        if key == "name":  # Uppy's name for the file name
            values.setdefault("filename", value)
        elif key in METADATA_KEYS:
            values[key] = value
    return values


def _details(upload: MediaUpload) -> MediaDetails:
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
    check_details("", _details(upload))  # lengths now; alt text once the type is known
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
    check_details(sniffed.kind, _details(upload))


# tus calls back when an upload is complete, in the finishing transaction, with the
# session, the upload and `record` (which writes the item's rows and returns it): the
# callback records the item and does what its domain wants with it (the booth's media
# library places it in the draft), and returns the item.
UploadFinisher = Callable[[Session, MediaUpload, Callable[[], MediaAsset]], MediaAsset]


class HasId(Protocol):
    id: int | None


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


def _lock(path: Path) -> BinaryIO:
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


async def append_body(request: Request, handle: BinaryIO, *, offset: int, length: int) -> int:
    """Write the request body at `offset`, never past `length`; returns the new offset.

    Bytes that arrived before the client went away or fell silent are kept: that is
    what lets the client resume. They are on disk (fsynced) when this returns.
    """

    def start() -> None:
        handle.seek(offset)
        handle.truncate()  # bytes past the recorded offset were never acknowledged

    await anyio.to_thread.run_sync(start)
    writer, end = ThreadedWriter(handle), offset
    chunks = request.stream().__aiter__()
    try:
        while True:
            with anyio.move_on_after(IDLE_SECONDS) as idle:
                chunk = await chunks.__anext__()
            if idle.cancelled_caught:
                break  # a dead connection must not hold the lock until TCP gives up
            end += len(chunk)
            if end > length:
                raise TooLarge("Data melebihi Upload-Length yang diumumkan.")
            writer.add(chunk)
            await writer.flush()
    except (StopAsyncIteration, ClientDisconnect):
        pass
    await writer.flush(force=True)

    def sync() -> None:
        handle.flush()
        os.fsync(handle.fileno())

    await anyio.to_thread.run_sync(sync)
    return end


def _in_transaction(engine: Engine, work: Callable[[Session], T]) -> T:
    """Run `work` in a short write transaction of its own, committed before the answer."""
    with write_session(engine) as session:
        result = work(session)
        session.commit()
        return result


def _tus_headers(upload: MediaUpload | None = None, **extra: str) -> dict[str, str]:
    headers = {"Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store", **extra}
    if upload is not None:
        headers["Upload-Offset"] = str(upload.upload_offset)
        headers["Upload-Expires"] = format_datetime(upload.expires_at, usegmt=True)
    return headers


def _media_headers(asset: MediaAsset) -> dict[str, str]:
    return {
        "Pameran-Media-Id": str(asset.id),
        "Pameran-Media-Kind": asset.kind,
        "Pameran-Media-Url": main_url(asset),
    }


def _header_int(request: Request, name: str) -> int:
    value = ascii_int(request.headers.get(name, ""))
    if value is None or value < 0:
        raise DomainError("Header {name} wajib berupa bilangan bulat tak negatif.", name=name)
    return value


def require_tus_version(request: Request) -> None:
    if request.headers.get("tus-resumable") != TUS_VERSION:
        raise HTTPException(412, "Tus-Resumable: 1.0.0 required", {"Tus-Version": TUS_VERSION})


def _as_depends(dependency: Any) -> Any:
    """Accept a dependency function or an `Annotated[X, Depends(f)]` alias."""
    for meta in get_args(dependency)[1:]:
        if isinstance(meta, DependsParam):
            return meta
    return Depends(dependency)


def tus_router(
    booth_dependency: Any,
    user_dependency: Any,
    csrf_dependency: Any,
    *,
    on_complete: UploadFinisher,
) -> APIRouter:
    """Routes under /api/v1/workspace/booths/{slug}/tus/, guarded by the given dependencies.

    Each may be a function or an `Annotated[..., Depends(...)]` alias (e.g. `EditableBooth`);
    `on_complete` records each finished upload (`UploadFinisher`).
    """
    router = APIRouter(prefix="/api/v1/workspace/booths/{slug}/tus", tags=["workspace"])
    booth_dep, user_dep = _as_depends(booth_dependency), _as_depends(user_dependency)
    tus = [Depends(require_tus_version)]
    # The user first, so that an anonymous caller hears 401 rather than a CSRF 403.
    guarded = [*tus, user_dep, _as_depends(csrf_dependency)]

    def state(request: Request) -> tuple[Engine, Settings, Storage]:
        return request.app.state.engine, request.app.state.settings, request.app.state.storage

    @router.options("/", status_code=204)
    def capabilities(request: Request) -> Response:
        """The capability probe: no Tus-Resumable needed, nothing to protect."""
        max_size = request.app.state.settings.max_upload_mb * MB
        return Response(
            status_code=204,
            headers={
                "Tus-Resumable": TUS_VERSION,
                "Tus-Version": TUS_VERSION,
                "Tus-Extension": TUS_EXTENSIONS,
                "Tus-Max-Size": str(max_size),
            },
        )

    # The guards share the request's session and may write (a token's last use);
    # these handlers commit it themselves, before answering, for two reasons: the
    # client acts on the answer at once, and on SQLite a second session could not
    # write while this one holds the lock.

    @router.post("/", status_code=201, dependencies=guarded)
    def create(
        request: Request, session: SessionDep, booth: HasId = booth_dep, user: User = user_dep
    ) -> Response:
        settings: Settings = request.app.state.settings
        if "upload-defer-length" in request.headers:
            raise DomainError("Upload-Defer-Length tidak didukung; kirim Upload-Length.")
        length = _header_int(request, "upload-length")
        metadata = parse_metadata(request.headers.get("upload-metadata", ""))
        upload = create_upload(
            session, settings, booth_id=_id(booth), user_id=_id(user), length=length,
            metadata=metadata,
        )  # fmt: skip
        session.commit()
        location = f"{request.url.path.rstrip('/')}/{upload.id}"
        return Response(status_code=201, headers=_tus_headers(upload, Location=location))

    @router.head("/{upload_id}", dependencies=tus)
    def offset(
        upload_id: str, session: SessionDep, booth: HasId = booth_dep, user: User = user_dep
    ) -> Response:
        upload = find_upload(session, upload_id, booth_id=_id(booth), user_id=_id(user))
        asset = session.get(MediaAsset, upload.media_id) if upload.media_id else None
        headers = _tus_headers(upload, **{"Upload-Length": str(upload.upload_length)})
        return Response(headers=headers | (_media_headers(asset) if asset else {}))

    @router.patch("/{upload_id}", status_code=204, dependencies=guarded)
    async def receive(
        request: Request,
        upload_id: str,
        session: SessionDep,
        booth: HasId = booth_dep,
        user: User = user_dep,
    ) -> Response:
        engine, settings, storage = state(request)
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != OCTET_STREAM:
            raise Unsupported("PATCH tus memerlukan Content-Type {type}.", type=OCTET_STREAM)
        offset = _header_int(request, "upload-offset")
        booth_id, user_id = _id(booth), _id(user)
        # Short transactions of our own from here on: the request's session would
        # otherwise hold a pooled connection (and maybe a lock) for the whole body.
        await anyio.to_thread.run_sync(release, session)

        def find(session: Session) -> MediaUpload:
            return find_upload(session, upload_id, booth_id=booth_id, user_id=user_id)

        upload = await anyio.to_thread.run_sync(_in_transaction, engine, find)
        if upload.media_id is not None:  # a retry after the answer to the last PATCH was lost
            return await _finished(engine, upload, offset)
        handle = await anyio.to_thread.run_sync(_lock, partial_path(settings, upload.id))
        try:
            upload = await anyio.to_thread.run_sync(_in_transaction, engine, find)  # under lock
            if offset != upload.upload_offset:
                raise Conflict(
                    "Upload-Offset {sent} tidak cocok; server sudah menerima {have} byte.",
                    sent=offset,
                    have=upload.upload_offset,
                )
            declared = request.headers.get("content-length", "")
            if (
                length := ascii_int(declared)
            ) is not None and offset + length > upload.upload_length:
                raise TooLarge("Data melebihi Upload-Length yang diumumkan.")
            end = await append_body(request, handle, offset=offset, length=upload.upload_length)
            if end == upload.upload_length:  # the offset moves with the media row, below
                asset = await anyio.to_thread.run_sync(
                    _finish, engine, storage, settings, upload, on_complete
                )
                return Response(
                    status_code=204, headers=_tus_headers(upload) | _media_headers(asset)
                )
            await anyio.to_thread.run_sync(
                _in_transaction, engine, lambda s: record_offset(s, upload, end)
            )
            if offset < HEAD_BYTES <= end:
                await anyio.to_thread.run_sync(_refuse_early, engine, settings, upload)
            return Response(status_code=204, headers=_tus_headers(upload))
        finally:
            handle.close()  # releases the lock; quick, and must also run when cancelled

    @router.delete("/{upload_id}", status_code=204, dependencies=guarded)
    def terminate(
        request: Request,
        upload_id: str,
        session: SessionDep,
        booth: HasId = booth_dep,
        user: User = user_dep,
    ) -> Response:
        settings: Settings = request.app.state.settings
        upload = find_upload(session, upload_id, booth_id=_id(booth), user_id=_id(user))
        path = partial_path(settings, upload.id)
        handle = _lock(path) if upload.media_id is None and path.exists() else None
        try:
            delete_upload(session, settings, upload)
            session.commit()
        finally:
            if handle is not None:
                handle.close()
        return Response(status_code=204, headers=_tus_headers())

    return router


def _id(row: HasId) -> int:
    assert row.id is not None  # rows from the database always have one
    return row.id


async def _finished(engine: Engine, upload: MediaUpload, offset: int) -> Response:
    if offset != upload.upload_length:
        raise Conflict("Unggahan ini sudah selesai.")

    def look(session: Session) -> MediaAsset | None:
        return session.get(MediaAsset, upload.media_id)

    asset = await anyio.to_thread.run_sync(_in_transaction, engine, look)
    media = _media_headers(asset) if asset is not None else {}
    return Response(status_code=204, headers=_tus_headers(upload) | media)


def _refuse_early(engine: Engine, settings: Settings, upload: MediaUpload) -> None:
    try:
        check_first_bytes(settings, upload)
    except DomainError:
        _in_transaction(engine, lambda s: delete_upload(s, settings, s.merge(upload)))
        raise


def _finish(
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
            details=_details(upload),
        )
    except Unavailable:
        raise  # busy or unreachable for now: the upload is kept, the client retries
    except DomainError:
        _in_transaction(engine, lambda s: delete_upload(s, settings, s.merge(upload)))
        raise

    def record(session: Session) -> MediaAsset:
        record_offset(session, upload, upload.upload_length)
        return finish_upload(session, prepared, session.merge(upload), on_complete)

    asset = _in_transaction(engine, record)
    partial_path(settings, upload.id).unlink(missing_ok=True)
    return asset
