"""Organizers' JSON API for the lobby: its texts and featured booths (API.md, "Organizers")."""

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from app.accounts.dependencies import Organizer, check_csrf
from app.core.db import SessionDep
from app.curation.lobby import LobbyChanges, get_lobby, lobby_state, update_lobby

router = APIRouter(
    prefix="/api/v1/organizer", tags=["organizer"], dependencies=[Depends(check_csrf)]
)


class LobbyState(BaseModel):
    featured: list[str]
    headline: str
    headline_en: str
    intro: str
    intro_en: str
    announcement: str
    announcement_en: str


@router.get("/lobby", response_model=LobbyState)
def get_lobby_state(_user: Organizer, session: SessionDep) -> LobbyState:
    return LobbyState(**lobby_state(session, get_lobby(session)))


@router.put("/lobby", response_model=LobbyState)
def put_lobby(body: LobbyChanges, user: Organizer, session: SessionDep) -> LobbyState:
    lobby = update_lobby(session, body, actor_id=user.id)
    return LobbyState(**lobby_state(session, lobby))
