"""The organizers' booth pages: publication state, history, revert and unpublish by form."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.booths.publication import unpublish_booth
from app.moderation.models import State, Submission
from app.moderation.service import cancel_waiting_approvals, submit, transition
from tests.factories import BundleFactory, first_group, make_user, sign_in

HISTORY = "/organizer/booths/kota-bitung"


def propose(session: Session, booth: Booth, editor: User, tagline: str) -> Submission:
    booth.draft = {**booth.draft, "tagline": tagline}
    session.add(booth)
    return submit(session, booth, actor=editor)


@pytest.fixture
def exhibition(
    session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> None:
    """Kota Bitung (Likupang): revision 1 imported, 2 approved and live, 3 rejected,
    4 waiting; Kota Manado (Danau Toba): imported, then taken down."""
    bundles.make()
    bundles.make("kota-manado", code="71.71", hall="danau-toba", title="Kota Manado")
    import_bundles(bundles.root)
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    moderator = make_user(session, "mod@pameran.go.id", "moderator")
    organizer = make_user(session, "org@pameran.go.id", "organizer")
    bitung = session.exec(select(Booth).where(Booth.slug == "kota-bitung")).one()
    transition(session, propose(session, bitung, editor, "Kedua"), State.approved, actor=moderator)
    rejected = propose(session, bitung, editor, "Ketiga")
    transition(session, rejected, State.rejected, actor=moderator, reason="Foto buram")
    propose(session, bitung, editor, "Keempat")
    manado = session.exec(select(Booth).where(Booth.slug == "kota-manado")).one()
    unpublish_booth(
        session,
        manado,
        actor=organizer,
        reason="Data keliru",
        on_override=cancel_waiting_approvals,
    )
    session.commit()


@pytest.fixture
def organizer(client: TestClient, exhibition: None) -> str:
    """The client signed in as the organizer; its CSRF token."""
    return sign_in(client, "org@pameran.go.id")


def rows(html: str) -> list[str]:
    """The booths listed, by their history links, in order."""
    return re.findall(r'<a href="/organizer/booths/([a-z-]+)">', html)


def test_every_booth_with_its_state(client: TestClient, organizer: str) -> None:
    page = client.get("/organizer/booths")
    assert page.status_code == 200 and page.headers["cache-control"] == "private, no-store"
    html = page.text
    assert rows(html) == ["kota-bitung", "kota-manado"]
    bitung = html[
        html.index("/organizer/booths/kota-bitung") : html.index("/organizer/booths/kota-manado")
    ]
    assert "Revisi 2" in bitung and "Diajukan" in bitung and "Likupang" in bitung
    assert "WIB" in bitung  # last published
    manado = html[html.index("/organizer/booths/kota-manado") :]
    assert "tidak tayang" in manado and "Danau Toba" in manado
    assert '<th scope="col">' in html and 'href="/organizer/booths" aria-current="page"' in html


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("hall=likupang", ["kota-bitung"]),
        ("hall=danau-toba", ["kota-manado"]),
        ("hall=-", []),
        ("status=live", ["kota-bitung"]),
        ("status=offline", ["kota-manado"]),
        ("hall=likupang&status=offline", []),
        ("status=whatever", ["kota-bitung", "kota-manado"]),
    ],
)
def test_filters(client: TestClient, organizer: str, query: str, listed: list[str]) -> None:
    page = client.get(f"/organizer/booths?{query}")
    assert page.status_code == 200 and rows(page.text) == listed


def revisions(html: str) -> dict[str, str]:
    """Each revision's part of the history page, by number, in order."""
    parts = html.split('<li class="revision')[1:]
    return {first_group(r"Revisi (\d+)", part): part for part in parts}


def test_the_history_of_a_booth(client: TestClient, organizer: str) -> None:
    html = client.get(HISTORY).text
    history = revisions(html)
    assert list(history) == ["4", "3", "2", "1"]
    assert "Sedang tayang" in history["2"] and "Sedang tayang" not in html.replace(history["2"], "")
    assert "Disetujui" in history["2"] and "mod@pameran.go.id" in history["2"]
    assert "Ditolak" in history["3"] and "Foto buram" in history["3"]
    assert "Diajukan" in history["4"] and "Impor bundel" in history["1"]
    # Only revision 1 was live once and is not live now: the one to put back.
    assert re.findall(r'name="revision" value="(\d+)"', html) == ["1"]
    assert 'action="/organizer/booths/kota-bitung/revert"' in html
    assert 'action="/organizer/booths/kota-bitung/unpublish"' in html
    assert "<details" in html and 'for="reason-revert-1"' in html
    for link in ("/booths/kota-bitung", "/workspace/booths/kota-bitung/preview"):
        assert f'href="{link}"' in html
    assert 'href="/organizer/audit?booth=kota-bitung"' in html
    assert client.get("/organizer/booths/tidak-ada").status_code == 404


