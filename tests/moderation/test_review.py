"""The review diff and the automatic checks: pure functions, no database."""

import json
from collections.abc import Collection
from typing import Any

from app.booths.schemas import BoothContent
from app.media.models import MediaAsset
from app.media.views import MediaSet
from app.moderation.checks import booth_links, review_checks
from app.moderation.diff import CONTEXT_WORDS, Run, content_diff, word_diff


def booth(**fields: Any) -> BoothContent:
    return BoothContent.model_validate({"title": "Kota Bitung", **fields})


def image(
    media_id: int, sha: str, alt: str = "Foto", title: str = "", caption: str = ""
) -> MediaAsset:
    return MediaAsset(
        id=media_id,
        booth_id=1,
        kind="image",
        sha256=sha,
        content_type="image/jpeg",
        alt_text=alt,
        filename=f"{sha}.jpg",
        title=title,
        caption=caption,
    )


def media(*assets: MediaAsset) -> MediaSet:
    return MediaSet(assets={a.id or 0: a for a in assets})


def section(diff: Any, key: str) -> Any:
    return next(s for s in diff.sections if s.key == key)


# --- words -----------------------------------------------------------------------------


def test_changed_words_are_runs_of_equal_deleted_and_inserted_words() -> None:
    runs = word_diff("Kota pelabuhan di ujung utara", "Kota pelabuhan baru di utara")
    assert runs == (
        Run("equal", "Kota pelabuhan "),
        Run("insert", "baru "),
        Run("equal", "di "),
        Run("delete", "ujung "),
        Run("equal", "utara"),
    )


def test_a_replaced_phrase_is_one_deletion_and_one_insertion() -> None:
    assert word_diff("satu dua tiga", "empat lima enam") == (
        Run("delete", "satu dua tiga"),
        Run("insert", "empat lima enam"),
    )


def test_punctuation_is_compared_apart_from_words() -> None:
    runs = word_diff("Kota pelabuhan dan perikanan.", "Kota pelabuhan, perikanan, dan bahari.")
    assert runs == (
        Run("equal", "Kota pelabuhan"),
        Run("insert", ", perikanan, "),
        Run("equal", "dan "),
        Run("delete", "perikanan"),
        Run("insert", "bahari"),
        Run("equal", "."),
    )


def test_long_unchanged_stretches_keep_only_the_words_next_to_a_change() -> None:
    before = " ".join(f"k{i}" for i in range(100))
    runs = word_diff(before, before.replace("k50", "baru"))
    assert [r.op for r in runs] == ["equal", "delete", "insert", "equal"]
    assert runs[0].text.startswith("… ") and runs[0].text.split()[1:] == [
        f"k{i}" for i in range(50 - CONTEXT_WORDS, 50)
    ]
    assert runs[-1].text.endswith("…") and "k63" not in runs[-1].text


def test_rewrapped_text_is_no_change() -> None:
    before, after = "Selamat datang di Bitung.", "Selamat\ndatang  di Bitung."
    diff = content_diff(booth(welcome=before), booth(welcome=after), media())
    assert not section(diff, "welcome").changed


# --- sections and items ----------------------------------------------------------------


def test_each_section_says_whether_it_changed_and_the_rest_is_listed_unchanged() -> None:
    before = booth(tagline="Kota pelabuhan", contact={"phone": "0438 21234"})
    after = booth(tagline="Kota pelabuhan dan bahari", contact={"phone": "0438 21234"})
    diff = content_diff(before, after, media())
    assert [s.key for s in diff.changed] == ["identity"]
    assert "contact" in diff.unchanged and "welcome" in diff.unchanged
    [tagline] = section(diff, "identity").texts
    assert tagline.path == "tagline"
    assert tagline.runs == (Run("equal", "Kota pelabuhan "), Run("insert", "dan bahari"))


def test_list_items_are_added_removed_and_changed_field_by_field() -> None:
    before = booth(
        pillars={
            "economy": {
                "programs": [
                    {"name": "Pasar digital"},
                    {"name": "Satu data", "description": "Data terpadu"},
                ],
                "kpis": [{"name": "UMKM daring", "target": 100}],
            }
        }
    )
    after = booth(
        pillars={
            "economy": {
                "programs": [
                    {"name": "Satu data", "description": "Data terpadu kota"},
                    {"name": "Kartu warga"},
                ],
                "kpis": [{"name": "UMKM daring", "target": 150}],
            }
        }
    )
    economy = section(content_diff(before, after, media()), "economy")
    changes = [(i.path, i.change, i.label) for i in economy.items]
    assert changes == [
        ("pillars.economy.programs", "removed", "Pasar digital"),
        ("pillars.economy.programs", "changed", "Satu data"),
        ("pillars.economy.programs", "added", "Kartu warga"),
        ("pillars.economy.kpis", "changed", "UMKM daring"),
    ]
    [description] = economy.items[1].texts
    assert description.path == "description" and Run("insert", "kota") in description.runs
    [target] = economy.items[3].texts
    assert target.runs == (Run("delete", "100"), Run("insert", "150"))  # not "100.0"
    assert [path for path, _items in economy.item_lists] == [
        "pillars.economy.programs",
        "pillars.economy.kpis",
    ]


