"""Submissions (workspace) and the moderation queue (API.md)."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlmodel import col, select

from app.accounts.dependencies import CurrentUser, EditableBooth, check_csrf
from app.accounts.models import User
from app.booths.models import Booth, BoothRevision
from app.core.db import SessionDep
from app.core.errors import Conflict, Forbidden, NotFound
from app.moderation.models import OPEN_STATES, State, Submission
from app.moderation.service import (
    DECISIONS,
    content_diff,
    publishable_revisions,
    revert_booth,
    submit,
    transition,
    unpublish_booth,
)
from app.moderation.views import submission_history

router = APIRouter(prefix="/api/v1", tags=["moderation"], dependencies=[Depends(check_csrf)])


def require_reviewer(user: CurrentUser) -> User:
    if user.role not in ("moderator", "organizer"):
        raise Forbidden("Khusus moderator dan penyelenggara.")
    return user


Reviewer = Annotated[User, Depends(require_reviewer)]


class SubmitBody(BaseModel):
    override: bool = False


class Created(BaseModel):
    id: int
    state: str
    revision: int


class Comment(BaseModel):
    section: str
    body: str = Field(max_length=5000)


class Decision(BaseModel):
    decision: Literal["approve", "request_changes", "reject"]
    reason: str | None = Field(default=None, max_length=5000)
    comments: list[Comment] = Field(default_factory=list, max_length=100)


@router.post("/workspace/booths/{slug}/submissions", status_code=201, response_model=Created)
def create_submission(
    booth: EditableBooth, user: CurrentUser, session: SessionDep, body: SubmitBody | None = None
) -> Created:
    submission = submit(session, booth, actor=user, override=bool(body and body.override))
    revision = session.get(BoothRevision, submission.revision_id)
    return Created(
        id=submission.id or 0, state=submission.state, revision=revision.number if revision else 0
    )


@router.get("/workspace/booths/{slug}/submissions")
def booth_submissions(booth: EditableBooth, session: SessionDep) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "state": s.state,
            "reason": s.reason,
            "comments": s.comments,
            "submitted_at": s.submitted_at,
            "decided_at": s.decided_at,
        }
        for s in submission_history(session, booth)
    ]


@router.get("/moderation/queue")
def queue(reviewer: Reviewer, session: SessionDep) -> list[dict[str, Any]]:
    rows = session.exec(
        select(Submission, Booth)
        .join(Booth, col(Booth.id) == col(Submission.booth_id))
        .where(col(Submission.state).in_(OPEN_STATES))
        .order_by(col(Submission.submitted_at), col(Submission.id))
    ).all()
    holders = _emails(session, [s.claimed_by_id for s, _b in rows])
    return [
        {
            "id": s.id,
            "booth": b.slug,
            "state": s.state,
            "submitted_at": s.submitted_at,
            "claimed_by": holders.get(s.claimed_by_id),
        }
        for s, b in rows
    ]


def _emails(session: SessionDep, ids: list[int | None]) -> dict[int | None, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(session.exec(select(User.id, User.email).where(col(User.id).in_(wanted))).all())


def _submission(session: SessionDep, submission_id: int) -> Submission:
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise NotFound("Pengajuan tidak ditemukan.")
    return submission


@router.get("/moderation/submissions/{submission_id}")
def review(submission_id: int, reviewer: Reviewer, session: SessionDep) -> dict[str, Any]:
    submission = _submission(session, submission_id)
    booth = session.get(Booth, submission.booth_id)
    revision = session.get(BoothRevision, submission.revision_id)
    assert booth is not None and revision is not None  # noqa: S101  (foreign keys)
    live = session.get(BoothRevision, booth.live_revision_id) if booth.live_revision_id else None
    live_content = live.content if live else None
    return {
        "id": submission.id,
        "state": submission.state,
        "booth": booth.slug,
        "content": revision.content,
        "live_content": live_content,
        "diff": content_diff(live_content, revision.content),
    }


@router.post("/moderation/submissions/{submission_id}/claim")
def claim(submission_id: int, reviewer: Reviewer, session: SessionDep) -> dict[str, Any]:
    submission = _submission(session, submission_id)
    if submission.state == State.in_review and submission.claimed_by_id != reviewer.id:
        holder = _emails(session, [submission.claimed_by_id]).get(submission.claimed_by_id, "?")
        raise Conflict("Pengajuan ini sedang ditinjau oleh {who}.", who=holder)
    if submission.state == State.submitted:
        transition(session, submission, State.in_review, actor=reviewer)
    elif submission.state != State.in_review:
        raise Conflict("Pengajuan ini sudah diputuskan.")
    return {"id": submission.id, "state": submission.state, "claimed_by": reviewer.email}


@router.post("/moderation/submissions/{submission_id}/release")
def release(submission_id: int, reviewer: Reviewer, session: SessionDep) -> dict[str, Any]:
    submission = _submission(session, submission_id)
    if submission.state != State.in_review or submission.claimed_by_id != reviewer.id:
        raise Conflict("Hanya pemegang klaim yang dapat melepasnya.")
    transition(session, submission, State.submitted, actor=reviewer)
    return {"id": submission.id, "state": submission.state}


@router.post("/moderation/submissions/{submission_id}/decision")
def decide(
    submission_id: int, body: Decision, reviewer: Reviewer, session: SessionDep
) -> dict[str, Any]:
    submission = _submission(session, submission_id)
    if submission.state == State.in_review and submission.claimed_by_id != reviewer.id:
        holder = _emails(session, [submission.claimed_by_id]).get(submission.claimed_by_id, "?")
        raise Conflict("Pengajuan ini sedang ditinjau oleh {who}.", who=holder)
    transition(
        session,
        submission,
        DECISIONS[body.decision],
        actor=reviewer,
        reason=body.reason,
        comments=[c.model_dump() for c in body.comments],
    )
    return {
        "id": submission.id,
        "state": submission.state,
        "reason": submission.reason,
        "comments": submission.comments,
        "decided_at": submission.decided_at,
    }


class Publication(BaseModel):
    reason: str = Field(default="", max_length=5000)


class Revert(Publication):
    revision: int


def _booth(session: SessionDep, slug: str) -> Booth:
    booth = session.exec(select(Booth).where(Booth.slug == slug)).first()
    if booth is None:
        raise NotFound("Anjungan tidak ditemukan.")
    return booth


def _publication(booth: Booth, session: SessionDep) -> dict[str, Any]:
    live = session.get(BoothRevision, booth.live_revision_id) if booth.live_revision_id else None
    return {"booth": booth.slug, "live_revision": live.number if live else None}


@router.get("/moderation/booths/{slug}/revisions")
def revisions(slug: str, reviewer: Reviewer, session: SessionDep) -> list[dict[str, Any]]:
    """Revisions that were live once, newest first: what a revert can go back to."""
    booth = _booth(session, slug)
    return [
        {
            "revision": r.number,
            "published_at": r.published_at,
            "source": r.source,
            "live": r.id == booth.live_revision_id,
        }
        for r in publishable_revisions(session, booth)
    ]


@router.post("/moderation/booths/{slug}/revert")
def revert(slug: str, body: Revert, reviewer: Reviewer, session: SessionDep) -> dict[str, Any]:
    booth = _booth(session, slug)
    revision = session.exec(
        select(BoothRevision).where(
            BoothRevision.booth_id == booth.id, BoothRevision.number == body.revision
        )
    ).first()
    if revision is None:
        raise NotFound("Revisi tidak ditemukan.")
    revert_booth(session, booth, revision, actor=reviewer, reason=body.reason)
    return _publication(booth, session)


@router.post("/moderation/booths/{slug}/unpublish")
def unpublish(
    slug: str, body: Publication, reviewer: Reviewer, session: SessionDep
) -> dict[str, Any]:
    booth = _booth(session, slug)
    unpublish_booth(session, booth, actor=reviewer, reason=body.reason)
    return _publication(booth, session)
