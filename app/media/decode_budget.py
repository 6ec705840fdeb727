"""A process-wide memory budget that image decodes reserve before they start.

A few kilobytes of PNG can declare tens of megapixels, and each decode holds its
pixels several times over; without a bound, a handful of parallel uploads take
gigabytes. A decode first reserves its estimated cost, waits (in its worker thread)
while others hold the budget, and gives up with 503 after a while; an image whose
cost alone exceeds the budget is refused outright, since waiting would never help.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from app.core.config import Settings
from app.core.errors import Invalid, Unavailable

MB = 1024 * 1024
RETRY_AFTER_SECONDS = 10


class MemoryBudget:
    """Bytes handed out to decodes, never more than `capacity` at once."""

    def __init__(self, capacity: int, *, wait_seconds: float) -> None:
        self.capacity = capacity
        self.wait_seconds = wait_seconds
        self.in_use = 0
        self.waiting = 0  # decodes queued for their share (seen by tests and logs)
        self._changed = threading.Condition()

    @contextmanager
    def reserve(self, cost: int) -> Iterator[None]:
        """Hold `cost` bytes of the budget for the block; blocks the calling thread."""
        if cost > self.capacity:
            raise Invalid(
                "Gambar terlalu besar untuk diolah: perlu sekitar {need} MB memori, "
                "batas server {limit} MB.",
                need=-(-cost // MB),
                limit=self.capacity // MB,
            )
        with self._changed:
            self.waiting += 1
            try:
                admitted = self._changed.wait_for(
                    lambda: self.in_use + cost <= self.capacity, self.wait_seconds
                )
            finally:
                self.waiting -= 1
            if not admitted:
                raise Unavailable(
                    "Server sedang mengolah banyak gambar; coba unggah lagi sebentar lagi.",
                    retry_after=RETRY_AFTER_SECONDS,
                )
            self.in_use += cost
        try:
            yield
        finally:
            with self._changed:
                self.in_use -= cost
                self._changed.notify_all()


@cache
def _budget(capacity: int, wait_seconds: float) -> MemoryBudget:
    return MemoryBudget(capacity, wait_seconds=wait_seconds)


def decode_budget(settings: Settings) -> MemoryBudget:
    """The process's budget (one per configured size and wait, so one in production)."""
    return _budget(settings.decode_memory_mb * MB, settings.decode_wait_seconds)
