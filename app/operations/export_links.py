"""What the static export holds and where: its pages, the media and stylesheets they
link, the file each internal URL leads to, and the sprite symbols each page carries.

Pages are `booths/<slug>.html`, not folders with an index.html (see `static_export`),
Indonesian at the top and English under `en/`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from app.booths.models import Booth, RevisionMedia
from app.booths.theme import HEX
from app.booths.views import live_rows
from app.core.errors import OperationError
from app.core.i18n import DEFAULT_LANGUAGE
from app.core.paths import STATIC_DIR
from app.curation.pages import about_context, lobby_context
from app.halls.service import halls_in_order
from app.media.models import MediaFile
from app.operations.url_rewriting import relative_url
from app.site.pages import booth_context
from app.site.pages_halls import hall_context, halls_context

# `<use href="/static/icons/ui.svg?v=…#home">`: a symbol of one of our sprites.
SPRITE_USE = re.compile(r"^/static/(icons/[\w-]+\.svg)(?:\?[^#]*)?#([\w-]+)\Z")
SYMBOL = re.compile(r'<symbol\b[^>]*?\bid="([\w-]+)"[^>]*>.*?</symbol>', re.DOTALL)
# A slug that is safe as a file name and needs no escaping in a URL.
SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*\Z")
MEDIA_FOLDER = re.compile(r"^/media(/[1-9][0-9]*)?\Z")

# Builds (template name, context) from a session and a language, like the server's pages.
PageBuilder = Callable[[Session, str], tuple[str, dict[str, Any]]]


# Here, not in static_export: a slug that cannot name a file already fails the export.
class ExportError(OperationError):
    """The export cannot be made."""


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
