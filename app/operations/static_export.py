"""`pameran export static DIR`: the live exhibition as files that need no server.

Pages are rendered by the server's own builders and templates, with `static_export`
set (the templates then leave out search, compare, likes and the guestbook, which
need the server), and every internal URL is then made relative to the page by
`relative_urls`. Pages are `booths/<slug>.html`, not folders with an index.html,
because a browser reading from disk does not turn a folder into its index.html: so
the same files work from `file://` and from any web server, without rewrites.
Indonesian sits at the top, English under `en/`. Browsers refuse an SVG `<use>` of
another file under `file://`, so each page carries the sprite symbols it uses.
"""

import hashlib
import posixpath
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlmodel import Session, col, select

from app.booths.models import Booth, RevisionMedia
from app.booths.theme import HEX, theme_css
from app.booths.views import live_rows
from app.core.config import Settings
from app.core.errors import OperationError
from app.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from app.core.paths import STATIC_DIR
from app.core.public import path_context
from app.core.templating import render
from app.core.timeutil import WIB, utcnow
from app.curation.pages import about_context, lobby_context
from app.exhibition.service import site_globals
from app.halls.service import halls_in_order
from app.media.models import MediaFile
from app.site.pages import booth_context
from app.site.pages_halls import hall_context, halls_context
from app.site.templating import install_template_globals
from app.storage import Storage

# The attributes that carry URLs in our pages; `style` is searched for url().
URL_ATTRIBUTES = frozenset({"href", "src", "action", "poster"})
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")
SRCSET_SPLIT = re.compile(r",\s+")
# `<use href="/static/icons/ui.svg?v=…#home">`: a symbol of one of our sprites.
SPRITE_USE = re.compile(r"^/static/(icons/[\w-]+\.svg)(?:\?[^#]*)?#([\w-]+)\Z")
SYMBOL = re.compile(r'<symbol\b[^>]*?\bid="([\w-]+)"[^>]*>.*?</symbol>', re.DOTALL)
# A slug that is safe as a file name and needs no escaping in a URL.
SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*\Z")
MEDIA_FOLDER = re.compile(r"^/media(/[1-9][0-9]*)?\Z")
CHUNK = 1024 * 1024

# Builds (template name, context) from a session and a language, like the server's pages.
PageBuilder = Callable[[Session, str], tuple[str, dict[str, Any]]]
# Maps an internal URL path and a language to the exported file (relative to DIR), or None.
Resolver = Callable[[str, str], str | None]


class ExportError(OperationError):
    """The export cannot be made."""


@dataclass(frozen=True)
class ExportSummary:
    pages: int
    media_files: int
    media_bytes: int
    static_files: int
    total_bytes: int
    server_links: list[str]  # internal URLs no exported file answers: left pointing at the server


# --- URLs ----------------------------------------------------------------------------


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


# --- what the export holds -----------------------------------------------------------


def page_file(path: str, lang: str) -> str:
    """Where the page at `path` is written: `index.html`, `booths/x.html`, `en/halls/y.html`."""
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    return prefix + ("index.html" if path == "/" else f"{path.strip('/')}.html")


def _static_file(relative: str) -> bool:
    path = (STATIC_DIR / relative).resolve()
    return path.is_relative_to(STATIC_DIR.resolve()) and path.is_file()


@cache
def sprite_symbols(relative: str) -> dict[str, str]:
    """The `<symbol>`s of one of our sprite files (static/icons/*.svg), by id."""
    path = STATIC_DIR / relative
    if not _static_file(relative) or path.suffix != ".svg":
        return {}
    return {m[1]: m[0] for m in SYMBOL.finditer(path.read_text(encoding="utf-8"))}


def with_symbols(html: str, symbols: dict[str, str]) -> str:
    """`html` with a hidden inline sprite of `symbols` (id → `<symbol>`) before </body>."""
    if not symbols:
        return html
    inline = "".join(symbol for _id, symbol in sorted(symbols.items()))
    sprite = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="visually-hidden" width="0" height="0"'
        f' aria-hidden="true" focusable="false">{inline}</svg>\n'
    )
    head, body_end, tail = html.rpartition("</body>")
    return f"{head}{sprite}{body_end}{tail}" if body_end else html + sprite


@dataclass
class Site:
    """The pages the export holds, the media it may hold, and what the pages asked for."""

    pages: set[str]  # server paths: "/", "/about", "/halls/x", "/booths/y"
    live_media: set[str]  # storage keys of the files of live revisions
    media: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    server_links: set[str] = field(default_factory=set)  # internal URLs left on the server

    def resolve(self, path: str, lang: str) -> str | None:
        if path in self.pages:
            return page_file(path, lang)
        folder, _, name = path.rpartition("/")
        # `/media/<asset id>/<key>` and the older `/media/<key>`: one file per blob.
        if MEDIA_FOLDER.match(folder) and name in self.live_media:
            self.media.add(name)
            return f"media/{name}"
        if folder == "/theme" and name.endswith(".css") and HEX.match(name.removesuffix(".css")):
            self.themes.add(name)
            return f"theme/{name}"
        if path.startswith("/static/") and _static_file(path.removeprefix("/static/")):
            return path.removeprefix("/")
        return None

    def links(self, page: str, lang: str, origin: str) -> "PageLinks":
        return PageLinks(self, page, lang, origin)


