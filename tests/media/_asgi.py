"""Drive an ASGI app chunk by chunk, as a server does (TestClient reads a body whole first).

The body is pulled lazily, so a test can tell how much the app read before it
answered, and it can end with a dropped connection or with silence.
"""

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import anyio


@dataclass
class Answer:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Body:
    """Request chunks, counted as the app asks for them."""

    chunks: Iterable[bytes]
    then: str = "end"  # "end", "disconnect" (connection dropped) or "silence" (stalled)
    taken: int = 0


def asgi_request(
    app: Any, method: str, path: str, headers: dict[str, str], body: Body | None = None
) -> Answer:
    body = body or Body([])
    chunks = iter(body.chunks)
    answer = Answer()
    finished = False

    async def receive() -> dict[str, Any]:
        nonlocal finished
        if not finished:
            try:
                chunk = next(chunks)
            except StopIteration:
                finished = True
                if body.then == "end":
                    return {"type": "http.request", "body": b"", "more_body": False}
            else:
                body.taken += 1
                return {"type": "http.request", "body": chunk, "more_body": True}
        if body.then == "silence":
            await anyio.sleep_forever()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    # In a thread of its own: the browser tests leave an event loop running in this one.
    worker = threading.Thread(target=anyio.run, args=(app, scope, receive, send))
    worker.start()
    worker.join()
    return answer
