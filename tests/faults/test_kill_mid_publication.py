"""`kill -9` of a real `pameran serve` while it approves and publishes, over and over:
after the crash nothing is half-published, the store matches the rows, and a restarted
server publishes again."""

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine

from app.core.config import Settings
from tests.commands import env_for
from tests.faults.conftest import DRAFT, SUBMIT
from tests.faults.invariants import assert_nothing_half_published, assert_storage_check_clean


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(settings: Settings) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", "from app.cli import main; main()", "serve", "--port", str(port)],
        cwd=settings.var_dir.parent,
        env={**os.environ, **env_for(settings)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, "pameran serve exited"
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        yield base, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def call(base: str, method: str, path: str, headers: dict[str, str], body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        base + path,
        data=data,
        method=method,
        headers={**headers, "Host": "localhost", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def publish_once(base: str, people: dict[str, dict[str, str]], n: int) -> None:
    """An edit, its submission, a claim and the approval that publishes it."""
    draft = call(base, "GET", DRAFT, people["editor"])
    call(base, "PUT", DRAFT, people["editor"], {**draft, "tagline": f"Versi {n}"})
    created = call(base, "POST", SUBMIT, people["editor"])
    url = f"/api/v1/moderation/submissions/{created['id']}"
    call(base, "POST", f"{url}/claim", people["org"])
    call(base, "POST", f"{url}/decision", people["org"], {"decision": "approve"})


def settle_leftovers(base: str, people: dict[str, dict[str, str]]) -> None:
    """A crash may leave a submission open or claimed: the organizer approves it, as a
    moderator would, so the booth takes the next one."""
    for item in call(base, "GET", "/api/v1/moderation/queue", people["org"]):
        url = f"/api/v1/moderation/submissions/{item['id']}"
        if item["state"] == "submitted":
            call(base, "POST", f"{url}/claim", people["org"])
        call(base, "POST", f"{url}/decision", people["org"], {"decision": "approve"})


def test_kill_9_during_approvals_leaves_nothing_half_published(
    settings: Settings, engine: Engine, people: dict[str, dict[str, str]]
) -> None:
    shuffle = random.Random(8)
    for round_ in range(3):
        with served(settings) as (base, process):
            settle_leftovers(base, people)
            done: list[int] = []

            def loop(base: str = base, done: list[int] = done) -> None:
                n = 0
                while True:
                    try:
                        publish_once(base, people, n)
                    except (OSError, http.client.HTTPException):
                        # The server is gone: refused, reset, or cut off mid-response.
                        return
                    done.append(n)
                    n += 1

            worker = threading.Thread(target=loop)
            worker.start()
            deadline = time.monotonic() + 60
            while len(done) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(shuffle.uniform(0, 0.5))  # somewhere inside the next publication
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            worker.join(timeout=60)
            assert done, f"round {round_}: nothing was published before the kill"
        assert_nothing_half_published(engine)
        assert_storage_check_clean(settings)
    with served(settings) as (base, _process):
        with urllib.request.urlopen(f"{base}/readyz", timeout=10) as ready:
            assert ready.status == 200
        settle_leftovers(base, people)
        publish_once(base, people, 99)
    assert_nothing_half_published(engine)
    assert_storage_check_clean(settings)
