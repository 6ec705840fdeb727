"""What a reviewer should look at first (the automatic checks): pure functions."""

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from app.booths.schemas import SINGLE_SLOTS, BoothContent, section_of
from app.core.i18n import N_
from app.media.views import MediaSet
from app.moderation.diff import DIFF_SECTIONS, MEDIA_TEXTS, PAGE_LISTS, PILLAR_KEYS

# `blocking` keeps a booth from going live unless the approver overrides it with a reason.
Severity = Literal["blocking", "warning", "info"]
SEVERITY_ORDER: tuple[Severity, ...] = get_args(Severity)
# Texts a script wrote instead of nothing (a form field that was never filled in).
PLACEHOLDER_TEXTS = {"undefined", "null", "nan", "[object object]"}
# Longer than this many words, a text is flagged: visitors read booths on phones.
LONG_TEXT_WORDS = {"welcome": 600, "readiness": 600, "summary": 300}
NEAR_LIMIT = 0.9  # a title this close to its maximum is cut short on booth cards
_MAX_LENGTH = {
    name: BoothContent.model_json_schema()["properties"][name]["maxLength"]
    for name in ("title", "tagline")
}


@dataclass(frozen=True)
class Check:
    """Something a reviewer should look at, in the section it concerns."""

    code: str  # missing_logo, missing_banner, missing_alt, empty_pillar, broken_link, …
    severity: Severity
    section: str
    message: str  # an Indonesian msgid with {placeholders}
    params: dict[str, Any] = field(default_factory=dict)
    path: str = ""  # the content path to blame, when one field is


# Collects every link, even those the public renderer refuses, to report them.
_link_parser = MarkdownIt("commonmark")
_link_parser.validateLink = lambda url: True  # type: ignore[method-assign]
_BOOTH_LINK = re.compile(r"^/booths/([^/?#]+)/?(?:[?#].*)?\Z")


def _markdown_texts(content: BoothContent) -> Iterator[tuple[str, str, str]]:
    """(section, path, text) of every Markdown text, the English ones included."""
    yield "welcome", "welcome", content.welcome
    yield "identity", "readiness", content.readiness
    for key, pillar in content.pillars.items():
        yield key, f"pillars.{key}.summary", pillar.summary
    for lang, english in content.translations.items():
        yield "translations", f"translations.{lang}.welcome", english.welcome or ""
        yield "translations", f"translations.{lang}.readiness", english.readiness or ""
        for key, text in english.pillars.items():
            yield "translations", f"translations.{lang}.pillars.{key}.summary", text.summary


def markdown_links(text: str) -> list[str]:
    """The targets of the links in a Markdown text, as written."""
    return [
        str(child.attrGet("href") or "")
        for token in _link_parser.parse(text or "")
        if token.type == "inline"
        for child in token.children or []
        if child.type == "link_open"
    ]


def booth_links(content: BoothContent) -> set[str]:
    """Slugs of the booths the content links to (`/booths/<slug>`)."""
    return {
        match.group(1)
        for _section, _path, text in _markdown_texts(content)
        for href in markdown_links(text)
        if (match := _BOOTH_LINK.match(href))
    }


def _link_problem(href: str, live_booths: Collection[str]) -> str | None:
    """Why a link will not work for a visitor (a msgid), or None when it looks fine."""
    try:
        parts = urlsplit(href)
        host, _port = parts.hostname, parts.port
    except ValueError:
        return N_("Tautan tidak sah: {url}")
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return None if host and "." in host.strip(".") else N_("Tautan tidak sah: {url}")
    if scheme == "mailto":
        return None if "@" in parts.path else N_("Tautan tidak sah: {url}")
    if scheme:
        return N_("Tautan akan dihapus dari halaman publik (hanya http, https, dan mailto): {url}")
    if href.startswith("#") or (href.startswith("/") and not href.startswith("//")):
        match = _BOOTH_LINK.match(href)
        if match and match.group(1) not in live_booths:
            return N_("Tautan ke anjungan yang tidak ada atau belum tayang: {url}")
        return None
    return N_("Tautan tanpa https:// tidak akan berfungsi: {url}")


def _placed_media(content: BoothContent) -> list[tuple[str, str, int]]:
    """(section, path, media id) of every placed item, in page order."""
    placed = [("identity", name, getattr(content, name)) for name in SINGLE_SLOTS]
    for key in PAGE_LISTS:
        placed += [(key, key, media_id) for media_id in getattr(content, key)]
    return [(section, path, media_id) for section, path, media_id in placed if media_id]


