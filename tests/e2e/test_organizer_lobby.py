"""An organizer features a booth, moves it to the front by keyboard, previews the lobby
and saves it; a visitor sees it. The lobby page is axe-clean at 360 px and desktop
width (with its preview open) and no wider than the screen."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .test_workspace import sign_in

if TYPE_CHECKING:
    from .conftest import Account

pytestmark = pytest.mark.e2e

NARROW = {"width": 360, "height": 780}
HEADLINE = "Pameran penutupan Gerakan Menuju Smart City"


def featured_rows(page: Page) -> list[str]:
    ids = page.eval_on_selector_all("[data-reorder-item]", "els => els.map(e => e.id)")
    return [row.removeprefix("featured-") for row in ids]


def lobby_featured(page: Page) -> list[str]:
    section = page.locator("section", has=page.locator("#featured-title"))
    links = section.locator("a.booth-card__link").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    return [href.removeprefix("/booths/") for href in links]


def test_an_organizer_features_a_booth_by_keyboard_and_a_visitor_sees_it(
    open_page: Any, make_account: Callable[..., Account], browser_errors: list[str]
) -> None:
    organizer = make_account("lobi.e2e@example.go.id", role="organizer")
    page = open_page("desktop")
    sign_in(page, organizer)
    page.goto("/organizer/lobby")
    before = featured_rows(page)
    candidate = page.locator("#candidate option").first.get_attribute("value")
    assert candidate and candidate not in before
    page.get_by_role("button", name="Tambahkan").click()
    assert featured_rows(page) == [*before, candidate]
    expect(page.locator(".alert--warning")).to_contain_text("belum disimpan")

    handle = page.locator(f"#featured-{candidate} [data-reorder-handle]")
    handle.focus()
    page.keyboard.press("Space")
    expect(page.locator(f"#featured-{candidate}")).to_have_class(re.compile("is-grabbed"))
    page.keyboard.press("Home")
    page.keyboard.press("Enter")
    total = len(before) + 1
    expect(page.locator("[data-reorder-status]")).to_contain_text(
        f"dipindah ke posisi 1 dari {total}"
    )
    expect(handle).to_be_focused()
    assert featured_rows(page) == [candidate, *before]

    page.fill("#headline", HEADLINE)
    page.locator(".editor-savebar").get_by_role("button", name="Pratinjau").click()
    preview = page.locator("#preview")
    expect(preview.locator(".hero__title")).to_have_text(HEADLINE)
    expect(preview.locator("a.booth-card__link").first).to_have_attribute(
        "href", f"/booths/{candidate}"
    )
    visitor = open_page("phone")
    visitor.goto("/")
    assert lobby_featured(visitor) == before  # nothing saved yet

    page.get_by_role("button", name="Simpan lobi").click()
    expect(page.locator(".alert--success")).to_contain_text("Lobi tersimpan")
    visitor.goto("/")
    expect(visitor.locator("h1")).to_have_text(HEADLINE)
    assert lobby_featured(visitor) == [candidate, *before]

    # Back as it was, for the other tests.
    page.locator(f"#featured-{candidate}").get_by_role("button", name=re.compile("Lepas")).click()
    page.fill("#headline", "")
    page.get_by_role("button", name="Simpan lobi").click()
    expect(page.locator(".alert--success")).to_be_visible()
    assert featured_rows(page) == before
    assert browser_errors == []


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_lobby_page_has_no_axe_violations(
    open_page: Any, make_account: Callable[..., Account], viewport: str, lang: str
) -> None:
    organizer = make_account(f"lobi.axe.{viewport}.{lang}.e2e@example.go.id", role="organizer")
    page = open_page(viewport)
    if viewport == "phone":
        page.set_viewport_size(NARROW)
    sign_in(page, organizer)
    page.goto(f"/organizer/lobby?lang={lang}")
    found = []
    for state in ("form", "preview"):
        if state == "preview":
            page.locator(".editor-savebar button[value=preview]").click()
            expect(page.locator("#preview")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{state} is {width} px wide"
        results = Axe().run(page)
        found += [f"{state}: {v['id']}: {v['help']}" for v in results.response["violations"]]
    assert not found, "\n".join(found)
