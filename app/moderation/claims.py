"""Who holds a submission under review: claim it, give it back, take over a claim left."""

from sqlalchemy import update
from sqlmodel import Session, col

from app.accounts.models import User
from app.audit.service import record
from app.booths.models import BoothRevision
from app.core.errors import Conflict, Forbidden
from app.core.i18n import N_
from app.core.timeutil import utcnow
from app.moderation.models import State, Submission
from app.moderation.service import transition
from app.notifications.service import notify


def refuse_if_held(session: Session, submission: Submission, actor: User) -> None:
    """Another moderator's claim: 409 naming who holds it."""
    if submission.state == State.in_review and submission.claimed_by_id != actor.id:
        holder = session.get(User, submission.claimed_by_id) if submission.claimed_by_id else None
        raise Conflict(
            "Pengajuan ini sedang ditinjau oleh {who}.", who=holder.email if holder else "?"
        )


def claim_submission(session: Session, submission: Submission, *, actor: User) -> Submission:
    """Take a submission for review (again, for its holder); for the API and the pages."""
    refuse_if_held(session, submission, actor)
    if submission.state == State.in_review:
        return submission
    try:
        return transition(session, submission, State.in_review, actor=actor)
    except Conflict:
        # Lost a race: name the winner when it was a claim, else say what happened.
        session.refresh(submission)
        refuse_if_held(session, submission, actor)
        raise


def take_over_submission(session: Session, submission: Submission, *, actor: User) -> Submission:
    """An organizer takes a claim someone left; audited, and the previous holder is told."""
    if actor.role != "organizer":
        raise Forbidden("Hanya penyelenggara yang dapat mengambil alih klaim.")
    previous_id = submission.claimed_by_id
    if submission.state != State.in_review or previous_id in (None, actor.id):
        raise Conflict("Tidak ada klaim orang lain untuk diambil alih.")
    # The guard: the claim moves only if it is still the one the organizer saw.
    result = session.execute(
        update(Submission)
        .where(
            col(Submission.id) == submission.id,
            col(Submission.state) == State.in_review,
            col(Submission.claimed_by_id) == previous_id,
        )
        .values(claimed_by_id=actor.id, claimed_at=utcnow())
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("Pengajuan ini sudah berubah status; muat ulang.")
    session.refresh(submission)
    previous = session.get(User, previous_id)
    record(
        session,
        action="submission.taken_over",
        actor_id=actor.id,
        booth_id=submission.booth_id,
        submission=submission.id,
        previous=previous.email if previous else None,
    )
    revision = session.get(BoothRevision, submission.revision_id)
    if previous is not None:
        notify(
            session,
            previous,
            kind="claim_taken_over",
            subject=N_("Klaim diambil alih: {title}"),
            body=N_("{who} mengambil alih tinjauan {title} yang Anda pegang."),
            link=f"/moderation/submissions/{submission.id}",
            params={
                "title": (revision.content.get("title") if revision else None) or "?",
                "who": actor.email,
            },
        )
    return submission


def release_submission(session: Session, submission: Submission, *, actor: User) -> Submission:
    """Give a claimed submission back to the queue; only its holder may."""
    if submission.state != State.in_review or submission.claimed_by_id != actor.id:
        raise Conflict("Hanya pemegang klaim yang dapat melepasnya.")
    return transition(session, submission, State.submitted, actor=actor)
