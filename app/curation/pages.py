"""The lobby: what the exhibition is, its halls, featured booths and the map."""

from typing import Any

from fastapi import APIRouter, Request
from sqlmodel import Session
from starlette.responses import Response

from app.booths.views import halls_with_counts, live_cards
from app.core.cache_layer import cached_page
from app.core.public import public_page
from app.regions.geo import load_map, project

router = APIRouter()


def lobby_context(session: Session, lang: str) -> tuple[str, dict[str, Any]]:
    cards = live_cards(session, lang)
    points = [
        (card, *project(card.latitude, card.longitude))
        for card in cards
        if card.latitude is not None and card.longitude is not None
    ]
    return "public/lobby.html", {
        "halls": halls_with_counts(session),
        "featured": [card for card in cards if card.featured],
        "cards": cards,
        "map": load_map(),
        "map_points": points,
        "hero_points": [(x, y) for _card, x, y in points],
    }


def about_context(_session: Session, _lang: str) -> tuple[str, dict[str, Any]]:
    return "public/about.html", {}


@cached_page(router, "/")
async def lobby(request: Request) -> Response:
    return await public_page(request, lobby_context)


@cached_page(router, "/about")
async def about(request: Request) -> Response:
    return await public_page(request, about_context)
