"""`pameran export static`: the live exhibition as files, browsable from disk or any server."""

import re
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.booths.models import Booth
from app.booths.schemas import BoothContent
from app.booths.service import booth_for_region, save_draft, snapshot_revision
from app.core.config import Settings
from app.halls.models import Hall
from app.media.models import MediaFile
from app.media.service import MediaDetails, ingest_file
from app.operations.export_links import ExportError
from app.operations.static_export import ExportSummary, export_static
from app.operations.url_rewriting import relative_css_urls, relative_url, relative_urls
from app.regions.models import Region
from app.storage import storage_from_url
from tests.factories import BundleFactory, make_jpeg
from tests.messages import raises_in_english
from tests.operations.conftest import pameran
from tests.storage.test_s3 import (  # noqa: F401  (fixtures the S3 test asks for by name)
    import_to_s3,
    new_bucket_url,
    s3_settings,
    s3_url,
)

ORIGIN = "http://127.0.0.1:8000"
EXPORTED_ON = date(2026, 11, 28)
URL_ATTRIBUTES = ("href", "src", "action", "poster")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")


# --- the URL rewrite on its own --------------------------------------------------------


def resolve(path: str, lang: str) -> str | None:
    """A small export: the lobby, one booth and the stylesheet, in both languages."""
    prefix = "" if lang == "id" else f"{lang}/"
    pages = {"/": "index.html", "/booths/kota-bitung": "booths/kota-bitung.html"}
    if path in pages:
        return prefix + pages[path]
    return path[1:] if path == "/static/css/pameran.css" else None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "../index.html"),
        ("/#halls", "../index.html#halls"),
        ("/booths/kota-bitung", "kota-bitung.html"),
        ("/booths/kota-bitung?lang=en", "../en/booths/kota-bitung.html"),
        ("/booths/kota-bitung?lang=xx", "kota-bitung.html"),
        (f"{ORIGIN}/booths/kota-bitung?lang=id#galeri", "kota-bitung.html#galeri"),
        (ORIGIN, "../index.html"),
        ("/static/css/pameran.css?v=0123456789", "../static/css/pameran.css"),
        ("/search?q=pantai", f"{ORIGIN}/search?q=pantai"),
        ("https://kota.example.go.id/booths/x", "https://kota.example.go.id/booths/x"),
        ("//cdn.example/x.css", "//cdn.example/x.css"),
        ("mailto:info@example.go.id", "mailto:info@example.go.id"),
        ("#pilar-branding", "#pilar-branding"),
        ("../already/relative.html", "../already/relative.html"),
        ("", ""),
    ],
)
def test_relative_url_from_a_booth_page(url: str, expected: str) -> None:
    page = "booths/kota-bitung.html"
    assert relative_url(url, page=page, lang="id", resolve=resolve, origin=ORIGIN) == expected


def test_relative_url_from_an_english_page_keeps_english_and_switches_on_request() -> None:
    def link(url: str) -> str:
        return relative_url(url, page="en/index.html", lang="en", resolve=resolve, origin=ORIGIN)

    assert link("/booths/kota-bitung") == "booths/kota-bitung.html"
    assert link("/?lang=id") == "../index.html"
    assert link("/static/css/pameran.css") == "../static/css/pameran.css"


def test_relative_urls_changes_url_attributes_and_css_only() -> None:
    def rewrite(url: str) -> str:
        return "NEW" + url if url.startswith("/") else url

    html = (
        '<!doctype html><html><head><link rel="stylesheet" href="/a.css">'
        "<style>.x { background: url(/i.svg) } .y { background: url('rel.svg') }</style>"
        "</head><body>\n"
        '<a class="k" href="/b?x=1&amp;y=2" data-url="/kept">/text stays</a>\n'
        '<img src="/c.jpg" srcset="/c1.jpg 320w, /c2.jpg 640w" alt="x &amp; y" loading="lazy">\n'
        '<video poster="/p.jpg" controls><source src="/v.mp4"></video>\n'
        '<form action="/f" method="post"></form><div style="background:url(&quot;/d.png&quot;)">'
        '<svg><use href="/s.svg#i"></use><path d="M0 0"/></svg></div>\n'
        '<script src="/j.js" defer></script><script>var u = "/not-an-attribute";</script>\n'
        '<a href="https://elsewhere.example/">x</a> <a href="#top">top</a>\n'
        "</body></html>"
    )
    assert relative_urls(html, rewrite) == (
        '<!doctype html><html><head><link rel="stylesheet" href="NEW/a.css">'
        "<style>.x { background: url(NEW/i.svg) } .y { background: url('rel.svg') }</style>"
        "</head><body>\n"
        '<a class="k" href="NEW/b?x=1&amp;y=2" data-url="/kept">/text stays</a>\n'
        '<img src="NEW/c.jpg" srcset="NEW/c1.jpg 320w, NEW/c2.jpg 640w" alt="x &amp; y"'
        ' loading="lazy">\n'
        '<video poster="NEW/p.jpg" controls><source src="NEW/v.mp4"></video>\n'
        '<form action="NEW/f" method="post"></form>'
        '<div style="background:url(&quot;NEW/d.png&quot;)">'
        '<svg><use href="NEW/s.svg#i"></use><path d="M0 0"/></svg></div>\n'
        '<script src="NEW/j.js" defer></script><script>var u = "/not-an-attribute";</script>\n'
        '<a href="https://elsewhere.example/">x</a> <a href="#top">top</a>\n'
        "</body></html>"
    )


