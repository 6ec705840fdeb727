"""Media bytes by content hash: live media for everyone, drafts for their editors."""

import re

from fastapi import APIRouter, Request
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from app.accounts.dependencies import current_user
from app.accounts.permissions import can_see_draft
from app.booths.models import Booth, RevisionMedia
from app.core.errors import NotFound
from app.media.models import MediaAsset, MediaFile
from app.storage import LocalStorage, Storage
from app.storage.base import BlobMissing, attachment_disposition

router = APIRouter()
KEY = re.compile(r"^[0-9a-f]{64}\.[a-z0-9]{2,5}$")
PUBLIC = "public, max-age=31536000, immutable"
PRIVATE = "private, no-store"


def _find(session: Session, sha256: str, extension: str) -> tuple[MediaFile, MediaAsset, bool]:
    """The stored file, its asset, and whether any live revision uses it."""
    rows = session.exec(
        select(MediaFile, MediaAsset)
        .join(MediaAsset, col(MediaAsset.id) == col(MediaFile.media_id))
        .where(MediaFile.sha256 == sha256, MediaFile.extension == extension)
    ).all()
    if not rows:
        raise NotFound("Media tidak ditemukan.")
    live = session.exec(
        select(RevisionMedia.media_id)
        .join(Booth, col(Booth.live_revision_id) == col(RevisionMedia.revision_id))
        .where(col(RevisionMedia.media_id).in_([asset.id for _file, asset in rows]))
        .limit(1)
    ).first()
    media_file, asset = rows[0]
    return media_file, asset, live is not None


def _disposition(asset: MediaAsset, media_file: MediaFile) -> str:
    if asset.kind == "document" and media_file.role == "original":
        return attachment_disposition(asset.filename)
    return "inline"


@router.get("/media/{key}", include_in_schema=False)
async def media(request: Request, key: str) -> Response:
    if not KEY.match(key):
        raise NotFound("Media tidak ditemukan.")
    sha256, extension = key.split(".")

    def lookup() -> tuple[MediaFile, MediaAsset, bool]:
        """The file, and whether it is public; drafts only for those who may see them."""
        with Session(request.app.state.engine, expire_on_commit=False) as session:
            media_file, asset, live = _find(session, sha256, extension)
            if not live:
                user = current_user(request, session)
                booth = session.get(Booth, asset.booth_id)
                if user is None or booth is None or not can_see_draft(session, user, booth):
                    raise NotFound("Media tidak ditemukan.")
                session.commit()  # a token's last-used time
            return media_file, asset, live

    media_file, asset, live = await run_in_threadpool(lookup)
    headers = {
        "Cache-Control": PUBLIC if live else PRIVATE,
        "Content-Disposition": _disposition(asset, media_file),
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    storage: Storage = request.app.state.storage
    path = storage.local_path(key)
    accel_prefix = request.app.state.settings.media_accel_prefix
    if path is not None and accel_prefix and isinstance(storage, LocalStorage):
        headers["X-Accel-Redirect"] = accel_prefix + path.relative_to(storage.root).as_posix()
        return Response(media_type=media_file.content_type, headers=headers)
    if path is not None and not path.is_file():
        raise BlobMissing()
    if path is not None:
        return FileResponse(path, media_type=media_file.content_type, headers=headers)
    download_name = asset.filename if headers["Content-Disposition"] != "inline" else None
    presigned = storage.presigned_url(key, filename=download_name)
    if presigned is not None:
        return RedirectResponse(presigned, status_code=302, headers={"Cache-Control": PRIVATE})
    return StreamingResponse(storage.open(key), media_type=media_file.content_type, headers=headers)
