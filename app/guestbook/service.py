"""Visitors' likes and guestbook entries, and the moderation of entries."""

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import distinct, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.selectable import SelectBase
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from app.accounts.models import User
from app.audit.service import record
from app.booths.models import Booth
from app.core.errors import Invalid, Throttled
from app.core.i18n import N_
from app.core.paging import Paging
from app.core.text import clean_text, one_line
from app.core.throttle import Limit, count_hit, is_limited
from app.core.timeutil import utcnow
from app.core.visitors import visitor_hash
from app.exhibition.service import bump_epoch
from app.guestbook.models import MESSAGE_MAX, NAME_MAX, BoothLike, EntryState, GuestbookEntry
from app.halls.models import Hall
from app.regions.models import Region

# Generous enough for a school class or an office behind one address, yet it keeps
# one person from deciding the visitors' choice award.
LIKES_PER_ADDRESS = Limit(60, timedelta(hours=1))
ENTRIES_PER_ADDRESS = Limit(5, timedelta(minutes=10))
LATEST_ON_BOOTH = 3  # on the cached booth page; approving or hiding bumps the epoch


class EntryInvalid(Invalid):
    """A guestbook entry that cannot be stored; `problems` holds one error per field."""

    def __init__(self, problems: dict[str, Invalid]) -> None:
        super().__init__(N_("Periksa kembali isian buku tamu."))
        self.problems = problems


def has_liked(session: Session, booth: Booth, visitor_id: str | None) -> bool:
    if visitor_id is None:
        return False
    return has_liked_booth(session, booth.id or 0, visitor_id)


def has_liked_booth(session: Session, booth_id: int, visitor_id: str) -> bool:
    found = session.exec(
        select(BoothLike.id).where(
            BoothLike.booth_id == booth_id, BoothLike.visitor_id == visitor_id
        )
    ).first()
    return found is not None


def like(session: Session, booth: Booth, *, visitor_id: str, address: str, user_agent: str) -> bool:
    """Like `booth` once per browser; False (and nothing changes) when it already did.

    The like keeps the sender's anonymous identity of the day, never the address.
    """
    if has_liked(session, booth, visitor_id):
        return False
    key = f"like:{address}"
    if is_limited(session, key, LIKES_PER_ADDRESS):
        raise Throttled(
            "Terlalu banyak suka dari alamat Anda dalam satu jam terakhir. Coba lagi nanti."
        )
    identity = visitor_hash(session, address, user_agent)
    try:
        with session.begin_nested():  # the same browser liking twice at once: one row
            session.add(BoothLike(booth_id=booth.id or 0, visitor_id=visitor_id, identity=identity))
    except IntegrityError:
        return False
    count_hit(session, key)
    return True


@dataclass(frozen=True)
class LikeTally:
    likes: int  # distinct visitor identities: what booths show and the award counts
    discounted: int  # more likes from an identity that had liked already (fresh cookies)


# Likes added by the previous release during an upgrade have no identity yet.
_identity = func.coalesce(col(BoothLike.identity), col(BoothLike.visitor_id))


def like_tallies(session: Session, booth_ids: list[int]) -> dict[int, LikeTally]:
    """Counted and discounted likes per booth (zeros for booths nobody liked)."""
    rows = session.exec(
        select(BoothLike.booth_id, func.count(distinct(_identity)), func.count())
        .where(col(BoothLike.booth_id).in_(booth_ids))
        .group_by(col(BoothLike.booth_id))
    ).all()
    tallies = {booth_id: LikeTally(0, 0) for booth_id in booth_ids}
    for booth_id, identities, stored in rows:
        tallies[booth_id] = LikeTally(identities, stored - identities)
    return tallies


def like_counts(session: Session, booth_ids: list[int]) -> dict[int, int]:
    """Likes per booth as the visitors' choice award counts them: one per identity."""
    return {booth_id: t.likes for booth_id, t in like_tallies(session, booth_ids).items()}


def _plain(text: str) -> str:
    """Cleaned text (core.text) with its line breaks, without runs of blank lines."""
    return re.sub(r"\n{3,}", "\n\n", clean_text(text)).strip()


def clean_entry(name: str, message: str) -> tuple[str, str]:
    """The trimmed name (on one line) and message, or EntryInvalid naming each problem."""
    name = one_line(name)
    message = _plain(message)
    problems: dict[str, Invalid] = {}
    if not name:
        problems["name"] = Invalid("Tulis nama Anda.")
    elif len(name) > NAME_MAX:
        problems["name"] = Invalid("Nama paling panjang {max} karakter.", max=NAME_MAX)
    if not message:
        problems["message"] = Invalid("Tulis pesan Anda.")
    elif len(message) > MESSAGE_MAX:
        problems["message"] = Invalid(
            "Pesan paling panjang {max} karakter (sekarang {length}).",
            max=MESSAGE_MAX,
            length=len(message),
        )
    if problems:
        raise EntryInvalid(problems)
    return name, message


