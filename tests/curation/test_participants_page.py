"""The roster page: every region, made participating or not and given a hall by form."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.regions.models import Region
from tests.factories import sign_in

ROSTER = "/organizer/regions"
BANDUNG, BITUNG = "32.73", "71.72"


def test_the_roster_lists_every_region_page_by_page(client: TestClient, organizer: str) -> None:
    first = client.get(ROSTER)
    assert first.status_code == 200
    assert "514" in first.text and "Kabupaten Simeulue" in first.text
    last = client.get(f"{ROSTER}?page=11")  # 514 regions, 50 to a page
    assert "Kota Sorong" in last.text and "Kota Sorong" not in first.text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("q=bandung", "Kota Bandung", "Kota Bitung"),
        ("participating=yes", "Kota Bitung", "Kota Bandung"),
        ("hall=likupang", "Kota Bitung", "Kota Bandung"),
        ("province=32&q=kota", "Kota Bandung", "Kota Bitung"),
    ],
)
def test_filters(client: TestClient, organizer: str, query: str, shown: str, hidden: str) -> None:
    page = client.get(f"{ROSTER}?{query}").text
    assert shown in page and hidden not in page


def test_a_region_is_made_participating_in_a_hall_by_its_row(
    client: TestClient, organizer: str, session: Session
) -> None:
    back = f"{ROSTER}?q=bandung&page=1"
    response = client.post(
        f"{ROSTER}/{BANDUNG}",
        data={"csrf_token": organizer, "participating": "true", "hall": "likupang", "next": back},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{back}&updated={BANDUNG}#region-{BANDUNG}"
    region = session.get(Region, BANDUNG)
    assert region is not None and region.participating
    assert session.exec(select(Booth).where(Booth.region_code == BANDUNG)).one()
    page = client.get(response.headers["location"]).text
    assert f"/organizer/users?region={BANDUNG}" in page  # invite its editor from the row
    invite = client.get(f"/organizer/users?region={BANDUNG}").text
    assert f'<option value="{BANDUNG}" selected>' in invite


def test_a_live_booths_region_leaves_only_once_the_organizer_confirms(
    client: TestClient, organizer: str, session: Session
) -> None:
    back = f"{ROSTER}?q=bitung"
    row = {"csrf_token": organizer, "hall": "likupang", "cohort": "2021", "next": back}
    asked = client.post(f"{ROSTER}/{BITUNG}", data=row)
    assert asked.status_code == 409
    assert "menurunkan anjungannya dari pameran" in asked.text
    assert 'name="take_down" value="true"' in asked.text and 'value="2021"' in asked.text
    region = session.get(Region, BITUNG)
    assert region is not None and region.participating
    assert client.get("/booths/kota-bitung").status_code == 200

    confirmed = client.post(
        f"{ROSTER}/{BITUNG}",
        data={**row, "take_down": "true", "reason": "Mengundurkan diri"},
        follow_redirects=False,
    )
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == f"{back}&updated={BITUNG}#region-{BITUNG}"
    session.rollback()  # a fresh snapshot
    region = session.get(Region, BITUNG)
    booth = session.exec(select(Booth).where(Booth.region_code == BITUNG)).one()
    assert region is not None and not region.participating
    assert booth.live_revision_id is None and booth.draft  # offline, its draft kept
    assert client.get("/booths/kota-bitung").status_code == 404
    actions = session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id))).all()
    assert actions[-3:] == ["booth.unpublished", "region.participation", "region.cohort"]


def test_taking_down_is_only_for_a_region_that_leaves(
    client: TestClient, organizer: str, session: Session
) -> None:
    row = {"csrf_token": organizer, "participating": "true", "hall": "likupang"}
    response = client.post(f"{ROSTER}/{BITUNG}", data={**row, "take_down": "true"})
    assert response.status_code == 200  # followed to the roster
    assert client.get("/booths/kota-bitung").status_code == 200


def test_without_the_csrf_token_nothing_changes(
    client: TestClient, organizer: str, session: Session
) -> None:
    response = client.post(f"{ROSTER}/{BANDUNG}", data={"participating": "true"})
    assert response.status_code == 403
    region = session.get(Region, BANDUNG)
    assert region is not None and not region.participating


def test_a_moderator_may_not_see_the_roster(client: TestClient, organizer: str) -> None:
    client.post("/logout", data={"csrf_token": organizer})
    sign_in(client, "mod@pameran.go.id")
    assert client.get(ROSTER).status_code == 403
