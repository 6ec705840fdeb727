"""Facts about participation (the edition a region joined, technical guidance): a table of
their own, set from the roster's rows and the organizers' API, filtered and counted."""

import re
from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, inspect
from sqlmodel import Session, select

from app.audit.models import AuditEvent
from app.curation.roster import CohortCount, cohort_counts
from app.exhibition.service import read_epoch
from app.regions.models import Participation, Region
from tests.factories import BundleFactory, bearer_headers, make_user, sign_in

ROSTER = "/organizer/regions"
BANDUNG, BITUNG = "32.73", "71.72"


@pytest.fixture
def people(
    session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> dict[str, dict[str, str]]:
    """Kota Bitung live in Likupang; API tokens for an organizer, a moderator, an editor."""
    import_bundles(bundles.make().parent)
    users = {
        "org": make_user(session, "org@pameran.go.id", "organizer"),
        "mod": make_user(session, "mod@pameran.go.id", "moderator"),
        "editor": make_user(session, "ed@bitung.go.id", "region-editor", regions=(BITUNG,)),
    }
    return bearer_headers(session, users)


def put(
    client: TestClient, people: dict[str, dict[str, str]], code: str, body: object
) -> httpx2.Response:
    return client.put(f"/api/v1/organizer/regions/{code}", json=body, headers=people["org"])


def facts_events(session: Session) -> list[AuditEvent]:
    session.rollback()  # a new read: SQLite's snapshot of the last one would not show it
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == "region.cohort")))


def test_the_facts_live_in_a_table_of_their_own(engine: Engine) -> None:
    columns = {c["name"]: c for c in inspect(engine).get_columns("participation")}
    assert set(columns) == {"region_code", "cohort", "guidance"}
    assert columns["cohort"]["nullable"] and not columns["guidance"]["nullable"]
    [key] = inspect(engine).get_foreign_keys("participation")
    assert key["referred_table"] == "region" and key["constrained_columns"] == ["region_code"]
    assert "cohort" not in {c["name"] for c in inspect(engine).get_columns("region")}


def test_the_api_sets_cohort_and_guidance_and_leaves_the_rest(
    client: TestClient, people: dict[str, dict[str, str]], session: Session
) -> None:
    epoch = read_epoch(session.get_bind())  # type: ignore[arg-type]
    response = put(client, people, BANDUNG, {"cohort": 2019, "guidance": True})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["cohort"], body["guidance"]) == (2019, True)
    assert (body["participating"], body["hall"]) == (False, None)  # left out: unchanged
    [event] = facts_events(session)
    assert event.data == {
        "region": BANDUNG,
        "before": {"cohort": None, "guidance": False},
        "after": {"cohort": 2019, "guidance": True},
    }
    assert not session.exec(
        select(AuditEvent).where(AuditEvent.action == "region.participation")
    ).all()
    assert read_epoch(session.get_bind()) > epoch  # type: ignore[arg-type]
    [listed] = [r for r in client.get("/api/v1/regions").json() if r["code"] == BANDUNG]
    assert (listed["cohort"], listed["guidance"]) == (2019, True)
    kept = put(client, people, BANDUNG, {"cohort": None})
    assert kept.json()["cohort"] is None and kept.json()["guidance"] is True
    assert put(client, people, BANDUNG, {}).status_code == 200
    assert len(facts_events(session)) == 2  # an empty change records nothing


def test_a_hall_alone_keeps_the_participation(
    client: TestClient, people: dict[str, dict[str, str]]
) -> None:
    body = put(client, people, BITUNG, {"hall": "danau-toba"}).json()
    assert (body["participating"], body["hall"]) == (True, "danau-toba")


@pytest.mark.parametrize(
    "body",
    [
        {"cohort": 2020},
        {"cohort": 17},
        {"cohort": "2019"},
        {"cohort": True},
        {"guidance": "ya"},
        {"guidance": None},
        {"participating": None},
        {"cohort": 2019, "guidance": True, "alumni": True},
    ],
)
def test_bad_values_are_refused_and_change_nothing(
    client: TestClient, people: dict[str, dict[str, str]], session: Session, body: dict
) -> None:
    before = client.get("/api/v1/regions").json()
    response = put(client, people, BANDUNG, body)
    assert response.status_code == 422, response.text
    assert client.get("/api/v1/regions").json() == before
    assert session.get(Participation, BANDUNG) is None and not facts_events(session)


def test_a_bad_cohort_is_explained_in_the_readers_language(
    client: TestClient, people: dict[str, dict[str, str]]
) -> None:
    detail = put(client, people, BANDUNG, {"cohort": 2020}).json()["detail"]
    assert detail == "Angkatan 2020 tidak dikenal; pilih 2017, 2018, 2019, 2021 atau kosongkan."


@pytest.mark.parametrize(("who", "status"), [("mod", 403), ("editor", 403), (None, 401)])
def test_only_organizers_set_the_facts(
    client: TestClient, people: dict[str, dict[str, str]], who: str | None, status: int
) -> None:
    response = client.put(
        f"/api/v1/organizer/regions/{BANDUNG}",
        json={"cohort": 2019},
        headers=people[who] if who else {},
    )
    assert response.status_code == status
    assert client.get("/api/v1/regions?q=32.73").json()[0]["cohort"] is None


@pytest.fixture
def organizer(client: TestClient, people: dict[str, dict[str, str]]) -> str:
    """The client signed in as the organizer (its CSRF token)."""
    return sign_in(client, "org@pameran.go.id")


