"""What organizers see of each booth's publication: its state and its revisions."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.booths.models import Booth, BoothRevision
from app.booths.publication import PublicationOverride, with_live_revision
from app.core.i18n import N_
from app.halls.models import Hall
from app.regions.models import Region

NO_HALL = "-"  # the hall filter's value for booths that stand in no hall
# BoothRevision.source as pages name it. Indonesian msgids, translated where shown.
SOURCE_LABELS = {"import": N_("Impor bundel"), "submission": N_("Pengajuan")}


class Proposal(Protocol):
    """The submission that proposed a revision, as moderation reports it."""

    @property
    def state(self) -> str: ...
    @property
    def publish_at(self) -> datetime | None: ...
    @property
    def decided_at(self) -> datetime | None: ...
    @property
    def decided_by(self) -> str | None: ...
    @property
    def reason(self) -> str | None: ...


@dataclass(frozen=True)
class SubmissionRecords:
    """Moderation's side of the overview, handed in by the composition root
    (`app.state.submission_records`): curation and moderation stand side by side
    (DESIGN.md §7)."""

    open_states: Callable[[Session], Mapping[int, str]]  # booth id → open submission's state
    proposals: Callable[[Session, Booth], Mapping[int, Proposal]]  # by revision id
    cancel_waiting: PublicationOverride  # a revert or unpublish sets waiting approvals aside


@dataclass(frozen=True)
class BoothStatus:
    booth: Booth
    region: Region
    hall: Hall | None
    live_revision: int | None
    open_submission: str | None  # its state
    last_published_at: datetime | None


def booth_statuses(
    session: Session, records: SubmissionRecords, *, hall: str = "", live: bool | None = None
) -> list[BoothStatus]:
    """Every booth by region name; `hall` a slug or NO_HALL, `live` True/False/None (all)."""
    # Reverts publish again without a new revision: the audit log knows when.
    last_published = (
        sa_select(col(AuditEvent.booth_id), func.max(AuditEvent.at).label("at"))
        .where(col(AuditEvent.action) == "booth.published")
        .group_by(col(AuditEvent.booth_id))
        .subquery()
    )
    query = with_live_revision(
        sa_select(Booth, Region, Hall, col(BoothRevision.number), last_published.c.at)
    ).outerjoin(last_published, last_published.c.booth_id == col(Booth.id))
    if hall == NO_HALL:
        query = query.where(col(Booth.hall_id).is_(None))
    elif hall:
        query = query.where(col(Hall.slug) == hall)
    if live is not None:
        live_id = col(Booth.live_revision_id)
        query = query.where(live_id.is_not(None) if live else live_id.is_(None))
    open_states = records.open_states(session)
    return [
        BoothStatus(booth, region, hall, number, open_states.get(booth.id or 0), published_at)
        for booth, region, hall, number, published_at in session.execute(query).all()
    ]


@dataclass(frozen=True)
class RevisionEntry:
    revision: BoothRevision
    created_by: str | None
    proposal: Proposal | None  # None for imports
    live: bool


def publication_history(
    session: Session, records: SubmissionRecords, booth: Booth
) -> list[RevisionEntry]:
    """Every revision of `booth`, newest first, with the submission that proposed it."""
    creator = aliased(User)
    rows = session.execute(
        sa_select(BoothRevision, col(creator.email))
        .outerjoin(creator, col(creator.id) == col(BoothRevision.created_by_id))
        .where(col(BoothRevision.booth_id) == booth.id)
        .order_by(col(BoothRevision.number).desc())
    ).all()
    proposals = records.proposals(session, booth)
    return [
        RevisionEntry(
            revision,
            created_by,
            proposals.get(revision.id or 0),
            revision.id == booth.live_revision_id,
        )
        for revision, created_by in rows
    ]