def live_revision(client: TestClient) -> int | None:
    answer = client.get("/api/v1/booths/kota-bitung")
    return answer.json()["revision"] if answer.status_code == 200 else None


def audited(engine: Engine, action: str) -> list[AuditEvent]:
    with Session(engine) as fresh:
        return list(
            fresh.exec(
                select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
            ).all()
        )


def test_revert_by_form(client: TestClient, organizer: str, engine: Engine) -> None:
    done = client.post(
        f"{HISTORY}/revert",
        data={"csrf_token": organizer, "revision": "1", "reason": "Kembali ke impor"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == f"{HISTORY}?reverted=1"
    page = client.get(done.headers["location"]).text
    assert "Revisi 1 kini tayang" in page and 'role="status"' in page
    assert live_revision(client) == 1
    [event] = audited(engine, "booth.reverted")
    assert event.data == {"revision": 1, "reason": "Kembali ke impor"}
    assert re.findall(r'name="revision" value="(\d+)"', page) == ["2"]  # now 2 can come back


def test_unpublish_by_form(client: TestClient, organizer: str, engine: Engine) -> None:
    done = client.post(
        f"{HISTORY}/unpublish", data={"csrf_token": organizer, "reason": ""}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == f"{HISTORY}?unpublished=1"
    page = client.get(done.headers["location"]).text
    assert "Anjungan diturunkan dari pameran." in page
    assert live_revision(client) is None
    assert "tidak sedang tayang" in page and "/unpublish" not in page
    assert 'href="/booths/kota-bitung"' not in page
    assert re.findall(r'name="revision" value="(\d+)"', page) == ["2", "1"]
    manado, bitung = audited(engine, "booth.unpublished")
    assert bitung.data == {"reason": None} and bitung.booth_id != manado.booth_id


@pytest.mark.parametrize(
    ("path", "data", "status", "message"),
    [
        ("revert", {"revision": "2"}, 409, "Revisi ini sudah tayang."),
        ("revert", {"revision": "3"}, 404, "Revisi tidak ditemukan."),  # never live
        ("revert", {"revision": "99"}, 404, "Revisi tidak ditemukan."),
    ],
)
def test_a_refusal_is_shown_on_the_page(
    client: TestClient, organizer: str, path: str, data: dict[str, str], status: int, message: str
) -> None:
    page = client.post(
        f"{HISTORY}/{path}", data={"csrf_token": organizer, "reason": "Alasan saya", **data}
    )
    assert page.status_code == status
    assert 'role="alert"' in page.text and message in page.text
    assert '<h2 id="history-title">' in page.text  # the page itself, not an error page
    assert live_revision(client) == 2


def test_unpublishing_what_is_not_live_is_a_conflict_on_the_page(
    client: TestClient, organizer: str
) -> None:
    page = client.post(
        "/organizer/booths/kota-manado/unpublish",
        data={"csrf_token": organizer, "reason": "Lagi"},
    )
    assert page.status_code == 409 and "Anjungan ini tidak sedang tayang." in page.text


def test_without_the_csrf_token_nothing_changes(
    client: TestClient, organizer: str, engine: Engine
) -> None:
    assert client.post(f"{HISTORY}/revert", data={"revision": "1"}).status_code == 403
    assert client.post(f"{HISTORY}/unpublish", data={}).status_code == 403
    forged = {"csrf_token": "forged", "revision": "1"}
    assert client.post(f"{HISTORY}/revert", data=forged).status_code == 403
    assert live_revision(client) == 2
    assert (
        audited(engine, "booth.reverted") == [] and len(audited(engine, "booth.unpublished")) == 1
    )


@pytest.mark.parametrize("email", ["mod@pameran.go.id", "ed@bitung.go.id"])
def test_only_organizers(client: TestClient, exhibition: None, email: str) -> None:
    csrf = sign_in(client, email)
    for path in ("/organizer/booths", HISTORY):
        assert client.get(path).status_code == 403
    for action, data in (("revert", {"revision": "1"}), ("unpublish", {})):
        refused = client.post(f"{HISTORY}/{action}", data={"csrf_token": csrf, **data})
        assert refused.status_code == 403
    assert live_revision(client) == 2
    assert 'href="/organizer/booths"' not in client.get("/workspace").text


def test_anonymous_visitors_are_sent_to_sign_in(client: TestClient, exhibition: None) -> None:
    for path in ("/organizer/booths", HISTORY):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")


def test_a_booth_never_submitted(client: TestClient, organizer: str, session: Session) -> None:
    make_user(session, "ed@toba.go.id", "region-editor", regions=("12.12",))  # creates its booth
    listed = client.get("/organizer/booths?status=offline").text
    assert rows(listed) == ["kabupaten-toba", "kota-manado"] and "belum pernah" in listed
    page = client.get("/organizer/booths/kabupaten-toba")
    assert page.status_code == 200 and "belum punya revisi" in page.text
    assert "/revert" not in page.text and "/unpublish" not in page.text
