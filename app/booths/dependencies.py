"""Loaders for booth routes: the booth if the caller may edit or see its draft, else 404."""

from typing import Annotated

from fastapi import Depends
from sqlmodel import Session, select

from app.accounts.dependencies import CurrentUser
from app.accounts.models import User
from app.accounts.permissions import can_edit_booth, can_see_draft
from app.booths.models import Booth
from app.core.db import SessionDep
from app.core.errors import NotFound


def editable_booth(slug: str, user: CurrentUser, session: SessionDep) -> Booth:
    """The booth `slug` if the caller may edit it; anyone else gets 404."""
    booth = session.exec(select(Booth).where(Booth.slug == slug)).first()
    if booth is None or not can_edit_booth(session, user, booth):
        raise NotFound("Anjungan tidak ditemukan.")
    return booth


def draft_visible_booth(slug: str, user: CurrentUser, session: SessionDep) -> Booth:
    booth = session.exec(select(Booth).where(Booth.slug == slug)).first()
    if booth is None or not can_see_draft(session, user, booth):
        raise NotFound("Anjungan tidak ditemukan.")
    return booth


def still_editable(session: Session, booth: Booth, user: User) -> Booth:
    """`booth` loaded again, if `user` may still edit it; anyone else gets 404.

    For handlers that handed the connection back while they waited (uploads):
    rights and the draft may have changed meanwhile, so both are read afresh, the
    booth's row locked until the transaction ends (the handler changes its draft).
    """
    fresh_user = session.get(User, user.id)
    fresh = session.get(Booth, booth.id, with_for_update=True)
    if (
        fresh is None
        or fresh_user is None
        or not fresh_user.is_active
        or not can_edit_booth(session, fresh_user, fresh)
    ):
        raise NotFound("Anjungan tidak ditemukan.")
    return fresh


EditableBooth = Annotated[Booth, Depends(editable_booth)]
DraftVisibleBooth = Annotated[Booth, Depends(draft_visible_booth)]
