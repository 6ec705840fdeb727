"""The organizers' halls API: the halls' order, new halls, texts and walking order."""

import re
import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.core.db import write_session
from app.core.errors import Invalid
from app.curation.halls import update_hall
from app.curation.participation import set_participation
from app.halls.service import hall_by_slug, halls_in_order
from tests.curation.conftest import LIKUPANG

Headers = dict[str, dict[str, str]]
HALLS = "/api/v1/organizer/halls"
LIKUPANG_HALL = f"{HALLS}/likupang"


def public_order(client: TestClient) -> list[str]:
    return [hall["slug"] for hall in client.get("/api/v1/halls").json()]


def walking_order(client: TestClient) -> list[str]:
    return [booth["slug"] for booth in client.get("/api/v1/booths?hall=likupang").json()]


def events(session: Session, action: str) -> list[AuditEvent]:
    session.rollback()  # a fresh snapshot
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", HALLS), ("POST", HALLS), ("GET", LIKUPANG_HALL), ("PUT", LIKUPANG_HALL)],
)
def test_only_organizers_may(client: TestClient, tokens: Headers, method: str, path: str) -> None:
    assert client.request(method, path, json={}).status_code == 401
    for role in ("moderator", "editor"):
        assert client.request(method, path, json={}, headers=tokens[role]).status_code == 403


def test_the_halls_order_is_the_public_order_audited_at_once(
    client: TestClient, session: Session, tokens: Headers
) -> None:
    before = public_order(client)
    etag = client.get("/halls").headers["etag"]
    order = list(reversed(before))
    answer = client.put(HALLS, json={"order": order}, headers=tokens["organizer"])
    assert answer.status_code == 200, answer.text
    assert answer.json() == client.get("/api/v1/halls").json()
    assert public_order(client) == order
    likupang = next(hall for hall in answer.json() if hall["slug"] == "likupang")
    assert likupang["booth_count"] == 3
    assert client.get("/halls").headers["etag"] != etag
    html = client.get("/halls").text
    assert html.index('href="/halls/alumni-2017-2019"') < html.index('href="/halls/danau-toba"')
    [event] = events(session, "halls.ordered")
    assert event.data == {"before": before, "after": order} and event.actor_id is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda order: order[1:], "yang terlewat: danau-toba"),
        (lambda order: [*order, "danau-toba"], "danau-toba lebih dari sekali"),
        (lambda order: [*order[:-1], "atlantis"], "tidak ada di sini: atlantis"),
    ],
)
def test_the_order_must_name_every_hall_once(
    client: TestClient, session: Session, tokens: Headers, change: object, message: str
) -> None:
    before = public_order(client)
    order = change(before)  # type: ignore[operator]
    answer = client.put(HALLS, json={"order": order}, headers=tokens["organizer"])
    assert answer.status_code == 422 and message in answer.json()["detail"]
    assert public_order(client) == before
    assert events(session, "halls.ordered") == []


def test_a_new_hall_comes_last_and_opens(
    client: TestClient, session: Session, tokens: Headers
) -> None:
    body = {
        "slug": "toraja",
        "name": "Toraja",
        "name_en": "Toraja",
        "description": "Dataran tinggi **Sulawesi Selatan**.",
        "description_en": "The highlands of South Sulawesi.",
    }
    answer = client.post(HALLS, json=body, headers=tokens["organizer"])
    assert answer.status_code == 201, answer.text
    assert answer.json() == {**body, "booths": []}
    assert public_order(client)[-1] == "toraja"
    assert client.get("/halls/toraja").status_code == 200
    assert client.get(f"{HALLS}/toraja", headers=tokens["organizer"]).json() == answer.json()
    [event] = events(session, "hall.created")
    assert event.data["after"]["slug"] == "toraja"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"slug": "likupang", "name": "Likupang lagi"}, 409, "sudah dipakai"),
        ({"slug": "Danau Toba", "name": "Danau"}, 422, "huruf kecil"),
        ({"slug": "-toba", "name": "Toba"}, 422, "huruf kecil"),
        ({"slug": "toraja", "name": "Toraja", "booths": ["kota-bitung"]}, 422, "kota-bitung"),
        ({"slug": "toraja", "name": "   "}, 422, "nama aula"),
    ],
)
def test_a_new_hall_is_refused_when(
    client: TestClient, tokens: Headers, body: dict[str, object], status: int, message: str
) -> None:
    before = public_order(client)
    answer = client.post(HALLS, json=body, headers=tokens["organizer"])
    assert answer.status_code == status and message in answer.json()["detail"]
    assert public_order(client) == before


