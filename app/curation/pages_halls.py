"""Organizer pages for the halls: their order, new halls, a hall's texts, the walking
order of its booths and moving a booth to another hall.

Reordering is one form whose hidden `order` fields list every row. Without JavaScript
a row's move up/down button posts it (the server moves that row); static/js/reorder.js
reorders the rows by keyboard or drag and drop and posts the same form. Either way the
services receive a whole order and refuse a stale one. Every change goes through the
services of the JSON API, so it is audited and bumps the epoch there.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from sqlmodel import Session, select
from starlette.responses import Response

from app.accounts.dependencies import Organizer
from app.booths.models import Booth
from app.core.db import SessionDep
from app.core.errors import Conflict, DomainError, Invalid
from app.core.forms import FormCsrf, refusal
from app.core.public import private_page
from app.curation.dependencies import OrganizerHall
from app.curation.forms import ReorderForm, SlugField, see_other
from app.curation.halls import create_hall, reorder_halls, update_hall
from app.curation.participation import set_participation
from app.curation.views import booth_region_name, hall_booth_rows, hall_rows
from app.halls.models import Hall
from app.halls.service import HALL_TEXTS, check_hall_slug, halls_in_order
from app.regions.models import Region

router = APIRouter(prefix="/organizer", include_in_schema=False)
HALLS = "/organizer/halls"
NameField = Annotated[str, Form(max_length=120)]
DescriptionField = Annotated[str, Form(max_length=2000)]


def texts_form(
    name: NameField = "",
    name_en: NameField = "",
    description: DescriptionField = "",
    description_en: DescriptionField = "",
) -> dict[str, str]:
    return {
        "name": name,
        "name_en": name_en,
        "description": description,
        "description_en": description_en,
    }


TextsForm = Annotated[dict[str, str], Depends(texts_form)]


def moved_notice(request: Request, order: list[str]) -> dict[str, Any] | None:
    """The row the last reorder moved (from the redirect's query), where it stands now."""
    slug = request.query_params.get("moved", "")
    if slug not in order:
        return None
    via = request.query_params.get("via", "")
    return {"slug": slug, "position": order.index(slug) + 1, "total": len(order), "via": via}


def halls_page(
    request: Request,
    session: Session,
    *,
    status_code: int = 200,
    error: str | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    """The halls in order; `error`: a refused reorder; `errors`: the new-hall form's."""
    rows = hall_rows(session)
    context = {
        "rows": rows,
        "moved": moved_notice(request, [row.hall.slug for row in rows]),
        "created": request.query_params.get("created", "")[:80],
        "error": error,
        "values": {key: "" for key in ("slug", *HALL_TEXTS)} | (values or {}),
        "errors": errors or {},
    }
    return private_page(request, "organizer/halls.html", context, status_code=status_code)


def hall_page(
    request: Request,
    session: Session,
    hall: Hall,
    *,
    status_code: int = 200,
    error: str | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    """One hall; `error`: a refused reorder or move; `errors`: the texts form's."""
    rows = hall_booth_rows(session, hall)
    params = request.query_params
    context = {
        "hall": hall,
        "rows": rows,
        "other_halls": [other for other in halls_in_order(session) if other.id != hall.id],
        "moved": moved_notice(request, [row.slug for row in rows]),
        "sent": {
            "booth": booth_region_name(session, params.get("sent", "")[:120]),
            "hall": params.get("to", "")[:80],
        },
        "saved": params.get("saved", "")[:10],
        "error": error,
        "values": {key: getattr(hall, key) for key in HALL_TEXTS} | (values or {}),
        "errors": errors or {},
    }
    return private_page(request, "organizer/hall.html", context, status_code=status_code)


@router.get("/halls")
def halls(request: Request, organizer: Organizer, session: SessionDep) -> Response:
    return halls_page(request, session)


@router.post("/halls", dependencies=[FormCsrf])
def new_hall(
    request: Request,
    organizer: Organizer,
    session: SessionDep,
    texts: TextsForm,
    slug: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    slug, field = slug.strip(), "slug"
    try:
        check_hall_slug(slug)
        field = "name"  # the slug is well formed: what is refused now is the name or it taken
        create_hall(session, slug=slug, texts=texts, booths=None, actor_id=organizer.id)
    except DomainError as error:
        status, message = refusal(request, session, error)
        field = "slug" if isinstance(error, Conflict) else field
        return halls_page(
            request,
            session,
            status_code=status,
            values={"slug": slug, **texts},
            errors={field: message},
        )
    return see_other(HALLS, f"hall-{slug}", created=slug)


@router.post("/halls/order", dependencies=[FormCsrf])
def order_halls(
    request: Request, organizer: Organizer, session: SessionDep, form: ReorderForm
) -> Response:
    try:
        reorder_halls(session, form.order, actor_id=organizer.id)
    except DomainError as error:
        status, message = refusal(request, session, error)
        return halls_page(request, session, status_code=status, error=message)
    return form.back_to(HALLS, "hall")


@router.get("/halls/{slug}")
def hall(request: Request, hall: OrganizerHall, session: SessionDep) -> Response:
    return hall_page(request, session, hall)


@router.post("/halls/{slug}/texts", dependencies=[FormCsrf])
def save_texts(
    request: Request,
    hall: OrganizerHall,
    organizer: Organizer,
    session: SessionDep,
    texts: TextsForm,
) -> Response:
    try:
        update_hall(session, hall, texts=texts, booths=None, actor_id=organizer.id)
    except DomainError as error:
        status, message = refusal(request, session, error)
        return hall_page(
            request, session, hall, status_code=status, values=texts, errors={"name": message}
        )
    return see_other(f"{HALLS}/{hall.slug}", "texts", saved="texts")


@router.post("/halls/{slug}/booths", dependencies=[FormCsrf])
def order_booths(
    request: Request,
    hall: OrganizerHall,
    organizer: Organizer,
    session: SessionDep,
    form: ReorderForm,
) -> Response:
    try:
        update_hall(session, hall, texts={}, booths=form.order, actor_id=organizer.id)
    except DomainError as error:
        status, message = refusal(request, session, error)
        return hall_page(request, session, hall, status_code=status, error=message)
    return form.back_to(f"{HALLS}/{hall.slug}", "booth")


@router.post("/halls/{slug}/booths/{booth}/move", dependencies=[FormCsrf])
def move_booth(
    request: Request,
    hall: OrganizerHall,
    organizer: Organizer,
    session: SessionDep,
    booth: Annotated[str, Path(max_length=120)],
    to: SlugField = "",
) -> Response:
    """Send a booth to another hall: its region's hall changes (as on the roster), and
    the booth stands last in its new hall."""
    try:
        region = _region_of_booth_in(session, hall, booth)
        if not to or to == hall.slug:
            raise Invalid("Pilih aula lain untuk anjungan ini.")
        set_participation(
            session,
            region.code,
            participating=region.participating,
            hall_slug=to,
            actor_id=organizer.id,
        )
    except DomainError as error:
        status, message = refusal(request, session, error)
        return hall_page(request, session, hall, status_code=status, error=message)
    return see_other(f"{HALLS}/{hall.slug}", "booths", sent=booth, to=to)


def _region_of_booth_in(session: Session, hall: Hall, slug: str) -> Region:
    """The region of booth `slug`, which must stand in `hall` (422: reload the page)."""
    found = session.exec(select(Booth).where(Booth.slug == slug, Booth.hall_id == hall.id)).first()
    region = session.get(Region, found.region_code) if found else None
    if region is None:
        raise Invalid(
            "Anjungan {slug} tidak ada di aula ini lagi. Muat ulang halaman lalu coba lagi.",
            slug=slug,
        )
    return region
