"""Organizer page: the roster of all 514 regions; who takes part, in which hall, since
which edition and with which guidance."""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Request
from sqlalchemy import func
from sqlmodel import Session, col, select
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import Organizer
from app.accounts.models import User
from app.booths.models import Booth
from app.booths.publication import unpublish_booth
from app.core.db import SessionDep
from app.core.errors import DomainError
from app.core.forms import FormCsrf, refusal, safe_next
from app.core.paging import Paging
from app.core.public import private_page
from app.curation.dependencies import Records
from app.curation.participation import BoothIsLive, parse_cohort, set_participation
from app.curation.publication import SubmissionRecords
from app.curation.roster import (
    NONE,
    CampaignStatuses,
    cohort_counts,
    roster,
    selected_filters,
)
from app.halls.service import halls_in_order
from app.regions.models import COHORTS, Province, Region

router = APIRouter(prefix="/organizer", include_in_schema=False)
PAGE_SIZE = 50


def roster_page(
    request: Request,
    session: Session,
    *,
    status_code: int = 200,
    error: str | None = None,
    confirm: dict[str, Any] | None = None,
) -> Response:
    selected = selected_filters(request.query_params)
    campaign: CampaignStatuses = request.app.state.campaign_statuses
    statuses = campaign.of_regions(session)
    rows = roster(session, selected, statuses)
    params = request.query_params
    page = int(params["page"]) if params.get("page", "").isdigit() else 1
    paging = Paging.of(page, PAGE_SIZE, len(rows))
    filters = {k: v for k, v in selected.items() if v}
    context = {
        "rows": rows[paging.offset : paging.offset + PAGE_SIZE],
        "paging": paging,
        "page_url": lambda n: "/organizer/regions?" + urlencode({**filters, "page": n}),
        "csv_url": "/organizer/regions.csv" + ("?" + urlencode(filters) if filters else ""),
        "selected": selected,
        "halls": halls_in_order(session),
        "provinces": session.exec(select(Province).order_by(col(Province.code))).all(),
        "participants": session.exec(
            select(func.count()).select_from(Region).where(col(Region.participating))
        ).one(),
        "cohorts": COHORTS,
        "statuses": statuses,
        "status_labels": campaign.labels,
        "cohort_counts": cohort_counts(session),
        "none": NONE,
        "updated": params.get("updated", "")[:5],
        "imported": params["imported"] if params.get("imported", "").isdigit() else "",
        "error": error,
        "confirm": confirm,
    }
    return private_page(request, "organizer/regions.html", context, status_code=status_code)


@router.get("/regions")
def regions(request: Request, organizer: Organizer, session: SessionDep) -> Response:
    return roster_page(request, session)


@router.post("/regions/{code}", dependencies=[FormCsrf])
def update_region(
    request: Request,
    code: Annotated[str, Path(max_length=5)],
    organizer: Organizer,
    session: SessionDep,
    records: Records,
    hall: Annotated[str, Form(max_length=80)] = "",
    participating: Annotated[bool, Form()] = False,
    cohort: Annotated[str, Form(max_length=4)] = "",
    guidance: Annotated[bool, Form()] = False,
    take_down: Annotated[bool, Form()] = False,
    reason: Annotated[str, Form(max_length=2000)] = "",
    next_page: Annotated[str, Form(alias="next", max_length=500)] = "",
) -> Response:
    """Save a row. A region whose booth is live and that would stop taking part is
    asked about first: confirmed (`take_down`), its booth is taken down, then it leaves."""
    try:
        if take_down and not participating:
            _take_down(session, code, organizer, records, reason)
        set_participation(
            session,
            code,
            participating=participating,
            hall_slug=hall or None,
            cohort=parse_cohort(cohort),
            guidance=guidance,
            actor_id=organizer.id,
        )
    except BoothIsLive as live:
        status, _message = refusal(request, session, live)
        region = session.get(Region, code)
        name = region.name if region else code
        leaving = {"code": code, "name": name, "booth": live.slug, "hall": hall, "cohort": cohort}
        confirm = {**leaving, "guidance": guidance, "next": next_page}
        return roster_page(request, session, status_code=status, confirm=confirm)
    except DomainError as error:
        status, message = refusal(request, session, error)
        return roster_page(request, session, status_code=status, error=message)
    back = safe_next(next_page) or "/organizer/regions"
    separator = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{separator}updated={code}#region-{code}", status_code=303)


def _take_down(
    session: Session, code: str, organizer: User, records: SubmissionRecords, reason: str
) -> None:
    booth = session.exec(select(Booth).where(Booth.region_code == code)).first()
    if booth is not None and booth.live_revision_id is not None:
        unpublish_booth(
            session,
            booth,
            actor=organizer,
            reason=reason,
            on_override=records.cancel_waiting,
        )
