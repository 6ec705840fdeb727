"""Which regions take part, and in which hall: the organizers' campaign roster."""

from sqlmodel import Session, select

from app.audit.service import record
from app.booths.models import Booth
from app.booths.service import booth_for_region, place_in_hall
from app.core.errors import Conflict, Invalid, NotFound
from app.exhibition.service import bump_epoch
from app.halls.models import Hall
from app.halls.service import hall_by_slug
from app.regions.models import Region


def set_participation(
    session: Session,
    code: str,
    *,
    participating: bool,
    hall_slug: str | None,
    keep_hall: bool = False,
    actor_id: int | None,
) -> Region:
    """Make a region take part (its booth is created) or not, and assign its hall.

    A region whose booth is live cannot stop taking part: its booth would vanish from
    the exhibition without anyone deciding so. An organizer unpublishes it first.
    """
    region = session.get(Region, code)
    if region is None:
        raise NotFound("Wilayah {code} tidak ditemukan.", code=code)
    if keep_hall:
        hall_slug = _slug_of(session, region.hall_id)
    hall = _hall(session, hall_slug)
    booth = session.exec(select(Booth).where(Booth.region_code == code)).first()
    if not participating and booth is not None and booth.live_revision_id is not None:
        raise Conflict(
            "Anjungan {slug} sedang tayang. Turunkan anjungan itu dulu, lalu keluarkan "
            "wilayahnya dari peserta; drafnya tetap tersimpan.",
            slug=booth.slug,
        )
    before = {"participating": region.participating, "hall": _slug_of(session, region.hall_id)}
    region.participating, region.hall_id = participating, hall.id if hall else None
    session.add(region)
    if participating:
        booth = booth_for_region(session, region)
    if booth is not None and booth.hall_id != region.hall_id:
        place_in_hall(session, booth, region.hall_id)
    after = {"participating": participating, "hall": hall_slug}
    if after != before:
        record(
            session,
            action="region.participation",
            actor_id=actor_id,
            booth_id=booth.id if booth else None,
            region=code,
            before=before,
            after=after,
        )
        session.flush()
        bump_epoch(session)  # the regions list, hall pages and the lobby show it
    return region


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
