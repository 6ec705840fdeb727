"""What moderators read: the queue, one submission under review, a booth's history."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlmodel import Session, col, or_, select

from app.accounts.models import User, UserHall
from app.booths.models import Booth, BoothRevision
from app.booths.schemas import BoothContent
from app.halls.models import Hall
from app.media.views import MediaSet, load_media
from app.moderation.checks import Check, booth_links, review_checks
from app.moderation.diff import ContentDiff, content_diff
from app.moderation.models import OPEN_STATES, State, Submission
from app.regions.models import Region

DECIDED_STATES = (State.approved, State.changes_requested, State.rejected)
QueueFilter = Literal[
    "open", "submitted", "in_review", "decided", "approved", "changes_requested", "rejected"
]
FILTER_STATES: dict[str, tuple[State, ...]] = {
    "open": OPEN_STATES,
    "decided": DECIDED_STATES,
    **{state.value: (state,) for state in State},
}


@dataclass(frozen=True)
class QueueRow:
    submission: Submission
    booth: Booth
    region: Region
    hall: Hall | None
    revision: int
    title: str  # as submitted
    submitted_by: str | None
    claimed_by: str | None
    decided_by: str | None
    in_my_halls: bool  # the booth's hall is one the viewer moderates


def emails_of(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """The e-mail addresses of the users with these ids, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    found = session.exec(select(User.id, User.email).where(col(User.id).in_(wanted))).all()
    return {user_id: email for user_id, email in found if user_id is not None}


def queue_rows(
    session: Session,
    viewer: User,
    *,
    mine: bool = False,
    hall: str | None = None,
    state: QueueFilter = "open",
) -> list[QueueRow]:
    """Submissions in `state` (open ones by default), oldest first; decided ones with the
    newest decision first. `mine`: those the viewer holds or decided; `hall`: a hall slug."""
    query = (
        select(Submission, Booth, BoothRevision, Region)
        .join(Booth, col(Booth.id) == col(Submission.booth_id))
        .join(BoothRevision, col(BoothRevision.id) == col(Submission.revision_id))
        .join(Region, col(Region.code) == col(Booth.region_code))
        .where(col(Submission.state).in_(FILTER_STATES[state]))
    )
    if mine:
        query = query.where(
            or_(Submission.claimed_by_id == viewer.id, Submission.decided_by_id == viewer.id)
        )
    halls = {h.id: h for h in session.exec(select(Hall))}  # a dozen rows
    if hall is not None:
        query = query.where(col(Booth.hall_id).in_([i for i, h in halls.items() if h.slug == hall]))
    if state in ("open", "submitted", "in_review"):
        query = query.order_by(col(Submission.submitted_at), col(Submission.id))
    else:
        query = query.order_by(col(Submission.decided_at).desc(), col(Submission.id).desc())
    rows = session.exec(query).all()
    people = emails_of(
        session,
        [i for s, *_ in rows for i in (s.submitted_by_id, s.claimed_by_id, s.decided_by_id)],
    )
    my_halls = set(session.exec(select(UserHall.hall_id).where(UserHall.user_id == viewer.id)))
    return [
        QueueRow(
            submission=submission,
            booth=booth,
            region=region,
            hall=halls.get(booth.hall_id),
            revision=revision.number,
            title=revision.content.get("title") or booth.slug,
            submitted_by=people.get(submission.submitted_by_id or 0),
            claimed_by=people.get(submission.claimed_by_id or 0),
            decided_by=people.get(submission.decided_by_id or 0),
            in_my_halls=booth.hall_id in my_halls,
        )
        for submission, booth, revision, region in rows
    ]


def queue_json(row: QueueRow) -> dict[str, Any]:
    """One queue entry as the JSON API answers it."""
    return {
        "id": row.submission.id,
        "booth": row.booth.slug,
        "state": row.submission.state,
        "submitted_at": row.submission.submitted_at,
        "claimed_by": row.claimed_by,
        "region": {"code": row.region.code, "name": row.region.name},
        "hall": row.hall.slug if row.hall else None,
        "revision": row.revision,
    }


@dataclass(frozen=True)
class SubmissionReview:
    submission: Submission
    booth: Booth
    revision: BoothRevision
    content: BoothContent
    before: BoothRevision | None  # the live revision it replaces; None on a first publication
    media: MediaSet  # the assets of both sides
    diff: ContentDiff
    checks: list[Check]
    # The latest submission sent back (changes requested or rejected) before this one,
    # and what changed since its revision: "what changed since my notes".
    feedback: Submission | None = None
    feedback_revision: BoothRevision | None = None
    diff_since_feedback: ContentDiff | None = None


def _replaced_revision(
    session: Session, booth: Booth, revision: BoothRevision
) -> BoothRevision | None:
    """The live revision; once this one is live, the one that was live before it."""
    if booth.live_revision_id != revision.id:
        return (
            session.get(BoothRevision, booth.live_revision_id) if booth.live_revision_id else None
        )
    return session.exec(
        select(BoothRevision)
        .where(
            BoothRevision.booth_id == booth.id,
            BoothRevision.number < revision.number,
            col(BoothRevision.published_at).is_not(None),
        )
        .order_by(col(BoothRevision.number).desc())
    ).first()


def _sent_back(session: Session, submission: Submission) -> Submission | None:
    """The booth's latest submission before this one that was sent back."""
    return session.exec(
        select(Submission)
        .where(
            Submission.booth_id == submission.booth_id,
            col(Submission.id) < (submission.id or 0),
            col(Submission.state).in_((State.changes_requested, State.rejected)),
        )
        .order_by(col(Submission.id).desc())
    ).first()


def load_review(session: Session, submission: Submission) -> SubmissionReview:
    """A submission with its diffs (against the live booth, and against the revision
    last sent back, if any) and the automatic checks."""
    booth = session.get(Booth, submission.booth_id)
    revision = session.get(BoothRevision, submission.revision_id)
    assert booth is not None and revision is not None  # noqa: S101  (foreign keys)
    before = _replaced_revision(session, booth, revision)
    content = BoothContent.model_validate(revision.content)
    old = BoothContent.model_validate(before.content) if before else None
    feedback = _sent_back(session, submission)
    noted = session.get(BoothRevision, feedback.revision_id) if feedback else None
    noted_content = BoothContent.model_validate(noted.content) if noted else None
    media = load_media(
        session,
        content.media_ids()
        + (old.media_ids() if old else [])
        + (noted_content.media_ids() if noted_content else []),
    )
    linked = booth_links(content)
    live_booths = (
        set(
            session.exec(
                select(Booth.slug).where(
                    col(Booth.slug).in_(linked), col(Booth.live_revision_id).is_not(None)
                )
            ).all()
        )
        if linked
        else set()
    )
    return SubmissionReview(
        submission=submission,
        booth=booth,
        revision=revision,
        content=content,
        before=before,
        media=media,
        diff=content_diff(old, content, media),
        checks=review_checks(content, media, live_booths=live_booths),
        feedback=feedback,
        feedback_revision=noted,
        diff_since_feedback=content_diff(noted_content, content, media) if noted_content else None,
    )
