"""Invitations and password resets by one-time link; secrets only for their recipient."""

import re

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import Invitation, User
from app.core.timeutil import utcnow
from app.notifications.models import Notification
from tests.factories import PASSWORD, csrf_token_on, first_group, make_user, sign_in


@pytest.fixture
def organizer(session: Session) -> User:
    return make_user(session, "org@pameran.go.id", "organizer")


def invite(client: TestClient, csrf: str, email: str, **fields: str) -> httpx2.Response:
    return client.post(
        "/organizer/users",
        data={
            "email": email,
            "role": "region-editor",
            "regions": "71.72",
            "csrf_token": csrf,
            **fields,
        },
    )


def test_an_invited_editor_sets_a_password_and_signs_in(
    client: TestClient, organizer: User, app: FastAPI
) -> None:
    csrf = sign_in(client, organizer.email)
    page = invite(client, csrf, "baru@bitung.go.id")
    assert page.status_code == 201
    link = first_group(r'class="token-value">([^<]+)<', page.text)
    path = link.split("8000", 1)[1]
    with TestClient(app) as invitee:
        form_token = csrf_token_on(invitee, path)
        mismatch = invitee.post(
            path, data={"password": "a" * 12, "password_again": "b" * 12, "csrf_token": form_token}
        )
        assert mismatch.status_code == 422
        done = invitee.post(
            path,
            data={
                "password": "sandi baru yang panjang",
                "password_again": "sandi baru yang panjang",
                "csrf_token": form_token,
            },
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert invitee.get("/api/v1/workspace/booths").json()[0]["slug"] == "kota-bitung"
        assert invitee.get(path).status_code == 404  # one use only


def test_expired_invitations_do_not_open(
    client: TestClient, organizer: User, session: Session
) -> None:
    csrf = sign_in(client, organizer.email)
    link = first_group(r'class="token-value">([^<]+)<', invite(client, csrf, "telat@x.go.id").text)
    session.rollback()
    invitation = session.exec(select(Invitation)).one()
    invitation.expires_at = utcnow()
    session.add(invitation)
    session.commit()
    assert client.get(link.split("8000", 1)[1]).status_code == 404


def test_invitation_errors_are_shown_and_change_nothing(
    client: TestClient, organizer: User, session: Session
) -> None:
    csrf = sign_in(client, organizer.email)
    bad = invite(client, csrf, "x@y.go.id", regions="99.99")
    assert bad.status_code == 422 and "99.99" in bad.text
    assert invite(client, csrf, organizer.email).status_code == 409
    session.rollback()
    assert session.exec(select(User).where(User.email == "x@y.go.id")).first() is None


def test_only_organizers_invite(client: TestClient, session: Session) -> None:
    make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    sign_in(client, "ed@bitung.go.id")
    assert client.get("/organizer/users").status_code == 403
    assert client.get("/organizer/outbox").status_code == 403


def test_password_reset_answers_alike_and_ends_old_sessions(
    client: TestClient, organizer: User, app: FastAPI, session: Session
) -> None:
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    with TestClient(app) as old_device:
        sign_in(old_device, editor.email)
        token = csrf_token_on(client, "/password-reset")
        known = client.post("/password-reset", data={"email": editor.email, "csrf_token": token})
        unknown = client.post(
            "/password-reset", data={"email": "siapa@x.go.id", "csrf_token": token}
        )
        # Alike but for the CSRF token, which is signed with the second it was made in.
        same = [re.sub(r'name="csrf-token" content="[^"]*"', "", r.text) for r in (known, unknown)]
        assert known.status_code == unknown.status_code == 200 and same[0] == same[1]
        session.rollback()
        message = session.exec(
            select(Notification).where(Notification.kind == "password_reset")
        ).one()
        path = message.link
        assert path is not None
        client.post(
            path,
            data={
                "password": "sandi pengganti panjang",
                "password_again": "sandi pengganti panjang",
                "csrf_token": csrf_token_on(client, path),
            },
        )
        assert old_device.get("/workspace", follow_redirects=False).status_code == 303
    sign_in(client, editor.email, "sandi pengganti panjang")


def test_secrets_in_the_outbox_are_redacted_for_others(
    client: TestClient, organizer: User, session: Session
) -> None:
    csrf = sign_in(client, organizer.email)
    link = first_group(
        r'class="token-value">([^<]+)<', invite(client, csrf, "baru@bitung.go.id").text
    )
    outbox = client.get("/organizer/outbox").text
    assert "baru@bitung.go.id" in outbox and link not in outbox and "disembunyikan" in outbox


def test_notifications_page_shows_own_messages(client: TestClient, session: Session) -> None:
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    sign_in(client, editor.email, PASSWORD)
    assert "Belum ada pemberitahuan" in client.get("/account/notifications").text
