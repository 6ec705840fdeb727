"""Organizer pages: every booth's publication state; revert and unpublish by plain forms."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from sqlmodel import Session, select
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import Organizer
from app.booths.models import Booth
from app.booths.publication import publishable_revisions, revert_booth, unpublish_booth
from app.core.db import SessionDep
from app.core.errors import DomainError, NotFound
from app.core.forms import FormCsrf, refusal
from app.core.public import private_page
from app.curation.dependencies import Records
from app.curation.publication import (
    NO_HALL,
    SOURCE_LABELS,
    SubmissionRecords,
    booth_statuses,
    publication_history,
)
from app.halls.models import Hall
from app.halls.service import halls_in_order
from app.regions.models import Region

router = APIRouter(prefix="/organizer", include_in_schema=False)
LIVE_FILTER = {"live": True, "offline": False}
Reason = Annotated[str, Form(max_length=5000)]


@router.get("/booths")
def booths(
    request: Request,
    organizer: Organizer,
    session: SessionDep,
    records: Records,
    hall: Annotated[str, Query(max_length=80)] = "",
    status: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    status = status if status in LIVE_FILTER else ""
    rows = booth_statuses(session, records, hall=hall, live=LIVE_FILTER.get(status))
    context = {
        "rows": rows,
        "halls": halls_in_order(session),
        "selected": {"hall": hall, "status": status},
        "no_hall": NO_HALL,
    }
    return private_page(request, "organizer/booths.html", context)


def organizer_booth(slug: str, organizer: Organizer, session: SessionDep) -> Booth:
    booth = session.exec(select(Booth).where(Booth.slug == slug)).first()
    if booth is None:
        raise NotFound("Anjungan tidak ditemukan.")
    return booth


OrganizerBooth = Annotated[Booth, Depends(organizer_booth)]


def history_page(
    request: Request,
    session: Session,
    records: SubmissionRecords,
    booth: Booth,
    *,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """The booth's publication history; `context` adds a notice or a refusal."""
    hall = session.get(Hall, booth.hall_id) if booth.hall_id else None
    page = {
        "booth": booth,
        "region": session.get(Region, booth.region_code),
        "hall": hall,
        "history": publication_history(session, records, booth),
        "source_labels": SOURCE_LABELS,
        "notice": None,
        "error": None,
        **context,
    }
    return private_page(request, "organizer/booth.html", page, status_code=status_code)


@router.get("/booths/{slug}")
def booth_history(
    request: Request,
    booth: OrganizerBooth,
    session: SessionDep,
    records: Records,
    reverted: int | None = None,
    unpublished: bool = False,
) -> Response:
    notice = {"reverted": reverted} if reverted else {"unpublished": True} if unpublished else None
    return history_page(request, session, records, booth, notice=notice)


def refused(
    request: Request, session: Session, records: SubmissionRecords, booth: Booth, error: DomainError
) -> Response:
    """The history as it is now (someone may have acted first), the refusal above it."""
    status, message = refusal(request, session, error)
    return history_page(request, session, records, booth, status_code=status, error=message)


@router.post("/booths/{slug}/revert", dependencies=[FormCsrf])
def revert(
    request: Request,
    booth: OrganizerBooth,
    organizer: Organizer,
    session: SessionDep,
    records: Records,
    revision: Annotated[int, Form()],
    reason: Reason = "",
) -> Response:
    try:
        target = next(
            (r for r in publishable_revisions(session, booth) if r.number == revision), None
        )
        if target is None:
            raise NotFound("Revisi tidak ditemukan.")
        revert_booth(
            session,
            booth,
            target,
            actor=organizer,
            reason=reason,
            on_override=records.cancel_waiting,
        )
    except DomainError as error:
        return refused(request, session, records, booth, error)
    return RedirectResponse(f"/organizer/booths/{booth.slug}?reverted={revision}", status_code=303)


@router.post("/booths/{slug}/unpublish", dependencies=[FormCsrf])
def unpublish(
    request: Request,
    booth: OrganizerBooth,
    organizer: Organizer,
    session: SessionDep,
    records: Records,
    reason: Reason = "",
) -> Response:
    try:
        unpublish_booth(
            session, booth, actor=organizer, reason=reason, on_override=records.cancel_waiting
        )
    except DomainError as error:
        return refused(request, session, records, booth, error)
    return RedirectResponse(f"/organizer/booths/{booth.slug}?unpublished=1", status_code=303)
