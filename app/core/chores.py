"""A periodic job type: a chore run in a worker thread every so many seconds."""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Chore:
    name: str
    every_seconds: float
    run: Callable[[], object]


def run_due(chores: list[Chore], due_at: dict[str, float], now: float) -> dict[str, object]:
    """Run each chore whose time has come (all on the first pass); name → its result.

    For a process that runs the chores itself between its own waits (the worker).
    """
    results = {}
    for chore in chores:
        if due_at.get(chore.name, now) <= now:
            results[chore.name] = chore.run()
            due_at[chore.name] = now + chore.every_seconds
    return results


async def every(seconds: float, chore: Callable[[], object]) -> None:
    """Run `chore` in a worker thread every `seconds`, logging (not raising) failures."""
    while True:
        await asyncio.sleep(seconds)
        try:
            await run_in_threadpool(chore)
        except Exception:  # noqa: BLE001  (a failed chore must not stop the next one)
            log.exception("background chore failed")
