"""The organizers' halls pages: the halls' order, new halls, a hall's texts, its booths'
walking order (up/down buttons, or the whole order the script posts) and moving a booth
to another hall."""

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.halls.service import hall_by_slug, halls_in_order
from tests.curation.conftest import LIKUPANG
from tests.factories import sign_in

HALLS = "/organizer/halls"
LIKUPANG_PAGE = f"{HALLS}/likupang"


@pytest.fixture
def csrf(client: TestClient, tokens: dict[str, dict[str, str]]) -> str:
    """The exhibition of tests/curation/conftest.py; the client signed in as its organizer."""
    return sign_in(client, "org@pameran.go.id")


@pytest.fixture
def visitor(app: FastAPI) -> Iterator[TestClient]:
    """An anonymous browser: it gets the cached public pages (a signed-in one skips the
    cache), so what it sees changes only when the epoch does."""
    with TestClient(app) as anonymous:
        yield anonymous


def events(session: Session, action: str) -> list[AuditEvent]:
    session.rollback()  # a fresh snapshot
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def rows(html: str, kind: str) -> list[str]:
    """The slugs of a reorderable list's rows, in the page's order."""
    return re.findall(rf'<li class="reorder__item" id="{kind}-([a-z0-9-]+)"', html)


def public_booths(visitor: TestClient) -> list[str]:
    html = visitor.get("/halls/likupang").text
    return re.findall(r'class="booth-card__link" href="/booths/([a-z0-9-]+)"', html)


def test_the_halls_page_lists_the_halls_in_order_with_their_booths(
    client: TestClient, session: Session, csrf: str
) -> None:
    page = client.get(HALLS)
    assert page.status_code == 200
    assert rows(page.text, "hall") == [hall.slug for hall in halls_in_order(session)]
    assert 'href="/organizer/halls/likupang"' in page.text
    assert "3 anjungan · 3 tayang" in page.text
    assert 'href="/organizer/halls" aria-current="page">Aula</a>' in page.text  # the nav


