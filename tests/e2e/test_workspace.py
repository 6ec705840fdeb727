"""A region editor's workspace in a real browser.

Sign in, edit the draft and see it in the preview only; upload an image through
Uppy (tus) and through the plain form without JavaScript; stay out of another
region's booth; and no axe violations on the workspace pages at phone and desktop
width. One region-editor account is made with `pameran users add`.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import urllib.parse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import FilePayload, Page, Response, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import _log_tail
from .test_axe import describe

if TYPE_CHECKING:
    from .conftest import Account, Server, Workspace

pytestmark = pytest.mark.e2e

AXE = Axe()
NEED_ALT = "Isi teks alternatif untuk setiap gambar sebelum mengunggah."  # js/upload.js, id
# Uppy draws its thumbnails from blob: URLs, which the CSP (img-src 'self' data:) refuses.
CSP_BLOB = re.compile(r"Loading the image 'blob:.*Content Security Policy")


def sign_in(page: Page, account: Account) -> None:
    """Through the sign-in form, as a person would; lands on the role's start page."""
    answer = page.goto("/login")
    assert answer is not None and answer.status == 200, f"/login: {answer and answer.status}"
    page.fill("#email", account.email)
    page.fill("#password", account.password)
    page.locator('form[action="/login"] [type="submit"]').click()
    start = {"region-editor": "/workspace", "organizer": "/organizer"}.get(
        account.role, "/moderation"
    )
    expect(page, "signing in leads to the role's start page").to_have_url(re.compile(f"{start}$"))


def png(width: int, height: int, *, noise: bool = False) -> bytes:
    """A PNG; `noise` makes it incompressible (about width*height*3 bytes)."""
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), (24, 110, 150))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def unique(word: str) -> str:
    return f"{word} {secrets.token_hex(3)}"


def real_errors(errors: list[str]) -> list[str]:
    """Browser errors except the known CSP refusal of Uppy's blob: thumbnails (see below)."""
    return [e for e in errors if not CSP_BLOB.search(e)]


# --- (a) edit, save, preview -----------------------------------------------------------


def test_editor_saves_a_draft_that_only_the_preview_shows(
    open_page: Callable[..., Page], workspace: Workspace, browser_errors: list[str]
) -> None:
    page = open_page("phone")
    sign_in(page, workspace.account)
    editor_path = f"/workspace/booths/{workspace.booth}"
    page.locator(f'main a[href="{editor_path}"]').first.click()
    expect(page).to_have_url(re.compile(re.escape(editor_path) + "$"))

    tagline = page.locator("#f-tagline")
    expect(tagline, "the editor shows the live tagline").to_have_value(workspace.tagline)
    programme_names = page.locator('input[name^="pillars."][name*=".programs."][name$=".name"]')
    filled = programme_names.evaluate_all("els => els.filter(e => e.value).map(e => e.name)")
    assert filled, "the editor shows none of the booth's programmes"
    programme = page.locator(f'input[name="{filled[0]}"]')
    old_programme = programme.input_value()

    new_tagline = unique("Slogan uji e2e")
    new_programme = unique("Program uji e2e")
    tagline.fill(new_tagline)
    programme.fill(new_programme)
    page.locator(".editor-savebar__button").click()

    expect(page).to_have_url(re.compile(re.escape(editor_path) + r"\?saved=1$"))
    expect(page.get_by_text("Draf tersimpan", exact=True)).to_be_visible()
    expect(page.locator("#f-tagline")).to_have_value(new_tagline)
    expect(page.locator(f'input[name="{filled[0]}"]')).to_have_value(new_programme)

    page.locator(f'main a[href="{editor_path}/preview"]').first.click()
    expect(page).to_have_url(re.compile(re.escape(editor_path) + "/preview$"))
    main = page.locator("main")
    expect(main, "the preview shows the saved tagline").to_contain_text(new_tagline)
    expect(main, "the preview shows the saved programme").to_contain_text(new_programme)

    answer = page.goto(f"/booths/{workspace.booth}")
    assert answer is not None and answer.status == 200
    main = page.locator("main")
    expect(main, "the public booth keeps its live tagline").to_contain_text(workspace.tagline)
    expect(main, "the draft's tagline is not public").not_to_contain_text(new_tagline)
    expect(main).to_contain_text(old_programme)
    expect(main).not_to_contain_text(new_programme)
    assert not real_errors(browser_errors), "\n".join(browser_errors)


