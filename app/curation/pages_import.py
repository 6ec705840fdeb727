"""Organizer pages: the roster from a CSV file (preview every change, then apply all or
nothing) and the roster as a CSV file.

The preview carries the file's text in a signed hidden field, so what is applied is
exactly what was previewed; applying reads it again against the data as it is then,
and refuses if that would now do anything else than the preview showed.
"""

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Form, Request
from itsdangerous import BadSignature
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import Organizer
from app.accounts.models import User
from app.core.csrf import require_csrf, signed
from app.core.db import SessionDep
from app.core.errors import Conflict, DomainError, Forbidden, NotAuthenticated
from app.core.forms import FormCsrf, refusal
from app.core.i18n import error_message
from app.core.public import private_page
from app.core.timeutil import WIB, utcnow
from app.curation.roster import roster, selected_filters
from app.curation.roster_csv import (
    EXPORT_COLUMNS,
    MAX_BYTES,
    MAX_LINES,
    OPTIONAL,
    REQUIRED,
    decode,
    roster_csv,
)
from app.curation.roster_import import ImportPlan, apply_import, plan_import
from app.halls.service import halls_in_order
from app.media.uploads import incoming_dir, receive_multipart

# Registered before the roster's `POST /organizer/regions/{code}`, which would take
# "import" for a region code.
router = APIRouter(prefix="/organizer", include_in_schema=False)
IMPORT = "/organizer/regions/import"
SALT = "roster-import"
PREVIEW_SECONDS = 3600  # a preview older than this is uploaded again


@router.get("/regions.csv")
def regions_csv(request: Request, organizer: Organizer, session: SessionDep) -> Response:
    """The roster as the page's filters narrow it, for a spreadsheet and for the import."""
    statuses = request.app.state.campaign_statuses.of_regions(session)
    rows = roster(session, selected_filters(request.query_params), statuses)
    return Response(
        roster_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="pameran-peserta-{utcnow().astimezone(WIB):%Y%m%d}.csv"'
            ),
            "Cache-Control": "private, no-store",
        },
    )


def import_page(
    request: Request,
    session: Session,
    *,
    plan: ImportPlan | None = None,
    payload: str = "",
    status_code: int = 200,
    error: str | None = None,
) -> Response:
    context: dict[str, Any] = {
        "plan": plan,
        "payload": payload,
        "errors": [(e.line, e.code, error_message(request, e.error)) for e in plan.errors]
        if plan
        else [],
        "halls": {hall.slug: hall for hall in halls_in_order(session)},
        "error": error,
        "required": REQUIRED,
        "optional": OPTIONAL,
        "export_columns": EXPORT_COLUMNS,
        "max_kb": MAX_BYTES // 1024,
        "max_lines": MAX_LINES,
    }
    return private_page(request, "organizer/regions_import.html", context, status_code=status_code)


@router.get("/regions/import")
def import_form(request: Request, organizer: Organizer, session: SessionDep) -> Response:
    return import_page(request, session)


def _preview(
    request: Request,
    session: Session,
    organizer: User,
    text: str,
    *,
    status_code: int = 200,
    error: str | None = None,
) -> Response:
    """The plan of `text`: with the signed file to apply, or 422 with every bad line."""
    plan = plan_import(session, text)
    if plan.errors:
        return import_page(request, session, plan=plan, status_code=422, error=error)
    payload = signed(request, SALT).dumps({"csv": text, "plan": plan.digest(), "by": organizer.id})
    return import_page(
        request, session, plan=plan, payload=str(payload), status_code=status_code, error=error
    )


@router.post("/regions/import")
async def import_preview(request: Request, organizer: Organizer, session: SessionDep) -> Response:
    """Read the uploaded file (at most MAX_BYTES, refused while reading) and preview it."""
    work_dir = incoming_dir(request.app.state.settings)
    try:
        form = await receive_multipart(
            request, max_bytes=MAX_BYTES, work_dir=work_dir, max_fields=5
        )
        try:
            require_csrf(request, form.fields.get("csrf_token"))
            data = await anyio.to_thread.run_sync(form.path.read_bytes)
        finally:
            form.discard()
        text = decode(data)
        return await run_in_threadpool(_preview, request, session, organizer, text)
    except (Forbidden, NotAuthenticated):
        raise
    except DomainError as error:
        return await run_in_threadpool(_refused, request, session, error)


def _refused(request: Request, session: Session, error: DomainError) -> Response:
    status, message = refusal(request, session, error)
    return import_page(request, session, status_code=status, error=message)


@router.post("/regions/import/apply", dependencies=[FormCsrf])
def import_apply(
    request: Request,
    organizer: Organizer,
    session: SessionDep,
    payload: Annotated[str, Form(max_length=4 * MAX_BYTES)],
) -> Response:
    """Apply exactly the previewed file, all or nothing; a file that now plans otherwise
    (the roster changed since) is previewed again instead (409)."""
    try:
        signed_file = signed(request, SALT).loads(payload, max_age=PREVIEW_SECONDS)
        if signed_file.get("by") != organizer.id:
            raise BadSignature("another organizer's preview")
    except BadSignature:
        return _refused(
            request,
            session,
            DomainError("Pratinjau ini tidak sah atau sudah kedaluwarsa; unggah berkasnya lagi."),
        )
    text = str(signed_file["csv"])
    try:
        plan = plan_import(session, text)
        if plan.errors:
            return import_page(request, session, plan=plan, status_code=422)
        if plan.digest() != signed_file.get("plan"):
            raise Conflict(
                "Data peserta berubah sejak pratinjau. Periksa pratinjau baru ini, lalu "
                "terapkan lagi."
            )
        apply_import(session, plan, actor_id=organizer.id)
    except Conflict as error:  # the roster changed since the preview: a fresh one
        status, message = refusal(request, session, error)
        return _preview(request, session, organizer, text, status_code=status, error=message)
    except DomainError as error:
        return _refused(request, session, error)
    return RedirectResponse(f"/organizer/regions?imported={len(plan.changes)}", status_code=303)
