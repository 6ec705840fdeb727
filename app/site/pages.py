"""Public booth pages, search and comparison."""

from typing import Any

from fastapi import APIRouter, Request
from sqlmodel import Session, col, select
from starlette.responses import Response

from app.booths.dependencies import DraftVisibleBooth
from app.booths.models import Booth
from app.booths.search import SearchFilters, search_booths, suggest_query
from app.booths.views import booth_page, draft_page, live_cards
from app.core.cache_layer import cached_page
from app.core.db import SessionDep
from app.core.errors import NotFound
from app.core.i18n import negotiate_language
from app.core.public import private_page, public_page
from app.guestbook.service import LATEST_ON_BOOTH, latest_approved
from app.halls.service import hall_by_slug, halls_in_order
from app.pillars import PILLARS
from app.regions.models import Province, Region

router = APIRouter()
MAX_COMPARED = 3
MAX_QUERY = 200


def booth_context(
    session: Session, lang: str, slug: str, *, guestbook: bool = True
) -> tuple[str, dict[str, Any]]:
    """The live booth `slug`; without `guestbook`, also without likes (the static export)."""
    page = booth_page(session, slug, lang)
    if page is None:
        raise NotFound("Anjungan tidak ditemukan.")
    if not guestbook:
        return "public/booth.html", {"booth": page}
    # One more than shown: whether to link to the rest, without counting them.
    entries = latest_approved(session, page.card.booth_id, limit=LATEST_ON_BOOTH + 1)
    latest = {"entries": entries[:LATEST_ON_BOOTH], "more": len(entries) > LATEST_ON_BOOTH}
    return "public/booth.html", {"booth": page, "guestbook": latest}


@cached_page(router, "/booths/{slug}")
async def booth(request: Request, slug: str) -> Response:
    return await public_page(request, lambda session, lang: booth_context(session, lang, slug))


def provinces_with_live_booths(session: Session) -> list[Province]:
    return list(
        session.exec(
            select(Province)
            .join(Region, col(Region.province_code) == col(Province.code))
            .join(Booth, col(Booth.region_code) == col(Region.code))
            .where(col(Booth.live_revision_id).is_not(None))
            .distinct()
            .order_by(col(Province.name))
        ).all()
    )


@cached_page(router, "/search", "q", "hall", "pillar", "province")
async def search(request: Request) -> Response:
    params = request.query_params
    query = params.get("q", "")[:MAX_QUERY].strip()

    def build(session: Session, lang: str) -> tuple[str, dict[str, Any]]:
        hall = hall_by_slug(session, params.get("hall", "")) if params.get("hall") else None
        pillar = params.get("pillar") if params.get("pillar") in PILLARS else None
        provinces = provinces_with_live_booths(session)
        province = params.get("province")
        province = province if province in {p.code for p in provinces} else None
        filters = SearchFilters(hall.id if hall else None, province, pillar)
        searched = bool(query or hall or province or pillar)
        hits = search_booths(session, query, filters) if searched else []
        cards = {c.booth_id: c for c in live_cards(session, lang)}
        results = [(cards[h.booth_id], h.snippet) for h in hits if h.booth_id in cards]
        selected = {
            "hall": hall.slug if hall else "",
            "province": province or "",
            "pillar": pillar or "",
        }
        suggestion = suggest_query(session, query, filters) if query and not results else None
        return "public/search.html", {
            "query": query,
            "suggestion": suggestion,
            "suggestion_query": {"q": suggestion, **{k: v for k, v in selected.items() if v}},
            "searched": searched,
            "results": results,
            "halls": halls_in_order(session),
            "provinces": provinces,
            "selected": selected,
        }

    return await public_page(request, build)


@cached_page(router, "/compare", "booths")
async def compare(request: Request) -> Response:
    # `?booths=a,b,c` (the contract) or repeated `booths` fields (a plain form).
    values = request.query_params.getlist("booths")
    wanted = list(dict.fromkeys(s for value in values for s in value.split(",") if s))
    wanted = wanted[:MAX_COMPARED]

    def build(session: Session, lang: str) -> tuple[str, dict[str, Any]]:
        pages = [p for slug in wanted if (p := booth_page(session, slug, lang))]
        return "public/compare.html", {
            "booths": pages,
            "choices": live_cards(session, lang),
            "selected": [p.card.slug for p in pages],
        }

    return await public_page(request, build)


@router.get("/workspace/booths/{slug}/preview", include_in_schema=False)
def preview(request: Request, booth: DraftVisibleBooth, session: SessionDep) -> Response:
    """The draft rendered exactly as the public booth will look; for its editors and reviewers."""
    page = draft_page(session, booth, negotiate_language(request))
    return private_page(request, "public/booth.html", {"booth": page, "preview": True})
