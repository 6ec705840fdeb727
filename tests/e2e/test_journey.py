"""A visitor's walk through the exhibition in a real browser: lobby → hall → booth → search."""

from __future__ import annotations

import re
import urllib.parse
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Locator, Page, expect

if TYPE_CHECKING:
    from .conftest import Site

pytestmark = pytest.mark.e2e

# An open lightbox: a modal <dialog>, or any element playing that role.
DIALOG = "dialog[open], [role=dialog]:not(dialog)"
# Gallery items are links to the full image (DESIGN.md §5).
GALLERY_LINKS = "main .gallery a[href]"
NOTICE_ID = re.compile(r"ilustratif|konten contoh", re.IGNORECASE)
NOTICE_EN = re.compile(r"illustrative|sample content", re.IGNORECASE)


def link_to(scope: Page | Locator, path: str) -> Locator:
    """Links to `path`, with or without a query or fragment."""
    return scope.locator(f'a[href="{path}"], a[href^="{path}?"], a[href^="{path}#"]')


def path_of(page: Page) -> str:
    return urllib.parse.urlsplit(page.url).path


def ok(response: Any, what: str) -> None:
    assert response is not None, f"no response for {what}"
    assert response.status == 200, f"{what} answered {response.status}"


def assert_loaded(img: Locator, what: str) -> None:
    """The image was fetched and decoded (not a broken image)."""
    img.scroll_into_view_if_needed()
    img.page.wait_for_function("img => img.complete", arg=img.element_handle(), timeout=10_000)
    width = img.evaluate("img => img.naturalWidth")
    assert width > 0, f"{what} did not load: {img.evaluate('img => img.currentSrc || img.src')}"


def check_lobby(page: Page, site: Site) -> None:
    main = page.locator("main")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_be_visible()
    for hall in site.halls:
        expect(
            link_to(main, f"/halls/{hall['slug']}"), f"lobby links to hall {hall['slug']}"
        ).not_to_have_count(0)

    # The map: one SVG link per placed region, and a plain list of every region.
    map_links = main.locator('svg a[href^="/booths/"]')
    expect(map_links.first, "the lobby map has region links").to_be_visible()
    slugs = {b["slug"] for b in site.booths}
    for href in map_links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert urllib.parse.urlsplit(href).path.removeprefix("/booths/") in slugs, href
    map_section = main.locator('section:has(svg a[href^="/booths/"])').last
    listed = map_section.locator(':is(ul, ol) a[href^="/booths/"]:not(svg a)').evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    listed_slugs = {urllib.parse.urlsplit(h).path.removeprefix("/booths/") for h in listed}
    assert listed_slugs >= slugs, f"the map's list fallback misses {sorted(slugs - listed_slugs)}"


def check_hall(page: Page, site: Site) -> None:
    main = page.locator("main")
    expect(page.locator("h1")).to_be_visible()
    hrefs = main.locator('a[href^="/booths/"]').evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    linked = {urllib.parse.urlsplit(h).path.removeprefix("/booths/") for h in hrefs}
    assert linked == set(site.hall_booths), (
        f"hall {site.hall} links to booths {sorted(linked)}, the API lists "
        f"{sorted(site.hall_booths)}"
    )
    cards = main.locator('article:has(a[href^="/booths/"])')
    expect(cards, "one booth card per booth of the hall").to_have_count(len(site.hall_booths))


def check_booth(page: Page, site: Site, slug: str, notice: re.Pattern[str]) -> None:
    main = page.locator("main")
    expect(page.locator("h1")).to_be_visible()
    # The hero: banner (and logo) are eager <img> inside <main>, the banner on top.
    hero = main.locator(":is(header, [class*='hero']) img")
    expect(hero.first, "the hero banner <img> inside <main>").to_be_attached()
    for i in range(hero.count()):
        loading = hero.nth(i).get_attribute("loading")
        assert loading != "lazy", (
            f"hero image {i} of /booths/{slug} is loading=lazy: "
            f"{hero.nth(i).evaluate('e => e.outerHTML.slice(0, 200)')}"
        )
    first_img = main.locator("img").first
    assert first_img.evaluate("e => e.closest(\"header, [class*='hero']\") !== null"), (
        "the first image in <main> is not the hero banner"
    )
    expect(hero.first).to_be_visible()
    assert_loaded(hero.first, f"the hero banner of /booths/{slug}")

    for key in site.pillars(slug):
        section = main.locator(f'[id="pilar-{key}"], [id="{key}"], [data-pillar="{key}"]')
        expect(section.first, f"pillar section {key} on /booths/{slug}").to_be_attached()
        expect(section.first.locator("h2, h3").first).not_to_be_empty()

    expect(
        main.locator("[role=note], .notice").filter(has_text=notice).first,
        "the sample-content notice",
    ).to_be_visible()


