"""What a submission changes, and what a reviewer should look at first: pure functions."""

import difflib
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from app.booths.schemas import (
    CONTACT_FIELDS,
    LIST_FIELDS,
    MEDIA_TEXT_FIELDS,
    TRANSLATED_TEXTS,
    BoothContent,
    Contact,
    MediaText,
    Pillar,
    PillarKey,
    PillarText,
    Translation,
)
from app.core.i18n import N_
from app.media.views import MediaSet
from app.pillars import PILLARS

Op = Literal["equal", "insert", "delete"]
Change = Literal["added", "removed", "changed"]
# `blocking` keeps a booth from going live unless the approver overrides it with a reason.
Severity = Literal["blocking", "warning", "info"]
SEVERITY_ORDER: tuple[Severity, ...] = get_args(Severity)
# Texts a script wrote instead of nothing (a form field that was never filled in).
PLACEHOLDER_TEXTS = {"undefined", "null", "nan", "[object object]"}

# Sections in the order the booth page shows them; the English texts come last.
DIFF_SECTIONS = (
    "identity",
    "welcome",
    *PILLARS,
    "gallery",
    "videos",
    "documents",
    "contact",
    "translations",
)
IDENTITY_TEXTS = ("title", "tagline", "theme_color", "period", "vision", "readiness")
MEDIA_TEXTS = ("alt_text", "title", "caption", "credit")
# The field that names an item of each list; missions are bare strings, wrapped.
ITEM_NAMES = {"achievements": "title", "programs": "name", "quick_wins": "name", "kpis": "name"}
ITEM_FIELDS: dict[str, tuple[str, ...]] = {**LIST_FIELDS, "missions": ("text",)}
CONTEXT_WORDS = 12  # unchanged words kept on each side of a change in a long text
# Longer than this many words, a text is flagged: visitors read booths on phones.
LONG_TEXT_WORDS = {"welcome": 600, "readiness": 600, "summary": 300}
NEAR_LIMIT = 0.9  # a title this close to its maximum is cut short on booth cards
_MAX_LENGTH = {
    name: BoothContent.model_json_schema()["properties"][name]["maxLength"]
    for name in ("title", "tagline")
}
_EMPTY = BoothContent.model_construct(title="")
_PILLAR_KEYS: tuple[PillarKey, ...] = get_args(PillarKey)  # PILLARS, typed as content keys


@dataclass(frozen=True)
class Run:
    op: Op
    text: str


@dataclass(frozen=True)
class TextChange:
    path: str  # where in the content, e.g. "tagline" or "pillars.economy.summary"
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class ItemChange:
    path: str  # the list, e.g. "pillars.economy.programs"
    change: Change
    label: str  # the item's title or name
    texts: tuple[TextChange, ...] = ()  # a changed item: each of its fields that differs


@dataclass(frozen=True)
class MediaChange:
    path: str  # logo, banner, gallery, documents or videos
    change: Change
    before: int | None
    after: int | None
    new_file: bool = False  # a changed item with other bytes, not only other texts
    texts: tuple[TextChange, ...] = ()  # alt text, title, caption, credit that differ


@dataclass(frozen=True)
class SectionDiff:
    key: str
    texts: tuple[TextChange, ...] = ()
    items: tuple[ItemChange, ...] = ()
    media: tuple[MediaChange, ...] = ()
    reordered: tuple[str, ...] = ()  # media lists whose remaining items changed order

    @property
    def changed(self) -> bool:
        return bool(self.texts or self.items or self.media or self.reordered)

    @property
    def item_lists(self) -> list[tuple[str, list[ItemChange]]]:
        """The item changes list by list, in content order."""
        lists: dict[str, list[ItemChange]] = {}
        for item in self.items:
            lists.setdefault(item.path, []).append(item)
        return list(lists.items())


