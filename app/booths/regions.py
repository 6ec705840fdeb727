"""Regions as the API shows them: province, whether they take part, hall, live booth,
and the facts of their participation (cohort, technical guidance)."""

from pydantic import BaseModel
from sqlalchemy import and_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.booths.models import Booth
from app.halls.models import Hall
from app.regions.models import Participation, Province, Region


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
    cohort: int | None  # the edition it joined (2017, 2018, 2019, 2021), None: not known
    guidance: bool  # it received technical guidance (bimbingan teknis)


def region_rows(session: Session, *conditions: object) -> list[RegionOut]:
    """Regions with province, hall, live booth and participation facts in one query, by
    code; `conditions` may name the columns of Participation (None where it has no row)."""
    query = (
        sa_select(
            Region,
            Province,
            col(Hall.slug),
            col(Booth.slug),
            col(Participation.cohort),
            col(Participation.guidance),
        )
        .join(Province, col(Region.province_code) == col(Province.code))
        .outerjoin(Participation, col(Participation.region_code) == col(Region.code))
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
            cohort=cohort,
            guidance=bool(guidance),
        )
        for region, province, hall, booth, cohort, guidance in session.execute(query).all()
    ]