def test_missions_and_english_texts_are_diffed_too() -> None:
    before = booth(missions=["Melayani warga"], translations={"en": {"tagline": "Port city"}})
    after = booth(
        missions=["Melayani warga dengan cepat"],
        translations={
            "en": {"tagline": "Harbour city", "pillars": {"living": {"summary": "Clean"}}}
        },
    )
    diff = content_diff(before, after, media())
    [mission] = section(diff, "identity").items
    assert (mission.path, mission.change, mission.label) == (
        "missions",
        "changed",
        "Melayani warga dengan cepat",
    )
    english = section(diff, "translations")
    assert [t.path for t in english.texts] == [
        "translations.en.tagline",
        "translations.en.pillars.living.summary",
    ]


# --- media -----------------------------------------------------------------------------


def test_a_replaced_logo_is_a_change_of_file_and_an_edited_alt_text_a_change_of_text() -> None:
    assets = media(image(1, "aaa", "Logo lama"), image(2, "bbb", "Logo baru"))
    assets.assets[3] = image(3, "ccc", "Pelabuhan")
    assets.assets[4] = image(4, "ccc", "Pelabuhan Bitung saat senja")  # same bytes, new text
    diff = content_diff(booth(logo=1, banner=3), booth(logo=2, banner=4), assets)
    logo, banner = section(diff, "identity").media
    assert (logo.path, logo.change, logo.before, logo.after, logo.new_file) == (
        "logo",
        "changed",
        1,
        2,
        True,
    )
    assert (banner.change, banner.new_file) == ("changed", False)
    [alt] = banner.texts
    assert alt.path == "alt_text" and Run("insert", "Bitung saat senja") in alt.runs


def test_gallery_items_added_removed_changed_and_reordered() -> None:
    assets = media(*(image(i, f"sha{i}") for i in range(1, 5)))
    assets.assets[5] = image(5, "sha2", "Foto dengan teks baru")  # a copy of 2
    before = booth(gallery=[1, 2, 3])
    after = booth(gallery=[3, 5, 4])
    gallery = section(content_diff(before, after, assets), "gallery")
    assert [(m.change, m.before, m.after) for m in gallery.media] == [
        ("changed", 2, 5),
        ("added", None, 4),
        ("removed", 1, None),
    ]
    assert gallery.reordered == ("gallery",)  # 3 moved before 2
    same_order = section(content_diff(before, booth(gallery=[1, 2, 3, 4]), assets), "gallery")
    assert same_order.reordered == () and [m.change for m in same_order.media] == ["added"]


# --- first publication and JSON ----------------------------------------------------------


def test_a_first_publication_shows_everything_as_new() -> None:
    after = booth(tagline="Kota pelabuhan", welcome="Halo", logo=1, gallery=[1])
    diff = content_diff(None, after, media(image(1, "aaa")))
    assert diff.first_publication
    assert [s.key for s in diff.changed] == ["identity", "welcome", "gallery"]
    identity = section(diff, "identity")
    assert [t.path for t in identity.texts] == ["title", "tagline"]
    assert all(run.op == "insert" for t in identity.texts for run in t.runs)
    assert [(m.change, m.after) for m in identity.media] == [("added", 1)]


def test_the_diff_is_json_for_the_api() -> None:
    diff = content_diff(booth(tagline="a"), booth(tagline="b"), media())
    data = json.loads(json.dumps(diff.as_json()))
    assert data["first_publication"] is False and data["changed"] == ["identity"]
    assert data["sections"]["identity"]["texts"][0] == {
        "path": "tagline",
        "runs": [{"op": "delete", "text": "a"}, {"op": "insert", "text": "b"}],
    }
    assert "welcome" in data["unchanged"] and "welcome" not in data["sections"]


# --- checks ----------------------------------------------------------------------------


def codes(
    content: BoothContent, assets: MediaSet | None = None, live: Collection[str] = ()
) -> list[tuple]:
    return [
        (c.code, c.section, c.params.get("url") or c.params.get("name") or "")
        for c in review_checks(content, assets or media(), live_booths=set(live))
    ]


FULL = {
    key: {"summary": "Ringkasan."}
    for key in ("governance", "branding", "economy", "living", "society", "environment")
}


def test_a_complete_booth_passes_every_check() -> None:
    content = booth(logo=1, banner=2, gallery=[3], pillars=FULL)
    assets = media(image(1, "a"), image(2, "b"), image(3, "c"))
    assert codes(content, assets) == []


def test_missing_logo_banner_and_alt_texts() -> None:
    assets = media(image(1, "a", alt=""), image(3, "c", alt="  ", title="Pasar ikan"))
    checks = codes(booth(logo=1, gallery=[3], pillars=FULL), assets)
    assert checks == [
        ("missing_banner", "identity", ""),
        ("missing_alt", "identity", "a.jpg"),
        ("missing_alt", "gallery", "Pasar ikan"),
    ]


