"""Submissions move through one function (`transition`) that owns every side effect."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.accounts.models import User, UserHall
from app.audit.service import record
from app.booths.models import Booth, BoothRevision
from app.booths.publication import tell_editors
from app.booths.schemas import SECTIONS, BoothContent
from app.booths.service import publish_revision, snapshot_revision
from app.core.errors import Conflict, Invalid
from app.core.i18n import N_
from app.core.timeutil import utcnow
from app.exhibition.service import get_exhibition
from app.moderation.models import OPEN_STATES, State, Submission
from app.notifications.service import notify

# Which state may follow which: the table the one transition function enforces.
ALLOWED: dict[State, set[State]] = {
    State.submitted: {State.in_review, State.approved, State.changes_requested, State.rejected},
    State.in_review: {State.submitted, State.approved, State.changes_requested, State.rejected},
}
# Indonesian msgids, written in each recipient's language.
DECISION_MESSAGES = {
    State.approved: (
        N_("{title}: pengajuan disetujui"),
        N_("Pengajuan Anda disetujui. {reason}"),
    ),
    State.changes_requested: (
        N_("{title}: perlu perbaikan"),
        N_("Moderator meminta perbaikan: {reason}\nCatatan per bagian ada di penyunting."),
    ),
    State.rejected: (
        N_("{title}: pengajuan ditolak"),
        N_("Pengajuan Anda ditolak: {reason}"),
    ),
}


def _reviewers_for(session: Session, booth: Booth) -> list[User]:
    """The moderators of the booth's hall; every moderator when the hall has none."""
    moderators = list(
        session.exec(select(User).where(User.role == "moderator", col(User.is_active))).all()
    )
    if booth.hall_id is None:
        return moderators
    assigned = set(
        session.exec(select(UserHall.user_id).where(UserHall.hall_id == booth.hall_id)).all()
    )
    return [m for m in moderators if m.id in assigned] or moderators


def submit(session: Session, booth: Booth, *, actor: User, override: bool = False) -> Submission:
    """Snapshot the draft into a revision and open a submission for it."""
    freeze_at = get_exhibition(session).freeze_at
    if (
        freeze_at is not None
        and freeze_at <= utcnow()
        and not (override and actor.role == "organizer")
    ):
        raise Conflict("Pameran sudah dibekukan; pengajuan baru tidak diterima lagi.")
    if session.exec(
        select(Submission.id).where(
            Submission.booth_id == booth.id, col(Submission.state).in_(OPEN_STATES)
        )
    ).first():
        raise Conflict("Anjungan ini sudah memiliki pengajuan yang sedang ditinjau.")
    content = BoothContent.model_validate(booth.draft)
    try:
        # Racing submitters collide on the revision number or on the open-submission
        # index: the loser's savepoint rolls back and it gets a 409.
        with session.begin_nested():
            revision = snapshot_revision(
                session, booth, content, source="submission", actor_id=actor.id
            )
            submission = Submission(
                booth_id=booth.id or 0, revision_id=revision.id or 0, submitted_by_id=actor.id
            )
            session.add(submission)
            session.flush()
    except IntegrityError:
        raise Conflict("Anjungan ini sudah memiliki pengajuan yang sedang ditinjau.") from None
    record(
        session,
        action="submission.submitted",
        actor_id=actor.id,
        booth_id=booth.id,
        submission=submission.id,
        revision=revision.number,
    )
    for reviewer in _reviewers_for(session, booth):
        notify(
            session,
            reviewer,
            kind="submission_received",
            subject=N_("Pengajuan baru: {title}"),
            body=N_("{title} mengajukan revisi {number} untuk ditinjau."),
            link=f"/moderation/submissions/{submission.id}",
            params={"title": content.title, "number": revision.number},
        )
    return submission


