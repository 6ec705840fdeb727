"""The booth editor's HTML form: flat field names to booth content and back.

Every field has a flat name that says where its value goes in the content, e.g.
`title`, `period.start`, `pillars.economy.programs.0.name`,
`translations.en.pillars.economy.summary`. List rows also carry `…order` (a number
to reorder them) and `…delete` (a checkbox); a row left blank is ignored.

`content_from_form` is a pure function: it starts from the current draft and
replaces only what the form carries, so keys the form does not show (the gallery,
documents, videos, translated lists) survive a save unchanged.
"""

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from app.core.i18n import N_
from app.core.numbers import ascii_int
from app.pillars import PILLAR_NAMES, PILLARS

# The rows of each pillar list and their fields, in the order the form shows them.
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "achievements": ("year", "title", "description"),
    "programs": ("name", "horizon", "status", "description"),
    "quick_wins": ("name", "description"),
    "kpis": ("name", "baseline", "target", "year", "unit"),
}
# The lists an "add another row" button may name.
ADDABLE_LISTS = frozenset(f"pillars.{key}.{kind}" for key in PILLARS for kind in LIST_FIELDS)
INTEGER_FIELDS = {"year"}
DECIMAL_FIELDS = {"baseline", "target"}
CHOICE_FIELDS = {"horizon", "status"}
YEAR_FIELDS = {"year", "start", "end"}
MEDIA_FIELDS = ("logo", "banner")
IDENTITY_TEXTS = ("title", "tagline", "vision", "readiness")
CONTACT_FIELDS = ("office", "address", "email", "phone", "website")
TRANSLATED_TEXTS = ("title", "tagline", "welcome", "vision", "readiness")
# The fields of each pillar list a visitor reads, and so translates.
TRANSLATED_ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "achievements": ("title", "description"),
    "programs": ("name", "description"),
    "quick_wins": ("name", "description"),
    "kpis": ("name", "unit"),
}
MEDIA_TEXTS = ("title", "caption", "alt_text")
LANGUAGE = "en"  # the one translation the content model knows
DEFAULT_THEME_COLOR = "#0b5fa5"  # what the colour picker shows when no colour is set
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}\Z")
BARE_HEX = re.compile(r"^[0-9a-fA-F]{6}\Z")
PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?\Z")  # ASCII: \d takes "٣" too
NOT_A_NUMBER = "bukan angka"  # refused by pydantic like any other non-number

