"""Splitting a long list into numbered pages (partials/pagination.html shows them)."""

from dataclasses import dataclass
from math import ceil


@dataclass(frozen=True)
class Paging:
    """Page `page` (from 1) of a list of `total` items, `size` to a page."""

    page: int
    size: int
    total: int

    @classmethod
    def of(cls, page: int, size: int, total: int) -> "Paging":
        """Past the last page means the last page: a stale link still shows something."""
        return cls(min(max(page, 1), max(1, ceil(total / size))), size, total)

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size
