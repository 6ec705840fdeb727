"""Public JSON API: the halls in the organizer's order."""

from fastapi import APIRouter
from pydantic import BaseModel
from sqlmodel import Session

from app.booths.views import live_booth_counts
from app.core.db import SessionDep
from app.halls.service import halls_in_order

router = APIRouter(prefix="/api/v1", tags=["public"])


class HallOut(BaseModel):
    slug: str
    name: str
    booth_count: int


def halls_out(session: Session) -> list[HallOut]:
    """Every hall in the organizer's order with its number of live booths."""
    counts = live_booth_counts(session)
    return [
        HallOut(slug=hall.slug, name=hall.name, booth_count=counts.get(hall.id or 0, 0))
        for hall in halls_in_order(session)
    ]


@router.get("/halls", response_model=list[HallOut])
def list_halls(session: SessionDep) -> list[HallOut]:
    return halls_out(session)
