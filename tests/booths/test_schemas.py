from app.booths.schemas import BoothContent


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


def test_empty_english_lists_count_as_given() -> None:
    content = BoothContent.model_validate(
        {
            "title": "T",
            "pillars": {"living": {"summary": "x", "kpis": [{"name": "k"}]}},
            "translations": {"en": {"pillars": {"living": {"kpis": []}}}},
        }
    )
    assert content.localized("en").pillars["living"].kpis == []


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
