"""The organizers' lobby page: texts, featured booths moved without JavaScript, the
preview that saves nothing, and the save that the public lobby shows at once."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.audit.models import AuditEvent
from app.curation.lobby import get_lobby
from tests.factories import make_user, sign_in

PAGE = "/organizer/lobby"
TEXTS = {
    "headline": "",
    "headline_en": "",
    "intro": "",
    "intro_en": "",
    "announcement": "",
    "announcement_en": "",
}


@pytest.fixture
def organizer(client: TestClient, session: Session, exhibition: None) -> str:
    """The client signed in as an organizer (its CSRF token); a moderator exists too."""
    make_user(session, "org@pameran.go.id", "organizer")
    make_user(session, "mod@pameran.go.id", "moderator")
    return sign_in(client, "org@pameran.go.id")


def post(client: TestClient, csrf: str, featured: list[str], **fields: str) -> str:
    """The form with `featured` as its list, pressed by the button that `fields` name."""
    data = {"csrf_token": csrf, "order": featured, **TEXTS, **fields}
    response = client.post(PAGE, data=data)
    assert response.status_code in (200, 303), response.text
    return response.text


def listed(html: str) -> list[str]:
    """The featured list on the page, in its order."""
    return [
        line.split('value="')[1].split('"')[0]
        for line in html.splitlines()
        if 'name="order"' in line
    ]


def stored(session: Session) -> tuple[str, int]:
    session.rollback()  # a fresh snapshot
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "lobby.updated"))
    return get_lobby(session).headline, len(list(events))


def test_the_page_is_for_organizers_only(
    client: TestClient, exhibition: None, session: Session
) -> None:
    assert client.get(PAGE, follow_redirects=False).headers["location"].startswith("/login")
    make_user(session, "mod@pameran.go.id", "moderator")
    sign_in(client, "mod@pameran.go.id")
    assert client.get(PAGE).status_code == 403


def test_moving_adding_and_removing_change_the_form_not_the_lobby(
    client: TestClient, organizer: str, session: Session
) -> None:
    page = client.get(PAGE).text
    assert listed(page) == [] and "Belum ada anjungan unggulan" in page
    page = post(client, organizer, [], action="add", candidate="kota-manado", headline="Baru")
    assert listed(page) == ["kota-manado"]
    assert "Ada perubahan yang belum disimpan" in page
    assert 'value="Baru"' in page  # what was typed stays
    page = post(client, organizer, ["kota-manado"], action="add", candidate="kota-bitung")
    assert listed(page) == ["kota-manado", "kota-bitung"]
    moved = post(client, organizer, listed(page), up="kota-bitung")
    assert listed(moved) == ["kota-bitung", "kota-manado"]
    # The button pressed has the focus again, now that its row has moved.
    assert re.search(r'name="up" value="kota-manado" autofocus', moved) is None
    assert re.search(r'name="down" value="kota-bitung"[^>]* autofocus', moved)
    assert listed(post(client, organizer, listed(page), down="kota-bitung")) == listed(page)
    assert listed(post(client, organizer, listed(page), remove="kota-manado")) == ["kota-bitung"]
    assert stored(session) == ("", 0)
    assert "Pilihan kurator" not in client.get("/").text


def test_the_preview_shows_the_lobby_as_it_would_be_and_saves_nothing(
    client: TestClient, organizer: str, session: Session
) -> None:
    page = post(
        client,
        organizer,
        ["kota-manado", "kota-bitung"],
        action="preview",
        headline="Pameran *2021*",
        announcement="Penutupan pukul **09.00 WIB**",
    )
    preview = page[page.index('id="preview"') : page.index('class="lobby-form"')]
    assert "Pameran <em>2021</em>" in preview
    assert "<strong>09.00 WIB</strong>" in preview
    assert preview.index("/booths/kota-manado") < preview.index("/booths/kota-bitung")
    assert "/booths/kabupaten-toba" not in preview
    assert stored(session) == ("", 0)
    assert "Pameran <em>2021</em>" not in client.get("/").text


def test_saving_shows_on_the_lobby_at_once_audited(
    client: TestClient, organizer: str, session: Session
) -> None:
    etag = client.get("/").headers["etag"]
    response = client.post(
        PAGE,
        data={
            "csrf_token": organizer,
            "action": "save",
            "order": ["kabupaten-toba"],
            **TEXTS,
            "headline": "Selamat datang",
            "headline_en": "Welcome",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == f"{PAGE}?saved=1"
    assert "Lobi tersimpan" in client.get(response.headers["location"]).text
    lobby = client.get("/")
    assert lobby.headers["etag"] != etag
    assert "Selamat datang</h1>" in lobby.text and "Pilihan kurator" in lobby.text
    assert stored(session) == ("Selamat datang", 1)


@pytest.mark.parametrize(
    ("fields", "featured", "shown"),
    [
        ({"headline": "x" * 201}, [], "Paling banyak 200 karakter."),
        ({"intro_en": "x" * 2001}, [], "Paling banyak 2000 karakter."),
        ({}, ["kabupaten-sleman"], "Hanya anjungan yang sedang tayang bisa diunggulkan"),
        ({}, ["kota-bitung", "kota-bitung"], "kota-bitung lebih dari sekali"),
    ],
)
def test_a_refused_save_keeps_what_was_typed_and_changes_nothing(
    client: TestClient,
    organizer: str,
    session: Session,
    fields: dict[str, str],
    featured: list[str],
    shown: str,
) -> None:
    data = {"csrf_token": organizer, "action": "save", "order": featured, **TEXTS}
    response = client.post(PAGE, data={**data, "announcement": "Diketik", **fields})
    assert response.status_code == 422
    assert shown in response.text and "Diketik" in response.text
    assert 'aria-invalid="true"' in response.text or 'id="featured-error"' in response.text
    assert stored(session) == ("", 0)