# --- (b) uploads -----------------------------------------------------------------------

# Reports every state the Uppy status bar goes through ("is-uploading|42", …) to Python,
# so that a quick upload's progress is seen even though the page reloads right after.
WATCH_STATUS_BAR = """() => {
  const root = document.querySelector(".uppy-target");
  const seen = new Set();
  const report = () => {
    const bar = root.querySelector(".uppy-StatusBar");
    if (!bar) return;
    const state = [...bar.classList].filter(c => c.startsWith("is-")).join(" ");
    const progress = bar.querySelector("[role=progressbar]");
    const key = state + "|" + (progress ? progress.getAttribute("aria-valuenow") : "");
    if (!seen.has(key)) { seen.add(key); window.pameranUppyState(key); }
  };
  new MutationObserver(report).observe(root, {subtree: true, childList: true, attributes: true});
  report();
}"""


def test_uppy_uploads_an_image_through_tus(
    open_page: Callable[..., Page],
    workspace: Workspace,
    browser_errors: list[str],
    pameran_server: Server,
) -> None:
    page = open_page("desktop")
    sign_in(page, workspace.account)
    answers: list[Response] = []  # of the tus server
    page.on("response", lambda r: answers.append(r) if "/tus/" in r.url else None)

    def traffic() -> list[str]:
        return [
            f"{r.request.method} {r.url} -> {r.status} offset {r.headers.get('upload-offset')}"
            for r in answers
        ]

    def failed_bodies() -> str:
        bodies = []
        for r in (r for r in answers if r.status >= 400):
            try:
                bodies.append(f"{r.request.method} {r.url}: {r.text()[:500]}")
            except PlaywrightError as error:  # e.g. gone with the page
                bodies.append(f"{r.request.method} {r.url}: (body unavailable: {error})")
        return "\n".join(bodies)

    states: list[str] = []
    page.expose_function("pameranUppyState", lambda state: states.append(state))
    media_path = f"/workspace/booths/{workspace.booth}/media"
    page.goto(media_path)
    expect(page.locator(".uppy-target .uppy-Dashboard"), "Uppy replaces the form").to_be_visible()
    expect(page.locator("#upload-form")).to_be_hidden()
    page.evaluate(WATCH_STATUS_BAR)

    # About 6 MB: more than Uppy's 5 MB chunk, so tus sends it in two PATCH requests.
    image = png(1600, 1300, noise=True)
    title = unique("Gambar uji Uppy")
    alt = "Bidang berbintik acak berwarna-warni, gambar uji unggahan"
    page.locator(".uppy-Dashboard-input").first.set_input_files(
        {"name": "uji-uppy.png", "mimeType": "image/png", "buffer": image}
    )
    upload = page.locator(".uppy-StatusBar-actionBtn--upload")
    upload.click()
    informer = page.locator(".uppy-Informer p").filter(has_text=NEED_ALT).first
    expect(informer, "an image without alt text is refused").to_be_visible()
    assert not answers, f"sent without alt text: {traffic()}"

    page.locator(".uppy-Dashboard-Item-action--edit").first.click()
    page.fill("#uppy-Dashboard-FileCard-input-alt_text", alt)
    page.fill("#uppy-Dashboard-FileCard-input-title", title)
    page.locator(".uppy-Dashboard-FileCard-actionsBtn.uppy-c-btn-primary").click()
    finished = True
    try:
        with page.expect_navigation(url=re.compile(r"[?&]done=uploaded"), timeout=30_000):
            upload.click()
    except PlaywrightTimeout:
        finished = False
    if not finished:
        pytest.fail(
            "the Uppy upload did not finish with a reload to ?done=uploaded\n"
            f"status bar states: {states}\ntus traffic:\n" + "\n".join(traffic()) + "\n"
            f"refusals:\n{failed_bodies()}\n"
            "browser errors:\n" + "\n".join(browser_errors) + "\n"
            f"server log:\n{_log_tail(pameran_server.log)}",
            pytrace=False,
        )

    assert any("is-uploading" in s for s in states), f"no upload progress shown: {states}"
    assert any("is-complete" in s for s in states), f"no complete state shown: {states}"
    patches = [r for r in answers if r.request.method == "PATCH" and r.status == 204]
    assert len(patches) >= 2, "a 6 MB file goes in two 5 MB chunks:\n" + "\n".join(traffic())
    expect(page.locator(".alert--success")).to_be_visible()
    item = page.locator(".media-item").filter(has_text=title)
    expect(item, "the uploaded image is listed after the reload").to_have_count(1)
    expect(item.locator('input[name="alt_text"]')).to_have_value(alt)
    expect(item.locator(".media-item__thumb img")).to_have_count(1)
    assert not real_errors(browser_errors), "\n".join(browser_errors)


