"""Likes: once per browser, one counted per visitor identity, live booths only,
same-origin only, limited per address."""

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session, select

from app.booths.models import Booth
from app.exhibition.service import bump_epoch
from app.guestbook.models import BoothLike
from app.guestbook.service import LIKES_PER_ADDRESS, LikeTally, like_counts, like_tallies
from app.guestbook.visitors import VISITOR_COOKIE
from tests.guestbook.conftest import LIVE, UNLIVED, count_rows

FORM = f"/booths/{LIVE}/like"
API = f"/api/v1/booths/{LIVE}/likes"


def stored_likes(session: Session) -> int:
    return count_rows(session, BoothLike)


def test_a_browser_likes_a_booth_once(
    client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    fresh = client.get(API)
    assert fresh.json() == {"count": 0, "liked": False}
    assert fresh.headers["cache-control"] == "no-store"

    liked = client.post(FORM, follow_redirects=False)
    assert liked.status_code == 303 and liked.headers["location"] == f"/booths/{LIVE}#like"
    cookie = liked.headers["set-cookie"]
    assert cookie.startswith(f"{VISITOR_COOKIE}=") and "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower() and "Max-Age=" in cookie
    assert client.post(FORM, follow_redirects=False).status_code == 303
    again = client.post(API)
    assert again.status_code == 200 and again.json() == {"count": 1, "liked": True}
    assert stored_likes(session) == 1

    client.cookies.clear()  # another person's browser behind the same address
    assert client.get(API).json() == {"count": 1, "liked": False}
    other = client.post(API, headers={"User-Agent": "Mozilla/5.0 (Android 14) Firefox/133"})
    assert other.status_code == 201 and other.json() == {"count": 2, "liked": True}
    session.rollback()  # end the test session's snapshot: see the committed likes
    assert like_counts(session, [b.id or 0 for b in booths.values()]) == {
        booths[LIVE].id: 2,
        booths[UNLIVED].id: 0,
    }


def test_a_made_up_visitor_cookie_is_replaced(client: TestClient, booths: dict[str, Booth]) -> None:
    response = client.post(API, headers={"Cookie": f"{VISITOR_COOKIE}=<script>"})
    assert response.status_code == 201
    assert response.cookies.get(VISITOR_COOKIE) not in (None, "<script>")


def test_booths_without_a_live_revision_cannot_be_liked(
    client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    for slug in (UNLIVED, "no-such-booth"):
        assert client.post(f"/booths/{slug}/like", follow_redirects=False).status_code == 404
        assert client.post(f"/api/v1/booths/{slug}/likes").status_code == 404
        assert client.get(f"/api/v1/booths/{slug}/likes").status_code == 404
    assert stored_likes(session) == 0


def test_likes_from_other_sites_are_refused(
    client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    refused = [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ]
    for headers in refused:
        response = client.post(FORM, headers=headers, follow_redirects=False)
        assert response.status_code == 403, headers
        assert "situs lain" in response.text
        assert client.post(API, headers=headers).status_code == 403, headers
    assert stored_likes(session) == 0

    own = client.post(FORM, headers={"Sec-Fetch-Site": "same-origin"}, follow_redirects=False)
    assert own.status_code == 303
    client.cookies.clear()
    assert client.post(API, headers={"Origin": "http://testserver"}).status_code == 201
    assert stored_likes(session) == 2


def test_likes_are_limited_per_address(
    app: FastAPI, client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    for n in range(LIKES_PER_ADDRESS.hits):
        client.cookies.clear()  # a fresh "browser" every time: only the address limits
        assert client.post(API, headers={"User-Agent": f"browser {n}"}).status_code == 201
    assert client.post(API).status_code == 200  # the last browser's like stands, unchanged
    client.cookies.clear()
    refused = client.post(API)
    assert refused.status_code == 429 and "Coba lagi nanti" in refused.json()["detail"]
    assert client.post(FORM, follow_redirects=False).status_code == 429
    assert stored_likes(session) == LIKES_PER_ADDRESS.hits

    elsewhere = TestClient(app, client=("203.0.113.9", 40000))
    assert elsewhere.post(API).status_code == 201


def test_the_cached_booth_page_is_the_same_for_everyone_and_the_count_is_fresh(
    client: TestClient, booths: dict[str, Booth]
) -> None:
    before = client.get(f"/booths/{LIVE}")
    assert f'action="/booths/{LIVE}/like"' in before.text and 'id="like"' in before.text
    assert "csrf" not in before.text and "aria-pressed" not in before.text
    assert client.post(API).json() == {"count": 1, "liked": True}
    after = client.get(f"/booths/{LIVE}")  # with this visitor's cookie now
    assert after.headers["etag"] == before.headers["etag"]
    assert client.get(API).json() == {"count": 1, "liked": True}


def test_fresh_cookies_do_not_stuff_the_count(
    app: FastAPI, client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    """One sender (address and browser) throwing its cookie away likes many times:
    every like is kept, but the count and the award see one visitor."""
    for _ in range(10):
        client.cookies.clear()
        response = client.post(API)
        assert response.status_code == 201 and response.json() == {"count": 1, "liked": True}
    elsewhere = TestClient(app, client=("203.0.113.9", 40000))
    assert elsewhere.post(API).json()["count"] == 2  # the same browser make, another address
    assert stored_likes(session) == 11
    booth_id = booths[LIVE].id or 0
    assert like_tallies(session, [booth_id])[booth_id] == LikeTally(likes=2, discounted=9)
    assert like_counts(session, [booth_id]) == {booth_id: 2}


def test_a_like_keeps_no_address_or_user_agent(
    client: TestClient, session: Session, booths: dict[str, Booth]
) -> None:
    client.post(API, headers={"User-Agent": "Pameran-Test-Agent"})
    session.rollback()
    (row,) = session.exec(select(BoothLike)).all()
    assert row.identity is not None
    assert len(row.identity) == 64 and int(row.identity, 16) >= 0  # a SHA-256, hex
    stored = " ".join(str(v) for v in row.model_dump().values())
    assert "testclient" not in stored and "Pameran-Test-Agent" not in stored


def test_the_count_is_kept_a_few_seconds_per_instance(
    client: TestClient, app: FastAPI, session: Session, booths: dict[str, Booth]
) -> None:
    assert client.get(API).json() == {"count": 0, "liked": False}
    statements: list[str] = []
    event.listen(app.state.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    session.add(BoothLike(booth_id=booths[LIVE].id or 0, visitor_id="x" * 20, identity="y" * 64))
    session.commit()  # another instance's like
    assert client.get(API).json() == {"count": 0, "liked": False}  # kept: may lag
    assert [s for s in statements if "booth_like" in s.lower()] == []
    app.state.like_counts.keep_seconds = 0  # a few seconds later
    assert client.get(API).json() == {"count": 1, "liked": False}
    app.state.like_counts.keep_seconds = 60
    booths[LIVE].live_revision_id = None  # taken down: a new epoch, asked again
    session.add(booths[LIVE])
    bump_epoch(session)
    session.commit()
    assert client.get(API).status_code == 404
