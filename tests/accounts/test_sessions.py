"""Credentials end with what should end them: sessions, API tokens, reset links."""

import re

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.accounts.sessions import SESSION_COOKIE
from app.accounts.throttle import RESETS_PER_ACCOUNT, RESETS_PER_ADDRESS
from app.notifications.models import Notification
from tests.accounts.test_pages import login
from tests.factories import PASSWORD, bearer_headers, csrf_token_on, make_user, sign_in


@pytest.fixture
def editor(session: Session) -> User:
    return make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))


def ask_reset(client: TestClient, email: str) -> httpx2.Response:
    token = csrf_token_on(client, "/password-reset")
    return client.post("/password-reset", data={"email": email, "csrf_token": token})


def reset_links(client: TestClient) -> list[str]:
    """The reset links mailed so far, oldest first."""
    app = client.app
    assert isinstance(app, FastAPI)
    with Session(app.state.engine) as db:
        links = db.exec(
            select(Notification.link)
            .where(Notification.kind == "password_reset")
            .order_by(col(Notification.id))
        ).all()
    return [link for link in links if link is not None]


def use_reset(client: TestClient, path: str, password: str) -> httpx2.Response:
    data = {"password": password, "password_again": password}
    token = csrf_token_on(client, "/password-reset")  # this browser's, valid on any form
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def reset_password(client: TestClient, email: str, password: str) -> None:
    """The whole reset, in this browser: ask, open the newest link, set the password."""
    assert ask_reset(client, email).status_code == 200
    assert use_reset(client, reset_links(client)[-1], password).status_code == 303


def test_a_session_cookie_is_dead_after_sign_out(
    client: TestClient, app: FastAPI, editor: User
) -> None:
    csrf = sign_in(client, editor.email)
    stolen = client.cookies[SESSION_COOKIE]
    client.post("/logout", data={"csrf_token": csrf})
    with TestClient(app, cookies={SESSION_COOKIE: stolen}) as replay:
        assert replay.get("/workspace", follow_redirects=False).status_code == 303
        assert replay.get("/api/v1/workspace/booths").status_code == 401


def test_sign_out_everywhere_ends_every_session_server_side(app: FastAPI, editor: User) -> None:
    with TestClient(app) as phone, TestClient(app) as laptop:
        sign_in(phone, editor.email)
        stolen = phone.cookies[SESSION_COOKIE]
        csrf = sign_in(laptop, editor.email)
        laptop.post("/account/sign-out-everywhere", data={"csrf_token": csrf})
        for client in (phone, laptop):
            assert client.get("/api/v1/workspace/booths").status_code == 401
    with TestClient(app, cookies={SESSION_COOKIE: stolen}) as replay:
        assert replay.get("/api/v1/workspace/booths").status_code == 401


def test_signing_in_again_ends_the_browsers_previous_session(
    client: TestClient, app: FastAPI, editor: User
) -> None:
    sign_in(client, editor.email)
    before = client.cookies[SESSION_COOKIE]
    sign_in(client, editor.email)
    with TestClient(app, cookies={SESSION_COOKIE: before}) as replay:
        assert replay.get("/api/v1/workspace/booths").status_code == 401
    assert client.get("/api/v1/workspace/booths").status_code == 200


def test_a_password_reset_revokes_api_tokens_and_sessions(
    client: TestClient, app: FastAPI, session: Session, editor: User
) -> None:
    headers = bearer_headers(session, {"editor": editor})["editor"]
    with TestClient(app) as old_device:
        sign_in(old_device, editor.email)
        assert old_device.get("/api/v1/workspace/booths").status_code == 200
        reset_password(client, editor.email, "sandi pengganti panjang")
        assert old_device.get("/api/v1/workspace/booths").status_code == 401
    assert client.get("/api/v1/workspace/booths", headers=headers).status_code == 401


def test_a_password_change_revokes_api_tokens(
    client: TestClient, session: Session, editor: User
) -> None:
    headers = bearer_headers(session, {"editor": editor})["editor"]
    csrf = sign_in(client, editor.email)
    new = "sandi baru sekali"
    client.post(
        "/account/password",
        data={"current": PASSWORD, "password": new, "password_again": new, "csrf_token": csrf},
    )
    assert client.get("/api/v1/workspace/booths").status_code == 200  # this session goes on
    assert client.get("/api/v1/workspace/booths", headers=headers).status_code == 401


def test_only_the_newest_reset_link_works_and_only_once(client: TestClient, editor: User) -> None:
    ask_reset(client, editor.email)
    ask_reset(client, editor.email)
    first, second = reset_links(client)
    assert client.get(first).status_code == 404  # a newer link was issued
    assert use_reset(client, first, "sandi dari tautan lama").status_code == 404
    assert use_reset(client, second, "sandi dari tautan baru").status_code == 303
    assert client.get(second).status_code == 404  # used
    assert login(client, editor.email, "sandi dari tautan baru").status_code == 303


def test_a_used_reset_ends_every_other_open_link(
    client: TestClient, app: FastAPI, editor: User
) -> None:
    ask_reset(client, editor.email)
    (link,) = reset_links(client)
    with TestClient(app) as other:
        # Open the form first, as someone holding the link in another tab would.
        token = csrf_token_on(other, link)
        assert use_reset(client, link, "sandi yang pertama").status_code == 303
        late = other.post(
            link,
            data={"password": "x" * 12, "password_again": "x" * 12, "csrf_token": token},
            follow_redirects=False,
        )
        assert late.status_code == 404


def test_reset_requests_are_throttled_per_account_alike_for_unknown_accounts(
    app: FastAPI, editor: User
) -> None:
    answers = {}
    for n, email in enumerate((editor.email, "siapa@nowhere.go.id")):
        with TestClient(app, client=(f"192.0.2.{n + 1}", 50000)) as client:
            responses = [ask_reset(client, email) for _ in range(30)]
            answers[email] = [(r.status_code, r.text) for r in responses]
            statuses = [r.status_code for r in responses]
            assert statuses[: RESETS_PER_ACCOUNT.hits] == [200] * RESETS_PER_ACCOUNT.hits
            assert set(statuses[RESETS_PER_ACCOUNT.hits :]) == {429}
            if email == editor.email:
                links = reset_links(client)
                assert len(links) == RESETS_PER_ACCOUNT.hits
                live = [link for link in links if client.get(link).status_code == 200]
                assert live == links[-1:]
    strip = lambda html: re.sub(r'(value|content)="[^"]*"', "", html)  # noqa: E731  (tokens)
    known, unknown = answers.values()
    assert [(s, strip(t)) for s, t in known] == [(s, strip(t)) for s, t in unknown]


def test_reset_requests_are_throttled_per_address(client: TestClient) -> None:
    statuses = [ask_reset(client, f"orang{n}@x.go.id").status_code for n in range(20)]
    assert statuses.index(429) == RESETS_PER_ADDRESS.hits and statuses[-1] == 429
    assert "terlalu banyak permintaan" in ask_reset(client, "lain@x.go.id").text.lower()
