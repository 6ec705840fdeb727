"""/api/docs: Swagger UI from vendored files, started by a static script (the CSP's terms)."""

import re

from fastapi.testclient import TestClient


def test_api_docs_use_only_same_origin_files_and_no_inline_script(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assets = [u for u in urls if u.startswith("/static/")]
    assert {a.split("?")[0] for a in assets} >= {
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui/swagger-ui.css",
        "/static/js/api-docs.js",
    }
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "style=" not in page.text
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert 'data-openapi-url="/openapi.json"' in page.text
