"""The organizers' audit log: filters, pages, labels and the CSV export."""

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete
from sqlmodel import Session, select

from app.audit.models import ACTION_LABELS, AuditEvent
from app.booths.models import Booth
from app.core.timeutil import WIB, utcnow
from app.curation.audit_export import csv_chunks, safe_cell
from app.curation.audit_log import AuditFilters
from app.guestbook.models import EntryState
from app.moderation.models import State
from tests.factories import BundleFactory, make_user, sign_in

DAY_ONE = datetime(2026, 12, 1, tzinfo=WIB)
APP_DIR = Path(__file__).parents[2] / "app"


@pytest.fixture
def log(session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]) -> None:
    """63 events, newest first: an approval and a new user on 2 December (WIB), 60 draft
    saves on 1 December, a revert on 30 November."""
    bundles.make()
    bundles.make("kota-manado", code="71.71", title="Kota Manado")
    import_bundles(bundles.root)
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    moderator = make_user(session, "mod@pameran.go.id", "moderator")
    organizer = make_user(session, "org@pameran.go.id", "organizer")
    booths = {b.slug: b.id for b in session.exec(select(Booth)).all()}
    session.execute(delete(AuditEvent))  # what importing and signing up wrote
    session.add_all(
        AuditEvent(
            at=DAY_ONE + timedelta(minutes=n),
            action="draft.saved",
            actor_id=editor.id,
            booth_id=booths["kota-bitung"],
        )
        for n in range(60)
    )
    session.add_all(
        [
            AuditEvent(
                at=DAY_ONE - timedelta(minutes=30),
                action="booth.reverted",
                actor_id=organizer.id,
                booth_id=booths["kota-manado"],
                data={"revision": 1, "reason": "Foto salah"},
            ),
            AuditEvent(
                at=DAY_ONE + timedelta(days=1, hours=8),
                action="user.created",
                data={"email": "baru@pameran.go.id", "role": "moderator"},
            ),
            AuditEvent(
                at=DAY_ONE + timedelta(days=1, hours=9),
                action="submission.approved",
                actor_id=moderator.id,
                booth_id=booths["kota-bitung"],
                data={"submission": 7, "reason": None},
            ),
        ]
    )
    session.commit()


@pytest.fixture
def organizer(client: TestClient, log: None) -> str:
    return sign_in(client, "org@pameran.go.id")


def listed(html: str) -> list[str]:
    """The actions shown, in order."""
    cells = re.findall(r'<td data-label="Tindakan">([^<]+)</td>', html)
    return [cell.strip() for cell in cells]


def total(html: str) -> int:
    match = re.search(r'<p class="results-summary">(\d+) peristiwa', html)
    assert match is not None
    return int(match.group(1))


def test_newest_first_fifty_to_a_page(client: TestClient, organizer: str) -> None:
    page = client.get("/organizer/audit")
    assert page.status_code == 200 and page.headers["cache-control"] == "private, no-store"
    html = page.text
    assert total(html) == 63 and "halaman 1 dari 2" in html
    shown = listed(html)
    assert len(shown) == 50
    assert shown[:3] == ["Pengajuan disetujui", "Pengguna dibuat", "Draf disimpan"]
    assert 'href="/organizer/audit?page=2" rel="next"' in html
    assert "2026-12-02 09:00 WIB" in html

    second = client.get("/organizer/audit?page=2").text
    assert listed(second)[-1] == "Revisi lama ditayangkan kembali" and len(listed(second)) == 13
    assert listed(client.get("/organizer/audit?page=9").text) == listed(second)  # the last one
    assert client.get("/organizer/audit?page=0").status_code == 422


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("booth=kota-manado", 1),
        ("booth=kota-bitung", 61),
        ("actor=ORG%40", 1),  # part of the address, any case
        ("actor=pameran.go.id", 2),
        ("actor=tidak-ada", 0),
        ("action=draft.saved", 60),
        ("from=2026-12-02", 2),
        ("to=2026-11-30", 1),
        ("from=2026-12-01&to=2026-12-01", 60),  # WIB days, both ends included
        ("booth=kota-bitung&action=draft.saved&from=2026-12-01&to=2026-12-02", 60),
        ("booth=&actor=&action=&from=&to=", 63),  # the empty form
    ],
)
def test_filters(client: TestClient, organizer: str, query: str, count: int) -> None:
    page = client.get(f"/organizer/audit?{query}")
    assert page.status_code == 200 and total(page.text) == count


def test_pages_and_the_export_keep_the_filters(client: TestClient, organizer: str) -> None:
    html = client.get("/organizer/audit?action=draft.saved&actor=ed").text
    assert 'href="/organizer/audit?actor=ed&amp;action=draft.saved&amp;page=2"' in html
    assert 'href="/organizer/audit.csv?actor=ed&amp;action=draft.saved"' in html
    assert '<option value="draft.saved" selected>' in html and 'value="ed"' in html
    assert 'href="/organizer/audit">Hapus semua saringan' in html


