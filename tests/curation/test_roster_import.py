"""The roster as CSV: exported safe for spreadsheets, imported through a preview of every
change and every bad line, then applied all or nothing."""

import re

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from app.audit.models import AuditEvent
from app.booths.models import Booth
from app.curation.roster_csv import MAX_BYTES
from app.exhibition.service import read_epoch
from app.regions.models import Participation, Region
from tests.factories import make_user, sign_in

IMPORT = "/organizer/regions/import"
BANDUNG, BITUNG = "32.73", "71.72"
GOOD = (
    "code,hall,cohort,guidance,participating\n"
    "32.73,likupang,2019,ya,ya\n"
    "71.72,likupang,2017,tidak,ya\n"
    "11.01,,,tidak,tidak\n"  # as it is: no change
)


def upload(client: TestClient, token: str, content: bytes | str) -> httpx2.Response:
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        IMPORT,
        data={"csrf_token": token},
        files={"file": ("peserta.csv", data, "text/csv")},
        follow_redirects=False,
    )


def payload_of(page: str) -> str:
    found = re.search(r'name="payload" value="([^"]+)"', page)
    assert found, "the preview offers no apply form"
    return found.group(1)


def apply(client: TestClient, token: str, payload: str) -> httpx2.Response:
    return client.post(
        f"{IMPORT}/apply",
        data={"csrf_token": token, "payload": payload},
        follow_redirects=False,
    )


def written(session: Session) -> dict[str, object]:
    """What an import could have written, read afresh."""
    session.rollback()  # a new read: SQLite's snapshot of the last one would not show it
    bandung = session.get(Region, BANDUNG)
    assert bandung is not None
    return {
        "facts": session.exec(select(func.count()).select_from(Participation)).one(),
        "events": session.exec(select(func.count()).select_from(AuditEvent)).one(),
        "bandung": (bandung.participating, bandung.hall_id),
        "booths": session.exec(select(func.count()).select_from(Booth)).one(),
    }


def test_a_preview_shows_every_change_and_writes_nothing(
    client: TestClient, organizer: str, session: Session
) -> None:
    before = written(session)
    response = upload(client, organizer, GOOD)
    assert response.status_code == 200, response.text
    page = response.text
    assert "3 baris dibaca: 2 wilayah berubah, 1 tetap, 0 salah." in page
    assert "Kota Bandung" in page and "Kabupaten Simeulue" not in page
    assert re.search(r"Ikut serta:</span> <del>tidak</del> → <ins>ya</ins>", page)
    assert re.search(r"Aula:</span> <del>Tanpa aula</del> → <ins>Likupang</ins>", page)
    assert re.search(r"Angkatan:</span> <del>tidak diketahui</del> → <ins>2017</ins>", page)
    assert "Terapkan 2 perubahan" in page
    assert written(session) == before


def test_apply_writes_every_change_audited_with_one_epoch_bump(
    client: TestClient, organizer: str, session: Session
) -> None:
    page = upload(client, organizer, GOOD).text
    epoch = read_epoch(session.get_bind())  # type: ignore[arg-type]
    response = apply(client, organizer, payload_of(page))
    assert response.status_code == 303
    assert response.headers["location"] == "/organizer/regions?imported=2"
    assert read_epoch(session.get_bind()) == epoch + 1  # type: ignore[arg-type]
    written(session)
    bandung = session.get(Region, BANDUNG)
    assert bandung is not None and bandung.participating and bandung.hall_id is not None
    assert session.exec(select(Booth).where(Booth.region_code == BANDUNG)).one()
    facts = {f.region_code: (f.cohort, f.guidance) for f in session.exec(select(Participation))}
    assert facts == {BANDUNG: (2019, True), BITUNG: (2017, False)}
    actions = [e.action for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.id)))]
    assert actions[-4:] == [
        "region.participation",  # Bandung joins Likupang
        "region.cohort",
        "region.cohort",  # Bitung's cohort; its participation and hall stay
        "regions.imported",
    ]
    [imported] = session.exec(select(AuditEvent).where(AuditEvent.action == "regions.imported"))
    assert imported.data == {"regions": [BANDUNG, BITUNG], "lines": 3, "changes": 2}
    assert "Impor diterapkan: 2 wilayah diubah." in client.get(response.headers["location"]).text


