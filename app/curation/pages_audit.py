"""The organizers' audit log: a filterable, paginated page and the same rows as CSV."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response, StreamingResponse

from app.accounts.dependencies import Organizer
from app.audit.models import ACTION_LABELS, DETAIL_LABELS
from app.core.db import SessionDep
from app.core.errors import Invalid
from app.core.i18n import N_
from app.core.paging import Paging
from app.core.public import private_page
from app.core.timeutil import WIB, utcnow
from app.curation.audit_export import csv_chunks
from app.curation.audit_log import AuditFilters, audit_events, booth_choices, count_audit_events
from app.curation.publication import SOURCE_LABELS

router = APIRouter(prefix="/organizer", include_in_schema=False)
PAGE_SIZE = 50
BAD_DATE = N_("Tanggal tidak dikenali; tulis seperti 2026-12-01.")


@dataclass(frozen=True)
class AuditQuery:
    filters: AuditFilters
    values: dict[str, str]  # as typed: for the form and for links that keep the filters
    errors: dict[str, str]  # field → msgid


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def audit_query(
    booth: Annotated[str, Query(max_length=120)] = "",
    actor: Annotated[str, Query(max_length=254)] = "",
    action: Annotated[str, Query(max_length=40)] = "",
    since: Annotated[str, Query(alias="from", max_length=10)] = "",
    until: Annotated[str, Query(alias="to", max_length=10)] = "",
) -> AuditQuery:
    """The filters of the page and of the CSV; days are WIB days, both ends included."""
    values = {"booth": booth, "actor": actor.strip(), "action": action, "from": since, "to": until}
    days: dict[str, date | None] = {}
    errors: dict[str, str] = {}
    for name in ("from", "to"):
        try:
            days[name] = _day(values[name])
        except ValueError:
            days[name], errors[name] = None, BAD_DATE
    start, end = days["from"], days["to"]
    filters = AuditFilters(
        booth=booth,
        actor=values["actor"],
        action=action,
        since=datetime.combine(start, time(), WIB) if start else None,
        until=datetime.combine(end + timedelta(days=1), time(), WIB) if end else None,
    )
    return AuditQuery(filters, values, errors)


Filters = Annotated[AuditQuery, Depends(audit_query)]


@router.get("/audit")
def audit_log(
    request: Request,
    organizer: Organizer,
    session: SessionDep,
    query: Filters,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    paging = Paging.of(page, PAGE_SIZE, count_audit_events(session, query.filters))
    rows = list(audit_events(session, query.filters, limit=PAGE_SIZE, offset=paging.offset))
    kept = {k: v for k, v in query.values.items() if v}
    context = {
        "rows": rows,
        "paging": paging,
        "values": query.values,
        "errors": query.errors,
        "filtered": bool(kept),
        "page_url": lambda n: "/organizer/audit?" + urlencode({**kept, "page": n}),
        "csv_url": "/organizer/audit.csv" + ("?" + urlencode(kept) if kept else ""),
        "booths": booth_choices(session),
        "action_labels": ACTION_LABELS,
        "detail_labels": DETAIL_LABELS,
        "source_labels": SOURCE_LABELS,
    }
    status = 422 if query.errors else 200
    return private_page(request, "organizer/audit.html", context, status_code=status)


@router.get("/audit.csv")
def audit_csv(request: Request, organizer: Organizer, query: Filters) -> Response:
    if query.errors:
        raise Invalid(next(iter(query.errors.values())))
    filename = f"pameran-audit-{utcnow().astimezone(WIB):%Y%m%d}.csv"
    return StreamingResponse(
        csv_chunks(request.app.state.engine, query.filters),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
