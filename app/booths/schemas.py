"""Booth content: the shape of drafts and revisions (API.md, "Booth content")."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints

from app.core.i18n import N_
from app.core.numbers import MAX_ROW_ID
from app.core.text import CleanModel
from app.pillars import PILLAR_NAMES, PILLARS

PillarKey = Literal["governance", "branding", "economy", "living", "society", "environment"]
SECTIONS = ("identity", "welcome", "gallery", "documents", "videos", "contact", *PILLARS)
# What reviewers' comments can be pinned to; Indonesian msgids, translated where shown.
SECTION_LABELS = {
    "identity": N_("Identitas"),
    "welcome": N_("Sambutan"),
    "gallery": N_("Galeri"),
    "documents": N_("Dokumen"),
    "videos": N_("Video"),
    "contact": N_("Kontak"),
    **PILLAR_NAMES,
}
Horizon = Literal["short", "medium", "long"]
ProgramStatus = Literal["planned", "ongoing", "done"]
Year = Annotated[int, Field(ge=1945, le=2100)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=4000)]
Markdown = Annotated[str, StringConstraints(max_length=20000)]
MediaId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


class Strict(CleanModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Achievement(Strict):
    year: Year | None = None
    title: ShortText
    description: LongText = ""


class Program(Strict):
    name: ShortText
    horizon: Horizon | None = None
    status: ProgramStatus | None = None
    description: LongText = ""


class QuickWin(Strict):
    name: ShortText
    description: LongText = ""


class Kpi(Strict):
    name: ShortText
    baseline: float | None = None
    target: float | None = None
    year: Year | None = None
    unit: Annotated[str, StringConstraints(max_length=30)] = ""


class Pillar(Strict):
    summary: Markdown = ""
    achievements: list[Achievement] = Field(default_factory=list, max_length=50)
    programs: list[Program] = Field(default_factory=list, max_length=50)
    quick_wins: list[QuickWin] = Field(default_factory=list, max_length=20)
    kpis: list[Kpi] = Field(default_factory=list, max_length=30)

    def is_empty(self) -> bool:
        return not (
            self.summary or self.achievements or self.programs or self.quick_wins or self.kpis
        )


class Period(Strict):
    start: Year
    end: Year


class Contact(Strict):
    office: ShortText = ""
    address: Annotated[str, StringConstraints(max_length=500)] = ""
    email: Annotated[str, StringConstraints(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+$")] = ""
    phone: Annotated[str, StringConstraints(max_length=40)] = ""
    website: HttpUrl | None = None


class AchievementText(Strict):
    """An achievement in English, row by row with the Indonesian list; empty is untranslated.

    The other fields are accepted (bundles carry whole rows) and replace the Indonesian
    value when given."""

    year: Year | None = None
    title: ShortText = ""
    description: LongText = ""


class ProgramText(Strict):
    name: ShortText = ""
    horizon: Horizon | None = None
    status: ProgramStatus | None = None
    description: LongText = ""


class QuickWinText(Strict):
    name: ShortText = ""
    description: LongText = ""


class KpiText(Strict):
    name: ShortText = ""
    baseline: float | None = None
    target: float | None = None
    year: Year | None = None
    unit: Annotated[str, StringConstraints(max_length=30)] = ""


class PillarText(Strict):
    """A pillar in English: the summary, and each list row by row with the Indonesian one."""

    summary: Markdown = ""
    achievements: list[AchievementText] = Field(default_factory=list, max_length=50)
    programs: list[ProgramText] = Field(default_factory=list, max_length=50)
    quick_wins: list[QuickWinText] = Field(default_factory=list, max_length=20)
    kpis: list[KpiText] = Field(default_factory=list, max_length=30)


class MediaText(Strict):
    """An item's texts in English (the limits of the media library's own fields)."""

    title: ShortText = ""
    caption: Annotated[str, StringConstraints(max_length=1000)] = ""
    alt_text: Annotated[str, StringConstraints(max_length=500)] = ""


MEDIA_TEXT_FIELDS = ("title", "caption", "alt_text")


def _merged_rows(rows: list[BaseModel], english: list[BaseModel]) -> list[dict[str, Any]]:
    """Each Indonesian row with the English values given at the same position."""
    merged = []
    for index, row in enumerate(rows):
        given = english[index].model_dump(exclude_none=True) if index < len(english) else {}
        merged.append({**row.model_dump(), **{k: v for k, v in given.items() if v != ""}})
    return merged


class Translation(Strict):
    """English versions of the texts; each given (non-empty) one replaces the Indonesian."""

    title: Annotated[str, StringConstraints(min_length=1, max_length=120)] | None = None
    tagline: ShortText | None = None
    welcome: Markdown | None = None
    vision: LongText | None = None
    missions: list[LongText] | None = Field(default=None, max_length=20)
    readiness: Markdown | None = None
    pillars: dict[PillarKey, PillarText] = Field(default_factory=dict)
    media: dict[MediaId, MediaText] = Field(default_factory=dict, max_length=200)

    def pillar(self, key: PillarKey, base: Pillar) -> Pillar:
        """`base` (the Indonesian pillar) as an English reader sees it."""
        english = self.pillars.get(key)
        if english is None:
            return base
        update: dict[str, Any] = {"summary": english.summary or base.summary}
        for kind in ("achievements", "programs", "quick_wins", "kpis"):
            update[kind] = _merged_rows(getattr(base, kind), getattr(english, kind))
        return Pillar.model_validate({**base.model_dump(), **update})


class BoothContent(Strict):
    title: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    tagline: ShortText = ""
    welcome: Markdown = ""
    theme_color: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None
    period: Period | None = None
    vision: LongText = ""
    missions: list[LongText] = Field(default_factory=list, max_length=20)
    readiness: Markdown = ""
    pillars: dict[PillarKey, Pillar] = Field(default_factory=dict)
    contact: Contact | None = None
    logo: MediaId | None = None
    banner: MediaId | None = None
    gallery: list[MediaId] = Field(default_factory=list, max_length=100)
    documents: list[MediaId] = Field(default_factory=list, max_length=50)
    videos: list[MediaId] = Field(default_factory=list, max_length=30)
    translations: dict[Literal["en"], Translation] = Field(default_factory=dict)

    def media_ids(self) -> list[int]:
        """Every media id the content shows, in order, without repeats."""
        ids = [self.logo, self.banner, *self.gallery, *self.documents, *self.videos]
        return list(dict.fromkeys(i for i in ids if i is not None))

    def named_media_ids(self) -> list[int]:
        """The media ids it shows and those its translations give texts for."""
        translated = [i for t in self.translations.values() for i in t.media]
        return list(dict.fromkeys([*self.media_ids(), *translated]))

    def media_texts(self, lang: str) -> dict[int, dict[str, str]]:
        """media id → the texts given in `lang` (none for Indonesian, the source)."""
        translation = self.translations.get("en") if lang == "en" else None
        if translation is None:
            return {}
        return {
            media_id: given
            for media_id, text in translation.media.items()
            if (given := {k: v for k, v in text.model_dump().items() if v})
        }

    def localized(self, lang: str) -> "BoothContent":
        """The content as a reader of `lang` sees it: each English text given replaces
        the Indonesian one, field by field and row by row; the rest stays Indonesian."""
        translation = self.translations.get("en") if lang == "en" else None
        if translation is None:
            return self
        texts = translation.model_dump(exclude_none=True, exclude={"pillars", "media"})
        given = {k: v for k, v in texts.items() if v not in ("", [])}
        pillars = {key: translation.pillar(key, pillar) for key, pillar in self.pillars.items()}
        return self.model_copy(update={**given, "pillars": pillars})