HEADER = "code,hall,cohort,guidance,participating\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("99.99,likupang,2019,ya,ya", "Kode wilayah “99.99” tidak dikenal."),
        ("3273,likupang,2019,ya,ya", "Kode wilayah “3273” tidak dikenal."),
        (",likupang,2019,ya,ya", "Kode wilayah “” tidak dikenal."),
        ("32.71,no-such-hall,2019,ya,ya", "Aula no-such-hall tidak dikenal."),
        ("32.71,likupang,2020,ya,ya", "Angkatan 2020 tidak dikenal"),
        ("32.71,likupang,alumni,ya,ya", "Angkatan alumni tidak dikenal"),
        ("32.71,likupang,2019,mungkin,ya", "Isi kolom guidance dengan ya atau tidak"),
        ("32.71,likupang,2019,ya,barangkali", "Isi kolom participating dengan ya atau tidak"),
        ("32.73,danau-toba,2018,ya,ya", "Wilayah 32.73 sudah ada di baris 2."),
        ("71.72,likupang,2017,ya,tidak", "Anjungan kota-bitung sedang tayang."),
        ("32.71,likupang,2019", "Baris ini berisi 3 kolom, padahal judulnya 5."),
        ("32.71,likupang,2019,ya,ya,extra", "Baris ini berisi 6 kolom, padahal judulnya 5."),
    ],
)
def test_one_bad_line_refuses_the_whole_file(
    client: TestClient, organizer: str, session: Session, line: str, message: str
) -> None:
    before = written(session)
    response = upload(client, organizer, f"{HEADER}32.73,likupang,2019,ya,ya\n{line}\n")
    assert response.status_code == 422
    page = response.text
    assert message in page
    assert re.search(r'<tr class="import-table__error"><th scope="row"[^>]*>3</th>', page)
    assert 'name="payload"' not in page  # nothing to apply
    assert written(session) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Baris pertama harus berisi judul kolom"),
        (b"code,hall,cohort\n32.73,,2019\n", "Kolom wajib tidak ada: guidance."),
        (b"code,hall,cohort,guidance,colour\n", "Kolom tidak dikenal: colour."),
        (b"code,hall,cohort,guidance,hall\n", "Ada judul kolom yang tertulis dua kali."),
        ("code,hall,cohort,guidance\n32.73,,2019,ya\n".encode("utf-16"), "bukan teks UTF-8"),
        (b"code,hall,cohort,guidance\n" + b"\n".join([b"32.73,,,"] * 1000), "lebih dari 1000"),
    ],
)
def test_a_file_that_is_not_a_roster_is_refused(
    client: TestClient, organizer: str, session: Session, content: bytes, message: str
) -> None:
    before = written(session)
    response = upload(client, organizer, content)
    assert response.status_code == 422
    assert message in response.text
    assert written(session) == before


@pytest.mark.parametrize("hint", ["", "sep=;\r\n"])
def test_excel_in_indonesian_writes_a_bom_and_semicolons(
    client: TestClient, organizer: str, session: Session, hint: str
) -> None:
    content = f"\ufeff{hint}Code;Hall;Cohort;Guidance\r\n32.73;;2018;Ya\r\n;;;\r\n".encode()
    response = upload(client, organizer, content)
    assert response.status_code == 200, response.text
    assert "1 baris dibaca: 1 wilayah berubah" in response.text
    assert apply(client, organizer, payload_of(response.text)).status_code == 303
    written(session)
    facts = session.get(Participation, BANDUNG)
    assert facts is not None and (facts.cohort, facts.guidance) == (2018, True)
    bandung = session.get(Region, BANDUNG)
    assert bandung is not None and not bandung.participating  # no such column: unchanged


def test_a_tampered_preview_is_refused(
    client: TestClient, organizer: str, session: Session
) -> None:
    payload = payload_of(upload(client, organizer, GOOD).text)
    before = written(session)
    body, _, signature = payload.rpartition(".")
    tampered = [body[:-1] + ("A" if body[-1] != "A" else "B") + "." + signature, "", "x.y.z"]
    for bad in tampered:
        response = apply(client, organizer, bad)
        assert response.status_code in (400, 422), bad
        assert written(session) == before
    refused = apply(client, organizer, tampered[0])
    assert "tidak sah atau sudah kedaluwarsa" in refused.text


def test_another_organizers_preview_is_refused(
    client: TestClient, organizer: str, session: Session
) -> None:
    payload = payload_of(upload(client, organizer, GOOD).text)
    make_user(session, "org2@pameran.go.id", "organizer")
    session.commit()
    client.post("/logout", data={"csrf_token": organizer})
    token = sign_in(client, "org2@pameran.go.id")
    before = written(session)
    assert apply(client, token, payload).status_code == 400
    assert written(session) == before


