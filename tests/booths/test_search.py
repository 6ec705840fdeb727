from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlmodel import Session

from app.booths.search import MARK_CLOSE, MARK_OPEN, SearchFilters, search_booths, suggest_query
from app.core.migrate import alembic_config
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
    return [hit.booth_id for hit in search_booths(session, query, SearchFilters(**filters))]  # type: ignore[arg-type]  # each test passes its filter's own type


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


def test_a_pillar_filter_limits_the_words_to_that_pillar(
    two_booths: None, session: Session
) -> None:
    # "pelabuhan" is in the first booth's economy text; its branding is empty, the other
    # booth's branding is filled in: neither may match "pelabuhan" under branding.
    assert len(slugs(session, "pelabuhan", pillar="economy")) == 1
    assert slugs(session, "pelabuhan", pillar="branding") == []
    assert slugs(session, "ulos", pillar="economy") == []
    assert len(slugs(session, "ulos", pillar="branding")) == 1
    # Text outside the pillars (the welcome) is not any pillar's.
    assert slugs(session, "vulkanik", pillar="branding") == []


def test_a_pillar_filtered_snippet_comes_from_that_pillar(
    two_booths: None, session: Session
) -> None:
    (hit,) = search_booths(session, "pasar", SearchFilters(pillar="economy"))
    assert f"{MARK_OPEN}Pasar{MARK_CLOSE}" in hit.snippet


def test_a_misspelt_query_gets_a_suggestion_that_finds_booths(
    two_booths: None, session: Session
) -> None:
    assert slugs(session, "pelabuhn") == []
    assert suggest_query(session, "pelabuhn", SearchFilters()) == "pelabuhan"
    assert suggest_query(session, "pasar ikann", SearchFilters()) == "pasar ikan"
    # Only a word that exists where the filter looks, and only when it finds something.
    assert suggest_query(session, "pelabuhn", SearchFilters(pillar="branding")) is None
    assert suggest_query(session, "pelabuhn", SearchFilters(pillar="economy")) == "pelabuhan"
    assert suggest_query(session, "zzqxwv", SearchFilters()) is None


def test_the_per_pillar_migration_reindexes_live_booths_both_ways(
    two_booths: None, engine: Engine, session: Session
) -> None:
    config = alembic_config()

    def to(revision: str, step: Callable[..., None]) -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)

    to("0005", command.downgrade)  # the old layout: every text in `body`, one FTS column
    with engine.connect() as connection:
        bodies = connection.execute(text("SELECT body FROM booth_search_document")).scalars()
        assert any("Perikanan dan pelabuhan samudra" in body for body in bodies)
    to("head", command.upgrade)  # rebuilt per pillar from the live revisions
    session.rollback()
    assert len(slugs(session, "pelabuhan", pillar="economy")) == 1
    assert slugs(session, "pelabuhan", pillar="branding") == []
    assert suggest_query(session, "pelabuhn", SearchFilters()) == "pelabuhan"
