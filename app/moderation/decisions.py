"""A moderator's decision: approve, request changes or reject, over blocking checks only
with an audited override."""

from sqlmodel import Session

from app.accounts.models import User
from app.audit.service import record
from app.core.errors import Invalid
from app.moderation.checks import blocking
from app.moderation.claims import refuse_if_held
from app.moderation.models import OPEN_STATES, State, Submission
from app.moderation.queue import load_review
from app.moderation.schemas import Decision
from app.moderation.service import transition

DECISIONS = {
    "approve": State.approved,
    "request_changes": State.changes_requested,
    "reject": State.rejected,
}


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
    refuse_if_held(session, submission, actor)
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
