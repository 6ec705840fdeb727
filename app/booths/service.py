"""Booths: drafts, immutable revisions and what is live."""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.audit.service import record
from app.booths import search
from app.booths.models import Booth, BoothRevision, RevisionMedia
from app.booths.schemas import (
    KIND_PLACES,
    PLACES,
    SINGLE_SLOTS,
    BoothContent,
    slot_values,
    with_slot_values,
)
from app.core.errors import Conflict, Invalid, NotFound
from app.core.i18n import N_
from app.core.text import slugify
from app.core.timeutil import utcnow
from app.exhibition.service import bump_epoch
from app.halls.service import lock_hall
from app.media.models import MediaAsset, MediaFile
from app.media.service import MediaDetails, check_details, media_for_booth
from app.media.upload_models import MediaUpload
from app.regions.models import Region


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
    booth = Booth(slug=slugify(region.name), region_code=region.code, draft={"title": region.name})
    place_in_hall(session, booth, region.hall_id)
    session.flush()
    return booth


def place_in_hall(session: Session, booth: Booth, hall_id: int | None) -> None:
    """Put the booth at the end of the hall's walking order (or in no hall)."""
    if hall_id is not None:
        lock_hall(session, hall_id)
    others = select(func.max(Booth.position)).where(col(Booth.hall_id) == hall_id)
    if booth.id is not None:
        others = others.where(Booth.id != booth.id)
    last = session.exec(others).one()
    booth.hall_id, booth.position = hall_id, (last + 1 if last is not None else 0)
    session.add(booth)


def check_media_belong(session: Session, booth: Booth, content: BoothContent) -> None:
    """Every media id in the content must be one of this booth's media (422 otherwise)."""
    wanted = content.named_media_ids()
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


def default_place(kind: str) -> str:
    return KIND_PLACES[kind][0]


def _place_of(media_id: int, content: dict[str, Any]) -> list[str]:
    """The places of `content` that show `media_id`."""
    found = []
    for place in PLACES:
        value = content.get(place)
        if media_id in (value if isinstance(value, list) else [value]):
            found.append(place)
    return found


def place_media(
    session: Session, booth: Booth, media_id: int, place: str, *, actor_id: int | None
) -> None:
    """Use a media item in the draft: as logo or banner, or at the end of a list."""
    asset = session.get(MediaAsset, media_id)
    if asset is None or place not in KIND_PLACES.get(asset.kind, ()):
        raise Invalid("Media jenis ini tidak dapat dipakai di sana.")
    content = BoothContent.model_validate(booth.draft)
    if place in SINGLE_SLOTS:
        update: dict[str, object] = {place: media_id}
    else:
        current = getattr(content, place)
        update = {place: current if media_id in current else [*current, media_id]}
    save_draft(session, booth, content.model_copy(update=update), actor_id=actor_id)


def place_finished_upload(
    session: Session, upload: MediaUpload, record: Callable[[], MediaAsset]
) -> MediaAsset:
    """What tus calls on completion: record the item, and put it where the upload asked.

    The browser's media library places the item in the draft at once. The booth's
    row is locked first (PostgreSQL; SQLite's writer lock serialises anyway), before
    the media row's foreign key takes a share lock on it: uploads finishing together
    then queue instead of deadlocking, and none overwrites another's addition.
    """
    place = upload.upload_metadata.get("place")
    booth = session.get(Booth, upload.booth_id, with_for_update=True) if place is not None else None
    asset = record()
    if booth is not None:
        place = place if place in PLACES else default_place(asset.kind)
        place_media(session, booth, asset.id or 0, place, actor_id=upload.user_id)
    return asset


def unplace_media(
    session: Session, booth: Booth, media_id: int, place: str, *, actor_id: int | None
) -> None:
    """Take a media item out of one place of the draft (it stays in the library)."""
    if place not in PLACES:
        raise Invalid("Tempat tidak dikenal.")
    content = BoothContent.model_validate(booth.draft)
    if place in SINGLE_SLOTS:
        update: dict[str, object] = {place: None} if getattr(content, place) == media_id else {}
    else:
        update = {place: [i for i in getattr(content, place) if i != media_id]}
    save_draft(session, booth, content.model_copy(update=update), actor_id=actor_id)


@dataclass(frozen=True)
class MediaUse:
    """Where an item is used: a place of the draft, or a revision (number) of the booth."""

    place: str | None = None
    revision: int | None = None


class MediaInUse(Conflict):
    def __init__(self, uses: list[MediaUse]) -> None:
        super().__init__(
            N_(
                "Media ini masih dipakai ({uses}); lepaskan dulu dari draf. Media yang pernah "
                "diajukan atau tayang disimpan bersama revisinya dan tidak dapat dihapus."
            ),
            uses=", ".join(f"draf: {u.place}" if u.place else f"revisi {u.revision}" for u in uses),
        )
        self.uses = uses