def test_empty_pillars_are_reported_by_pillar() -> None:
    pillars = {**FULL, "living": {}, "society": {"summary": "", "programs": []}}
    pillars.pop("environment")
    checks = codes(booth(logo=1, banner=2, pillars=pillars), media(image(1, "a"), image(2, "b")))
    assert checks == [
        ("empty_pillar", "living", ""),
        ("empty_pillar", "society", ""),
        ("empty_pillar", "environment", ""),
    ]


def test_broken_links_are_found_without_fetching_them() -> None:
    welcome = (
        "[a](https://bitungkota.go.id) [b](mailto:info@bitungkota.go.id) [c](#visi)"
        " [d](javascript:alert(1)) [e](www.bitungkota.go.id) [f](ftp://files.example.id)"
        " [g](http://) [h](https://intranet) [i](/booths/kota-manado) [j](/booths/kota-nowhere)"
        " [k](/halls/likupang) [l](mailto:nobody)"
    )
    content = booth(logo=1, banner=2, pillars=FULL, welcome=welcome)
    assets = media(image(1, "a"), image(2, "b"))
    broken = [url for code, where, url in codes(content, assets, live={"kota-manado"})]
    assert broken == [
        "javascript:alert(1)",
        "www.bitungkota.go.id",
        "ftp://files.example.id",
        "http://",
        "https://intranet",
        "/booths/kota-nowhere",
        "mailto:nobody",
    ]
    assert booth_links(content) == {"kota-manado", "kota-nowhere"}


def test_links_in_pillars_and_english_texts_name_their_section() -> None:
    content = booth(
        logo=1,
        banner=2,
        pillars={**FULL, "economy": {"summary": "[x](javascript:void(0))"}},
        translations={"en": {"welcome": "[y](data:text/html,hi)"}},
    )
    checks = review_checks(content, media(image(1, "a"), image(2, "b")), live_booths=set())
    assert [(c.code, c.section, c.path) for c in checks] == [
        ("broken_link", "economy", "pillars.economy.summary"),
        ("broken_link", "translations", "translations.en.welcome"),
    ]


def test_very_long_texts_and_titles_near_their_limit() -> None:
    content = booth(
        title="K" * 110,
        logo=1,
        banner=2,
        welcome="kata " * 601,
        pillars={**FULL, "economy": {"summary": "kata " * 300}},
    )
    checks = review_checks(content, media(image(1, "a"), image(2, "b")), live_booths=set())
    assert [(c.code, c.section, c.severity, c.params) for c in checks] == [
        ("near_limit", "identity", "info", {"length": 110, "limit": 120}),
        ("long_text", "welcome", "info", {"words": 601, "limit": 600}),
    ]  # 300 words in a summary is still fine


def test_blocking_checks_come_first_then_warnings_then_notes() -> None:
    content = booth(welcome="[x](www.a.id)", pillars={"economy": FULL["economy"]})
    checks = review_checks(content, media(), live_booths=set())
    order = ["blocking", "warning", "info"]
    severities = [c.severity for c in checks]
    assert severities == sorted(severities, key=order.index) and set(severities) == set(order)
    assert checks[0].code == "missing_logo" and checks[-1].code == "empty_pillar"


# --- blocking checks, duplicates and placeholder texts ------------------------------------


def test_an_empty_booth_is_blocked_by_its_logo_banner_and_pillars() -> None:
    checks = review_checks(booth(), media(), live_booths=set())
    assert [(c.code, c.severity) for c in checks if c.severity == "blocking"] == [
        ("missing_logo", "blocking"),
        ("missing_banner", "blocking"),
        ("no_pillar", "blocking"),
    ]
    assert not [c for c in checks if c.code == "empty_pillar"]  # said once, not six times


def test_the_same_photo_twice_is_found_by_its_bytes() -> None:
    content = booth(logo=1, banner=2, gallery=[3, 4, 5], pillars=FULL)
    assets = media(image(1, "a"), image(2, "b"), image(3, "c"), image(4, "c"), image(5, "a"))
    checks = review_checks(content, assets, live_booths=set())
    assert [(c.code, c.section, c.severity, c.params) for c in checks] == [
        ("duplicate_media", "gallery", "warning", {"name": "c.jpg", "first": "c.jpg"}),
        ("duplicate_media", "gallery", "warning", {"name": "a.jpg", "first": "a.jpg"}),
    ]


def test_undefined_and_null_texts_block_wherever_they_are() -> None:
    content = booth(
        logo=1,
        banner=2,
        tagline="undefined",
        pillars={**FULL, "economy": {"summary": "Ringkas", "kpis": [{"name": "null"}]}},
    )
    assets = media(image(1, "a"), image(2, "b", caption="undefined"))
    checks = review_checks(content, assets, live_booths=set())
    assert [(c.code, c.section, c.path) for c in checks if c.severity == "blocking"] == [
        ("placeholder_text", "identity", "banner.caption"),
        ("placeholder_text", "identity", "tagline"),
        ("placeholder_text", "economy", "pillars.economy.kpis.0.name"),
    ]
