"""What the region and the reviewers read about a booth's submissions."""

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVarTuple

from sqlalchemy import Select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.booths.models import Booth, BoothRevision
from app.booths.publication import with_live_revision
from app.moderation.models import OPEN_STATES, State, Submission

FEEDBACK_STATES = (State.changes_requested, State.rejected)
Row = TypeVarTuple("Row")


def with_booth_status(query: Select[*Row]) -> Select[*Row]:
    """Join each booth's region, hall, live revision and open submission (at most one)."""
    return with_live_revision(query).outerjoin(
        Submission,
        (col(Submission.booth_id) == col(Booth.id)) & col(Submission.state).in_(OPEN_STATES),
    )


def open_submission_states(session: Session) -> dict[int, str]:
    """booth id → the state of its open submission, for the booths that have one."""
    rows = session.exec(
        select(Submission.booth_id, Submission.state).where(col(Submission.state).in_(OPEN_STATES))
    ).all()
    return dict(rows)


@dataclass(frozen=True)
class Proposal:
    """The submission that proposed a revision, and its decision so far."""

    state: str
    publish_at: datetime | None  # approved, to go live at the opening
    decided_at: datetime | None
    decided_by: str | None
    reason: str | None


def revision_proposals(session: Session, booth: Booth) -> dict[int, Proposal]:
    """revision id → the submission that proposed it (imported revisions have none)."""
    decider = aliased(User)
    rows = session.exec(
        select(Submission, decider.email)
        .outerjoin(decider, col(decider.id) == col(Submission.decided_by_id))
        .where(Submission.booth_id == booth.id)
    ).all()
    return {
        s.revision_id: Proposal(s.state, s.publish_at, s.decided_at, decided_by, s.reason)
        for s, decided_by in rows
    }


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
