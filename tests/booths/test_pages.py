from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.core.config import Settings
from app.core.i18n import LANG_COOKIE
from tests.factories import BundleFactory

Import = Callable[[Path], None]


@pytest.fixture
def exhibition(bundles: BundleFactory, import_bundles: Import) -> None:
    bundles.make(featured=True)
    bundles.make(
        "kota-manado",
        code="71.71",
        title="Kota Manado",
        tagline="Kota tinutuan",
        translations={"en": {"tagline": "The tinutuan city"}},
    )
    import_bundles(bundles.root)


def test_lobby_shows_halls_featured_booths_and_the_map(
    client: TestClient, exhibition: None
) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-language"] == "id"
    html = page.text
    assert '<html lang="id"' in html
    assert 'href="/halls/likupang"' in html and 'href="/halls/danau-toba"' in html
    assert 'href="/booths/kota-bitung"' in html and 'href="/booths/kota-manado"' in html
    # The map: an svg of its own, with a linked dot for each participating region.
    start = html.index('<svg class="map__svg"')
    map_svg = html[start : html.index("</svg>", start)]
    assert map_svg.count('<a class="map__region') == map_svg.count('class="map__dot"') == 2
    assert 'href="/booths/kota-bitung"' in map_svg and 'href="/booths/kota-manado"' in map_svg


def test_hall_lists_its_booths_and_unknown_halls_are_404(
    client: TestClient, exhibition: None
) -> None:
    html = client.get("/halls/likupang").text
    assert html.index("Kota Bitung") < html.index("Kota Manado")
    assert "Kota Bitung" not in client.get("/halls/danau-toba").text
    missing = client.get("/halls/tidak-ada")
    assert missing.status_code == 404 and 'href="/"' in missing.text


def test_booth_page_shows_the_master_plan(client: TestClient, exhibition: None) -> None:
    page = client.get("/booths/kota-bitung")
    html = page.text
    assert page.status_code == 200
    for text in [
        "Kota Bitung",
        "Kota pelabuhan di ujung utara Sulawesi",
        "Mal pelayanan publik digital",
        "Satu data daerah",
        "Aduan warga daring",
        "Layanan daring",
        "Ringkasan masterplan",
    ]:
        assert text in html
    assert "srcset=" in html and 'loading="lazy"' in html
    assert "/theme/0b5fa5.css" in html
    assert 'href="/booths/kota-manado"' in html  # walk the hall
    assert client.get("/booths/tidak-ada").status_code == 404


def test_english_on_request_and_remembered(client: TestClient, exhibition: None) -> None:
    page = client.get("/booths/kota-manado?lang=en")
    assert page.status_code == 200 and '<html lang="en"' in page.text
    assert "The tinutuan city" in page.text
    assert page.cookies.get(LANG_COOKIE) == "en"
    again = client.get("/booths/kota-manado")
    assert '<html lang="en"' in again.text
    assert "Kota tinutuan" in client.get("/booths/kota-manado?lang=id").text


