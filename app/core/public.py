"""Public HTML pages: cached per (path, language, epoch), ETags, language cookie."""

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from app.accounts.sessions import SESSION_COOKIE, csrf_token, set_csrf_cookie
from app.core.cache import CachedPage, PageCache
from app.core.errors import NotFound
from app.core.i18n import LANG_COOKIE, LANGUAGES, negotiate_language, requested_language
from app.core.templating import render

ONE_YEAR = 365 * 24 * 3600

# Builds (template name, context) from a database session and a language.
PageBuilder = Callable[[Session, str], tuple[str, dict[str, Any]]]


def path_context(
    base_url: str, path: str, lang: str, query: Sequence[tuple[str, str]] = ()
) -> dict[str, Any]:
    """What base.html needs on every page: `path` in each language (the query kept)."""
    base = base_url.rstrip("/")
    kept = [(k, v) for k, v in query if k != "lang"]
    urls = {code: f"{path}?{urlencode([*kept, ('lang', code)])}" for code in LANGUAGES}
    return {
        "request_path": path,
        "lang_urls": urls,
        "alternate_urls": {k: base + v for k, v in urls.items()},
        "canonical_url": base + urls[lang],
    }


def page_context(request: Request, lang: str) -> dict[str, Any]:
    """What base.html needs on every page."""
    return path_context(
        str(request.app.state.settings.base_url),
        request.url.path,
        lang,
        request.query_params.multi_items(),
    )


def render_page(request: Request, lang: str, template: str, context: dict[str, Any]) -> str:
    # The composition root may hand in what every page's frame shows from the database.
    site_globals = getattr(request.app.state, "site_globals", None)
    frame = site_globals(lang) if site_globals else {}
    return render(template, lang, **page_context(request, lang), **frame, **context)


def _build(request: Request, builder: PageBuilder, lang: str) -> CachedPage:
    with Session(request.app.state.engine) as session:
        try:
            template, context = builder(session, lang)
            status = 200
        except NotFound:
            template, context, status = "errors/404.html", {}, 404
    return CachedPage.of(render_page(request, lang, template, context).encode(), status)


def respond(request: Request, page: CachedPage, lang: str) -> Response:
    headers = {
        "ETag": page.etag,
        "Cache-Control": "no-cache",
        "Vary": "Accept-Encoding, Accept-Language, Cookie",
        "Content-Language": lang,
    }
    if page.status_code == 200 and page.etag in request.headers.get("if-none-match", ""):
        response: Response = Response(status_code=304, headers=headers)
    elif "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        response = HTMLResponse(page.gzipped, status_code=page.status_code, headers=headers)
    else:
        response = HTMLResponse(page.body, status_code=page.status_code, headers=headers)
    remember_language(request, response, lang)
    return response


def remember_language(request: Request, response: Response, lang: str) -> None:
    """Keep a `?lang=` choice in a cookie (once, not on every page)."""
    if requested_language(request) and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="lax")


async def public_page(request: Request, builder: PageBuilder) -> Response:
    """Serve a page every visitor sees alike, rendering it once per epoch."""
    lang = negotiate_language(request)
    cache: PageCache = request.app.state.page_cache
    if SESSION_COOKIE in request.cookies:  # signed-in people may see their own bits
        return respond(request, await run_in_threadpool(_build, request, builder, lang), lang)
    key = (str(request.url.path) + "?" + request.url.query, lang, await cache.epoch())
    page = cache.get(key)
    if page is None:
        page = await run_in_threadpool(_build, request, builder, lang)
        if page.status_code == 200:
            cache.put(key, page)
    return respond(request, page, lang)


def private_page(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """A page for one person (forms, workspace): never cached, with a CSRF token."""
    lang = negotiate_language(request)
    viewer = getattr(request.state, "viewer", None)
    body = render_page(
        request, lang, template, {"csrf_token": csrf_token(request), "viewer": viewer, **context}
    )
    response = HTMLResponse(
        body,
        status_code=status_code,
        headers={"Cache-Control": "private, no-store", "Content-Language": lang},
    )
    set_csrf_cookie(request, response)
    remember_language(request, response, lang)
    return response
