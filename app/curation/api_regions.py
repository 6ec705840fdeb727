"""Organizers' API: which regions take part and in which hall (API.md, "Organizers")."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field

from app.accounts.dependencies import Organizer, check_csrf
from app.booths.regions import RegionOut, region_rows
from app.core.db import SessionDep
from app.curation.participation import set_participation
from app.regions.models import Region

router = APIRouter(
    prefix="/api/v1/organizer", tags=["organizer"], dependencies=[Depends(check_csrf)]
)

RegionCode = Annotated[str, Path(max_length=5, pattern=r"^\d{2}\.\d{2}$")]


class Participation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    participating: bool
    hall: str | None = Field(default=None, max_length=80)  # left out: the hall stays


@router.put("/regions/{code}", response_model=RegionOut)
def put_region(
    code: RegionCode, body: Participation, organizer: Organizer, session: SessionDep
) -> RegionOut:
    """Make a region take part (its booth is created) or not, and assign its hall."""
    set_participation(
        session,
        code,
        participating=body.participating,
        hall_slug=body.hall,
        keep_hall="hall" not in body.model_fields_set,
        actor_id=organizer.id,
    )
    return region_rows(session, Region.code == code)[0]
