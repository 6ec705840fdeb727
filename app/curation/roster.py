"""The roster's rows as organizers narrow them down, and its counts per cohort."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import case, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.booths.regions import RegionOut, region_rows
from app.halls.service import hall_by_slug
from app.regions.models import COHORTS, Participation, Region

NONE = "-"  # the hall and cohort filters' value for "no hall" and "cohort not known"
YES_NO = {"yes": True, "no": False}
FILTERS = ("q", "province", "hall", "participating", "cohort", "guidance", "status")


@dataclass(frozen=True)
class CampaignStatuses:
    """Moderation's campaign status of each participating region (API.md defines them),
    handed in by the composition root (`app.state.campaign_statuses`): curation and
    moderation stand side by side (DESIGN.md section 7)."""

    of_regions: Callable[[Session], Mapping[str, str]]  # region code → status
    labels: Mapping[str, str]  # status → msgid, in the order a region moves through them


def selected_filters(params: Mapping[str, str]) -> dict[str, str]:
    """The roster's filters as typed (cut short), "" for those not set."""
    return {name: params.get(name, "")[:120] for name in FILTERS}


def roster(
    session: Session, selected: Mapping[str, str], statuses: Mapping[str, str] | None = None
) -> list[RegionOut]:
    """The regions matching the filters of `selected_filters`, by code; a value that
    names nothing (an unknown hall, a year without a cohort) matches nothing. The status
    filter needs `statuses` (CampaignStatuses.of_regions) and keeps participants only."""
    conditions: list[object] = []
    if status := selected.get("status"):
        codes = [code for code, found in (statuses or {}).items() if found == status]
        conditions.append(col(Region.code).in_(codes))
    if needle := selected.get("q", "").strip():
        conditions.append(
            or_(
                col(Region.name).icontains(needle, autoescape=True),
                col(Region.code).startswith(needle, autoescape=True),
            )
        )
    if province := selected.get("province"):
        conditions.append(col(Region.province_code) == province)
    if (hall := selected.get("hall")) == NONE:
        conditions.append(col(Region.hall_id).is_(None))
    elif hall:
        found = hall_by_slug(session, hall)
        conditions.append(col(Region.hall_id) == (found.id if found else -1))
    if (taking_part := selected.get("participating", "")) in YES_NO:
        conditions.append(col(Region.participating).is_(YES_NO[taking_part]))
    if cohort := selected.get("cohort"):
        conditions.append(_cohort_is(cohort))
    if (guidance := selected.get("guidance", "")) in YES_NO:
        given = func.coalesce(col(Participation.guidance), False)
        conditions.append(given.is_(YES_NO[guidance]))
    return region_rows(session, *conditions)


def _cohort_is(value: str) -> object:
    if value == NONE:
        return col(Participation.cohort).is_(None)
    year = int(value) if value.isdigit() and len(value) == 4 else -1
    return col(Participation.cohort) == (year if year in COHORTS else -1)


@dataclass(frozen=True)
class CohortCount:
    cohort: int | None  # None: not known
    participants: int
    with_guidance: int


def cohort_counts(session: Session) -> list[CohortCount]:
    """Participating regions per cohort (every cohort, then "not known"), and how many of
    them received technical guidance: one query."""
    query = (
        sa_select(
            col(Participation.cohort),
            func.count(),
            func.sum(case((col(Participation.guidance), 1), else_=0)),
        )
        .select_from(Region)
        .outerjoin(Participation, col(Participation.region_code) == col(Region.code))
        .where(col(Region.participating))
        .group_by(col(Participation.cohort))
    )
    found = {cohort: (n, guided or 0) for cohort, n, guided in session.execute(query).all()}
    return [CohortCount(c, *found.get(c, (0, 0))) for c in (*COHORTS, None)]