def test_etag_and_304(client: TestClient, exhibition: None) -> None:
    first = client.get("/booths/kota-bitung")
    etag = first.headers["etag"]
    cached = client.get("/booths/kota-bitung", headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.headers["etag"] == etag
    assert (
        client.get("/booths/kota-bitung", headers={"If-None-Match": '"other"'}).status_code == 200
    )


def test_publication_changes_cached_pages_at_once(
    client: TestClient, bundles: BundleFactory, import_bundles: Import, exhibition: None
) -> None:
    etag = client.get("/booths/kota-bitung").headers["etag"]
    import_bundles(bundles.make(tagline="Tagline terbaru").parent)
    page = client.get("/booths/kota-bitung", headers={"If-None-Match": etag})
    assert page.status_code == 200 and "Tagline terbaru" in page.text


def test_search_page_highlights_matches_and_filters(client: TestClient, exhibition: None) -> None:
    html = client.get("/search?q=tinutuan").text
    assert 'href="/booths/kota-manado"' in html and "<mark>" in html
    assert 'href="/booths/kota-bitung"' not in html
    assert client.get("/search?q=%22%28*").status_code == 200
    assert client.get("/search?pillar=governance&province=71&hall=likupang").status_code == 200


def test_compare_shows_booths_side_by_side(client: TestClient, exhibition: None) -> None:
    for query in ["booths=kota-bitung,kota-manado", "booths=kota-bitung&booths=kota-manado"]:
        html = client.get(f"/compare?{query}").text
        assert "Kota Bitung" in html and "Kota Manado" in html and "Smart Governance" in html
    assert client.get("/compare?booths=tidak-ada").status_code == 200


def test_booth_page_query_count_does_not_grow_with_media(
    client: TestClient, app: FastAPI, bundles: BundleFactory, import_bundles: Import
) -> None:
    bundles.make(gallery=1)
    bundles.make("kota-manado", code="71.71", title="Kota Manado", gallery=12)
    import_bundles(bundles.root)
    client.get("/")  # the page frame is read once per publication epoch, not per page
    counts = {}
    for slug in ("kota-bitung", "kota-manado"):
        statements: list[str] = []

        def listener(*args: Any, statements: list[str] = statements) -> None:
            statements.append(args[2])

        event.listen(app.state.engine, "before_cursor_execute", listener)
        app.state.page_cache.clear()
        assert client.get(f"/booths/{slug}").status_code == 200
        event.remove(app.state.engine, "before_cursor_execute", listener)
        counts[slug] = len(statements)
    assert counts["kota-bitung"] == counts["kota-manado"] <= 8


def test_security_headers(client: TestClient, exhibition: None) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in headers  # only over HTTPS
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_about_page_carries_the_data_attribution(client: TestClient) -> None:
    html = client.get("/about").text
    assert "Open Database License" in html and "idn-area-data" in html and 'id="data"' in html


def test_server_errors_get_a_friendly_page(app: FastAPI, settings: Settings) -> None:
    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/boom")
        api = client.get("/api/v1/booths", params={"limit": "x"})
    assert page.status_code == 500 and 'href="/"' in page.text and "kaboom" not in page.text
    assert api.status_code == 422


def test_search_suggests_a_spelling_that_finds_booths(client: TestClient, exhibition: None) -> None:
    html = client.get("/search?q=tinutan").text
    assert 'href="/booths/kota-manado"' not in html
    assert '<a href="/search?q=tinutuan"><strong>tinutuan</strong></a>' in html
    filtered = client.get("/search?q=tinutan&province=71").text
    assert 'href="/search?q=tinutuan&amp;province=71"' in filtered
    assert "<strong>tinutuan</strong>" not in client.get("/search?q=tinutuan").text


def test_a_video_link_gets_a_drawn_poster_not_the_platforms_thumbnail(
    client: TestClient, bundles: BundleFactory, import_bundles: Import
) -> None:
    bundles.make(videos=["https://www.youtube.com/watch?v=dQw4w9WgXcQ"])
    import_bundles(bundles.root)
    html = client.get("/booths/kota-bitung").text
    facade = html.split('class="video-facade', 1)[1].split("</div>", 1)[0]
    assert facade.startswith(' video-facade--drawn"')
    assert 'class="video-facade__platform" aria-hidden="true">YouTube<' in facade
    assert "<img" not in facade
    assert "ytimg" not in html and "img.youtube" not in html


def test_heroes_draw_a_dot_for_each_participating_region(
    client: TestClient, exhibition: None
) -> None:
    for path, dots in [("/", 2), ("/halls", 2), ("/halls/likupang", 2), ("/halls/danau-toba", 0)]:
        hero = client.get(path).text.split('class="hero__art"', 1)[1].split("</div>", 1)[0]
        assert hero.count("<circle") == dots, path
