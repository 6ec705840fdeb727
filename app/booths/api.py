"""Public JSON API: live content only (API.md, "Public")."""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlmodel import col

from app.accounts.dependencies import CurrentUser, check_csrf
from app.booths.dependencies import EditableBooth
from app.booths.models import Booth
from app.booths.schemas import LIST_SLOTS, SINGLE_SLOTS, BoothContent, PillarKey
from app.booths.search import SearchFilters, search_booths
from app.booths.service import MediaInUse, delete_media, save_draft
from app.booths.views import live_rows
from app.core.db import SessionDep
from app.core.errors import NotFound
from app.core.i18n import error_message
from app.core.numbers import RowId
from app.halls.service import hall_by_slug
from app.media.views import MediaSet, load_media, media_url

router = APIRouter(prefix="/api/v1", tags=["public"])


class RegionOut(BaseModel):
    code: str
    name: str


class BoothListItem(BaseModel):
    slug: str
    title: str
    region: RegionOut
    hall: str | None


class BoothOut(BaseModel):
    slug: str
    region: RegionOut
    hall: str | None
    revision: int
    published_at: datetime | None
    content: dict[str, Any]


def media_object(media: MediaSet, media_id: int) -> dict[str, Any] | None:
    """A media id as the public API shows it: its kind, texts and URLs."""
    asset = media.assets.get(media_id)
    if asset is None:
        return None
    shown: dict[str, Any] = {
        "id": media_id,
        "kind": asset.kind,
        "alt_text": asset.alt_text,
        "title": asset.title,
        "caption": asset.caption,
        "credit": asset.credit,
    }
    if (image := media.image(media_id)) is not None:
        shown |= {
            "url": image.src,
            "width": image.width,
            "height": image.height,
            "renditions": [
                {
                    "url": media_url(media_id, f.sha256, f.extension),
                    "width": f.width,
                    "format": f.extension,
                }
                for f in sorted(media.files[media_id], key=lambda f: f.width or 0)
            ],
        }
    elif (document := media.document(media_id)) is not None:
        shown |= {
            "url": document.url,
            "filename": document.filename,
            "size": document.size,
            "page_count": document.page_count,
        }
    elif (video := media.video(media_id)) is not None:
        shown |= {"url": video.url or video.watch_url, "provider": video.provider}
    return shown


def content_with_media(content: BoothContent, media: MediaSet) -> dict[str, Any]:
    shown = content.model_dump(mode="json", exclude_defaults=True)
    for key in SINGLE_SLOTS:
        if shown.get(key):
            shown[key] = media_object(media, shown[key])
    for key in LIST_SLOTS:
        shown[key] = [m for i in shown.get(key, []) if (m := media_object(media, i))]
    return shown


@router.get("/booths", response_model=list[BoothListItem])
def list_booths(
    session: SessionDep,
    hall: str | None = None,
    pillar: PillarKey | None = None,
    q: str | None = Query(default=None, max_length=200),
    limit: int | None = Query(default=None, ge=1, le=1000),
    offset: int = Query(default=0, ge=0),
) -> list[BoothListItem]:
    conditions: list[object] = []
    if hall is not None:
        found = hall_by_slug(session, hall)
        if found is None:
            return []
        conditions.append(Booth.hall_id == found.id)
    if q or pillar:
        hits = search_booths(session, q or "", SearchFilters(pillar=pillar))
        conditions.append(col(Booth.id).in_([h.booth_id for h in hits]))
    rows = live_rows(session, *conditions)
    items = [
        BoothListItem(
            slug=booth.slug,
            title=revision.content["title"],
            region=RegionOut(code=region.code, name=region.name),
            hall=hall_row.slug if hall_row else None,
        )
        for booth, revision, region, _province, hall_row in rows
    ]
    return items[offset : offset + limit if limit else None]


@router.get("/booths/{slug}", response_model=BoothOut)
def get_booth(slug: str, session: SessionDep) -> BoothOut:
    rows = live_rows(session, Booth.slug == slug)
    if not rows:
        raise NotFound("Anjungan tidak ditemukan.")
    booth, revision, region, _province, hall = rows[0]
    content = BoothContent.model_validate(revision.content)
    return BoothOut(
        slug=booth.slug,
        region=RegionOut(code=region.code, name=region.name),
        hall=hall.slug if hall else None,
        revision=revision.number,
        published_at=revision.published_at,
        content=content_with_media(content, load_media(session, content.media_ids())),
    )


workspace = APIRouter(
    prefix="/api/v1/workspace", tags=["workspace"], dependencies=[Depends(check_csrf)]
)


@workspace.get("/booths/{slug}/draft")
def get_draft(booth: EditableBooth) -> dict[str, Any]:
    return booth.draft


@workspace.put("/booths/{slug}/draft")
def put_draft(
    booth: EditableBooth, content: BoothContent, user: CurrentUser, session: SessionDep
) -> dict[str, Any]:
    return save_draft(session, booth, content, actor_id=user.id).draft


@workspace.delete("/booths/{slug}/media/{media_id}", status_code=204)
def delete_booth_media(
    request: Request, media_id: RowId, booth: EditableBooth, user: CurrentUser, session: SessionDep
) -> Response:
    """204, or 409 with `used_in`: the draft's places and the revisions that name it."""
    try:
        delete_media(session, booth, media_id, actor_id=user.id)
    except MediaInUse as error:
        used_in = [
            {"draft": use.place} if use.place else {"revision": use.revision} for use in error.uses
        ]
        detail = error_message(request, error)
        return JSONResponse({"detail": detail, "used_in": used_in}, status_code=409)
    return Response(status_code=204)
