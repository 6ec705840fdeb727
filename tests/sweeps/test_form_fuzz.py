"""Hypothesis fuzzes every HTML form route (POST outside /api): never a 5xx.

Each route gets forms whose field names come from the templates' own inputs plus the
editor's dotted and numbered names, and whose values are odd on purpose (Unicode
digits, numbers past 64 bits, NaN, control and bidi characters, long text), sent by a
signed-in organizer with a valid CSRF token and by an anonymous visitor, to the real
objects of region A.
"""

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.paths import TEMPLATES_DIR
from tests.factories import csrf_token_on, sign_in
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
    "title",
    "tagline",
    "welcome",
    "logo",
    "banner",
    "period.start_year",
    "period.end_year",
    "pillars.governance.summary",
    "pillars.governance.kpis.0.baseline",
    "pillars.governance.kpis.0.year",
    "pillars.governance.kpis.0.order",
    "pillars.governance.achievements.0.year",
    "pillars.governance.programs.0.horizon",
    "translations.en.title",
    "contact.website",
    "comment-identity",
]
ODD = st.sampled_from(
    [
        "²",
        "٣",
        "１２",
        "-0",
        "9223372036854775808",
        "18446744073709551616",
        "1e309",
        "NaN",
        "-Infinity",
        "0x10",
        "\u202eevil",
        "\x00",
        "a" * 5000,
        "",
        " ",
        "approve",
        "approved",
        "organizer",
        "71.72",
        "https://vimeo.com/٣٣",
    ]
)
VALUES = st.one_of(ODD, st.text(max_size=30))


def form_routes(app: FastAPI) -> list[str]:
    return [
        template
        for method, template in route_table(app)
        if method == "POST"
        and not template.startswith("/api/")
        and (method, template) not in SESSION_ENDING
    ]


def names_for(world: World) -> st.SearchStrategy[str]:
    media = world.ids["media_id"]
    return st.one_of(
        st.sampled_from(TEMPLATE_NAMES + EDITOR_NAMES + [f"position-{media}", f"keep-{media}"]),
        st.builds(lambda n: f"position-{n}", ODD),
    )


def _routes() -> list[str]:
    from app.core.config import Settings
    from app.main import create_app

    app = create_app(
        Settings(database_url="sqlite://", secret_key="k", storage_url="file:///tmp/unused")
    )
    return form_routes(app)


@pytest.fixture(scope="module")
def organizer(world_app: FastAPI, world: World) -> Iterator[tuple[TestClient, str]]:
    with TestClient(world_app, raise_server_exceptions=False) as client:
        yield client, sign_in(client, world.emails["organizer"])


@pytest.fixture(scope="module")
def anonymous(world_app: FastAPI) -> Iterator[tuple[TestClient, str]]:
    with TestClient(world_app, raise_server_exceptions=False) as client:
        yield client, csrf_token_on(client, "/login")


@pytest.mark.parametrize("who", ["organizer", "anonymous"])
@pytest.mark.parametrize("template", _routes())
def test_no_form_answers_5xx(
    request: pytest.FixtureRequest, world: World, template: str, who: str
) -> None:
    client, csrf = request.getfixturevalue(who)
    path = real_path(template, world)

    @given(fields=st.dictionaries(names_for(world), VALUES, max_size=8))
    @settings(suppress_health_check=list(HealthCheck), deadline=None)
    def run(fields: dict[str, str]) -> None:
        response = client.post(path, data={**fields, "csrf_token": csrf}, follow_redirects=False)
        assert response.status_code < 500, f"POST {path} {fields!r} → {response.status_code}"

    run()