def _move(
    session: Session, submission: Submission, expected: str, to: State, **values: Any
) -> None:
    """The guard: a conditional UPDATE, so of two racing moderators exactly one wins."""
    result = session.execute(
        update(Submission)
        .where(col(Submission.id) == submission.id, col(Submission.state) == expected)
        .values(state=to, **values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("Pengajuan ini sudah berubah status; muat ulang.")
    session.refresh(submission)


def _values_for(
    to: State, *, actor: User, reason: str | None, comments: Sequence[dict[str, str]]
) -> dict[str, Any]:
    """What a move to `to` writes beside the state; a decision's reason and comments checked."""
    now = utcnow()
    if to == State.in_review:
        return {"claimed_by_id": actor.id, "claimed_at": now}
    if to == State.submitted:
        return {"claimed_by_id": None, "claimed_at": None}
    if to != State.approved and not (reason or "").strip():
        raise Invalid("Alasan wajib diisi bila meminta perbaikan atau menolak.")
    for comment in comments:
        if comment.get("section") not in SECTIONS or not (comment.get("body") or "").strip():
            raise Invalid("Komentar harus menyebut bagian yang dikenal dan berisi teks.")
    return {
        "decided_by_id": actor.id,
        "decided_at": now,
        "reason": (reason or "").strip() or None,
        "comments": [dict(c) for c in comments],
    }


def transition(
    session: Session,
    submission: Submission,
    to: State,
    *,
    actor: User,
    reason: str | None = None,
    comments: Sequence[dict[str, str]] = (),
) -> Submission:
    """Move a submission to `to` and persist it.

    Side effects, all in the caller's transaction: the audit event, outbox
    notifications for the region's editors (decisions), publication on approve
    (at once, or at the opening time if that is still ahead) with the cache-epoch
    bump that publishing does.
    """
    current = State(submission.state)
    if to not in ALLOWED.get(current, set()):
        raise Conflict("Pengajuan ini sudah diputuskan.")
    values = _values_for(to, actor=actor, reason=reason, comments=comments)
    _move(session, submission, current, to, **values)
    booth = session.get(Booth, submission.booth_id)
    assert booth is not None  # noqa: S101  (foreign key)
    record(
        session,
        # Back to the queue is a release, not a second submission.
        action="submission.released" if to == State.submitted else f"submission.{to.value}",
        actor_id=actor.id,
        booth_id=booth.id,
        submission=submission.id,
        reason=submission.reason,
    )
    if to in (State.approved, State.changes_requested, State.rejected):
        if to == State.approved:
            _approve(session, booth, submission, actor)
        subject, body = DECISION_MESSAGES[to]
        tell_editors(
            session,
            booth,
            kind="decision",
            subject=subject,
            body=body,
            reason=submission.reason or "",
        )
    return submission


def _approve(session: Session, booth: Booth, submission: Submission, actor: User) -> None:
    opening_at = get_exhibition(session).opening_at
    if opening_at is not None and opening_at > utcnow():
        submission.publish_at = opening_at  # published by publish_due when the time comes
        session.add(submission)
        return
    revision = session.get(BoothRevision, submission.revision_id)
    assert revision is not None  # noqa: S101  (foreign key)
    publish_revision(session, booth, revision, actor_id=actor.id)


def publish_due(session: Session) -> int:
    """Publish approvals that waited for the opening, once it has come (it may have
    moved since they were approved); returns how many."""
    opening_at = get_exhibition(session).opening_at
    if opening_at is not None and opening_at > utcnow():
        return 0
    waiting = session.exec(
        select(Submission)
        .where(Submission.state == State.approved, col(Submission.publish_at).is_not(None))
        .order_by(col(Submission.decided_at))
    ).all()
    published = 0
    for submission in waiting:
        # The guard: of two instances publishing at once, one clears the mark.
        claimed = session.execute(
            update(Submission)
            .where(col(Submission.id) == submission.id, col(Submission.publish_at).is_not(None))
            .values(publish_at=None)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        booth = session.get(Booth, submission.booth_id)
        revision = session.get(BoothRevision, submission.revision_id)
        if booth is not None and revision is not None:
            publish_revision(session, booth, revision, actor_id=submission.decided_by_id)
            published += 1
    return published


def cancel_waiting_approvals(session: Session, booth: Booth) -> None:
    """An organizer's revert or unpublish overrides an approval waiting for the opening."""
    for submission in session.exec(
        select(Submission).where(
            Submission.booth_id == booth.id, col(Submission.publish_at).is_not(None)
        )
    ).all():
        submission.publish_at = None
        session.add(submission)


def send_reminders(session: Session, older_than: timedelta) -> int:
    """Remind the reviewers of submissions waiting longer than `older_than`, at most
    once per that period; returns how many submissions were reminded about."""
    now = utcnow()
    cutoff = now - older_than
    waiting = session.exec(
        select(Submission, Booth)
        .join(Booth, col(Booth.id) == col(Submission.booth_id))
        .where(
            col(Submission.state).in_(OPEN_STATES),
            col(Submission.submitted_at) <= cutoff,
            (col(Submission.reminded_at).is_(None)) | (col(Submission.reminded_at) <= cutoff),
        )
        .order_by(col(Submission.submitted_at))
    ).all()
    reminded = 0
    for submission, booth in waiting:
        # The guard: of two workers reminding at once, one updates the row.
        result = session.execute(
            update(Submission)
            .where(
                col(Submission.id) == submission.id,
                col(Submission.reminded_at).is_(None) | (col(Submission.reminded_at) <= cutoff),
            )
            .values(reminded_at=now)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            continue
        holder = session.get(User, submission.claimed_by_id) if submission.claimed_by_id else None
        for reviewer in [holder] if holder else _reviewers_for(session, booth):
            notify(
                session,
                reviewer,
                kind="reminder",
                subject=N_("Pengingat: {title} menunggu tinjauan"),
                body=N_("Pengajuan untuk {title} sudah menunggu {days} hari."),
                link=f"/moderation/submissions/{submission.id}",
                params={
                    "title": booth.draft.get("title") or booth.slug,
                    "days": max(1, (now - submission.submitted_at).days),
                },
            )
        reminded += 1
    return reminded
