"""The moderators' HTML pages: queue, review, preview and the action forms (with CSRF)."""

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.accounts.tokens import create_token
from app.booths.models import Booth
from app.core.timeutil import utcnow
from app.moderation.models import Submission
from tests.factories import BundleFactory, bearer_headers, make_jpeg, make_user, sign_in

BITUNG, TOBA = "kota-bitung", "kabupaten-toba"


@pytest.fixture
def tokens(
    session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> dict[str, dict[str, str]]:
    """Two live booths in two halls; editors for each; a moderator for Danau Toba's hall."""
    bundles.make()  # Kota Bitung, hall Likupang
    bundles.make(TOBA, code="12.12", hall="danau-toba", title="Kabupaten Toba")
    import_bundles(bundles.root)
    users = {
        "bitung": make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",)),
        "toba": make_user(session, "ed@tobakab.go.id", "region-editor", regions=("12.12",)),
        "mod1": make_user(session, "mod1@pameran.go.id", "moderator", halls=("danau-toba",)),
        "mod2": make_user(session, "mod2@pameran.go.id", "moderator"),
    }
    return bearer_headers(session, users)


def submit(client: TestClient, editor: dict[str, str], slug: str, **changes: object) -> int:
    """Change the draft through the API and submit it; the submission's id."""
    draft_url = f"/api/v1/workspace/booths/{slug}/draft"
    draft = client.get(draft_url, headers=editor).json()
    assert client.put(draft_url, json={**draft, **changes}, headers=editor).status_code == 200
    created = client.post(f"/api/v1/workspace/booths/{slug}/submissions", headers=editor)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def backdate(session: Session, submission_id: int, days: int) -> None:
    submission = session.get(Submission, submission_id)
    assert submission is not None
    submission.submitted_at = utcnow() - timedelta(days=days, minutes=5)
    session.add(submission)
    session.commit()


@pytest.fixture
def queued(
    client: TestClient, tokens: dict[str, dict[str, str]], session: Session
) -> dict[str, int]:
    """Bitung submitted three days ago, Toba one day ago."""
    ids = {
        BITUNG: submit(client, tokens["bitung"], BITUNG, tagline="Kota pelabuhan dan bahari"),
        TOBA: submit(client, tokens["toba"], TOBA, tagline="Danau dan budaya Batak"),
    }
    backdate(session, ids[BITUNG], 3)
    backdate(session, ids[TOBA], 1)
    return ids


# as_user(email) -> (a signed-in browser, its csrf token)
SignIn = Callable[[str], tuple[TestClient, str]]


@pytest.fixture
def as_user(app: FastAPI) -> Iterator[SignIn]:
    """Signed-in browsers: as_user(email) -> (client, csrf token)."""
    clients: list[TestClient] = []

    def open_as(email: str) -> tuple[TestClient, str]:
        browser = TestClient(app)
        browser.__enter__()
        clients.append(browser)
        return browser, sign_in(browser, email)

    yield open_as
    for browser in clients:
        browser.__exit__(None, None, None)


def state_of(session: Session, submission_id: int) -> tuple[str, int | None]:
    session.rollback()  # see what the app committed since
    submission = session.get(Submission, submission_id)
    assert submission is not None
    session.refresh(submission)
    return submission.state, submission.claimed_by_id


def table_order(html: str) -> list[str]:
    return re.findall(
        r'class="queue-table__booth" href="/moderation/submissions/\d+">([^<]+)<', html
    )


# --- the queue -------------------------------------------------------------------------


def test_the_queue_lists_open_submissions_oldest_first_with_their_details(
    queued: dict[str, int], as_user: SignIn
) -> None:
    browser, _csrf = as_user("mod2@pameran.go.id")
    page = browser.get("/moderation")
    assert page.status_code == 200
    assert table_order(page.text) == ["Kota Bitung", "Kabupaten Toba"]
    assert 'aria-current="page">Pengajuan' in page.text  # the moderation tabs
    for detail in ("3 hari", "1 hari", "Likupang", "Danau Toba", "12.12", "belum dipegang"):
        assert detail in page.text
    assert "Dari aula Anda" not in page.text  # no halls assigned: one list


def test_a_moderator_sees_the_submissions_of_his_halls_first(
    queued: dict[str, int], as_user: SignIn, client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    browser, _csrf = as_user("mod1@pameran.go.id")
    page = browser.get("/moderation").text
    assert table_order(page) == ["Kabupaten Toba", "Kota Bitung"]
    assert (
        page.index("Dari aula Anda") < page.index("Kabupaten Toba") < page.index("Dari aula lain")
    )
    api = client.get("/api/v1/moderation/queue", headers=tokens["mod1"]).json()
    assert [e["booth"] for e in api] == [BITUNG, TOBA]  # the API keeps plain oldest-first


def test_filters_mine_hall_and_state_in_the_page_and_the_api(
    queued: dict[str, int], as_user: SignIn, client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    browser, csrf = as_user("mod2@pameran.go.id")
    claim = browser.post(
        f"/moderation/submissions/{queued[TOBA]}/claim",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert claim.status_code == 303
    assert table_order(browser.get("/moderation?mine=1").text) == ["Kabupaten Toba"]
    assert table_order(browser.get("/moderation?hall=likupang").text) == ["Kota Bitung"]
    assert table_order(browser.get("/moderation?state=in_review").text) == ["Kabupaten Toba"]
    assert table_order(browser.get("/moderation?state=submitted").text) == ["Kota Bitung"]
    assert table_order(browser.get("/moderation?state=decided").text) == []
    assert table_order(browser.get("/moderation?state=nonsense&hall=nowhere").text) == [
        "Kota Bitung",
        "Kabupaten Toba",
    ]  # a hand-edited link falls back to the open queue

    def api(query: str) -> list[str]:
        answer = client.get(f"/api/v1/moderation/queue{query}", headers=tokens["mod2"])
        assert answer.status_code == 200, answer.text
        return [entry["booth"] for entry in answer.json()]

    assert api("") == [BITUNG, TOBA]
    assert api("?mine=true") == [TOBA] and api("?mine=true&hall=likupang") == []
    assert api("?hall=danau-toba") == [TOBA] and api("?state=submitted") == [BITUNG]
    entry = client.get("/api/v1/moderation/queue?state=in_review", headers=tokens["mod2"]).json()[0]
    assert entry["claimed_by"] == "mod2@pameran.go.id" and entry["hall"] == "danau-toba"
    assert entry["region"] == {"code": "12.12", "name": "Kabupaten Toba"}
    assert entry["revision"] == 2
    bad = client.get("/api/v1/moderation/queue?state=nonsense", headers=tokens["mod2"])
    assert bad.status_code == 422
    huge = "9" * 25  # beyond any id: refused as such, never a 5xx
    assert (
        client.get(f"/api/v1/moderation/submissions/{huge}", headers=tokens["mod2"]).status_code
        == 422
    )
    assert browser.get(f"/moderation/submissions/{huge}").status_code == 422
    assert browser.get(f"/moderation?decided={huge}").status_code == 200


def test_region_editors_get_403_and_anonymous_visitors_the_login_form(
    queued: dict[str, int], as_user: SignIn, app: FastAPI
) -> None:
    editor, _csrf = as_user("ed@bitung.go.id")
    assert editor.get("/moderation").status_code == 403
    assert editor.get(f"/moderation/submissions/{queued[BITUNG]}").status_code == 403
    assert editor.get(f"/moderation/submissions/{queued[BITUNG]}/preview").status_code == 403
    with TestClient(app) as anonymous:
        answer = anonymous.get("/moderation", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/moderation"


# --- reviewing -------------------------------------------------------------------------


def test_the_review_page_shows_checks_the_diff_with_thumbnails_and_the_rendered_booth(
    client: TestClient, tokens: dict[str, dict[str, str]], as_user: SignIn, tmp_path: Path
) -> None:
    photo = make_jpeg(tmp_path / "dermaga.jpg", color=(90, 60, 30)).read_bytes()
    uploaded = client.post(
        f"/api/v1/workspace/booths/{BITUNG}/media",
        files={"file": ("dermaga.jpg", photo, "image/jpeg")},
        data={"alt_text": "Dermaga baru di Selat Lembeh"},
        headers=tokens["bitung"],
    )
    assert uploaded.status_code == 201, uploaded.text
    draft = client.get(f"/api/v1/workspace/booths/{BITUNG}/draft", headers=tokens["bitung"]).json()
    submission_id = submit(
        client,
        tokens["bitung"],
        BITUNG,
        tagline="Kota pelabuhan dan bahari",
        logo=None,
        welcome="Lihat [peta](javascript:alert(1)) & <b>kami</b>.",
        gallery=[*draft["gallery"], uploaded.json()["id"]],
    )
    browser, _csrf = as_user("mod2@pameran.go.id")
    page = browser.get(f"/moderation/submissions/{submission_id}")
    assert page.status_code == 200
    html = page.text
    assert "Kota Bitung" in html and "Revisi 2" in html and "ed@bitung.go.id" in html
    # checks at a glance, each linking to its section
    assert "Belum ada logo." in html
    assert "javascript:alert(1)" in html and 'href="#bagian-welcome"' in html
    # the diff: words, escaped text, media with thumbnails
    assert re.search(r"<ins><span class=\"visually-hidden\">\[ditambahkan: </span>dan bahari", html)
    assert "&lt;b&gt;kami&lt;/b&gt;" in html and "<b>kami</b>" not in html
    identity = html[html.index('id="bagian-identity"') : html.index('id="bagian-welcome"')]
    assert "Dihapus" in identity and "/media/" in identity  # the old logo's thumbnail
    gallery = html[html.index('id="bagian-gallery"') :]
    assert "Ditambahkan" in gallery and 'alt="Dermaga baru di Selat Lembeh"' in gallery
    assert "bagian tidak berubah" in html
    # the rendered booth, as it would go live, for reviewers only
    preview = browser.get(f"/moderation/submissions/{submission_id}/preview")
    assert preview.status_code == 200
    assert "Pratinjau pengajuan" in preview.text and "Kota pelabuhan dan bahari" in preview.text
    assert 'class="booth-hero' in preview.text and "Dermaga baru di Selat Lembeh" in preview.text
    assert "Kota pelabuhan dan bahari" not in client.get(f"/booths/{BITUNG}").text


def test_a_first_publication_is_shown_as_such(
    client: TestClient, session: Session, as_user: SignIn, tokens: dict[str, dict[str, str]]
) -> None:
    editor = make_user(session, "ed@manado.go.id", "region-editor", regions=("71.71",))
    _row, token = create_token(session, editor)
    session.commit()
    booth = session.exec(select(Booth).where(Booth.region_code == "71.71")).one()
    submission_id = submit(
        client, {"Authorization": f"Bearer {token}"}, booth.slug, tagline="Kota tinutuan"
    )
    browser, _csrf = as_user("mod2@pameran.go.id")
    html = browser.get(f"/moderation/submissions/{submission_id}").text
    assert "Publikasi pertama" in html and "belum pernah tayang" in html
    assert "<del>" not in html and "[ditambahkan: </span>Kota tinutuan" in html
    detail = client.get(f"/api/v1/moderation/submissions/{submission_id}", headers=tokens["mod2"])
    body = detail.json()
    assert body["live_content"] is None and body["diff"]["first_publication"] is True
    assert {"code": "missing_logo", "section": "identity"}.items() <= body["checks"][0].items()
    assert body["checks"][0]["message"] == "Belum ada logo."


# --- acting through the forms ------------------------------------------------------------


def test_claim_release_and_approve_through_the_forms(
    queued: dict[str, int], as_user: SignIn, session: Session, client: TestClient
) -> None:
    browser, csrf = as_user("mod2@pameran.go.id")
    url = f"/moderation/submissions/{queued[BITUNG]}"
    assert browser.post(f"{url}/claim", data={}).status_code == 403  # no CSRF token
    assert state_of(session, queued[BITUNG]) == ("submitted", None)

    claimed = browser.post(f"{url}/claim", data={"csrf_token": csrf}, follow_redirects=False)
    assert claimed.status_code == 303 and claimed.headers["location"] == f"{url}?claimed=1"
    state, holder = state_of(session, queued[BITUNG])
    assert state == "in_review" and holder is not None
    assert "Anda memegang pengajuan ini" in browser.get(claimed.headers["location"]).text

    released = browser.post(f"{url}/release", data={"csrf_token": csrf}, follow_redirects=False)
    assert released.headers["location"] == f"/moderation?released={queued[BITUNG]}"
    assert state_of(session, queued[BITUNG]) == ("submitted", None)
    assert "dilepas" in browser.get(released.headers["location"]).text

    browser.post(f"{url}/claim", data={"csrf_token": csrf})
    decided = browser.post(
        f"{url}/decision",
        data={"csrf_token": csrf, "decision": "approve", "reason": ""},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    assert decided.headers["location"] == f"/moderation?decided={queued[BITUNG]}"
    queue = browser.get(decided.headers["location"]).text
    assert "Keputusan tersimpan: Kota Bitung" in queue and "Disetujui dan kini tayang." in queue
    assert table_order(queue) == ["Kabupaten Toba"]
    assert "Kota pelabuhan dan bahari" in client.get(f"/booths/{BITUNG}").text
    assert table_order(browser.get("/moderation?state=approved").text) == ["Kota Bitung"]


def test_a_reason_is_required_unless_approving_and_the_input_is_kept(
    queued: dict[str, int],
    as_user: SignIn,
    session: Session,
    client: TestClient,
    tokens: dict[str, dict[str, str]],
) -> None:
    browser, csrf = as_user("mod1@pameran.go.id")
    url = f"/moderation/submissions/{queued[BITUNG]}"
    form = {
        "csrf_token": csrf,
        "decision": "request_changes",
        "reason": "  ",
        "comment-economy": "Tambahkan KPI transaksi nontunai.",
    }
    refused = browser.post(f"{url}/decision", data=form)
    assert refused.status_code == 422
    html = refused.text
    assert re.search(r'id="reason-error">.*Alasan wajib diisi', html, re.S)
    assert 'value="request_changes" checked' in html
    assert "Tambahkan KPI transaksi nontunai.</textarea>" in html
    assert '<details class="review-comments" open>' in html
    assert state_of(session, queued[BITUNG]) == ("submitted", None)

    nothing = browser.post(f"{url}/decision", data={"csrf_token": csrf, "reason": "x"})
    assert nothing.status_code == 422 and "Pilih salah satu keputusan." in nothing.text
    too_long = browser.post(
        f"{url}/decision", data={**form, "reason": "x", "comment-welcome": "y" * 5001}
    )
    assert too_long.status_code == 422
    assert re.search(
        r'id="comment-welcome-error">.*Terlalu panjang \(maks. 5000', too_long.text, re.S
    )
    assert state_of(session, queued[BITUNG]) == ("submitted", None)

    done = browser.post(
        f"{url}/decision",
        data={**form, "reason": "Lengkapi pilar ekonomi."},
        follow_redirects=False,
    )
    assert done.status_code == 303
    history = client.get(
        f"/api/v1/workspace/booths/{BITUNG}/submissions", headers=tokens["bitung"]
    ).json()
    assert history[0]["state"] == "changes_requested"
    assert history[0]["reason"] == "Lengkapi pilar ekonomi."
    assert history[0]["comments"] == [
        {"section": "economy", "body": "Tambahkan KPI transaksi nontunai."}
    ]
    # the next submission's review shows this one in the booth's history
    again = submit(client, tokens["bitung"], BITUNG, tagline="Kota pelabuhan, bahari, dan KPI")
    page = browser.get(f"/moderation/submissions/{again}").text
    history_part = page[page.index('id="history-title"') :]
    assert "Perlu perbaikan" in history_part and "Lengkapi pilar ekonomi." in history_part
    assert "Tambahkan KPI transaksi nontunai." in history_part


def test_a_second_moderator_sees_who_holds_a_submission(
    queued: dict[str, int], as_user: SignIn, session: Session
) -> None:
    first, first_csrf = as_user("mod1@pameran.go.id")
    second, second_csrf = as_user("mod2@pameran.go.id")
    url = f"/moderation/submissions/{queued[TOBA]}"
    first.post(f"{url}/claim", data={"csrf_token": first_csrf})
    page = second.get(url).text
    assert "Sedang ditinjau oleh mod1@pameran.go.id" in page
    assert 'action="' + url + '/decision"' not in page  # no decision form for him

    taken = second.post(f"{url}/claim", data={"csrf_token": second_csrf})
    assert taken.status_code == 409
    assert re.search(r'role="alert">.*mod1@pameran.go.id', taken.text, re.S)
    decision = second.post(
        f"{url}/decision", data={"csrf_token": second_csrf, "decision": "approve"}
    )
    assert decision.status_code == 409 and "mod1@pameran.go.id" in decision.text
    release = second.post(f"{url}/release", data={"csrf_token": second_csrf})
    assert release.status_code == 409
    state, holder = state_of(session, queued[TOBA])
    assert state == "in_review"
    assert "Dipegang oleh" in first.get(url).text and "<strong>Anda</strong>" in first.get(url).text
    assert holder is not None


def test_a_decided_submission_cannot_be_decided_again_from_the_page(
    queued: dict[str, int], as_user: SignIn, session: Session
) -> None:
    browser, csrf = as_user("mod2@pameran.go.id")
    url = f"/moderation/submissions/{queued[TOBA]}"
    form = {"csrf_token": csrf, "decision": "reject", "reason": "Bukan konten resmi daerah."}
    assert browser.post(f"{url}/decision", data=form, follow_redirects=False).status_code == 303
    page = browser.get(url).text
    assert "Pengajuan ini sudah diputuskan." in page and "Bukan konten resmi daerah." in page
    assert 'action="' + url + '/decision"' not in page
    again = browser.post(f"{url}/decision", data={**form, "decision": "approve"})
    assert again.status_code == 409
    assert state_of(session, queued[TOBA]) == ("rejected", None)
