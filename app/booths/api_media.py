"""Workspace media: uploads through the one pipeline (API.md, workspace media)."""

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from app.accounts.dependencies import CurrentUser, check_csrf
from app.booths.dependencies import EditableBooth, still_editable
from app.core.db import SessionDep
from app.media.uploads import upload_to_library
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
    asset, _fields = await upload_to_library(
        request,
        session,
        booth_id=booth.id or 0,
        user_id=user.id,
        recheck=lambda again: still_editable(again, booth, user),
    )
    return MediaCreated(
        id=asset.id or 0, kind=asset.kind, url=main_url(asset), sha256=asset.sha256, size=asset.size
    )
