"""The review journey in a real browser, with four people in their own browsers.

A region editor edits and submits; a moderator claims it and asks for changes with
a comment pinned to a section; the editor sees the comment beside that section,
fixes the draft and submits again; the moderator approves; a visitor sees the new
booth. A visitor's guestbook message waits for a moderator, then shows. axe finds
nothing on the moderation pages at phone and desktop width.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .test_axe import describe
from .test_workspace import sign_in

if TYPE_CHECKING:
    from .conftest import Account, Site, Workspace

pytestmark = pytest.mark.e2e

AXE = Axe()


@dataclass
class Cast:
    editor: Account
    moderator: Account
    booth: str


@pytest.fixture(scope="module")
def cast(site: Site, workspace: Workspace, make_account: Callable[..., Account]) -> Cast:
    """A booth no other browser test edits, its region's editor and a moderator."""
    taken = site.details[workspace.booth]["region"]["code"]
    booth = next(
        slug
        for slug, detail in reversed(site.details.items())
        if detail["region"]["code"] != taken and slug not in (workspace.other, site.booth)
    )
    region = site.details[booth]["region"]["code"]
    return Cast(
        editor=make_account("editor.journey@example.go.id", regions=[region]),
        moderator=make_account("moderator.journey@example.go.id", role="moderator"),
        booth=booth,
    )


def visit_until_shown(page: Page, path: str, text: str, where: str = "main") -> None:
    """Reload like a visitor would: each instance trusts its last read of the
    publication epoch for up to PAMERAN_EPOCH_TTL_SECONDS (1 s), so a change may
    take that long to show."""
    for _ in range(20):
        page.goto(path)
        if text in page.locator(where).inner_text():
            return
        page.wait_for_timeout(250)
    expect(page.locator(where), f"{text!r} never showed on {path}").to_contain_text(text)


def set_tagline_and_submit(page: Page, booth: str, tagline: str) -> None:
    page.goto(f"/workspace/booths/{booth}")
    page.fill("#f-tagline", tagline)
    page.locator(".editor-savebar__button").click()
    expect(page.get_by_text("Draf tersimpan", exact=True)).to_be_visible()
    page.goto("/workspace")
    page.locator(f'form[action="/workspace/booths/{booth}/submit"] button').click()
    expect(page).to_have_url(re.compile(r"/workspace\?submitted=1$"))


def open_submission(page: Page, title: str) -> str:
    """From the queue to the review page of `title`'s submission; returns its path."""
    page.goto("/moderation")
    page.get_by_role("link", name=title, exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/moderation/submissions/\d+$"))
    page.get_by_role("button", name="Pegang untuk ditinjau").click()
    expect(page.get_by_text("Anda memegang pengajuan ini", exact=False)).to_be_visible()
    return re.sub(r"^https?://[^/]+", "", page.url)


def decide(
    page: Page, decision: str, reason: str = "", comments: dict[str, str] | None = None
) -> None:
    page.locator(f'input[name="decision"][value="{decision}"]').check()
    if reason:
        page.fill("#reason", reason)
    if comments:
        page.locator(".review-comments__summary").click()
        for section, body in comments.items():
            page.fill(f"#comment-{section}", body)
    page.get_by_role("button", name="Kirim keputusan").click()
    expect(page).to_have_url(re.compile(r"/moderation(\?.*)?$"))


def test_from_draft_to_visitor_through_review(
    open_page: Callable[..., Page], site: Site, cast: Cast
) -> None:
    title = str(site.details[cast.booth]["content"]["title"])
    first, fixed = (
        f"Slogan perlu cek {secrets.token_hex(3)}",
        f"Slogan final {secrets.token_hex(3)}",
    )
    editor, moderator, visitor = open_page("phone"), open_page("desktop"), open_page("phone")
    sign_in(editor, cast.editor)
    sign_in(moderator, cast.moderator)

    set_tagline_and_submit(editor, cast.booth, first)
    review = open_submission(moderator, title)
    expect(moderator.locator(".review-diff"), "the diff shows the new tagline").to_contain_text(
        first
    )
    decide(
        moderator,
        "request_changes",
        reason="Slogan terlalu umum.",
        comments={"identity": "Sebutkan keunggulan daerah di slogan."},
    )

    editor.goto(f"/workspace/booths/{cast.booth}")
    pinned = editor.locator("#identity .pinned")
    expect(pinned, "the comment sits in the identity section").to_contain_text(
        "Sebutkan keunggulan daerah di slogan."
    )
    expect(editor.locator(".alert--warning")).to_contain_text("Slogan terlalu umum.")
    violations = AXE.run(editor).response["violations"]
    assert not violations, "\n".join(describe("editor with notes", v) for v in violations)
    set_tagline_and_submit(editor, cast.booth, fixed)

    visitor.goto(f"/booths/{cast.booth}")
    expect(visitor.locator("main"), "nothing is public before approval").not_to_contain_text(fixed)

    assert open_submission(moderator, title) != review, "the resubmission is a new submission"
    decide(moderator, "approve")
    expect(moderator.locator('[role="status"]').first).to_be_visible()

    visit_until_shown(visitor, f"/booths/{cast.booth}", fixed)
    editor.goto(f"/workspace/booths/{cast.booth}/submissions")
    expect(editor.locator(".history__item")).to_have_count(2)


def test_a_guestbook_message_shows_after_approval(
    open_page: Callable[..., Page], site: Site, cast: Cast
) -> None:
    message = f"Anjungan yang menginspirasi {secrets.token_hex(3)}"
    visitor, moderator = open_page("phone"), open_page("desktop")
    visitor.goto(f"/booths/{site.booth}/guestbook")
    visitor.fill("#gb-name", "Sari dari Medan")
    visitor.fill("#gb-message", message)
    visitor.get_by_role("button", name="Kirim pesan").click()
    expect(visitor.locator("main")).to_contain_text("setelah diperiksa moderator")
    visitor.goto(f"/booths/{site.booth}")
    expect(visitor.locator("main"), "unmoderated messages stay hidden").not_to_contain_text(message)

    sign_in(moderator, cast.moderator)
    moderator.goto("/moderation/guestbook")
    row = moderator.locator("tr, li, article").filter(has_text=message).last
    row.get_by_role("button", name=re.compile("^Setujui")).click()
    expect(moderator.get_by_text("Pesan disetujui", exact=False)).to_be_visible()

    visit_until_shown(visitor, f"/booths/{site.booth}", message, where="#buku-tamu")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_moderation_pages_have_no_axe_violations(
    open_page: Callable[..., Page], cast: Cast, viewport: str
) -> None:
    page = open_page(viewport)
    sign_in(page, cast.moderator)
    paths = ["/moderation", "/moderation?state=approved", "/moderation/guestbook"]
    page.goto("/moderation?state=approved")
    # The journey above (same module) leaves an approved submission to look at.
    href = page.locator('a[href^="/moderation/submissions/"]').first.get_attribute("href")
    assert href, "no decided submission in the queue's approved view"
    paths += [href, f"{href}/preview"]
    found: list[str] = []
    for path in paths:
        answer = page.goto(path)
        assert answer is not None and answer.status == 200, f"{path}: {answer and answer.status}"
        results = AXE.run(page)
        found += [describe(f"{path} ({viewport})", v) for v in results.response["violations"]]
    assert not found, "\n".join(found)