def test_five_files_dropped_at_once_all_land_and_a_failure_shows_as_one(
    open_page: Callable[..., Page], workspace: Workspace, pameran_server: Server
) -> None:
    """Five photos and one broken file at once: the five are stored and listed from
    the server, the broken one is shown as failed with a retry, no "saved" notice."""
    page = open_page("desktop")
    sign_in(page, workspace.account)
    page.goto(f"/workspace/booths/{workspace.booth}/media")
    prefix = unique("Lima sekaligus")
    photos: list[FilePayload] = [
        {"name": f"lima-{n}.png", "mimeType": "image/png", "buffer": png(900, 600, noise=True)}
        for n in range(5)
    ]
    broken: FilePayload = {
        "name": "rusak.png",
        "mimeType": "image/png",
        "buffer": b"bukan gambar\n" * 300,
    }
    page.locator(".uppy-Dashboard-input").first.set_input_files([*photos, broken])
    items = page.locator(".uppy-Dashboard-Item")
    expect(items).to_have_count(6)
    for n in range(6):
        items.nth(n).locator(".uppy-Dashboard-Item-action--edit").click()
        page.fill("#uppy-Dashboard-FileCard-input-alt_text", f"Foto uji nomor {n}")
        page.fill("#uppy-Dashboard-FileCard-input-title", f"{prefix} {n}")
        page.locator(".uppy-Dashboard-FileCard-actionsBtn.uppy-c-btn-primary").click()
    page.locator(".uppy-StatusBar-actionBtn--upload").click()

    alert = page.locator('[role="alert"].alert--danger')
    try:
        expect(alert, "the failure is said, not hidden").to_contain_text("1 dari 6", timeout=60_000)
    except AssertionError:
        pytest.fail(f"no failure notice; server log:\n{_log_tail(pameran_server.log)}")
    expect(
        page.locator(".uppy-Dashboard-Item.is-error"), "the broken file is failed"
    ).to_have_count(1)
    expect(page.locator(".uppy-StatusBar-actionBtn--retry"), "with a retry").to_be_visible()
    expect(page.locator(".alert--success")).to_have_count(0)
    assert "done=" not in page.url
    listed = page.locator("#media-library .media-item").filter(has_text=prefix)
    expect(listed, "the list is the server's: all five stored, the broken one not").to_have_count(5)

    page.reload()
    listed = page.locator("#media-library .media-item").filter(has_text=prefix)
    expect(listed, "still five after a reload: stored, not only shown").to_have_count(5)
    for n in range(5):
        expect(listed.filter(has_text=f"{prefix} {n}")).to_have_count(1)


