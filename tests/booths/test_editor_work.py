"""The editor's everyday work: every text translatable (with what is missing), several
rows added at once, the freeze and the opening announced, an honest status chip."""

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.timeutil import utcnow
from app.curation.service import set_times
from tests.booths.test_editor import DRAFT_API, EDITOR, browser_form, draft, editor_fields
from tests.factories import bearer_headers, in_english, make_user

EN = "translations.en"
ROWS = "pillars.governance.achievements"


def mark_beside(html: str, name: str) -> bool:
    """Whether the English field `name` carries the "not yet translated" mark."""
    fid = "f-" + name.replace(".", "-").replace("_", "-")
    label = re.search(rf'<label class="field__label" for="{fid}">(.*?)</label>', html, re.S)
    assert label, f"no English field {name}"
    return "editor-missing" in label.group(1)


def test_every_text_a_visitor_reads_has_an_english_field(client: TestClient, csrf: str) -> None:
    html = client.get(EDITOR).text
    content = draft(client)
    fields = browser_form(html)
    # Rows of every list, and the texts of the shown media items.
    for name in (
        f"{EN}.{ROWS}.0.title",
        f"{EN}.{ROWS}.1.description",
        f"{EN}.pillars.governance.quick_wins.2.name",
        f"{EN}.pillars.governance.programs.0.name",
        f"{EN}.pillars.governance.kpis.0.unit",
        f"{EN}.media.{content['gallery'][0]}.alt_text",
        f"{EN}.media.{content['documents'][0]}.title",
    ):
        assert name in fields, name
    assert fields[f"{EN}.{ROWS}.0.title"] == "Digital public service mall"
    assert not mark_beside(html, f"{EN}.{ROWS}.0.title")
    assert mark_beside(html, f"{EN}.{ROWS}.1.title")
    assert mark_beside(html, f"{EN}.media.{content['logo']}.alt_text")
    # A count per section and in total.
    governance = re.search(r'id="translations-governance".*?</summary>', html, re.S)
    assert governance and re.search(r"\d+ belum diterjemahkan", governance.group(0))
    assert re.search(r"\d+ teks belum diterjemahkan", html)


def test_english_rows_and_media_texts_are_saved_and_shown_with_indonesian_fallback(
    client: TestClient, csrf: str
) -> None:
    content = draft(client)
    photo = content["gallery"][0]
    fields = editor_fields(client) | {
        f"{EN}.{ROWS}.1.title": "Electronic signatures",
        f"{EN}.media.{photo}.caption": "The harbour at dawn",
        f"{EN}.media.{photo}.alt_text": "Boats moored at the harbour",
        # the first achievement moves below the second: its English goes with it
        f"{ROWS}.0.order": "3",
    }
    assert client.post(EDITOR, data=fields, follow_redirects=False).status_code == 303
    saved = draft(client)
    english = saved["translations"]["en"]
    assert [r.get("title") for r in english["pillars"]["governance"]["achievements"]] == [
        "Electronic signatures",
        "Digital public service mall",
    ]
    assert english["media"][str(photo)] == {
        "caption": "The harbour at dawn",
        "alt_text": "Boats moored at the harbour",
    }
    # A GET of the draft can be PUT back unchanged.
    put = client.put(DRAFT_API, json=saved, headers={"X-CSRF-Token": csrf})
    assert put.status_code == 200 and put.json() == saved

    preview = client.get("/workspace/booths/kota-bitung/preview?lang=en").text
    assert "Electronic signatures" in preview and "Digital public service mall" in preview
    assert 'alt="Boats moored at the harbour"' in preview and "The harbour at dawn" in preview
    # Untranslated texts fall back to Indonesian.
    assert "Aduan warga daring" in preview
    indonesian = client.get("/workspace/booths/kota-bitung/preview?lang=id").text
    assert "Tanda tangan elektronik" in indonesian and "Boats moored" not in indonesian


def test_the_live_english_booth_uses_the_row_translations(client: TestClient, booth: None) -> None:
    page = client.get("/booths/kota-bitung?lang=en").text
    assert "Digital public service mall" in page  # translated row
    assert "Tanda tangan elektronik" in page  # its untranslated neighbour, in Indonesian


