"""Organizer page: the roster of all 514 regions; who takes part and in which hall."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Request
from sqlalchemy import func, or_
from sqlmodel import Session, col, select
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import Organizer
from app.booths.regions import RegionOut, region_rows
from app.core.db import SessionDep
from app.core.errors import DomainError
from app.core.forms import FormCsrf, refusal, safe_next
from app.core.paging import Paging
from app.core.public import private_page
from app.curation.participation import set_participation
from app.halls.service import hall_by_slug, halls_in_order
from app.regions.models import Province, Region

router = APIRouter(prefix="/organizer", include_in_schema=False)
PAGE_SIZE = 50
NO_HALL = "-"  # the hall filter's value for "no hall"
TAKING_PART = {"yes": True, "no": False}


def roster(
    session: Session, *, q: str, province: str, hall: str, taking_part: str
) -> list[RegionOut]:
    conditions: list[object] = []
    if needle := q.strip():
        conditions.append(
            or_(
                col(Region.name).icontains(needle, autoescape=True),
                col(Region.code).startswith(needle, autoescape=True),
            )
        )
    if province:
        conditions.append(col(Region.province_code) == province)
    if hall == NO_HALL:
        conditions.append(col(Region.hall_id).is_(None))
    elif hall:
        found = hall_by_slug(session, hall)
        conditions.append(col(Region.hall_id) == (found.id if found else -1))
    if taking_part in TAKING_PART:
        conditions.append(col(Region.participating).is_(TAKING_PART[taking_part]))
    return region_rows(session, *conditions)


def roster_page(
    request: Request, session: Session, *, status_code: int = 200, error: str | None = None
) -> Response:
    params = request.query_params
    selected = {
        name: params.get(name, "")[:120] for name in ("q", "province", "hall", "participating")
    }
    rows = roster(
        session,
        q=selected["q"],
        province=selected["province"],
        hall=selected["hall"],
        taking_part=selected["participating"],
    )
    page = int(params["page"]) if params.get("page", "").isdigit() else 1
    paging = Paging.of(page, PAGE_SIZE, len(rows))
    filters = {k: v for k, v in selected.items() if v}
    context = {
        "rows": rows[paging.offset : paging.offset + PAGE_SIZE],
        "paging": paging,
        "page_url": lambda n: "/organizer/regions?" + urlencode({**filters, "page": n}),
        "selected": selected,
        "halls": halls_in_order(session),
        "provinces": session.exec(select(Province).order_by(col(Province.code))).all(),
        "participants": session.exec(
            select(func.count()).select_from(Region).where(col(Region.participating))
        ).one(),
        "no_hall": NO_HALL,
        "updated": params.get("updated", "")[:5],
        "error": error,
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
    hall: Annotated[str, Form(max_length=80)] = "",
    participating: Annotated[bool, Form()] = False,
    next_page: Annotated[str, Form(alias="next", max_length=500)] = "",
) -> Response:
    try:
        set_participation(
            session,
            code,
            participating=participating,
            hall_slug=hall or None,
            actor_id=organizer.id,
        )
    except DomainError as error:
        status, message = refusal(request, session, error)
        return roster_page(request, session, status_code=status, error=message)
    back = safe_next(next_page) or "/organizer/regions"
    separator = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{separator}updated={code}#region-{code}", status_code=303)
