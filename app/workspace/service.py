"""The region workspace's dashboard rows: each booth with its review and publication state."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.accounts.models import User
from app.accounts.permissions import editable_region_codes
from app.booths.models import Booth, BoothRevision
from app.halls.models import Hall
from app.moderation.models import State, Submission
from app.moderation.views import with_booth_status
from app.regions.models import Region


@dataclass(frozen=True)
class WorkspaceRow:
    booth: Booth
    region: Region
    hall_slug: str | None
    live_revision: int | None
    submission: Submission | None
    draft_changed: bool  # the draft differs from the live content
    waiting: Submission | None = None  # approved, to go live at the opening
    changed_since_approval: bool = False  # the draft differs from the waiting revision

    @property
    def status(self) -> str:
        """The chip's key: `waiting`, `live`, `live_changed`, `live_in_review` or `draft`."""
        if self.waiting is not None:
            return "waiting"
        if self.live_revision is None:
            return "draft"
        if not self.draft_changed:
            return "live"
        return "live_in_review" if self.submission else "live_changed"

    @property
    def can_submit(self) -> bool:
        """Nothing is under review, and there is something new to review."""
        if self.submission is not None:
            return False
        return self.changed_since_approval if self.waiting is not None else True


def _waiting_approvals(
    session: Session, booth_ids: list[int]
) -> dict[int, tuple[Submission, dict[str, Any]]]:
    """booth id → its newest approval waiting for the opening, and that revision's content."""
    rows = session.execute(
        sa_select(Submission, col(BoothRevision.content))
        .join(BoothRevision, col(BoothRevision.id) == col(Submission.revision_id))
        .where(
            col(Submission.booth_id).in_(booth_ids),
            col(Submission.state) == State.approved,
            col(Submission.publish_at).is_not(None),
        )
        .order_by(col(Submission.decided_at))
    ).all()
    return {submission.booth_id: (submission, content) for submission, content in rows}


def workspace_booths(
    session: Session, user: User, *, booth_id: int | None = None
) -> list[WorkspaceRow]:
    """The booths `user` edits (or only `booth_id`), with their live revision, open
    submission and any approval waiting for the opening."""
    codes = editable_region_codes(session, user)
    query = with_booth_status(sa_select(Booth, Region, col(Hall.slug), BoothRevision, Submission))
    if codes is not None:
        query = query.where(col(Booth.region_code).in_(codes))
    if booth_id is not None:
        query = query.where(col(Booth.id) == booth_id)
    found = session.execute(query).all()
    waiting = _waiting_approvals(session, [row[0].id for row in found])
    rows = []
    for booth, region, hall_slug, live, submission in found:
        approval, approved = waiting.get(booth.id, (None, None))
        rows.append(
            WorkspaceRow(
                booth,
                region,
                hall_slug,
                live.number if live else None,
                submission,
                draft_changed=live is None or live.content != booth.draft,
                waiting=approval,
                changed_since_approval=approved is not None and approved != booth.draft,
            )
        )
    return rows
