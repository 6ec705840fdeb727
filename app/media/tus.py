"""Resumable uploads: tus 1.0.0 core with the creation, termination and expiration extensions.

Large files on patchy connections arrive in several PATCH requests; what arrived
before a dropped connection is kept, and the client (e.g. Uppy) asks for the
offset with HEAD and goes on from there. What an upload has received so far is
`app/media/resumable.py`'s. The last byte sends the file through
`prepare_file` and `record_media`, like every other entry point: the file is checked,
converted and stored outside any transaction, then its rows go in one short one.
"""

import base64
import binascii
import os
from email.utils import format_datetime
from typing import Any, BinaryIO, Protocol, get_args

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.params import Depends as DependsParam
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.requests import ClientDisconnect

from app.accounts.models import User
from app.core.config import MB, Settings
from app.core.db import SessionDep, release
from app.core.errors import Conflict, DomainError, TooLarge, Unsupported
from app.core.numbers import ascii_int
from app.media.models import MediaAsset
from app.media.resumable import (
    UploadFinisher,
    complete_upload,
    create_upload,
    delete_upload,
    find_upload,
    in_transaction,
    lock_partial,
    partial_path,
    record_offset,
    refuse_early,
)
from app.media.sniff import HEAD_BYTES
from app.media.upload_models import MediaUpload
from app.media.uploads import ThreadedWriter
from app.media.views import main_url
from app.storage import Storage

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,expiration"
OCTET_STREAM = "application/offset+octet-stream"
IDLE_SECONDS = 60.0  # a PATCH that sends nothing for this long is ended and its bytes kept
METADATA_KEYS = ("filename", "alt_text", "title", "caption", "credit", "place")


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


class HasId(Protocol):
    id: int | None


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


# The guards share the request's session and may write (a token's last use); the
# handlers below commit it themselves, before answering, for two reasons: the client
# acts on the answer at once, and on SQLite a second session could not write while
# this one holds the lock.


def open_upload(request: Request, session: Session, *, booth_id: int, user_id: int) -> Response:
    """POST: reserve an upload of Upload-Length bytes; its URL is in Location."""
    settings: Settings = request.app.state.settings
    if "upload-defer-length" in request.headers:
        raise DomainError("Upload-Defer-Length tidak didukung; kirim Upload-Length.")
    length = _header_int(request, "upload-length")
    metadata = parse_metadata(request.headers.get("upload-metadata", ""))
    upload = create_upload(
        session, settings, booth_id=booth_id, user_id=user_id, length=length, metadata=metadata
    )
    session.commit()
    location = f"{request.url.path.rstrip('/')}/{upload.id}"
    return Response(status_code=201, headers=_tus_headers(upload, Location=location))


def report_offset(session: Session, upload_id: str, *, booth_id: int, user_id: int) -> Response:
    """HEAD: how many bytes arrived, and the media item once it is done."""
    upload = find_upload(session, upload_id, booth_id=booth_id, user_id=user_id)
    asset = session.get(MediaAsset, upload.media_id) if upload.media_id else None
    headers = _tus_headers(upload, **{"Upload-Length": str(upload.upload_length)})
    return Response(headers=headers | (_media_headers(asset) if asset else {}))


async def receive_bytes(
    request: Request,
    session: Session,
    upload_id: str,
    *,
    booth_id: int,
    user_id: int,
    on_complete: UploadFinisher,
) -> Response:
    """PATCH: append the body at Upload-Offset; the last byte finishes the upload."""
    engine: Engine = request.app.state.engine
    settings: Settings = request.app.state.settings
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != OCTET_STREAM:
        raise Unsupported("PATCH tus memerlukan Content-Type {type}.", type=OCTET_STREAM)
    offset = _header_int(request, "upload-offset")
    # Short transactions of our own from here on: the request's session would
    # otherwise hold a pooled connection (and maybe a lock) for the whole body.
    await anyio.to_thread.run_sync(release, session)

    def find(session: Session) -> MediaUpload:
        return find_upload(session, upload_id, booth_id=booth_id, user_id=user_id)

    upload = await anyio.to_thread.run_sync(in_transaction, engine, find)
    if upload.media_id is not None:  # a retry after the answer to the last PATCH was lost
        return await _finished(engine, upload, offset)
    handle = await anyio.to_thread.run_sync(lock_partial, partial_path(settings, upload.id))
    try:
        upload = await anyio.to_thread.run_sync(in_transaction, engine, find)  # under lock
        return await _append(request, handle, upload, offset, on_complete)
    finally:
        handle.close()  # releases the lock; quick, and must also run when cancelled


