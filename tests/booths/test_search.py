from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session

from app.booths.search import MARK_CLOSE, MARK_OPEN, SearchFilters, search_booths
from tests.factories import BundleFactory

Import = Callable[[Path], None]


@pytest.fixture
def two_booths(bundles: BundleFactory, import_bundles: Import) -> None:
    bundles.make(
        pillars={
            "economy": {
                "summary": "Perikanan dan pelabuhan samudra",
                "programs": [{"name": "Pasar ikan digital"}],
            }
        }
    )
    bundles.make(
        "kabupaten-toba",
        code="12.12",
        hall="danau-toba",
        title="Kabupaten Toba",
        welcome="Danau vulkanik terbesar.",
        pillars={
            "branding": {
                "summary": "Geopark kaldera",
                "quick_wins": [{"name": "Festival tenun ulos"}],
            }
        },
        translations={"en": {"tagline": "The caldera lake regency"}},
    )
    import_bundles(bundles.root)


def slugs(session: Session, query: str, **filters: object) -> list[int]:
    return [hit.booth_id for hit in search_booths(session, query, SearchFilters(**filters))]  # type: ignore[arg-type]


def test_matches_programmes_quick_wins_welcome_and_english(
    two_booths: None, session: Session
) -> None:
    assert len(slugs(session, "pasar ikan")) == 1
    assert len(slugs(session, "ulos")) == 1
    assert len(slugs(session, "vulkanik")) == 1
    assert len(slugs(session, "caldera")) == 1
    assert slugs(session, "pasar") != slugs(session, "ulos")
    assert slugs(session, "tidakadakatasemacamini") == []


def test_words_are_prefixes_and_snippets_mark_the_match(two_booths: None, session: Session) -> None:
    hits = search_booths(session, "perikan", SearchFilters())
    assert len(hits) == 1
    assert f"{MARK_OPEN}Perikanan{MARK_CLOSE}" in hits[0].snippet


def test_filters_by_hall_province_and_pillar(two_booths: None, session: Session) -> None:
    assert len(slugs(session, "", pillar="branding")) == 1
    assert len(slugs(session, "", pillar="economy")) == 1
    assert len(slugs(session, "", province_code="12")) == 1
    assert slugs(session, "pasar", province_code="12") == []
    assert len(slugs(session, "")) == 2


@pytest.mark.parametrize(
    "query", ['"', "AND OR NOT", "a*b", "(x", "NEAR(a b)", "'; DROP TABLE booth;--", "ä ö ü"]
)
def test_search_syntax_from_users_never_errors(
    two_booths: None, session: Session, query: str
) -> None:
    assert isinstance(search_booths(session, query, SearchFilters()), list)
