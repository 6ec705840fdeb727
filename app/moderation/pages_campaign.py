"""The organizer's home `/organizer`: the campaign at a glance, and reminders by form."""

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from math import ceil
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import Organizer
from app.core.db import SessionDep
from app.core.errors import DomainError, Invalid
from app.core.forms import FormCsrf, refusal
from app.core.i18n import N_
from app.core.public import private_page
from app.core.timeutil import utcnow
from app.exhibition.service import get_exhibition
from app.halls.service import halls_in_order
from app.moderation.campaign import STATUSES, campaign, remind, reviewer_names
from app.regions.geo import load_map, project

router = APIRouter(prefix="/organizer", include_in_schema=False)

# Indonesian msgids, translated where shown; the map gives each its own shape too.
STATUS_LABELS = {
    "not_started": N_("Belum mulai"),
    "drafting": N_("Menyusun draf"),
    "changes_requested": N_("Perlu perbaikan"),
    "in_review": N_("Sedang ditinjau"),
    "live": N_("Tayang"),
}
# A region sent back this long ago and not resubmitted since is behind.
STALE_AFTER = timedelta(days=7)
SORTS = {
    "name": N_("Nama"),
    "status": N_("Status"),
    "hall": N_("Aula"),
    "province": N_("Provinsi"),
    "last_submitted_at": N_("Terakhir diajukan"),
}
BEHIND_SHOWN = 8  # the rest are one link away: the table, narrowed to the late ones


def days_until(moment: datetime | None, now: datetime) -> int | None:
    """Whole days left (rounded up; 0 once it has passed), or None when unset."""
    if moment is None:
        return None
    return max(0, ceil((moment - now).total_seconds() / 86400))


def behind(row: dict[str, Any], now: datetime) -> str | None:
    """Why a region is behind (a msgid), or None."""
    if row["status"] in ("live", "in_review"):
        return None
    if row["editors"] == 0:
        return N_("belum ada akun editor")
    if row["status"] == "not_started":
        return N_("belum mulai")
    submitted = row["last_submitted_at"]
    if row["status"] == "changes_requested" and submitted and submitted < now - STALE_AFTER:
        return N_("perbaikan belum diajukan lagi")
    return None


def by_hall(halls: Iterable[str | None]) -> list[tuple[str | None, int]]:
    """How many per hall slug, the regions without a hall last."""
    return sorted(Counter(halls).items(), key=lambda item: (item[0] is None, item[0] or ""))


def holdings(session: Session, open_rows: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Who holds which open submissions (by reviewer name), as the review load shows."""
    held: dict[int, list[str]] = {}
    for row in open_rows:
        if row["held_by"] is not None:
            held.setdefault(row["held_by"], []).append(row["name"])
    names = reviewer_names(session, set(held))
    return sorted((names.get(holder, "?"), regions) for holder, regions in held.items())


def sort_key(row: dict[str, Any], sort: str) -> tuple[Any, ...]:
    """Statuses in their order of progress; anything else as text, the blanks last."""
    if sort == "status":
        return (STATUSES.index(row["status"]),)
    return (row[sort] is None, str(row[sort] or ""))


def dashboard_context(session: Session, request: Request) -> dict[str, Any]:
    now = utcnow()
    found = campaign(session)
    rows: list[dict[str, Any]] = found["regions"]
    for row in rows:
        row["behind"] = behind(row, now)
    params = request.query_params
    status, hall = params.get("status", ""), params.get("hall", "")
    only_behind = params.get("behind") == "1"
    sort = params.get("sort", "name") if params.get("sort") in SORTS else "name"
    shown = [
        r
        for r in rows
        if (not status or r["status"] == status)
        and (not hall or r["hall"] == hall)
        and (not only_behind or r["behind"])
    ]
    shown.sort(key=lambda row: sort_key(row, sort))
    exhibition = get_exhibition(session)
    located = [r for r in rows if r["latitude"] is not None and r["longitude"] is not None]
    # A live booth's update waits for review too: every open submission counts.
    open_rows = [r for r in rows if r["open_submission"] is not None]
    return {
        "totals": found["totals"],
        "statuses": STATUSES,
        "status_labels": STATUS_LABELS,
        "rows": shown,
        "participants": len(rows),
        "selected": {"status": status, "hall": hall, "sort": sort, "behind": only_behind},
        "sorts": SORTS,
        "behind_shown": BEHIND_SHOWN,
        "halls": halls_in_order(session),
        "days_to_freeze": days_until(exhibition.freeze_at, now),
        "days_to_opening": days_until(exhibition.opening_at, now),
        "per_hall": by_hall(r["hall"] for r in rows),
        "per_province": sorted(Counter(r["province"] for r in rows).items()),
        "behind": [r for r in rows if r["behind"]],
        "review_load": by_hall(r["hall"] for r in open_rows),
        "oldest_wait": min((r["last_submitted_at"] for r in open_rows), default=None),
        "holdings": holdings(session, open_rows),
        "unclaimed": sum(r["held_by"] is None for r in open_rows),
        "map": load_map(),
        "map_points": [(r, *project(r["latitude"], r["longitude"])) for r in located],
        "unlocated": [r for r in rows if r not in located],
    }


def dashboard(
    request: Request, session: Session, *, status_code: int = 200, **notice: Any
) -> Response:
    context = {**dashboard_context(session, request), "notice": None, "error": None, **notice}
    return private_page(request, "organizer/campaign.html", context, status_code=status_code)


@router.get("")
def home(request: Request, organizer: Organizer, session: SessionDep) -> Response:
    reminded = request.query_params.get("reminded", "")
    skipped = request.query_params.get("skipped", "")
    notice = {"queued": reminded, "skipped": skipped} if reminded.isdigit() else None
    return dashboard(request, session, notice=notice)


@router.post("/reminders", dependencies=[FormCsrf])
def send_reminders(
    request: Request,
    organizer: Organizer,
    session: SessionDep,
    regions: Annotated[list[str], Form(max_length=600)] = [],  # noqa: B006  (FastAPI form list)
    message: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        if not regions:
            raise Invalid("Pilih dulu wilayah yang akan diingatkan.")
        sent = remind(session, regions, message, actor_id=organizer.id)
    except DomainError as error:
        status, text = refusal(request, session, error)
        return dashboard(request, session, status_code=status, error=text)
    return RedirectResponse(
        f"/organizer?reminded={sent.queued}&skipped={len(sent.skipped)}#remind", status_code=303
    )
