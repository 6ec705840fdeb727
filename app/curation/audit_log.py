"""Reading the audit trail for the organizers' log page and its CSV export."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.regions.models import Region


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log is narrowed to; None or "" leaves a filter out."""

    booth: str = ""  # a booth's slug
    actor: str = ""  # part of the actor's e-mail
    action: str = ""
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    actor_email: str | None
    booth_slug: str | None
    region_name: str | None


def _query(filters: AuditFilters) -> Select[AuditEvent, str, str, str]:
    query = (
        sa_select(AuditEvent, col(User.email), col(Booth.slug), col(Region.name))
        .outerjoin(User, col(User.id) == col(AuditEvent.actor_id))
        .outerjoin(Booth, col(Booth.id) == col(AuditEvent.booth_id))
        .outerjoin(Region, col(Region.code) == col(Booth.region_code))
    )
    if filters.booth:
        query = query.where(col(Booth.slug) == filters.booth)
    if filters.actor:
        query = query.where(col(User.email).icontains(filters.actor, autoescape=True))
    if filters.action:
        query = query.where(col(AuditEvent.action) == filters.action)
    if filters.since is not None:
        query = query.where(col(AuditEvent.at) >= filters.since)
    if filters.until is not None:
        query = query.where(col(AuditEvent.at) < filters.until)
    return query


def booth_choices(session: Session) -> list[tuple[str, str]]:
    """(slug, region name) of every booth, by name: what the log can be narrowed to."""
    rows = session.execute(
        sa_select(col(Booth.slug), col(Region.name))
        .join(Region, col(Region.code) == col(Booth.region_code))
        .order_by(col(Region.name))
    ).all()
    return [(slug, name) for slug, name in rows]


def count_audit_events(session: Session, filters: AuditFilters) -> int:
    subquery = _query(filters).subquery()
    return int(session.execute(sa_select(func.count()).select_from(subquery)).scalar_one())


def audit_events(
    session: Session, filters: AuditFilters, *, limit: int | None = None, offset: int = 0
) -> Iterator[AuditRow]:
    """Matching events, newest first; read in batches, so a whole log can be streamed."""
    query = (
        _query(filters)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
        .offset(offset)
        .execution_options(yield_per=500)
    )
    for event, email, slug, region in session.execute(query):
        yield AuditRow(event, email, slug, region)
