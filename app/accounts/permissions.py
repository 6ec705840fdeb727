"""Who may do what to which booth: per object, in one place."""

from typing import Protocol

from sqlmodel import Session, select

from app.accounts.models import User, UserRegion

REVIEWERS = ("moderator", "organizer")


class InRegion(Protocol):
    """What a right is granted on: anything of one region (a booth)."""

    region_code: str


def editable_region_codes(session: Session, user: User) -> set[str] | None:
    """The regions a user edits; None means every region (organizers)."""
    if user.role == "organizer":
        return None
    if user.role != "region-editor":
        return set()
    return set(
        session.exec(select(UserRegion.region_code).where(UserRegion.user_id == user.id)).all()
    )


def can_edit_booth(session: Session, user: User, booth: InRegion) -> bool:
    codes = editable_region_codes(session, user)
    return codes is None or booth.region_code in codes


def can_see_draft(session: Session, user: User, booth: InRegion) -> bool:
    """Editors of the booth, moderators and organizers see drafts and unpublished media."""
    return user.role in REVIEWERS or can_edit_booth(session, user, booth)


def landing_page(user: User) -> str:
    """Where a person starts after signing in (every sign-in without a `next`, an
    accepted invitation, a reset): organizers at the campaign, moderators at their
    queue, editors at their booths."""
    if user.role == "organizer":
        return "/organizer"
    return "/moderation" if user.role in REVIEWERS else "/workspace"
