"""Organizers' API: which regions take part and in which hall (API.md, "Organizers")."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from app.accounts.dependencies import Organizer, check_csrf
from app.booths.regions import RegionOut, region_rows
from app.core.db import SessionDep
from app.curation.participation import KEEP, set_participation
from app.regions.models import Region

router = APIRouter(
    prefix="/api/v1/organizer", tags=["organizer"], dependencies=[Depends(check_csrf)]
)

RegionCode = Annotated[str, Path(max_length=5, pattern=r"^\d{2}\.\d{2}$")]


class ParticipationChange(BaseModel):
    """Every key is optional: one left out stays as it is (null is a value: no hall, cohort
    not known)."""

    model_config = ConfigDict(extra="forbid")

    participating: bool = False
    hall: str | None = Field(default=None, max_length=80)
    cohort: StrictInt | None = None  # 2017, 2018, 2019 or 2021; checked by the service (422)
    guidance: StrictBool = False


@router.put("/regions/{code}", response_model=RegionOut)
def put_region(
    code: RegionCode, body: ParticipationChange, organizer: Organizer, session: SessionDep
) -> RegionOut:
    """Make a region take part (its booth is created) or not, assign its hall, its cohort
    and whether it received technical guidance."""
    sent = body.model_fields_set
    set_participation(
        session,
        code,
        participating=body.participating if "participating" in sent else KEEP,
        hall_slug=body.hall if "hall" in sent else KEEP,
        cohort=body.cohort if "cohort" in sent else KEEP,
        guidance=body.guidance if "guidance" in sent else KEEP,
        actor_id=organizer.id,
    )
    return region_rows(session, Region.code == code)[0]
