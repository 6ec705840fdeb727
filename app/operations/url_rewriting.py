"""The URLs of an exported page or stylesheet, rewritten into links that work from disk.

This module finds the URLs (in href, src, srcset, action, poster and style attributes,
in <style> elements and in a stylesheet's url()) and leaves the rest of the text byte
for byte; where a URL leads is the caller's `rewrite` or `resolve` (`export_links`).
"""

import posixpath
import re
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from app.core.i18n import LANGUAGES

# The attributes that carry URLs in our pages; `style` is searched for url().
URL_ATTRIBUTES = frozenset({"href", "src", "action", "poster"})
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")
SRCSET_SPLIT = re.compile(r",\s+")

# Maps an internal URL path and a language to the exported file (relative to DIR), or None.
Resolver = Callable[[str, str], str | None]


def relative_url(url: str, *, page: str, lang: str, resolve: Resolver, origin: str) -> str:
    """`url` as a link from the exported file `page` (a path relative to DIR).

    Internal URLs (`/booths/x`, `/static/…?v=…`, `ORIGIN/…`) become relative paths to
    the file that holds them (`?lang=` picks the language's copy, the fragment stays);
    internal URLs that no file answers become absolute URLs on the server at `origin`.
    Anything else (other sites, `mailto:`, `#top`, already relative) is left alone.
    """
    if origin and (url == origin or url.startswith(origin + "/")):
        url = url[len(origin) :] or "/"
    if not url.startswith("/") or url.startswith("//"):
        return url
    parts = urlsplit(url)
    wanted = parse_qs(parts.query).get("lang", [lang])[-1]
    target = resolve(parts.path, wanted if wanted in LANGUAGES else lang)
    if target is None:
        return origin + url
    link = posixpath.relpath(target, posixpath.dirname(page) or ".")
    return link + (f"#{parts.fragment}" if parts.fragment else "")


def _srcset(value: str, rewrite: Callable[[str], str]) -> str:
    candidates = []
    for candidate in SRCSET_SPLIT.split(value.strip()):
        url, _, descriptor = candidate.strip().partition(" ")
        candidates.append(f"{rewrite(url)} {descriptor.strip()}".strip())
    return ", ".join(candidates)


def _css(text: str, rewrite: Callable[[str], str]) -> str:
    return CSS_URL.sub(lambda m: f"url({m[1]}{rewrite(m[2])}{m[1]})", text)


class _HtmlUrls(HTMLParser):
    """Finds the start tags (and <style> text) whose URLs change; the rest stays byte for byte."""

    def __init__(self, text: str, rewrite: Callable[[str], str]) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.rewrite = rewrite
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.edits: list[tuple[int, int, str]] = []
        self.in_style = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _value(self, name: str, value: str | None) -> str | None:
        if value is None:
            return None
        if name in URL_ATTRIBUTES:
            return self.rewrite(value)
        if name == "srcset":
            return _srcset(value, self.rewrite)
        if name == "style":
            return _css(value, self.rewrite)
        return value

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        changed = [(name, self._value(name, value)) for name, value in attrs]
        if changed == attrs:
            return
        raw = self.get_starttag_text() or ""
        start = self._offset()
        assert self.text.startswith(raw, start), "the parser's position is off"
        # Rebuilt from the parsed attributes (names lower-cased, values re-escaped).
        rendered = "".join(
            f" {name}" if value is None else f' {name}="{escape(value)}"' for name, value in changed
        )
        self.edits.append((start, start + len(raw), f"<{tag}{rendered}{' /' if closed else ''}>"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style = tag == "style"
        self._tag(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style and (rewritten := _css(data, self.rewrite)) != data:
            start = self._offset()
            self.edits.append((start, start + len(data), rewritten))


def relative_urls(text: str, rewrite: Callable[[str], str]) -> str:
    """HTML with `rewrite` applied to every href, src, srcset, action, poster and CSS url()."""
    parser = _HtmlUrls(text, rewrite)
    parser.feed(text)
    parser.close()
    out, end = [], 0
    for start, stop, replacement in parser.edits:
        out += [text[end:start], replacement]
        end = stop
    return "".join([*out, text[end:]])


def relative_css_urls(text: str, rewrite: Callable[[str], str]) -> str:
    """A stylesheet with `rewrite` applied to every url()."""
    return _css(text, rewrite)
