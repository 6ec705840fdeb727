"""The content's shape is stated once (app/booths/schemas.py); every other place that
names sections, slots, pillar lists or their labels derives from it. These tests fail
when a place lists them again and the lists drift apart."""

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlmodel import Session, select

from app.booths.editor_values import form_values, missing_translations
from app.booths.models import Booth
from app.booths.schemas import (
    CONTACT_FIELDS,
    EDITOR_SECTION_LABELS,
    FIELD_LABELS,
    KIND_PLACES,
    LIST_FIELDS,
    LIST_SLOTS,
    PILLAR_LISTS,
    SECTION_LABELS,
    SECTIONS,
    SINGLE_SLOTS,
    SLOTS,
    TRANSLATED_TEXTS,
    BoothContent,
    Pillar,
    PillarText,
    Translation,
    section_of,
    slot_values,
)
from app.booths.service import place_media
from app.core.errors import Invalid
from app.core.paths import TEMPLATES_DIR
from app.media.models import KIND_LABELS, MediaAsset
from app.moderation.diff import DIFF_SECTIONS
from app.pillars import PILLARS
from tests.booths.test_editor import EDITOR

APP = Path(__file__).resolve().parents[2] / "app"
NAMES = "identity|welcome|contact|translations|logo|banner|gallery|documents|videos"
# Two different section or slot names side by side in quotes: a list of them spelled out
# again (a pair of the same name is a section and its path, as in ("welcome", "welcome")).
SPELLED_OUT = re.compile(rf'"({NAMES})"\s*,\s*"(?!\1")({NAMES})"')


def _accepts(field: str, value: object) -> bool:
    try:
        BoothContent.model_validate({"title": "T", field: value})
    except ValidationError:
        return False
    return True


def test_the_slots_are_the_contents_media_fields() -> None:
    fields = [name for name in BoothContent.model_fields if name != "title"]
    assert {name for name in fields if _accepts(name, 7)} == set(SINGLE_SLOTS)
    assert {name for name in fields if _accepts(name, [7])} == set(LIST_SLOTS)
    filled = {"title": "T", **{k: 1 for k in SINGLE_SLOTS}, **{k: [2] for k in LIST_SLOTS}}
    assert BoothContent.model_validate(filled).media_ids() == [1, 2]
    assert slot_values(filled) == [1] * len(SINGLE_SLOTS) + [2] * len(LIST_SLOTS)


def test_every_slot_takes_exactly_the_kinds_the_schema_says() -> None:
    for slot in SLOTS:
        assert set(slot.kinds) <= set(KIND_LABELS), slot.key
        assert {kind for kind, places in KIND_PLACES.items() if slot.key in places} == set(
            slot.kinds
        )
    assert all(KIND_PLACES[kind] for kind in KIND_LABELS), "every kind fits somewhere"
    assert KIND_PLACES["image"][0] == "gallery"  # where an uploaded image goes by default


@pytest.mark.parametrize("kind", list(KIND_LABELS))
def test_the_media_library_places_an_item_only_where_its_kind_fits(
    session: Session, booth: None, kind: str
) -> None:
    bitung = session.exec(select(Booth).where(Booth.slug == "kota-bitung")).one()
    item = MediaAsset(booth_id=bitung.id or 0, kind=kind, sha256="0" * 64, content_type="x/y")
    session.add(item)
    session.flush()
    for slot in SLOTS:
        if kind in slot.kinds:
            place_media(session, bitung, item.id or 0, slot.key, actor_id=None)
            assert item.id in slot_values({slot.key: bitung.draft[slot.key]})
        else:
            with pytest.raises(Invalid):
                place_media(session, bitung, item.id or 0, slot.key, actor_id=None)


def test_the_library_offers_each_item_the_places_of_its_kind(client: TestClient, csrf: str) -> None:
    html = client.get(EDITOR + "/media").text
    offered = {
        tuple(re.findall(r'<option value="([^"]+)"', menu))
        for menu in re.findall(r'<select[^>]*id="place-\d+"[^>]*>(.*?)</select>', html, re.S)
    }
    assert offered and offered <= {
        tuple(p for p in places if p != placed)
        for places in KIND_PLACES.values()
        for placed in ("", *places)
    }