def test_several_rows_can_be_added_before_saving(client: TestClient, csrf: str) -> None:
    before = draft(client)
    fields = editor_fields(client)
    blank = len(before["pillars"]["governance"]["achievements"])  # the blank row's number
    fields[f"{ROWS}.{blank}.title"] = "Satu data kota"
    answer = client.post(EDITOR, data=fields | {"add_row": ROWS})
    assert answer.status_code == 200
    assert draft(client) == before  # nothing saved yet
    shown = browser_form(answer.text)
    assert shown[f"{ROWS}.{blank}.title"] == "Satu data kota"  # typed value kept
    assert f"{ROWS}.{blank + 1}.title" in shown  # one more blank row
    assert "data-dirty" in answer.text
    # Another round, then save: both new rows land.
    shown[f"{ROWS}.{blank + 1}.title"] = "Sensor banjir"
    again = client.post(EDITOR, data=shown | {"add_row": ROWS})
    shown = browser_form(again.text)
    assert shown[f"{ROWS}.{blank + 1}.title"] == "Sensor banjir"
    assert client.post(EDITOR, data=shown, follow_redirects=False).status_code == 303
    titles = [a["title"] for a in draft(client)["pillars"]["governance"]["achievements"]]
    assert titles[-2:] == ["Satu data kota", "Sensor banjir"]
    # A list that does not exist is no list to add to: the form is simply saved.
    assert client.post(EDITOR, data=shown | {"add_row": "pillars.x.y"}).status_code in (200, 303)


def test_the_freeze_is_announced_before_and_after(
    client: TestClient, csrf: str, session: Session
) -> None:
    set_times(session, opening_at=None, freeze_at=utcnow() + timedelta(days=3), actor_id=None)
    session.commit()
    for path in ("/workspace", EDITOR):
        assert "Pengajuan ditutup pada" in client.get(path).text
        english = in_english(client, path)
        assert "Submissions close on" in english and "WIB" in english
    set_times(session, opening_at=None, freeze_at=utcnow() - timedelta(hours=1), actor_id=None)
    session.commit()
    dashboard = client.get("/workspace").text
    assert "Pengajuan ditutup sejak" in dashboard
    assert 'action="/workspace/booths/kota-bitung/submit"' not in dashboard


def test_an_approval_waiting_for_the_opening_says_so_and_is_not_offered_again(
    client: TestClient, csrf: str, session: Session
) -> None:
    moderator = make_user(session, "moderator@example.go.id", "moderator")
    headers = bearer_headers(session, {"moderator": moderator})["moderator"]
    set_times(session, opening_at=utcnow() + timedelta(days=2), freeze_at=None, actor_id=None)
    session.commit()
    content = draft(client) | {"tagline": "Kota pelabuhan yang cerdas"}
    client.put(DRAFT_API, json=content, headers={"X-CSRF-Token": csrf})
    assert "Tayang · ada perubahan belum diajukan" in client.get("/workspace").text
    english = in_english(client, "/workspace")
    assert "Live · unpublished changes" in english
    submitted = client.post(
        "/api/v1/workspace/booths/kota-bitung/submissions", headers={"X-CSRF-Token": csrf}
    ).json()
    assert "Tayang · perubahan sedang ditinjau" in client.get("/workspace").text
    decision = {"decision": "approve", "reason": "", "comments": []}
    path = f"/api/v1/moderation/submissions/{submitted['id']}"
    assert client.post(f"{path}/claim", headers=headers).status_code == 200
    assert client.post(f"{path}/decision", json=decision, headers=headers).status_code == 200

    for page in (client.get("/workspace").text, client.get(EDITOR).text):
        assert "akan tayang saat pembukaan pada" in page
    assert 'action="/workspace/booths/kota-bitung/submit"' not in client.get("/workspace").text
    # A change after the approval can be sent for review again.
    content = draft(client) | {"tagline": "Kota pelabuhan yang makin cerdas"}
    client.put(DRAFT_API, json=content, headers={"X-CSRF-Token": csrf})
    dashboard = client.get("/workspace").text
    assert 'action="/workspace/booths/kota-bitung/submit"' in dashboard
    assert "Ajukan perubahan terbaru" in dashboard


def test_sambutan_is_welcome_in_english(client: TestClient, csrf: str) -> None:
    english = in_english(client, EDITOR)
    assert "Foreword" not in english and ">Welcome<" in english
