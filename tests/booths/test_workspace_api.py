"""The workspace API (API.md, "Region workspace"): per-object access and drafts."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.tokens import create_token
from tests.factories import BundleFactory, make_user, sign_in


@pytest.fixture
def setup(
    session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> dict[str, str]:
    bundles.make()
    bundles.make("kota-manado", code="71.71", title="Kota Manado")
    import_bundles(bundles.root)
    editor = make_user(session, "editor@bitung.go.id", "region-editor", regions=("71.72",))
    organizer = make_user(session, "org@pameran.go.id", "organizer")
    tokens = {}
    for user in (editor, organizer):
        _row, tokens[user.role] = create_token(session, user)
    session.commit()
    return tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_anonymous_callers_get_401(client: TestClient) -> None:
    assert client.get("/api/v1/workspace/booths").status_code == 401
    assert client.get("/api/v1/workspace/booths/kota-bitung/draft").status_code == 401
    assert client.get("/api/v1/workspace/booths", headers=bearer("pmr_nope")).status_code == 401


def test_anonymous_writes_get_401_not_a_csrf_refusal(
    client: TestClient, setup: dict[str, str]
) -> None:
    """Without a token or a session there is nothing to forge: 401, as for reads."""
    client.cookies.set("pameran_session", "not-a-signed-session")
    assert (
        client.put("/api/v1/workspace/booths/kota-bitung/draft", json={"title": "x"}).status_code
        == 401
    )
    assert client.post("/api/v1/workspace/booths/kota-bitung/submissions").status_code == 401
    unpublish = "/api/v1/moderation/booths/kota-bitung/unpublish"
    assert client.post(unpublish, json={"reason": "x"}).status_code == 401
    client.cookies.clear()
    assert client.post(unpublish, json={"reason": "x"}).status_code == 401
    assert client.get("/api/v1/booths/kota-bitung").status_code == 200


def test_editors_see_only_their_booths(client: TestClient, setup: dict[str, str]) -> None:
    mine = client.get("/api/v1/workspace/booths", headers=bearer(setup["region-editor"])).json()
    assert mine == [
        {
            "slug": "kota-bitung",
            "region": {"code": "71.72", "name": "Kota Bitung"},
            "hall": "likupang",
            "live_revision": 1,
            "open_submission": None,
        }
    ]
    every = client.get("/api/v1/workspace/booths", headers=bearer(setup["organizer"])).json()
    assert {b["slug"] for b in every} == {"kota-bitung", "kota-manado"}


def test_another_regions_draft_is_404(client: TestClient, setup: dict[str, str]) -> None:
    headers = bearer(setup["region-editor"])
    assert (
        client.get("/api/v1/workspace/booths/kota-manado/draft", headers=headers).status_code == 404
    )
    put = client.put(
        "/api/v1/workspace/booths/kota-manado/draft", json={"title": "x"}, headers=headers
    )
    assert put.status_code == 404
    organizer = bearer(setup["organizer"])
    assert (
        client.get("/api/v1/workspace/booths/kota-manado/draft", headers=organizer).status_code
        == 200
    )


def test_a_draft_can_be_put_back_unchanged(client: TestClient, setup: dict[str, str]) -> None:
    headers = bearer(setup["region-editor"])
    draft = client.get("/api/v1/workspace/booths/kota-bitung/draft", headers=headers).json()
    assert draft["title"] == "Kota Bitung" and isinstance(draft["logo"], int)
    put = client.put("/api/v1/workspace/booths/kota-bitung/draft", json=draft, headers=headers)
    assert put.status_code == 200 and put.json() == draft


@pytest.mark.parametrize(
    "body",
    [
        {"tagline": "no title"},
        {"title": ""},
        {"title": "x" * 121},
        {"title": "ok", "unknown": 1},
        {"title": "ok", "pillars": {"weather": {}}},
        {
            "title": "ok",
            "pillars": {"economy": {"programs": [{"name": "x", "horizon": "forever"}]}},
        },
        {"title": "ok", "theme_color": "red"},
        {"title": "ok", "welcome": "x" * 20001},
    ],
)
def test_invalid_drafts_are_422_and_change_nothing(
    client: TestClient, setup: dict[str, str], body: dict
) -> None:
    headers = bearer(setup["region-editor"])
    before = client.get("/api/v1/workspace/booths/kota-bitung/draft", headers=headers).json()
    assert (
        client.put(
            "/api/v1/workspace/booths/kota-bitung/draft", json=body, headers=headers
        ).status_code
        == 422
    )
    assert (
        client.get("/api/v1/workspace/booths/kota-bitung/draft", headers=headers).json() == before
    )


def test_media_of_another_booth_is_refused(client: TestClient, setup: dict[str, str]) -> None:
    organizer = bearer(setup["organizer"])
    manado = client.get("/api/v1/workspace/booths/kota-manado/draft", headers=organizer).json()
    headers = bearer(setup["region-editor"])
    body = {"title": "Kota Bitung", "gallery": [manado["logo"]]}
    response = client.put("/api/v1/workspace/booths/kota-bitung/draft", json=body, headers=headers)
    assert response.status_code == 422 and "pustaka media" in response.json()["detail"]


def test_session_calls_need_the_csrf_header(client: TestClient, setup: dict[str, str]) -> None:
    csrf = sign_in(client, "editor@bitung.go.id")
    url = "/api/v1/workspace/booths/kota-bitung/draft"
    assert client.put(url, json={"title": "Baru"}).status_code == 403
    assert client.get(url).json()["title"] == "Kota Bitung"
    assert (
        client.put(url, json={"title": "Baru"}, headers={"X-CSRF-Token": csrf}).status_code == 200
    )
    assert client.get(url).json() == {"title": "Baru"}


def test_editing_the_draft_never_touches_the_live_booth(
    client: TestClient, setup: dict[str, str]
) -> None:
    headers = bearer(setup["region-editor"])
    client.put(
        "/api/v1/workspace/booths/kota-bitung/draft", json={"title": "Draf saja"}, headers=headers
    )
    assert client.get("/api/v1/booths/kota-bitung").json()["content"]["title"] == "Kota Bitung"
    assert "Draf saja" not in client.get("/booths/kota-bitung").text
