"""Like counts kept a few seconds per instance, so a booth view costs no database trip.

Every booth page asks for its like count (static/js/likes.js): at the opening rush
that would be a booth lookup and a `count(*)` per page view. The count may lag a
few seconds behind other instances' likes; this instance's own likes and every
publication (the epoch) make it ask again at once.
"""

import threading
import time
from dataclasses import dataclass

KEEP_SECONDS = 5.0
MAX_BOOTHS = 10_000  # more slugs than any exhibition has booths: made-up ones are not kept


@dataclass(frozen=True)
class KnownCount:
    booth_id: int
    count: int
    epoch: int
    read_at: float


class RecentLikeCounts:
    """Like counts of live booths by slug, each trusted for `keep_seconds` within one epoch."""

    def __init__(self, keep_seconds: float = KEEP_SECONDS) -> None:
        self.keep_seconds = keep_seconds
        self._counts: dict[str, KnownCount] = {}
        self._lock = threading.Lock()

    def get(self, slug: str, epoch: int) -> KnownCount | None:
        known = self._counts.get(slug)
        if known is None or known.epoch != epoch:
            return None
        if time.monotonic() - known.read_at > self.keep_seconds:
            return None
        return known

    def put(self, slug: str, booth_id: int, count: int, epoch: int) -> KnownCount:
        known = KnownCount(booth_id, count, epoch, time.monotonic())
        with self._lock:
            if len(self._counts) >= MAX_BOOTHS:
                self._counts.clear()
            self._counts[slug] = known
        return known

    def forget(self, slug: str) -> None:
        """After a like on this instance: its liker sees it counted at once."""
        with self._lock:
            self._counts.pop(slug, None)
