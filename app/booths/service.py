"""Booths: drafts, immutable revisions and what is live."""

from dataclasses import dataclass
from typing import Any, TypeVarTuple

from sqlalchemy import Select, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.accounts.permissions import editable_region_codes
from app.audit.service import record
from app.booths import search
from app.booths.models import Booth, BoothRevision, RevisionMedia
from app.booths.schemas import BoothContent
from app.core.errors import Invalid
from app.core.text import slugify
from app.core.timeutil import utcnow
from app.curation.service import bump_epoch
from app.halls.models import Hall
from app.media.service import media_for_booth
from app.moderation.models import OPEN_STATES, Submission
from app.regions.models import Region

Row = TypeVarTuple("Row")


def content_json(content: BoothContent) -> dict[str, Any]:
    """Content as stored: JSON types, no defaults, so a GET can be PUT back unchanged."""
    return content.model_dump(mode="json", exclude_defaults=True)


def booth_for_region(session: Session, region: Region) -> Booth:
    """The region's booth (the region takes part); created with the region's hall if missing."""
    region.participating = True
    session.add(region)
    booth = session.exec(select(Booth).where(Booth.region_code == region.code)).first()
    if booth is not None:
        return booth
    booth = Booth(
        slug=slugify(region.name),
        region_code=region.code,
        hall_id=region.hall_id,
        draft={"title": region.name},
    )
    session.add(booth)
    session.flush()
    return booth


def check_media_belong(session: Session, booth: Booth, content: BoothContent) -> None:
    """Every media id in the content must be one of this booth's media (422 otherwise)."""
    wanted = content.media_ids()
    found = media_for_booth(session, booth.id or 0, wanted)
    missing = [i for i in wanted if i not in found]
    if missing:
        raise Invalid(
            "Media {ids} tidak ada di pustaka media anjungan ini.",
            ids=", ".join(map(str, missing)),
        )


def save_draft(
    session: Session, booth: Booth, content: BoothContent, *, actor_id: int | None
) -> Booth:
    check_media_belong(session, booth, content)
    booth.draft = content_json(content)
    booth.draft_updated_at = utcnow()
    booth.draft_edited_since_import = True
    session.add(booth)
    record(session, action="draft.saved", actor_id=actor_id, booth_id=booth.id)
    session.flush()
    return booth


def snapshot_revision(
    session: Session,
    booth: Booth,
    content: BoothContent,
    *,
    source: str,
    actor_id: int | None,
) -> BoothRevision:
    """Freeze `content` as the booth's next numbered revision."""
    check_media_belong(session, booth, content)
    last = session.exec(
        select(func.max(BoothRevision.number)).where(BoothRevision.booth_id == booth.id)
    ).one()
    revision = BoothRevision(
        booth_id=booth.id or 0,
        number=(last or 0) + 1,
        content=content_json(content),
        source=source,
        created_by_id=actor_id,
    )
    session.add(revision)
    session.flush()
    for media_id in content.media_ids():
        session.add(RevisionMedia(revision_id=revision.id or 0, media_id=media_id))
    session.flush()
    return revision


def publish_revision(
    session: Session, booth: Booth, revision: BoothRevision, *, actor_id: int | None
) -> None:
    """Make `revision` the live one: search index, audit and cache epoch follow."""
    revision.published_at = revision.published_at or utcnow()
    booth.live_revision_id = revision.id
    session.add_all([booth, revision])
    session.flush()
    search.index_booth(session, booth, BoothContent.model_validate(revision.content))
    record(
        session,
        action="booth.published",
        actor_id=actor_id,
        booth_id=booth.id,
        revision=revision.number,
        source=revision.source,
    )
    bump_epoch(session)


def live_revision_numbers(session: Session, booth_ids: list[int]) -> dict[int, int]:
    rows = session.exec(
        select(Booth.id, BoothRevision.number)
        .join(BoothRevision, col(Booth.live_revision_id) == col(BoothRevision.id))
        .where(col(Booth.id).in_(booth_ids))
    ).all()
    return {booth_id: number for booth_id, number in rows if booth_id is not None}


