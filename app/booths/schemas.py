"""Booth content: the shape of drafts and revisions (API.md, "Booth content")."""

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, HttpUrl, StringConstraints

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


class Translation(Strict):
    """English versions of the texts; each given key replaces the Indonesian one."""

    title: Annotated[str, StringConstraints(min_length=1, max_length=120)] | None = None
    tagline: ShortText | None = None
    welcome: Markdown | None = None
    vision: LongText | None = None
    missions: list[LongText] | None = Field(default=None, max_length=20)
    readiness: Markdown | None = None
    pillars: dict[PillarKey, Pillar] = Field(default_factory=dict)


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
        """Every media id the content names, in order, without repeats."""
        ids = [self.logo, self.banner, *self.gallery, *self.documents, *self.videos]
        return list(dict.fromkeys(i for i in ids if i is not None))

    def localized(self, lang: str) -> "BoothContent":
        """The content as a reader of `lang` sees it: each English text or list given
        replaces the Indonesian one, field by field (pillars included)."""
        translation = self.translations.get("en") if lang == "en" else None
        if translation is None:
            return self
        given = translation.model_dump(exclude_none=True, exclude={"pillars"})
        pillars = dict(self.pillars)
        for key, english in translation.pillars.items():
            base = self.pillars.get(key, Pillar()).model_dump()
            pillars[key] = Pillar.model_validate({**base, **english.model_dump(exclude_unset=True)})
        return self.model_copy(update={**given, "pillars": pillars})
