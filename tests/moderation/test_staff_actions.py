"""Reviewers' everyday work: blocking checks and their override, the diff since the
notes a resubmission answers, taking over a left claim, and notifications that link
to the page to act on in the recipient's language."""

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.moderation.service import send_reminders
from app.notifications.models import Notification
from tests.factories import sign_in
from tests.moderation.conftest import DRAFT, SUBMIT, submit_change

API = "/api/v1/moderation/submissions"
PAGE = "/moderation/submissions"


def submit_empty(client: TestClient, people: dict[str, dict[str, str]]) -> int:
    """The draft emptied of logo, banner and pillars, submitted."""
    draft = client.get(DRAFT, headers=people["editor"]).json()
    empty = {**draft, "logo": None, "banner": None, "pillars": {}, "tagline": "undefined"}
    assert client.put(DRAFT, json=empty, headers=people["editor"]).status_code == 200
    created = client.post(SUBMIT, headers=people["editor"])
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def fresh(session: Session) -> Session:
    session.rollback()
    session.expire_all()
    return session


def test_blocking_checks_refuse_an_approval_until_overridden_with_a_reason(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    submission = submit_empty(client, people)
    detail = client.get(f"{API}/{submission}", headers=people["mod1"]).json()
    blocking = {c["code"] for c in detail["checks"] if c["severity"] == "blocking"}
    assert blocking == {"missing_logo", "missing_banner", "no_pillar", "placeholder_text"}
    decide = f"{API}/{submission}/decision"
    refused = client.post(decide, json={"decision": "approve"}, headers=people["mod1"])
    assert refused.status_code == 422
    assert all(code in refused.json()["detail"] for code in blocking)
    no_reason = client.post(
        decide, json={"decision": "approve", "override": True}, headers=people["mod1"]
    )
    assert no_reason.status_code == 422
    booth = fresh(session).exec(select(Booth).where(Booth.slug == "kota-bitung")).one()
    live = booth.live_revision_id
    assert not session.exec(
        select(AuditEvent).where(AuditEvent.action == "submission.checks_overridden")
    ).all()
    approved = client.post(
        decide,
        json={"decision": "approve", "override": True, "reason": "Logo menyusul besok."},
        headers=people["mod1"],
    )
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    booth = fresh(session).exec(select(Booth).where(Booth.slug == "kota-bitung")).one()
    assert booth.live_revision_id != live
    [event] = session.exec(
        select(AuditEvent).where(AuditEvent.action == "submission.checks_overridden")
    ).all()
    assert set(event.data["checks"]) == blocking and event.data["reason"] == "Logo menyusul besok."


def test_the_decision_form_asks_for_the_override_beside_its_field(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    submission = submit_empty(client, people)
    csrf = sign_in(client, "mod2@pameran.go.id")
    page = client.get(f"{PAGE}/{submission}").text
    assert "check--blocking" in page and 'name="override"' in page
    form = {"csrf_token": csrf, "decision": "approve", "reason": "Tetap tayang."}
    refused = client.post(f"{PAGE}/{submission}/decision", data=form)
    assert refused.status_code == 422 and 'id="override-error"' in refused.text
    done = client.post(
        f"{PAGE}/{submission}/decision", data={**form, "override": "1"}, follow_redirects=False
    )
    assert done.status_code == 303


def test_a_complete_booth_is_approved_without_an_override(
    client: TestClient, people: dict[str, dict[str, str]]
) -> None:
    submission = submit_change(client, people)["id"]
    detail = client.get(f"{API}/{submission}", headers=people["mod1"]).json()
    assert not [c for c in detail["checks"] if c["severity"] == "blocking"]
    approved = client.post(
        f"{API}/{submission}/decision", json={"decision": "approve"}, headers=people["mod1"]
    )
    assert approved.status_code == 200


def test_a_resubmission_is_compared_with_the_revision_sent_back(
    client: TestClient, people: dict[str, dict[str, str]]
) -> None:
    first = submit_change(client, people, tagline="Kota pelabuhan versi satu")["id"]
    assert (
        client.get(f"{API}/{first}", headers=people["mod1"]).json()["diff_since_feedback"] is None
    )
    client.post(
        f"{API}/{first}/decision",
        json={"decision": "request_changes", "reason": "Perbaiki tagline."},
        headers=people["mod1"],
    )
    draft = client.get(DRAFT, headers=people["editor"]).json()
    changed = {**draft, "tagline": "Kota pelabuhan versi dua", "welcome": draft["welcome"]}
    client.put(DRAFT, json=changed, headers=people["editor"])
    second = client.post(SUBMIT, headers=people["editor"]).json()["id"]
    detail = client.get(f"{API}/{second}", headers=people["mod1"]).json()
    assert detail["feedback_revision"] == 2
    assert detail["diff_since_feedback"]["changed"] == ["identity"]
    assert detail["diff"]["changed"] == ["identity"]  # against the live booth: also the tagline
    sign_in(client, "mod1@pameran.go.id")
    live = client.get(f"{PAGE}/{second}").text
    since = client.get(f"{PAGE}/{second}?compare=feedback").text
    assert f'href="/moderation/submissions/{second}?compare=feedback#diff-title"' in live
    assert "Perbaiki tagline." in since  # the notes it answers, beside the diff
    # Word by word: since the notes, "satu" became "dua"; the live booth had neither.
    deleted_satu = r"<del><span[^>]*>[^<]*</span>satu"
    assert re.search(deleted_satu, since) and not re.search(deleted_satu, live)


def test_an_organizer_takes_over_a_left_claim_and_the_holder_is_told(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    submission = submit_change(client, people)["id"]
    client.post(f"{API}/{submission}/claim", headers=people["mod1"])
    assert client.post(f"{API}/{submission}/take-over", headers=people["mod2"]).status_code == 403
    csrf = sign_in(client, "org@pameran.go.id")
    page = client.get(f"{PAGE}/{submission}").text
    # The held-by notice comes before the header (on a phone, the header fills the screen).
    assert page.index("review-held") < page.index('class="review-head"')
    assert f'action="{PAGE}/{submission}/take-over"' in page
    taken = client.post(
        f"{PAGE}/{submission}/take-over", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert taken.status_code == 303
    again = client.post(f"{API}/{submission}/take-over", headers=people["org"])
    assert again.status_code == 409  # nobody else holds it now
    fresh(session)
    holder = session.exec(select(User).where(User.email == "mod1@pameran.go.id")).one()
    [told] = session.exec(
        select(Notification).where(
            Notification.user_id == holder.id, Notification.kind == "claim_taken_over"
        )
    ).all()
    assert told.link == f"{PAGE}/{submission}" and "org@pameran.go.id" in told.body
    [event] = session.exec(
        select(AuditEvent).where(AuditEvent.action == "submission.taken_over")
    ).all()
    assert event.data["previous"] == "mod1@pameran.go.id"
    decided = client.post(
        f"{API}/{submission}/decision", json={"decision": "approve"}, headers=people["org"]
    )
    assert decided.status_code == 200


def test_every_notification_links_to_its_page_in_the_recipients_language(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    for user in session.exec(select(User)).all():
        user.language = "en"
        session.add(user)
    session.commit()
    first = submit_change(client, people)["id"]  # submission received
    client.post(f"{API}/{first}/claim", headers=people["mod1"])
    client.post(f"{API}/{first}/take-over", headers=people["org"])  # claim taken over
    client.post(f"{API}/{first}/decision", json={"decision": "approve"}, headers=people["org"])
    client.post(
        "/api/v1/moderation/booths/kota-bitung/revert",
        json={"revision": 1, "reason": "Kembali"},
        headers=people["org"],
    )
    client.post(
        "/api/v1/moderation/booths/kota-bitung/unpublish",
        json={"reason": "Sementara"},
        headers=people["org"],
    )
    csrf = sign_in(client, "org@pameran.go.id")
    client.post(
        "/organizer/users",
        data={
            "csrf_token": csrf,
            "email": "new@pameran.go.id",
            "role": "moderator",
            "language": "en",
        },
    )
    editor = fresh(session).exec(select(User).where(User.email == "ed@bitung.go.id")).one()
    client.post(f"/organizer/users/{editor.id}/password-reset", data={"csrf_token": csrf})
    submit_change(client, people, tagline="Menunggu")
    fresh(session)
    send_reminders(session, timedelta(seconds=-1))
    session.commit()
    messages = session.exec(select(Notification).order_by(col(Notification.id))).all()
    kinds = {m.kind for m in messages}
    assert kinds >= {
        "submission_received",
        "claim_taken_over",
        "decision",
        "reverted",
        "unpublished",
        "reminder",
        "invitation",
        "password_reset",
    }
    for message in messages:
        assert message.link and message.link.startswith("/"), message.kind
        if message.kind not in ("invitation", "password_reset"):
            assert client.get(message.link).status_code == 200, message.kind  # as organizer
        indonesian = r"Pengajuan|Pengingat|Klaim|Undangan|ulang|disetujui|ditayangkan|diturunkan"
        assert not re.search(indonesian, message.subject), (message.kind, message.subject)
    sign_in(client, "ed@bitung.go.id")
    listed = client.get("/account/notifications").text
    assert 'href="/workspace/booths/kota-bitung/submissions"' in listed
