"""Indonesian first, English on request: language choice and Babel catalogs."""

from functools import cache

from babel.support import NullTranslations, Translations
from starlette.requests import Request

from app.core.errors import DomainError
from app.core.paths import LOCALE_DIR

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
LANG_COOKIE = "pameran_lang"


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalog of `lang` (Indonesian msgids need none)."""
    if lang == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [lang], domain="messages")


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is shown."""
    return message


def translate(lang: str, message: str, **params: object) -> str:
    """An Indonesian msgid in `lang`, with its `{placeholders}` filled.

    A parameter that is itself a domain error (the reason an operation stopped) is
    filled in as its own message in `lang`.
    """
    text = translations(lang).gettext(message)
    filled = {
        name: translate(lang, value.message, **value.params)
        if isinstance(value, DomainError)
        else value
        for name, value in params.items()
    }
    return text.format(**filled) if params else text


def error_message(request: Request, error: DomainError) -> str:
    """A domain error's message in the language of the request."""
    return translate(negotiate_language(request), error.message, **error.params)


def _from_accept_language(header: str) -> str | None:
    weighted = []
    for part in header.split(","):
        tag, _, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            continue
        weighted.append((quality, tag.split("-")[0].lower()))
    for _quality, tag in sorted(weighted, reverse=True):
        if tag in LANGUAGES:
            return tag
    return None


def requested_language(request: Request) -> str | None:
    """`?lang=` when it names a known language."""
    lang = request.query_params.get("lang")
    return lang if lang in LANGUAGES else None


def negotiate_language(request: Request) -> str:
    """`?lang=`, then the cookie, then Accept-Language, then Indonesian."""
    cookie = request.cookies.get(LANG_COOKIE)
    return (
        requested_language(request)
        or (cookie if cookie in LANGUAGES else None)
        or _from_accept_language(request.headers.get("accept-language", ""))
        or DEFAULT_LANGUAGE
    )
