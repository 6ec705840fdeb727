"""Which regions take part, in which hall, since which edition and with which guidance:
the organizers' campaign roster."""

from enum import Enum
from typing import Any, Final

from sqlmodel import Session, select

from app.audit.service import record
from app.booths.models import Booth
from app.booths.service import booth_for_region, place_in_hall
from app.core.errors import Conflict, Invalid, NotFound
from app.core.i18n import N_
from app.exhibition.service import bump_epoch
from app.halls.models import Hall
from app.halls.service import hall_by_slug
from app.regions.models import COHORTS, Participation, Region


class Keep(Enum):
    """A value left out of a change: the region keeps what it has."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP
BAD_COHORT = N_("Angkatan {cohort} tidak dikenal; pilih {choices} atau kosongkan.")
LIVE_BOOTH_STAYS = N_(
    "Anjungan {slug} sedang tayang. Turunkan anjungan itu dulu, lalu keluarkan "
    "wilayahnya dari peserta; drafnya tetap tersimpan."
)


class BoothIsLive(Conflict):
    """A region whose booth is live would stop taking part (409): the roster page asks
    whether to take the booth down first."""

    def __init__(self, slug: str) -> None:
        super().__init__(LIVE_BOOTH_STAYS, slug=slug)
        self.slug = slug


def set_participation(
    session: Session,
    code: str,
    *,
    participating: bool | Keep = KEEP,
    hall_slug: str | None | Keep = KEEP,
    cohort: int | None | Keep = KEEP,
    guidance: bool | Keep = KEEP,
    actor_id: int | None,
    bump: bool = True,
) -> Region:
    """Make a region take part (its booth is created) or not, assign its hall, and set
    the edition it joined and whether it received technical guidance; KEEP leaves one.

    A region whose booth is live cannot stop taking part: its booth would vanish from
    the exhibition without anyone deciding so. An organizer unpublishes it first.
    Audited with before and after (`region.participation` for taking part and hall,
    `region.cohort` for the facts); the epoch moves unless `bump` is False (a caller
    changing many regions bumps once).
    """
    region = session.get(Region, code)
    if region is None:
        raise NotFound("Wilayah {code} tidak ditemukan.", code=code)
    if cohort is not KEEP and cohort is not None and cohort not in COHORTS:
        raise Invalid(BAD_COHORT, cohort=cohort, choices=cohort_choices())
    changed = _set_region(session, region, participating, hall_slug, actor_id=actor_id)
    changed |= _set_facts(session, region, cohort, guidance, actor_id=actor_id)
    if changed and bump:
        bump_epoch(session)  # the regions list, hall pages and the lobby show it
    return region


def parse_cohort(text: str) -> int | None:
    """A cohort as typed in a form or a file: "" is not known; anything but a year of
    COHORTS is refused (422)."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and len(text) == 4 and int(text) in COHORTS:
        return int(text)
    raise Invalid(BAD_COHORT, cohort=text[:10], choices=cohort_choices())


def cohort_choices() -> str:
    return ", ".join(str(year) for year in COHORTS)


def facts_of(session: Session, code: str) -> dict[str, Any]:
    """The region's cohort and guidance as the audit trail and the roster name them."""
    facts = session.get(Participation, code)
    return {"cohort": facts.cohort, "guidance": facts.guidance} if facts else no_facts()


def no_facts() -> dict[str, Any]:
    return {"cohort": None, "guidance": False}


def _set_region(
    session: Session,
    region: Region,
    participating: bool | Keep,
    hall_slug: str | None | Keep,
    *,
    actor_id: int | None,
) -> bool:
    old_hall = _slug_of(session, region.hall_id)
    taking_part = region.participating if participating is KEEP else participating
    new_hall = old_hall if hall_slug is KEEP else hall_slug
    before = {"participating": region.participating, "hall": old_hall}
    after = {"participating": taking_part, "hall": new_hall}
    hall = _hall(session, new_hall)
    booth = session.exec(select(Booth).where(Booth.region_code == region.code)).first()
    if not taking_part and booth is not None and booth.live_revision_id is not None:
        raise BoothIsLive(booth.slug)
    region.participating, region.hall_id = taking_part, hall.id if hall else None
    session.add(region)
    if region.participating:
        booth = booth_for_region(session, region)
    if booth is not None and booth.hall_id != region.hall_id:
        place_in_hall(session, booth, region.hall_id)
    if after == before:
        return False
    record(
        session,
        action="region.participation",
        actor_id=actor_id,
        booth_id=booth.id if booth else None,
        region=region.code,
        before=before,
        after=after,
    )
    session.flush()
    return True


def _set_facts(
    session: Session,
    region: Region,
    cohort: int | None | Keep,
    guidance: bool | Keep,
    *,
    actor_id: int | None,
) -> bool:
    before = facts_of(session, region.code)
    after = {
        "cohort": before["cohort"] if cohort is KEEP else cohort,
        "guidance": before["guidance"] if guidance is KEEP else guidance,
    }
    if after == before:
        return False
    facts = session.get(Participation, region.code) or Participation(region_code=region.code)
    facts.cohort, facts.guidance = after["cohort"], bool(after["guidance"])
    session.add(facts)
    record(
        session,
        action="region.cohort",
        actor_id=actor_id,
        booth_id=session.exec(select(Booth.id).where(Booth.region_code == region.code)).first(),
        region=region.code,
        before=before,
        after=after,
    )
    session.flush()
    return True


def _hall(session: Session, slug: str | None) -> Hall | None:
    if slug is None:
        return None
    hall = hall_by_slug(session, slug)
    if hall is None:
        raise Invalid("Aula {slug} tidak dikenal.", slug=slug)
    return hall


def _slug_of(session: Session, hall_id: int | None) -> str | None:
    hall = session.get(Hall, hall_id) if hall_id is not None else None
    return hall.slug if hall else None
