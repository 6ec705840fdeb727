"""The page cache in front of the app: anonymous hits answered before routing.

A cached public page costs a dictionary lookup, so it should not pay for routing,
dependency injection and the exception layers on every view. `PageCacheLayer` is
a plain ASGI middleware that knows the cached pages (the routes declared with
`cached_page`), reduces their query string to the parameters they declare, and
answers anonymous GET/HEAD requests from the `PageCache` itself. Misses, and
requests with a session cookie, go on to the app, which renders and stores the
page under the same key (`app.core.public.public_page`).

Every anonymous view of a cached page, hit or miss, is reported to the `on_view`
hooks (`app.state.page_view_hooks`), so that counting views, cached ones included,
needs no second pass over the requests. Hooks run after the answer is sent and
must be quick (append to a buffer, not write to the database).
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.cache import CachedPage, PageCache, PageParams, page_key
from app.core.i18n import LANG_COOKIE, LANGUAGES, negotiate_language, requested_language

PAGE_PARAMS = "page_params"  # the attribute `cached_page` puts on an endpoint
EPOCH_STATE = "page_epoch"  # request.state.page_epoch: the epoch the layer read
ONE_YEAR = 365 * 24 * 3600
# Shared caches (nginx) may keep a page this long; browsers revalidate every time
# (max-age=0, with the ETag). A publication is then everywhere within about a second.
SHARED_MAX_AGE = 1
PAGE_CACHE_CONTROL = f"public, max-age=0, s-maxage={SHARED_MAX_AGE}"
# Errors (a booth not yet published) are not kept anywhere: it may appear any moment.
ERROR_CACHE_CONTROL = "no-cache"
VARY = "Accept-Encoding, Accept-Language, Cookie"

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])
Answer = tuple[int, list[tuple[bytes, bytes]], bytes]  # status, headers, body


# Every cached page of the app: its path pattern and the parameters it reads. Filled
# at import time by `cached_page`, as the routes themselves are.
CACHED_PAGES: list[tuple[re.Pattern[str], PageParams]] = []


def cached_page(router: APIRouter, path: str, *names: str) -> Callable[[Endpoint], Endpoint]:
    """Route GET `path` to a cached public page that reads the query parameters `names`.

    Only these (and `lang`) reach the page; the cache key holds them, normalised,
    and `PageCacheLayer` answers anonymous hits without routing.
    """
    if router.prefix:  # the pattern below would miss the prefix
        raise ValueError("cached pages live on routers without a prefix")
    params = PageParams(tuple(names))
    CACHED_PAGES.append((compile_path(path)[0], params))

    def register(endpoint: Endpoint) -> Endpoint:
        setattr(endpoint, PAGE_PARAMS, params)
        return router.get(path, include_in_schema=False)(endpoint)

    return register


def params_of(endpoint: object) -> PageParams | None:
    """What `cached_page` declared on `endpoint`, or None for any other route."""
    params = getattr(endpoint, PAGE_PARAMS, None)
    return params if isinstance(params, PageParams) else None


async def request_epoch(request: Request, cache: PageCache) -> int:
    """The epoch this request is served in: the one the layer read, else a fresh read."""
    epoch = getattr(request.state, EPOCH_STATE, None)
    return epoch if isinstance(epoch, int) else await cache.epoch()


def _cookie_header(lang: str) -> bytes:
    response = Response()
    response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="lax")
    return response.headers["set-cookie"].encode("latin-1")


_LANG_COOKIES = {lang: _cookie_header(lang) for lang in LANGUAGES}


def page_answer(
    page: CachedPage, lang: str, *, if_none_match: str, gzip_ok: bool, remember_lang: bool
) -> Answer:
    """Status, headers and body of `page` for one request: 304, gzip or plain."""
    ok = page.status_code == 200
    headers = [
        (b"etag", page.etag.encode()),
        (b"cache-control", (PAGE_CACHE_CONTROL if ok else ERROR_CACHE_CONTROL).encode()),
        (b"vary", VARY.encode()),
        (b"content-language", lang.encode()),
    ]
    if remember_lang:
        headers.append((b"set-cookie", _LANG_COOKIES[lang]))
    if ok and page.etag in if_none_match:
        return 304, headers, b""
    body = page.body
    if gzip_ok:
        headers.append((b"content-encoding", b"gzip"))
        body = page.gzipped
    headers += [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]
    return page.status_code, headers, body


def answer_for(request: Request, page: CachedPage, lang: str) -> Answer:
    """`page_answer` with what the request says about validators, gzip and language."""
    return page_answer(
        page,
        lang,
        if_none_match=request.headers.get("if-none-match", ""),
        gzip_ok="gzip" in request.headers.get("accept-encoding", ""),
        remember_lang=bool(requested_language(request))
        and request.cookies.get(LANG_COOKIE) != lang,
    )


@dataclass(frozen=True)
class PageView:
    """One anonymous view of a cached page, as the hooks see it."""

    scope: Scope
    lang: str
    status_code: int
    from_cache: bool


ViewHook = Callable[[PageView], None]


class PageCacheLayer:
    """Answer anonymous GET/HEAD requests for cached pages from the page cache."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        cache: PageCache,
        session_cookie: str,
        pages: Sequence[tuple[re.Pattern[str], PageParams]] = CACHED_PAGES,
        on_view: list[ViewHook] | None = None,
    ) -> None:
        self.app = app
        self.cache = cache
        self.session_cookie = session_cookie
        # Kept by reference: hooks added after start-up (app.state.page_view_hooks) count.
        self.on_view = on_view if on_view is not None else []
        self.pages = pages

    def _params(self, path: str) -> PageParams | None:
        for pattern, params in self.pages:
            if pattern.match(path):
                return params
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        params = self._params(scope["path"])
        if params is None:
            await self.app(scope, receive, send)
            return
        # The page sees only what it declared: junk parameters cannot reach its links.
        query = scope["query_string"].decode("latin-1")
        used = params.used_query(query)
        if used != query:
            scope = {**scope, "query_string": used.encode("latin-1")}
        request = Request(scope)
        if self.session_cookie in request.cookies:
            await self.app(scope, receive, send)
            return
        lang = negotiate_language(request)
        page = self.cache.get(page_key(scope["path"], params, used, lang, await self._epoch(scope)))
        if page is None:
            await self._render(scope, receive, send, lang)
            return
        status, headers, body = answer_for(request, page, lang)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
        self._viewed(PageView(scope, lang, status, from_cache=True))

    async def _epoch(self, scope: Scope) -> int:
        # Remembered for the app, so that a miss reads the epoch once, not twice.
        epoch = await self.cache.epoch()
        scope.setdefault("state", {})[EPOCH_STATE] = epoch
        return epoch

    async def _render(self, scope: Scope, receive: Receive, send: Send, lang: str) -> None:
        if not self.on_view:
            await self.app(scope, receive, send)
            return
        status = 500

        async def send_seeing_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, send_seeing_status)
        self._viewed(PageView(scope, lang, status, from_cache=False))

    def _viewed(self, view: PageView) -> None:
        for hook in self.on_view:
            hook(view)