def test_data_changed_since_the_preview_is_refused_and_previewed_again(
    client: TestClient, organizer: str, session: Session
) -> None:
    payload = payload_of(upload(client, organizer, GOOD).text)
    # Meanwhile someone sets Bandung's cohort by hand.
    client.post(f"/organizer/regions/{BANDUNG}", data={"csrf_token": organizer, "cohort": "2018"})
    before = written(session)
    response = apply(client, organizer, payload)
    assert response.status_code == 409
    page = response.text
    assert "Data peserta berubah sejak pratinjau" in page
    assert re.search(r"Angkatan:</span> <del>2018</del> → <ins>2019</ins>", page)
    assert written(session) == before
    facts = session.get(Participation, BANDUNG)
    assert facts is not None and facts.cohort == 2018
    assert payload_of(page) != payload  # the fresh preview can be applied in its turn
    assert apply(client, organizer, payload_of(page)).status_code == 303


def test_an_oversized_file_is_refused_while_reading(
    client: TestClient, organizer: str, session: Session
) -> None:
    before = written(session)
    content = HEADER + "32.73,likupang,2019,ya,ya\n" + "#" * MAX_BYTES
    response = upload(client, organizer, content)
    assert response.status_code == 413
    assert "Berkas terlalu besar; batasnya 1 MB." in response.text
    assert written(session) == before


def test_the_export_imports_back_with_no_change(
    client: TestClient, organizer: str, session: Session
) -> None:
    client.post(
        f"/organizer/regions/{BANDUNG}",
        data={"csrf_token": organizer, "participating": "true", "cohort": "2019", "guidance": "1"},
    )
    export = client.get("/organizer/regions.csv")
    assert export.status_code == 200
    assert export.headers["content-type"] == "text/csv; charset=utf-8"
    assert export.headers["content-disposition"].startswith('attachment; filename="pameran-')
    lines = export.content.decode("utf-8").splitlines()
    assert lines[0] == "\ufeffcode,name,province,participating,hall,cohort,guidance"
    assert len(lines) == 1 + 514
    assert "71.72,Kota Bitung,Sulawesi Utara,ya,likupang,,tidak" in lines
    assert "32.73,Kota Bandung,Jawa Barat,ya,,2019,ya" in lines
    before = written(session)
    response = upload(client, organizer, export.content)
    assert response.status_code == 200
    assert "514 baris dibaca: 0 wilayah berubah, 514 tetap, 0 salah." in response.text
    assert "tidak mengubah apa pun" in response.text
    assert written(session) == before
    filtered = client.get("/organizer/regions.csv?cohort=2019").text.splitlines()
    assert filtered[1:] == ["32.73,Kota Bandung,Jawa Barat,ya,,2019,ya"]


def test_the_export_neutralises_formulas(
    client: TestClient, organizer: str, session: Session
) -> None:
    for code, name in [("32.71", "=HYPERLINK(\"http://x\")"), ("32.72", "+1"), ("32.74", "-1"),
                       ("32.75", "@SUM(A1)"), ("32.76", "\tTab"), ("32.77", "\rCR")]:  # fmt: skip
        region = session.get(Region, code)
        assert region is not None
        region.name = name
        session.add(region)
    session.commit()
    text = client.get("/organizer/regions.csv?province=32&q=32.7").text
    for cell in ['\'=HYPERLINK(""http://x"")', "'+1", "'-1", "'@SUM(A1)", "'\tTab", "'\rCR"]:
        assert cell in text
    assert not re.search(r"(^|,)[=+\-@]", text.replace("\r\n", "\n"), re.M)


@pytest.mark.parametrize("email", ["mod@pameran.go.id", "ed@bitung.go.id"])
def test_only_organizers_import_and_export(
    client: TestClient, organizer: str, session: Session, email: str
) -> None:
    payload = payload_of(upload(client, organizer, GOOD).text)
    client.post("/logout", data={"csrf_token": organizer})
    token = sign_in(client, email)
    before = written(session)
    assert client.get(IMPORT).status_code == 403
    assert client.get("/organizer/regions.csv").status_code == 403
    assert upload(client, token, GOOD).status_code == 403
    assert apply(client, token, payload).status_code == 403
    assert written(session) == before


def test_anonymous_visitors_are_sent_to_sign_in(client: TestClient, organizer: str) -> None:
    payload = payload_of(upload(client, organizer, GOOD).text)
    client.post("/logout", data={"csrf_token": organizer})
    for path in (IMPORT, "/organizer/regions.csv"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")
    assert apply(client, organizer, payload).status_code in (303, 403)
