"""What the region reads back: decisions in its language, pinned comments in the editor."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.models import User
from app.notifications.models import Notification
from tests.factories import sign_in
from tests.moderation.conftest import submit_change

EDITOR = "/workspace/booths/kota-bitung"


def request_changes(client: TestClient, people: dict[str, dict[str, str]]) -> int:
    submission = submit_change(client, people)["id"]
    url = f"/api/v1/moderation/submissions/{submission}"
    client.post(f"{url}/claim", headers=people["mod1"])
    decided = client.post(
        f"{url}/decision",
        json={
            "decision": "request_changes",
            "reason": "Lengkapi data pilar ekonomi.",
            "comments": [
                {"section": "economy", "body": "Tambahkan KPI tahun 2025."},
                {"section": "gallery", "body": "Foto kedua buram."},
            ],
        },
        headers=people["mod1"],
    )
    assert decided.status_code == 200, decided.text
    return submission


def test_the_editor_shows_comments_next_to_their_sections(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    request_changes(client, people)
    sign_in(client, "ed@bitung.go.id")
    page = client.get(EDITOR).text
    assert "Lengkapi data pilar ekonomi." in page
    # Each comment sits inside its own section, not in a pile at the top.
    economy = page[page.index('id="economy"') : page.index('id="environment"')]
    assert "Tambahkan KPI tahun 2025." in economy
    gallery = page[page.index('id="gallery"') : page.index('id="documents"')]
    assert "Foto kedua buram." in gallery and "Tambahkan KPI" not in gallery
    # The table of contents marks the commented sections, and only those.
    toc = page[
        page.index('class="editor-toc"') : page.index("</nav>", page.index('class="editor-toc"'))
    ]
    marked = [
        link.split('"')[0] for link in toc.split('href="#')[1:] if "editor-toc__notes" in link
    ]
    assert marked == ["economy", "media"]


def test_a_new_submission_clears_the_feedback(
    client: TestClient, people: dict[str, dict[str, str]]
) -> None:
    request_changes(client, people)
    submit_change(client, people, tagline="Sudah diperbaiki")
    sign_in(client, "ed@bitung.go.id")
    page = client.get(EDITOR).text
    assert "Tambahkan KPI tahun 2025." not in page
    assert "Pengajuan sedang ditinjau" in page


def test_the_history_lists_every_decision_with_its_comments(
    client: TestClient, people: dict[str, dict[str, str]]
) -> None:
    request_changes(client, people)
    submit_change(client, people, tagline="Sudah diperbaiki")
    sign_in(client, "ed@bitung.go.id")
    page = client.get(f"{EDITOR}/submissions").text
    assert page.count('class="history__item ') == 2
    assert "Perlu perbaikan" in page and "Diajukan" in page
    assert f'href="{EDITOR}#economy"' in page and "Foto kedua buram." in page
    assert "mod1@pameran.go.id" in page


def test_another_regions_history_is_not_found(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    from tests.factories import make_user

    make_user(session, "ed@manado.go.id", "region-editor", regions=("71.71",))
    sign_in(client, "ed@manado.go.id")
    assert client.get(f"{EDITOR}/submissions").status_code == 404


def test_decisions_reach_editors_in_their_language_with_a_link(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    editor = session.exec(select(User).where(User.email == "ed@bitung.go.id")).one()
    editor.language = "en"
    session.add(editor)
    session.commit()
    request_changes(client, people)
    [message] = session.exec(
        select(Notification).where(
            Notification.user_id == editor.id, Notification.kind == "decision"
        )
    ).all()
    assert message.subject.endswith(": changes requested")
    assert "Lengkapi data pilar ekonomi." in message.body
    assert message.link == f"{EDITOR}/submissions"


def test_the_account_language_wins_over_the_sign_in_pages_language(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    editor = session.exec(select(User).where(User.email == "ed@bitung.go.id")).one()
    editor.language = "en"
    session.add(editor)
    session.commit()
    client.get("/login?lang=id")
    sign_in(client, "ed@bitung.go.id")
    session.expire_all()
    assert session.exec(select(User).where(User.email == "ed@bitung.go.id")).one().language == "en"
    assert client.get("/account").headers["content-language"] == "en"  # pages follow it
