"""axe-core on every kind of public page, in both languages, at phone and desktop width."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

import pytest
from axe_playwright_python.sync_playwright import Axe

if TYPE_CHECKING:
    from .conftest import Site

pytestmark = pytest.mark.e2e

AXE = Axe()
NODES_SHOWN = 3


def pages_to_check(site: Site) -> dict[str, str]:
    q = urllib.parse.urlencode({"q": site.search_word})
    return {
        "lobby": "/",
        "hall": f"/halls/{site.hall}",
        "booth": f"/booths/{site.booth}",
        "search results": f"/search?{q}",
        "compare": f"/compare?booths={site.booth},{site.other}",
        "not found": "/booths/does-not-exist",
    }


def describe(where: str, violation: dict[str, Any]) -> str:
    lines = [
        f"{where}: {violation['id']} ({violation.get('impact')}): {violation.get('help')}"
        f" [{len(violation['nodes'])} node(s)]"
    ]
    for node in violation["nodes"][:NODES_SHOWN]:
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        lines.append(f"    {node.get('target')}  {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_pages_have_no_axe_violations(open_page: Any, site: Site, lang: str, viewport: str) -> None:
    page = open_page(viewport, locale="id-ID")
    found: list[str] = []
    for name, path in pages_to_check(site).items():
        url = f"{path}{'&' if '?' in path else '?'}lang={lang}"
        answer = page.goto(url)
        expected = 404 if name == "not found" else 200
        assert answer is not None and answer.status == expected, (
            f"{url} answered {answer and answer.status}"
        )
        page.evaluate("document.fonts.ready.then(() => true)")
        results = AXE.run(page)
        assert results.response.get("passes"), f"axe checked nothing on {url}"
        found += [describe(f"{name} {url}", v) for v in results.response["violations"]]
    assert not found, f"axe violations ({lang}, {viewport}):\n" + "\n".join(found)
