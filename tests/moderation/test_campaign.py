"""The campaign dashboard's data and reminders (API.md, "Organizers")."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.notifications.models import Notification
from app.regions.models import Region
from tests.factories import bearer_headers, make_user
from tests.moderation.conftest import DRAFT, submit_change

BANDUNG, BITUNG = "32.73", "71.72"
CAMPAIGN = "/api/v1/organizer/campaign"
BANDUNG_DRAFT = "/api/v1/workspace/booths/kota-bandung/draft"


@pytest.fixture
def cast(session: Session, people: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The moderation cast plus an editor for Kota Bandung, who reads English."""
    bandung = make_user(session, "ed@bandung.go.id", "region-editor", regions=(BANDUNG,))
    bandung.language = "en"
    session.add(bandung)
    session.commit()
    return {**people, **bearer_headers(session, {"bandung": bandung})}


def status_of(client: TestClient, cast: dict[str, dict[str, str]], code: str) -> dict[str, Any]:
    response = client.get(CAMPAIGN, headers=cast["org"])
    assert response.status_code == 200, response.text
    [row] = [r for r in response.json()["regions"] if r["code"] == code]
    return row


def decide(client: TestClient, cast: dict[str, dict[str, str]], sid: int, body: dict) -> None:
    url = f"/api/v1/moderation/submissions/{sid}"
    assert client.post(f"{url}/claim", headers=cast["org"]).status_code == 200
    decided = client.post(f"{url}/decision", json=body, headers=cast["org"])
    assert decided.status_code == 200, decided.text


def submit_bandung(client: TestClient, cast: dict[str, dict[str, str]]) -> int:
    created = client.post(
        "/api/v1/workspace/booths/kota-bandung/submissions", headers=cast["bandung"]
    )
    assert created.status_code == 201, created.text
    return created.json()["id"]


def test_each_status_is_reached_by_real_work(
    client: TestClient, cast: dict[str, dict[str, str]]
) -> None:
    row = status_of(client, cast, BANDUNG)
    assert row | {"live_since": None} == {
        "code": BANDUNG,
        "name": "Kota Bandung",
        "province": "Jawa Barat",
        "hall": None,
        "booth": "kota-bandung",
        "status": "not_started",
        "open_submission": None,
        "editors": 1,
        "live_since": None,
        "last_submitted_at": None,
    }
    draft = client.get(BANDUNG_DRAFT, headers=cast["bandung"]).json()
    saved = client.put(
        BANDUNG_DRAFT, json={**draft, "tagline": "Kota kreatif"}, headers=cast["bandung"]
    )
    assert saved.status_code == 200, saved.text
    assert status_of(client, cast, BANDUNG)["status"] == "drafting"

    first = submit_bandung(client, cast)
    row = status_of(client, cast, BANDUNG)
    assert (row["status"], row["open_submission"]) == ("in_review", first)
    assert row["last_submitted_at"] is not None

    decide(client, cast, first, {"decision": "request_changes", "reason": "Tambahkan galeri"})
    row = status_of(client, cast, BANDUNG)
    assert (row["status"], row["open_submission"]) == ("changes_requested", None)

    second = submit_bandung(client, cast)
    assert status_of(client, cast, BANDUNG)["status"] == "in_review"
    decide(client, cast, second, {"decision": "approve", "override": True, "reason": "Uji"})
    row = status_of(client, cast, BANDUNG)
    assert row["status"] == "live" and row["live_since"] is not None


def test_a_rejection_counts_as_sent_back_and_totals_add_up(
    client: TestClient, cast: dict[str, dict[str, str]]
) -> None:
    decide(client, cast, submit_bandung(client, cast), {"decision": "reject", "reason": "Belum"})
    body = client.get(CAMPAIGN, headers=cast["org"]).json()
    statuses = {r["code"]: r["status"] for r in body["regions"]}
    assert statuses == {BANDUNG: "changes_requested", BITUNG: "live"}
    assert body["totals"] == {
        "not_started": 0,
        "drafting": 0,
        "changes_requested": 1,
        "in_review": 0,
        "live": 1,
    }
    # Bitung's own open submission puts its live booth nowhere else than live.
    submit_change(client, cast)
    assert status_of(client, cast, BITUNG)["status"] == "live"


@pytest.fixture
def queries(app: Any) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(app.state.engine, "before_cursor_execute", count)
    yield seen
    event.remove(app.state.engine, "before_cursor_execute", count)


def test_the_number_of_queries_does_not_grow_with_the_regions(
    client: TestClient, cast: dict[str, dict[str, str]], session: Session, queries: list[str]
) -> None:
    status_of(client, cast, BANDUNG)  # the first request also reads the token's user
    queries.clear()
    status_of(client, cast, BANDUNG)
    few = len(queries)
    for region in session.exec(select(Region).where(Region.province_code == "32")).all():
        region.participating = True
        session.add(region)
    session.commit()
    queries.clear()
    response = client.get(CAMPAIGN, headers=cast["org"])
    assert len(response.json()["regions"]) > 20
    assert len(queries) == few


def test_reminders_reach_each_editor_in_their_language_once_a_day(
    client: TestClient, cast: dict[str, dict[str, str]], session: Session
) -> None:
    body = {"regions": [BANDUNG, BITUNG], "message": "Batas pengajuan Jumat."}
    sent = client.post("/api/v1/organizer/reminders", json=body, headers=cast["org"])
    assert sent.status_code == 200, sent.text
    assert sent.json() == {"queued": 2, "skipped": []}
    messages = {
        email: message
        for message, email in session.exec(
            select(Notification, User.email)
            .join(User, col(User.id) == col(Notification.user_id))
            .where(Notification.kind == "campaign.reminder")
        ).all()
    }
    assert set(messages) == {"ed@bandung.go.id", "ed@bitung.go.id"}
    english, indonesian = messages["ed@bandung.go.id"], messages["ed@bitung.go.id"]
    assert english.link == "/workspace/booths/kota-bandung"
    assert "kota-bandung" in english.subject and "Reminder" in english.subject
    assert "Pengingat" in indonesian.subject
    assert "Batas pengajuan Jumat." in english.body

    again = client.post("/api/v1/organizer/reminders", json=body, headers=cast["org"])
    assert again.json() == {"queued": 0, "skipped": [BANDUNG, BITUNG]}
    assert (
        len(session.exec(select(AuditEvent).where(AuditEvent.action == "campaign.reminded")).all())
        == 1
    )


@pytest.mark.parametrize(
    ("who", "method", "path", "status"),
    [
        ("mod1", "GET", CAMPAIGN, 403),
        ("editor", "GET", CAMPAIGN, 403),
        (None, "GET", CAMPAIGN, 401),
        ("mod1", "POST", "/api/v1/organizer/reminders", 403),
        (None, "POST", "/api/v1/organizer/reminders", 401),
    ],
)
def test_only_organizers_see_the_campaign(
    client: TestClient,
    cast: dict[str, dict[str, str]],
    who: str | None,
    method: str,
    path: str,
    status: int,
) -> None:
    response = client.request(
        method, path, json={"regions": [BANDUNG]}, headers=cast[who] if who else {}
    )
    assert response.status_code == status


def test_an_empty_reminder_is_refused(client: TestClient, cast: dict[str, dict[str, str]]) -> None:
    response = client.post("/api/v1/organizer/reminders", json={"regions": []}, headers=cast["org"])
    assert response.status_code == 422


def test_the_draft_of_the_moderation_cast_is_untouched(
    client: TestClient, cast: dict[str, dict[str, str]]
) -> None:
    assert client.get(DRAFT, headers=cast["editor"]).status_code == 200
