"""Rendered public pages, cached per (path with query, language, publication epoch).

Every visitor without a session gets the same bytes, so a page is rendered once per
epoch. The epoch lives in the database; an instance rereads it at most every
`epoch_ttl_seconds`, and at once after its own writes.
"""

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from app.curation.service import EPOCH_SQL


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


class PageCache:
    def __init__(self, engine: Engine, *, max_entries: int, epoch_ttl: float) -> None:
        self.engine = engine
        self.max_entries = max_entries
        self.epoch_ttl = epoch_ttl
        self._pages: OrderedDict[tuple[str, str, int], CachedPage] = OrderedDict()
        self._lock = threading.Lock()
        self._epoch = 0
        self._epoch_read_at = float("-inf")

    def _read_epoch(self) -> int:
        with self.engine.connect() as connection:
            epoch = connection.execute(EPOCH_SQL).scalar()
        if int(epoch or 0) != self._epoch:
            with self._lock:  # pages of older epochs can never be asked for again
                self._pages.clear()
        self._epoch, self._epoch_read_at = int(epoch or 0), time.monotonic()
        return self._epoch

    async def epoch(self) -> int:
        if time.monotonic() - self._epoch_read_at < self.epoch_ttl:
            return self._epoch
        return await run_in_threadpool(self._read_epoch)

    def forget_epoch(self) -> None:
        """Reread the epoch on the next request (after this instance changed it)."""
        self._epoch_read_at = float("-inf")

    def get(self, key: tuple[str, str, int]) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[str, str, int], page: CachedPage) -> None:
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
