"""/static/… and /theme/{hex}.css over HTTP: status, content type, caching, and 404s."""

import gzip
import re

import pytest
from fastapi.testclient import TestClient

from app.core.paths import STATIC_DIR
from app.core.static import IMMUTABLE
from app.core.templating import static_url

TEXT_FILES = [
    ("css/pameran.css", "text/css"),
    ("js/pameran.js", "text/javascript"),
    ("favicon.svg", "image/svg+xml"),
]


@pytest.mark.parametrize(("path", "media_type"), TEXT_FILES)
def test_static_text_is_gzipped_and_cached_for_a_year(
    client: TestClient, path: str, media_type: str
) -> None:
    response = client.get(static_url(path), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.content == (STATIC_DIR / path).read_bytes()  # httpx undid the gzip


def test_static_without_gzip_is_the_file_itself(client: TestClient) -> None:
    response = client.get("/static/css/pameran.css", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert "content-encoding" not in response.headers
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.content == (STATIC_DIR / "css/pameran.css").read_bytes()
    raw = client.get("/static/css/pameran.css", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(gzip.compress(raw.content)) == response.content


def test_a_binary_static_file_keeps_its_type(client: TestClient) -> None:
    response = client.get("/static/favicon.ico", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert "content-encoding" not in response.headers
    assert response.headers["cache-control"] == IMMUTABLE


def test_the_cache_busting_url_names_the_files_hash(client: TestClient) -> None:
    assert re.fullmatch(r"/static/js/pameran\.js\?v=[0-9a-f]{10}", static_url("js/pameran.js"))


@pytest.mark.parametrize(
    "path", ["/static/nope.css", "/static/../app/main.py", "/static/%2e%2e/pyproject.toml"]
)
def test_missing_or_escaping_static_paths_are_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_theme_is_a_cacheable_stylesheet_of_readable_colours(client: TestClient) -> None:
    response = client.get("/theme/0b5fa5.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    css = response.text
    assert "--booth-accent-bg:#0b5fa5;" in css
    assert re.search(r"--booth-accent:#[0-9a-f]{6};", css)
    assert re.search(r"--booth-on-accent:#[0-9a-f]{6}\}", css)
    # A pale colour is darkened for text on white; its own text colour is dark.
    pale = client.get("/theme/ffff00.css").text
    assert "--booth-accent:#ffff00;" not in pale and "--booth-accent-bg:#ffff00;" in pale


@pytest.mark.parametrize(
    "hex_color",
    ["0B5FA5", "0b5fa", "0b5fa5a", "zzzzzz", "0b5fa5%0A", "%20b5fa5", "٠b5fa5", "0b5fa5%00"],
)
def test_a_bad_theme_colour_is_404(client: TestClient, hex_color: str) -> None:
    response = client.get(f"/theme/{hex_color}.css")
    assert response.status_code == 404
    assert "text/css" not in response.headers.get("content-type", "")