def test_relative_css_urls() -> None:
    css = '@font-face { src: url(../fonts/a.woff2) } .b { background: url("/static/b.svg") }'
    rewritten = relative_css_urls(css, lambda url: "X" + url if url.startswith("/") else url)
    assert rewritten == (
        '@font-face { src: url(../fonts/a.woff2) } .b { background: url("X/static/b.svg") }'
    )


# --- the export of an exhibition -------------------------------------------------------


@pytest.fixture
def exhibition(bundles: BundleFactory, import_bundles: Callable[[Path], None]) -> None:
    """Two booths in one hall (so they link to each other), one without a hall."""
    bundles.make(gallery=2)  # Kota Bitung, hall likupang
    bundles.make(
        "kota-manado",
        code="71.71",
        hall="likupang",
        title="Kota Manado",
        theme_color="#7A1F5C",
        welcome=(
            "Tetangga kami: [Kota Bitung](/booths/kota-bitung), "
            f"[aula Likupang]({ORIGIN}/halls/likupang#booths-title) "
            "dan [situs kota](https://manadokota.go.id/)."
        ),
    )
    bundles.make("kota-bandung", code="32.73", hall=None, title="Kota Bandung", document=False)
    import_bundles(bundles.root)


def export(session: Session, settings: Settings, target: Path) -> ExportSummary:
    storage = storage_from_url(settings.storage_url)
    return export_static(session, storage, settings, target, exported_on=EXPORTED_ON)


