"""The booth's media library: only fitting places, every place can be emptied, unused
items can be deleted (a used one says where), and empty texts stay empty."""

import re
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.core.config import Settings
from app.media.models import MediaAsset, MediaFile
from app.media.service import MediaDetails
from tests.booths.test_editor import DRAFT_API, draft
from tests.factories import in_english, make_pdf

LIBRARY = "/workspace/booths/kota-bitung/media"
API = "/api/v1/workspace/booths/kota-bitung/media"


def library_page(client: TestClient) -> str:
    page = client.get(LIBRARY)
    assert page.status_code == 200
    return page.text


def offered_places(html: str, media_id: int) -> list[str]:
    """The options of the item's "use as" menu (none when the form is absent)."""
    found = re.search(rf'<select[^>]*id="place-{media_id}"[^>]*>(.*?)</select>', html, re.S)
    return re.findall(r'<option value="([^"]+)"', found.group(1)) if found else []


def post(client: TestClient, csrf: str, path: str, **data: str) -> httpx2.Response:
    return client.post(path, data={"csrf_token": csrf, **data}, follow_redirects=False)


def asset(session: Session, media_id: int) -> MediaAsset | None:
    session.rollback()  # a fresh read, after what the requests committed
    return session.get(MediaAsset, media_id)


def upload_pdf(client: TestClient, csrf: str, tmp_path: Path, **texts: str) -> int:
    pdf = make_pdf(tmp_path / "rencana.pdf").read_bytes()
    response = client.post(
        API,
        files={"file": ("rencana.pdf", pdf, "application/pdf")},
        data=texts,
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


@pytest.mark.parametrize("missing", ["undefined", "null", " Undefined ", "NULL"])
def test_a_clients_missing_value_is_stored_as_empty(missing: str) -> None:
    details = MediaDetails(alt_text=missing, title=missing, caption=missing, credit=missing)
    assert (details.alt_text, details.title, details.caption, details.credit) == ("",) * 4
    assert MediaDetails(title=" Undefined Behaviour ").title == "Undefined Behaviour"


def test_an_upload_without_texts_never_shows_undefined(
    client: TestClient, csrf: str, session: Session, tmp_path: Path
) -> None:
    media_id = upload_pdf(client, csrf, tmp_path, title="undefined", caption="null")
    stored = asset(session, media_id)
    assert stored is not None and (stored.title, stored.caption) == ("", "")
    html = library_page(client)
    assert "undefined" not in html and ">null<" not in html


def test_use_as_offers_only_the_places_that_fit_the_kind(
    client: TestClient, csrf: str, session: Session, tmp_path: Path
) -> None:
    before = draft(client)
    document = upload_pdf(client, csrf, tmp_path, title="Rencana")
    image = before["gallery"][0]
    html = library_page(client)
    assert offered_places(html, document) == ["documents"]
    # An image already in the gallery can still become the logo or the banner, not a video.
    assert set(offered_places(html, image)) <= {"logo", "banner"}
    assert "videos" not in offered_places(html, image)
    refused = post(client, csrf, f"{LIBRARY}/{image}/place", place="videos")
    assert refused.status_code == 422
    assert "tidak dapat dipakai di sana" in refused.text
    refused = post(client, csrf, f"{LIBRARY}/{document}/place", place="logo")
    assert refused.status_code == 422
    assert draft(client) == before


def test_every_place_can_be_emptied(client: TestClient, csrf: str) -> None:
    before = draft(client)
    logo, first, document = before["logo"], before["gallery"][0], before["documents"][0]
    for media_id, place in ((logo, "logo"), (first, "gallery"), (document, "documents")):
        response = post(client, csrf, f"{LIBRARY}/{media_id}/unplace", place=place)
        assert response.status_code == 303, response.text
    after = draft(client)
    assert "logo" not in after and after["banner"] == before["banner"]
    assert after["gallery"] == before["gallery"][1:]
    assert "documents" not in after or after["documents"] == []
    # The library offers to take each remaining use off, by name.
    html = library_page(client)
    assert f'action="{LIBRARY}/{before["banner"]}/unplace"' in html


def test_an_unused_item_is_deleted_and_a_used_one_says_where(
    client: TestClient, csrf: str, session: Session, tmp_path: Path
) -> None:
    spare = upload_pdf(client, csrf, tmp_path, title="Cadangan")
    used = draft(client)["documents"][0]  # in the draft and in the imported revision
    answer = post(client, csrf, f"{LIBRARY}/{used}/delete")
    assert answer.status_code == 409
    assert "masih dipakai" in answer.text and "revisi 1" in answer.text
    assert asset(session, used) is not None

    # Off the draft, it is still kept: revision 1 names it.
    post(client, csrf, f"{LIBRARY}/{used}/unplace", place="documents")
    assert post(client, csrf, f"{LIBRARY}/{used}/delete").status_code == 409
    assert "Tidak dapat dihapus" in library_page(client)

    assert post(client, csrf, f"{LIBRARY}/{spare}/delete").status_code == 303
    assert asset(session, spare) is None
    assert not session.exec(select(MediaFile).where(MediaFile.media_id == spare)).all()


def test_the_api_deletes_with_204_or_answers_409_with_the_uses(
    client: TestClient, csrf: str, session: Session, tmp_path: Path, settings: Settings
) -> None:
    headers = {"X-CSRF-Token": csrf}
    logo = draft(client)["logo"]
    busy = client.delete(f"{API}/{logo}", headers=headers)
    assert busy.status_code == 409
    assert busy.json()["used_in"] == [{"draft": "logo"}, {"revision": 1}]

    spare = upload_pdf(client, csrf, tmp_path)
    kept = session.exec(select(MediaFile).where(MediaFile.media_id == spare)).all()
    assert client.delete(f"{API}/{spare}", headers=headers).status_code == 204
    assert client.delete(f"{API}/{spare}", headers=headers).status_code == 404
    # Blobs are left to the sweeper, which keeps whatever another row still names.
    root = Path(settings.storage_url.removeprefix("file://"))
    assert all(any(root.rglob(f"{f.sha256}.{f.extension}")) for f in kept)


def test_deleting_drops_the_items_english_texts(
    client: TestClient, csrf: str, session: Session, tmp_path: Path
) -> None:
    spare = upload_pdf(client, csrf, tmp_path)
    content = draft(client)
    content["translations"]["en"]["media"] = {str(spare): {"title": "Spare plan"}}
    put = client.put(DRAFT_API, json=content, headers={"X-CSRF-Token": csrf})
    assert put.status_code == 200, put.text
    assert client.delete(f"{API}/{spare}", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert "media" not in draft(client)["translations"]["en"]
    put = client.put(DRAFT_API, json=draft(client), headers={"X-CSRF-Token": csrf})
    assert put.status_code == 200


def test_kinds_are_named_in_the_readers_language(client: TestClient, csrf: str) -> None:
    english = in_english(client, LIBRARY)
    assert "PDF document" in english and "· Image" in english
    assert not re.search(r">\s*DOCUMENT\s*<|· (image|document)\b", english)
    indonesian = client.get(f"{LIBRARY}?lang=id").text
    assert "Dokumen PDF" in indonesian and "· Gambar" in indonesian
