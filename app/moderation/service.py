"""Submissions move through one function (`transition`) that owns every side effect."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.accounts.models import User, UserHall, UserRegion
from app.audit.service import record
from app.booths import search
from app.booths.models import Booth, BoothRevision
from app.booths.schemas import SECTIONS, BoothContent
from app.booths.service import publish_revision, snapshot_revision
from app.core.errors import Conflict, Forbidden, Invalid
from app.core.i18n import N_
from app.core.timeutil import utcnow
from app.exhibition.service import bump_epoch, get_exhibition
from app.moderation.models import OPEN_STATES, State, Submission
from app.moderation.queue import load_review
from app.moderation.review import blocking
from app.moderation.schemas import Decision
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
DECISIONS = {
    "approve": State.approved,
    "request_changes": State.changes_requested,
    "reject": State.rejected,
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


def _editors_of(session: Session, booth: Booth) -> list[User]:
    return list(
        session.exec(
            select(User)
            .join(UserRegion, col(UserRegion.user_id) == col(User.id))
            .where(UserRegion.region_code == booth.region_code, col(User.is_active))
        ).all()
    )


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
    now = utcnow()
    values: dict[str, Any] = {}
    if to == State.in_review:
        values = {"claimed_by_id": actor.id, "claimed_at": now}
    elif to == State.submitted:
        values = {"claimed_by_id": None, "claimed_at": None}
    else:
        if to != State.approved and not (reason or "").strip():
            raise Invalid("Alasan wajib diisi bila meminta perbaikan atau menolak.")
        for comment in comments:
            if comment.get("section") not in SECTIONS or not (comment.get("body") or "").strip():
                raise Invalid("Komentar harus menyebut bagian yang dikenal dan berisi teks.")
        values = {
            "decided_by_id": actor.id,
            "decided_at": now,
            "reason": (reason or "").strip() or None,
            "comments": [dict(c) for c in comments],
        }
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
        _tell_editors(
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


def publishable_revisions(session: Session, booth: Booth) -> list[BoothRevision]:
    """Revisions that were live once (imported or approved), newest first."""
    return list(
        session.exec(
            select(BoothRevision)
            .where(BoothRevision.booth_id == booth.id, col(BoothRevision.published_at).is_not(None))
            .order_by(col(BoothRevision.number).desc())
        ).all()
    )


def _cancel_waiting(session: Session, booth: Booth) -> None:
    """An organizer's revert or unpublish overrides an approval waiting for the opening."""
    for submission in session.exec(
        select(Submission).where(
            Submission.booth_id == booth.id, col(Submission.publish_at).is_not(None)
        )
    ).all():
        submission.publish_at = None
        session.add(submission)


def _tell_editors(
    session: Session, booth: Booth, *, kind: str, subject: str, body: str, **params: object
) -> None:
    """Notify the region's editors; the message links to the booth's editor."""
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
    session: Session, booth: Booth, revision: BoothRevision, *, actor: User, reason: str = ""
) -> None:
    """Make an earlier published revision live again (organizers only).

    Side effects, in the caller's transaction: search index, audit event, cache
    epoch (through `publish_revision`) and a notification to the region's editors.
    The draft is never touched.
    """
    if actor.role != "organizer":
        raise Forbidden("Hanya penyelenggara yang dapat mengembalikan revisi.")
    if revision.booth_id != booth.id or revision.published_at is None:
        raise Invalid("Hanya revisi yang pernah tayang yang dapat dikembalikan.")
    if booth.live_revision_id == revision.id:
        raise Conflict("Revisi ini sudah tayang.")
    _cancel_waiting(session, booth)
    publish_revision(session, booth, revision, actor_id=actor.id)
    record(
        session,
        action="booth.reverted",
        actor_id=actor.id,
        booth_id=booth.id,
        revision=revision.number,
        reason=reason.strip() or None,
    )
    _tell_editors(
        session,
        booth,
        kind="reverted",
        subject=N_("{title}: revisi {number} ditayangkan kembali"),
        body=N_("Penyelenggara menayangkan kembali revisi {number}. {reason}"),
        number=revision.number,
        reason=reason.strip(),
    )


def unpublish_booth(session: Session, booth: Booth, *, actor: User, reason: str = "") -> None:
    """Take a booth off the public exhibition (organizers only); the draft stays.

    Side effects, in the caller's transaction: search index, audit event, cache
    epoch and a notification to the region's editors.
    """
    if actor.role != "organizer":
        raise Forbidden("Hanya penyelenggara yang dapat menurunkan anjungan.")
    if booth.live_revision_id is None:
        raise Conflict("Anjungan ini tidak sedang tayang.")
    _cancel_waiting(session, booth)
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
    _tell_editors(
        session,
        booth,
        kind="unpublished",
        subject=N_("{title} diturunkan dari pameran"),
        body=N_("Penyelenggara menurunkan anjungan Anda dari pameran. {reason}"),
        reason=reason.strip(),
    )


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


def _refuse_if_held(session: Session, submission: Submission, actor: User) -> None:
    """Another moderator's claim: 409 naming who holds it."""
    if submission.state == State.in_review and submission.claimed_by_id != actor.id:
        holder = session.get(User, submission.claimed_by_id) if submission.claimed_by_id else None
        raise Conflict(
            "Pengajuan ini sedang ditinjau oleh {who}.", who=holder.email if holder else "?"
        )


def claim_submission(session: Session, submission: Submission, *, actor: User) -> Submission:
    """Take a submission for review (again, for its holder); for the API and the pages."""
    _refuse_if_held(session, submission, actor)
    if submission.state == State.in_review:
        return submission
    try:
        return transition(session, submission, State.in_review, actor=actor)
    except Conflict:
        # Lost a race: name the winner when it was a claim, else say what happened.
        session.refresh(submission)
        _refuse_if_held(session, submission, actor)
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


class BlockingChecks(Invalid):
    """An approval refused: blocking checks fail and no override (with a reason) was given."""


def _refuse_if_blocked(
    session: Session, submission: Submission, decision: Decision, actor: User
) -> None:
    """Blocking checks keep a booth from going live unless the approver overrides them
    with a reason; an override is audited with the checks it set aside."""
    found = blocking(load_review(session, submission).checks)
    if not found:
        return
    codes = ", ".join(dict.fromkeys(c.code for c in found))
    if not decision.override:
        raise BlockingChecks(
            "Pemeriksaan yang memblokir belum terpenuhi ({codes}). Perbaiki dulu, atau "
            "setujui dengan pengecualian dan alasannya.",
            codes=codes,
        )
    if not (decision.reason or "").strip():
        raise BlockingChecks(
            "Pengecualian atas pemeriksaan ({codes}) wajib diberi alasan.", codes=codes
        )
    record(
        session,
        action="submission.checks_overridden",
        actor_id=actor.id,
        booth_id=submission.booth_id,
        submission=submission.id,
        checks=[c.code for c in found],
        reason=(decision.reason or "").strip(),
    )


def decide_submission(
    session: Session, submission: Submission, decision: Decision, *, actor: User
) -> Submission:
    """Approve, request changes or reject, unless another moderator holds it; an approval
    with blocking checks needs `override` and a reason."""
    _refuse_if_held(session, submission, actor)
    if decision.decision == "approve" and submission.state in OPEN_STATES:
        _refuse_if_blocked(session, submission, decision, actor)
    return transition(
        session,
        submission,
        DECISIONS[decision.decision],
        actor=actor,
        reason=decision.reason,
        comments=[c.model_dump() for c in decision.comments],
    )
