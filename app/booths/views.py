"""Live booths as pages show them: built from the revision snapshot in a few queries."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.booths.models import Booth, BoothRevision
from app.booths.schemas import BoothContent, Contact, Kpi, Pillar
from app.halls.models import Hall
from app.halls.service import halls_in_order
from app.media.views import DocumentView, ImageView, MediaSet, VideoView, load_media
from app.pillars import PILLARS
from app.regions.models import Province, Region


@dataclass(frozen=True)
class KpiView:
    kpi: Kpi
    percent: int | None  # progress of baseline towards target, for the bar

    @classmethod
    def of(cls, kpi: Kpi) -> "KpiView":
        if kpi.baseline is None or not kpi.target:
            return cls(kpi, None)
        return cls(kpi, max(0, min(100, round(100 * kpi.baseline / kpi.target))))


@dataclass(frozen=True)
class PillarView:
    key: str
    pillar: Pillar
    kpis: list[KpiView]


@dataclass(frozen=True)
class BoothCard:
    booth_id: int
    slug: str
    title: str
    tagline: str
    region_name: str
    province_name: str
    hall_slug: str | None
    hall_name: str | None
    featured_position: int | None  # among the lobby's featured booths
    logo: ImageView | None
    banner: ImageView | None
    theme_color: str | None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def featured(self) -> bool:
        return self.featured_position is not None


@dataclass(frozen=True)
class BoothPage:
    card: BoothCard
    content: BoothContent
    sample: bool
    revision: int
    published_at: datetime | None
    pillars: list[PillarView]
    gallery: list[ImageView]
    documents: list[DocumentView]
    videos: list[VideoView]
    contact: Contact | None
    previous: "BoothCard | None" = None
    next: "BoothCard | None" = None


LiveRow = tuple[Booth, BoothRevision, Region, Province, Hall | None]


_revision, _hall = aliased(BoothRevision, name="live_revision"), aliased(Hall, name="booth_hall")
# Built once: composing this statement costs more than running it on SQLite.
_LIVE_ROWS = (
    sa_select(Booth, _revision, Region, Province, _hall)
    .join(_revision, col(Booth.live_revision_id) == _revision.id)
    .join(Region, col(Booth.region_code) == col(Region.code))
    .join(Province, col(Region.province_code) == col(Province.code))
    .outerjoin(_hall, col(Booth.hall_id) == _hall.id)
    .order_by(col(Booth.position), col(Region.name))
)


def live_rows(session: Session, *conditions: object) -> list[LiveRow]:
    """Live booths with their revision, region, province and hall, in hall order."""
    query = _LIVE_ROWS.where(*conditions)  # type: ignore[arg-type]
    return [tuple(row) for row in session.execute(query).all()]


def hall_name(hall: Hall, lang: str) -> str:
    return (hall.name_en or hall.name) if lang == "en" else hall.name


def _card(row: LiveRow, content: BoothContent, media: MediaSet, lang: str) -> BoothCard:
    booth, _revision, region, province, hall = row
    return BoothCard(
        booth_id=booth.id or 0,
        slug=booth.slug,
        title=content.title,
        tagline=content.tagline,
        region_name=region.name,
        province_name=province.name,
        hall_slug=hall.slug if hall else None,
        hall_name=hall_name(hall, lang) if hall else None,
        featured_position=booth.featured_position,
        logo=media.image(content.logo),
        banner=media.image(content.banner),
        theme_color=content.theme_color,
        latitude=region.latitude,
        longitude=region.longitude,
    )


def live_cards(session: Session, lang: str, *conditions: object) -> list[BoothCard]:
    """Cards of the live booths matching `conditions`, with logo and banner."""
    rows = live_rows(session, *conditions)
    contents = [BoothContent.model_validate(row[1].content).localized(lang) for row in rows]
    media = load_media(session, [i for c in contents for i in (c.logo, c.banner) if i])
    media.texts = {i: t for c in contents for i, t in c.media_texts(lang).items()}
    return [_card(row, content, media, lang) for row, content in zip(rows, contents, strict=True)]


def _neighbours(
    session: Session, booth: Booth, hall: Hall, lang: str
) -> tuple[BoothCard | None, BoothCard | None]:
    """The live booths before and after `booth` in its hall, for walking the hall."""
    rows = live_rows(session, Booth.hall_id == hall.id)
    slugs = [r[0].slug for r in rows]
    if booth.slug not in slugs:
        return None, None
    index = slugs.index(booth.slug)

    def card(row: LiveRow) -> BoothCard:
        content = BoothContent.model_validate(row[1].content).localized(lang)
        return _card(row, content, MediaSet(), lang)

    previous = card(rows[index - 1]) if index > 0 else None
    following = card(rows[index + 1]) if index + 1 < len(rows) else None
    return previous, following


def _page(
    session: Session, row: LiveRow, content: BoothContent, lang: str, *, walk: bool
) -> BoothPage:
    booth, revision, _region, _province, hall = row
    media = load_media(session, content.media_ids())
    media.texts = content.media_texts(lang)
    previous, following = _neighbours(session, booth, hall, lang) if walk and hall else (None, None)
    pillars = [
        PillarView(key, content.pillars[key], [KpiView.of(k) for k in content.pillars[key].kpis])
        for key in PILLARS
        if key in content.pillars and not content.pillars[key].is_empty()
    ]
    return BoothPage(
        card=_card(row, content, media, lang),
        content=content,
        sample=booth.sample,
        revision=revision.number,
        published_at=revision.published_at,
        pillars=pillars,
        gallery=[img for i in content.gallery if (img := media.image(i))],
        documents=[doc for i in content.documents if (doc := media.document(i))],
        videos=[vid for i in content.videos if (vid := media.video(i))],
        contact=content.contact,
        previous=previous,
        next=following,
    )


def booth_page(session: Session, slug: str, lang: str) -> BoothPage | None:
    """The live booth `slug`, or None when it has no live revision."""
    rows = live_rows(session, Booth.slug == slug)
    if not rows:
        return None
    content = BoothContent.model_validate(rows[0][1].content).localized(lang)
    return _page(session, rows[0], content, lang, walk=True)


def revision_page(session: Session, booth: Booth, revision: BoothRevision, lang: str) -> BoothPage:
    """Any revision of `booth`, live or not, exactly as the public page would show it."""
    region = session.get(Region, booth.region_code)
    assert region is not None  # noqa: S101  (foreign key)
    province = session.get(Province, region.province_code)
    hall = session.get(Hall, booth.hall_id) if booth.hall_id else None
    row: LiveRow = (booth, revision, region, province, hall)  # type: ignore[assignment]
    content = BoothContent.model_validate(revision.content).localized(lang)
    return _page(session, row, content, lang, walk=False)


def draft_page(session: Session, booth: Booth, lang: str) -> BoothPage:
    """The draft exactly as the public page will show it once published."""
    unpublished = BoothRevision(
        booth_id=booth.id or 0, number=0, content=booth.draft, source="draft"
    )
    return revision_page(session, booth, unpublished, lang)


def live_booth_counts(session: Session) -> dict[int, int]:
    """hall id → number of booths with a live revision."""
    rows = session.exec(
        select(Booth.hall_id, func.count())
        .where(col(Booth.live_revision_id).is_not(None), col(Booth.hall_id).is_not(None))
        .group_by(col(Booth.hall_id))
    ).all()
    return {hall_id: count for hall_id, count in rows if hall_id is not None}


def halls_with_counts(session: Session) -> list[tuple[Hall, int]]:
    """Every hall in the organizer's order with its number of live booths."""
    counts = live_booth_counts(session)
    return [(hall, counts.get(hall.id or 0, 0)) for hall in halls_in_order(session)]
