"""Public JSON API: every kabupaten/kota, whether it takes part, its hall and live booth."""

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import or_
from sqlmodel import col

from app.booths.regions import RegionOut, region_rows
from app.core.db import SessionDep
from app.regions.models import Region

router = APIRouter(prefix="/api/v1", tags=["public"])


@router.get("/regions", response_model=list[RegionOut])
def list_regions(
    session: SessionDep,
    participating: bool | None = None,
    province: Annotated[str | None, Query(max_length=2)] = None,
    q: Annotated[str | None, Query(max_length=120)] = None,
) -> list[RegionOut]:
    """Every region (514), narrowed by participation, province code or a name/code."""
    conditions: list[object] = []
    if participating is not None:
        conditions.append(col(Region.participating).is_(participating))
    if province:
        conditions.append(col(Region.province_code) == province)
    if q and (needle := q.strip()):
        conditions.append(
            or_(
                col(Region.name).icontains(needle, autoescape=True),
                col(Region.code).startswith(needle, autoescape=True),
            )
        )
    return region_rows(session, *conditions)