def test_a_new_hall_needs_a_name_and_no_unknown_keys(client: TestClient, tokens: Headers) -> None:
    for body in ({"slug": "toraja"}, {"slug": "toraja", "name": "Toraja", "colour": "red"}):
        assert client.post(HALLS, json=body, headers=tokens["organizer"]).status_code == 422


def hall_page_order(html: str) -> list[str]:
    return re.findall(r'class="booth-card__link" href="/booths/([a-z0-9-]+)"', html)


def prev_next(client: TestClient, slug: str) -> tuple[str | None, str | None]:
    html = client.get(f"/booths/{slug}").text
    found = dict(re.findall(r'href="/booths/([a-z0-9-]+)" rel="(prev|next)"', html))
    by_rel = {rel: booth for booth, rel in found.items()}
    return by_rel.get("prev"), by_rel.get("next")


def test_the_walking_order_is_the_hall_page_the_walk_and_the_api(
    client: TestClient, session: Session, tokens: Headers
) -> None:
    assert walking_order(client) == LIKUPANG
    etag = client.get("/halls/likupang").headers["etag"]
    order = ["kota-manado", "kabupaten-minahasa-utara", "kota-bitung"]
    answer = client.put(
        LIKUPANG_HALL, json={"booths": order, "name": "Aula Likupang"}, headers=tokens["organizer"]
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["booths"] == order and answer.json()["name"] == "Aula Likupang"
    assert answer.json()["description"].startswith("Destinasi")  # not given: unchanged
    assert walking_order(client) == order
    page = client.get("/halls/likupang")
    assert page.headers["etag"] != etag and "Aula Likupang" in page.text
    assert hall_page_order(page.text) == order
    assert prev_next(client, "kota-manado") == (None, "kabupaten-minahasa-utara")
    assert prev_next(client, "kabupaten-minahasa-utara") == ("kota-manado", "kota-bitung")
    assert prev_next(client, "kota-bitung") == ("kabupaten-minahasa-utara", None)
    [event] = events(session, "hall.updated")
    assert event.data["before"]["booths"] == LIKUPANG and event.data["after"]["booths"] == order
    assert event.data["after"]["name"] == "Aula Likupang"


@pytest.mark.parametrize(
    "booths",
    [
        LIKUPANG[:2],
        [*LIKUPANG, "kabupaten-toba"],
        [*LIKUPANG, "kota-bitung"],
        [*LIKUPANG[:2], "tidak-ada"],
    ],
)
def test_the_walking_order_is_exactly_the_halls_booths(
    client: TestClient, session: Session, tokens: Headers, booths: list[str]
) -> None:
    answer = client.put(
        LIKUPANG_HALL, json={"booths": booths, "name": "Baru"}, headers=tokens["organizer"]
    )
    assert answer.status_code == 422
    assert walking_order(client) == LIKUPANG
    assert "Baru" not in client.get("/halls/likupang").text  # nothing of the request stays
    assert events(session, "hall.updated") == []


def test_an_unknown_hall_is_404(client: TestClient, tokens: Headers) -> None:
    for method in ("GET", "PUT"):
        answer = client.request(method, f"{HALLS}/atlantis", json={}, headers=tokens["organizer"])
        assert answer.status_code == 404


def test_a_hall_lists_its_booths_that_are_not_live_too(
    client: TestClient, session: Session, tokens: Headers
) -> None:
    booth = session.exec(select(Booth).where(Booth.slug == "kota-bitung")).one()
    booth.live_revision_id = None
    session.add(booth)
    session.commit()
    state = client.get(LIKUPANG_HALL, headers=tokens["organizer"]).json()
    assert state["booths"] == LIKUPANG
    assert "kota-bitung" not in walking_order(client)


def move_booth(session: Session, slug: str, hall: str) -> None:
    booth = session.exec(select(Booth).where(Booth.slug == slug)).one()
    booth.hall_id = (hall_by_slug(session, hall) or booth).id
    session.add(booth)
    session.commit()


def test_an_order_built_before_a_booth_moved_is_refused_whole(
    client: TestClient, session: Session, tokens: Headers
) -> None:
    stale = client.get(LIKUPANG_HALL, headers=tokens["organizer"]).json()["booths"]
    move_booth(session, "kota-manado", "danau-toba")
    refused = client.put(
        LIKUPANG_HALL, json={"booths": list(reversed(stale))}, headers=tokens["organizer"]
    )
    assert refused.status_code == 422 and "kota-manado" in refused.json()["detail"]
    assert walking_order(client) == LIKUPANG[:2]
    fresh = client.get(LIKUPANG_HALL, headers=tokens["organizer"]).json()["booths"]
    answer = client.put(
        LIKUPANG_HALL, json={"booths": list(reversed(fresh))}, headers=tokens["organizer"]
    )
    assert answer.status_code == 200 and walking_order(client) == ["kota-bitung", LIKUPANG[0]]


def test_two_organizers_reordering_at_once_leave_one_order_whole(
    engine: Engine, session: Session, tokens: Headers
) -> None:
    orders = [list(reversed(LIKUPANG)), [LIKUPANG[1], LIKUPANG[2], LIKUPANG[0]]]
    start = threading.Barrier(len(orders))
    failures: list[BaseException] = []

    def reorder(order: list[str]) -> None:
        try:
            with write_session(engine) as own:
                start.wait()
                hall = hall_by_slug(own, "likupang")
                assert hall is not None
                update_hall(own, hall, texts={}, booths=order, actor_id=None)
                own.commit()
        except BaseException as error:  # noqa: BLE001  (reported by the test thread)
            failures.append(error)

    threads = [threading.Thread(target=reorder, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    session.rollback()  # a fresh snapshot
    hall = hall_by_slug(session, "likupang")
    booths = session.exec(
        select(Booth).where(Booth.hall_id == (hall.id if hall else 0)).order_by(col(Booth.position))
    ).all()
    assert [b.slug for b in booths] in orders
    assert sorted(b.position for b in booths) == [0, 1, 2]
    assert len(events(session, "hall.updated")) == 2
    assert [h.slug for h in halls_in_order(session)][0] == "danau-toba"


def test_a_reorder_racing_a_booth_joining_the_hall_loses_nothing(
    engine: Engine, session: Session, tokens: Headers
) -> None:
    """Both start from the same list; the booth joins (from Danau Toba) while the
    organizer reorders: either the join comes first and the stale order is refused
    whole (422), or the reorder comes first and the booth joins at the end."""
    stale = list(reversed(LIKUPANG))
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def reorder() -> None:
        with write_session(engine) as own:
            start.wait()
            hall = hall_by_slug(own, "likupang")
            assert hall is not None
            try:
                update_hall(own, hall, texts={}, booths=stale, actor_id=None)
                own.commit()
                outcomes["reorder"] = "done"
            except Invalid as refused:
                outcomes["reorder"] = refused

    def join() -> None:
        with write_session(engine) as own:
            start.wait()
            set_participation(own, "12.12", participating=True, hall_slug="likupang", actor_id=None)
            own.commit()
            outcomes["join"] = "done"

    threads = [threading.Thread(target=reorder), threading.Thread(target=join)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes["join"] == "done"
    session.rollback()  # a fresh snapshot
    hall = hall_by_slug(session, "likupang")
    booths = session.exec(
        select(Booth).where(Booth.hall_id == (hall.id if hall else 0)).order_by(col(Booth.position))
    ).all()
    slugs = [b.slug for b in booths]
    assert sorted(b.position for b in booths) == list(range(4))  # no two share a place
    if outcomes["reorder"] == "done":
        assert slugs == [*stale, "kabupaten-toba"]
    else:
        assert isinstance(outcomes["reorder"], Invalid)
        assert slugs == [*LIKUPANG, "kabupaten-toba"]
