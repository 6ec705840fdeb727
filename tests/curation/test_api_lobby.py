"""The organizers' lobby API: featured booths in order, the headline, introduction and
announcement in both languages; what the public lobby shows of them."""

import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.booths.placement import MAX_FEATURED
from app.core.db import write_session
from app.curation.lobby import LobbyChanges, update_lobby
from app.curation.participation import set_participation
from tests.factories import in_english

Headers = dict[str, dict[str, str]]
LOBBY = "/api/v1/organizer/lobby"


def featured_section(html: str) -> str:
    start = html.index('id="featured-title"')
    return html[start : html.index("</section>", start)]


def lobby_events(session: Session) -> list[AuditEvent]:
    session.rollback()  # a fresh snapshot
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == "lobby.updated")))


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_only_organizers_may(client: TestClient, tokens: Headers, method: str) -> None:
    assert client.request(method, LOBBY, json={}).status_code == 401
    for role in ("moderator", "editor"):
        assert client.request(method, LOBBY, json={}, headers=tokens[role]).status_code == 403


def test_featured_booths_show_in_the_organizers_order_audited_at_once(
    client: TestClient, session: Session, tokens: Headers
) -> None:
    etag = client.get("/").headers["etag"]
    assert "Pilihan kurator" not in client.get("/").text  # nothing featured yet
    order = ["kota-manado", "kabupaten-toba", "kota-bitung"]
    answer = client.put(LOBBY, json={"featured": order}, headers=tokens["organizer"])
    assert answer.status_code == 200, answer.text
    assert answer.json()["featured"] == order
    assert client.get(LOBBY, headers=tokens["organizer"]).json() == answer.json()
    response = client.get("/")
    assert response.headers["etag"] != etag
    section = featured_section(response.text)
    assert "Pilihan kurator" in response.text
    positions = [section.index(f'href="/booths/{slug}"') for slug in order]
    assert positions == sorted(positions)
    assert "kabupaten-minahasa-utara" not in section
    assert 'map__region--featured" href="/booths/kota-manado"' in response.text
    [event] = lobby_events(session)
    assert event.data == {"before": {"featured": []}, "after": {"featured": order}}
    # The previous release reads the flag during a rolling upgrade: it is kept in step.
    flagged = session.exec(select(Booth.slug).where(col(Booth.featured))).all()
    assert sorted(flagged) == sorted(order)
    assert event.actor_id is not None

    reordered = ["kota-bitung", "kota-manado"]
    client.put(LOBBY, json={"featured": reordered}, headers=tokens["organizer"])
    section = featured_section(client.get("/").text)
    assert section.index("/booths/kota-bitung") < section.index("/booths/kota-manado")
    assert "/booths/kabupaten-toba" not in section
    assert client.get("/booths/kabupaten-toba").text.count("Anjungan pilihan") == 0


def test_the_lobby_texts_in_both_languages_rendered_as_safe_markdown(
    client: TestClient, session: Session, tokens: Headers
) -> None:
    texts = {
        "headline": "Pameran *Gerakan Menuju Smart City* 2021",
        "intro": "Tujuh puluh daerah membuka anjungannya.<script>alert(1)</script>",
        "announcement": "Acara penutupan mulai pukul **09.00 WIB**. [Agenda](javascript:alert(1))",
        "headline_en": "The Smart City Movement exhibition",
    }
    answer = client.put(LOBBY, json=texts, headers=tokens["organizer"])
    assert answer.status_code == 200, answer.text
    assert {key: answer.json()[key] for key in texts} == texts
    html = client.get("/").text
    assert "Pameran <em>Gerakan Menuju Smart City</em> 2021</h1>" in html
    assert "Tujuh puluh daerah membuka anjungannya." in html and "<script>alert" not in html
    assert "pukul <strong>09.00 WIB</strong>" in html and 'href="javascript' not in html
    assert 'class="announcement"' in html
    english = in_english(client, "/")
    assert "The Smart City Movement exhibition</h1>" in english
    # What has no English yet is shown in Indonesian rather than left out.
    assert "Tujuh puluh daerah membuka anjungannya." in english
    assert "<strong>09.00 WIB</strong>" in english

    # A change of one text keeps the others, and the featured booths.
    client.put(LOBBY, json={"featured": ["kota-bitung"]}, headers=tokens["organizer"])
    client.put(LOBBY, json={"announcement": ""}, headers=tokens["organizer"])
    state = client.get(LOBBY, headers=tokens["organizer"]).json()
    assert state["headline"] == texts["headline"] and state["featured"] == ["kota-bitung"]
    assert 'class="announcement"' not in client.get("/").text
    assert [e.data["after"] for e in lobby_events(session)][-1] == {"announcement": ""}


