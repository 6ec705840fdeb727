"""The booth editor from content to fields: the form as first shown, what is untranslated.

The way in, from fields to content, is `editor_form`; both name fields the same way.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.booths.editor_form import LANGUAGE, field_id, row_numbers
from app.booths.schemas import (
    CONTACT_FIELDS,
    LIST_FIELDS,
    MEDIA_TEXT_FIELDS,
    SINGLE_SLOTS,
    TRANSLATED_ROW_FIELDS,
    TRANSLATED_TEXTS,
    section_of,
)
from app.pillars import PILLARS


def _shown(value: Any) -> str:
    """A value as a text field shows it: 40.0 as "40", None as ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _pillar_values(pillars: Mapping[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key in PILLARS:
        pillar = pillars.get(key) or {}
        values[f"pillars.{key}.summary"] = pillar.get("summary", "")
        for kind, fields in LIST_FIELDS.items():
            for index, row in enumerate(pillar.get(kind) or []):
                base = f"pillars.{key}.{kind}.{index}"
                for name in fields:
                    values[f"{base}.{name}"] = _shown(row.get(name))
                values[f"{base}.order"] = str(index + 1)
    return values


def _translation_values(translation: Mapping[str, Any]) -> dict[str, str]:
    prefix = f"translations.{LANGUAGE}"
    values = {f"{prefix}.{key}": _shown(translation.get(key)) for key in TRANSLATED_TEXTS}
    values[f"{prefix}.missions"] = "\n".join(translation.get("missions") or [])
    for key in PILLARS:
        english = (translation.get("pillars") or {}).get(key) or {}
        values[f"{prefix}.pillars.{key}.summary"] = _shown(english.get("summary"))
        for kind, fields in TRANSLATED_ROW_FIELDS.items():
            for index, row in enumerate(english.get(kind) or []):
                for name in fields:
                    values[f"{prefix}.pillars.{key}.{kind}.{index}.{name}"] = _shown(row.get(name))
    for media_id, texts in (translation.get("media") or {}).items():
        for name in MEDIA_TEXT_FIELDS:
            values[f"{prefix}.media.{media_id}.{name}"] = _shown(texts.get(name))
    return values


def form_values(content: Mapping[str, Any]) -> dict[str, str]:
    """The editor's field values for stored content (every list without its blank row)."""
    values = {key: _shown(content.get(key)) for key in (*TRANSLATED_TEXTS, *SINGLE_SLOTS)}
    values["theme_color"] = values["theme_color_was"] = _shown(content.get("theme_color"))
    period = content.get("period") or {}
    values["period.start"] = _shown(period.get("start"))
    values["period.end"] = _shown(period.get("end"))
    values["missions"] = "\n".join(content.get("missions") or [])
    values |= _pillar_values(content.get("pillars") or {})
    contact = content.get("contact") or {}
    for key in CONTACT_FIELDS:
        values[f"contact.{key}"] = _shown(contact.get(key))
    translation = (content.get("translations") or {}).get(LANGUAGE) or {}
    return values | _translation_values(translation)


def translatable(
    values: Mapping[str, str], media_texts: Mapping[int, Mapping[str, str]]
) -> list[tuple[str, str, str]]:
    """(section, field name, Indonesian text) of every text a visitor reads; the English
    field is `translations.en.` + the name. `media_texts`: the shown items' own texts."""
    found = [(section_of(k), k, values.get(k, "")) for k in (*TRANSLATED_TEXTS, "missions")]
    for key in PILLARS:
        found.append((key, f"pillars.{key}.summary", values.get(f"pillars.{key}.summary", "")))
        for kind, fields in TRANSLATED_ROW_FIELDS.items():
            for index in row_numbers(values, f"pillars.{key}.{kind}"):
                base = f"pillars.{key}.{kind}.{index}"
                if values.get(f"{base}.delete") or is_blank_row(values, base, kind):
                    continue
                found += [(key, f"{base}.{n}", values.get(f"{base}.{n}", "")) for n in fields]
    for media_id, texts in media_texts.items():
        found += [("media", f"media.{media_id}.{n}", texts.get(n, "")) for n in MEDIA_TEXT_FIELDS]
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


def row_indices(values: Mapping[str, str], prefix: str, kind: str) -> list[int]:
    """The rows to show for a list: those in `values`, then one blank row for adding."""
    indices = row_numbers(values, prefix)
    fields = LIST_FIELDS[kind]
    if not indices or any(values.get(f"{prefix}.{indices[-1]}.{f}", "").strip() for f in fields):
        indices.append(indices[-1] + 1 if indices else 0)
    return indices


def is_blank_row(values: Mapping[str, str], base: str, kind: str) -> bool:
    return not any(values.get(f"{base}.{f}", "").strip() for f in LIST_FIELDS[kind])


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
    indices = row_numbers(values, prefix)
    return {**values, f"{prefix}.{(indices[-1] + 1) if indices else 0}.order": ""}
