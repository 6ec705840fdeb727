"""Browser sign-in (API.md): CSRF, identical failures, throttling, sessions, tokens."""

import re

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import User
from app.accounts.sessions import SESSION_COOKIE
from app.accounts.throttle import MAX_FAILURES
from app.core.csrf import CSRF_COOKIE
from tests.factories import PASSWORD, csrf_token_on, first_group, make_user, sign_in


@pytest.fixture
def editor(session: Session) -> User:
    return make_user(session, "editor@bitung.go.id", "region-editor", regions=("71.72",))


def login(
    client: TestClient, email: str, password: str, token: str | None = None
) -> httpx2.Response:
    token = token if token is not None else csrf_token_on(client, "/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def test_post_without_csrf_token_is_403_and_signs_nobody_in(
    client: TestClient, editor: User
) -> None:
    response = login(client, editor.email, PASSWORD, token="")
    assert response.status_code == 403 and SESSION_COOKIE not in response.cookies
    forged = login(client, editor.email, PASSWORD, token="forged.token.value")
    assert forged.status_code == 403


def test_wrong_credentials_get_the_same_answer_whether_or_not_the_email_exists(
    client: TestClient, editor: User
) -> None:
    known = login(client, editor.email, "wrong password")
    unknown = login(client, "nobody@nowhere.go.id", "wrong password")
    assert known.status_code == unknown.status_code == 401
    message = "E-mail atau kata sandi salah."
    assert message in known.text and message in unknown.text
    strip = lambda html: re.sub(r'(value|content)="[^"]*"', "", html)  # noqa: E731  (e-mail, tokens)
    assert strip(known.text) == strip(unknown.text)


def test_repeated_failures_are_throttled_per_account(client: TestClient, editor: User) -> None:
    statuses = [login(client, editor.email, f"salah {i}").status_code for i in range(20)]
    assert 429 in statuses and statuses.index(429) <= MAX_FAILURES < 20
    assert login(client, editor.email, PASSWORD).status_code == 429  # a stranger: not even so


def test_repeated_failures_are_throttled_per_address(client: TestClient) -> None:
    statuses = [login(client, f"orang{i}@x.go.id", "salah").status_code for i in range(20)]
    assert statuses[-1] == 429


def test_sign_in_rotates_the_session_and_sign_out_ends_it(client: TestClient, editor: User) -> None:
    csrf_before = csrf_token_on(client, "/login")
    cookie_before = client.cookies.get(CSRF_COOKIE)
    response = login(client, editor.email, PASSWORD, token=csrf_before)
    assert response.status_code == 303 and response.headers["location"] == "/workspace"
    assert client.cookies.get(SESSION_COOKIE) and client.cookies.get(CSRF_COOKIE) != cookie_before
    assert client.get("/workspace").status_code == 200
    token = csrf_token_on(client, "/workspace")
    assert (
        client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    assert client.get("/workspace", follow_redirects=False).headers["location"].startswith("/login")


def test_sign_out_everywhere_ends_other_sessions(app: FastAPI, editor: User) -> None:
    with TestClient(app) as phone, TestClient(app) as laptop:
        sign_in(phone, editor.email)
        token = sign_in(laptop, editor.email)
        laptop.post("/account/sign-out-everywhere", data={"csrf_token": token})
        assert phone.get("/workspace", follow_redirects=False).status_code == 303


def test_next_only_goes_to_this_site(client: TestClient, editor: User) -> None:
    token = csrf_token_on(client, "/login")
    response = client.post(
        "/login",
        data={
            "email": editor.email,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/workspace"


def test_api_tokens_are_shown_once_work_and_can_be_revoked(
    client: TestClient, editor: User, app: FastAPI
) -> None:
    csrf = sign_in(client, editor.email)
    page = client.post("/account/tokens", data={"name": "skrip", "csrf_token": csrf})
    plain = first_group(r'class="token-value">([^<]+)<', page.text)
    assert plain not in client.get("/account").text  # shown once
    with TestClient(app) as program:
        headers = {"Authorization": f"Bearer {plain}"}
        assert program.get("/api/v1/workspace/booths", headers=headers).status_code == 200
        token_id = first_group(r"/account/tokens/(\d+)/revoke", client.get("/account").text)
        client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf})
        assert program.get("/api/v1/workspace/booths", headers=headers).status_code == 401
        assert "belum pernah" not in client.get("/account").text  # last used is shown


def test_changing_the_password_ends_other_sessions_but_not_this_one(
    app: FastAPI, editor: User
) -> None:
    with TestClient(app) as phone, TestClient(app) as laptop:
        sign_in(phone, editor.email)
        csrf = sign_in(laptop, editor.email)
        wrong = laptop.post(
            "/account/password",
            data={
                "current": "salah",
                "password": "x" * 12,
                "password_again": "x" * 12,
                "csrf_token": csrf,
            },
        )
        assert wrong.status_code == 422 and "Kata sandi saat ini salah" in wrong.text
        laptop.post(
            "/account/password",
            data={
                "current": PASSWORD,
                "password": "sandi baru sekali",
                "password_again": "sandi baru sekali",
                "csrf_token": csrf,
            },
        )
        assert laptop.get("/workspace").status_code == 200
        assert phone.get("/workspace", follow_redirects=False).status_code == 303
