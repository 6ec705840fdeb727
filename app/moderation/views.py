"""What the region and the reviewers read about a booth's submissions."""

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVarTuple

from sqlalchemy import Select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.booths.models import Booth, BoothRevision
from app.halls.models import Hall
from app.moderation.models import OPEN_STATES, State, Submission
from app.regions.models import Region

FEEDBACK_STATES = (State.changes_requested, State.rejected)
Row = TypeVarTuple("Row")


def with_booth_status(query: Select[*Row]) -> Select[*Row]:
    """Join each booth's region, hall, live revision and open submission (at most one)."""
    return (
        query.join(Region, col(Region.code) == col(Booth.region_code))
        .outerjoin(Hall, col(Hall.id) == col(Booth.hall_id))
        .outerjoin(BoothRevision, col(BoothRevision.id) == col(Booth.live_revision_id))
        .outerjoin(
            Submission,
            (col(Submission.booth_id) == col(Booth.id)) & col(Submission.state).in_(OPEN_STATES),
        )
        .order_by(col(Region.name))
    )


@dataclass(frozen=True)
class SubmissionView:
    id: int
    state: str
    revision: int
    submitted_at: datetime
    submitted_by: str | None
    decided_at: datetime | None
    decided_by: str | None
    reason: str | None
    comments: list[dict[str, str]]

    @property
    def is_feedback(self) -> bool:
        return self.state in FEEDBACK_STATES

    def comments_on(self, section: str) -> list[str]:
        return [c["body"] for c in self.comments if c.get("section") == section]


def submission_history(session: Session, booth: Booth) -> list[SubmissionView]:
    """Every submission of `booth`, newest first, with who submitted and decided."""
    submitter, decider = aliased(User), aliased(User)
    rows = session.exec(
        select(Submission, BoothRevision.number, submitter.email, decider.email)
        .join(BoothRevision, col(BoothRevision.id) == col(Submission.revision_id))
        .outerjoin(submitter, col(submitter.id) == col(Submission.submitted_by_id))
        .outerjoin(decider, col(decider.id) == col(Submission.decided_by_id))
        .where(Submission.booth_id == booth.id)
        .order_by(col(Submission.submitted_at).desc(), col(Submission.id).desc())
    ).all()
    return [
        SubmissionView(
            id=s.id or 0,
            state=s.state,
            revision=number,
            submitted_at=s.submitted_at,
            submitted_by=submitted_by,
            decided_at=s.decided_at,
            decided_by=decided_by,
            reason=s.reason,
            comments=list(s.comments),
        )
        for s, number, submitted_by, decided_by in rows
    ]


def current_feedback(history: list[SubmissionView]) -> SubmissionView | None:
    """The reviewers' answer the region still has to act on: the latest submission's,
    when it asked for changes or was rejected."""
    return history[0] if history and history[0].is_feedback else None
