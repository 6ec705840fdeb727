"""Moderating guestbook entries (HTML tab and JSON), audited; what the public and regions see."""

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.guestbook.models import EntryState, GuestbookEntry
from tests.factories import sign_in
from tests.guestbook.conftest import LIVE, UNLIVED

TAB = "/moderation/guestbook"
API = "/api/v1/moderation/guestbook"
AddEntry = Callable[..., GuestbookEntry]


def signed_in(app: FastAPI, email: str) -> tuple[TestClient, str]:
    """A browser of its own, signed in; with its CSRF token."""
    browser = TestClient(app)
    return browser, sign_in(browser, email)


def test_only_moderators_and_organizers_moderate(
    app: FastAPI, client: TestClient, people: dict[str, str], add_entry: AddEntry
) -> None:
    entry = add_entry("Halo")
    to_login = client.get(TAB, follow_redirects=False)
    assert to_login.status_code == 303 and to_login.headers["location"].startswith("/login")
    assert client.get(API).status_code == 401
    assert client.post(f"{API}/{entry.id}", json={"state": "approved"}).status_code == 401

    editor, token = signed_in(app, people["bitung"])
    assert editor.get(TAB).status_code == 403
    assert editor.get(API).status_code == 403
    headers = {"X-CSRF-Token": token}
    assert (
        editor.post(f"{API}/{entry.id}", json={"state": "approved"}, headers=headers).status_code
        == 403
    )
    form = {"csrf_token": token, "state": "approved"}
    assert editor.post(f"{TAB}/{entry.id}", data=form).status_code == 403

    for role in ("moderator", "organizer"):
        browser, _token = signed_in(app, people[role])
        assert browser.get(TAB).status_code == 200
        assert browser.get(API).status_code == 200


def test_the_tab_lists_pending_entries_oldest_first(
    app: FastAPI, people: dict[str, str], add_entry: AddEntry
) -> None:
    older = add_entry("Yang pertama", name="Ani")
    newer = add_entry("Yang kedua", name="Budi")
    add_entry("Sudah tampil", state=EntryState.approved)
    moderator, _token = signed_in(app, people["moderator"])
    page = moderator.get(TAB).text
    assert page.index("Yang pertama") < page.index("Yang kedua") and "Sudah tampil" not in page
    assert "Kota Bitung" in page and "Likupang" in page  # its region and hall
    assert 'href="/moderation/guestbook" aria-current="page"' in page
    assert 'href="/moderation"' in page  # the tab bar leads back to the submissions
    assert [e["id"] for e in moderator.get(API).json()] == [older.id, newer.id]
    approved = moderator.get(API, params={"state": "approved"}).json()
    assert [e["message"] for e in approved] == ["Sudah tampil"]
    assert len(moderator.get(API, params={"hall": "likupang"}).json()) == 2
    assert moderator.get(API, params={"hall": "danau-toba"}).json() == []
    assert "Tidak ada pesan" in moderator.get(TAB, params={"hall": "danau-toba"}).text
    assert moderator.get(API, params={"state": "deleted"}).status_code == 422
    assert moderator.get(API, params={"hall": "no-such-hall"}).status_code == 422