@dataclass(frozen=True)
class WorkspaceRow:
    booth: Booth
    region: Region
    hall_slug: str | None
    live_revision: int | None
    submission: Submission | None
    draft_changed: bool  # the draft differs from the live content


def with_booth_status(query: Select[*Row]) -> Select[*Row]:
    """Join each booth's region, hall, live revision and open submission (at most one)."""
    return (
        query.join(Region, col(Region.code) == col(Booth.region_code))
        .outerjoin(Hall, col(Hall.id) == col(Booth.hall_id))
        .outerjoin(BoothRevision, col(BoothRevision.id) == col(Booth.live_revision_id))
        .outerjoin(
            Submission,
            (col(Submission.booth_id) == col(Booth.id)) & col(Submission.state).in_(OPEN_STATES),
        )
        .order_by(col(Region.name))
    )


def workspace_booths(session: Session, user: User) -> list[WorkspaceRow]:
    """The booths `user` edits, with their live revision and open submission."""
    codes = editable_region_codes(session, user)
    query = with_booth_status(sa_select(Booth, Region, col(Hall.slug), BoothRevision, Submission))
    if codes is not None:
        query = query.where(col(Booth.region_code).in_(codes))
    return [
        WorkspaceRow(
            booth,
            region,
            hall_slug,
            live.number if live else None,
            submission,
            draft_changed=live is None or live.content != booth.draft,
        )
        for booth, region, hall_slug, live, submission in session.execute(query).all()
    ]


MEDIA_PLACES = ("gallery", "documents", "videos", "logo", "banner")


def default_place(kind: str) -> str:
    return {"image": "gallery", "document": "documents"}.get(kind, "videos")


def place_media(
    session: Session, booth: Booth, media_id: int, place: str, *, actor_id: int | None
) -> None:
    """Use a media item in the draft: as logo or banner, or at the end of a list."""
    content = BoothContent.model_validate(booth.draft)
    if place in ("logo", "banner"):
        update: dict[str, object] = {place: media_id}
    else:
        current = getattr(content, place)
        update = {place: current if media_id in current else [*current, media_id]}
    save_draft(session, booth, content.model_copy(update=update), actor_id=actor_id)


def swap_media(
    session: Session, booth: Booth, old_id: int, new_id: int, *, actor_id: int | None
) -> None:
    """Replace one media id by another wherever the draft uses it."""
    data = BoothContent.model_validate(booth.draft).model_dump()
    for key in ("logo", "banner"):
        if data[key] == old_id:
            data[key] = new_id
    for key in ("gallery", "documents", "videos"):
        data[key] = [new_id if i == old_id else i for i in data[key]]
    save_draft(session, booth, BoothContent.model_validate(data), actor_id=actor_id)


def order_gallery(
    session: Session, booth: Booth, ordered_ids: list[int], *, actor_id: int | None
) -> None:
    """The gallery in a new order; ids left out are removed from it (not deleted)."""
    content = BoothContent.model_validate(booth.draft)
    gallery = [i for i in dict.fromkeys(ordered_ids) if i in content.gallery]
    save_draft(session, booth, content.model_copy(update={"gallery": gallery}), actor_id=actor_id)


def media_usage(booth: Booth, live_content: dict[str, object] | None) -> dict[int, list[str]]:
    """media id → where it is used: in the draft (logo, banner, lists) and live."""
    usage: dict[int, list[str]] = {}
    for label, content in (("draft", booth.draft), ("live", live_content or {})):
        for key in MEDIA_PLACES:
            value = content.get(key)
            for media_id in value if isinstance(value, list) else [value]:
                if isinstance(media_id, int):
                    usage.setdefault(media_id, []).append(f"{label}:{key}")
    return usage
