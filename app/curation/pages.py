"""The lobby: what the exhibition is, its halls, featured booths and the map."""

from typing import Any

from fastapi import APIRouter, Request
from sqlmodel import Session
from starlette.responses import Response

from app.booths.views import BoothCard, halls_with_counts, live_cards
from app.core.cache_layer import cached_page
from app.core.public import public_page
from app.curation.lobby import get_lobby, lobby_texts
from app.regions.geo import load_map, project

router = APIRouter()


def lobby_context(session: Session, lang: str) -> tuple[str, dict[str, Any]]:
    cards = live_cards(session, lang)
    return "public/lobby.html", lobby_parts(session, cards, lobby_texts(get_lobby(session), lang))


def lobby_parts(session: Session, cards: list[BoothCard], texts: dict[str, str]) -> dict[str, Any]:
    """What the lobby shows, from the live booths' cards and the texts to show."""
    points = [
        (card, *project(card.latitude, card.longitude))
        for card in cards
        if card.latitude is not None and card.longitude is not None
    ]
    return {
        "texts": texts,
        "halls": halls_with_counts(session),
        "featured": sorted(
            (card for card in cards if card.featured), key=lambda card: card.featured_position or 0
        ),
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