class Page(HTMLParser):
    """The URLs an exported HTML file uses, and the ids it has (for fragments)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [c.split()[0] for c in value.split(",") if c.strip()]
            elif name == "style":
                self.urls += CSS_URL.findall(value)

    handle_startendtag = handle_starttag


def exported_urls(root: Path) -> list[tuple[Path, str]]:
    """(file, URL) for every URL in every exported HTML and CSS file."""
    found = [(f, url) for f in root.rglob("*.html") for url in Page(f).urls]
    found += [(f, url) for f in root.rglob("*.css") for url in CSS_URL.findall(f.read_text())]
    return found


def test_lobby_about_halls_and_booths_in_both_languages(
    exhibition: None, session: Session, settings: Settings, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    summary = export(session, settings, root)

    halls = session.exec(select(Hall.slug)).all()
    booths = ["kota-bitung", "kota-manado", "kota-bandung"]
    for prefix, lang in (("", "id"), ("en/", "en")):
        expected = ["index.html", "about.html", "halls.html"]
        expected += [f"halls/{slug}.html" for slug in halls]
        expected += [f"booths/{slug}.html" for slug in booths]
        for name in expected:
            html = (root / prefix / name).read_text()
            assert f'<html lang="{lang}">' in html, name
    assert summary.pages == 2 * (3 + len(halls) + len(booths))
    assert "Kota Manado" in (root / "booths/kota-manado.html").read_text()
    assert "Ringkasan masterplan" in (root / "en/booths/kota-bitung.html").read_text()
    assert summary.server_links == []


def test_every_relative_url_resolves_to_an_exported_file(
    exhibition: None, session: Session, settings: Settings, tmp_path: Path
) -> None:
    """The key test: every link, image, stylesheet, script, font and icon is in DIR."""
    root = (tmp_path / "site").resolve()
    export(session, settings, root)
    checked: set[str] = set()
    for file, url in exported_urls(root):
        parts = urlsplit(url)
        assert not url.startswith("/"), f"{file}: absolute internal URL {url}"
        assert not url.startswith(ORIGIN), f"{file}: {url} needs the server"
        if parts.scheme or parts.netloc:
            assert parts.scheme in {"http", "https", "mailto", "tel", "data"}, url
            continue
        if not parts.path:  # `#id` on the same page: the id must exist
            assert parts.fragment in Page(file).ids, f"{file}: no id for {url}"
            continue
        assert not parts.query, f"{file}: {url} (a file on disk has no query)"
        target = (file.parent / unquote(parts.path)).resolve()
        assert target.is_relative_to(root), f"{file}: {url} leaves the export"
        assert target.is_file(), f"{file}: {url} does not exist"
        if parts.fragment and target.suffix == ".html":
            assert parts.fragment in Page(target).ids, f"{file}: no id for {url}"
        checked.add(target.relative_to(root).parts[0])
    # Not vacuous: links to pages, both language trees, media, static files and themes.
    assert {"booths", "halls", "en", "media", "static", "theme", "index.html"} <= checked


def test_language_switch_markdown_links_and_theme_work_offline(
    exhibition: None, session: Session, settings: Settings, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    export(session, settings, root)
    booth_id = (root / "booths/kota-manado.html").read_text()
    booth_en = (root / "en/booths/kota-manado.html").read_text()
    assert 'href="../en/booths/kota-manado.html" hreflang="en"' in booth_id
    assert 'href="../../booths/kota-manado.html" hreflang="id"' in booth_en
    assert 'href="kota-bitung.html"' in booth_id  # Markdown link to /booths/kota-bitung
    assert 'href="../halls/likupang.html#booths-title"' in booth_id  # absolute on ORIGIN
    assert 'href="https://manadokota.go.id/"' in booth_id
    assert 'href="../theme/7a1f5c.css"' in booth_id
    assert "--booth-accent-bg:#7a1f5c" in (root / "theme/7a1f5c.css").read_text()
    # Sprite icons are in the page: browsers refuse <use> of another file under file://.
    assert 'href="#sprite-ui-home"' in booth_id and 'id="sprite-ui-home"' in booth_id
    assert "icons/ui.svg#" not in booth_id


def test_media_bytes_equal_the_storage_blobs(
    exhibition: None, session: Session, settings: Settings, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    summary = export(session, settings, root)
    storage = storage_from_url(settings.storage_url)
    exported = sorted((root / "media").iterdir())
    referenced = {
        Path(urlsplit(url).path).name for _file, url in exported_urls(root) if "media/" in url
    }
    assert {f.name for f in exported} == referenced  # what the pages use, nothing more
    assert len(exported) == summary.media_files
    assert {f.suffix for f in exported} == {".jpg", ".webp", ".pdf"}
    for file in exported:
        with storage.open(file.name) as blob:
            assert file.read_bytes() == blob.read(), file.name
    assert summary.media_bytes == sum(f.stat().st_size for f in exported)
    size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
    assert summary.total_bytes == size


def test_drafts_and_media_not_yet_live_stay_out(
    exhibition: None,
    session: Session,
    settings: Settings,
    tmp_path: Path,
    bundles: BundleFactory,
    import_bundles: Callable[[Path], None],
) -> None:
    storage = storage_from_url(settings.storage_url)
    booth = session.exec(select(Booth).where(Booth.slug == "kota-bitung")).one()
    secret = ingest_file(
        session,
        storage,
        settings,
        booth_id=booth.id or 0,
        source=make_jpeg(tmp_path / "draft.jpg", color=(1, 2, 3)),
        filename="draft.jpg",
        details=MediaDetails(alt_text="Foto draf rahasia"),
    )
    session.commit()
    secret_keys = [
        f"{f.sha256}.{f.extension}"
        for f in session.exec(select(MediaFile).where(col(MediaFile.media_id) == secret.id))
    ]
    assert secret_keys and all(storage.exists(key) for key in secret_keys)
    # Live text may name a file that is not live: the export must not copy it either.
    linked = secret_keys[0]
    session.commit()  # end this session's read, so that it sees the import below
    import_bundles(bundles.make(gallery=2, welcome=f"Lihat [foto](/media/{linked}).").parent)
    draft = BoothContent.model_validate(booth.draft)
    changed = draft.model_copy(
        update={"tagline": "Tagline draf rahasia", "gallery": [*draft.gallery, secret.id]}
    )
    save_draft(session, booth, changed, actor_id=None)
    snapshot_revision(session, booth, changed, source="submission", actor_id=None)  # not live
    tomohon = session.get(Region, "71.73")
    assert tomohon is not None
    unpublished = booth_for_region(session, tomohon)
    session.commit()

    root = tmp_path / "site"
    summary = export(session, settings, root)
    assert not (root / "booths" / f"{unpublished.slug}.html").exists()
    assert not (root / "en" / "booths" / f"{unpublished.slug}.html").exists()
    bitung = (root / "booths/kota-bitung.html").read_text()
    assert f'href="{ORIGIN}/media/{linked}"' in bitung  # left to the server, which says 404
    assert summary.server_links == [f"/media/{linked}"]
    everything = "\n".join(f.read_text() for f in root.rglob("*.html"))
    assert "Tagline draf rahasia" not in everything and "Foto draf rahasia" not in everything
    assert "Kota Bitung" in everything and f"/{unpublished.slug}" not in everything
    for key in secret_keys:
        assert not (root / "media" / key).exists()
        assert everything.count(key.split(".")[0]) == (key == linked) * 2  # id and en


def test_server_only_features_are_left_out_and_the_archive_is_dated(
    exhibition: None, session: Session, settings: Settings, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    export(session, settings, root)
    for file in root.rglob("*.html"):
        html = file.read_text()
        assert "<form" not in html, file  # likes (and any other form) need the server
        assert not [u for u in Page(file).urls if "search" in u or "compare" in u], file
        assert "guestbook" not in html and "likes.js" not in html, file
        assert "csrf" not in html, file
    assert "Versi arsip statis · 28 Nov 2026" in (root / "booths/kota-bitung.html").read_text()
    assert "Static archive version · Nov 28, 2026" in (root / "en/index.html").read_text()


def test_the_server_pages_are_unchanged(exhibition: None, client: TestClient) -> None:
    """The flag is only set by the export: the live site keeps search, compare and likes."""
    lobby = client.get("/").text
    booth = client.get("/booths/kota-bitung").text
    assert 'href="/search"' in lobby and 'href="/compare"' in lobby
    assert "Versi arsip statis" not in lobby
    assert 'action="/booths/kota-bitung/like"' in booth and "/compare?booths=kota-bitung" in booth


def test_a_failed_export_leaves_the_folder_as_it_was(
    exhibition: None, session: Session, settings: Settings, tmp_path: Path
) -> None:
    storage = storage_from_url(settings.storage_url)
    banner = session.exec(select(MediaFile).where(MediaFile.extension == "webp")).first()
    assert banner is not None
    storage.delete(f"{banner.sha256}.{banner.extension}")
    with raises_in_english(ExportError, "missing from the storage"):
        export(session, settings, tmp_path / "absent")
    assert not (tmp_path / "absent").exists()
    (tmp_path / "empty").mkdir()
    with pytest.raises(ExportError):
        export(session, settings, tmp_path / "empty")
    assert list((tmp_path / "empty").iterdir()) == []


def test_a_blob_that_does_not_match_its_hash_stops_the_export(
    exhibition: None, session: Session, settings: Settings, tmp_path: Path
) -> None:
    storage = storage_from_url(settings.storage_url)
    document = session.exec(select(MediaFile).where(MediaFile.extension == "pdf")).first()
    assert document is not None
    blob = storage.local_path(f"{document.sha256}.pdf")
    assert blob is not None
    blob.write_bytes(b"%PDF-1.4 not the bytes that were stored")
    with raises_in_english(ExportError, "does not match its hash"):
        export(session, settings, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_the_command_prints_what_it_wrote(
    exhibition: None, settings: Settings, tmp_path: Path
) -> None:
    result = pameran("export", "static", "site", settings=settings, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^pages: +\d+ ", result.stdout, re.MULTILINE)
    assert re.search(r"^media files: +\d+ \([\d,]+ bytes\)", result.stdout, re.MULTILINE)
    assert re.search(r"^total: +[\d,]+ bytes", result.stdout, re.MULTILINE)
    assert (tmp_path / "site/index.html").is_file()
    assert (tmp_path / "site/en/booths/kota-bitung.html").is_file()


def test_a_folder_that_is_not_empty_is_refused(
    exhibition: None, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site/keep.txt").write_text("mine")
    (tmp_path / "a-file").write_text("mine")
    for target in ("site", "a-file"):
        result = pameran("export", "static", target, settings=settings, cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr.strip().count("\n") == 0
        assert "not an empty folder" in result.stderr
        assert result.stdout == ""
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["keep.txt"]
    assert (tmp_path / "a-file").read_text() == "mine"


@pytest.mark.s3
def test_an_export_reads_media_from_s3_storage(
    request: pytest.FixtureRequest, bundles: BundleFactory, session: Session, tmp_path: Path
) -> None:
    on_s3: Settings = request.getfixturevalue("s3_settings")
    request.getfixturevalue("import_to_s3")(bundles.make().parent)
    storage = storage_from_url(on_s3.storage_url)
    assert storage.local_path("0" * 64 + ".jpg") is None  # nothing on this machine's disk
    root = tmp_path / "site"
    summary = export_static(session, storage, on_s3, root, exported_on=EXPORTED_ON)
    exported = sorted((root / "media").iterdir())
    assert summary.media_files == len(exported) > 0
    for file in exported:
        with storage.open(file.name) as blob:
            assert file.read_bytes() == blob.read(), file.name
    assert (root / "booths/kota-bitung.html").is_file()
