"""Submitting and deciding through the API (API.md, "Moderation"): every status code."""

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.core.timeutil import utcnow
from app.exhibition.service import get_exhibition
from tests.moderation.conftest import DRAFT, SUBMIT, set_opening, submit_change


def test_submit_review_and_approve_publishes(
    client: TestClient, people: dict[str, dict[str, str]]
) -> None:
    created = submit_change(client, people)
    assert created["state"] == "submitted" and created["revision"] == 2
    assert client.post(SUBMIT, headers=people["editor"]).status_code == 409  # one open at a time
    queue = client.get("/api/v1/moderation/queue", headers=people["mod1"]).json()
    assert queue == [
        {
            "id": created["id"],
            "booth": "kota-bitung",
            "state": "submitted",
            "submitted_at": queue[0]["submitted_at"],
            "claimed_by": None,
            "region": {"code": "71.72", "name": "Kota Bitung"},
            "hall": "likupang",
            "revision": 2,
        }
    ]
    detail = client.get(
        f"/api/v1/moderation/submissions/{created['id']}", headers=people["mod1"]
    ).json()
    assert (
        detail["content"]["tagline"] == "Tagline baru"
        and detail["live_content"]["tagline"] != "Tagline baru"
    )
    assert detail["diff"]["changed"] == ["identity"]  # the tagline's section
    url = f"/api/v1/moderation/submissions/{created['id']}"
    assert client.post(f"{url}/claim", headers=people["mod1"]).status_code == 200
    taken = client.post(f"{url}/claim", headers=people["mod2"])
    assert taken.status_code == 409 and "mod1@pameran.go.id" in taken.json()["detail"]
    assert client.get("/api/v1/booths/kota-bitung").json()["content"]["tagline"] != "Tagline baru"
    approved = client.post(f"{url}/decision", json={"decision": "approve"}, headers=people["mod1"])
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    live = client.get("/api/v1/booths/kota-bitung").json()
    assert live["revision"] == 2 and live["content"]["tagline"] == "Tagline baru"
    assert (
        client.post(
            f"{url}/decision", json={"decision": "reject", "reason": "x"}, headers=people["mod1"]
        ).status_code
        == 409
    )


def test_changes_requested_need_a_reason_and_known_sections(
    client: TestClient, people: dict[str, dict[str, str]]
) -> None:
    created = submit_change(client, people)
    url = f"/api/v1/moderation/submissions/{created['id']}/decision"
    assert (
        client.post(url, json={"decision": "request_changes"}, headers=people["mod1"]).status_code
        == 422
    )
    unknown = {
        "decision": "request_changes",
        "reason": "r",
        "comments": [{"section": "weather", "body": "x"}],
    }
    assert client.post(url, json=unknown, headers=people["mod1"]).status_code == 422
    assert client.post(url, json={"decision": "maybe"}, headers=people["mod1"]).status_code == 422
    pinned = {
        "decision": "request_changes",
        "reason": "Perbaiki ringkasan",
        "comments": [{"section": "economy", "body": "Tambahkan KPI"}],
    }
    assert client.post(url, json=pinned, headers=people["mod1"]).status_code == 200
    history = client.get(SUBMIT, headers=people["editor"]).json()
    assert (
        history[0]["state"] == "changes_requested" and history[0]["reason"] == "Perbaiki ringkasan"
    )
    assert history[0]["comments"] == [{"section": "economy", "body": "Tambahkan KPI"}]
    assert client.get("/api/v1/booths/kota-bitung").json()["revision"] == 1
    assert submit_change(client, people, "Lagi")["revision"] == 3  # may submit again


def test_the_submission_is_a_snapshot(
    client: TestClient, people: dict[str, dict[str, str]]
) -> None:
    created = submit_change(client, people, "Diajukan")
    client.put(DRAFT, json={"title": "Diubah sesudahnya"}, headers=people["editor"])
    detail = client.get(
        f"/api/v1/moderation/submissions/{created['id']}", headers=people["mod1"]
    ).json()
    assert (
        detail["content"]["tagline"] == "Diajukan" and detail["content"]["title"] == "Kota Bitung"
    )


def test_who_may_do_what(
    client: TestClient, people: dict[str, dict[str, str]], app: FastAPI
) -> None:
    created = submit_change(client, people)
    assert client.get("/api/v1/moderation/queue", headers=people["editor"]).status_code == 403
    with TestClient(app) as anonymous:
        assert anonymous.get("/api/v1/moderation/queue").status_code == 401
    assert (
        client.get("/api/v1/moderation/submissions/999999", headers=people["mod1"]).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/moderation/submissions/{created['id']}", headers=people["org"]
        ).status_code
        == 200
    )


def test_freeze_refuses_submissions_unless_an_organizer_overrides(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    exhibition = get_exhibition(session)
    exhibition.freeze_at = utcnow() - timedelta(minutes=1)
    session.add(exhibition)
    session.commit()
    frozen = client.post(SUBMIT, headers=people["editor"])
    assert frozen.status_code == 409 and "dibekukan" in frozen.json()["detail"]
    assert client.post(SUBMIT, json={"override": True}, headers=people["editor"]).status_code == 409
    assert client.post(SUBMIT, json={"override": True}, headers=people["org"]).status_code == 201


def test_approval_before_the_opening_waits_for_it(
    client: TestClient, people: dict[str, dict[str, str]], session: Session, engine: Engine
) -> None:
    from app.moderation.service import publish_due

    set_opening(session, utcnow() + timedelta(hours=1))
    created = submit_change(client, people, "Saat pembukaan")
    url = f"/api/v1/moderation/submissions/{created['id']}/decision"
    assert client.post(url, json={"decision": "approve"}, headers=people["mod1"]).status_code == 200
    assert client.get("/api/v1/booths/kota-bitung").json()["revision"] == 1
    set_opening(session, utcnow() - timedelta(seconds=1))
    with Session(engine) as worker:
        assert publish_due(worker) == 1
        worker.commit()
    assert client.get("/api/v1/booths/kota-bitung").json()["content"]["tagline"] == "Saat pembukaan"


def test_submission_notifies_the_halls_moderators(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    from sqlmodel import col, select

    from app.accounts.models import User
    from app.notifications.models import Notification

    submit_change(client, people)
    session.rollback()
    received = session.exec(
        select(User.email)
        .join(Notification, col(Notification.user_id) == User.id)
        .where(Notification.kind == "submission_received")
    ).all()
    assert received == ["mod1@pameran.go.id"]  # the hall's moderator, not every moderator


def test_editors_submit_from_the_dashboard(
    client: TestClient, people: dict[str, dict[str, str]]
) -> None:
    from tests.factories import sign_in

    csrf = sign_in(client, "ed@bitung.go.id")
    assert client.post("/workspace/booths/kota-bitung/submit", data={}).status_code == 403
    done = client.post(
        "/workspace/booths/kota-bitung/submit", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert done.status_code == 303
    assert "Ajukan untuk ditinjau" not in client.get("/workspace").text  # one open at a time
    again = client.post("/workspace/booths/kota-bitung/submit", data={"csrf_token": csrf})
    assert again.status_code == 409 and "sudah memiliki pengajuan" in again.text
    assert client.get(SUBMIT, headers=people["editor"]).json()[0]["state"] == "submitted"
