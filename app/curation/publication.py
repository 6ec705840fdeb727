"""What organizers see of each booth's publication: its state and its revisions."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.booths.models import Booth, BoothRevision
from app.core.i18n import N_
from app.halls.models import Hall
from app.moderation.models import Submission
from app.moderation.views import with_booth_status
from app.regions.models import Region

NO_HALL = "-"  # the hall filter's value for booths that stand in no hall
# BoothRevision.source as pages name it. Indonesian msgids, translated where shown.
SOURCE_LABELS = {"import": N_("Impor bundel"), "submission": N_("Pengajuan")}


@dataclass(frozen=True)
class BoothStatus:
    booth: Booth
    region: Region
    hall: Hall | None
    live_revision: int | None
    open_submission: str | None  # its state
    last_published_at: datetime | None


def booth_statuses(
    session: Session, *, hall: str = "", live: bool | None = None
) -> list[BoothStatus]:
    """Every booth by region name; `hall` a slug or NO_HALL, `live` True/False/None (all)."""
    # Reverts publish again without a new revision: the audit log knows when.
    last_published = (
        sa_select(col(AuditEvent.booth_id), func.max(AuditEvent.at).label("at"))
        .where(col(AuditEvent.action) == "booth.published")
        .group_by(col(AuditEvent.booth_id))
        .subquery()
    )
    query = with_booth_status(
        sa_select(
            Booth,
            Region,
            Hall,
            col(BoothRevision.number),
            col(Submission.state),
            last_published.c.at,
        )
    ).outerjoin(last_published, last_published.c.booth_id == col(Booth.id))
    if hall == NO_HALL:
        query = query.where(col(Booth.hall_id).is_(None))
    elif hall:
        query = query.where(col(Hall.slug) == hall)
    if live is not None:
        live_id = col(Booth.live_revision_id)
        query = query.where(live_id.is_not(None) if live else live_id.is_(None))
    return [BoothStatus(*row) for row in session.execute(query).all()]


@dataclass(frozen=True)
class RevisionEntry:
    revision: BoothRevision
    created_by: str | None
    submission: Submission | None  # the one that proposed it; None for imports
    decided_by: str | None
    live: bool


def publication_history(session: Session, booth: Booth) -> list[RevisionEntry]:
    """Every revision of `booth`, newest first, with the submission that proposed it."""
    creator, decider = aliased(User), aliased(User)
    rows = session.execute(
        sa_select(BoothRevision, col(creator.email), Submission, col(decider.email))
        .outerjoin(creator, col(creator.id) == col(BoothRevision.created_by_id))
        .outerjoin(Submission, col(Submission.revision_id) == col(BoothRevision.id))
        .outerjoin(decider, col(decider.id) == col(Submission.decided_by_id))
        .where(col(BoothRevision.booth_id) == booth.id)
        .order_by(col(BoothRevision.number).desc())
    ).all()
    return [
        RevisionEntry(
            revision, created_by, submission, decided_by, revision.id == booth.live_revision_id
        )
        for revision, created_by, submission, decided_by in rows
    ]
