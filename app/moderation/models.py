from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field

from app.core.i18n import N_
from app.core.modelbase import SQLModel
from app.core.timeutil import utcnow


class State(StrEnum):
    submitted = "submitted"
    in_review = "in_review"
    approved = "approved"
    changes_requested = "changes_requested"
    rejected = "rejected"


OPEN_STATES = (State.submitted, State.in_review)
# Indonesian msgids, translated where shown.
STATE_LABELS = {
    State.submitted: N_("Diajukan"),
    State.in_review: N_("Sedang ditinjau"),
    State.approved: N_("Disetujui"),
    State.changes_requested: N_("Perlu perbaikan"),
    State.rejected: N_("Ditolak"),
}


class Submission(SQLModel, table=True):
    """A request to publish one immutable revision of a booth."""

    __table_args__ = (
        # At most one open submission per booth, enforced by the database itself.
        Index(
            "uq_submission_open_per_booth",
            "booth_id",
            unique=True,
            sqlite_where=text("state IN ('submitted', 'in_review')"),
            postgresql_where=text("state IN ('submitted', 'in_review')"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    booth_id: int = Field(foreign_key="booth.id", index=True)
    revision_id: int = Field(foreign_key="booth_revision.id")
    state: str = Field(default=State.submitted, max_length=20, index=True)
    submitted_by_id: int | None = Field(default=None, foreign_key="user.id")
    submitted_at: datetime = Field(default_factory=utcnow)
    claimed_by_id: int | None = Field(default=None, foreign_key="user.id")
    claimed_at: datetime | None = None
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    decided_at: datetime | None = None
    reason: str | None = Field(default=None, max_length=5000)
    comments: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # Approved before the opening time: published when it comes.
    publish_at: datetime | None = None
    # The last reminder about this submission still waiting (None: none yet).
    reminded_at: datetime | None = None
