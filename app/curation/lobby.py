"""The lobby an organizer writes: headline, introduction, announcement and the featured
booths in order. Every change is audited and bumps the epoch (the lobby shows it)."""

from typing import Annotated, Any

from pydantic import ConfigDict, StringConstraints
from sqlmodel import Session

from app.audit.service import record
from app.booths.placement import feature_booths, featured_slugs
from app.core.text import CleanModel
from app.core.timeutil import utcnow
from app.curation.models import LOBBY_TEXTS, Lobby
from app.exhibition.service import bump_epoch

Headline = Annotated[str, StringConstraints(max_length=200)]
Intro = Annotated[str, StringConstraints(max_length=2000)]
Announcement = Annotated[str, StringConstraints(max_length=500)]
Slug = Annotated[str, StringConstraints(max_length=120)]


class LobbyChanges(CleanModel):
    """A change of the lobby: the keys it gives (null or absent: unchanged)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    featured: list[Slug] | None = None
    headline: Headline | None = None
    headline_en: Headline | None = None
    intro: Intro | None = None
    intro_en: Intro | None = None
    announcement: Announcement | None = None
    announcement_en: Announcement | None = None

    def texts(self) -> dict[str, str]:
        return self.model_dump(exclude_none=True, exclude={"featured"})


def get_lobby(session: Session) -> Lobby:
    """The lobby's texts (all empty until an organizer writes them)."""
    return session.get(Lobby, 1) or Lobby()


def lobby_texts(lobby: Lobby, lang: str) -> dict[str, str]:
    """The texts a visitor reads in `lang`: English falls back to the Indonesian."""
    keys = [key for key in LOBBY_TEXTS if not key.endswith("_en")]
    if lang == "en":
        return {key: getattr(lobby, f"{key}_en") or getattr(lobby, key) for key in keys}
    return {key: getattr(lobby, key) for key in keys}


def lobby_state(session: Session, lobby: Lobby) -> dict[str, Any]:
    """What an organizer sets of the lobby, as the API returns it."""
    texts = {key: getattr(lobby, key) for key in LOBBY_TEXTS}
    return {"featured": featured_slugs(session), **texts}


def update_lobby(session: Session, changes: LobbyChanges, *, actor_id: int | None) -> Lobby:
    """Change the given texts and, when `featured` is given, the featured booths."""
    # First, so that two organizers' edits wait for each other (the epoch's row lock)
    # and the second one's "before" is the first one's "after".
    bump_epoch(session)
    lobby = get_lobby(session)
    before = lobby_state(session, lobby)
    for key, value in changes.texts().items():
        setattr(lobby, key, value)
    if changes.featured is not None:
        feature_booths(session, changes.featured)
    lobby.updated_at = utcnow()
    session.add(lobby)
    session.flush()
    after = lobby_state(session, lobby)
    if after != before:
        changed = {key for key in after if after[key] != before[key]}
        record(
            session,
            action="lobby.updated",
            actor_id=actor_id,
            before={key: before[key] for key in sorted(changed)},
            after={key: after[key] for key in sorted(changed)},
        )
    return lobby
