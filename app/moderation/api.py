"""Submissions (workspace) and the moderation queue (API.md)."""

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlmodel import select

from app.accounts.dependencies import CurrentUser, Reviewer, check_csrf
from app.booths.dependencies import EditableBooth
from app.booths.models import Booth, BoothRevision
from app.booths.publication import publishable_revisions, revert_booth, unpublish_booth
from app.core.db import SessionDep
from app.core.errors import NotFound
from app.core.i18n import negotiate_language, translate
from app.core.numbers import MAX_ROW_ID
from app.core.text import CleanModel
from app.moderation.claims import claim_submission, release_submission, take_over_submission
from app.moderation.decisions import decide_submission
from app.moderation.dependencies import ReviewedSubmission
from app.moderation.queue import QueueFilter, load_review, queue_json, queue_rows
from app.moderation.schemas import Decision
from app.moderation.service import cancel_waiting_approvals, submit
from app.moderation.views import submission_history

router = APIRouter(prefix="/api/v1", tags=["moderation"], dependencies=[Depends(check_csrf)])


class SubmitBody(BaseModel):
    override: bool = False


class Created(BaseModel):
    id: int
    state: str
    revision: int


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
def queue(
    reviewer: Reviewer,
    session: SessionDep,
    mine: bool = False,
    hall: Annotated[str | None, Query(max_length=80)] = None,
    state: QueueFilter = "open",
) -> list[dict[str, Any]]:
    """Open submissions, oldest first; `mine` (held or decided by the caller), `hall`
    (a slug) and `state` (a state, `open` or `decided`) narrow it down."""
    rows = queue_rows(session, reviewer, mine=mine, hall=hall, state=state)
    return [queue_json(row) for row in rows]


@router.get("/moderation/submissions/{submission_id}")
def review(request: Request, submission: ReviewedSubmission, session: SessionDep) -> dict[str, Any]:
    found = load_review(session, submission)
    lang = negotiate_language(request)
    return {
        "id": submission.id,
        "state": submission.state,
        "booth": found.booth.slug,
        "content": found.revision.content,
        "live_content": found.before.content if found.before else None,
        "diff": found.diff.as_json(),
        # Against the revision last sent back (changes requested or rejected), or null.
        "feedback_revision": found.feedback_revision.number if found.feedback_revision else None,
        "diff_since_feedback": (
            found.diff_since_feedback.as_json() if found.diff_since_feedback else None
        ),
        "checks": [
            {**asdict(c), "message": translate(lang, c.message, **c.params)} for c in found.checks
        ],
    }


@router.post("/moderation/submissions/{submission_id}/claim")
def claim(
    submission: ReviewedSubmission, reviewer: Reviewer, session: SessionDep
) -> dict[str, Any]:
    claim_submission(session, submission, actor=reviewer)
    return {"id": submission.id, "state": submission.state, "claimed_by": reviewer.email}


@router.post("/moderation/submissions/{submission_id}/take-over")
def take_over(
    submission: ReviewedSubmission, reviewer: Reviewer, session: SessionDep
) -> dict[str, Any]:
    """Organizers: take a claim that another moderator left."""
    take_over_submission(session, submission, actor=reviewer)
    return {"id": submission.id, "state": submission.state, "claimed_by": reviewer.email}


@router.post("/moderation/submissions/{submission_id}/release")
def release(
    submission: ReviewedSubmission, reviewer: Reviewer, session: SessionDep
) -> dict[str, Any]:
    release_submission(session, submission, actor=reviewer)
    return {"id": submission.id, "state": submission.state}


@router.post("/moderation/submissions/{submission_id}/decision")
def decide(
    submission: ReviewedSubmission, body: Decision, reviewer: Reviewer, session: SessionDep
) -> dict[str, Any]:
    decide_submission(session, submission, body, actor=reviewer)
    return {
        "id": submission.id,
        "state": submission.state,
        "reason": submission.reason,
        "comments": submission.comments,
        "decided_at": submission.decided_at,
    }


class Publication(CleanModel):
    reason: str = Field(default="", max_length=5000)


class Revert(Publication):
    revision: int = Field(ge=1, le=MAX_ROW_ID)


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
    revert_booth(
        session,
        booth,
        revision,
        actor=reviewer,
        reason=body.reason,
        on_override=cancel_waiting_approvals,
    )
    return _publication(booth, session)


@router.post("/moderation/booths/{slug}/unpublish")
def unpublish(
    slug: str, body: Publication, reviewer: Reviewer, session: SessionDep
) -> dict[str, Any]:
    booth = _booth(session, slug)
    unpublish_booth(
        session, booth, actor=reviewer, reason=body.reason, on_override=cancel_waiting_approvals
    )
    return _publication(booth, session)
