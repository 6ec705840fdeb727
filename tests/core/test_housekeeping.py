import asyncio
import os
import threading
from pathlib import Path

from sqlalchemy import Engine

from app.chores import sweep_once
from app.core.chores import every
from app.core.config import Settings
from app.media.resumable import tus_dir
from app.storage import storage_from_url


def test_sweep_removes_stray_partial_files(engine: Engine, settings: Settings) -> None:
    stray = tus_dir(settings) / ("0" * 32 + ".part")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"half an upload")
    old = 1_000_000_000
    os.utime(stray, (old, old))
    storage = storage_from_url(settings.storage_url)
    assert sweep_once(engine, settings, storage) == 1 and not stray.exists()


def test_a_failing_chore_does_not_stop_the_next(tmp_path: Path) -> None:
    calls: list[int] = []

    def chore() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("first run fails")

    async def run() -> None:
        task = asyncio.create_task(every(0.01, chore))
        while len(calls) < 2:
            await asyncio.sleep(0.01)
        task.cancel()

    # In a thread of its own: the browser tests leave an event loop running in this one.
    worker = threading.Thread(target=asyncio.run, args=(asyncio.wait_for(run(), timeout=5),))
    worker.start()
    worker.join()
    assert len(calls) >= 2