def test_the_pillar_lists_are_the_pillars_lists() -> None:
    assert set(LIST_FIELDS) == set(Pillar.model_fields) - {"summary"}
    assert set(LIST_FIELDS) == set(PillarText.model_fields) - {"summary"}
    for rows in PILLAR_LISTS:
        assert rows.item_name in rows.fields
        assert set(rows.translated) <= set(rows.fields)
        assert set(rows.row_labels) <= set(rows.fields)
        assert all(name in FIELD_LABELS or name in rows.row_labels for name in rows.fields)


def test_the_translated_texts_are_the_translations_fields() -> None:
    assert set(Translation.model_fields) == {*TRANSLATED_TEXTS, "missions", "pillars", "media"}
    assert all(name in FIELD_LABELS for name in (*TRANSLATED_TEXTS, "missions"))
    assert all(f"contact.{name}" in FIELD_LABELS for name in CONTACT_FIELDS)
    assert all(name in FIELD_LABELS for name in SINGLE_SLOTS)


def test_every_section_has_a_label_and_every_field_a_section() -> None:
    assert set(SECTIONS) == {"identity", "welcome", *LIST_SLOTS, "contact", *PILLARS}
    assert set(EDITOR_SECTION_LABELS) == {*SECTIONS, "translations", "media"}
    assert set(DIFF_SECTIONS) == {*SECTIONS, "translations"}
    for name in form_values({"title": "T", "pillars": {"living": {"summary": "S"}}}):
        assert section_of(name) in EDITOR_SECTION_LABELS, name


def _full_content() -> dict[str, Any]:
    """Every text a visitor reads filled in, once."""
    pillar: dict[str, Any] = {"summary": "Ringkasan"}
    pillar |= {r.key: [dict.fromkeys(r.translated, "Teks")] for r in PILLAR_LISTS}
    return {
        **dict.fromkeys(TRANSLATED_TEXTS, "Teks"),
        "missions": ["Misi"],
        "pillars": dict.fromkeys(PILLARS, pillar),
    }


def test_the_translation_report_covers_every_section_with_texts() -> None:
    content = BoothContent.model_validate(_full_content()).model_dump(mode="json")
    missing = missing_translations(form_values(content), {1: {"title": "Foto"}})
    assert set(missing) == {"identity", "welcome", *PILLARS, "media"}
    for key in PILLARS:
        expected = {f"pillars.{key}.summary"} | {
            f"pillars.{key}.{r.key}.0.{name}" for r in PILLAR_LISTS for name in r.translated
        }
        assert set(missing[key]) == expected


def test_the_editor_shows_every_section_of_the_schema_and_no_other(
    client: TestClient, csrf: str
) -> None:
    html = client.get(EDITOR).text
    shown = set(re.findall(r'<section class="editor-section[^"]*" id="([^"]+)"', html))
    assert shown == set(EDITOR_SECTION_LABELS) - set(LIST_SLOTS)
    for key in LIST_SLOTS:  # in the media overview, each with its own anchor
        assert f'<div class="editor-media" id="{key}">' in html


def test_templates_look_up_only_labels_the_schema_has() -> None:
    tables = {
        "section_labels": SECTION_LABELS,
        "editor_section_labels": EDITOR_SECTION_LABELS,
        "field_labels": FIELD_LABELS,
    }
    for template in TEMPLATES_DIR.rglob("*.html"):
        for table, key in re.findall(r'\b(\w+_labels)\["([^"]+)"\]', template.read_text()):
            if table in tables:
                assert key in tables[table], f"{template.name}: {table}[{key!r}]"


def test_no_module_spells_out_the_sections_or_slots_again() -> None:
    found = {
        str(path.relative_to(APP))
        for path in APP.rglob("*.py")
        if path.name != "schemas.py" or path.parent.name != "booths"
        if SPELLED_OUT.search(path.read_text())
    }
    found |= {
        f"templates/{path.relative_to(TEMPLATES_DIR)}"
        for path in TEMPLATES_DIR.rglob("*.html")
        if SPELLED_OUT.search(path.read_text())
    }
    assert found == set()
