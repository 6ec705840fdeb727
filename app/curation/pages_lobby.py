"""The organizers' lobby page: headline, introduction and announcement in both languages,
the featured booths in order, and a preview of the lobby before anything is saved.

Without JavaScript every button posts the whole form: moving or removing a featured
booth and the preview show the page again with what was typed, unsaved; only "save"
writes. reorder.js moves the rows in place instead (by keyboard or by dragging), and
the order is saved with the rest."""

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from pydantic import ValidationError
from sqlmodel import Session
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import Organizer
from app.booths.placement import MAX_FEATURED
from app.booths.views import BoothCard, live_cards
from app.core.db import SessionDep
from app.core.errors import Invalid
from app.core.forms import FormCsrf, refusal
from app.core.i18n import error_message, negotiate_language
from app.core.public import private_page
from app.curation.forms import ReorderForm, Reordering, SlugField
from app.curation.lobby import LobbyChanges, get_lobby, lobby_state, lobby_texts, update_lobby
from app.curation.models import LOBBY_TEXTS, Lobby
from app.curation.pages import lobby_parts

router = APIRouter(prefix="/organizer", include_in_schema=False)
Text = Annotated[str, Form(max_length=10_000)]  # the real limits: LobbyChanges, per field


def _edited(reordering: Reordering, remove: str, add: str) -> list[str]:
    """The featured list after a no-JS button: moved up or down, one removed or added."""
    order = [slug for slug in reordering.order if slug != remove]
    return [*order, add] if add and add not in order else order


def _field_errors(request: Request, error: ValidationError) -> dict[str, str]:
    """The refused fields, each with its message in the reader's language."""
    errors: dict[str, str] = {}
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else "featured"
        limit = (problem.get("ctx") or {}).get("max_length")
        reason = Invalid("Paling banyak {max} karakter.", max=limit) if limit else None
        errors[field] = error_message(request, reason or Invalid("Isian ini tidak sah."))
    return errors


def _page(
    request: Request,
    session: Session,
    state: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    preview: bool = False,
    saved: bool = False,
    moved: Reordering | None = None,
) -> Response:
    lang = negotiate_language(request)
    cards = live_cards(session, lang)
    by_slug = {card.slug: card for card in cards}
    featured = state["featured"]
    context: dict[str, Any] = {
        "values": {key: state[key] for key in LOBBY_TEXTS},
        "featured": [(slug, by_slug.get(slug)) for slug in featured],
        "candidates": sorted(
            (card for card in cards if card.slug not in featured), key=lambda c: c.title
        ),
        "max_featured": MAX_FEATURED,
        "errors": errors or {},
        "unsaved": state != lobby_state(session, get_lobby(session)),
        "saved": saved,
        "moved": moved,
        "preview": _preview(session, cards, state, lang) if preview and not errors else None,
    }
    status = 422 if errors else 200
    return private_page(request, "organizer/lobby.html", context, status_code=status)


def _preview(
    session: Session, cards: list[BoothCard], state: dict[str, Any], lang: str
) -> dict[str, Any]:
    """The lobby as it would be with `state`: its texts and featured booths."""
    place = {slug: index for index, slug in enumerate(state["featured"])}
    flagged = [replace(card, featured_position=place.get(card.slug)) for card in cards]
    texts = lobby_texts(Lobby(**{key: state[key] for key in LOBBY_TEXTS}), lang)
    return lobby_parts(session, flagged, texts)


@router.get("/lobby")
def lobby_form(
    request: Request, organizer: Organizer, session: SessionDep, saved: str = ""
) -> Response:
    return _page(request, session, lobby_state(session, get_lobby(session)), saved=bool(saved))


@router.post("/lobby", dependencies=[FormCsrf])
def post_lobby(
    request: Request,
    organizer: Organizer,
    session: SessionDep,
    reordering: ReorderForm,
    headline: Text = "",
    headline_en: Text = "",
    intro: Text = "",
    intro_en: Text = "",
    announcement: Text = "",
    announcement_en: Text = "",
    remove: SlugField = "",
    candidate: SlugField = "",
    action: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Every button posts the whole form: `up`/`down`/`remove` (a row's slug) and
    `action=add` (with `candidate`) or `preview` show it again unsaved; `save` saves."""
    texts = dict(
        headline=headline,
        headline_en=headline_en,
        intro=intro,
        intro_en=intro_en,
        announcement=announcement,
        announcement_en=announcement_en,
    )
    order = _edited(reordering, remove, candidate if action == "add" else "")
    try:
        changes = LobbyChanges(featured=order, **texts)
    except ValidationError as error:
        typed = {"featured": order, **texts}
        return _page(request, session, typed, errors=_field_errors(request, error))
    state = {"featured": order, **changes.texts()}
    if action != "save":
        return _page(request, session, state, preview=action == "preview", moved=reordering)
    try:
        update_lobby(session, changes, actor_id=organizer.id)
    except Invalid as error:
        _status, message = refusal(request, session, error)
        return _page(request, session, state, errors={"featured": message})
    return RedirectResponse("/organizer/lobby?saved=1", status_code=303)
