"""Booth content: its one shape (API.md, "Booth content").

The models below are the content's fields and limits. Beside them, this module states
what every other place derives from instead of listing again: the sections reviewers
pin comments to, the media slots and the kinds of item each takes, the pillar lists,
the texts a visitor reads (and so translates), and the labels of all of them
(Indonesian msgids, translated where shown).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints

from app.core.i18n import N_
from app.core.numbers import MAX_ROW_ID
from app.core.text import CleanModel
from app.media.models import KIND_LABELS
from app.pillars import PILLAR_NAMES, PillarKey


@dataclass(frozen=True)
class Slot:
    """A place of the content that shows media items."""

    key: str
    label: str
    kinds: tuple[str, ...]  # the kinds of item that fit (media.models.KIND_LABELS)
    single: bool  # one item (logo, banner), or a list that is a section of its own


# In content order: the booth's head, then the lists.
SLOTS = (
    Slot("logo", N_("Logo"), ("image",), single=True),
    Slot("banner", N_("Banner"), ("image",), single=True),
    Slot("gallery", N_("Galeri"), ("image",), single=False),
    Slot("documents", N_("Dokumen"), ("document",), single=False),
    Slot("videos", N_("Video"), ("video", "embed"), single=False),
)
SINGLE_SLOTS = tuple(slot.key for slot in SLOTS if slot.single)
LIST_SLOTS = tuple(slot.key for slot in SLOTS if not slot.single)
SLOT_LABELS = {slot.key: slot.label for slot in SLOTS}
# The order places are offered in: the lists first, so that an image goes to the gallery
# unless asked otherwise (the first place of a kind is where an upload goes by default).
PLACES = (*LIST_SLOTS, *SINGLE_SLOTS)
KIND_PLACES: dict[str, tuple[str, ...]] = {
    kind: tuple(s.key for p in PLACES for s in SLOTS if s.key == p and kind in s.kinds)
    for kind in KIND_LABELS
}


def slot_values(content: Mapping[str, Any]) -> list[Any]:
    """What content (a dict, validated or not) names in its slots, in content order:
    media ids, or the file names and links of an exhibit bundle."""
    values = [content[key] for key in SINGLE_SLOTS if content.get(key)]
    return values + [value for key in LIST_SLOTS for value in content.get(key) or []]


def with_slot_values(content: Mapping[str, Any], change: Callable[[Any], Any]) -> dict[str, Any]:
    """`content` with `change` applied to each value in its slots."""
    result = dict(content)
    for key in SINGLE_SLOTS:
        if result.get(key):
            result[key] = change(result[key])
    for key in LIST_SLOTS:
        result[key] = [change(value) for value in result.get(key) or []]
    return result


# What reviewers' comments can be pinned to (API.md), each with its label.
SECTION_LABELS: dict[str, str] = {
    "identity": N_("Identitas"),
    "welcome": N_("Sambutan"),
    **{key: SLOT_LABELS[key] for key in LIST_SLOTS},
    "contact": N_("Kontak"),
    **PILLAR_NAMES,
}
SECTIONS = tuple(SECTION_LABELS)
# The public booth page's order of sections; the review lists what changed in this order.
PAGE_SECTIONS = ("identity", "welcome", *PILLAR_NAMES, "gallery", "videos", "documents", "contact")
# The editor and the review also show the English texts; the editor gathers the lists
# of media in one overview.
EDITOR_SECTION_LABELS = {
    **SECTION_LABELS,
    "translations": N_("Terjemahan bahasa Inggris"),
    "media": N_("Galeri, dokumen, dan video"),
}


def section_of(path: str) -> str:
    """The section that holds the content path (or editor field) `path`."""
    head, _, rest = path.partition(".")
    if head == "pillars":
        return rest.partition(".")[0]
    if head in SECTIONS or head == "translations":  # no path starts with a pillar key
        return head
    return "identity"


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


@dataclass(frozen=True)
class PillarList:
    """One of the lists every pillar has."""

    key: str
    label: str
    row: type[Strict]  # the model of its rows: their fields, in the order the form shows
    item_name: str  # the field that names a row
    translated: tuple[str, ...]  # the fields a visitor reads, and so translates
    row_labels: Mapping[str, str]  # fields that need a more telling label in this list

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.row.model_fields)


PILLAR_LISTS = (
    PillarList("achievements", N_("Pencapaian"), Achievement, "title", ("title", "description"),
               {"title": N_("Judul pencapaian")}),
    PillarList("programs", N_("Program"), Program, "name", ("name", "description"),
               {"name": N_("Nama program")}),
    PillarList("quick_wins", N_("Quick win"), QuickWin, "name", ("name", "description"),
               {"name": N_("Nama quick win")}),
    PillarList("kpis", N_("KPI"), Kpi, "name", ("name", "unit"),
               {"name": N_("Nama indikator"), "year": N_("Tahun target")}),
)  # fmt: skip
LIST_FIELDS = {rows.key: rows.fields for rows in PILLAR_LISTS}
LIST_LABELS = {rows.key: rows.label for rows in PILLAR_LISTS}
ROW_LABELS = {rows.key: rows.row_labels for rows in PILLAR_LISTS}
TRANSLATED_ROW_FIELDS = {rows.key: rows.translated for rows in PILLAR_LISTS}


class Pillar(Strict):
    summary: Markdown = ""
    achievements: list[Achievement] = Field(default_factory=list, max_length=50)
    programs: list[Program] = Field(default_factory=list, max_length=50)
    quick_wins: list[QuickWin] = Field(default_factory=list, max_length=20)
    kpis: list[Kpi] = Field(default_factory=list, max_length=30)

    def is_empty(self) -> bool:
        return not (self.summary or any(getattr(self, kind) for kind in LIST_FIELDS))


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


MEDIA_TEXT_FIELDS = tuple(MediaText.model_fields)
CONTACT_FIELDS = tuple(Contact.model_fields)
# The texts outside the pillars a visitor reads, in content order, and so translates
# (missions aside: a list of texts, one per line in the form).
TRANSLATED_TEXTS = ("title", "tagline", "welcome", "vision", "readiness")
# Field labels, by the field's name (its path for the texts outside the pillars, its own
# name for a row's fields): the form, its error summary and the review share them.
FIELD_LABELS: dict[str, str] = {
    "title": N_("Judul anjungan"),
    "tagline": N_("Slogan"),
    "theme_color": N_("Warna tema"),
    **{key: SLOT_LABELS[key] for key in SINGLE_SLOTS},
    "period.start": N_("Tahun mulai"),
    "period.end": N_("Tahun selesai"),
    "vision": N_("Visi"),
    "missions": N_("Misi"),
    "readiness": N_("Kesiapan daerah (analisis SWOT)"),
    "welcome": N_("Kata sambutan"),
    "summary": N_("Ringkasan pilar"),
    "contact.office": N_("Nama kantor"),
    "contact.address": N_("Alamat"),
    "contact.email": N_("E-mail"),
    "contact.phone": N_("Telepon"),
    "contact.website": N_("Situs web"),
    # list rows
    "year": N_("Tahun"),
    "description": N_("Keterangan"),
    "name": N_("Nama"),
    "horizon": N_("Jangka waktu"),
    "status": N_("Status"),
    "baseline": N_("Nilai awal"),
    "target": N_("Target"),
    "unit": N_("Satuan"),
    "order": N_("Urutan"),
}


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
        for kind in LIST_FIELDS:
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
        ids = [getattr(self, key) for key in SINGLE_SLOTS]
        ids += [i for key in LIST_SLOTS for i in getattr(self, key)]
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
