"""The page cache: keyed on the parameters a page uses, answered in front of the app."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.accounts.sessions import SESSION_COOKIE
from app.core.cache import MAX_PARAM_CHARS, PageParams
from app.core.cache_layer import PageView
from app.core.i18n import LANG_COOKIE
from app.core.shedding import InFlightLimit
from tests.factories import BundleFactory

JUNK = "x" * 60_000


@pytest.fixture
def exhibition(bundles: BundleFactory, import_bundles: Callable[[Path], None]) -> None:
    bundles.make()
    import_bundles(bundles.root)


@pytest.fixture
def views(app: FastAPI) -> list[PageView]:
    seen: list[PageView] = []
    app.state.page_view_hooks.append(seen.append)
    return seen


def entries(app: FastAPI) -> int:
    return len(app.state.page_cache._pages)


def test_used_query_keeps_declared_parameters_in_a_fixed_order() -> None:
    params = PageParams(("q", "hall"))
    assert params.used_query("hall=h&utm=1&q=a+b&lang=en&q=") == "q=a+b&hall=h&lang=en"
    assert params.used_query("q=" + "y" * 5000) == "q=" + "y" * MAX_PARAM_CHARS
    assert params.used_query("q=a&hall=h", keep_lang=False) == params.used_query("hall=h&q=a")
    once = params.used_query("zz=1&q=%C3%A9t%C3%A9&q=2&lang=id")
    assert params.used_query(once) == once


@pytest.mark.parametrize(
    "path", ["/booths/kota-bitung", "/", "/halls/likupang", "/search?q=bitung", "/about"]
)
def test_junk_parameters_share_one_entry_and_are_not_reflected(
    client: TestClient, app: FastAPI, exhibition: None, path: str
) -> None:
    joiner = "&" if "?" in path else "?"
    plain = client.get(path)
    assert plain.status_code == 200
    cached = entries(app)
    for n in range(5):
        junk = client.get(f"{path}{joiner}junk{n}={JUNK}&utm_source=n{n}")
        assert junk.status_code == 200
        assert junk.headers["etag"] == plain.headers["etag"]
        assert "junk" not in junk.text and "utm_source" not in junk.text
        assert len(junk.content) < len(plain.content) + 100
    assert entries(app) == cached


def test_a_used_parameter_is_capped_and_orders_do_not_split_the_cache(
    client: TestClient, app: FastAPI, exhibition: None
) -> None:
    first = client.get("/search?q=bitung&hall=likupang")
    cached = entries(app)
    second = client.get("/search?hall=likupang&utm=1&q=bitung")
    assert second.headers["etag"] == first.headers["etag"] and entries(app) == cached
    assert 'href="/booths/kota-bitung"' in first.text
    long = client.get("/search?q=" + "b" * 60_000)
    assert long.status_code == 200 and "b" * (MAX_PARAM_CHARS + 1) not in long.text
    canonical = client.get("/search?q=bitung&junk=1").text
    assert 'rel="canonical"' in canonical and "q=bitung" in canonical


def test_anonymous_hits_are_answered_in_front_of_the_app(
    client: TestClient, app: FastAPI, exhibition: None, views: list[PageView]
) -> None:
    first = client.get("/booths/kota-bitung")
    limit = in_flight_limit(app)
    limit.in_flight = limit.limit  # the app behind the cache accepts nothing now
    try:
        hit = client.get("/booths/kota-bitung?fbclid=1")
        assert hit.status_code == 200 and hit.content == first.content
        assert hit.headers["content-security-policy"] == first.headers["content-security-policy"]
        assert hit.headers["x-content-type-options"] == "nosniff"
        assert hit.headers["cache-control"] == first.headers["cache-control"]
        zipped = client.get("/booths/kota-bitung", headers={"Accept-Encoding": "gzip"})
        assert zipped.headers["content-encoding"] == "gzip" and zipped.content == first.content
        etag = first.headers["etag"]
        assert client.get("/booths/kota-bitung", headers={"If-None-Match": etag}).status_code == 304
        head = client.head("/booths/kota-bitung", headers={"Accept-Encoding": "identity"})
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == str(len(first.content))
        assert client.get("/search?q=bitung").status_code == 503  # not cached yet: shed
    finally:
        limit.in_flight = 0
    assert [(v.status_code, v.from_cache) for v in views] == [
        (200, False),
        (200, True),
        (200, True),
        (304, True),
        (200, True),
        (503, False),
    ]
    assert [v.scope["path"] for v in views].count("/booths/kota-bitung") == 5


def test_language_on_a_hit(client: TestClient, exhibition: None) -> None:
    client.get("/booths/kota-bitung?lang=en")
    client.cookies.clear()
    hit = client.get("/booths/kota-bitung?lang=en")
    assert '<html lang="en"' in hit.text and hit.headers["content-language"] == "en"
    assert f"{LANG_COOKIE}=en" in hit.headers["set-cookie"]
    again = client.get("/booths/kota-bitung")  # the cookie now chooses
    assert '<html lang="en"' in again.text and "set-cookie" not in again.headers


def test_a_session_skips_the_cache(
    client: TestClient, exhibition: None, views: list[PageView]
) -> None:
    client.get("/booths/kota-bitung")
    client.cookies.set(SESSION_COOKIE, "not-a-valid-session")
    page = client.get("/booths/kota-bitung?junk=" + JUNK)
    assert page.status_code == 200 and "junk" not in page.text
    assert len(views) == 1  # only the anonymous view


def test_cached_pages_may_be_kept_a_second_by_shared_caches_errors_not(
    client: TestClient, exhibition: None
) -> None:
    page = client.get("/booths/kota-bitung")
    assert page.headers["cache-control"] == "public, max-age=0, s-maxage=1"
    missing = client.get("/booths/no-such-booth")
    assert missing.status_code == 404 and missing.headers["cache-control"] == "no-cache"
    lobby = client.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert lobby.headers["content-encoding"] == "gzip" and lobby.text.startswith("<!doctype html")


def in_flight_limit(app: FastAPI) -> InFlightLimit:
    layer = app.middleware_stack
    while not isinstance(layer, InFlightLimit):
        layer = layer.app  # type: ignore[union-attr]  # each Starlette middleware wraps the next as .app
    return layer