def write_entry(
    session: Session, booth: Booth, *, name: str, message: str, address: str
) -> GuestbookEntry:
    """Store a visitor's entry as pending: moderators see it, the public does not yet."""
    key = f"guestbook:{address}"
    if is_limited(session, key, ENTRIES_PER_ADDRESS):
        raise Throttled(
            "Anda sudah mengirim beberapa pesan dalam {minutes} menit terakhir. Coba lagi nanti.",
            minutes=ENTRIES_PER_ADDRESS.window // timedelta(minutes=1),
        )
    name, message = clean_entry(name, message)
    entry = GuestbookEntry(booth_id=booth.id or 0, name=name, message=message)
    session.add(entry)
    count_hit(session, key)
    return entry


def moderate(
    session: Session, entry: GuestbookEntry, state: EntryState, *, actor: User
) -> GuestbookEntry:
    """Approve or hide `entry`; the same state again changes nothing.

    Side effects, in the caller's transaction: the audit event `guestbook.<state>`, and
    a publication-epoch bump whenever the public sees the change (booth pages show the
    latest approved entries and are cached per epoch).
    """
    if state not in (EntryState.approved, EntryState.hidden):
        raise Invalid("Pesan hanya dapat disetujui atau disembunyikan.")
    if entry.state == state:
        return entry
    previous = entry.state
    entry.state, entry.moderated_by_id, entry.moderated_at = state, actor.id, utcnow()
    session.add(entry)
    record(
        session,
        action=f"guestbook.{state}",
        actor_id=actor.id,
        booth_id=entry.booth_id,
        entry=entry.id,
        previous=previous,
    )
    if EntryState.approved in (previous, state):
        bump_epoch(session)
    session.flush()
    return entry


def _approved(booth_id: int) -> SelectOfScalar[GuestbookEntry]:
    return select(GuestbookEntry).where(
        GuestbookEntry.booth_id == booth_id, GuestbookEntry.state == EntryState.approved
    )


_NEWEST_FIRST = (col(GuestbookEntry.created_at).desc(), col(GuestbookEntry.id).desc())


def approved_entries(
    session: Session, booth_id: int, *, page: int, size: int
) -> tuple[list[GuestbookEntry], Paging]:
    """One page of a booth's approved entries, newest first."""
    paging = Paging.of(page, size, _count(session, _approved(booth_id)))
    query = _approved(booth_id).order_by(*_NEWEST_FIRST)
    return list(session.exec(query.offset(paging.offset).limit(paging.size)).all()), paging


def latest_approved(session: Session, booth_id: int, *, limit: int) -> list[GuestbookEntry]:
    """A booth's newest approved entries, at most `limit`, in one query (booth pages count them)."""
    return list(session.exec(_approved(booth_id).order_by(*_NEWEST_FIRST).limit(limit)).all())


def _count(session: Session, query: SelectBase) -> int:
    return session.exec(select(func.count()).select_from(query.subquery())).one()


def pending_count(session: Session) -> int:
    return _count(session, select(GuestbookEntry).where(GuestbookEntry.state == EntryState.pending))


@dataclass(frozen=True)
class QueueRow:
    entry: GuestbookEntry
    booth: Booth
    region: Region
    hall: Hall | None


def moderation_queue(
    session: Session, state: EntryState, *, hall_id: int | None, page: int, size: int
) -> tuple[list[QueueRow], Paging]:
    """A page of entries in `state`: pending ones oldest first, others latest decision first."""
    query = (
        select(GuestbookEntry, Booth, Region, Hall)
        .join(Booth, col(Booth.id) == col(GuestbookEntry.booth_id))
        .join(Region, col(Region.code) == col(Booth.region_code))
        .outerjoin(Hall, col(Hall.id) == col(Booth.hall_id))
        .where(GuestbookEntry.state == state)
    )
    if hall_id is not None:
        query = query.where(Booth.hall_id == hall_id)
    paging = Paging.of(page, size, _count(session, query))
    order = (
        (col(GuestbookEntry.created_at), col(GuestbookEntry.id))
        if state == EntryState.pending
        else (col(GuestbookEntry.moderated_at).desc(), col(GuestbookEntry.id).desc())
    )
    rows = session.exec(query.order_by(*order).offset(paging.offset).limit(paging.size)).all()
    return [QueueRow(*row) for row in rows], paging