def _media_checks(content: BoothContent, media: MediaSet) -> Iterator[Check]:
    if content.logo is None:
        yield Check("missing_logo", "blocking", "identity", N_("Belum ada logo."), path="logo")
    if content.banner is None:
        message = N_("Belum ada banner.")
        yield Check("missing_banner", "blocking", "identity", message, path="banner")
    seen: dict[str, str] = {}  # sha256 → the name of the first item with those bytes
    for section, path, media_id in _placed_media(content):
        asset = media.assets.get(media_id)
        if asset is None:
            continue
        name = asset.title or asset.filename or f"#{media_id}"
        if asset.kind == "image" and not asset.alt_text.strip():
            message = N_("Gambar tanpa teks alternatif: {name}")
            yield Check("missing_alt", "warning", section, message, {"name": name}, path)
        if asset.sha256 in seen:
            message = N_("Berkas yang sama dipasang dua kali: {name} sama dengan {first}")
            params = {"name": name, "first": seen[asset.sha256]}
            yield Check("duplicate_media", "warning", section, message, params, path)
        seen.setdefault(asset.sha256, name)
        for field_name in MEDIA_TEXTS:
            if _is_placeholder(getattr(asset, field_name)):
                yield _placeholder(section, f"{path}.{field_name}", getattr(asset, field_name))


def _is_placeholder(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in PLACEHOLDER_TEXTS


def _placeholder(section: str, path: str, text: str) -> Check:
    message = N_("Teks pengganti akan tampil ke pengunjung: “{text}”")
    return Check("placeholder_text", "blocking", section, message, {"text": text.strip()}, path)


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, text) of every string in a content tree (list items by index)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}")


def _placeholder_checks(content: BoothContent) -> Iterator[Check]:
    for path, text in _strings(content.model_dump(mode="json"), ""):
        if _is_placeholder(text):
            yield _placeholder(section_of(path), path, text)


def _text_checks(content: BoothContent, live_booths: Collection[str]) -> Iterator[Check]:
    for section, path, text in _markdown_texts(content):
        for href in markdown_links(text):
            if (problem := _link_problem(href, live_booths)) is not None:
                yield Check("broken_link", "warning", section, problem, {"url": href}, path)
        limit = LONG_TEXT_WORDS[path.rsplit(".", 1)[-1]]
        if (words := len(text.split())) > limit:
            message = N_("Teks sangat panjang: {words} kata (sebaiknya paling banyak {limit}).")
            yield Check(
                "long_text", "info", section, message, {"words": words, "limit": limit}, path
            )
    for name, limit in _MAX_LENGTH.items():
        if (length := len(getattr(content, name))) >= NEAR_LIMIT * limit:
            message = N_("Hampir mencapai batas: {length} dari {limit} karakter.")
            params = {"length": length, "limit": limit}
            yield Check("near_limit", "info", "identity", message, params, name)


def _pillar_checks(content: BoothContent) -> Iterator[Check]:
    empty = [k for k in PILLAR_KEYS if (p := content.pillars.get(k)) is None or p.is_empty()]
    if len(empty) == len(PILLAR_KEYS):
        message = N_("Belum ada satu pilar pun yang diisi: anjungan akan tampak kosong.")
        yield Check("no_pillar", "blocking", PILLAR_KEYS[0], message, path="pillars")
        return
    for key in empty:
        message = N_("Pilar ini kosong: belum ada ringkasan maupun isian.")
        yield Check("empty_pillar", "info", key, message, path=f"pillars.{key}")


def review_checks(
    content: BoothContent, media: MediaSet, *, live_booths: Collection[str]
) -> list[Check]:
    """Automatic checks of submitted content, blocking ones first, then warnings, in
    page order.

    `media` holds the content's assets; `live_booths` the slugs among `booth_links`
    that have a live booth (nothing is fetched: external links are only parsed).
    """
    checks = [
        *_media_checks(content, media),
        *_text_checks(content, live_booths),
        *_placeholder_checks(content),
        *_pillar_checks(content),
    ]
    return sorted(
        checks, key=lambda c: (SEVERITY_ORDER.index(c.severity), DIFF_SECTIONS.index(c.section))
    )


def blocking(checks: Sequence[Check]) -> list[Check]:
    """The checks that keep a booth from going live without an override."""
    return [c for c in checks if c.severity == "blocking"]
