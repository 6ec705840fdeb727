from datetime import datetime

from sqlmodel import Field

from app.core.modelbase import SQLModel


class Province(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=2)
    name: str = Field(max_length=100)


class Region(SQLModel, table=True):
    """A kabupaten or kota, by its Kemendagri code `PP.KK`."""

    code: str = Field(primary_key=True, max_length=5)
    name: str = Field(max_length=120)
    province_code: str = Field(foreign_key="province.code", index=True, max_length=2)
    kind: str = Field(max_length=10)  # "kota" or "kabupaten"
    participating: bool = Field(default=False, index=True)
    hall_id: int | None = Field(default=None, foreign_key="hall.id", index=True)
    latitude: float | None = None
    longitude: float | None = None
    # The organizers' last reminder to its editors: at most one a day.
    reminded_at: datetime | None = None


# The editions a region can have joined the movement in (there was none in 2020).
COHORTS = (2017, 2018, 2019, 2021)


class Participation(SQLModel, table=True):
    """Facts about a region's part in the movement, kept beside the shipped region list:
    the edition it joined (`cohort`, None while unknown) and whether it received
    technical guidance (*bimbingan teknis*). A region without a row has neither."""

    region_code: str = Field(primary_key=True, foreign_key="region.code", max_length=5)
    cohort: int | None = Field(default=None, index=True)  # one of COHORTS
    guidance: bool = False