def test_empty_texts_give_the_lobby_its_own_words(client: TestClient, tokens: Headers) -> None:
    default = "Kota dan kabupaten cerdas Indonesia dalam satu pameran"
    client.put(LOBBY, json={"headline": "Sementara"}, headers=tokens["organizer"])
    assert default not in client.get("/").text
    client.put(LOBBY, json={"headline": "   "}, headers=tokens["organizer"])
    assert default in client.get("/").text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"featured": ["kota-bitung", "kota-bitung"]}, "kota-bitung lebih dari sekali"),
        ({"featured": ["atlantis"]}, "sedang tayang bisa diunggulkan: atlantis"),
        ({"featured": ["kota-bitung", "kabupaten-sleman"]}, "diunggulkan: kabupaten-sleman"),
        ({"featured": [f"b{i}" for i in range(MAX_FEATURED + 1)]}, "Paling banyak 12"),
        ({"headline": "x" * 201}, "200"),
        ({"announcement": "x" * 501}, "500"),
        ({"featured": "kota-bitung"}, "list"),
        ({"welcome": "Halo"}, "welcome"),
    ],
)
def test_a_bad_change_is_refused_whole(
    client: TestClient,
    engine: Engine,
    session: Session,
    tokens: Headers,
    body: dict[str, object],
    message: str,
) -> None:
    # Sleman takes part but has no live booth: only its draft.
    with write_session(engine) as own:
        set_participation(own, "34.04", participating=True, hall_slug=None, actor_id=None)
        own.commit()
    client.put(LOBBY, json={"featured": ["kota-manado"]}, headers=tokens["organizer"])
    before = client.get(LOBBY, headers=tokens["organizer"]).json()
    answer = client.put(LOBBY, json={"headline": "Baru", **body}, headers=tokens["organizer"])
    assert answer.status_code == 422
    assert message in answer.text
    assert client.get(LOBBY, headers=tokens["organizer"]).json() == before
    assert len(lobby_events(session)) == 1


def test_a_booth_taken_offline_leaves_the_lobby_and_comes_back(
    client: TestClient, session: Session, tokens: Headers
) -> None:
    client.put(
        LOBBY, json={"featured": ["kota-bitung", "kota-manado"]}, headers=tokens["organizer"]
    )
    answer = client.post(
        "/api/v1/moderation/booths/kota-bitung/unpublish",
        json={"reason": "Data keliru"},
        headers=tokens["organizer"],
    )
    assert answer.status_code == 200, answer.text
    section = featured_section(client.get("/").text)
    assert "/booths/kota-bitung" not in section and "/booths/kota-manado" in section
    # Still listed for the organizers, who decide whether it stays.
    assert client.get(LOBBY, headers=tokens["organizer"]).json()["featured"][0] == "kota-bitung"


def test_two_organizers_featuring_at_once_leave_one_list_whole(
    engine: Engine, session: Session, tokens: Headers
) -> None:
    lists = [["kota-bitung", "kota-manado"], ["kabupaten-toba", "kabupaten-minahasa-utara"]]
    start = threading.Barrier(len(lists))
    failures: list[BaseException] = []

    def feature(order: list[str]) -> None:
        try:
            with write_session(engine) as own:
                start.wait()
                update_lobby(own, LobbyChanges(featured=order), actor_id=None)
                own.commit()
        except BaseException as error:  # noqa: BLE001  (reported by the test thread)
            failures.append(error)

    threads = [threading.Thread(target=feature, args=(order,)) for order in lists]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    session.rollback()  # a fresh snapshot
    featured = session.exec(
        select(Booth)
        .where(col(Booth.featured_position).is_not(None))
        .order_by(col(Booth.featured_position))
    ).all()
    assert [booth.slug for booth in featured] in lists
    assert [booth.featured_position for booth in featured] == [0, 1]
    events = lobby_events(session)
    assert len(events) == 2
    assert events[1].data["before"]["featured"] == events[0].data["after"]["featured"]