def test_approving_shows_the_entry_at_once_and_hiding_removes_it(
    app: FastAPI,
    client: TestClient,
    session: Session,
    people: dict[str, str],
    add_entry: AddEntry,
) -> None:
    entry = add_entry("Antrian daring puskesmasnya sangat membantu!")
    booth_page = client.get(f"/booths/{LIVE}")  # cached now, for every visitor
    assert "Antrian daring" not in booth_page.text and "Belum ada pesan" in booth_page.text

    moderator, token = signed_in(app, people["moderator"])
    back = f"{TAB}?state=pending&hall=likupang"
    form = {"csrf_token": token, "state": "approved", "back": back}
    approved = moderator.post(f"{TAB}/{entry.id}", data=form, follow_redirects=False)
    assert approved.status_code == 303 and approved.headers["location"] == f"{back}&done=approved"
    assert "Pesan disetujui" in moderator.get(approved.headers["location"]).text
    assert "Antrian daring" in client.get(f"/booths/{LIVE}").text  # a new epoch: not stale
    assert "Antrian daring" in client.get(f"/booths/{LIVE}/guestbook").text

    form = {"csrf_token": token, "state": "hidden", "back": "https://evil.example/"}
    hidden = moderator.post(f"{TAB}/{entry.id}", data=form, follow_redirects=False)
    assert hidden.headers["location"] == f"{TAB}?done=hidden"
    assert "Antrian daring" not in client.get(f"/booths/{LIVE}").text
    assert "Antrian daring" not in client.get(f"/booths/{LIVE}/guestbook").text

    session.rollback()
    moderator_id = session.exec(select(User.id).where(User.email == people["moderator"])).one()
    events = session.exec(
        select(AuditEvent).where(col(AuditEvent.action).startswith("guestbook."))
    ).all()
    assert [(e.action, e.actor_id, e.booth_id, e.data) for e in events] == [
        (
            "guestbook.approved",
            moderator_id,
            entry.booth_id,
            {"entry": entry.id, "previous": "pending"},
        ),
        (
            "guestbook.hidden",
            moderator_id,
            entry.booth_id,
            {"entry": entry.id, "previous": "approved"},
        ),
    ]
    session.refresh(entry)
    assert (entry.state, entry.moderated_by_id) == ("hidden", moderator_id)


def test_the_json_api_moderates_with_csrf(
    app: FastAPI, session: Session, people: dict[str, str], add_entry: AddEntry
) -> None:
    entry = add_entry("Lewat API")
    organizer, token = signed_in(app, people["organizer"])
    url = f"{API}/{entry.id}"
    assert organizer.post(url, json={"state": "approved"}).status_code == 403  # no X-CSRF-Token
    headers = {"X-CSRF-Token": token}
    assert organizer.post(url, json={"state": "pending"}, headers=headers).status_code == 422
    assert (
        organizer.post(f"{API}/999999", json={"state": "hidden"}, headers=headers).status_code
        == 404
    )
    session.refresh(entry)
    assert entry.state == "pending"

    done = organizer.post(url, json={"state": "approved"}, headers=headers)
    assert done.status_code == 200
    assert done.json() | {"created_at": None, "moderated_at": None} == {
        "id": entry.id,
        "booth": LIVE,
        "name": "Rina, Manado",
        "message": "Lewat API",
        "state": "approved",
        "created_at": None,
        "moderated_at": None,
    }
    again = organizer.post(url, json={"state": "approved"}, headers=headers)
    assert again.status_code == 200  # the same decision again changes nothing
    session.rollback()
    actions = session.exec(
        select(AuditEvent.action).where(col(AuditEvent.action).startswith("guestbook."))
    ).all()
    assert actions == ["guestbook.approved"]


def test_a_region_sees_only_its_approved_entries(
    app: FastAPI,
    people: dict[str, str],
    add_entry: AddEntry,
    booths: dict[str, Booth],
) -> None:
    add_entry("Disetujui untuk Bitung", state=EntryState.approved)
    add_entry("Masih menunggu", state=EntryState.pending)
    add_entry("Disembunyikan", state=EntryState.hidden)
    add_entry("Untuk Manado", state=EntryState.approved, booth=UNLIVED)
    editor, _token = signed_in(app, people["bitung"])
    editor.post(f"/api/v1/booths/{LIVE}/likes")
    assert f'href="/workspace/booths/{LIVE}/guestbook"' in editor.get("/workspace").text
    page = editor.get(f"/workspace/booths/{LIVE}/guestbook").text
    assert "Disetujui untuk Bitung" in page
    assert "Masih menunggu" not in page and "Disembunyikan" not in page
    assert "Untuk Manado" not in page
    assert '<span class="stat__value">1</span> <span class="stat__label">suka' in page
    assert editor.get(f"/workspace/booths/{UNLIVED}/guestbook").status_code == 404
