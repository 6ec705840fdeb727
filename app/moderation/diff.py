"""What a submission changes, section by section and word by word: pure functions."""

import difflib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

from app.booths.schemas import (
    CONTACT_FIELDS,
    LIST_FIELDS,
    LIST_SLOTS,
    MEDIA_TEXT_FIELDS,
    PAGE_SECTIONS,
    SINGLE_SLOTS,
    TRANSLATED_TEXTS,
    BoothContent,
    Contact,
    MediaText,
    Pillar,
    PillarKey,
    PillarText,
    Translation,
)
from app.media.views import MediaSet

Op = Literal["equal", "insert", "delete"]
Change = Literal["added", "removed", "changed"]
# Sections in the order the booth page shows them; the English texts come last.
DIFF_SECTIONS = (*PAGE_SECTIONS, "translations")
# The media lists in page order, each a section of its own.
PAGE_LISTS = tuple(key for key in PAGE_SECTIONS if key in LIST_SLOTS)
IDENTITY_TEXTS = ("title", "tagline", "theme_color", "period", "vision", "readiness")
MEDIA_TEXTS = ("alt_text", "title", "caption", "credit")
# The field that names an item of each list; missions are bare strings, wrapped.
ITEM_NAMES = {"achievements": "title", "programs": "name", "quick_wins": "name", "kpis": "name"}
ITEM_FIELDS: dict[str, tuple[str, ...]] = {**LIST_FIELDS, "missions": ("text",)}
CONTEXT_WORDS = 12  # unchanged words kept on each side of a change in a long text
_EMPTY = BoothContent.model_construct(title="")
PILLAR_KEYS: tuple[PillarKey, ...] = get_args(PillarKey)  # PILLARS, typed as content keys


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
        media=tuple(
            change
            for slot in SINGLE_SLOTS
            for change in _media_slot(slot, getattr(old, slot), getattr(new, slot), media)
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
    for key in PILLAR_KEYS:
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
    for key in PILLAR_KEYS:
        texts, items = _pillar(f"pillars.{key}", old.pillars.get(key), after.pillars.get(key))
        pillars.append(SectionDiff(key, texts=tuple(texts), items=tuple(items)))
    sections = (
        _identity(old, after, media),
        SectionDiff("welcome", texts=tuple(_text("welcome", old.welcome, after.welcome))),
        *pillars,
        *(_media_section(key, old, after, media) for key in PAGE_LISTS),
        _contact(old.contact, after.contact),
        _translations(old.translations.get("en"), after.translations.get("en")),
    )
    return ContentDiff(first_publication=before is None, sections=sections)
