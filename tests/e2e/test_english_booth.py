"""The English booth with every text translated: the editor shows how many texts are
still missing and marks each one; once all are filled in (rows of every list and the
media texts too), the editor says so, and after approval the English booth shows the
translations and none of the Indonesian texts they replace."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from .test_moderation_journey import visit_until_shown
from .test_workspace import sign_in
from .test_workspace_narrow import _call, _token

if TYPE_CHECKING:
    from .conftest import Account, Server, Site, Workspace

pytestmark = pytest.mark.e2e

SOURCE = re.compile(r"^Teks Indonesia: (.+)$")
ALL_DONE = "Semua teks yang dibaca pengunjung sudah diterjemahkan."


def _booth(site: Site, workspace: Workspace) -> str:
    """A booth the other browser tests leave alone (they take the first and last in
    name order, and the workspace fixture's)."""
    names = sorted(site.details)
    taken = {site.booth, workspace.booth, workspace.other, names[0], names[-1]}
    return [s for s in names if s not in taken][-1]


def test_every_text_of_the_english_booth_can_be_translated(
    open_page: Callable[..., Page],
    pameran_server: Server,
    site: Site,
    workspace: Workspace,
    make_account: Callable[..., Account],
) -> None:
    slug = _booth(site, workspace)
    region = site.details[slug]["region"]["code"]
    editor = make_account("terjemah.e2e@example.go.id", regions=[region])
    page = open_page("desktop")
    sign_in(page, editor)
    page.goto(f"/workspace/booths/{slug}")
    expect(page.locator("#translations-status")).to_contain_text("teks belum diterjemahkan")

    missing = page.locator("#translations .field").filter(has=page.locator(".editor-missing"))
    count = missing.count()
    assert count, "the sample booth has texts without English"
    kinds = page.locator("#translations [name]").evaluate_all("els => els.map(e => e.name)")
    for kind in ("achievements", "programs", "quick_wins", "kpis", ".media."):
        assert any(kind in name for name in kinds), f"no English field for {kind}"

    english: list[str] = []  # the texts the English booth must show
    indonesian: list[str] = []
    for n in range(count):
        field = missing.nth(n)
        field.evaluate("f => f.closest('details') && (f.closest('details').open = true)")
        hint = field.locator(".field__hint")
        source = SOURCE.match(hint.inner_text().strip()) if hint.count() else None
        if source and len(source.group(1)) >= 12 and not source.group(1).endswith("…"):
            indonesian.append(source.group(1))
        text = f"English text {n:02d}"
        control = field.locator("input, textarea")
        control.fill(text)
        # Not every media text is on the booth (a photo's title, the logo's caption).
        name = control.get_attribute("name") or ""
        if ".media." not in name or name.endswith(".alt_text"):
            english.append(text)
    page.locator(".editor-savebar__button").click()
    expect(page.locator("#translations-status")).to_have_text(ALL_DONE)
    expect(page.locator("#translations .editor-missing")).to_have_count(0)

    token = _token(pameran_server, editor.email)
    submission = _call(
        pameran_server, token, "POST", f"/api/v1/workspace/booths/{slug}/submissions", {}
    )
    moderator = make_account("moderator.terjemah.e2e@example.go.id", role="moderator")
    staff = _token(pameran_server, moderator.email)
    path = f"/api/v1/moderation/submissions/{submission['id']}"
    _call(pameran_server, staff, "POST", f"{path}/claim", {})
    _call(pameran_server, staff, "POST", f"{path}/decision", {"decision": "approve"})

    visitor = open_page("desktop", locale="en-US")
    visit_until_shown(visitor, f"/booths/{slug}?lang=en", english[0])
    html = visitor.content()
    shown = [text for text in english if text in html]
    assert shown == english, f"not on the English booth: {sorted(set(english) - set(shown))}"
    left = [text for text in indonesian if text in html]
    assert not left, f"Indonesian on the English booth: {left}"
