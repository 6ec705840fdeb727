"""The region workspace (HTML): dashboard, draft editor, media library, preview."""

from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field, ValidationError
from sqlmodel import Session
from starlette.responses import JSONResponse, RedirectResponse, Response

from app.accounts.dependencies import CurrentUser, check_csrf
from app.accounts.models import User
from app.booths.dependencies import EditableBooth
from app.booths.editor_errors import Problem, describe, problems_from
from app.booths.editor_form import (
    ADDABLE_LISTS,
    DEFAULT_THEME_COLOR,
    HEX_COLOR,
    field_id,
    parse_form,
)
from app.booths.editor_values import EditorView, form_values, missing_translations, with_added_row
from app.booths.models import Booth
from app.booths.schemas import (
    EDITOR_SECTION_LABELS,
    FIELD_LABELS,
    LIST_LABELS,
    MEDIA_TEXT_FIELDS,
    ROW_LABELS,
    SINGLE_SLOTS,
    TRANSLATED_ROW_FIELDS,
    BoothContent,
)
from app.booths.service import save_draft
from app.core.colors import MIN_CONTRAST, WHITE, contrast
from app.core.db import SessionDep
from app.core.errors import DomainError, Invalid
from app.core.forms import FormCsrf, SubmittedFields, refusal
from app.core.i18n import N_, negotiate_language, translate, translations
from app.core.numbers import ascii_int
from app.core.public import private_page
from app.core.text import render_markdown
from app.core.timeutil import utcnow
from app.exhibition.service import get_exhibition
from app.media.models import KIND_LABELS
from app.media.service import booth_media
from app.media.views import load_media
from app.moderation.models import OPEN_STATES
from app.moderation.service import submit
from app.moderation.views import current_feedback, submission_history
from app.regions.models import Region
from app.workspace.service import workspace_booths

router = APIRouter(prefix="/workspace", include_in_schema=False)


def freeze_notice(session: Session) -> dict[str, Any] | None:
    """When submissions close (WIB on the page), and whether that moment has passed."""
    freeze_at = get_exhibition(session).freeze_at
    return None if freeze_at is None else {"at": freeze_at, "past": freeze_at <= utcnow()}


def _dashboard(
    request: Request, session: Session, user: User, *, status_code: int = 200, **extra: Any
) -> Response:
    context = {
        "user": user,
        "rows": workspace_booths(session, user),
        "freeze": freeze_notice(session),
        **extra,
    }
    return private_page(request, "workspace/dashboard.html", context, status_code=status_code)


@router.get("")
def dashboard(request: Request, user: CurrentUser, session: SessionDep) -> Response:
    return _dashboard(request, session, user, submitted="submitted" in request.query_params)


def _contrast_note(color: str) -> dict[str, Any] | None:
    """White text on the theme colour: its contrast ratio and whether it reads."""
    if not HEX_COLOR.match(color):
        return None
    ratio = contrast(WHITE, color)
    return {"ratio": ratio, "ok": ratio >= MIN_CONTRAST}


def _editor_page(
    request: Request,
    session: Session,
    booth: Booth,
    user: User,
    view: EditorView,
    *,
    problems: list[dict[str, str]] | None = None,
    saved: bool = False,
    unsaved: bool = False,
    status_code: int = 200,
) -> Response:
    draft = booth.draft
    assets = booth_media(session, booth.id or 0)
    media = load_media(session, [a.id for a in assets if a.id is not None])
    images = [img for a in assets if (img := media.image(a.id)) is not None]
    shown = [
        a for i in BoothContent.model_validate(draft).media_ids() if (a := media.assets.get(i))
    ]
    # Only an image's alt text reaches visitors (a document's thumbnail is decorative), so
    # only images have one to translate.
    media_texts = {
        a.id or 0: {
            n: getattr(a, n) for n in MEDIA_TEXT_FIELDS if n != "alt_text" or a.kind == "image"
        }
        for a in shown
    }
    view.missing = missing_translations(view.values, media_texts)
    history = submission_history(session, booth)
    section_errors = Counter(p["section"] for p in problems or [])
    theme_color = view.value("theme_color").strip()
    context = {
        "booth": booth,
        "region": session.get(Region, booth.region_code),
        "form": view,
        "problems": problems or [],
        "section_errors": section_errors,
        "saved": saved,
        "unsaved": unsaved,
        "images": images,
        "gallery": [img for i in draft.get("gallery", []) if (img := media.image(i))],
        "documents": [d for i in draft.get("documents", []) if (d := media.document(i))],
        "videos": [v for i in draft.get("videos", []) if (v := media.video(i))],
        "contrast": _contrast_note(theme_color),
        "picker_color": theme_color if HEX_COLOR.match(theme_color) else DEFAULT_THEME_COLOR,
        "min_contrast": MIN_CONTRAST,
        "submission": history[0] if history and history[0].state in OPEN_STATES else None,
        "feedback": current_feedback(history),
        "draft_title": draft.get("title") or booth.slug,
        "translated_media": [(a, media.image(a.id)) for a in shown],
        "translated_row_fields": TRANSLATED_ROW_FIELDS,
        "list_labels": LIST_LABELS,
        "row_labels": ROW_LABELS,
        "field_labels": FIELD_LABELS,
        "editor_section_labels": EDITOR_SECTION_LABELS,
        "kind_labels": KIND_LABELS,
        "row": next(iter(workspace_booths(session, user, booth_id=booth.id)), None),
        "freeze": freeze_notice(session),
    }
    return private_page(request, "workspace/editor.html", context, status_code=status_code)


