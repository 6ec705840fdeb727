"""The halls in the organizer's order, and a hall with its booths in that order."""

from typing import Any

from fastapi import APIRouter, Request
from sqlmodel import Session
from starlette.responses import Response

from app.booths.models import Booth
from app.booths.views import halls_with_counts, live_cards
from app.core.cache_layer import cached_page
from app.core.errors import NotFound
from app.core.public import public_page
from app.halls.service import hall_by_slug, halls_in_order
from app.regions.geo import project_points

router = APIRouter()


def halls_context(session: Session, lang: str) -> tuple[str, dict[str, Any]]:
    """Every hall with its number of live booths; the hero marks every live booth."""
    cards = live_cards(session, lang)
    return "public/halls.html", {
        "halls": halls_with_counts(session),
        "hero_points": project_points((c.latitude, c.longitude) for c in cards),
    }


def hall_context(session: Session, lang: str, slug: str) -> tuple[str, dict[str, Any]]:
    """The hall `slug` with its live booths; NotFound for an unknown hall."""
    hall = hall_by_slug(session, slug)
    if hall is None:
        raise NotFound("Aula tidak ditemukan.")
    halls = halls_in_order(session)
    index = [h.id for h in halls].index(hall.id)
    cards = live_cards(session, lang, Booth.hall_id == hall.id)
    return "public/hall.html", {
        "hall": hall,
        "cards": cards,
        "hero_points": project_points((c.latitude, c.longitude) for c in cards),
        "previous_hall": halls[index - 1] if index > 0 else None,
        "next_hall": halls[index + 1] if index + 1 < len(halls) else None,
    }


@cached_page(router, "/halls")
async def halls_page(request: Request) -> Response:
    return await public_page(request, halls_context)


@cached_page(router, "/halls/{slug}")
async def hall_page(request: Request, slug: str) -> Response:
    return await public_page(request, lambda session, lang: hall_context(session, lang, slug))
