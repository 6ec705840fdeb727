"""Organizers revert a booth to an earlier published revision or take it down."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.core.timeutil import utcnow
from app.exhibition.service import get_exhibition
from app.moderation.service import publish_due
from app.notifications.models import Notification
from tests.moderation.conftest import DRAFT, set_opening, submit_change

BOOTH = "/api/v1/booths/kota-bitung"
MODERATION = "/api/v1/moderation/booths/kota-bitung"
IMPORTED_TAGLINE = "Kota pelabuhan di ujung utara Sulawesi"


def approve_change(client: TestClient, people: dict[str, dict[str, str]], tagline: str) -> int:
    """Submit a draft with `tagline` and approve it; returns its revision number."""
    created = submit_change(client, people, tagline)
    decision = client.post(
        f"/api/v1/moderation/submissions/{created['id']}/decision",
        json={"decision": "approve"},
        headers=people["mod1"],
    )
    assert decision.status_code == 200, decision.text
    return int(created["revision"])


def epoch(engine: Engine) -> int:
    with Session(engine) as fresh:
        return get_exhibition(fresh).publication_epoch


def events(engine: Engine, action: str) -> list[AuditEvent]:
    with Session(engine) as fresh:
        return list(fresh.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def messages(engine: Engine, kind: str) -> list[tuple[str, Notification]]:
    with Session(engine) as fresh:
        rows = fresh.exec(
            select(User.email, Notification)
            .join(Notification, col(Notification.user_id) == col(User.id))
            .where(Notification.kind == kind)
        ).all()
        return [(email, message) for email, message in rows]


def test_revert_brings_an_earlier_revision_back(
    client: TestClient, people: dict[str, dict[str, str]], engine: Engine
) -> None:
    assert approve_change(client, people, "Tagline baru") == 2
    assert "Tagline baru" in client.get("/booths/kota-bitung").text  # now in the page cache
    draft = client.get(DRAFT, headers=people["editor"]).json()
    client.put(DRAFT, json={**draft, "tagline": "Draf berjalan"}, headers=people["editor"])
    before = epoch(engine)

    listed = client.get(f"{MODERATION}/revisions", headers=people["org"]).json()
    assert [(r["revision"], r["live"], r["source"]) for r in listed] == [
        (2, True, "submission"),
        (1, False, "import"),
    ]
    reverted = client.post(
        f"{MODERATION}/revert", json={"revision": 1, "reason": "Foto salah"}, headers=people["org"]
    )
    assert reverted.status_code == 200, reverted.text
    assert reverted.json() == {"booth": "kota-bitung", "live_revision": 1}

    live = client.get(BOOTH).json()
    assert live["revision"] == 1 and live["content"]["tagline"] == IMPORTED_TAGLINE
    assert epoch(engine) > before
    page = client.get("/booths/kota-bitung").text
    assert IMPORTED_TAGLINE in page and "Tagline baru" not in page
    assert client.get(DRAFT, headers=people["editor"]).json()["tagline"] == "Draf berjalan"

    [event] = events(engine, "booth.reverted")
    assert event.data == {"revision": 1, "reason": "Foto salah"}
    with Session(engine) as fresh:
        organizer = fresh.exec(select(User).where(User.email == "org@pameran.go.id")).one()
    assert event.actor_id == organizer.id and event.booth_id is not None
    [(email, message)] = messages(engine, "reverted")
    assert email == "ed@bitung.go.id"
    assert message.subject == "Kota Bitung: revisi 1 ditayangkan kembali"
    assert "Foto salah" in message.body
    assert message.link == "/workspace/booths/kota-bitung/submissions"


def test_what_cannot_be_reverted(
    client: TestClient, people: dict[str, dict[str, str]], engine: Engine
) -> None:
    approve_change(client, people, "Tagline baru")
    never_published = submit_change(client, people, "Menunggu")["revision"]
    url = f"{MODERATION}/revert"
    assert client.post(url, json={"revision": 1}, headers=people["mod1"]).status_code == 403
    assert client.post(url, json={"revision": 1}, headers=people["editor"]).status_code == 403
    assert client.post(url, json={"revision": 99}, headers=people["org"]).status_code == 404
    missing = "/api/v1/moderation/booths/tidak-ada/revert"
    assert client.post(missing, json={"revision": 1}, headers=people["org"]).status_code == 404
    live = client.post(url, json={"revision": 2}, headers=people["org"])
    assert live.status_code == 409 and "sudah tayang" in live.json()["detail"]
    draft_only = client.post(url, json={"revision": never_published}, headers=people["org"])
    assert draft_only.status_code == 422
    assert client.post(url, json={}, headers=people["org"]).status_code == 422
    assert client.get(BOOTH).json()["revision"] == 2
    assert events(engine, "booth.reverted") == [] and messages(engine, "reverted") == []


def test_unpublish_takes_the_booth_off_the_exhibition(
    client: TestClient, people: dict[str, dict[str, str]], engine: Engine
) -> None:
    for path in ("/booths/kota-bitung", "/halls/likupang", "/search?q=Bitung"):
        assert "Kota Bitung" in client.get(path).text
    before = epoch(engine)

    done = client.post(
        f"{MODERATION}/unpublish", json={"reason": "Data keliru"}, headers=people["org"]
    )
    assert done.status_code == 200 and done.json() == {
        "booth": "kota-bitung",
        "live_revision": None,
    }

    assert client.get(BOOTH).status_code == 404
    assert client.get("/booths/kota-bitung").status_code == 404
    assert client.get("/api/v1/booths").json() == []
    assert client.get("/api/v1/booths?q=Bitung").json() == []
    assert 'href="/booths/kota-bitung"' not in client.get("/search?q=Bitung").text
    assert 'href="/booths/kota-bitung"' not in client.get("/halls/likupang").text
    assert epoch(engine) > before
    assert client.get(DRAFT, headers=people["editor"]).json()["title"] == "Kota Bitung"

    [event] = events(engine, "booth.unpublished")
    assert event.data == {"reason": "Data keliru"}
    [(email, message)] = messages(engine, "unpublished")
    assert email == "ed@bitung.go.id" and message.subject == "Kota Bitung diturunkan dari pameran"
    assert "Data keliru" in message.body

    again = client.post(f"{MODERATION}/unpublish", json={}, headers=people["org"])
    assert again.status_code == 409 and "tidak sedang tayang" in again.json()["detail"]
    # An unpublished booth comes back by putting one of its revisions on again.
    back = client.post(f"{MODERATION}/revert", json={"revision": 1}, headers=people["org"])
    assert back.status_code == 200 and client.get(BOOTH).json()["revision"] == 1
    assert 'href="/booths/kota-bitung"' in client.get("/halls/likupang").text


def test_only_organizers_unpublish(client: TestClient, people: dict[str, dict[str, str]]) -> None:
    url = f"{MODERATION}/unpublish"
    assert client.post(url, json={}, headers=people["mod1"]).status_code == 403
    assert client.post(url, json={}, headers=people["editor"]).status_code == 403
    missing = "/api/v1/moderation/booths/tidak-ada/unpublish"
    assert client.post(missing, json={}, headers=people["org"]).status_code == 404
    assert client.get(BOOTH).status_code == 200


@pytest.mark.parametrize("action", ["revert", "unpublish"])
def test_an_approval_waiting_for_the_opening_is_cancelled(
    action: str,
    client: TestClient,
    people: dict[str, dict[str, str]],
    session: Session,
    engine: Engine,
) -> None:
    approve_change(client, people, "Tagline baru")
    set_opening(session, utcnow() + timedelta(hours=1))
    approve_change(client, people, "Saat pembukaan")  # waits for the opening
    body = {"revision": 1} if action == "revert" else {}
    assert (
        client.post(f"{MODERATION}/{action}", json=body, headers=people["org"]).status_code == 200
    )

    set_opening(session, utcnow() - timedelta(seconds=1))
    with Session(engine) as worker:
        assert publish_due(worker) == 0
        worker.commit()
    expected = 200 if action == "revert" else 404
    live = client.get(BOOTH)
    assert live.status_code == expected
    if action == "revert":
        assert live.json()["revision"] == 1
