"""What visitors tripped over, checked in a real browser: API docs, halls, the lobby and booth
layout at 360 px, and the static export opened from disk."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from .conftest import _cli

if TYPE_CHECKING:
    from .conftest import Server, Site

pytestmark = pytest.mark.e2e
SMALL = {"width": 360, "height": 780}
MIN_TAP = 24  # px, WCAG 2.2's target size (minimum)


def test_api_docs_render_the_operations_from_vendored_files(
    open_page: Any, base_url: str, browser_errors: list[str]
) -> None:
    page = open_page("desktop")
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None)
    page.goto("/api/docs")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/booths" in p for p in paths), paths
    assert outside == [] and browser_errors == []


def test_halls_page_is_in_the_menu_and_fits_a_phone(open_page: Any, site: Site) -> None:
    page = open_page("phone")
    page.set_viewport_size(SMALL)
    page.goto("/")
    page.locator(".primary-nav").get_by_role("link", name="Aula").click()
    expect(page).to_have_url(f"{site.base_url}/halls")
    expect(page.locator(".hall-card__link")).to_have_count(len(site.halls))
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL["width"]


def test_every_map_dot_is_a_tap_target_and_regions_are_listed_by_province(
    open_page: Any, site: Site
) -> None:
    page = open_page("phone")
    page.set_viewport_size(SMALL)
    page.goto("/")
    regions = page.locator("svg.map__svg a.map__region")
    expect(regions.first).to_be_attached()
    for box in regions.evaluate_all(
        "links => links.map(a => a.getBoundingClientRect()).map(r => [r.width, r.height])"
    ):
        assert min(box) >= MIN_TAP, box
    provinces = page.locator(".map-list__province-name").all_inner_texts()
    assert provinces and provinces == sorted(provinces)
    assert page.locator(".map-list__province a").count() == len(site.booths)
    for height in page.locator(".map-list__link").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().height)"
    ):
        assert height >= MIN_TAP


@pytest.mark.parametrize(("width", "rows"), [(1280, 1), (800, 2)])
def test_four_featured_booths_fill_their_rows(
    open_page: Any, site: Site, width: int, rows: int
) -> None:
    page = open_page("desktop")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    cards = page.locator(".card-grid--showcase > li")
    count = cards.count()
    if count != 4:
        pytest.skip(f"the sample exhibition features {count} booths, not 4")
    tops = cards.evaluate_all(
        "items => items.map(li => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == rows, tops


def test_the_pillar_bar_is_opaque_and_stays_out_of_the_gallery(open_page: Any, site: Site) -> None:
    page = open_page("phone")
    page.set_viewport_size(SMALL)
    page.goto(f"/booths/{site.booth}")
    bar = page.locator(".pillar-tabs")
    if bar.count() == 0:
        pytest.skip(f"{site.booth} has fewer than two pillars")
    page.locator(".pillar").last.evaluate("el => el.scrollIntoView({behavior: 'instant'})")
    assert bar.evaluate("el => el.getBoundingClientRect().top") == 0  # stuck while in the pillars
    alpha = bar.evaluate(
        "el => { const c = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g);"
        " return c.length > 3 ? Number(c[3]) : 1 }"
    )
    assert alpha == 1
    page.locator("#galeri h2").evaluate("el => el.scrollIntoView({behavior: 'instant'})")
    heading = page.locator("#galeri h2").evaluate("el => el.getBoundingClientRect().top")
    assert bar.evaluate("el => el.getBoundingClientRect().bottom") <= heading


def test_the_static_export_loads_its_web_font_from_disk(
    open_page: Any, pameran_server: Server, tmp_path: Path, browser_errors: list[str]
) -> None:
    target = tmp_path / "export"
    _cli("export", "static", str(target), env=pameran_server.env, cwd=pameran_server.workdir)
    page = open_page("phone")
    page.goto((target / "index.html").as_uri())
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate("document.fonts.check('600 16px \"Plus Jakarta Sans\"')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.weight)"
    )
    assert loaded, "no face of Plus Jakarta Sans loaded"
    family = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert family.startswith('"Plus Jakarta Sans"')
    assert browser_errors == [], browser_errors
