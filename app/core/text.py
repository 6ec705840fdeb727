"""Slugs and Markdown: the one place user text becomes URLs or HTML."""

import re
import unicodedata

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Headings in user text start at h2: the page owns h1. Raw HTML is parsed so that
# nh3 can remove it, instead of showing it as text.
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")


def slugify(text: str) -> str:
    dashed = re.sub(r"[\u2010-\u2015]", "-", text)  # en and em dashes separate words too
    ascii_text = unicodedata.normalize("NFKD", dashed).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def render_markdown(source: str) -> Markup:
    """Sanitised HTML from Markdown: allowlisted tags, http(s)/mailto links only."""
    html = _markdown.render(source or "")
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
    )
    return Markup(clean)  # noqa: S704  (sanitised by nh3 just above)


def plain_text(source: str) -> str:
    """Markdown reduced to its words, for search and descriptions."""
    return nh3.clean(_markdown.render(source or ""), tags=set()).strip()
