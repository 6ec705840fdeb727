"""Publishing outside review: an earlier revision made live again, a booth taken down,
and the region's editors told what happened to their booth."""

from collections.abc import Callable
from typing import TypeVarTuple

from sqlalchemy import Select
from sqlmodel import Session, col, select

from app.accounts.models import User, UserRegion
from app.audit.service import record
from app.booths import search
from app.booths.models import Booth, BoothRevision
from app.booths.service import publish_revision
from app.core.errors import Conflict, Forbidden, Invalid
from app.core.i18n import N_
from app.exhibition.service import bump_epoch
from app.halls.models import Hall
from app.notifications.service import notify
from app.regions.models import Region

Row = TypeVarTuple("Row")

PublicationOverride = Callable[[Session, Booth], None]
"""What an organizer's revert or unpublish sets aside besides the live revision: moderation's
approvals waiting for the opening. Booths stand below moderation (DESIGN.md §7), so its
callers hand it in."""


def with_live_revision(query: Select[*Row]) -> Select[*Row]:
    """Join each booth's region, hall and live revision, by region name."""
    return (
        query.join(Region, col(Region.code) == col(Booth.region_code))
        .outerjoin(Hall, col(Hall.id) == col(Booth.hall_id))
        .outerjoin(BoothRevision, col(BoothRevision.id) == col(Booth.live_revision_id))
        .order_by(col(Region.name))
    )


def publishable_revisions(session: Session, booth: Booth) -> list[BoothRevision]:
    """Revisions that were live once (imported or approved), newest first."""
    return list(
        session.exec(
            select(BoothRevision)
            .where(BoothRevision.booth_id == booth.id, col(BoothRevision.published_at).is_not(None))
            .order_by(col(BoothRevision.number).desc())
        ).all()
    )


def _editors_of(session: Session, booth: Booth) -> list[User]:
    return list(
        session.exec(
            select(User)
            .join(UserRegion, col(UserRegion.user_id) == col(User.id))
            .where(UserRegion.region_code == booth.region_code, col(User.is_active))
        ).all()
    )


def tell_editors(
    session: Session, booth: Booth, *, kind: str, subject: str, body: str, **params: object
) -> None:
    """Notify the region's editors; the message links to the booth's submissions."""
    params.setdefault("title", booth.draft.get("title") or booth.slug)
    for editor in _editors_of(session, booth):
        notify(
            session,
            editor,
            kind=kind,
            subject=subject,
            body=body,
            link=f"/workspace/booths/{booth.slug}/submissions",
            params=params,
        )


def revert_booth(
    session: Session,
    booth: Booth,
    revision: BoothRevision,
    *,
    actor: User,
    reason: str = "",
    on_override: PublicationOverride,
) -> None:
    """Make an earlier published revision live again (organizers only).

    Side effects, in the caller's transaction: `on_override`, search index, audit event,
    cache epoch (through `publish_revision`) and a notification to the region's editors.
    The draft is never touched.
    """
    if actor.role != "organizer":
        raise Forbidden("Hanya penyelenggara yang dapat mengembalikan revisi.")
    if revision.booth_id != booth.id or revision.published_at is None:
        raise Invalid("Hanya revisi yang pernah tayang yang dapat dikembalikan.")
    if booth.live_revision_id == revision.id:
        raise Conflict("Revisi ini sudah tayang.")
    on_override(session, booth)
    publish_revision(session, booth, revision, actor_id=actor.id)
    record(
        session,
        action="booth.reverted",
        actor_id=actor.id,
        booth_id=booth.id,
        revision=revision.number,
        reason=reason.strip() or None,
    )
    tell_editors(
        session,
        booth,
        kind="reverted",
        subject=N_("{title}: revisi {number} ditayangkan kembali"),
        body=N_("Penyelenggara menayangkan kembali revisi {number}. {reason}"),
        number=revision.number,
        reason=reason.strip(),
    )


def unpublish_booth(
    session: Session,
    booth: Booth,
    *,
    actor: User,
    reason: str = "",
    on_override: PublicationOverride,
) -> None:
    """Take a booth off the public exhibition (organizers only); the draft stays.

    Side effects, in the caller's transaction: `on_override`, search index, audit event,
    cache epoch and a notification to the region's editors.
    """
    if actor.role != "organizer":
        raise Forbidden("Hanya penyelenggara yang dapat menurunkan anjungan.")
    if booth.live_revision_id is None:
        raise Conflict("Anjungan ini tidak sedang tayang.")
    on_override(session, booth)
    booth.live_revision_id = None
    session.add(booth)
    session.flush()
    search.remove_booth(session, booth.id or 0)
    record(
        session,
        action="booth.unpublished",
        actor_id=actor.id,
        booth_id=booth.id,
        reason=reason.strip() or None,
    )
    bump_epoch(session)
    tell_editors(
        session,
        booth,
        kind="unpublished",
        subject=N_("{title} diturunkan dari pameran"),
        body=N_("Penyelenggara menurunkan anjungan Anda dari pameran. {reason}"),
        reason=reason.strip(),
    )
