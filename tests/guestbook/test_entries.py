"""Writing in a guestbook: checks, honeypot, limit per address, nothing public unreviewed."""

import html
from collections.abc import Callable

import httpx2
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.booths.models import Booth
from app.guestbook.models import MESSAGE_MAX, EntryState, GuestbookEntry
from app.guestbook.service import ENTRIES_PER_ADDRESS
from tests.factories import csrf_token_on
from tests.guestbook.conftest import LIVE, UNLIVED, count_rows

PAGE = f"/booths/{LIVE}/guestbook"
THANKS = "Terima kasih — pesan Anda akan tampil setelah diperiksa moderator."


def post(client: TestClient, **fields: str) -> httpx2.Response:
    token = csrf_token_on(client, PAGE)
    return client.post(PAGE, data={"csrf_token": token, **fields}, follow_redirects=False)


def test_an_entry_waits_for_moderation(
    client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    response = post(
        client, name="  Rina,\n Manado ", message="  Keren!\r\n\r\n\r\n\r\nSukses.\x00 "
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{PAGE}?sent=1#sent"
    assert THANKS in client.get(response.headers["location"]).text
    session.rollback()
    entry = session.exec(select(GuestbookEntry)).one()
    assert (entry.name, entry.message, entry.state) == (
        "Rina, Manado",
        "Keren!\n\nSukses.",
        "pending",
    )
    assert entry.booth_id == booths[LIVE].id
    assert "Keren!" not in client.get(PAGE).text  # not before a moderator approves it
    assert "Keren!" not in client.get(f"/booths/{LIVE}").text


def test_bad_input_is_refused_beside_its_field_and_kept(
    client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    empty = post(client, name="   ", message="Pesan yang saya tulis panjang-panjang")
    assert empty.status_code == 422
    assert "Tulis nama Anda." in empty.text and 'aria-invalid="true"' in empty.text
    assert "Pesan yang saya tulis panjang-panjang</textarea>" in empty.text

    long = post(client, name="Budi", message="x" * (MESSAGE_MAX + 1))
    assert long.status_code == 422
    assert f"Pesan paling panjang {MESSAGE_MAX} karakter" in long.text
    assert 'value="Budi"' in long.text

    both = post(client, name="", message="")
    assert both.status_code == 422
    assert "Tulis nama Anda." in both.text and "Tulis pesan Anda." in both.text

    no_token = client.post(PAGE, data={"name": "Budi", "message": "Halo"})
    assert no_token.status_code == 403
    assert count_rows(session, GuestbookEntry) == 0


def test_the_honeypot_pretends_and_stores_nothing(
    client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    page = client.get(PAGE).text
    assert 'name="website"' in page and 'tabindex="-1"' in page
    response = post(client, name="Bot", message="Beli obat murah", website="http://spam.example")
    assert response.status_code == 303 and response.headers["location"] == f"{PAGE}?sent=1#sent"
    assert count_rows(session, GuestbookEntry) == 0


def test_entries_are_limited_per_address(
    client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    for n in range(ENTRIES_PER_ADDRESS.hits):
        assert post(client, name="Rina", message=f"Pesan {n}").status_code == 303
    refused = post(client, name="Rina", message="Satu lagi")
    assert refused.status_code == 429
    assert "Coba lagi nanti" in refused.text and "Satu lagi</textarea>" in refused.text
    assert count_rows(session, GuestbookEntry) == ENTRIES_PER_ADDRESS.hits


def test_booths_without_a_live_revision_have_no_guestbook(
    client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    token = csrf_token_on(client, PAGE)
    for slug in (UNLIVED, "no-such-booth"):
        assert client.get(f"/booths/{slug}/guestbook").status_code == 404
        data = {"csrf_token": token, "name": "Rina", "message": "Halo"}
        assert client.post(f"/booths/{slug}/guestbook", data=data).status_code == 404
    assert count_rows(session, GuestbookEntry) == 0


def test_approved_entries_are_plain_text_newest_first_in_pages(
    client: TestClient, add_entry: Callable[..., GuestbookEntry]
) -> None:
    add_entry("<script>alert(1)</script>\nbaris **dua**", state=EntryState.approved)
    for n in range(24):
        add_entry(f"Pesan nomor {n:02d}.", state=EntryState.approved)
    first = client.get(PAGE).text
    assert "Pesan nomor 23." in first and "Pesan nomor 04." in first
    assert "Pesan nomor 03." not in first and "<script>alert" not in first
    assert first.index("Pesan nomor 23.") < first.index("Pesan nomor 22.")
    second = client.get(f"{PAGE}?page=2").text
    assert "Pesan nomor 03." in second and "Pesan nomor 04." not in second
    assert html.escape("<script>alert(1)</script>") + "\nbaris **dua**" in second
    assert client.get(f"{PAGE}?page=0").status_code == 422
    booth = client.get(f"/booths/{LIVE}").text  # the latest three, and a link to the rest
    assert "Pesan nomor 21." in booth and "Pesan nomor 20." not in booth
    assert f'href="/booths/{LIVE}/guestbook#pesan"' in booth


def test_names_and_messages_lose_bidi_overrides_and_invisible_characters(
    client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    # "Admin" spelled backwards behind a right-to-left override, a zero-width space and
    # an isolate: shown, it would read as something other than what is stored.
    name = "\u202enimdA\u202c \u200bRina\u2066"
    message = "Bagus\u202e!\u2069\ufeff\u00ad"
    assert post(client, name=name, message=message).status_code == 303
    session.rollback()
    entry = session.exec(select(GuestbookEntry)).one()
    assert (entry.name, entry.message) == ("nimdA Rina", "Bagus!")
    assert post(client, name="\u202e\u200b\u3164", message="Halo").status_code == 422  # blank
