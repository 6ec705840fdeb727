"""`pameran export static DIR`: the live exhibition as files that need no server.

Pages are rendered by the server's own builders and templates, with `static_export`
set (the templates then leave out search, compare, likes and the guestbook, which
need the server), and every internal URL is then made relative to the page
(`url_rewriting`), leading to the exported file that answers it (`export_links`).
Pages are `booths/<slug>.html`, not folders with an index.html, because a browser
reading from disk does not turn a folder into its index.html: so the same files work
from `file://` and from any web server, without rewrites. Indonesian sits at the top,
English under `en/`. Browsers refuse an SVG `<use>` of another file under `file://`,
so each page carries the sprite symbols it uses.
"""

import hashlib
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from app.booths.theme import theme_css
from app.core.config import Settings
from app.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from app.core.paths import STATIC_DIR
from app.core.public import path_context
from app.core.templating import render
from app.core.timeutil import WIB, utcnow
from app.exhibition.service import site_globals
from app.operations.export_links import (
    ExportError,
    Site,
    live_media_keys,
    page_file,
    public_pages,
    with_symbols,
)
from app.operations.url_rewriting import relative_css_urls, relative_urls
from app.site.templating import install_template_globals
from app.storage import Storage

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ExportSummary:
    pages: int
    media_files: int
    media_bytes: int
    static_files: int
    total_bytes: int
    server_links: list[str]  # internal URLs no exported file answers: left pointing at the server


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
