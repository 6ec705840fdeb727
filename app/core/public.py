"""Public HTML pages: cached per (path, used parameters, language, epoch); the language cookie."""

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from app.core.cache import CachedPage, PageCache, PageParams, page_key
from app.core.cache_layer import ONE_YEAR, answer_for, params_of, request_epoch
from app.core.csrf import csrf_token, set_csrf_cookie
from app.core.errors import NotFound
from app.core.i18n import LANG_COOKIE, LANGUAGES, negotiate_language, requested_language
from app.core.templating import render

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


def page_context(
    request: Request, lang: str, query: Sequence[tuple[str, str]] | None = None
) -> dict[str, Any]:
    """What base.html needs on every page (`query`: the request's own by default)."""
    return path_context(
        str(request.app.state.settings.base_url),
        request.url.path,
        lang,
        request.query_params.multi_items() if query is None else query,
    )


def render_page(
    request: Request,
    lang: str,
    template: str,
    context: dict[str, Any],
    query: Sequence[tuple[str, str]] | None = None,
) -> str:
    # The composition root may hand in what every page's frame shows from the database.
    site_globals = getattr(request.app.state, "site_globals", None)
    frame = site_globals(lang) if site_globals else {}
    return render(template, lang, **page_context(request, lang, query), **frame, **context)


def _build(request: Request, builder: PageBuilder, lang: str, used_query: str) -> CachedPage:
    with Session(request.app.state.engine) as session:
        try:
            template, context = builder(session, lang)
            status = 200
        except NotFound:
            template, context, status = "errors/404.html", {}, 404
    query = parse_qsl(used_query)
    return CachedPage.of(render_page(request, lang, template, context, query).encode(), status)


def respond(request: Request, page: CachedPage, lang: str) -> Response:
    """The page as the cache layer in front of the app would answer it."""
    status, headers, body = answer_for(request, page, lang)
    response = Response(status_code=status)
    response.body = b"" if request.method == "HEAD" else body
    response.raw_headers = headers
    return response


def remember_language(request: Request, response: Response, lang: str) -> None:
    """Keep a `?lang=` choice in a cookie (once, not on every page)."""
    if requested_language(request) and request.cookies.get(LANG_COOKIE) != lang:
        set_language_cookie(response, lang)


def set_language_cookie(response: Response, lang: str) -> None:
    """The pages' language from now on (a `?lang=` choice, or a person's own setting)."""
    response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="lax")


def declared_params(request: Request) -> PageParams:
    """The parameters the endpoint serving `request` declared with `cached_page`."""
    params = params_of(request.scope.get("endpoint"))
    if params is None:  # the key would ignore parameters the page reads
        raise RuntimeError(
            f"{request.url.path}: a public page declares the query parameters it reads "
            "with @cached_page(...) (app/core/cache_layer.py)"
        )
    return params


async def public_page(request: Request, builder: PageBuilder) -> Response:
    """Serve a page every visitor sees alike, rendering it once per epoch.

    Anonymous hits are normally answered by `PageCacheLayer` before they get here.
    """
    lang = negotiate_language(request)
    params = declared_params(request)
    used = params.used_query(request.scope["query_string"].decode("latin-1"))
    cache: PageCache = request.app.state.page_cache
    # The composition root names the session cookie: signed-in people may see their own bits.
    if request.app.state.session_cookie in request.cookies:
        fresh = await run_in_threadpool(_build, request, builder, lang, used)
        return respond(request, fresh, lang)
    epoch = await request_epoch(request, cache)
    key = page_key(request.scope["path"], params, used, lang, epoch)
    page = cache.get(key)
    if page is None:
        page = await run_in_threadpool(_build, request, builder, lang, used)
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
