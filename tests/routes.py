"""The app's route table as the tests walk it."""

from collections.abc import Iterator
from typing import Any


def flat_routes(routes: list[Any]) -> Iterator[Any]:
    """Every route, with included routers opened (FastAPI keeps them as branches)."""
    for route in routes:
        if hasattr(route, "effective_candidates"):
            yield from flat_routes(route.effective_candidates())
        else:
            yield route
