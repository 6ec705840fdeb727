"""Hypothesis fuzzes every HTML form route (POST outside /api): never a 5xx.

Each route gets the fields its own forms carry (read from the pages an organizer
sees, so a form's real names reach the handler), plus the editor's dotted and
numbered names and any name a template uses, with values that are odd on purpose
(Unicode digits, numbers past 64 bits, NaN and 1e309, control and bidi characters,
long text, empty). They are sent by a signed-in organizer with a valid CSRF token and
by an anonymous visitor, to the real objects of region A. The number of examples per
route follows the Hypothesis profile (`SWEEP` in tests/sweeps/conftest.py).
"""

import re
from collections import defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from app.core.paths import TEMPLATES_DIR
from tests.factories import csrf_token_on, sign_in
from tests.sweeps.conftest import SWEEP, app_without_database
from tests.sweeps.test_authorization_matrix import SESSION_ENDING, real_path, route_table
from tests.world import World

TEMPLATE_NAMES = sorted(
    {
        name
        for path in TEMPLATES_DIR.rglob("*.html")
        for name in re.findall(r'name="([a-z_][a-z0-9_.-]*)"', path.read_text())
    }
    - {"csrf_token", "csrf-token", "viewport", "robots"}
)
EDITOR_NAMES = [
    "period.start",
    "period.end",
    "pillars.governance.summary",
    "pillars.governance.kpis.0.baseline",
    "pillars.governance.kpis.0.year",
    "pillars.governance.kpis.0.order",
    "pillars.governance.kpis.9223372036854775808.year",
    "pillars.governance.achievements.0.year",
    "pillars.governance.programs.0.horizon",
    "translations.en.title",
    "contact.website",
]
ODD = st.sampled_from(
    [
        "²",
        "٣",
        "１２",
        "-0",
        "-1",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "1" * 400,
        "1e309",
        "NaN",
        "-Infinity",
        "0x10",
        "1_000",
        "\u202eevil",
        "\u2066x\u2069",
        "\x00",
        "\x1b[31m",
        "a\r\nb",
        "a" * 5000,
        "",
        " ",
        "approve",
        "reject",
        "approved",
        "organizer",
        "region-editor",
        "en",
        "2026-02-30T25:61",
        "9999-12-31T23:59",
        "71.72",
        "kota-bitung",
        "https://vimeo.com/٣٣",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "#zzzzzz",
    ]
)
VALUES = st.one_of(ODD, st.text(max_size=30))
SKIPPED_NAMES = {"csrf_token", "file"}  # the token stays valid; files go through tests/media


class FormFields(HTMLParser):
    """action path → the names of that form's inputs, selects and textareas."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.fields: dict[str, set[str]] = defaultdict(set)
        self.action: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and (found.get("method") or "").lower() == "post":
            self.action = (found.get("action") or self.page_path).split("#")[0].split("?")[0]
        elif tag in {"input", "select", "textarea", "button"} and self.action and found.get("name"):
            self.fields[self.action].add(str(found["name"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.action = None


def form_routes(app: FastAPI) -> list[str]:
    return [
        template
        for method, template in route_table(app)
        if method == "POST"
        and not template.startswith("/api/")
        and (method, template) not in SESSION_ENDING
    ]


ROUTES = form_routes(app_without_database())


@pytest.fixture(scope="module")
def organizer(world_app: FastAPI, world: World) -> Iterator[tuple[TestClient, str]]:
    with TestClient(world_app, raise_server_exceptions=False) as client:
        yield client, sign_in(client, world.emails["organizer"])


@pytest.fixture(scope="module")
def anonymous(world_app: FastAPI) -> Iterator[tuple[TestClient, str]]:
    with TestClient(world_app, raise_server_exceptions=False) as client:
        yield client, csrf_token_on(client, "/login")


@pytest.fixture(scope="module")
def page_fields(
    world_app: FastAPI, world: World, organizer: tuple[TestClient, str]
) -> dict[str, set[str]]:
    """The fields of every POST form on every page the organizer can open."""
    client, _csrf = organizer
    fields: dict[str, set[str]] = defaultdict(set)
    for method, template in route_table(world_app):
        path = real_path(template, world)
        if method != "GET" or path.startswith(("/api/", "/media/")) or path.endswith(".csv"):
            continue
        response = client.get(path)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        parser = FormFields(path)
        parser.feed(response.text)
        for action, names in parser.fields.items():
            fields[action] |= names - SKIPPED_NAMES
    return fields


def test_the_pages_show_the_forms_the_sweep_fills(
    page_fields: dict[str, set[str]], world: World
) -> None:
    """A guard against a sweep that sends only made-up names: most form routes are
    reached from a form whose field names the sweep then uses."""
    reached = [t for t in ROUTES if page_fields.get(real_path(t, world))]
    assert len(reached) >= len(ROUTES) // 2, sorted(set(ROUTES) - set(reached))
    assert {"title", "tagline"} <= page_fields[real_path("/workspace/booths/{slug}", world)]


def fields_for(names: set[str], world: World) -> st.SearchStrategy[dict[str, str]]:
    media = world.ids["media_id"]
    extra_names = st.one_of(
        st.sampled_from(TEMPLATE_NAMES + EDITOR_NAMES + [f"position-{media}", f"keep-{media}"]),
        st.builds(lambda n: f"position-{n}", ODD),
    )
    own = st.fixed_dictionaries({}, optional={name: VALUES for name in sorted(names)})
    extra = st.dictionaries(extra_names, VALUES, max_size=4)
    return st.builds(lambda a, b: {**b, **a}, own, extra)


@pytest.mark.parametrize("who", ["organizer", "anonymous"])
@pytest.mark.parametrize("template", ROUTES)
def test_no_form_answers_5xx(
    request: pytest.FixtureRequest,
    world: World,
    page_fields: dict[str, set[str]],
    template: str,
    who: str,
) -> None:
    client, csrf = request.getfixturevalue(who)
    path = real_path(template, world)

    @given(fields=fields_for(page_fields.get(path, set()), world))
    @SWEEP
    def run(fields: dict[str, str]) -> None:
        response = client.post(path, data={**fields, "csrf_token": csrf}, follow_redirects=False)
        assert response.status_code < 500, f"POST {path} {fields!r} → {response.status_code}"

    run()
