"""The campaign: where every participating region stands, and reminders to the late ones.

A constant number of queries however many regions take part (18 or 514): the
roster, the submissions and the editor counts are read once each and joined here.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.accounts.models import User, UserRegion
from app.audit.service import record
from app.booths.models import Booth, BoothRevision
from app.core.i18n import N_
from app.core.text import clean_text
from app.core.timeutil import utcnow
from app.halls.models import Hall
from app.moderation.models import OPEN_STATES, State, Submission
from app.notifications.service import notify
from app.regions.models import Province, Region

# In the order a region moves through them; API.md defines each.
STATUSES = ("not_started", "drafting", "changes_requested", "in_review", "live")
SENT_BACK = (State.changes_requested, State.rejected)
REMIND_AT_MOST_EVERY = timedelta(hours=24)
API_FIELDS = (
    "code",
    "name",
    "province",
    "hall",
    "booth",
    "status",
    "open_submission",
    "editors",
    "live_since",
    "last_submitted_at",
)


@dataclass
class BoothProgress:
    """What the submissions of one booth say about it."""

    open_submission: int | None = None
    held_by: int | None = None  # the reviewer who claimed the open submission
    last_decision: str | None = None
    last_submitted_at: datetime | None = None


def campaign(session: Session) -> dict[str, Any]:
    """Every participating region with its status, and the count per status."""
    progress = _progress(session)
    editors = _editor_counts(session)
    roster = session.execute(
        sa_select(
            Region, col(Province.name), col(Hall.slug), Booth, col(BoothRevision.published_at)
        )
        .join(Province, col(Region.province_code) == col(Province.code))
        .outerjoin(Hall, col(Region.hall_id) == col(Hall.id))
        .outerjoin(Booth, col(Booth.region_code) == col(Region.code))
        .outerjoin(BoothRevision, col(BoothRevision.id) == col(Booth.live_revision_id))
        .where(col(Region.participating))
        .order_by(col(Region.code))
    ).all()
    regions = []
    for region, province, hall, booth, live_since in roster:
        booth_progress = progress.get(booth.id, BoothProgress()) if booth else BoothProgress()
        regions.append(
            {
                "code": region.code,
                "name": region.name,
                "province": province,
                "hall": hall,
                "booth": booth.slug if booth else None,
                "status": _status(booth, booth_progress),
                "open_submission": booth_progress.open_submission,
                "editors": editors.get(region.code, 0),
                "live_since": live_since,
                "last_submitted_at": booth_progress.last_submitted_at,
                # For the dashboard's map and review load; not part of the API's rows.
                "held_by": booth_progress.held_by,
                "latitude": region.latitude,
                "longitude": region.longitude,
            }
        )
    totals = dict.fromkeys(STATUSES, 0)
    for row in regions:
        totals[row["status"]] += 1
    return {"totals": totals, "regions": regions}


def region_statuses(session: Session) -> dict[str, str]:
    """The status of every participating region, by code (for the organizers' roster)."""
    return {row["code"]: row["status"] for row in campaign(session)["regions"]}


def _status(booth: Booth | None, progress: BoothProgress) -> str:
    if booth is None:
        return "not_started"
    if booth.live_revision_id is not None:
        return "live"
    if progress.open_submission is not None:
        return "in_review"
    if progress.last_decision in SENT_BACK:
        return "changes_requested"
    return "drafting" if booth.draft_edited_since_import else "not_started"


def _progress(session: Session) -> dict[int, BoothProgress]:
    rows = session.execute(
        sa_select(
            col(Submission.booth_id),
            col(Submission.id),
            col(Submission.state),
            col(Submission.submitted_at),
            col(Submission.claimed_by_id),
        ).order_by(col(Submission.submitted_at), col(Submission.id))
    ).all()
    progress: dict[int, BoothProgress] = {}
    for booth_id, submission_id, state, submitted_at, claimed_by in rows:
        booth = progress.setdefault(booth_id, BoothProgress())
        booth.last_submitted_at = submitted_at
        if state in OPEN_STATES:
            booth.open_submission = submission_id
            booth.held_by = claimed_by if state == State.in_review else None
        else:
            booth.last_decision = state
    return progress


def reviewer_names(session: Session, ids: set[int]) -> dict[int, str]:
    """The name (else the address) of each of these reviewers, in one query."""
    users = session.exec(select(User).where(col(User.id).in_(ids))).all() if ids else []
    return {user.id or 0: user.name or user.email for user in users}


def _editor_counts(session: Session) -> dict[str, int]:
    rows = session.exec(
        select(UserRegion.region_code, func.count())
        .join(User, col(User.id) == col(UserRegion.user_id))
        .where(User.role == "region-editor", col(User.deactivated_at).is_(None))
        .group_by(col(UserRegion.region_code))
    ).all()
    return dict(rows)


@dataclass
class Reminded:
    queued: int
    skipped: list[str]


def remind(session: Session, codes: list[str], message: str, actor_id: int | None) -> Reminded:
    """A reminder to every editor of these regions, unless a region had one today.

    The regions are claimed by one UPDATE, so two organizers pressing the button at
    once send each region's reminders once.
    """
    wanted = sorted(set(codes))
    now = utcnow()
    claimed = set(
        session.execute(
            update(Region)
            .where(
                col(Region.code).in_(wanted),
                col(Region.participating),
                or_(
                    col(Region.reminded_at).is_(None),
                    col(Region.reminded_at) <= now - REMIND_AT_MOST_EVERY,
                ),
            )
            .values(reminded_at=now)
            .returning(col(Region.code))
        ).scalars()
    )
    recipients = session.exec(
        select(User, UserRegion.region_code, Booth.slug)
        .join(UserRegion, col(UserRegion.user_id) == col(User.id))
        .join(Booth, col(Booth.region_code) == col(UserRegion.region_code))
        .where(
            col(UserRegion.region_code).in_(claimed),
            User.role == "region-editor",
            col(User.deactivated_at).is_(None),
        )
        .order_by(col(User.id))
    ).all()
    for user, _code, slug in recipients:
        notify(
            session,
            user,
            kind="campaign.reminder",
            subject=N_("Pengingat: anjungan {slug} menunggu Anda"),
            body=N_(
                "Penyelenggara mengingatkan Anda untuk melengkapi dan mengajukan "
                "anjungan {slug}.\n\n{note}"
            ),
            link=f"/workspace/booths/{slug}",
            params={"slug": slug, "note": clean_text(message).strip()},
        )
    if claimed:
        record(session, action="campaign.reminded", actor_id=actor_id, regions=sorted(claimed))
    return Reminded(queued=len(recipients), skipped=[c for c in wanted if c not in claimed])
