"""Jinja environments, one per language, with the helpers every page uses."""

import hashlib
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date, format_datetime, format_timedelta
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from app.accounts.models import ROLE_LABELS
from app.booths.schemas import SECTION_LABELS
from app.booths.search import MARK_CLOSE, MARK_OPEN
from app.booths.theme import theme_url
from app.core.i18n import LANGUAGES, translations
from app.core.paths import STATIC_DIR, TEMPLATES_DIR
from app.core.text import render_markdown
from app.core.timeutil import WIB, in_wib, utcnow
from app.moderation.models import STATE_LABELS
from app.pillars import PILLAR_ELEMENTS, PILLAR_NAMES, PILLARS


@cache
def static_url(path: str) -> str:
    """A cache-busting URL: the file's hash in the query string."""
    digest = hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:10]
    return f"/static/{path}?v={digest}"


def highlight(snippet: str) -> Markup:
    """Escape a search snippet, then turn its match markers into <mark>."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))  # noqa: S704  (escaped above)


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
        pillars=PILLARS,
        pillar_names=PILLAR_NAMES,
        pillar_elements=PILLAR_ELEMENTS,
        urlencode=urlencode,
        theme_url=theme_url,
        role_labels=ROLE_LABELS,
        state_labels=STATE_LABELS,
        section_labels=SECTION_LABELS,
    )
    env.filters.update(
        markdown=render_markdown,
        highlight=highlight,
        number=lambda value: format_number(value, lang),
        date=lambda value: format_date(value, "medium", locale=lang),
        ago=lambda value: time_ago(value, lang),
        wib=in_wib,
        # For people rather than organizers' forms: "1 Desember 2026 pukul 09.00 WIB".
        when=lambda value: (
            format_datetime(value, "d MMMM y, HH.mm", tzinfo=WIB, locale=lang) + " WIB"
        ),
    )
    return env


def render(template: str, lang: str, **context: Any) -> str:
    return environment(lang).get_template(template).render(**context)