def save_row(client: TestClient, token: str, code: str, **fields: str) -> httpx2.Response:
    return client.post(
        f"{ROSTER}/{code}", data={"csrf_token": token, **fields}, follow_redirects=False
    )


def test_the_rows_form_sets_cohort_and_guidance(
    client: TestClient, organizer: str, session: Session
) -> None:
    fields = {"participating": "true", "hall": "likupang", "cohort": "2019", "guidance": "true"}
    assert save_row(client, organizer, BANDUNG, **fields).status_code == 303
    facts = session.get(Participation, BANDUNG)
    assert facts is not None and (facts.cohort, facts.guidance) == (2019, True)
    [event] = facts_events(session)
    assert event.data["after"] == {"cohort": 2019, "guidance": True}
    row = client.get(f"{ROSTER}?q=bandung").text
    assert re.search(r'id="cohort-32\.73"[^>]*>.*?<option value="2019" selected>', row, re.S)
    assert re.search(r'name="guidance" value="true" checked', row)
    # Saved again without the box ticked and with no cohort: not known, no guidance.
    save_row(client, organizer, BANDUNG, participating="true", hall="likupang", cohort="")
    session.rollback()
    facts = session.get(Participation, BANDUNG)
    assert facts is not None and (facts.cohort, facts.guidance) == (None, False)
    assert len(facts_events(session)) == 2


def test_a_bad_cohort_in_the_form_is_refused_on_the_page(
    client: TestClient, organizer: str, session: Session
) -> None:
    response = save_row(client, organizer, BANDUNG, participating="true", cohort="2020")
    assert response.status_code == 422
    assert "Angkatan 2020 tidak dikenal" in response.text
    region = session.get(Region, BANDUNG)
    assert region is not None and not region.participating  # nothing of the form was kept
    assert session.get(Participation, BANDUNG) is None


@pytest.fixture
def cohorts(client: TestClient, organizer: str) -> None:
    """Bandung takes part as a 2019 alumnus with guidance; Bitung's cohort is not known;
    Kota Bogor (32.71) is a 2017 alumnus that does not take part this time."""
    save_row(client, organizer, BANDUNG, participating="true", cohort="2019", guidance="true")
    save_row(client, organizer, "32.71", cohort="2017", guidance="true")


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("cohort=2019", {"Kota Bandung"}, {"Kota Bitung", "Kota Bogor"}),
        ("cohort=2017", {"Kota Bogor"}, {"Kota Bandung"}),
        ("cohort=-&participating=yes", {"Kota Bitung"}, {"Kota Bandung", "Kota Bogor"}),
        ("cohort=2020", set(), {"Kota Bandung", "Kota Bogor", "Kota Bitung"}),
        ("guidance=yes", {"Kota Bandung", "Kota Bogor"}, {"Kota Bitung"}),
        ("guidance=no&participating=yes", {"Kota Bitung"}, {"Kota Bandung"}),
        ("guidance=yes&participating=yes", {"Kota Bandung"}, {"Kota Bogor"}),
    ],
)
def test_the_roster_filters_by_cohort_and_guidance(
    client: TestClient, cohorts: None, query: str, shown: set[str], hidden: set[str]
) -> None:
    page = client.get(f"{ROSTER}?{query}").text
    names = set(re.findall(r'<th scope="row" class="organizer-table__booth">([^<]+)<', page))
    assert shown <= names and not hidden & names


def test_participants_are_counted_per_cohort_with_their_guidance(
    client: TestClient, cohorts: None, session: Session
) -> None:
    assert cohort_counts(session) == [
        CohortCount(2017, 0, 0),  # Bogor does not take part this time
        CohortCount(2018, 0, 0),
        CohortCount(2019, 1, 1),
        CohortCount(2021, 0, 0),
        CohortCount(None, 1, 0),
    ]
    page = client.get(ROSTER).text
    count = re.search(
        r'href="/organizer/regions\?participating=yes&amp;cohort=2019">\s*'
        r'<span class="campaign-total__count">(\d+)</span>\s*'
        r'<span class="campaign-total__label">Alumni 2019</span>\s*'
        r'<span class="campaign-total__label">(\d+) mendapat bimtek</span>',
        page,
    )
    assert count is not None and count.groups() == ("1", "1")
    assert "2 peserta seluruhnya · 1 mendapat bimbingan teknis" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("status=live", {"Kota Bitung"}, {"Kota Bandung", "Kota Bogor"}),
        ("status=not_started", {"Kota Bandung"}, {"Kota Bitung", "Kota Bogor"}),
        ("status=in_review", set(), {"Kota Bandung", "Kota Bitung"}),
        ("status=nonsense", set(), {"Kota Bandung", "Kota Bitung", "Kota Bogor"}),
    ],
)
def test_the_roster_filters_by_campaign_status(
    client: TestClient, cohorts: None, query: str, shown: set[str], hidden: set[str]
) -> None:
    page = client.get(f"{ROSTER}?{query}").text
    names = set(re.findall(r'<th scope="row" class="organizer-table__booth">([^<]+)<', page))
    assert shown <= names and not hidden & names
    exported = client.get(f"{ROSTER}.csv?{query}").text
    assert {line.split(",")[1] for line in exported.splitlines()[1:]} == names


def test_a_participants_row_names_its_campaign_status(client: TestClient, cohorts: None) -> None:
    row = client.get(f"{ROSTER}?q=32.73").text
    assert '<span class="badge">Belum mulai</span>' in row