def test_a_hall_moves_down_without_javascript_and_comes_back_focused(
    client: TestClient, visitor: TestClient, session: Session, csrf: str
) -> None:
    before = [hall.slug for hall in halls_in_order(session)]
    etag = visitor.get("/halls").headers["etag"]
    answer = client.post(
        f"{HALLS}/order",
        data={"csrf_token": csrf, "order": before, "down": before[0]},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{HALLS}?moved={before[0]}&via=down"
    after = [before[1], before[0], *before[2:]]
    page = client.get(answer.headers["location"]).text
    assert rows(page, "hall") == after
    assert f"Aula Danau Toba dipindah ke posisi 2 dari {len(before)}." in page
    assert re.search(r'name="down" value="danau-toba" autofocus', page)
    assert [hall["slug"] for hall in client.get("/api/v1/halls").json()] == after
    public = visitor.get("/halls")
    assert public.headers["etag"] != etag
    html = public.text
    assert html.index(f'href="/halls/{before[1]}"') < html.index(f'href="/halls/{before[0]}"')
    [event] = events(session, "halls.ordered")
    assert event.data == {"before": before, "after": after} and event.actor_id is not None


def test_a_booth_moves_up_and_the_public_hall_page_follows(
    client: TestClient, visitor: TestClient, session: Session, csrf: str
) -> None:
    assert rows(client.get(LIKUPANG_PAGE).text, "booth") == LIKUPANG
    assert public_booths(visitor) == LIKUPANG  # now in the page cache
    etag = visitor.get("/halls/likupang").headers["etag"]
    answer = client.post(
        f"{LIKUPANG_PAGE}/booths",
        data={"csrf_token": csrf, "order": LIKUPANG, "up": "kota-manado"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("?moved=kota-manado&via=up")
    order = ["kabupaten-minahasa-utara", "kota-manado", "kota-bitung"]
    page = client.get(answer.headers["location"]).text
    assert rows(page, "booth") == order
    assert "Anjungan Kota Manado dipindah ke posisi 2 dari 3." in page
    assert re.search(r'name="up" value="kota-manado" autofocus', page)
    assert public_booths(visitor) == order
    assert visitor.get("/halls/likupang").headers["etag"] != etag
    [event] = events(session, "hall.updated")
    assert event.data["before"]["booths"] == LIKUPANG and event.data["after"]["booths"] == order


def test_the_first_row_cannot_go_up_and_keeps_the_focus_on_its_other_button(
    client: TestClient, csrf: str
) -> None:
    answer = client.post(
        f"{LIKUPANG_PAGE}/booths",
        data={"csrf_token": csrf, "order": LIKUPANG, "up": LIKUPANG[1]},
    )
    assert rows(answer.text, "booth")[0] == LIKUPANG[1]
    assert re.search(rf'name="up" value="{LIKUPANG[1]}" disabled', answer.text)
    assert re.search(rf'name="down" value="{LIKUPANG[1]}" autofocus', answer.text)


def test_the_whole_order_the_script_posts_is_saved(
    client: TestClient, visitor: TestClient, session: Session, csrf: str
) -> None:
    order = list(reversed(LIKUPANG))
    answer = client.post(
        f"{LIKUPANG_PAGE}/booths",
        data={"csrf_token": csrf, "order": order, "moved": "kota-manado"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("?moved=kota-manado#booth-kota-manado")
    assert public_booths(visitor) == order


@pytest.mark.parametrize(
    ("order", "message"),
    [
        (LIKUPANG[:2], "yang terlewat: kota-manado"),
        ([*LIKUPANG, "kabupaten-toba"], "tidak ada di sini: kabupaten-toba"),
        ([*LIKUPANG, LIKUPANG[0]], "lebih dari sekali"),
        ([], "yang terlewat"),
    ],
)
def test_a_stale_booth_order_is_refused_and_nothing_changes(
    client: TestClient,
    visitor: TestClient,
    session: Session,
    csrf: str,
    order: list[str],
    message: str,
) -> None:
    answer = client.post(
        f"{LIKUPANG_PAGE}/booths", data={"csrf_token": csrf, "order": order, "down": LIKUPANG[0]}
    )
    assert answer.status_code == 422
    assert message in answer.text and 'role="alert"' in answer.text
    assert rows(answer.text, "booth") == LIKUPANG  # the list as it stands, to start again
    assert public_booths(visitor) == LIKUPANG
    assert events(session, "hall.updated") == []


def test_a_stale_hall_order_is_refused_and_nothing_changes(
    client: TestClient, session: Session, csrf: str
) -> None:
    before = [hall.slug for hall in halls_in_order(session)]
    answer = client.post(
        f"{HALLS}/order", data={"csrf_token": csrf, "order": before[1:], "up": before[2]}
    )
    assert answer.status_code == 422 and f"yang terlewat: {before[0]}" in answer.text
    assert rows(answer.text, "hall") == before
    assert events(session, "halls.ordered") == []


def test_a_new_hall_is_made_last_and_opens(client: TestClient, session: Session, csrf: str) -> None:
    form = {
        "csrf_token": csrf,
        "slug": "toraja",
        "name": "Toraja",
        "name_en": "Toraja Highlands",
        "description": "Dataran tinggi Sulawesi Selatan.",
        "description_en": "The highlands of South Sulawesi.",
    }
    answer = client.post(HALLS, data=form, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{HALLS}?created=toraja#hall-toraja"
    page = client.get(answer.headers["location"]).text
    assert rows(page, "hall")[-1] == "toraja" and "Aula toraja dibuat" in page
    assert "Dataran tinggi Sulawesi Selatan." in client.get("/halls/toraja").text
    hall_page = client.get(f"{HALLS}/toraja")
    assert hall_page.status_code == 200 and "Aula ini belum punya anjungan" in hall_page.text
    [event] = events(session, "hall.created")
    assert event.data["after"]["name_en"] == "Toraja Highlands"


@pytest.mark.parametrize(
    ("slug", "name", "status", "field", "message"),
    [
        ("Tana Toraja", "Toraja", 422, "slug", "huruf kecil"),
        ("", "Toraja", 422, "slug", "huruf kecil"),
        ("likupang", "Likupang lagi", 409, "slug", "sudah dipakai"),
        ("toraja", "   ", 422, "name", "Isi nama aula."),
    ],
)
def test_a_refused_new_hall_comes_back_with_its_error_by_the_field(
    client: TestClient,
    session: Session,
    csrf: str,
    slug: str,
    name: str,
    status: int,
    field: str,
    message: str,
) -> None:
    before = [hall.slug for hall in halls_in_order(session)]
    form = {"csrf_token": csrf, "slug": slug, "name": name, "description": "Tetap di sini"}
    answer = client.post(HALLS, data=form)
    assert answer.status_code == status
    error = re.search(rf'<p class="field__error" id="{field}-error">(.*?)</p>', answer.text, re.S)
    assert error and message in error.group(1)
    assert re.search(rf'id="{field}" name="{field}"[^>]*aria-invalid="true"', answer.text)
    assert ">Tetap di sini</textarea>" in answer.text  # what was typed stays
    session.rollback()
    assert [hall.slug for hall in halls_in_order(session)] == before
    assert events(session, "hall.created") == []


def test_a_halls_texts_are_edited_in_both_languages(
    client: TestClient, visitor: TestClient, session: Session, csrf: str
) -> None:
    etag = visitor.get("/halls/likupang").headers["etag"]
    texts = {
        "name": "Aula Likupang",
        "name_en": "Likupang Hall",
        "description": "Pantai dan taman laut.",
        "description_en": "Beaches and marine parks.",
    }
    answer = client.post(
        f"{LIKUPANG_PAGE}/texts", data={"csrf_token": csrf, **texts}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"].endswith("?saved=texts#texts")
    assert "Teks aula tersimpan." in client.get(answer.headers["location"]).text
    public = visitor.get("/halls/likupang")
    assert public.headers["etag"] != etag and "Pantai dan taman laut." in public.text
    english = client.get("/halls/likupang?lang=en").text
    assert "Likupang Hall" in english and "Beaches and marine parks." in english
    [event] = events(session, "hall.updated")
    assert event.data["after"]["name_en"] == "Likupang Hall"
    assert event.data["after"]["booths"] == LIKUPANG  # the walking order untouched


def test_a_hall_keeps_a_name(client: TestClient, session: Session, csrf: str) -> None:
    answer = client.post(
        f"{LIKUPANG_PAGE}/texts",
        data={"csrf_token": csrf, "name": " ", "description": "Diketik tapi tidak disimpan"},
    )
    assert answer.status_code == 422 and "Isi nama aula." in answer.text
    assert ">Diketik tapi tidak disimpan</textarea>" in answer.text
    session.rollback()
    hall = hall_by_slug(session, "likupang")
    assert hall is not None and hall.name == "Likupang"
    assert events(session, "hall.updated") == []


def test_a_booth_moves_to_another_hall_and_stands_last_there(
    client: TestClient, visitor: TestClient, session: Session, csrf: str
) -> None:
    answer = client.post(
        f"{LIKUPANG_PAGE}/booths/kota-bitung/move",
        data={"csrf_token": csrf, "to": "danau-toba"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("?sent=kota-bitung&to=danau-toba#booths")
    page = client.get(answer.headers["location"]).text
    assert "Anjungan Kota Bitung dipindah ke aula Danau Toba" in page
    assert rows(page, "booth") == ["kabupaten-minahasa-utara", "kota-manado"]
    assert rows(client.get(f"{HALLS}/danau-toba").text, "booth") == [
        "kabupaten-toba",
        "kota-bitung",
    ]
    assert "kota-bitung" not in public_booths(visitor)
    [event] = events(session, "region.participation")
    assert event.data["before"]["hall"] == "likupang"
    assert event.data["after"] == {"participating": True, "hall": "danau-toba"}


@pytest.mark.parametrize(
    ("booth", "to", "message"),
    [
        ("kabupaten-toba", "likupang", "tidak ada di aula ini lagi"),  # it stands elsewhere
        ("kota-bitung", "", "Pilih aula lain"),
        ("kota-bitung", "likupang", "Pilih aula lain"),
        ("kota-bitung", "atlantis", "Aula atlantis tidak dikenal."),
    ],
)
def test_a_refused_move_changes_nothing(
    client: TestClient, session: Session, csrf: str, booth: str, to: str, message: str
) -> None:
    answer = client.post(
        f"{LIKUPANG_PAGE}/booths/{booth}/move", data={"csrf_token": csrf, "to": to}
    )
    assert answer.status_code == 422 and message in answer.text
    session.rollback()
    moved = session.exec(select(Booth).where(Booth.slug == booth)).one()
    assert (
        moved.hall_id
        == (hall_by_slug(session, "danau-toba" if "toba" in booth else "likupang") or moved).id
    )
    assert events(session, "region.participation") == []


def test_an_unknown_hall_is_404(client: TestClient, csrf: str) -> None:
    assert client.get(f"{HALLS}/atlantis").status_code == 404
    answer = client.post(f"{HALLS}/atlantis/booths", data={"csrf_token": csrf, "order": []})
    assert answer.status_code == 404


def test_without_the_csrf_token_nothing_changes(
    client: TestClient, visitor: TestClient, session: Session, csrf: str
) -> None:
    answer = client.post(f"{LIKUPANG_PAGE}/booths", data={"order": list(reversed(LIKUPANG))})
    assert answer.status_code == 403
    assert public_booths(visitor) == LIKUPANG


@pytest.mark.parametrize("email", ["mod@pameran.go.id", "ed@bitung.go.id"])
def test_moderators_and_editors_get_403(
    client: TestClient, visitor: TestClient, tokens: dict[str, dict[str, str]], email: str
) -> None:
    csrf = sign_in(client, email)
    for path in (HALLS, LIKUPANG_PAGE):
        assert client.get(path).status_code == 403
    order = {"csrf_token": csrf, "order": list(reversed(LIKUPANG))}
    assert client.post(f"{LIKUPANG_PAGE}/booths", data=order).status_code == 403
    assert (
        client.post(HALLS, data={"csrf_token": csrf, "slug": "x", "name": "X"}).status_code == 403
    )
    assert public_booths(visitor) == LIKUPANG


def test_anonymous_visitors_are_sent_to_sign_in(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    for path in (HALLS, LIKUPANG_PAGE):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