@router.get("/booths/{slug}")
def editor(
    request: Request, booth: EditableBooth, user: CurrentUser, session: SessionDep, saved: str = ""
) -> Response:
    """The whole draft as one form that works without JavaScript."""
    view = EditorView(form_values(booth.draft))
    return _editor_page(request, session, booth, user, view, saved=saved == "1")


def _summary(
    problems: list[Problem], lang: str
) -> tuple[dict[str, list[str]], list[dict[str, str]]]:
    """Messages by field name, and the summary list with links, in `lang`."""
    gettext = translations(lang).gettext
    by_field: dict[str, list[str]] = {}
    summary = []
    for problem in problems:
        message = translate(lang, problem.message, **problem.params)
        if problem.item is not None:
            message = translate(lang, N_("Baris {n}: {text}"), n=problem.item, text=message)
        if problem.name and message in by_field.get(problem.name, []):
            continue  # a field refused twice for the same reason is told once
        if problem.name:
            by_field.setdefault(problem.name, []).append(message)
        target = problem.name or problem.section
        summary.append(
            {
                "href": "#" + (field_id(problem.name) if problem.name else problem.section),
                "label": describe(target, gettext),
                "message": message,
                "section": problem.section,
            }
        )
    return by_field, summary


def _media_problems(fields: dict[str, str], booth: Booth, session: Session) -> list[Problem]:
    """Logo and banner must be images of this booth (the form only offers those)."""
    images = {a.id for a in booth_media(session, booth.id or 0) if a.kind == "image"}
    problems = []
    for key in SINGLE_SLOTS:
        chosen = fields.get(key, "").strip()
        if chosen and chosen != str(booth.draft.get(key) or "") and ascii_int(chosen) not in images:
            problems.append(Problem(key, "identity", N_("Pilihan tidak sah")))
    return problems


@router.post(
    "/booths/{slug}",
    dependencies=[FormCsrf],
    # Six pillars of full lists (with their blank rows) stay below this; the default
    # (1000 fields) could refuse a long master plan.
    form_limits={"max_fields": 6000},
)
def save(
    request: Request,
    booth: EditableBooth,
    user: CurrentUser,
    session: SessionDep,
    fields: SubmittedFields,
) -> Response:
    """Validate the whole form; 422 with every message beside its field, or save and go back."""
    lang = negotiate_language(request)
    fields.pop("csrf_token", None)
    added_to = fields.pop("add_row", "")
    if added_to in ADDABLE_LISTS:  # "add another row" without JavaScript: nothing is saved
        view = EditorView(with_added_row(fields, added_to), opened=added_to)
        return _editor_page(request, session, booth, user, view, unsaved=True)
    parsed = parse_form(fields, booth.draft)
    problems: list[Problem] = []
    content: BoothContent | None = None
    try:
        content = BoothContent.model_validate(parsed.content)
    except ValidationError as error:
        problems = problems_from(error, parsed, fields)
    problems += _media_problems(fields, booth, session)
    if content is not None and not problems:
        try:
            save_draft(session, booth, content, actor_id=user.id)
        except Invalid as error:
            problems = [Problem("", "media", error.message, error.params)]
    if problems:
        by_field, summary = _summary(problems, lang)
        # Shown as understood: a colour picked without JavaScript replaces the code.
        shown = fields | {"theme_color": parsed.content.get("theme_color") or ""}
        view = EditorView(shown, by_field)
        return _editor_page(request, session, booth, user, view, problems=summary, status_code=422)
    return RedirectResponse(f"/workspace/booths/{booth.slug}?saved=1", status_code=303)


class MarkdownIn(BaseModel):
    text: str = Field(default="", max_length=20000)


@router.post("/booths/{slug}/markdown-preview", dependencies=[Depends(check_csrf)])
def markdown_preview(booth: EditableBooth, body: MarkdownIn) -> Response:
    """The sanitised HTML a Markdown text will show (for the editor's preview buttons)."""
    del booth  # only checked: the caller edits this booth
    return JSONResponse(
        {"html": str(render_markdown(body.text))}, headers={"Cache-Control": "no-store"}
    )


@router.post("/booths/{slug}/submit", dependencies=[FormCsrf])
def submit_for_review(
    request: Request, booth: EditableBooth, user: CurrentUser, session: SessionDep
) -> Response:
    """Snapshot the draft and send it to the moderators (the same rules as the API)."""
    try:
        submit(session, booth, actor=user)
    except DomainError as error:
        status, message = refusal(request, session, error)
        return _dashboard(request, session, user, status_code=status, error=message)
    return RedirectResponse("/workspace?submitted=1", status_code=303)


@router.get("/booths/{slug}/submissions")
def submissions(request: Request, booth: EditableBooth, session: SessionDep) -> Response:
    """The booth's submissions with the reviewers' decisions, reasons and pinned comments."""
    context = {
        "booth": booth,
        "draft_title": booth.draft.get("title") or booth.slug,
        "history": submission_history(session, booth),
    }
    return private_page(request, "workspace/submissions.html", context)
