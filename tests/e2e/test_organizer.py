"""An organizer runs the campaign in a browser: a region joins from the roster, its
editor is invited from its row and reminded from the home page; the roster takes a CSV
file after a preview; every organizer page axe-clean at phone and desktop width and no
wider than the screen."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .test_workspace import sign_in

if TYPE_CHECKING:
    from .conftest import Account

pytestmark = pytest.mark.e2e

BOGOR = "32.71"  # Kota Bogor: not in the sample exhibition
ID = BOGOR.replace(".", "\\.")  # as a CSS id selector
# Every organizer page but the halls' and the lobby's (their own modules check those).
ORGANIZER_PAGES = (
    "/organizer",
    "/organizer/regions",
    "/organizer/regions/import",
    "/organizer/booths",
    "/organizer/users",
    "/organizer/exhibition",
    "/organizer/audit",
    "/organizer/outbox",
)


def test_a_region_joins_its_editor_is_invited_and_reminded(
    open_page: Any, make_account: Callable[..., Account]
) -> None:
    organizer = make_account("kampanye.e2e@example.go.id", role="organizer")
    page = open_page("phone")
    sign_in(page, organizer)
    page.goto("/organizer/regions?q=bogor")
    row = page.locator(f"#region-{ID}")
    row.locator('input[name="participating"]').check()
    row.locator('select[name="hall"]').select_option("likupang")
    row.get_by_role("button", name=re.compile("Simpan")).click()
    expect(page.locator(".alert--success")).to_contain_text(BOGOR)

    page.locator(f"#region-{ID}").get_by_role("link", name=re.compile("Undang editor")).click()
    expect(page.locator(f'#regions option[value="{BOGOR}"]')).to_have_js_property("selected", True)
    page.fill("#email", "editor.bogor.e2e@example.go.id")
    page.get_by_role("button", name="Kirim undangan").click()
    expect(page.locator(".token-value")).to_be_visible()

    page.goto("/organizer?status=not_started")
    page.check(f"#pick-{ID}")
    page.fill("#remind-message", "Batas pengajuan hari Jumat.")
    page.get_by_role("button", name="Ingatkan wilayah terpilih").click()
    expect(page.locator(".alert--success")).to_contain_text("1 pengingat")


def test_the_roster_takes_a_file_after_a_preview(
    open_page: Any, make_account: Callable[..., Account], tmp_path: Path
) -> None:
    organizer = make_account("impor.e2e@example.go.id", role="organizer")
    page = open_page("phone")
    sign_in(page, organizer)
    page.goto("/organizer/regions")
    page.get_by_role("link", name="Impor CSV").click()
    sheet = tmp_path / "peserta.csv"  # as Excel in an Indonesian locale writes it
    sheet.write_text("code;hall;cohort;guidance\r\n32.72;;2018;ya\r\n", encoding="utf-8-sig")
    page.set_input_files("#file", str(sheet))
    page.get_by_role("button", name="Pratinjau perubahan").click()
    expect(page.locator(".import-changes")).to_contain_text("2018")
    page.get_by_role("button", name=re.compile("Terapkan 1 perubahan")).click()
    expect(page.locator(".alert--success")).to_contain_text("1 wilayah diubah")
    page.goto("/organizer/regions?cohort=2018&guidance=yes")
    expect(page.locator("#region-32\\.72")).to_be_visible()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_organizer_pages_have_no_axe_violations(
    open_page: Any, make_account: Callable[..., Account], viewport: str, lang: str
) -> None:
    organizer = make_account(f"axe.{viewport}.{lang}.e2e@example.go.id", role="organizer")
    page = open_page(viewport)
    sign_in(page, organizer)
    found = []
    for path in ORGANIZER_PAGES:
        answer = page.goto(f"{path}?lang={lang}")
        assert answer is not None and answer.status == 200
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{path} is {width} px wide"
        results = Axe().run(page)
        found += [f"{path}: {v['id']}: {v['help']}" for v in results.response["violations"]]
    assert not found, "\n".join(found)
