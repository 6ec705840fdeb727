"""A periodic job type: a chore run in a worker thread every so many seconds."""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Chore:
    every_seconds: float
    run: Callable[[], object]


async def every(seconds: float, chore: Callable[[], object]) -> None:
    """Run `chore` in a worker thread every `seconds`, logging (not raising) failures."""
    while True:
        await asyncio.sleep(seconds)
        try:
            await run_in_threadpool(chore)
        except Exception:  # noqa: BLE001  (a failed chore must not stop the next one)
            log.exception("background chore failed")
