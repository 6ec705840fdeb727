"""Regions as the API shows them: province, whether they take part, hall and live booth."""

from pydantic import BaseModel
from sqlalchemy import and_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.booths.models import Booth
from app.halls.models import Hall
from app.regions.models import Province, Region


class ProvinceOut(BaseModel):
    code: str
    name: str


class RegionOut(BaseModel):
    code: str
    name: str
    kind: str
    province: ProvinceOut
    participating: bool
    hall: str | None
    booth: str | None  # the booth's slug while it is live


def region_rows(session: Session, *conditions: object) -> list[RegionOut]:
    """Regions with province, hall and live booth in one query, by code."""
    query = (
        sa_select(Region, Province, col(Hall.slug), col(Booth.slug))
        .join(Province, col(Region.province_code) == col(Province.code))
        .outerjoin(Hall, col(Region.hall_id) == col(Hall.id))
        .outerjoin(
            Booth,
            and_(
                col(Booth.region_code) == col(Region.code),
                col(Booth.live_revision_id).is_not(None),
            ),
        )
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(col(Region.code))
    )
    return [
        RegionOut(
            code=region.code,
            name=region.name,
            kind=region.kind,
            province=ProvinceOut(code=province.code, name=province.name),
            participating=region.participating,
            hall=hall,
            booth=booth,
        )
        for region, province, hall, booth in session.execute(query).all()
    ]
