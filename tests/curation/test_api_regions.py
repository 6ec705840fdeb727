"""Regions and participants: the public list and the organizers' roster (API.md)."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.exhibition.service import read_epoch
from tests.factories import BundleFactory, bearer_headers, make_user

BANDUNG, BITUNG = "32.73", "71.72"


@pytest.fixture
def people(
    session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> dict[str, dict[str, str]]:
    import_bundles(bundles.make().parent)  # Kota Bitung, live, in hall likupang
    users = {
        "org": make_user(session, "org@pameran.go.id", "organizer"),
        "mod": make_user(session, "mod@pameran.go.id", "moderator"),
        "editor": make_user(session, "ed@bitung.go.id", "region-editor", regions=(BITUNG,)),
    }
    return bearer_headers(session, users)


def region(client: TestClient, code: str) -> dict:
    [found] = [r for r in client.get("/api/v1/regions").json() if r["code"] == code]
    return found


def test_every_region_is_listed_with_its_province_hall_and_live_booth(
    client: TestClient, people: dict[str, dict[str, str]]
) -> None:
    regions = client.get("/api/v1/regions").json()
    assert len(regions) == 514
    assert [r["code"] for r in regions] == sorted(r["code"] for r in regions)
    assert region(client, BITUNG) == {
        "code": BITUNG,
        "name": "Kota Bitung",
        "kind": "kota",
        "province": {"code": "71", "name": "Sulawesi Utara"},
        "participating": True,
        "hall": "likupang",
        "booth": "kota-bitung",
        "cohort": None,
        "guidance": False,
    }
    assert region(client, BANDUNG)["participating"] is False
    assert region(client, BANDUNG)["booth"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("participating=true", {BITUNG}),
        ("q=bitung", {BITUNG}),
        ("q=KOTA BANDUNG", {BANDUNG}),
        (
            "q=32.7",
            {"32.71", "32.72", "32.73", "32.74", "32.75", "32.76", "32.77", "32.78", "32.79"},
        ),
        ("q=100%", set()),
        ("province=71&q=bitung", {BITUNG}),
        ("province=32&q=bitung", set()),
    ],
)
def test_filters(
    client: TestClient, people: dict[str, dict[str, str]], query: str, expected: set[str]
) -> None:
    response = client.get(f"/api/v1/regions?{query}")
    assert response.status_code == 200
    assert {r["code"] for r in response.json()} == expected


def test_a_region_made_participating_gets_its_booth_in_its_hall_last(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    epoch = read_epoch(session.get_bind())  # type: ignore[arg-type]
    response = client.put(
        f"/api/v1/organizer/regions/{BANDUNG}",
        json={"participating": True, "hall": "likupang"},
        headers=people["org"],
    )
    assert response.status_code == 200, response.text
    assert response.json()["participating"] is True
    assert response.json()["hall"] == "likupang"
    assert response.json()["booth"] is None  # created, not live yet
    booths = {b.slug: b for b in session.exec(select(Booth)).all()}
    assert booths["kota-bandung"].hall_id == booths["kota-bitung"].hall_id
    assert booths["kota-bandung"].position > booths["kota-bitung"].position
    assert read_epoch(session.get_bind()) > epoch  # type: ignore[arg-type]
    [event] = session.exec(
        select(AuditEvent).where(AuditEvent.action == "region.participation")
    ).all()
    assert event.data == {
        "region": BANDUNG,
        "before": {"participating": False, "hall": None},
        "after": {"participating": True, "hall": "likupang"},
    }


def test_a_hall_left_out_stays_and_null_takes_the_booth_out_of_every_hall(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    url = f"/api/v1/organizer/regions/{BANDUNG}"
    client.put(url, json={"participating": True, "hall": "likupang"}, headers=people["org"])
    kept = client.put(url, json={"participating": True}, headers=people["org"])
    assert kept.json()["hall"] == "likupang"
    cleared = client.put(url, json={"participating": True, "hall": None}, headers=people["org"])
    assert cleared.json()["hall"] is None
    booth = session.exec(select(Booth).where(Booth.region_code == BANDUNG)).one()
    assert booth.hall_id is None


def test_a_region_with_a_live_booth_cannot_silently_leave(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    response = client.put(
        f"/api/v1/organizer/regions/{BITUNG}",
        json={"participating": False, "hall": "likupang"},
        headers={**people["org"], "Accept-Language": "en"},
    )
    assert response.status_code == 409
    assert "kota-bitung" in response.json()["detail"]
    assert "unpublish" in response.json()["detail"].lower()
    assert region(client, BITUNG)["participating"] is True
    assert not session.exec(
        select(AuditEvent).where(AuditEvent.action == "region.participation")
    ).all()


def test_a_region_without_a_live_booth_leaves_and_keeps_its_draft(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    url = f"/api/v1/organizer/regions/{BANDUNG}"
    client.put(url, json={"participating": True, "hall": "likupang"}, headers=people["org"])
    response = client.put(url, json={"participating": False}, headers=people["org"])
    assert response.status_code == 200
    assert response.json()["participating"] is False
    assert session.exec(select(Booth).where(Booth.region_code == BANDUNG)).one()


@pytest.mark.parametrize(
    ("code", "body", "status"),
    [
        ("99.99", {"participating": True}, 404),
        ("3273", {"participating": True}, 422),
        (BANDUNG, {"participating": True, "hall": "no-such-hall"}, 422),
        (BANDUNG, {"participating": "maybe"}, 422),
        (BANDUNG, {"participating": True, "colour": "red"}, 422),
    ],
)
def test_bad_requests_change_nothing(
    client: TestClient,
    people: dict[str, dict[str, str]],
    code: str,
    body: dict,
    status: int,
) -> None:
    before = client.get("/api/v1/regions").json()
    response = client.put(f"/api/v1/organizer/regions/{code}", json=body, headers=people["org"])
    assert response.status_code == status, response.text
    assert client.get("/api/v1/regions").json() == before


@pytest.mark.parametrize(("who", "status"), [("mod", 403), ("editor", 403), (None, 401)])
def test_only_organizers_may_change_the_roster(
    client: TestClient, people: dict[str, dict[str, str]], who: str | None, status: int
) -> None:
    response = client.put(
        f"/api/v1/organizer/regions/{BANDUNG}",
        json={"participating": True},
        headers=people[who] if who else {},
    )
    assert response.status_code == status
    assert region(client, BANDUNG)["participating"] is False