@dataclass
class PageLinks:
    """Rewrites the URLs of one exported file, collecting the sprite symbols it uses."""

    site: Site
    page: str
    lang: str
    origin: str
    symbols: dict[str, str] = field(default_factory=dict)  # inline id → <symbol>

    def rewrite(self, url: str) -> str:
        if (use := SPRITE_USE.match(url)) and (symbol := sprite_symbols(use[1]).get(use[2])):
            inline_id = f"sprite-{Path(use[1]).stem}-{use[2]}"
            self.symbols[inline_id] = symbol.replace(f'id="{use[2]}"', f'id="{inline_id}"', 1)
            return f"#{inline_id}"
        missed: list[str] = []

        def resolve(path: str, wanted: str) -> str | None:
            found = self.site.resolve(path, wanted)
            if found is None:
                missed.append(path)
            return found

        link = relative_url(
            url, page=self.page, lang=self.lang, resolve=resolve, origin=self.origin
        )
        if missed:
            self.site.server_links.add(url)
        return link


def live_media_keys(session: Session) -> set[str]:
    """The storage keys of every file of every asset a live revision uses."""
    rows = session.exec(
        select(MediaFile.sha256, MediaFile.extension)
        .join(RevisionMedia, col(RevisionMedia.media_id) == col(MediaFile.media_id))
        .join(Booth, col(Booth.live_revision_id) == col(RevisionMedia.revision_id))
        .distinct()
    ).all()
    return {f"{sha256}.{extension}" for sha256, extension in rows}


def _safe(slug: str) -> str:
    if not SAFE_SEGMENT.match(slug):
        raise ExportError("tidak dapat menamai berkas dengan slug '{slug}'", slug=slug)
    return slug


def public_pages(session: Session) -> dict[str, PageBuilder]:
    """Every page of the exhibition that needs no server, by path: lobby, about, halls, booths."""
    pages: dict[str, PageBuilder] = {
        "/": lobby_context,
        "/about": about_context,
        "/halls": halls_context,
    }
    for hall in halls_in_order(session):
        pages[f"/halls/{_safe(hall.slug)}"] = partial(hall_context, slug=hall.slug)
    for booth, *_rest in live_rows(session):
        pages[f"/booths/{_safe(booth.slug)}"] = partial(
            booth_context, slug=booth.slug, guestbook=False
        )
    return pages


# --- writing -------------------------------------------------------------------------


def check_target(target: Path) -> None:
    """DIR must be absent or an empty folder: the export never mixes with other files."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportError(
            "{target} bukan folder kosong; berikan folder baru atau kosong", target=target
        )


def _write(path: Path, data: bytes) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def _copy_blob(storage: Storage, key: str, path: Path) -> int:
    """Copy one blob, checking it against its content hash on the way."""
    if not storage.exists(key):
        raise ExportError("berkas media {key} milik gerai tayang tidak ada di penyimpanan", key=key)
    digest = hashlib.sha256()
    path.parent.mkdir(parents=True, exist_ok=True)
    with storage.open(key) as source, path.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != key.split(".")[0]:
        raise ExportError("berkas media {key} di penyimpanan tidak cocok dengan hash-nya", key=key)
    return path.stat().st_size


def _snapshot(session: Session) -> None:
    """One consistent view for every page (SQLite's transaction already is one)."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def export_static(
    session: Session,
    storage: Storage,
    settings: Settings,
    target: Path,
    *,
    exported_on: date | None = None,
) -> ExportSummary:
    """Write the live exhibition into `target` (absent or empty); on failure, leave it so."""
    install_template_globals()
    check_target(target)
    created = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    try:
        return _export(session, storage, settings, target, exported_on)
    except BaseException:
        for child in target.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
        if created:
            target.rmdir()
        raise


def _export(
    session: Session, storage: Storage, settings: Settings, target: Path, exported_on: date | None
) -> ExportSummary:
    _snapshot(session)
    origin = str(settings.base_url).rstrip("/")
    builders = public_pages(session)
    site = Site(pages=set(builders), live_media=live_media_keys(session))
    day = exported_on or utcnow().astimezone(WIB).date()
    total = pages = 0
    for lang in LANGUAGES:
        for path, build in builders.items():
            template, context = build(session, lang)
            context = {
                **path_context(origin, path, lang),
                **site_globals(session, lang),
                **context,
                "static_export": day,
            }
            file = page_file(path, lang)
            links = site.links(file, lang, origin)
            html = relative_urls(render(template, lang, **context), links.rewrite)
            total += _write(target / file, with_symbols(html, links.symbols).encode())
            pages += 1

    static_files = 0
    for source in sorted(STATIC_DIR.rglob("*")):
        relative = source.relative_to(STATIC_DIR).as_posix()
        if not source.is_file() or any(part.startswith(".") for part in relative.split("/")):
            continue
        file = f"static/{relative}"
        if source.suffix == ".css":
            css = source.read_text(encoding="utf-8")
            data = relative_css_urls(
                css, site.links(file, DEFAULT_LANGUAGE, origin).rewrite
            ).encode()
            total += _write(target / file, data)
        else:
            (target / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / file)
            total += source.stat().st_size
        static_files += 1
    for name in sorted(site.themes):
        css = relative_css_urls(
            theme_css(name.removesuffix(".css")),
            site.links(f"theme/{name}", DEFAULT_LANGUAGE, origin).rewrite,
        )
        total += _write(target / "theme" / name, css.encode())
        static_files += 1

    media_bytes = sum(
        _copy_blob(storage, key, target / "media" / key) for key in sorted(site.media)
    )
    return ExportSummary(
        pages=pages,
        media_files=len(site.media),
        media_bytes=media_bytes,
        static_files=static_files,
        total_bytes=total + media_bytes,
        server_links=sorted(site.server_links),
    )