def test_uppy_thumbnails_are_allowed_by_the_csp(
    open_page: Callable[..., Page], workspace: Workspace, browser_errors: list[str]
) -> None:
    page = open_page("phone")
    sign_in(page, workspace.account)
    page.goto(f"/workspace/booths/{workspace.booth}/media")
    page.locator(".uppy-Dashboard-input").first.set_input_files(
        {"name": "klein.png", "mimeType": "image/png", "buffer": png(64, 48)}
    )
    expect(page.locator(".uppy-Dashboard-Item")).to_have_count(1)
    page.wait_for_timeout(500)  # thumbnails are drawn after the file is listed
    assert not [e for e in browser_errors if CSP_BLOB.search(e)], "\n".join(browser_errors)


def test_plain_form_uploads_without_javascript(
    open_page: Callable[..., Page], workspace: Workspace, browser_errors: list[str]
) -> None:
    page = open_page("phone", javascript=False)
    sign_in(page, workspace.account)
    page.goto(f"/workspace/booths/{workspace.booth}/media")
    form = page.locator("#upload-form")
    expect(form, "without JavaScript the plain form is there").to_be_visible()
    expect(page.locator(".uppy-Dashboard")).to_have_count(0)
    items = page.locator(".media-item")
    before = items.count()
    image: FilePayload = {"name": "tanpa-js.png", "mimeType": "image/png", "buffer": png(320, 200)}

    page.set_input_files("#file", image)
    form.locator('[type="submit"]').click()
    expect(page.locator(".alert--danger"), "an image without alt text is refused").to_be_visible()
    expect(items).to_have_count(before)
    # Chromium logs the refusal's 422 as a failed load: expected here, and only that.
    assert all("422" in e for e in browser_errors), "\n".join(browser_errors)
    browser_errors.clear()

    title = unique("Gambar uji tanpa JavaScript")
    page.set_input_files("#file", image)
    page.fill("#alt_text", "Bidang biru polos, gambar uji unggahan tanpa JavaScript")
    page.fill("#title", title)
    page.locator('#upload-form [type="submit"]').click()
    expect(page).to_have_url(re.compile(r"[?&]done=uploaded"))
    expect(page.locator(".alert--success")).to_be_visible()
    expect(page.locator(".media-item").filter(has_text=title)).to_have_count(1)
    assert not real_errors(browser_errors), "\n".join(browser_errors)


# --- (c) another region's booth ------------------------------------------------------


def test_another_regions_booth_is_not_found(
    open_page: Callable[..., Page], workspace: Workspace
) -> None:
    page = open_page("desktop")
    sign_in(page, workspace.account)
    expect(page.locator(f'main a[href^="/workspace/booths/{workspace.other}"]')).to_have_count(0)
    for suffix in ("", "/media", "/preview"):
        path = f"/workspace/booths/{urllib.parse.quote(workspace.other)}{suffix}"
        answer = page.goto(path)
        assert answer is not None and answer.status == 404, (
            f"{path} answered {answer and answer.status} to another region's editor"
        )


# --- (d) axe ---------------------------------------------------------------------------


def run_axe(page: Page, name: str, found: list[str]) -> None:
    page.evaluate("document.fonts.ready.then(() => true)")
    results = AXE.run(page)
    assert results.response.get("passes"), f"axe checked nothing on {page.url}"
    found += [describe(f"{name} {page.url}", v) for v in results.response["violations"]]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_workspace_pages_have_no_axe_violations(
    open_page: Callable[..., Page], workspace: Workspace, viewport: str
) -> None:
    page = open_page(viewport)
    found: list[str] = []
    page.goto("/login")
    run_axe(page, "login", found)
    sign_in(page, workspace.account)
    booth = f"/workspace/booths/{workspace.booth}"
    pages: dict[str, Any] = {
        "dashboard": "/workspace",
        "editor": booth,
        "media library": f"{booth}/media",
        "account": "/account",
        "notifications": "/account/notifications",
    }
    for name, path in pages.items():
        answer = page.goto(path)
        assert answer is not None and answer.status == 200, (
            f"{path} answered {answer and answer.status}"
        )
        if name == "media library":
            expect(page.locator(".uppy-target .uppy-Dashboard")).to_be_visible()
        run_axe(page, name, found)
    assert not found, f"axe violations ({viewport}):\n" + "\n".join(found)
