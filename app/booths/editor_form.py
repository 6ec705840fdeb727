"""The booth editor's HTML form: flat field names to booth content.

Every field has a flat name that says where its value goes in the content, e.g.
`title`, `period.start`, `pillars.economy.programs.0.name`,
`translations.en.pillars.economy.summary`. List rows also carry `…order` (a number
to reorder them) and `…delete` (a checkbox); a row left blank is ignored. Which
fields there are comes from the content's shape (`schemas`); the way back, from
content to fields, is `editor_values`, and validation errors at their fields are
`editor_errors`.

`content_from_form` is a pure function: it starts from the current draft and
replaces only what the form carries, so keys the form does not show (the gallery,
documents, videos, translated lists) survive a save unchanged.
"""

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.booths.schemas import (
    CONTACT_FIELDS,
    LIST_FIELDS,
    MEDIA_TEXT_FIELDS,
    SINGLE_SLOTS,
    TRANSLATED_ROW_FIELDS,
    TRANSLATED_TEXTS,
)
from app.core.numbers import ascii_int
from app.pillars import PILLARS

# The lists an "add another row" button may name.
ADDABLE_LISTS = frozenset(f"pillars.{key}.{kind}" for key in PILLARS for kind in LIST_FIELDS)
INTEGER_FIELDS = {"year"}
DECIMAL_FIELDS = {"baseline", "target"}
CHOICE_FIELDS = {"horizon", "status"}
LANGUAGE = "en"  # the one translation the content model knows
DEFAULT_THEME_COLOR = "#0b5fa5"  # what the colour picker shows when no colour is set
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}\Z")
BARE_HEX = re.compile(r"^[0-9a-fA-F]{6}\Z")
PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?\Z")  # ASCII: \d takes "٣" too
NOT_A_NUMBER = "bukan angka"  # refused by pydantic like any other non-number


def field_id(name: str) -> str:
    """The HTML id of the input called `name` (dots are awkward in CSS selectors)."""
    return "f-" + name.replace(".", "-").replace("_", "-")


def row_numbers(form: Mapping[str, str], prefix: str) -> list[int]:
    """The row numbers that appear in field names under `prefix.`."""
    pattern = re.compile(re.escape(prefix) + r"\.([0-9]{1,4})\.")
    return sorted({int(m.group(1)) for name in form if (m := pattern.match(name))})


def _text(form: Mapping[str, str], name: str) -> str:
    """A text field with browser line endings normalised, trimmed."""
    return form.get(name, "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _lines(form: Mapping[str, str], name: str) -> list[str]:
    """A field of one text per line (missions)."""
    return [line.strip() for line in _text(form, name).split("\n") if line.strip()]


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
    for position, index in enumerate(row_numbers(form, prefix)):
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
                _set_or_drop(row, name, _text(form, f"{prefix}.{index}.{name}"))
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _translated_pillars(
    form: Mapping[str, str],
    current: Mapping[str, Any],
    row_sources: Mapping[tuple[str, str], list[int]],
) -> dict[str, Any]:
    prefix = f"translations.{LANGUAGE}.pillars"
    pillars = {k: dict(v) for k, v in current.items()}
    for key in PILLARS:
        pillar = pillars.get(key, {})
        if f"{prefix}.{key}.summary" in form:
            _set_or_drop(pillar, "summary", _text(form, f"{prefix}.{key}.summary"))
        for kind in TRANSLATED_ROW_FIELDS:
            sources = row_sources.get((key, kind))
            if sources is not None:
                rows = _translated_rows(
                    form, f"{prefix}.{key}.{kind}", kind, pillar.get(kind) or [], sources
                )
                _set_or_drop(pillar, kind, rows)
        _set_or_drop(pillars, key, pillar)
    return pillars


def _translated_media(form: Mapping[str, str], current: Mapping[str, Any]) -> dict[str, Any]:
    media = {str(k): dict(v) for k, v in current.items()}
    pattern = re.compile(re.escape(f"translations.{LANGUAGE}") + r"\.media\.(\d{1,12})\.(\w+)$")
    for field_name in form:
        if (match := pattern.match(field_name)) and match.group(2) in MEDIA_TEXT_FIELDS:
            texts = media.setdefault(match.group(1), {})
            _set_or_drop(texts, match.group(2), _text(form, field_name))
            _set_or_drop(media, match.group(1), texts)
    return media


def _parse_translation(
    form: Mapping[str, str],
    current: dict[str, Any],
    row_sources: Mapping[tuple[str, str], list[int]],
) -> dict[str, Any]:
    prefix = f"translations.{LANGUAGE}"
    translation = dict(current)
    for key in TRANSLATED_TEXTS:
        if f"{prefix}.{key}" in form:
            _set_or_drop(translation, key, _text(form, f"{prefix}.{key}"))
    if f"{prefix}.missions" in form:
        _set_or_drop(translation, "missions", _lines(form, f"{prefix}.missions"))
    pillars = _translated_pillars(form, translation.get("pillars") or {}, row_sources)
    _set_or_drop(translation, "pillars", pillars)
    _set_or_drop(translation, "media", _translated_media(form, translation.get("media") or {}))
    return translation


def _parse_identity(form: Mapping[str, str], content: dict[str, Any]) -> None:
    """The texts outside the pillars, the colour, logo, banner and period."""
    for key in TRANSLATED_TEXTS:
        if key in form:
            content[key] = _text(form, key)
    if "missions" in form:
        content["missions"] = _lines(form, "missions")
    if "theme_color" in form:
        _set_or_drop(content, "theme_color", _theme_color(form, content.get("theme_color")))
    for key in SINGLE_SLOTS:
        if key in form:
            _set_or_drop(content, key, _media_choice(form[key]))
    if "period.start" in form or "period.end" in form:
        period = {
            k: value
            for k in ("start", "end")
            if (value := _number(form.get(f"period.{k}", ""))) is not None
        }
        _set_or_drop(content, "period", period)


def _parse_pillars(form: Mapping[str, str], parsed: ParsedForm) -> None:
    content = parsed.content
    pillars = {k: dict(v) for k, v in (content.get("pillars") or {}).items()}
    for key in PILLARS:
        prefix = f"pillars.{key}"
        if not _has_prefix(form, prefix):
            continue
        pillar = pillars.get(key, {})
        if f"{prefix}.summary" in form:
            pillar["summary"] = _text(form, f"{prefix}.summary")
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


def parse_form(form: Mapping[str, str], current: Mapping[str, Any]) -> ParsedForm:
    """Booth content from the editor's fields, on top of `current` (not modified)."""
    content: dict[str, Any] = copy.deepcopy(dict(current))
    parsed = ParsedForm(content)
    _parse_identity(form, content)
    _parse_pillars(form, parsed)
    if _has_prefix(form, "contact"):
        contact = dict(content.get("contact") or {})
        for key in CONTACT_FIELDS:
            if f"contact.{key}" in form:
                _set_or_drop(contact, key, _text(form, f"contact.{key}"))
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