def check_gallery(page: Page, site: Site, slug: str) -> None:
    links = page.locator(GALLERY_LINKS)
    expect(links, "one gallery link per gallery image").to_have_count(len(site.gallery(slug)))
    dialog = page.locator(DIALOG).first
    expect(dialog).to_be_hidden()

    # Keyboard: Enter opens, Escape closes, focus returns to the link.
    first = links.first
    first.scroll_into_view_if_needed()
    first.focus()
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog, "Enter on a gallery link opens a dialog").to_be_visible()
    assert path_of(page) == f"/booths/{slug}", "Enter followed the link instead of opening a dialog"
    image = dialog.locator("img").first
    expect(image, "the dialog shows the image").to_be_visible()
    assert_loaded(image, "the image in the gallery dialog")
    page.keyboard.press("Escape")
    expect(dialog, "Escape closes the dialog").to_be_hidden()
    expect(first, "focus returns to the gallery link").to_be_focused()

    # Pointer: a click opens it too.
    second = links.nth(1)
    second.click()
    expect(dialog, "a click on a gallery link opens the dialog").to_be_visible()
    expect(dialog.locator("img").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(second, "focus returns to the clicked link").to_be_focused()


def walk_to_neighbour(page: Page, site: Site, notice: re.Pattern[str]) -> None:
    """Follow the booth page's link to the next booth of the hall (else the previous one)."""
    walk = page.locator(
        'main a[rel="next"][href^="/booths/"], main a[rel="prev"][href^="/booths/"]'
    )
    if walk.count() == 0:
        assert len(site.hall_booths) < 2, (
            f"/booths/{site.booth} has no link to a neighbour in hall {site.hall}, which holds "
            f"{site.hall_booths}"
        )
        return
    link = page.locator('main a[rel="next"][href^="/booths/"]')
    link = link.first if link.count() else walk.first
    href = link.get_attribute("href") or ""
    target = urllib.parse.urlsplit(href).path.removeprefix("/booths/")
    assert target in site.hall_booths and target != site.booth, (
        f"the walk link points outside hall {site.hall}: {href}"
    )
    expect(link).to_contain_text(site.title(target))
    link.click()
    expect(page).to_have_url(re.compile(rf"/booths/{re.escape(target)}(\?|#|$)"))
    expect(page.locator("h1")).to_be_visible()
    expect(
        page.locator("main [role=note], main .notice").filter(has_text=notice).first
    ).to_be_visible()


def search_for(page: Page, site: Site) -> None:
    ok(page.goto("/search"), "/search")
    form = page.locator('main form:has(input[name="q"])').first
    method = (form.get_attribute("method") or "get").lower()
    assert method == "get", f"the search form uses {method}"
    box = form.locator('input[name="q"]')
    box.fill(site.search_word)
    box.press("Enter")
    expect(page).to_have_url(
        re.compile(r"[?&]q=" + re.escape(urllib.parse.quote_plus(site.search_word)))
    )
    main = page.locator("main")
    expect(
        link_to(main, f"/booths/{site.booth}").first,
        f"searching {site.search_word!r} finds {site.booth}",
    ).to_be_visible()
    marks = main.locator("mark")
    expect(marks.first, "the results highlight the match with <mark>").to_be_visible()
    texts = [t.casefold() for t in marks.all_text_contents()]
    stem = site.search_word.casefold()[:4]
    assert any(stem in t for t in texts), f"no <mark> holds {site.search_word!r}: {texts}"


# --- 1. the journey in Indonesian -------------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_visitor_journey_in_indonesian(
    open_page: Any, site: Site, viewport: str, browser_errors: list[str]
) -> None:
    page = open_page(viewport, locale="id-ID")
    ok(page.goto("/"), "the lobby")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    check_lobby(page, site)

    link_to(page.locator("main"), f"/halls/{site.hall}").first.click()
    expect(page).to_have_url(re.compile(rf"/halls/{re.escape(site.hall)}(\?|#|$)"))
    check_hall(page, site)

    link_to(page.locator("main"), f"/booths/{site.booth}").first.click()
    expect(page).to_have_url(re.compile(rf"/booths/{re.escape(site.booth)}(\?|#|$)"))
    expect(page.locator("h1")).to_have_text(site.title(site.booth))
    check_booth(page, site, site.booth, NOTICE_ID)
    check_gallery(page, site, site.booth)
    walk_to_neighbour(page, site, NOTICE_ID)

    search_for(page, site)
    assert not browser_errors, "errors in the browser:\n" + "\n".join(browser_errors)


# --- 2. the key checks in English ----------------------------------------------------------


def nav_text(page: Page) -> str:
    return (page.locator('header nav:has(a[href="/search"])').first.text_content() or "").strip()