# Labels shared by the template and the error summary (Indonesian msgids).
LABELS: dict[str, str] = {
    "title": N_("Judul anjungan"),
    "tagline": N_("Slogan"),
    "theme_color": N_("Warna tema"),
    "logo": N_("Logo"),
    "banner": N_("Banner"),
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
ROW_LABELS: dict[str, dict[str, str]] = {
    "achievements": {"title": N_("Judul pencapaian")},
    "programs": {"name": N_("Nama program")},
    "quick_wins": {"name": N_("Nama quick win")},
    "kpis": {"name": N_("Nama indikator"), "year": N_("Tahun target")},
}
LIST_NAMES: dict[str, str] = {
    "achievements": N_("Pencapaian"),
    "programs": N_("Program"),
    "quick_wins": N_("Quick win"),
    "kpis": N_("KPI"),
}
SECTION_NAMES: dict[str, str] = {
    "identity": N_("Identitas"),
    "welcome": N_("Sambutan"),
    "contact": N_("Kontak"),
    "translations": N_("Terjemahan bahasa Inggris"),
    "media": N_("Galeri, dokumen, dan video"),
    **PILLAR_NAMES,
}


def field_id(name: str) -> str:
    """The HTML id of the input called `name` (dots are awkward in CSS selectors)."""
    return "f-" + name.replace(".", "-").replace("_", "-")


def _text(form: Mapping[str, str], name: str) -> str:
    """A text field with browser line endings normalised."""
    return form.get(name, "").replace("\r\n", "\n").replace("\r", "\n")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _number(raw: str) -> str | None:
    """Empty is None; a decimal comma is accepted; anything else is left for pydantic."""
    raw = raw.strip().replace(" ", "")
    if not raw:
        return None
    if PLAIN_NUMBER.match(raw):
        return raw.replace(",", ".")
    return NOT_A_NUMBER  # "1e9", "inf", "1.000.000": refused with a clear message


def _row_value(name: str, raw: str) -> Any:
    if name in INTEGER_FIELDS or name in DECIMAL_FIELDS:
        return _number(raw)
    if name in CHOICE_FIELDS:
        return raw.strip() or None
    return raw.replace("\r\n", "\n").strip()


def _row_indices(form: Mapping[str, str], prefix: str) -> list[int]:
    """The row numbers that appear in field names under `prefix.`."""
    pattern = re.compile(re.escape(prefix) + r"\.([0-9]{1,4})\.")
    return sorted({int(m.group(1)) for name in form if (m := pattern.match(name))})


def _order(raw: str, fallback: int) -> int:
    number = ascii_int(raw)
    return fallback if number is None else number


@dataclass
class ParsedForm:
    """The content built from a form, and where each saved row came from."""

    content: dict[str, Any]
    # (pillar, list) -> the form row number of each saved row, in saved order
    row_sources: dict[tuple[str, str], list[int]] = field(default_factory=dict)


def _parse_rows(form: Mapping[str, str], prefix: str, kind: str) -> tuple[list[dict], list[int]]:
    fields = LIST_FIELDS[kind]
    rows: list[tuple[int, int, int, dict[str, Any]]] = []
    for position, index in enumerate(_row_indices(form, prefix)):
        base = f"{prefix}.{index}"
        if form.get(f"{base}.delete"):
            continue
        row = {f: _row_value(f, form.get(f"{base}.{f}", "")) for f in fields}
        if all(value in (None, "") for value in row.values()):
            continue  # the blank row for adding, left blank
        # Empty values are left out: a row without its title or name is "missing" one.
        row = {k: v for k, v in row.items() if v not in (None, "")}
        order = _order(form.get(f"{base}.order", ""), position + 1)
        # A row whose number was changed goes before one that kept the same number.
        moved = 0 if order != position + 1 else 1
        rows.append((order, moved, index, row))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return [r[3] for r in rows], [r[2] for r in rows]


def _has_prefix(form: Mapping[str, str], prefix: str) -> bool:
    return any(name.startswith(prefix + ".") for name in form)


def _theme_color(form: Mapping[str, str], current: str | None) -> str | None:
    """The text field wins; without JavaScript a moved colour picker counts too."""
    text = form.get("theme_color", current or "").strip()
    was = form.get("theme_color_was")
    picker = form.get("theme_color_picker", "").strip()
    if was is not None and text == was.strip() and picker:
        shown = was.strip() if HEX_COLOR.match(was.strip()) else DEFAULT_THEME_COLOR
        if picker.lower() != shown.lower():
            text = picker
    if BARE_HEX.match(text):
        text = "#" + text
    return text or None


def _media_choice(raw: str) -> int | str | None:
    raw = raw.strip()
    if not raw:
        return None
    number = ascii_int(raw)
    return raw if number is None else number  # a non-number is refused by validation


def _set_or_drop(target: dict[str, Any], key: str, value: Any) -> None:
    if value in (None, "", [], {}):
        target.pop(key, None)
    else:
        target[key] = value


def _translated_rows(
    form: Mapping[str, str], prefix: str, kind: str, current: list[dict], sources: list[int]
) -> list[dict]:
    """The English rows of a list, in the order of the Indonesian rows just saved.

    English fields carry the Indonesian row's number in the form (`sources` maps each
    saved row to it), so reordering or deleting rows keeps each text with its row."""
    rows = []
    for index in sources:
        row = dict(current[index]) if index < len(current) else {}
        for name in TRANSLATED_ROW_FIELDS[kind]:
            if f"{prefix}.{index}.{name}" in form:
                _set_or_drop(row, name, _text(form, f"{prefix}.{index}.{name}").strip())
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _parse_translation(
    form: Mapping[str, str],
    current: dict[str, Any],
    row_sources: Mapping[tuple[str, str], list[int]],
) -> dict[str, Any]:
    prefix = f"translations.{LANGUAGE}"
    translation = dict(current)
    for key in TRANSLATED_TEXTS:
        if f"{prefix}.{key}" in form:
            _set_or_drop(translation, key, _text(form, f"{prefix}.{key}").strip())
    if f"{prefix}.missions" in form:
        _set_or_drop(translation, "missions", _lines(_text(form, f"{prefix}.missions")))
    pillars = {k: dict(v) for k, v in (translation.get("pillars") or {}).items()}
    for key in PILLARS:
        pillar = pillars.get(key, {})
        name = f"{prefix}.pillars.{key}.summary"
        if name in form:
            _set_or_drop(pillar, "summary", _text(form, name).strip())
        for kind in TRANSLATED_ROW_FIELDS:
            sources = row_sources.get((key, kind))
            if sources is not None:
                rows = _translated_rows(
                    form, f"{prefix}.pillars.{key}.{kind}", kind, pillar.get(kind) or [], sources
                )
                _set_or_drop(pillar, kind, rows)
        _set_or_drop(pillars, key, pillar)
    _set_or_drop(translation, "pillars", pillars)
    media = {str(k): dict(v) for k, v in (translation.get("media") or {}).items()}
    pattern = re.compile(re.escape(prefix) + r"\.media\.(\d{1,12})\.(\w+)$")
    for field_name in form:
        if (match := pattern.match(field_name)) and match.group(2) in MEDIA_TEXTS:
            texts = media.setdefault(match.group(1), {})
            _set_or_drop(texts, match.group(2), _text(form, field_name).strip())
            _set_or_drop(media, match.group(1), texts)
    _set_or_drop(translation, "media", media)
    return translation


def parse_form(form: Mapping[str, str], current: Mapping[str, Any]) -> ParsedForm:
    """Booth content from the editor's fields, on top of `current` (not modified)."""
    content: dict[str, Any] = copy.deepcopy(dict(current))
    parsed = ParsedForm(content)
    for key in IDENTITY_TEXTS:
        if key in form:
            content[key] = _text(form, key).strip()
    if "welcome" in form:
        content["welcome"] = _text(form, "welcome").strip()
    if "theme_color" in form:
        _set_or_drop(content, "theme_color", _theme_color(form, content.get("theme_color")))
    for key in MEDIA_FIELDS:
        if key in form:
            _set_or_drop(content, key, _media_choice(form[key]))
    if "period.start" in form or "period.end" in form:
        period = {
            k: value
            for k in ("start", "end")
            if (value := _number(form.get(f"period.{k}", ""))) is not None
        }
        _set_or_drop(content, "period", period)
    if "missions" in form:
        content["missions"] = _lines(_text(form, "missions"))

    pillars = {k: dict(v) for k, v in (content.get("pillars") or {}).items()}
    for key in PILLARS:
        prefix = f"pillars.{key}"
        if not _has_prefix(form, prefix):
            continue
        pillar = pillars.get(key, {})
        if f"{prefix}.summary" in form:
            pillar["summary"] = _text(form, f"{prefix}.summary").strip()
        for kind in LIST_FIELDS:
            if _has_prefix(form, f"{prefix}.{kind}"):
                pillar[kind], parsed.row_sources[(key, kind)] = _parse_rows(
                    form, f"{prefix}.{kind}", kind
                )
        # An empty pillar is left out, as an import would leave it out.
        pillars[key] = {k: v for k, v in pillar.items() if v not in ("", [], None)}
        if not pillars[key]:
            del pillars[key]
    content["pillars"] = pillars

    if _has_prefix(form, "contact"):
        contact = dict(content.get("contact") or {})
        for key in CONTACT_FIELDS:
            if f"contact.{key}" in form:
                _set_or_drop(contact, key, _text(form, f"contact.{key}").strip())
        _set_or_drop(content, "contact", contact or None)

    if _has_prefix(form, f"translations.{LANGUAGE}"):
        translations = dict(content.get("translations") or {})
        current_translation = dict(translations.get(LANGUAGE) or {})
        translation = _parse_translation(form, current_translation, parsed.row_sources)
        _set_or_drop(translations, LANGUAGE, translation)
        _set_or_drop(content, "translations", translations)
    return parsed


def content_from_form(form: Mapping[str, str], current: dict) -> dict:
    """Booth content (not yet validated) from the editor's flat fields over `current`."""
    return parse_form(form, current).content


# --- From content to fields (the form as first shown) ------------------------------


def _shown(value: Any) -> str:
    """A value as a text field shows it: 40.0 as "40", None as ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def form_values(content: Mapping[str, Any]) -> dict[str, str]:
    """The editor's field values for stored content (every list without its blank row)."""
    values: dict[str, str] = {}
    for key in (*IDENTITY_TEXTS, "welcome", "theme_color", *MEDIA_FIELDS):
        values[key] = _shown(content.get(key))
    values["theme_color_was"] = values["theme_color"]
    period = content.get("period") or {}
    values["period.start"] = _shown(period.get("start"))
    values["period.end"] = _shown(period.get("end"))
    values["missions"] = "\n".join(content.get("missions") or [])
    pillars = content.get("pillars") or {}
    for key in PILLARS:
        pillar = pillars.get(key) or {}
        values[f"pillars.{key}.summary"] = pillar.get("summary", "")
        for kind, fields in LIST_FIELDS.items():
            for index, row in enumerate(pillar.get(kind) or []):
                base = f"pillars.{key}.{kind}.{index}"
                for name in fields:
                    values[f"{base}.{name}"] = _shown(row.get(name))
                values[f"{base}.order"] = str(index + 1)
    contact = content.get("contact") or {}
    for key in CONTACT_FIELDS:
        values[f"contact.{key}"] = _shown(contact.get(key))
    translation = (content.get("translations") or {}).get(LANGUAGE) or {}
    prefix = f"translations.{LANGUAGE}"
    for key in TRANSLATED_TEXTS:
        values[f"{prefix}.{key}"] = _shown(translation.get(key))
    values[f"{prefix}.missions"] = "\n".join(translation.get("missions") or [])
    for key in PILLARS:
        english = (translation.get("pillars") or {}).get(key) or {}
        values[f"{prefix}.pillars.{key}.summary"] = _shown(english.get("summary"))
        for kind, fields in TRANSLATED_ROW_FIELDS.items():
            for index, row in enumerate(english.get(kind) or []):
                for name in fields:
                    values[f"{prefix}.pillars.{key}.{kind}.{index}.{name}"] = _shown(row.get(name))
    for media_id, texts in (translation.get("media") or {}).items():
        for name in MEDIA_TEXTS:
            values[f"{prefix}.media.{media_id}.{name}"] = _shown(texts.get(name))
    return values


def translatable(
    values: Mapping[str, str], media_texts: Mapping[int, Mapping[str, str]]
) -> list[tuple[str, str, str]]:
    """(section, field name, Indonesian text) of every text a visitor reads; the English
    field is `translations.en.` + the name. `media_texts`: the shown items' own texts."""
    found = [("identity", k, values.get(k, "")) for k in ("title", "tagline", "vision")]
    found += [("identity", k, values.get(k, "")) for k in ("missions", "readiness")]
    found.append(("welcome", "welcome", values.get("welcome", "")))
    for key in PILLARS:
        found.append((key, f"pillars.{key}.summary", values.get(f"pillars.{key}.summary", "")))
        for kind, fields in TRANSLATED_ROW_FIELDS.items():
            for index in _row_indices(values, f"pillars.{key}.{kind}"):
                base = f"pillars.{key}.{kind}.{index}"
                if values.get(f"{base}.delete") or is_blank_row(values, base, kind):
                    continue
                found += [(key, f"{base}.{n}", values.get(f"{base}.{n}", "")) for n in fields]
    for media_id, texts in media_texts.items():
        found += [("media", f"media.{media_id}.{n}", texts.get(n, "")) for n in MEDIA_TEXTS]
    return [(section, name, text) for section, name, text in found if text.strip()]


def missing_translations(
    values: Mapping[str, str], media_texts: Mapping[int, Mapping[str, str]]
) -> dict[str, list[str]]:
    """section → the names of its texts that have no English version yet."""
    missing: dict[str, list[str]] = {}
    for section, name, _text_id in translatable(values, media_texts):
        if not values.get(f"translations.{LANGUAGE}.{name}", "").strip():
            missing.setdefault(section, []).append(name)
    return missing


# --- Errors ------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing to fix: the field (or section anchor) it belongs to and its message."""

    name: str  # a flat field name, or "" when no single field is to blame
    section: str  # the section id the field sits in
    message: str  # an Indonesian msgid with {placeholders}
    params: dict[str, Any] = field(default_factory=dict)
    item: int | None = None  # the line of a one-per-line field (missions), from 1


def section_of(name: str) -> str:
    """The editor section (an element id) that holds the field `name`."""
    head, _, rest = name.partition(".")
    if head == "pillars":
        return rest.partition(".")[0]
    if head in ("welcome", "contact", "translations", "gallery", "documents", "videos"):
        return head
    return "identity"


def _message(kind: str, ctx: Mapping[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    last = name.rsplit(".", 1)[-1]
    if last in MEDIA_FIELDS:
        return N_("Pilihan tidak sah"), {}
    if kind in ("missing", "string_too_short"):
        return N_("Wajib diisi"), {}
    if kind == "string_too_long":
        return N_("Terlalu panjang (maks. {max} karakter)"), {"max": ctx.get("max_length")}
    if kind == "too_long":
        return N_("Terlalu banyak baris (maks. {max})"), {"max": ctx.get("max_length")}
    if last in YEAR_FIELDS and kind in (
        "greater_than_equal",
        "less_than_equal",
        "greater_than",
        "less_than",
    ):
        return N_("Tahun antara 1945 dan 2100"), {}
    if kind in ("int_parsing", "float_parsing", "int_from_float", "int_type", "float_type"):
        return N_("Harus berupa angka"), {}
    if kind in ("literal_error", "enum"):
        return N_("Pilihan tidak sah"), {}
    if kind == "string_pattern_mismatch":
        if last == "theme_color":
            return N_("Format warna #RRGGBB"), {}
        if last == "email":
            return N_("Alamat e-mail tidak sah"), {}
    if kind.startswith("url_"):
        return N_("Alamat situs web tidak sah; awali dengan https://"), {}
    return N_("Isian tidak sah"), {}


def problems_from(
    error: ValidationError, parsed: ParsedForm, form: Mapping[str, str]
) -> list[Problem]:
    """Each validation error at the form field it came from, in form order."""
    problems = []
    for detail in error.errors():
        loc = list(detail["loc"])
        item: int | None = None
        # A saved row's number is not its number in the form (blank, deleted, moved rows).
        if len(loc) >= 4 and loc[0] == "pillars" and isinstance(loc[3], int):
            sources = parsed.row_sources.get((str(loc[1]), str(loc[2])))
            if sources is not None and loc[3] < len(sources):
                loc[3] = sources[loc[3]]
        if loc and isinstance(loc[-1], int) and "missions" in loc:
            item = int(loc.pop()) + 1
        name = ".".join(str(part) for part in loc)
        while name and name not in form:  # a list or an object: blame the nearest field
            name = name.rpartition(".")[0]
        full = ".".join(str(part) for part in loc)
        message, params = _message(detail["type"], detail.get("ctx") or {}, full)
        problems.append(Problem(name, section_of(full), message, params, item))
    order = {name: i for i, name in enumerate(form)}
    return sorted(problems, key=lambda p: order.get(p.name, len(order)))


def row_indices(values: Mapping[str, str], prefix: str, kind: str) -> list[int]:
    """The rows to show for a list: those in `values`, then one blank row for adding."""
    indices = _row_indices(values, prefix)
    fields = LIST_FIELDS[kind]
    if not indices or any(values.get(f"{prefix}.{indices[-1]}.{f}", "").strip() for f in fields):
        indices.append(indices[-1] + 1 if indices else 0)
    return indices


def is_blank_row(values: Mapping[str, str], base: str, kind: str) -> bool:
    return not any(values.get(f"{base}.{f}", "").strip() for f in LIST_FIELDS[kind])


def describe(name: str, gettext: Callable[[str], str]) -> str:
    """A field's human name for the error summary, e.g. "Smart Economy · Program 3 · Nama"."""
    parts = name.split(".")
    words: list[str]
    if parts[0] == "pillars" and len(parts) >= 3:
        key, kind = parts[1], parts[2]
        words = [PILLAR_NAMES.get(key, key)]
        if kind == "summary":
            words.append(gettext(LABELS["summary"]))
        else:
            words.append(gettext(LIST_NAMES.get(kind, kind)))
            if len(parts) >= 4 and (row := ascii_int(parts[3])) is not None:
                words[-1] += f" {row + 1}"
            if len(parts) >= 5:
                label = ROW_LABELS.get(kind, {}).get(parts[4]) or LABELS.get(parts[4], parts[4])
                words.append(gettext(label))
        return " · ".join(words)
    if parts[0] == "translations":
        rest = parts[2:]
        words = [gettext(SECTION_NAMES["translations"])]
        if rest[:1] == ["pillars"] and len(rest) >= 2:
            words.append(PILLAR_NAMES.get(rest[1], rest[1]))
        elif rest:
            words.append(gettext(LABELS.get(".".join(rest), ".".join(rest))))
        return " · ".join(words)
    if parts[0] == "contact" and len(parts) > 1:
        return f"{gettext(SECTION_NAMES['contact'])} · {gettext(LABELS.get(name, name))}"
    if name in LABELS:
        return gettext(LABELS[name])
    return gettext(SECTION_NAMES.get(name, name))


@dataclass
class EditorView:
    """What the editor template reads: field values and the messages beside them."""

    values: Mapping[str, str]
    errors: Mapping[str, list[str]] = field(default_factory=dict)
    missing: Mapping[str, list[str]] = field(default_factory=dict)  # untranslated, by section
    opened: str = ""  # the list (`pillars.<key>.<kind>`) a row was just added to

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def checked(self, name: str) -> bool:
        return bool(self.values.get(name))

    def errors_for(self, name: str) -> list[str]:
        return list(self.errors.get(name, []))

    def id(self, name: str) -> str:
        return field_id(name)

    def rows(self, pillar: str, kind: str) -> list[int]:
        return row_indices(self.values, f"pillars.{pillar}.{kind}", kind)

    def is_blank(self, pillar: str, kind: str, index: int) -> bool:
        return is_blank_row(self.values, f"pillars.{pillar}.{kind}.{index}", kind)

    def untranslated(self, name: str) -> bool:
        """Whether the text `name` (an Indonesian field) has no English version yet."""
        return any(name in names for names in self.missing.values())


def with_added_row(values: Mapping[str, str], prefix: str) -> dict[str, str]:
    """`values` with one more blank row at the end of the list `prefix` (no JavaScript)."""
    indices = _row_indices(values, prefix)
    return {**values, f"{prefix}.{(indices[-1] + 1) if indices else 0}.order": ""}
