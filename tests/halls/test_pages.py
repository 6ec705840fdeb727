"""/halls: every hall in the organizer's order with its live booths, cached like the lobby."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.core.cache_layer import PAGE_CACHE_CONTROL
from app.halls.models import Hall
from tests.factories import BundleFactory


@pytest.fixture
def two_in_likupang(bundles: BundleFactory, import_bundles: Callable[[Path], None]) -> None:
    bundles.make()
    bundles.make("kota-manado", code="71.71", title="Kota Manado")
    import_bundles(bundles.root)


def test_halls_page_lists_halls_in_the_organizers_order_with_counts(
    client: TestClient, engine: Engine, two_in_likupang: None
) -> None:
    with Session(engine) as session:
        likupang = session.exec(select(Hall).where(Hall.slug == "likupang")).one()
        likupang.position = -1  # the organizer moved it first
        session.add(likupang)
        session.commit()
        hall_count = len(session.exec(select(Hall)).all())
    page = client.get("/halls")
    assert page.status_code == 200
    links = [line for line in page.text.splitlines() if 'class="hall-card__link"' in line]
    assert len(links) == hall_count
    assert 'href="/halls/likupang"' in links[0]
    first_card = page.text.split('href="/halls/likupang"')[1].split("</li>")[0]
    assert "2 anjungan" in first_card
    assert "Segera dibuka" in page.text  # a hall without live booths
    assert "2 booths" in client.get("/halls?lang=en").text


def test_halls_page_is_cached_with_an_etag_and_the_menu_points_at_it(
    client: TestClient, two_in_likupang: None
) -> None:
    page = client.get("/halls")
    assert page.headers["cache-control"] == PAGE_CACHE_CONTROL
    again = client.get("/halls", headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 304
    lobby = client.get("/").text
    assert '<a class="primary-nav__link" href="/halls"' in lobby and "/#halls" not in lobby
    assert 'aria-current="page"' in page.text.split('href="/halls"')[1].split(">")[0]


def test_the_menu_names_the_halls_page_in_the_plural_in_english(
    client: TestClient, two_in_likupang: None
) -> None:
    english = client.get("/halls?lang=en").text
    assert '<a class="primary-nav__link" href="/halls" aria-current="page">' in english
    nav = english.split('href="/halls" aria-current="page">', 1)[1].split("</a>", 1)[0]
    assert nav.endswith("Halls")
    assert "Aula</a>" in client.get("/halls?lang=id").text  # one word for both in Indonesian