@dataclass(frozen=True)
class ContentDiff:
    first_publication: bool
    sections: tuple[SectionDiff, ...]

    @property
    def changed(self) -> list[SectionDiff]:
        return [s for s in self.sections if s.changed]

    @property
    def unchanged(self) -> list[str]:
        return [s.key for s in self.sections if not s.changed]

    def as_json(self) -> dict[str, Any]:
        """The JSON API's shape: changed section keys, and what changed in each."""
        return {
            "first_publication": self.first_publication,
            "changed": [s.key for s in self.changed],
            "unchanged": self.unchanged,
            "sections": {
                s.key: {k: v for k, v in asdict(s).items() if k != "key"} for s in self.changed
            },
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


# --- Diff ------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Words and punctuation with the whitespace after each, so that joining them gives
    the text back (a comma added after a word does not change the word)."""
    return re.findall(r"\s*(?:\w+|[^\w\s]+)\s*", text)


def _shorten(words: list[str], *, keep_head: bool, keep_tail: bool) -> str:
    """An unchanged stretch with only the words next to a change kept."""
    if len(words) <= 2 * CONTEXT_WORDS + 1:
        return "".join(words)
    head = "".join(words[:CONTEXT_WORDS]) if keep_head else ""
    tail = "".join(words[-CONTEXT_WORDS:]) if keep_tail else ""
    return f"{head}… {tail}" if keep_tail else f"{head}…"


def word_diff(before: str, after: str) -> tuple[Run, ...]:
    """Runs of equal, deleted and inserted words that turn `before` into `after`."""
    old, new = _words(before), _words(after)
    # Words are compared without the whitespace around them: a re-wrapped line is no change.
    matcher = difflib.SequenceMatcher(
        None, [w.strip() for w in old], [w.strip() for w in new], autojunk=False
    )
    opcodes = matcher.get_opcodes()
    runs: list[Run] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            text = _shorten(new[j1:j2], keep_head=n > 0, keep_tail=n < len(opcodes) - 1)
            runs.append(Run("equal", text))
            continue
        if i2 > i1:
            runs.append(Run("delete", "".join(old[i1:i2])))
        if j2 > j1:
            runs.append(Run("insert", "".join(new[j1:j2])))
    return tuple(runs)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict) and {"start", "end"} <= value.keys():  # a master-plan period
        return f"{value['start']}–{value['end']}"
    return str(value)


def _text(path: str, before: Any, after: Any) -> list[TextChange]:
    old, new = _plain(before), _plain(after)
    runs = word_diff(old, new) if old != new else ()
    # Only whitespace moved (a re-wrapped paragraph): no word changed, nothing to review.
    return [TextChange(path, runs)] if any(r.op != "equal" for r in runs) else []


def _items(path: str, before: Sequence[dict], after: Sequence[dict]) -> list[ItemChange]:
    """Items matched by their names: added, removed, and changed field by field."""
    kind = path.rsplit(".", 1)[-1]
    name, fields = ITEM_NAMES.get(kind, "text"), ITEM_FIELDS[kind]
    matcher = difflib.SequenceMatcher(
        None,
        [_plain(i.get(name)) for i in before],
        [_plain(i.get(name)) for i in after],
        autojunk=False,
    )
    changes = []
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        # Equal names pair up, and so do replaced items, one for one (a renamed item).
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
        for i, j in pairs:
            texts = [c for f in fields for c in _text(f, before[i].get(f), after[j].get(f))]
            if texts:
                changes.append(
                    ItemChange(path, "changed", _plain(after[j].get(name)), tuple(texts))
                )
        for i in range(i1 + len(pairs), i2):
            changes.append(ItemChange(path, "removed", _plain(before[i].get(name))))
        for j in range(j1 + len(pairs), j2):
            changes.append(ItemChange(path, "added", _plain(after[j].get(name))))
    return changes


def _missions(missions: Sequence[str] | None) -> list[dict[str, str]]:
    return [{"text": m} for m in missions or []]


def _pillar(
    path: str, before: Pillar | PillarText | None, after: Pillar | PillarText | None
) -> tuple[list[TextChange], list[ItemChange]]:
    old, new = (before or Pillar()).model_dump(), (after or Pillar()).model_dump()
    texts = _text(f"{path}.summary", old["summary"], new["summary"])
    items = [c for kind in LIST_FIELDS for c in _items(f"{path}.{kind}", old[kind], new[kind])]
    return texts, items


def _changed_media(path: str, before: int, after: int, media: MediaSet) -> MediaChange:
    old, new = media.assets.get(before), media.assets.get(after)
    texts = [c for t in MEDIA_TEXTS for c in _text(t, getattr(old, t, ""), getattr(new, t, ""))]
    new_file = old is None or new is None or old.sha256 != new.sha256
    return MediaChange(path, "changed", before, after, new_file, tuple(texts))


def _media_slot(
    path: str, before: int | None, after: int | None, media: MediaSet
) -> list[MediaChange]:
    if before == after:
        return []
    if before is None or after is None:
        return [MediaChange(path, "added" if before is None else "removed", before, after)]
    return [_changed_media(path, before, after, media)]


def _media_list(
    path: str, before: list[int], after: list[int], media: MediaSet
) -> tuple[list[MediaChange], bool]:
    """Added, removed and changed items of a media list, and whether the rest moved."""
    gone = [i for i in before if i not in after]
    came = [i for i in after if i not in before]
    # Editing an item's texts makes a copy with a new id and the same bytes: a change.
    copies: dict[int, int] = {}
    for new_id in came:
        sha = getattr(media.assets.get(new_id), "sha256", None)
        original = next(
            (
                old_id
                for old_id in gone
                if old_id not in copies.values()
                and sha is not None
                and getattr(media.assets.get(old_id), "sha256", None) == sha
            ),
            None,
        )
        if original is not None:
            copies[new_id] = original
    changes = [
        _changed_media(path, copies[i], i, media)
        if i in copies
        else MediaChange(path, "added", None, i)
        for i in came
    ]
    changes += [MediaChange(path, "removed", i, None) for i in gone if i not in copies.values()]
    kept_before = [i for i in before if i in after or i in copies.values()]
    kept_after = [copies.get(i, i) for i in after if i in before or i in copies]
    return changes, kept_before != kept_after


def _identity(old: BoothContent, new: BoothContent, media: MediaSet) -> SectionDiff:
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    return SectionDiff(
        "identity",
        texts=tuple(c for name in IDENTITY_TEXTS for c in _text(name, before[name], after[name])),
        items=tuple(_items("missions", _missions(old.missions), _missions(new.missions))),
        media=(
            *_media_slot("logo", old.logo, new.logo, media),
            *_media_slot("banner", old.banner, new.banner, media),
        ),
    )


def _media_section(key: str, old: BoothContent, new: BoothContent, media: MediaSet) -> SectionDiff:
    changes, moved = _media_list(key, getattr(old, key), getattr(new, key), media)
    return SectionDiff(key, media=tuple(changes), reordered=(key,) if moved else ())


def _contact(old: Contact | None, new: Contact | None) -> SectionDiff:
    before = (old or Contact()).model_dump(mode="json")
    after = (new or Contact()).model_dump(mode="json")
    changes = [c for f in CONTACT_FIELDS for c in _text(f"contact.{f}", before[f], after[f])]
    return SectionDiff("contact", texts=tuple(changes))


def _translations(old: Translation | None, new: Translation | None) -> SectionDiff:
    before, after, path = old or Translation(), new or Translation(), "translations.en"
    texts = [
        c
        for name in TRANSLATED_TEXTS
        for c in _text(f"{path}.{name}", getattr(before, name), getattr(after, name))
    ]
    items = _items(f"{path}.missions", _missions(before.missions), _missions(after.missions))
    for key in _PILLAR_KEYS:
        pillar_texts, pillar_items = _pillar(
            f"{path}.pillars.{key}", before.pillars.get(key), after.pillars.get(key)
        )
        texts += pillar_texts
        items += pillar_items
    for media_id in sorted({*before.media, *after.media}):
        was = before.media.get(media_id, MediaText())
        now = after.media.get(media_id, MediaText())
        for name in MEDIA_TEXT_FIELDS:
            texts += _text(
                f"{path}.media.{media_id}.{name}", getattr(was, name), getattr(now, name)
            )
    return SectionDiff("translations", texts=tuple(texts), items=tuple(items))


def content_diff(before: BoothContent | None, after: BoothContent, media: MediaSet) -> ContentDiff:
    """Section by section, what `after` changes against the live `before` (None: none
    yet, a first publication, where everything is new). `media` holds both sides' assets."""
    old = before or _EMPTY
    pillars = []
    for key in _PILLAR_KEYS:
        texts, items = _pillar(f"pillars.{key}", old.pillars.get(key), after.pillars.get(key))
        pillars.append(SectionDiff(key, texts=tuple(texts), items=tuple(items)))
    sections = (
        _identity(old, after, media),
        SectionDiff("welcome", texts=tuple(_text("welcome", old.welcome, after.welcome))),
        *pillars,
        *(_media_section(key, old, after, media) for key in ("gallery", "videos", "documents")),
        _contact(old.contact, after.contact),
        _translations(old.translations.get("en"), after.translations.get("en")),
    )
    return ContentDiff(first_publication=before is None, sections=sections)


# --- Checks ----------------------------------------------------------------------------

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
    placed = [("identity", name, getattr(content, name)) for name in ("logo", "banner")]
    for key in ("gallery", "videos", "documents"):
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


def _section_of(path: str) -> str:
    head, _, rest = path.partition(".")
    if head == "pillars":
        return rest.partition(".")[0]
    if head in ("welcome", "contact", "translations", "gallery", "videos", "documents"):
        return head
    return "identity"


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
            yield _placeholder(_section_of(path), path, text)


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
    empty = [k for k in _PILLAR_KEYS if (p := content.pillars.get(k)) is None or p.is_empty()]
    if len(empty) == len(_PILLAR_KEYS):
        message = N_("Belum ada satu pilar pun yang diisi: anjungan akan tampak kosong.")
        yield Check("no_pillar", "blocking", _PILLAR_KEYS[0], message, path="pillars")
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
