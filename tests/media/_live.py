"""A real uvicorn serving the test's app in a thread, and sockets that stall mid-body.

TestClient hands the app a whole body at once; only a real server lets a client
send half a request and then fall silent, which is what a weak link does.
"""

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from tests.perf._server import free_port

WAIT_SECONDS = 30  # generous: a busy machine, not a timing threshold


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve `app` on a free port; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=WAIT_SECONDS,  # requests finish; none is cut off mid-thread
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started, "the server to start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def stalled_request(
    base_url: str, method: str, path: str, headers: dict[str, str], body_start: bytes
) -> socket.socket:
    """Send the headers (announcing a body longer than `body_start`) and the start of
    the body, then nothing: the open socket, for the caller to close."""
    port = int(base_url.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", port))
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body_start)
    return sock
