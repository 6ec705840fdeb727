"""An organizer orders a hall's booths in a browser, by keyboard and by drag and drop,
and a visitor walks the hall in that order; the halls pages are axe-clean at 360 px and
desktop width and no wider than the screen."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .test_workspace import sign_in

if TYPE_CHECKING:
    from .conftest import Account, Site

pytestmark = pytest.mark.e2e

NARROW = {"width": 360, "height": 780}


def booth_rows(page: Page) -> list[str]:
    ids = page.eval_on_selector_all("[data-reorder-item]", "els => els.map(e => e.id)")
    return [row.removeprefix("booth-") for row in ids]


def public_order(page: Page, hall: str) -> list[str]:
    answer = page.goto(f"/halls/{hall}")
    assert answer is not None and answer.status == 200
    links = page.eval_on_selector_all(
        "a.booth-card__link", "els => els.map(e => e.getAttribute('href'))"
    )
    return [href.removeprefix("/booths/") for href in links]


def keyboard_move(page: Page, booth: str, key: str) -> None:
    """Grab the booth's handle with Space, press `key`, drop it with Enter."""
    page.locator(f"#booth-{booth} [data-reorder-handle]").focus()
    page.keyboard.press("Space")
    expect(page.locator(f"#booth-{booth}")).to_have_class(re.compile("is-grabbed"))
    page.keyboard.press(key)
    page.keyboard.press("Enter")


def test_an_organizer_reorders_a_hall_by_keyboard_and_a_visitor_walks_it(
    open_page: Any, make_account: Callable[..., Account], site: Site, browser_errors: list[str]
) -> None:
    organizer = make_account("aula.e2e@example.go.id", role="organizer")
    page = open_page("desktop")
    sign_in(page, organizer)
    page.goto(f"/organizer/halls/{site.hall}")
    before = booth_rows(page)
    assert len(before) >= 2, f"the hall {site.hall} needs two booths to be reordered"
    last = before[-1]
    name = page.locator(f"#booth-{last}").get_attribute("data-reorder-label")

    keyboard_move(page, last, "Home")
    status = page.locator("[data-reorder-status]")
    expect(status).to_have_text(f"Anjungan {name} dipindah ke posisi 1 dari {len(before)}.")
    expect(page.locator(f"#booth-{last} [data-reorder-handle]")).to_be_focused()
    expect(page.locator(f"#booth-{last} [data-reorder-position]")).to_have_text("1")
    moved = [last, *before[:-1]]
    assert booth_rows(page) == moved

    visitor = open_page("phone")
    assert public_order(visitor, site.hall) == [b for b in moved if b in site.hall_booths]

    # Escape puts a grabbed booth back where it was, and nothing is posted.
    page.locator(f"#booth-{last} [data-reorder-handle]").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(status).to_contain_text("Pemindahan dibatalkan")
    assert booth_rows(page) == moved

    keyboard_move(page, last, "End")  # and back, for the other tests
    expect(status).to_have_text(
        f"Anjungan {name} dipindah ke posisi {len(before)} dari {len(before)}."
    )
    page.reload()
    assert booth_rows(page) == before
    assert browser_errors == []


def test_booths_are_reordered_by_drag_and_drop_and_by_the_buttons_without_javascript(
    open_page: Any, make_account: Callable[..., Account], site: Site, browser_errors: list[str]
) -> None:
    organizer = make_account("seret.e2e@example.go.id", role="organizer")
    page = open_page("desktop")
    sign_in(page, organizer)
    page.goto(f"/organizer/halls/{site.hall}")
    before = booth_rows(page)
    first, second = before[0], before[1]
    page.drag_and_drop(
        f"#booth-{first} [data-reorder-handle]",
        f"#booth-{second}",
        target_position={"x": 20, "y": 40},  # the lower half of the second row
    )
    expect(page.locator("[data-reorder-status]")).to_contain_text("dipindah ke posisi 2")
    assert booth_rows(page)[:2] == [second, first]
    page.reload()
    assert booth_rows(page)[:2] == [second, first]

    plain = open_page("desktop", javascript=False)
    sign_in(plain, organizer)
    plain.goto(f"/organizer/halls/{site.hall}")
    expect(plain.locator("[data-reorder-handle]").first).to_be_hidden()
    plain.locator(f"#booth-{first}").get_by_role("button", name=re.compile("^Naikkan")).click()
    expect(plain).to_have_url(re.compile(rf"moved={first}&via=up$"))
    expect(plain.locator(".alert--success")).to_contain_text("dipindah ke posisi 1")
    expect(plain.locator(f"#booth-{first} button[name=down]")).to_be_focused()  # up: disabled
    assert booth_rows(plain) == before
    assert browser_errors == []


@pytest.mark.parametrize("viewport", ["narrow", "desktop"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_halls_pages_have_no_axe_violations(
    open_page: Any, make_account: Callable[..., Account], site: Site, viewport: str, lang: str
) -> None:
    organizer = make_account(f"aula.axe.{viewport}.{lang}.e2e@example.go.id", role="organizer")
    page = open_page("desktop")
    if viewport == "narrow":
        page.set_viewport_size(NARROW)
    sign_in(page, organizer)
    found = []
    for path in ("/organizer/halls", f"/organizer/halls/{site.hall}"):
        answer = page.goto(f"{path}?lang={lang}")
        assert answer is not None and answer.status == 200
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{path} is {width} px wide"
        results = Axe().run(page)
        assert results.response.get("passes"), f"axe checked nothing on {path}"
        found += [f"{path}: {v['id']}: {v['help']}" for v in results.response["violations"]]
    assert not found, "\n".join(found)