async def _append(
    request: Request,
    handle: BinaryIO,
    upload: MediaUpload,
    offset: int,
    on_complete: UploadFinisher,
) -> Response:
    """The locked part of a PATCH: the bytes written, the offset moved or the upload finished."""
    engine: Engine = request.app.state.engine
    settings: Settings = request.app.state.settings
    if offset != upload.upload_offset:
        raise Conflict(
            "Upload-Offset {sent} tidak cocok; server sudah menerima {have} byte.",
            sent=offset,
            have=upload.upload_offset,
        )
    declared = request.headers.get("content-length", "")
    if (length := ascii_int(declared)) is not None and offset + length > upload.upload_length:
        raise TooLarge("Data melebihi Upload-Length yang diumumkan.")
    end = await append_body(request, handle, offset=offset, length=upload.upload_length)
    if end == upload.upload_length:  # the offset moves with the media row, below
        storage: Storage = request.app.state.storage
        asset = await anyio.to_thread.run_sync(
            complete_upload, engine, storage, settings, upload, on_complete
        )
        return Response(status_code=204, headers=_tus_headers(upload) | _media_headers(asset))
    await anyio.to_thread.run_sync(in_transaction, engine, lambda s: record_offset(s, upload, end))
    if offset < HEAD_BYTES <= end:
        await anyio.to_thread.run_sync(refuse_early, engine, settings, upload)
    return Response(status_code=204, headers=_tus_headers(upload))


def end_upload(
    request: Request, session: Session, upload_id: str, *, booth_id: int, user_id: int
) -> Response:
    """DELETE: the upload and its bytes gone (waiting for a PATCH that is writing them)."""
    settings: Settings = request.app.state.settings
    upload = find_upload(session, upload_id, booth_id=booth_id, user_id=user_id)
    path = partial_path(settings, upload.id)
    handle = lock_partial(path) if upload.media_id is None and path.exists() else None
    try:
        delete_upload(session, settings, upload)
        session.commit()
    finally:
        if handle is not None:
            handle.close()
    return Response(status_code=204, headers=_tus_headers())


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
    router.options("/", status_code=204)(capabilities)

    @router.post("/", status_code=201, dependencies=guarded)
    def create(
        request: Request, session: SessionDep, booth: HasId = booth_dep, user: User = user_dep
    ) -> Response:
        return open_upload(request, session, booth_id=_id(booth), user_id=_id(user))

    @router.head("/{upload_id}", dependencies=tus)
    def offset(
        upload_id: str, session: SessionDep, booth: HasId = booth_dep, user: User = user_dep
    ) -> Response:
        return report_offset(session, upload_id, booth_id=_id(booth), user_id=_id(user))

    @router.patch("/{upload_id}", status_code=204, dependencies=guarded)
    async def receive(
        request: Request,
        upload_id: str,
        session: SessionDep,
        booth: HasId = booth_dep,
        user: User = user_dep,
    ) -> Response:
        ids = {"booth_id": _id(booth), "user_id": _id(user)}
        return await receive_bytes(request, session, upload_id, **ids, on_complete=on_complete)

    @router.delete("/{upload_id}", status_code=204, dependencies=guarded)
    def terminate(
        request: Request,
        upload_id: str,
        session: SessionDep,
        booth: HasId = booth_dep,
        user: User = user_dep,
    ) -> Response:
        return end_upload(request, session, upload_id, booth_id=_id(booth), user_id=_id(user))

    return router


def _id(row: HasId) -> int:
    assert row.id is not None  # rows from the database always have one
    return row.id


async def _finished(engine: Engine, upload: MediaUpload, offset: int) -> Response:
    if offset != upload.upload_length:
        raise Conflict("Unggahan ini sudah selesai.")

    def look(session: Session) -> MediaAsset | None:
        return session.get(MediaAsset, upload.media_id)

    asset = await anyio.to_thread.run_sync(in_transaction, engine, look)
    media = _media_headers(asset) if asset is not None else {}
    return Response(status_code=204, headers=_tus_headers(upload) | media)
