"""Overload is shed, not queued: a bound on the requests one process works on at once.

Past `limit` requests in flight, a request is answered 503 with `Retry-After` at
once instead of waiting behind the others; nginx then serves its stale copy of a
page where it has one (`proxy_cache_use_stale … http_503`). Cached pages are
answered by the page cache layer in front of this one and are never shed.
"""

import json

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.i18n import N_, negotiate_language, translate

RETRY_AFTER_SECONDS = 1
BUSY = N_("Server sedang sangat sibuk. Silakan coba lagi sebentar lagi.")
# The load balancer's questions are answered even when the process is busy.
NEVER_SHED = frozenset({"/healthz", "/readyz"})


class InFlightLimit:
    """Answer 503 (with Retry-After) to requests beyond `limit` in flight in this process."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0  # one event loop per process: no lock needed
        self.shed = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in NEVER_SHED:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            self.shed += 1
            await self._busy(scope, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1

    async def _busy(self, scope: Scope, send: Send) -> None:
        message = translate(negotiate_language(Request(scope)), BUSY)
        if scope["path"].startswith("/api/"):
            body, kind = json.dumps({"detail": message}).encode(), b"application/json"
        else:
            body, kind = message.encode(), b"text/plain; charset=utf-8"
        headers = [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
            (b"cache-control", b"no-store"),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
