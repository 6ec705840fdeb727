"""The organizers' users page without SMTP: links shown once to the organizer, names
instead of codes, roles and places changed, people deactivated; where people land."""

from datetime import datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import User, UserHall, UserRegion
from app.accounts.tokens import create_token
from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.notifications.models import Notification
from tests.factories import PASSWORD, csrf_token_on, first_group, make_user, sign_in

USERS = "/organizer/users"
NEW_PASSWORD = "sandi baru yang panjang"


@pytest.fixture
def organizer(session: Session) -> User:
    return make_user(session, "org@pameran.go.id", "organizer")


def shown_link(page: str) -> str:
    """The one-time link on the page, as a path."""
    return first_group(r'class="token-value">http://[^/]+([^<]+)<', page)


def accept(app: FastAPI, path: str) -> tuple[TestClient, str]:
    """Set a password through an invitation link in a fresh browser; (browser, landing)."""
    invitee = TestClient(app)
    token = csrf_token_on(invitee, path)
    done = invitee.post(
        path,
        data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    return invitee, done.headers["location"]


def person(session: Session, email: str) -> User:
    session.rollback()  # a fresh snapshot: the app committed in its own session
    session.expire_all()  # and fresh objects (no rollback expires them outside a transaction)
    return session.exec(select(User).where(User.email == email)).one()


def audited(session: Session, action: str) -> list[AuditEvent]:
    session.rollback()
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_a_moderator_invited_without_smtp_lands_on_the_queue(
    client: TestClient, organizer: User, app: FastAPI, session: Session
) -> None:
    csrf = sign_in(client, organizer.email)
    form = {"csrf_token": csrf, "email": "mod@pameran.go.id", "role": "moderator"}
    page = client.post(USERS, data={**form, "halls": ["likupang", "danau-toba"]})
    assert page.status_code == 201
    first = shown_link(page.text)
    # Lost in transit: a fresh link, and the first one stops working.
    moderator = person(session, "mod@pameran.go.id")
    again = client.post(f"{USERS}/{moderator.id}/invitation", data={"csrf_token": csrf})
    fresh = shown_link(again.text)
    assert fresh != first and client.get(first).status_code == 404
    assert audited(session, "user.invitation_resent")
    invitee, landing = accept(app, fresh)
    assert landing == "/moderation"
    assert invitee.get(landing).status_code == 200
    listed = client.get(USERS).text
    assert (
        "Danau Toba" in listed
        and "Likupang" in listed
        and "danau-toba" not in listed.split("people-title")[1].split("<details")[0]
    )


@pytest.mark.parametrize(
    ("role", "landing"),
    [("organizer", "/organizer"), ("moderator", "/moderation"), ("region-editor", "/workspace")],
)
def test_signing_in_without_a_next_lands_on_the_roles_page(
    client: TestClient, session: Session, role: str, landing: str
) -> None:
    make_user(
        session, "x@pameran.go.id", role, regions=("71.72",) if role == "region-editor" else ()
    )
    token = csrf_token_on(client, "/login")
    form = {"email": "x@pameran.go.id", "password": PASSWORD, "csrf_token": token}
    signed = client.post("/login", data=form, follow_redirects=False)
    assert signed.headers["location"] == landing
    assert client.get("/login", follow_redirects=False).headers["location"] == landing
    client.post("/logout", data={"csrf_token": csrf_token_on(client, "/account")})
    token = csrf_token_on(client, "/login")
    form = {**form, "csrf_token": token, "next": "/account"}
    assert (
        client.post("/login", data=form, follow_redirects=False).headers["location"] == "/account"
    )


def test_an_organizer_starts_a_reset_and_sees_the_link_once(
    client: TestClient, organizer: User, app: FastAPI, session: Session
) -> None:
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    csrf = sign_in(client, organizer.email)
    page = client.post(f"{USERS}/{editor.id}/password-reset", data={"csrf_token": csrf})
    assert page.status_code == 200
    path = shown_link(page.text)
    assert path.startswith("/password-reset/")
    assert path not in client.get(USERS).text  # shown once
    assert path not in client.get("/organizer/outbox").text  # and never in the outbox
    assert audited(session, "user.reset_started")
    with TestClient(app) as browser:
        done = browser.post(
            path,
            data={
                "password": NEW_PASSWORD,
                "password_again": NEW_PASSWORD,
                "csrf_token": csrf_token_on(browser, path),
            },
            follow_redirects=False,
        )
        assert done.status_code == 303
        token = csrf_token_on(browser, "/login")
        form = {"email": editor.email, "password": NEW_PASSWORD, "csrf_token": token}
        signed = browser.post("/login", data=form, follow_redirects=False)
        assert signed.headers["location"] == "/workspace"


def test_the_users_page_names_regions_and_changes_roles_and_places(
    client: TestClient, organizer: User, session: Session
) -> None:
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    csrf = sign_in(client, organizer.email)
    page = client.get(USERS).text
    assert "Kota Bitung" in page
    assert '<optgroup label="Sulawesi Utara">' in page  # participating regions by province
    assert '<option value="71.72">Kota Bitung</option>' in page
    changed = client.post(
        f"{USERS}/{editor.id}",
        data={"csrf_token": csrf, "role": "moderator", "regions": [], "halls": ["likupang"]},
        follow_redirects=False,
    )
    assert changed.headers["location"] == "/organizer/users?done=updated", changed.text
    assert person(session, editor.email).role == "moderator"
    assert session.exec(select(UserRegion).where(UserRegion.user_id == editor.id)).all() == []
    assert len(session.exec(select(UserHall).where(UserHall.user_id == editor.id)).all()) == 1
    assert audited(session, "user.updated")
    # Back to editing two regions, one of which did not take part yet.
    client.post(
        f"{USERS}/{editor.id}",
        data={"csrf_token": csrf, "role": "region-editor", "regions": ["71.72", "73.71"]},
    )
    assert "Kota Makassar" in client.get(USERS).text
    # The hook the composition root wires (`on_region_bound`) gave the new region a booth.
    session.rollback()  # a fresh snapshot, as in person()
    assert session.exec(select(Booth.slug).where(Booth.region_code == "73.71")).one()
    # An editor without regions, an unknown hall: 422 and nothing changes.
    for data in (
        {"role": "region-editor", "regions": []},
        {"role": "moderator", "halls": ["tidak-ada"]},
    ):
        refused = client.post(f"{USERS}/{editor.id}", data={"csrf_token": csrf, **data})
        assert refused.status_code == 422
        assert person(session, editor.email).role == "region-editor"
    # Organizers cannot lock themselves out.
    own = client.post(f"{USERS}/{organizer.id}", data={"csrf_token": csrf, "role": "moderator"})
    assert own.status_code == 409 and person(session, organizer.email).role == "organizer"


def test_a_deactivated_person_cannot_sign_in_and_their_sessions_and_tokens_stop(
    client: TestClient, organizer: User, app: FastAPI, session: Session
) -> None:
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    _row, token = create_token(session, editor)
    session.commit()
    bearer = {"Authorization": f"Bearer {token}"}
    csrf = sign_in(client, organizer.email)
    with TestClient(app) as device:
        sign_in(device, editor.email)
        assert device.get("/workspace", follow_redirects=False).status_code == 200
        done = client.post(
            f"{USERS}/{editor.id}/deactivate", data={"csrf_token": csrf}, follow_redirects=False
        )
        assert done.status_code == 303
        assert device.get("/workspace", follow_redirects=False).status_code == 303
        assert device.get("/api/v1/workspace/booths", headers=bearer).status_code == 401
        login = csrf_token_on(device, "/login")
        form = {"email": editor.email, "password": PASSWORD, "csrf_token": login}
        assert device.post("/login", data=form).status_code == 401
        # A reset does not bring the account back, nor does a reset link reach it.
        reset = client.post(f"{USERS}/{editor.id}/password-reset", data={"csrf_token": csrf})
        assert reset.status_code == 409
        device.post("/password-reset", data={"email": editor.email, "csrf_token": login})
    assert isinstance(person(session, editor.email).deactivated_at, datetime)
    assert not session.exec(select(Notification).where(Notification.kind == "password_reset")).all()
    assert audited(session, "user.deactivated")
    assert "nonaktif" in client.get(USERS).text
    client.post(f"{USERS}/{editor.id}/reactivate", data={"csrf_token": csrf})
    assert person(session, editor.email).deactivated_at is None
    sign_in(TestClient(app), editor.email)
    assert client.get("/api/v1/workspace/booths", headers=bearer).status_code == 401  # revoked
    refused = client.post(f"{USERS}/{organizer.id}/deactivate", data={"csrf_token": csrf})
    assert refused.status_code == 409 and person(session, organizer.email).deactivated_at is None


def test_an_invitation_is_written_in_the_language_the_organizer_picks(
    client: TestClient, organizer: User, app: FastAPI, session: Session
) -> None:
    csrf = sign_in(client, organizer.email)
    page = client.post(
        USERS,
        data={
            "csrf_token": csrf,
            "email": "ed@bitung.go.id",
            "role": "region-editor",
            "regions": ["71.72"],
            "language": "en",
        },
    )
    path = shown_link(page.text)
    session.rollback()
    message = session.exec(select(Notification).where(Notification.kind == "invitation")).one()
    assert message.subject == "Invitation to the Smart City Exhibition"
    assert message.link == path
    invitee, landing = accept(app, path)
    assert landing == "/workspace"
    assert invitee.get(landing).headers["content-language"] == "en"


def test_the_account_page_sets_the_language_of_pages_and_notifications(
    client: TestClient, session: Session
) -> None:
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    csrf = sign_in(client, editor.email)
    assert 'name="language"' in client.get("/account").text
    saved = client.post(
        "/account/language", data={"csrf_token": csrf, "language": "en"}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert person(session, editor.email).language == "en"
    assert client.get("/account").headers["content-language"] == "en"
    bad = client.post("/account/language", data={"csrf_token": csrf, "language": "fr"})
    assert bad.status_code == 422 and person(session, editor.email).language == "en"
