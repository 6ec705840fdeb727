"""The organizer's home: the campaign's totals, the late regions, reminders by form."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.core.timeutil import utcnow
from app.exhibition.service import get_exhibition
from app.notifications.models import Notification
from tests.factories import make_user, sign_in
from tests.moderation.conftest import submit_change

BANDUNG, BITUNG = "32.73", "71.72"


@pytest.fixture
def organizer(client: TestClient, session: Session, people: dict[str, dict[str, str]]) -> str:
    """Bitung live with an editor; Bandung taking part without one; signed in (CSRF)."""
    from app.booths.service import booth_for_region
    from app.regions.models import Region

    region = session.get(Region, BANDUNG)
    assert region is not None
    booth_for_region(session, region)
    exhibition = get_exhibition(session)
    exhibition.freeze_at = utcnow() + timedelta(days=9, hours=1)
    session.add(exhibition)
    session.commit()
    return sign_in(client, "org@pameran.go.id")


def test_the_home_page_shows_where_every_region_stands(client: TestClient, organizer: str) -> None:
    page = client.get("/organizer")
    assert page.status_code == 200
    assert "10 hari lagi sampai pembekuan" in page.text
    assert "Waktu pembukaan belum ditetapkan" in page.text
    assert 'value="32.73"' in page.text and 'value="71.72"' in page.text
    behind = page.text.split('id="behind-title"')[1].split("</section>")[0]
    assert "Kota Bandung" in behind and "belum ada akun editor" in behind
    assert "Kota Bitung" not in behind  # live: not behind, though it has work to review


def test_the_review_load_says_who_holds_what(
    client: TestClient, organizer: str, people: dict[str, dict[str, str]]
) -> None:
    def load() -> str:
        return client.get("/organizer").text.split('id="load-title"')[1].split("</section>")[0]

    submission = submit_change(client, people)
    assert "1 belum diklaim" in load() and "mod1@pameran.go.id" not in load()
    claim = f"/api/v1/moderation/submissions/{submission['id']}/claim"
    assert client.post(claim, headers=people["mod1"]).status_code == 200
    held = load()
    assert "<strong>mod1@pameran.go.id</strong>: Kota Bitung" in held
    assert "0 belum diklaim" in held


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("status=live", "71.72", "32.73"),
        ("status=not_started", "32.73", "71.72"),
        ("behind=1", "32.73", "71.72"),
        ("hall=likupang", "71.72", "32.73"),
    ],
)
def test_the_table_filters(
    client: TestClient, organizer: str, query: str, shown: str, hidden: str
) -> None:
    table = client.get(f"/organizer?{query}").text.split('id="regions"')[1]
    assert f'value="{shown}"' in table and f'value="{hidden}"' not in table


def test_sorting_by_status_puts_the_least_advanced_first(
    client: TestClient, organizer: str
) -> None:
    table = client.get("/organizer?sort=status").text.split('id="regions"')[1]
    assert table.index('value="32.73"') < table.index('value="71.72"')


def test_the_selected_regions_are_reminded_from_the_page(
    client: TestClient, organizer: str, session: Session
) -> None:
    make_user(session, "ed@bandung.go.id", "region-editor", regions=(BANDUNG,))
    form = {"csrf_token": organizer, "regions": [BANDUNG], "message": "Jumat batasnya"}
    sent = client.post("/organizer/reminders", data=form, follow_redirects=False)
    assert sent.status_code == 303
    page = client.get(sent.headers["location"]).text
    assert "1 pengingat masuk kotak keluar; 0 wilayah dilewati" in page
    again = client.post("/organizer/reminders", data=form)
    assert "0 pengingat masuk kotak keluar; 1 wilayah dilewati" in again.text
    reminders = session.exec(
        select(Notification).where(Notification.kind == "campaign.reminder")
    ).all()
    assert len(reminders) == 1 and "Jumat batasnya" in reminders[0].body


def test_reminding_nobody_is_refused_and_says_so(client: TestClient, organizer: str) -> None:
    response = client.post("/organizer/reminders", data={"csrf_token": organizer})
    assert response.status_code == 422
    assert "Pilih dulu wilayah yang akan diingatkan." in response.text


def test_without_the_csrf_token_nobody_is_reminded(
    client: TestClient, organizer: str, session: Session
) -> None:
    response = client.post("/organizer/reminders", data={"regions": [BITUNG]})
    assert response.status_code == 403
    assert not session.exec(
        select(Notification).where(Notification.kind == "campaign.reminder")
    ).all()
