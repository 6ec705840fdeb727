from babel.messages.pofile import read_po
from starlette.requests import Request

from app.core.i18n import LANG_COOKIE, negotiate_language, translate
from app.core.paths import LOCALE_DIR


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


def test_every_extracted_message_has_an_english_translation() -> None:
    # An empty msgstr shows the Indonesian text on the English site without any error.
    with (LOCALE_DIR / "messages.pot").open("rb") as pot:
        extracted = {m.id for m in read_po(pot) if m.id}
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        english = {m.id: m.string for m in read_po(po) if m.id}
    missing = sorted(str(i) for i in extracted if not english.get(i))
    assert missing == []