def test_a_row_says_who_did_what_where_and_why(client: TestClient, organizer: str) -> None:
    html = client.get("/organizer/audit?page=2").text
    row = html[html.rindex("<tr>") :]
    assert "org@pameran.go.id" in row and "Revisi lama ditayangkan kembali" in row
    assert '<a href="/organizer/booths/kota-manado">Kota Manado</a>' in row
    assert "Revisi:" in row and "Foto salah" in row
    first = client.get("/organizer/audit?to=2026-12-02&from=2026-12-02").text
    assert "sistem" in first and "baru@pameran.go.id" in first
    assert '<a href="/moderation/submissions/7">#7</a>' in first
    assert "Alasan" not in first  # an empty reason is not shown


def test_a_bad_date_is_shown_beside_its_field(client: TestClient, organizer: str) -> None:
    page = client.get("/organizer/audit?from=2026-13-01&action=draft.saved")
    assert page.status_code == 422
    assert 'aria-invalid="true"' in page.text and "Tanggal tidak dikenali" in page.text
    assert total(page.text) == 60  # the other filters still apply
    assert client.get("/organizer/audit.csv?to=kemarin").status_code == 422


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_export(client: TestClient, organizer: str) -> None:
    answer = client.get("/organizer/audit.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    today = utcnow().astimezone(WIB).strftime("%Y%m%d")
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="pameran-audit-{today}.csv"'
    )
    rows = read_csv(answer.text)
    assert rows[0] == ["at", "actor", "action", "booth", "region", "details"]
    assert len(rows) == 64
    assert [r[2] for r in rows[1:4]] == ["submission.approved", "user.created", "draft.saved"]
    at, actor, action, booth, region, details = rows[-1]
    assert datetime.fromisoformat(at) == DAY_ONE - timedelta(minutes=30)
    assert (actor, action, booth, region) == (
        "org@pameran.go.id",
        "booth.reverted",
        "kota-manado",
        "Kota Manado",
    )
    assert json.loads(details) == {"revision": 1, "reason": "Foto salah"}
    filtered = read_csv(client.get("/organizer/audit.csv?booth=kota-manado").text)
    assert [r[2] for r in filtered[1:]] == ["booth.reverted"]


def test_csv_cells_never_become_formulas(
    client: TestClient, organizer: str, session: Session
) -> None:
    sly = make_user(session, "=cmd|' /c calc'!a0@pameran.go.id", "moderator")
    session.add(AuditEvent(action="-2+3", actor_id=sly.id, data={"reason": "=1+1"}))
    session.commit()
    at, actor, action, _booth, _region, details = read_csv(
        client.get("/organizer/audit.csv?actor=cmd").text
    )[1]
    assert actor == "'=cmd|' /c calc'!a0@pameran.go.id" and action == "'-2+3"
    assert json.loads(details) == {"reason": "=1+1"}  # inside a cell that starts with {


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+62 812", "'+62 812"),
        ("-1", "'-1"),
        ("@import", "'@import"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("kota-bitung", "kota-bitung"),
        ("a=b", "a=b"),
        (None, ""),
    ],
)
def test_safe_cell(value: str | None, cell: str) -> None:
    assert safe_cell(value) == cell


def test_csv_is_streamed_in_batches(engine: Engine, log: None) -> None:
    with Session(engine) as session:
        session.add_all(AuditEvent(action="draft.saved") for _ in range(1200))
        session.commit()
    chunks = list(csv_chunks(engine, AuditFilters()))
    assert len(chunks) == 3  # two full batches of 500 rows, then the rest (263)
    assert sum(chunk.count("\r\n") for chunk in chunks) == 1 + 1263


@pytest.mark.parametrize("email", ["mod@pameran.go.id", "ed@bitung.go.id"])
def test_only_organizers(client: TestClient, log: None, email: str) -> None:
    sign_in(client, email)
    assert client.get("/organizer/audit").status_code == 403
    assert client.get("/organizer/audit.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client: TestClient, log: None) -> None:
    for path in ("/organizer/audit", "/organizer/audit.csv?action=draft.saved"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")


def test_every_recorded_action_has_a_label() -> None:
    source = "\n".join(path.read_text() for path in APP_DIR.rglob("*.py"))
    # Every action name written where an action is set, literal or chosen by a condition.
    recorded = {
        name
        for line in re.findall(r"action\s*=[^\n]*", source)
        for name in re.findall(r'"([a-z_]+\.[a-z_]+)"', line)
    }
    # Actions named after a state, built with an f-string:
    assert set(re.findall(r'action=.*f"([a-z_]+)\.\{', source)) == {"submission", "guestbook"}
    recorded |= {f"submission.{s}" for s in State if s != State.submitted}
    recorded |= {f"guestbook.{s}" for s in (EntryState.approved, EntryState.hidden)}
    assert recorded == set(ACTION_LABELS)
