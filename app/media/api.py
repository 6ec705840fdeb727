"""Workspace media: uploads through the one pipeline (API.md, workspace media)."""

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from app.accounts.dependencies import CurrentUser, EditableBooth, check_csrf
from app.core.db import SessionDep
from app.core.errors import Invalid
from app.media.service import MediaDetails, ingest_file
from app.media.uploads import receive_multipart
from app.media.views import main_url

router = APIRouter(
    prefix="/api/v1/workspace", tags=["workspace"], dependencies=[Depends(check_csrf)]
)
MB = 1024 * 1024


class MediaCreated(BaseModel):
    id: int
    kind: str
    url: str
    sha256: str
    size: int


@router.post("/booths/{slug}/media", status_code=201, response_model=MediaCreated)
async def upload_media(
    request: Request, booth: EditableBooth, user: CurrentUser, session: SessionDep
) -> MediaCreated:
    """One `file` plus its texts, streamed to disk under the size cap, then checked."""
    settings = request.app.state.settings
    with tempfile.TemporaryDirectory(prefix="pameran-upload-") as work:
        form = await receive_multipart(
            request, max_bytes=settings.max_upload_mb * MB, work_dir=Path(work)
        )
        if form.path is None:
            raise Invalid("Pilih berkas untuk diunggah.")
        details = MediaDetails(
            **{k: form.fields.get(k, "") for k in MediaDetails.__dataclass_fields__}
        )
        asset = await run_in_threadpool(
            ingest_file,
            session,
            request.app.state.storage,
            settings,
            booth_id=booth.id or 0,
            source=form.path,
            filename=form.filename,
            details=details,
            uploaded_by_id=user.id,
        )
    return MediaCreated(
        id=asset.id or 0, kind=asset.kind, url=main_url(asset), sha256=asset.sha256, size=asset.size
    )
