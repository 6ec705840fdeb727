"""Organizers' JSON API for the halls: their order, new halls, texts and walking order."""

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, StringConstraints

from app.accounts.dependencies import Organizer, check_csrf
from app.booths.api_halls import HallOut, halls_out
from app.core.db import SessionDep
from app.core.text import CleanModel
from app.curation.dependencies import OrganizerHall
from app.curation.halls import create_hall, hall_state, reorder_halls, update_hall

router = APIRouter(
    prefix="/api/v1/organizer", tags=["organizer"], dependencies=[Depends(check_csrf)]
)

Name = Annotated[str, StringConstraints(max_length=120)]  # an empty one: the service's 422
Description = Annotated[str, StringConstraints(max_length=2000)]
Slug = Annotated[str, StringConstraints(max_length=120)]


class Body(CleanModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class HallOrder(Body):
    order: list[Slug]


class HallChanges(Body):
    """A PUT changes the keys it gives (null or absent: unchanged)."""

    name: Name | None = None
    name_en: Name | None = None
    description: Description | None = None
    description_en: Description | None = None
    booths: list[Slug] | None = None

    def texts(self) -> dict[str, str]:
        return self.model_dump(exclude_none=True, exclude={"slug", "booths"})


class NewHall(HallChanges):
    slug: Slug
    name: Name


class HallState(BaseModel):
    slug: str
    name: str
    name_en: str
    description: str
    description_en: str
    booths: list[str]


@router.put("/halls", response_model=list[HallOut])
def put_hall_order(body: HallOrder, user: Organizer, session: SessionDep) -> list[HallOut]:
    reorder_halls(session, body.order, actor_id=user.id)
    return halls_out(session)


@router.post("/halls", status_code=201, response_model=HallState)
def post_hall(body: NewHall, user: Organizer, session: SessionDep) -> HallState:
    hall = create_hall(
        session, slug=body.slug, texts=body.texts(), booths=body.booths, actor_id=user.id
    )
    return HallState(**hall_state(session, hall))


@router.get("/halls/{slug}", response_model=HallState)
def get_hall(hall: OrganizerHall, session: SessionDep) -> HallState:
    return HallState(**hall_state(session, hall))


@router.put("/halls/{slug}", response_model=HallState)
def put_hall(
    body: HallChanges, hall: OrganizerHall, user: Organizer, session: SessionDep
) -> HallState:
    hall = update_hall(session, hall, texts=body.texts(), booths=body.booths, actor_id=user.id)
    return HallState(**hall_state(session, hall))
