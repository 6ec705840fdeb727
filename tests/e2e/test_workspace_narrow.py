"""Every workspace page fits a 360 px phone in its hard states: a moderator's notes
pinned to every section, errors beside the fields, long words and long URLs; and the
editor's sticky save button stays pressable. The moderation pages too: the queue, a
claimed review with its decision errors, and the preview of a booth full of long words."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from .test_workspace import sign_in

if TYPE_CHECKING:
    from .conftest import Account, Server, Site, Workspace

pytestmark = pytest.mark.e2e

WIDTH = 360
LONG_WORD = "Pengembangan" * 12
LONG_URL = "https://example.go.id/" + "sangat-panjang/" * 15 + "?q=" + "x" * 80
SECTIONS = ("identity", "welcome", "gallery", "documents", "videos", "contact", "governance")


def _token(server: Server, email: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", "tokens", "add", email],
        env=server.env, cwd=server.workdir, capture_output=True, text=True, timeout=120,
        check=True,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def _call(server: Server, token: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        server.base_url + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


@pytest.fixture(scope="module")
def noted_booth(
    pameran_server: Server, site: Site, make_account: Callable[..., Account]
) -> tuple[str, Account]:
    """A booth whose draft is full of long words and URLs, sent back with a note pinned
    to every section (another booth than the other workspace tests use)."""
    slug = sorted(site.details)[-1]
    region = site.details[slug]["region"]["code"]
    editor = make_account("sempit.e2e@example.go.id", regions=[region])
    make_account("moderator.sempit.e2e@example.go.id", role="moderator")
    editor_token = _token(pameran_server, editor.email)
    moderator = _token(pameran_server, "moderator.sempit.e2e@example.go.id")
    submission = _fill_with_long_texts(pameran_server, editor_token, slug)
    path = f"/api/v1/moderation/submissions/{submission}"
    _call(pameran_server, moderator, "POST", f"{path}/claim", {})
    comments = [{"section": s, "body": f"{LONG_WORD} {LONG_URL}"} for s in SECTIONS]
    decision = {"decision": "request_changes", "reason": LONG_URL, "comments": comments}
    _call(pameran_server, moderator, "POST", f"{path}/decision", decision)
    return slug, editor


def _fill_with_long_texts(server: Server, token: str, slug: str) -> int:
    """Long words and URLs in the tagline, welcome and website; submitted (the id)."""
    base = f"/api/v1/workspace/booths/{slug}"
    content = _call(server, token, "GET", f"{base}/draft")
    content |= {"tagline": LONG_WORD[:200], "welcome": f"{LONG_WORD} {LONG_URL}"}
    content["contact"] = {**(content.get("contact") or {}), "website": LONG_URL}
    _call(server, token, "PUT", f"{base}/draft", content)
    return int(_call(server, token, "POST", f"{base}/submissions", {})["id"])


def assert_fits(page: Page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{what} is {width} px wide at {WIDTH} px"


def assert_save_pressable(page: Page, what: str) -> None:
    button = page.locator(".editor-savebar__button")
    expect(button).to_be_visible()
    button.click(trial=True)  # actionable: visible, enabled, not covered by anything
    box = button.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"{what}: {box}"


@pytest.mark.parametrize("locale", ["id-ID", "en-US"])
def test_workspace_pages_fit_a_360_px_phone(
    new_context: Callable[..., Any], noted_booth: tuple[str, Account], locale: str
) -> None:
    slug, editor = noted_booth
    context = new_context(viewport={"width": WIDTH, "height": 740}, locale=locale)
    page = context.new_page()
    sign_in(page, editor)
    booth = f"/workspace/booths/{slug}"
    for path in (
        "/workspace",
        f"{booth}/media",
        f"{booth}/submissions",
        f"{booth}/guestbook",
        f"{booth}/preview",
        "/account",
        "/account/notifications",
    ):
        answer = page.goto(path)
        assert answer is not None and answer.status == 200, path
        assert_fits(page, path)

    page.goto(booth)
    expect(page.locator("aside.pinned").first).to_be_visible()
    assert_fits(page, "the editor with notes")
    assert_save_pressable(page, "the editor with notes")

    # Another row in place (JavaScript), then errors beside the fields.
    page.locator("#governance .editor-add__summary").first.click()
    page.locator("#governance [data-add-row]").first.click()
    assert_fits(page, "the editor with an added row")
    page.fill("#f-period-start", LONG_WORD)
    page.fill("#f-contact-website", "bukan-alamat-" + LONG_WORD)
    page.locator(".editor-savebar__button").click()
    expect(page.locator("#editor-problems")).to_be_visible()
    assert_fits(page, "the editor with errors")
    assert_save_pressable(page, "the editor with errors")


@pytest.fixture(scope="module")
def claimed_review(
    pameran_server: Server,
    site: Site,
    workspace: Workspace,
    make_account: Callable[..., Account],
) -> tuple[int, Account]:
    """A submission full of long words, claimed by a moderator (the decision form shows),
    of a booth the other browser tests leave alone (they take the last in name order)."""
    taken = {site.booth, workspace.booth, workspace.other, sorted(site.details)[-1]}
    slug = next(s for s in sorted(site.details) if s not in taken)
    region = site.details[slug]["region"]["code"]
    editor = make_account("sempit.tinjau.e2e@example.go.id", regions=[region])
    moderator = make_account("moderator.tinjau.e2e@example.go.id", role="moderator")
    submission = _fill_with_long_texts(pameran_server, _token(pameran_server, editor.email), slug)
    claim = f"/api/v1/moderation/submissions/{submission}/claim"
    _call(pameran_server, _token(pameran_server, moderator.email), "POST", claim, {})
    return submission, moderator


@pytest.mark.parametrize("locale", ["id-ID", "en-US"])
def test_moderation_pages_fit_a_360_px_phone(
    new_context: Callable[..., Any], claimed_review: tuple[int, Account], locale: str
) -> None:
    submission, moderator = claimed_review
    context = new_context(viewport={"width": WIDTH, "height": 740}, locale=locale)
    page = context.new_page()
    sign_in(page, moderator)
    review = f"/moderation/submissions/{submission}"
    for path in ("/moderation", review, f"{review}/preview", "/moderation/guestbook", "/account"):
        answer = page.goto(path)
        assert answer is not None and answer.status == 200, path
        assert_fits(page, path)

    # Asking for changes without a reason: the errors stand beside their fields.
    page.goto(review)
    page.check('input[name="decision"][value="request_changes"]')
    page.locator(".review-comments__summary").click()
    page.fill("#comment-welcome", f"{LONG_WORD} {LONG_URL}")
    page.locator(".review-decision [type=submit]").click()
    expect(page.locator("#reason-error")).to_be_visible()
    assert_fits(page, "the decision form with errors")


@pytest.mark.parametrize("width", [768, 1024, 1280])
def test_an_organizers_workspace_menu_overlaps_nothing(
    page: Page, make_account: Callable[..., Account], width: int
) -> None:
    """Thirteen links, the address and "sign out" share one bar: none is drawn over another."""
    organizer = make_account(f"menu.{width}.e2e@example.go.id", role="organizer")
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, organizer)
    boxes = page.eval_on_selector_all(
        ".workspace-nav__link, .workspace-nav__who, .workspace-nav__logout",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent.trim(), r.left, r.top, r.right, r.bottom]; })",
    )
    assert len(boxes) == 15
    overlapping = [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]
    assert overlapping == []
