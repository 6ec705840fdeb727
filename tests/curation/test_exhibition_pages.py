"""The organizers' schedule page: opening and freeze times typed in WIB."""

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.audit.models import AuditEvent
from app.exhibition.service import get_exhibition
from tests.factories import make_user, sign_in


def test_times_are_read_and_written_in_wib(client: TestClient, session: Session) -> None:
    make_user(session, "org@pameran.go.id", "organizer")
    csrf = sign_in(client, "org@pameran.go.id")
    saved = client.post(
        "/organizer/exhibition",
        data={"csrf_token": csrf, "opening_at": "2026-12-01T09:00", "freeze_at": ""},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    session.rollback()  # a fresh snapshot
    exhibition = get_exhibition(session)
    assert exhibition.opening_at == datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    assert exhibition.freeze_at is None
    assert 'value="2026-12-01T09:00"' in client.get("/organizer/exhibition").text
    [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "exhibition.times"))
    assert event.actor_id is not None and event.data["freeze_at"] is None


def test_a_bad_time_is_shown_beside_its_field_and_changes_nothing(
    client: TestClient, session: Session
) -> None:
    make_user(session, "org@pameran.go.id", "organizer")
    csrf = sign_in(client, "org@pameran.go.id")
    page = client.post(
        "/organizer/exhibition",
        data={"csrf_token": csrf, "opening_at": "besok pagi", "freeze_at": "2026-12-01T09:00"},
    )
    assert page.status_code == 422
    assert 'aria-invalid="true"' in page.text and "tidak dikenali" in page.text
    assert 'value="besok pagi"' in page.text
    session.rollback()  # a fresh snapshot
    assert get_exhibition(session).freeze_at is None


def test_only_organizers_change_the_schedule(client: TestClient, session: Session) -> None:
    make_user(session, "mod@pameran.go.id", "moderator")
    csrf = sign_in(client, "mod@pameran.go.id")
    assert client.get("/organizer/exhibition").status_code == 403
    refused = client.post(
        "/organizer/exhibition", data={"csrf_token": csrf, "opening_at": "2026-12-01T09:00"}
    )
    assert refused.status_code == 403
    session.rollback()  # a fresh snapshot
    assert get_exhibition(session).opening_at is None


def test_the_organizing_body_defaults_to_kominfo_and_is_a_setting(
    client: TestClient, session: Session
) -> None:
    lobby = client.get("/").text
    assert "Kementerian Komunikasi dan Informatika" in lobby and "Digital" not in lobby
    english = client.get("/?lang=en").text
    assert "Ministry of Communication and Informatics" in english
    assert "Digital Affairs" not in english
    make_user(session, "org@pameran.go.id", "organizer")
    csrf = sign_in(client, "org@pameran.go.id")
    form = client.get("/organizer/exhibition").text
    assert 'value="Kementerian Komunikasi dan Informatika"' in form
    saved = client.post(
        "/organizer/exhibition/organizing-body",
        data={
            "csrf_token": csrf,
            "organizing_body": "Kementerian Kota Cerdas",
            "organizing_body_en": "Ministry of Smart Cities",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    client.cookies.clear()  # a visitor: the cached public pages show the new name at once
    assert client.get("/").text.count("Kementerian Kota Cerdas") == 3  # masthead, footer twice
    assert "Ministry of Smart Cities" in client.get("/about?lang=en").text


def test_an_empty_organizing_body_is_refused_and_changes_nothing(
    client: TestClient, session: Session
) -> None:
    make_user(session, "org@pameran.go.id", "organizer")
    csrf = sign_in(client, "org@pameran.go.id")
    page = client.post(
        "/organizer/exhibition/organizing-body",
        data={"csrf_token": csrf, "organizing_body": "  ", "organizing_body_en": "X"},
    )
    assert page.status_code == 422 and "Isi nama penyelenggara." in page.text
    session.rollback()
    assert get_exhibition(session).organizing_body == "Kementerian Komunikasi dan Informatika"
