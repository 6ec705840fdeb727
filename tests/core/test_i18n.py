from starlette.requests import Request

from app.core.i18n import LANG_COOKIE, negotiate_language, translate


def request(query: str = "", headers: dict[str, str] | None = None) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    return Request({"type": "http", "query_string": query.encode(), "headers": raw})


def test_indonesian_by_default() -> None:
    assert negotiate_language(request()) == "id"


def test_query_then_cookie_then_accept_language() -> None:
    assert negotiate_language(request(headers={"Accept-Language": "en-US,en;q=0.9"})) == "en"
    cookie = {"Cookie": f"{LANG_COOKIE}=id", "Accept-Language": "en"}
    assert negotiate_language(request(headers=cookie)) == "id"
    assert negotiate_language(request("lang=en", headers=cookie)) == "en"


def test_unknown_values_fall_through() -> None:
    headers = {"Cookie": f"{LANG_COOKIE}=fr", "Accept-Language": "fr, de;q=0.5, en;q=0.1"}
    assert negotiate_language(request("lang=xx", headers=headers)) == "en"
    assert negotiate_language(request(headers={"Accept-Language": "q=;;,"})) == "id"


def test_english_catalog_translates_ui_strings() -> None:
    assert translate("en", "Anjungan tidak ditemukan.") == "Booth not found."
    assert translate("id", "Anjungan tidak ditemukan.") == "Anjungan tidak ditemukan."
