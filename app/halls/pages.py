"""A hall: its booths in the organizer's order."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.booths.models import Booth
from app.booths.views import live_cards
from app.core.errors import NotFound
from app.core.public import public_page
from app.halls.service import hall_by_slug, halls_in_order

router = APIRouter()


@router.get("/halls/{slug}", include_in_schema=False)
async def hall_page(request: Request, slug: str) -> Response:
    def build(session, lang):  # type: ignore[no-untyped-def]
        hall = hall_by_slug(session, slug)
        if hall is None:
            raise NotFound("Aula tidak ditemukan.")
        halls = halls_in_order(session)
        index = [h.id for h in halls].index(hall.id)
        return "public/hall.html", {
            "hall": hall,
            "cards": live_cards(session, lang, Booth.hall_id == hall.id),
            "previous_hall": halls[index - 1] if index > 0 else None,
            "next_hall": halls[index + 1] if index + 1 < len(halls) else None,
        }

    return await public_page(request, build)
