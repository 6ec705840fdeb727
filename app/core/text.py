"""User text: cleaned as it comes in; slugs and Markdown as it becomes URLs or HTML."""

import re
import unicodedata
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup
from pydantic import BaseModel, field_validator

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
INLINE_TAGS = {"strong", "em", "b", "i", "code", "a", "del"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Headings in user text start at h2: the page owns h1. Raw HTML is parsed so that
# nh3 can remove it, instead of showing it as text.
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")


# Line breaks of every kind become a line feed.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
# Format characters kept: zero-width (non-)joiners shape Indic and Persian words and
# emoji sequences. Every other one (bidi embeddings, overrides and isolates, zero-width
# spaces, marks, BOMs, tag characters) is invisible and can make text read otherwise.
_KEPT_FORMAT = frozenset("\u200c\u200d")
# Letters that render as nothing: "blank" names are made of them.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def _invisible(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cc":
        return char not in "\t\n"
    if category == "Cf":
        return char not in _KEPT_FORMAT
    return category == "Cs" or char in _INVISIBLE_LETTERS  # Cs: lone surrogates from JSON


def clean_text(text: str) -> str:
    """Text as a person typed it: line feeds for line breaks, no controls or invisible
    format characters (the one cleaning every user-typed field goes through)."""
    text = _LINE_BREAKS.sub("\n", text)
    if text.isascii():  # the usual case, and only C0 controls can hide in it
        return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)
    return "".join(char for char in text if not _invisible(char))


def one_line(text: str) -> str:
    """Cleaned text on one line, runs of white space made one space (names, titles)."""
    return " ".join(clean_text(text).split())


def clean_values(value: Any) -> Any:
    """`clean_text` on a string, or on each string of a list."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_text(v) if isinstance(v, str) else v for v in value]
    return value


class CleanModel(BaseModel):
    """A request body whose every text field is cleaned (`clean_text`) before checks."""

    @field_validator("*", mode="before")
    @classmethod
    def clean_strings(cls, value: object) -> object:
        return clean_values(value)


def slugify(text: str) -> str:
    dashed = re.sub(r"[\u2010-\u2015]", "-", text)  # en and em dashes separate words too
    ascii_text = unicodedata.normalize("NFKD", dashed).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def render_markdown(source: str) -> Markup:
    """Sanitised HTML from Markdown: allowlisted tags, http(s)/mailto links only."""
    html = _markdown.render(source or "")
    return _sanitised(re.sub(r"<(/?)h1>", r"<\1h2>", html), ALLOWED_TAGS)


def render_inline_markdown(source: str) -> Markup:
    """Sanitised HTML from one line of Markdown (a headline): emphasis, code and links."""
    return _sanitised(_markdown.renderInline(source or ""), INLINE_TAGS)


def _sanitised(html: str, tags: set[str]) -> Markup:
    clean = nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
    )
    return Markup(clean)  # noqa: S704  (sanitised by nh3 just above)


def plain_text(source: str) -> str:
    """Markdown reduced to its words, for search and descriptions."""
    return nh3.clean(_markdown.render(source or ""), tags=set()).strip()
