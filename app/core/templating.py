"""Jinja environments, one per language, with the helpers every page uses.

Core knows no domain: the composition root hands in the domains' globals and
filters (labels, pillars, theme URLs) with `provide` before the first page renders.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date, format_datetime, format_timedelta
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.core.i18n import LANGUAGES, translations
from app.core.paths import STATIC_DIR, TEMPLATES_DIR
from app.core.text import render_inline_markdown, render_markdown
from app.core.timeutil import WIB, in_wib, utcnow


@cache
def static_url(path: str) -> str:
    """A cache-busting URL: the file's hash in the query string."""
    digest = hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:10]
    return f"/static/{path}?v={digest}"


_provided_globals: dict[str, Any] = {}
_provided_filters: dict[str, Callable[..., Any]] = {}


def provide(
    *, globals: dict[str, Any], filters: dict[str, Callable[..., Any]] | None = None
) -> None:
    """Add the domains' template globals and filters to every language's environment."""
    filters = filters or {}
    if (
        globals.items() <= _provided_globals.items()
        and filters.items() <= _provided_filters.items()
    ):
        return  # every app of a process provides the same; keep the compiled templates
    _provided_globals.update(globals)
    _provided_filters.update(filters)
    environment.cache_clear()  # environments built before this lack them


def format_number(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "id" else text


def time_ago(value: datetime, lang: str) -> str:
    """How long ago `value` was, in words ("3 jam yang lalu")."""
    return format_timedelta(value - utcnow(), add_direction=True, locale=lang)


@cache
def environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        lang=lang,
        languages=LANGUAGES,
        static_url=static_url,
        urlencode=urlencode,
        **_provided_globals,
    )
    env.filters.update(
        markdown=render_markdown,
        markdown_inline=render_inline_markdown,
        number=lambda value: format_number(value, lang),
        date=lambda value: format_date(value, "medium", locale=lang),
        ago=lambda value: time_ago(value, lang),
        wib=in_wib,
        # For people rather than organizers' forms: "1 Desember 2026 pukul 09.00 WIB".
        when=lambda value: (
            format_datetime(value, "d MMMM y, HH.mm", tzinfo=WIB, locale=lang) + " WIB"
        ),
        **_provided_filters,
    )
    return env


def render(template: str, lang: str, **context: Any) -> str:
    return environment(lang).get_template(template).render(**context)