def media_uses(session: Session, booth: Booth, media_id: int) -> list[MediaUse]:
    """Every use of an item: the draft's places, then the revisions that name it."""
    uses = [MediaUse(place=p) for p in _place_of(media_id, booth.draft)]
    numbers = session.exec(
        select(BoothRevision.number)
        .join(RevisionMedia, col(RevisionMedia.revision_id) == col(BoothRevision.id))
        .where(RevisionMedia.media_id == media_id)
        .order_by(col(BoothRevision.number))
    ).all()
    return uses + [MediaUse(revision=n) for n in numbers]


def delete_media(session: Session, booth: Booth, media_id: int, *, actor_id: int | None) -> None:
    """Delete an unused item's rows; its blobs are left to the sweeper, which keeps any
    blob another row (a revision's copy of the item) still names."""
    asset = session.get(MediaAsset, media_id)
    if asset is None or asset.booth_id != booth.id:
        raise NotFound("Media tidak ditemukan.")
    uses = media_uses(session, booth, media_id)
    if uses:
        raise MediaInUse(uses)
    content = BoothContent.model_validate(booth.draft)
    if any(media_id in t.media for t in content.translations.values()):
        translations = {
            lang: t.model_copy(
                update={"media": {k: v for k, v in t.media.items() if k != media_id}}
            )
            for lang, t in content.translations.items()
        }
        save_draft(session, booth, content.model_copy(update={"translations": translations}),
                   actor_id=actor_id)  # fmt: skip
    for media_file in session.exec(select(MediaFile).where(MediaFile.media_id == media_id)).all():
        session.delete(media_file)
    session.flush()
    session.delete(asset)
    record(session, action="media.deleted", actor_id=actor_id, booth_id=booth.id,
           media=media_id, kind=asset.kind)  # fmt: skip
    session.flush()


def swap_media(
    session: Session, booth: Booth, old_id: int, new_id: int, *, actor_id: int | None
) -> None:
    """Replace one media id by another wherever the draft uses it."""
    data = with_slot_values(
        BoothContent.model_validate(booth.draft).model_dump(),
        lambda i: new_id if i == old_id else i,
    )
    for translation in data["translations"].values():  # its English texts follow it
        if old_id in translation["media"]:
            translation["media"][new_id] = translation["media"].pop(old_id)
    save_draft(session, booth, BoothContent.model_validate(data), actor_id=actor_id)


def order_gallery(
    session: Session, booth: Booth, ordered_ids: list[int], *, actor_id: int | None
) -> None:
    """The gallery in a new order; ids left out are removed from it (not deleted)."""
    content = BoothContent.model_validate(booth.draft)
    gallery = [i for i in dict.fromkeys(ordered_ids) if i in content.gallery]
    save_draft(session, booth, content.model_copy(update={"gallery": gallery}), actor_id=actor_id)


def is_in_a_revision(session: Session, media_id: int) -> bool:
    return (
        session.exec(select(RevisionMedia).where(RevisionMedia.media_id == media_id)).first()
        is not None
    )


def update_details(session: Session, asset: MediaAsset, details: MediaDetails) -> MediaAsset:
    """New texts for an item. Revisions are immutable: an item one of them uses is
    copied (same blobs, new texts), and the caller swaps the copy into the draft."""
    check_details(asset.kind, details)
    texts = asdict(details)
    if not is_in_a_revision(session, asset.id or 0):
        for name, value in texts.items():
            setattr(asset, name, value)
        session.add(asset)
        session.flush()
        return asset
    copy = MediaAsset(**{**asset.model_dump(exclude={"id", "created_at"}), **texts})
    session.add(copy)
    session.flush()
    for media_file in session.exec(select(MediaFile).where(MediaFile.media_id == asset.id)).all():
        session.add(MediaFile(**{**media_file.model_dump(exclude={"id"}), "media_id": copy.id}))
    session.flush()
    return copy


def media_usage(
    session: Session, booth: Booth, live_content: dict[str, Any] | None
) -> dict[int, dict[str, Any]]:
    """media id → its places in the draft and live, and the revisions that name it."""
    usage: dict[int, dict[str, Any]] = {}
    for label, content in (("draft", booth.draft), ("live", live_content or {})):
        for media_id in dict.fromkeys(i for i in slot_values(content) if isinstance(i, int)):
            entry = usage.setdefault(media_id, {"draft": [], "live": [], "revisions": []})
            entry[label] = _place_of(media_id, content)
    rows = session.exec(
        select(RevisionMedia.media_id, BoothRevision.number)
        .join(BoothRevision, col(RevisionMedia.revision_id) == col(BoothRevision.id))
        .where(BoothRevision.booth_id == booth.id)
        .order_by(col(BoothRevision.number))
    ).all()
    for media_id, number in rows:
        entry = usage.setdefault(media_id, {"draft": [], "live": [], "revisions": []})
        entry["revisions"].append(number)
    return usage
