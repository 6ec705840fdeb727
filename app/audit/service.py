"""The audit trail's recording: who did what to which booth, when (reading it is curation's)."""

from typing import Any

from sqlmodel import Session

from app.audit.models import AuditEvent


def record(
    session: Session,
    *,
    action: str,
    actor_id: int | None = None,
    booth_id: int | None = None,
    **data: Any,
) -> AuditEvent:
    """Add one audit event to the caller's transaction."""
    event = AuditEvent(action=action, actor_id=actor_id, booth_id=booth_id, data=data)
    session.add(event)
    return event
