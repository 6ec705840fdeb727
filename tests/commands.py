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
# The locale variables that outrank the LC_MESSAGES a test gives (LANG, which also sets
# the encoding, ranks below and is kept).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES")


def pameran(
    *args: str, cwd: Path, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh process, from `cwd`, with `env` over this process's environment;
    its messages in English unless `env` sets LC_MESSAGES or LC_ALL."""
    inherited = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        cwd=cwd,
        env={**inherited, "LC_MESSAGES": "en_US.UTF-8", **env},
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
