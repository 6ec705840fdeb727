"""One JSON parser for request bodies: finite numbers within 64 bits, or a 422.

Python's `json.loads` (which Starlette's `Request.json()` uses) accepts `NaN`,
`Infinity` and `1e309` (read as inf) and integers of any size: values that no database
column or JSON response can hold, so they surfaced as 500s wherever they reached.
This middleware refuses them before any route sees the body, for every JSON route.
"""

import json
import math
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.numbers import MAX_INT


class _OutOfRange(ValueError):
    pass


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _OutOfRange(text)
    return value


def _bounded_int(text: str) -> int:
    # Compared by length first: int() of a huge digit string is itself slow.
    if len(text.lstrip("-")) > 19 or abs(int(text)) > MAX_INT:
        raise _OutOfRange(text)
    return int(text)


def _refuse_constant(text: str) -> Any:
    raise _OutOfRange(text)


def strict_json_loads(body: bytes | str) -> Any:
    """`json.loads` that raises ValueError on NaN, ±Infinity, overflowing floats and
    integers beyond 64 bits."""
    return json.loads(
        body, parse_float=_finite_float, parse_int=_bounded_int, parse_constant=_refuse_constant
    )


def _is_json(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-type":
            media = value.split(b";")[0].strip().lower()
            return media == b"application/json" or media.endswith(b"+json")
    return False


class StrictJsonMiddleware:
    """Reads JSON bodies whole (FastAPI does so anyway), checks them, hands them on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            if body:
                strict_json_loads(body)
        except _OutOfRange as error:
            await _refuse(send, f"Angka di luar jangkauan: {str(error)[:40]}")
            return
        except ValueError:
            pass  # malformed JSON: FastAPI answers it with its own 422
        await self.app(scope, _replay([{"type": "http.request", "body": body}], receive), send)


def _replay(messages: list[Message], receive: Receive | None = None) -> Receive:
    async def replayed() -> Message:
        if messages:
            return messages.pop(0)
        if receive is None:
            return {"type": "http.disconnect"}
        return await receive()

    return replayed


async def _refuse(send: Send, message: str) -> None:
    body = json.dumps(
        {"detail": [{"type": "json_invalid", "loc": ["body"], "msg": message}]}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 422,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
