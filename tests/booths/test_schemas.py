from app.booths.schemas import BoothContent
from app.booths.service import content_json


def test_english_replaces_only_the_fields_it_gives() -> None:
    content = BoothContent.model_validate(
        {
            "title": "Kota Bitung",
            "tagline": "Kota pelabuhan",
            "pillars": {"economy": {"summary": "Perikanan", "programs": [{"name": "Pasar ikan"}]}},
            "translations": {
                "en": {
                    "tagline": "A harbour city",
                    "pillars": {"economy": {"summary": "Fisheries"}},
                }
            },
        }
    )
    english = content.localized("en")
    assert english.title == "Kota Bitung" and english.tagline == "A harbour city"
    assert english.pillars["economy"].summary == "Fisheries"
    assert [p.name for p in english.pillars["economy"].programs] == ["Pasar ikan"]
    assert content.localized("id").tagline == "Kota pelabuhan"


def test_english_rows_replace_their_indonesian_row_field_by_field() -> None:
    content = BoothContent.model_validate(
        {
            "title": "T",
            "pillars": {
                "living": {
                    "kpis": [
                        {"name": "Cakupan air", "unit": "persen", "target": 90},
                        {"name": "Puskesmas daring"},
                    ],
                    "achievements": [{"year": 2021, "title": "Bus listrik", "description": "D"}],
                }
            },
            "translations": {
                "en": {
                    "pillars": {
                        "living": {
                            "kpis": [{"name": "Water coverage", "unit": "percent"}],
                            "achievements": [{"description": "Electric buses on two routes"}],
                        }
                    }
                }
            },
        }
    )
    living = content.localized("en").pillars["living"]
    # Row 1 translated (numbers kept), row 2 not: Indonesian is the fallback.
    assert [(k.name, k.unit, k.target) for k in living.kpis] == [
        ("Water coverage", "percent", 90),
        ("Puskesmas daring", "", None),
    ]
    achievement = living.achievements[0]
    assert (achievement.year, achievement.title) == (2021, "Bus listrik")
    assert achievement.description == "Electric buses on two routes"


def test_an_empty_english_list_leaves_the_indonesian_rows() -> None:
    content = BoothContent.model_validate(
        {
            "title": "T",
            "pillars": {"living": {"summary": "x", "kpis": [{"name": "k"}]}},
            "translations": {"en": {"pillars": {"living": {"kpis": [], "summary": ""}}}},
        }
    )
    living = content.localized("en").pillars["living"]
    assert [k.name for k in living.kpis] == ["k"] and living.summary == "x"


def test_every_text_of_the_content_is_cleaned_at_every_level() -> None:
    hidden = "\u202e\u200b\u2066"
    content = BoothContent.model_validate(
        {
            "title": f"Kota{hidden} Bitung",
            "missions": [f"Misi{hidden}"],
            "pillars": {"economy": {"summary": f"A{hidden}", "programs": [{"name": f"P{hidden}"}]}},
            "contact": {"office": f"Dinas{hidden}"},
            "translations": {"en": {"tagline": f"Harbour{hidden}"}},
        }
    )
    assert content.title == "Kota Bitung" and content.missions == ["Misi"]
    assert content.pillars["economy"].summary == "A"
    assert content.pillars["economy"].programs[0].name == "P"
    assert content.contact is not None and content.contact.office == "Dinas"
    assert content.translations["en"].tagline == "Harbour"


def test_media_texts_in_english_and_a_draft_round_trips() -> None:
    raw = {
        "title": "T",
        "gallery": [7],
        "translations": {"en": {"media": {"7": {"caption": "The new pier", "title": ""}}}},
    }
    content = BoothContent.model_validate(raw)
    assert content.media_texts("en") == {7: {"caption": "The new pier"}}
    assert content.media_texts("id") == {}
    assert content.named_media_ids() == [7]
    stored = content_json(content)
    assert stored["translations"]["en"]["media"] == {"7": {"caption": "The new pier"}}
    assert content_json(BoothContent.model_validate(stored)) == stored
