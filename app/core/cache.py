"""Rendered public pages, cached per (path, the parameters the page uses, language, epoch).

Every visitor without a session gets the same bytes, so a page is rendered once per
epoch. The epoch lives in the database; an instance rereads it at most every
`epoch_ttl_seconds`, and at once after its own writes.

A page declares the query parameters it reads (`PageParams`); everything else in a
query string is dropped before the page sees it, so junk parameters neither make
new cache entries nor end up in the page (canonical and language links).
"""

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from starlette.concurrency import run_in_threadpool


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    etag: str
    status_code: int = 200
    gzipped: bytes = b""

    @classmethod
    def of(cls, body: bytes, status_code: int = 200) -> "CachedPage":
        """A page with its ETag and its gzip form, computed once."""
        return cls(body, etag_for(body), status_code, gzip.compress(body, 6, mtime=0))


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


# What a page may take from one parameter: longer values are cut, further repeats
# dropped. Search cuts its query at 200 characters itself; nothing needs more.
MAX_PARAM_CHARS = 200
MAX_PARAM_VALUES = 10
# The language is part of every key by itself; `?lang=` only chooses it.
LANG_PARAM = "lang"

PageKey = tuple[str, str, str, int]


@dataclass(frozen=True)
class PageParams:
    """The query parameters a cached page reads, besides `lang`."""

    names: tuple[str, ...] = ()

    def used_query(self, query_string: str, *, keep_lang: bool = True) -> str:
        """`query_string` reduced to the parameters the page reads, in a fixed order.

        Unknown names and empty values go, values are cut to `MAX_PARAM_CHARS` and
        repeats to `MAX_PARAM_VALUES`; `lang` stays unless `keep_lang` is false (the
        cache key holds the language itself). Applying it twice changes nothing, so
        the page and the cache layer in front of it agree.
        """
        if not query_string:
            return ""
        wanted = (*self.names, LANG_PARAM) if keep_lang else self.names
        values: dict[str, list[str]] = {name: [] for name in wanted}
        for name, value in parse_qsl(query_string, keep_blank_values=False):
            kept = values.get(name)
            if kept is not None and len(kept) < MAX_PARAM_VALUES:
                kept.append(value[:MAX_PARAM_CHARS])
        return urlencode([(name, value) for name in wanted for value in values[name]])


def page_key(path: str, params: PageParams, query_string: str, lang: str, epoch: int) -> PageKey:
    """The cache key of the page at `path` with `query_string`, in `lang`."""
    return (path, params.used_query(query_string, keep_lang=False), lang, epoch)


class PageCache:
    def __init__(
        self, read_epoch: Callable[[], int], *, max_entries: int, epoch_ttl: float
    ) -> None:
        """`read_epoch` asks the database for the publication epoch (a blocking call)."""
        self.read_epoch = read_epoch
        self.max_entries = max_entries
        self.epoch_ttl = epoch_ttl
        self._pages: OrderedDict[PageKey, CachedPage] = OrderedDict()
        self._lock = threading.Lock()
        self._epoch = 0
        self._epoch_read_at = float("-inf")

    def _read_epoch(self) -> int:
        epoch = self.read_epoch()
        if epoch != self._epoch:
            with self._lock:  # pages of older epochs can never be asked for again
                self._pages.clear()
        self._epoch, self._epoch_read_at = epoch, time.monotonic()
        return self._epoch

    async def epoch(self) -> int:
        if time.monotonic() - self._epoch_read_at < self.epoch_ttl:
            return self._epoch
        return await run_in_threadpool(self._read_epoch)

    @property
    def known_epoch(self) -> int:
        """The epoch as last read (no database), for what is keyed on it besides pages."""
        return self._epoch

    def forget_epoch(self) -> None:
        """Reread the epoch on the next request (after this instance changed it)."""
        self._epoch_read_at = float("-inf")

    def get(self, key: PageKey) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: PageKey, page: CachedPage) -> None:
        if self.max_entries == 0:
            return
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
        self.forget_epoch()