def assert_language(page: Page, lang: str) -> None:
    other = "id" if lang == "en" else "en"
    expect(page.locator("html")).to_have_attribute("lang", lang)
    switch = page.locator(f"header a[hreflang={lang}]").first
    expect(switch, f"the language switch marks {lang.upper()} as current").to_have_attribute(
        "aria-current", re.compile(r"^(true|page|location)$")
    )
    expect(page.locator(f"header a[hreflang={other}][aria-current]")).to_have_count(0)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_journey_in_english(
    open_page: Any, site: Site, viewport: str, browser_errors: list[str]
) -> None:
    page = open_page(viewport, locale="id-ID")  # the browser asks for Indonesian
    ok(page.goto("/"), "the lobby")
    assert_language(page, "id")
    indonesian_nav = nav_text(page)

    ok(page.goto("/?lang=en"), "the lobby in English")
    assert_language(page, "en")
    english_nav = nav_text(page)
    assert english_nav, "no main navigation"
    assert english_nav != indonesian_nav, f"the navigation is not translated: {english_nav!r}"
    check_lobby(page, site)

    # The choice is remembered: links without ?lang stay in English.
    link_to(page.locator("main"), f"/halls/{site.hall}").first.click()
    expect(page).to_have_url(re.compile(rf"/halls/{re.escape(site.hall)}(\?|#|$)"))
    assert "lang=" not in page.url, f"the hall link carries the language: {page.url}"
    assert_language(page, "en")
    check_hall(page, site)

    link_to(page.locator("main"), f"/booths/{site.booth}").first.click()
    assert_language(page, "en")
    assert nav_text(page) == english_nav
    check_booth(page, site, site.booth, NOTICE_EN)
    check_gallery(page, site, site.booth)

    ok(page.goto(f"/booths/{site.other}"), f"/booths/{site.other}")
    assert_language(page, "en")
    search_for(page, site)
    assert_language(page, "en")

    ok(page.goto("/?lang=id"), "the lobby back in Indonesian")
    assert_language(page, "id")
    assert nav_text(page) == indonesian_nav
    assert not browser_errors, "errors in the browser:\n" + "\n".join(browser_errors)


# --- 3. without JavaScript ------------------------------------------------------------------


def test_works_without_javascript(open_page: Any, site: Site) -> None:
    page = open_page("desktop", javascript=False)
    ok(page.goto(f"/booths/{site.booth}"), f"/booths/{site.booth}")
    expect(page.locator("h1")).to_have_text(site.title(site.booth))
    check_booth(page, site, site.booth, NOTICE_ID)

    links = page.locator(GALLERY_LINKS)
    expect(links).to_have_count(len(site.gallery(site.booth)))
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    for href in hrefs:
        answer = page.request.get(href)
        assert answer.ok, f"gallery link {href} answered {answer.status}"
        kind = answer.headers.get("content-type", "")
        assert kind.startswith("image/"), f"gallery link {href} is {kind!r}, not an image"
    links.first.click()
    expect(page).to_have_url(hrefs[0])
    page.go_back()

    search_for(page, site)


# --- 5. a friendly 404 ---------------------------------------------------------------------


def test_not_found_page_is_friendly(open_page: Any) -> None:
    page = open_page("phone")
    answer = page.goto("/booths/does-not-exist")
    assert answer is not None and answer.status == 404, (
        f"/booths/does-not-exist answered {answer and answer.status}"
    )
    assert "text/html" in answer.headers.get("content-type", "")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("h1")).to_be_visible()
    home = page.locator('main a[href="/"]')
    expect(home.first, "a link back to the lobby inside <main>").to_be_visible()
    home.first.click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_be_visible()


# --- 6. only gallery images are wrapped in links or buttons --------------------------------

WRAPPED_OUTSIDE_GALLERY = """() => Array.from(document.querySelectorAll(
    "main a img, main button img, main [role=link] img, main [role=button] img"))
  .filter(img => !img.closest(".gallery"))
  .map(img => img.closest("a, button, [role=link], [role=button]").outerHTML.slice(0, 240))"""


def test_only_gallery_images_are_wrapped_in_links(open_page: Any, site: Site) -> None:
    page = open_page("desktop", javascript=False)
    problems: dict[str, list[str]] = {}
    for booth in site.booths:
        slug = booth["slug"]
        ok(page.goto(f"/booths/{slug}"), f"/booths/{slug}")
        if site.gallery(slug):
            expect(page.locator("main .gallery a img").first).to_be_attached()
        wrapped = page.evaluate(WRAPPED_OUTSIDE_GALLERY)
        if wrapped:
            problems[f"/booths/{slug}"] = wrapped
    assert not problems, "images wrapped in a link or button outside the gallery:\n" + "\n".join(
        f"{where}: {html}" for where, items in problems.items() for html in items
    )
