"""Running things the way people and servers do: the `pameran` command, racing threads."""

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.core.config import Settings

T = TypeVar("T")


def pameran(
    *args: str, cwd: Path, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh process, from `cwd`, with `env` over this process's environment."""
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        cwd=cwd,
        env={**os.environ, **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def env_for(settings: Settings) -> dict[str, str]:
    """The environment that points the CLI at the installation `settings` describe."""
    return {
        "PAMERAN_DATABASE_URL": settings.database_url,
        "PAMERAN_STORAGE_URL": settings.storage_url,
        "PAMERAN_SECRET_KEY": "k",
        "PAMERAN_VAR_DIR": str(settings.var_dir),
    }


def at_once(count: int, call: Callable[[], T]) -> tuple[list[T], list[BaseException]]:
    """Run `call` in `count` threads released together: their results and their errors."""
    barrier = threading.Barrier(count)
    results: list[T] = []
    errors: list[BaseException] = []

    def one() -> None:
        barrier.wait()
        try:
            results.append(call())
        except BaseException as error:  # noqa: BLE001  (the caller asserts on them)
            errors.append(error)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors
