"""The booth editor's validation errors: each at the form field it came from, with the
field's human name for the error summary."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from app.booths.editor_form import ParsedForm
from app.booths.schemas import (
    EDITOR_SECTION_LABELS,
    FIELD_LABELS,
    LIST_LABELS,
    ROW_LABELS,
    SINGLE_SLOTS,
    section_of,
)
from app.core.i18n import N_
from app.core.numbers import ascii_int
from app.pillars import PILLAR_NAMES

YEAR_FIELDS = {"year", "start", "end"}
BOUNDS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}
NOT_NUMBERS = {"int_parsing", "float_parsing", "int_from_float", "int_type", "float_type"}


@dataclass(frozen=True)
class Problem:
    """One thing to fix: the field (or section anchor) it belongs to and its message."""

    name: str  # a flat field name, or "" when no single field is to blame
    section: str  # the section id the field sits in
    message: str  # an Indonesian msgid with {placeholders}
    params: dict[str, Any] = field(default_factory=dict)
    item: int | None = None  # the line of a one-per-line field (missions), from 1


def _message(kind: str, ctx: Mapping[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    last = name.rsplit(".", 1)[-1]
    if last in SINGLE_SLOTS:
        return N_("Pilihan tidak sah"), {}
    if kind in ("missing", "string_too_short"):
        return N_("Wajib diisi"), {}
    if kind == "string_too_long":
        return N_("Terlalu panjang (maks. {max} karakter)"), {"max": ctx.get("max_length")}
    if kind == "too_long":
        return N_("Terlalu banyak baris (maks. {max})"), {"max": ctx.get("max_length")}
    if last in YEAR_FIELDS and kind in BOUNDS:
        return N_("Tahun antara 1945 dan 2100"), {}
    if kind in NOT_NUMBERS:
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


def _describe_pillar(parts: list[str], gettext: Callable[[str], str]) -> str:
    key, kind = parts[1], parts[2]
    words = [PILLAR_NAMES.get(key, key)]
    if kind == "summary":
        words.append(gettext(FIELD_LABELS["summary"]))
    else:
        words.append(gettext(LIST_LABELS.get(kind, kind)))
        if len(parts) >= 4 and (row := ascii_int(parts[3])) is not None:
            words[-1] += f" {row + 1}"
        if len(parts) >= 5:
            label = ROW_LABELS.get(kind, {}).get(parts[4]) or FIELD_LABELS.get(parts[4], parts[4])
            words.append(gettext(label))
    return " · ".join(words)


def describe(name: str, gettext: Callable[[str], str]) -> str:
    """A field's human name for the error summary, e.g. "Smart Economy · Program 3 · Nama"."""
    parts = name.split(".")
    if parts[0] == "pillars" and len(parts) >= 3:
        return _describe_pillar(parts, gettext)
    if parts[0] == "translations":
        rest = parts[2:]
        words = [gettext(EDITOR_SECTION_LABELS["translations"])]
        if rest[:1] == ["pillars"] and len(rest) >= 2:
            words.append(PILLAR_NAMES.get(rest[1], rest[1]))
        elif rest:
            words.append(gettext(FIELD_LABELS.get(".".join(rest), ".".join(rest))))
        return " · ".join(words)
    if parts[0] == "contact" and len(parts) > 1:
        return (
            f"{gettext(EDITOR_SECTION_LABELS['contact'])} · {gettext(FIELD_LABELS.get(name, name))}"
        )
    if name in FIELD_LABELS:
        return gettext(FIELD_LABELS[name])
    return gettext(EDITOR_SECTION_LABELS.get(name, name))
