"""The application factory: `create_app(settings)`."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from botocore.exceptions import BotoCoreError, ClientError
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import FileResponse, RedirectResponse, Response

from app.accounts import pages as accounts_pages
from app.accounts import pages_users as accounts_users_pages
from app.accounts.dependencies import CurrentUser, check_csrf
from app.accounts.sessions import SESSION_COOKIE
from app.booths import api as booths_api
from app.booths import api_halls as halls_api
from app.booths import api_media as media_api
from app.booths import api_regions as regions_api
from app.booths import pages_media as media_pages
from app.booths import serving, theme
from app.booths.dependencies import EditableBooth
from app.booths.service import booth_for_region, place_finished_upload
from app.chores import background_chores
from app.core.cache import PageCache
from app.core.cache_layer import PageCacheLayer
from app.core.chores import every
from app.core.config import Settings
from app.core.db import make_engine
from app.core.errors import DomainError, Invalid, NotAuthenticated, Unavailable
from app.core.i18n import N_, error_message, negotiate_language
from app.core.json_body import StrictJsonMiddleware
from app.core.paths import STATIC_DIR
from app.core.public import render_page
from app.core.security import SecurityHeadersMiddleware
from app.core.shedding import InFlightLimit
from app.core.static import CachedStaticFiles
from app.core.templating import render
from app.curation import api_halls as organizer_halls_api
from app.curation import api_lobby as organizer_lobby_api
from app.curation import api_regions as participation_api
from app.curation import pages as curation_pages
from app.curation import pages_audit as audit_pages
from app.curation import pages_exhibition as exhibition_pages
from app.curation import pages_halls as organizer_halls_pages
from app.curation import pages_import as roster_import_pages
from app.curation import pages_lobby as lobby_pages
from app.curation import pages_participants as participants_pages
from app.curation import pages_publication as publication_pages
from app.curation.publication import SubmissionRecords
from app.curation.roster import CampaignStatuses
from app.exhibition.service import SiteFrame, read_epoch
from app.guestbook import api as guestbook_api
from app.guestbook import pages as guestbook_pages
from app.guestbook import pages_moderation as guestbook_moderation_pages
from app.guestbook.like_counts import RecentLikeCounts
from app.guestbook.service import pending_count
from app.media.tus import tus_router
from app.moderation import api as moderation_api
from app.moderation import api_campaign as campaign_api
from app.moderation import pages as moderation_pages
from app.moderation import pages_campaign as campaign_pages
from app.moderation.campaign import region_statuses
from app.moderation.service import cancel_waiting_approvals
from app.moderation.views import open_submission_states, revision_proposals
from app.operations import readiness
from app.site import pages as site_pages
from app.site import pages_halls as site_halls_pages
from app.site.templating import install_template_globals
from app.storage import storage_from_url
from app.storage.base import StorageUnavailable
from app.workspace import api as workspace_api
from app.workspace import pages as workspace_pages

log = logging.getLogger(__name__)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(request: Request, status: int, message: str | None = None) -> Response:
    lang = negotiate_language(request)
    template = "errors/404.html" if status == 404 else "errors/error.html"
    if status >= 500:
        template = "errors/503.html" if status == 503 else "errors/500.html"
    try:
        body = render_page(request, lang, template, {"status": status, "message": message})
    except Exception:  # noqa: BLE001  (the error page must never fail itself)
        log.exception("error page failed")
        body = "<!doctype html><title>Pameran</title><p>Terjadi kesalahan. / An error occurred."
    return HTMLResponse(body, status_code=status)


# SQLSTATEs that mean "this database takes no writes now": read-only transaction (a
# standby, `default_transaction_read_only`), and the connection-exception class 08.
READ_ONLY_OR_GONE = ("25006", "08")
OUT_OF_RANGE = "22003"  # numeric_value_out_of_range
DATABASE_UNAVAILABLE = N_(
    "Basis data sedang tidak dapat menyimpan perubahan. Coba lagi sebentar lagi."
)


def _database_error(error: DBAPIError) -> DomainError | None:
    """The domain error a driver failure stands for, if it is not a bug of ours."""
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    if isinstance(error, OperationalError) or sqlstate.startswith(READ_ONLY_OR_GONE):
        # SQLite "database is locked" / "attempt to write a readonly database" /
        # "unable to open database file"; PostgreSQL unreachable, shut down, read-only.
        return Unavailable(DATABASE_UNAVAILABLE)
    if sqlstate == OUT_OF_RANGE:
        return Invalid("Angka di luar jangkauan.")
    return None


async def _domain_error(request: Request, error: DomainError) -> Response:
    message = error_message(request, error)
    if isinstance(error, Unavailable):
        log.warning("unavailable on %s: %r", request.url.path, error.__cause__ or error)
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=503, headers=error.headers)
        response = _error_page(request, 503, message)
        response.headers.update(error.headers)
        return response
    if _wants_json(request):
        return JSONResponse(
            {"detail": message}, status_code=error.status_code, headers=error.headers
        )
    if isinstance(error, NotAuthenticated):
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/login?next={target}", status_code=303)
    page = _error_page(request, error.status_code, message)
    page.headers.update(error.headers)
    return page


async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
    if _wants_json(request):
        return JSONResponse(
            {"detail": error.detail},
            status_code=error.status_code,
            headers=getattr(error, "headers", None),
        )
    return _error_page(request, error.status_code)


async def _invalid_request(request: Request, error: RequestValidationError) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": error.errors()}, status_code=422)
    return _error_page(request, 422)


async def _database_failure(request: Request, error: DBAPIError) -> Response:
    if (mapped := _database_error(error)) is None:
        return await _server_error(request, error)
    mapped.__cause__ = error
    return await _domain_error(request, mapped)


async def _no_connection(request: Request, error: PoolTimeout) -> Response:
    busy = Unavailable(DATABASE_UNAVAILABLE)
    busy.__cause__ = error
    return await _domain_error(request, busy)


async def _overflow(request: Request, error: OverflowError) -> Response:
    # SQLite's driver refuses integers past 64 bits with a bare OverflowError.
    return await _domain_error(request, Invalid("Angka di luar jangkauan."))


async def _storage_error(request: Request, error: Exception) -> Response:
    # Disk full, a removed or read-only media folder, an S3 store gone or refusing.
    unreachable = StorageUnavailable()
    unreachable.__cause__ = error
    return await _domain_error(request, unreachable)


async def _server_error(request: Request, error: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path, exc_info=error)
    if _wants_json(request):
        return JSONResponse({"detail": "Internal Server Error"}, status_code=500)
    return _error_page(request, 500)


ERROR_HANDLERS: list[tuple[type[Exception], Callable[[Request, Any], Awaitable[Response]]]] = [
    (DomainError, _domain_error),
    (StarletteHTTPException, _http_error),
    (RequestValidationError, _invalid_request),
    (DBAPIError, _database_failure),
    (PoolTimeout, _no_connection),
    (OverflowError, _overflow),
    (OSError, _storage_error),
    (BotoCoreError, _storage_error),
    (ClientError, _storage_error),
    (Exception, _server_error),
]


# The operators' probes and the files every site answers for, outside the API schema.
probes = APIRouter(include_in_schema=False)


@probes.get("/healthz")
async def healthz() -> Response:
    return Response("ok", media_type="text/plain")


@probes.get("/api/docs")
async def api_docs(request: Request) -> HTMLResponse:
    # FastAPI's own page loads Swagger UI from a CDN with an inline script: the CSP and
    # offline machines forbid both, so the vendored copy is started by a static file.
    openapi_url = request.app.openapi_url
    return HTMLResponse(render("public/api_docs.html", "en", openapi_url=openapi_url))


@probes.get("/favicon.ico")
async def favicon() -> Response:
    return FileResponse(
        STATIC_DIR / "favicon.ico", headers={"Cache-Control": "public, max-age=86400"}
    )


@probes.get("/robots.txt")
async def robots() -> Response:
    return Response("User-agent: *\nAllow: /\n", media_type="text/plain")


@probes.get("/readyz")
def readyz(request: Request) -> Response:
    if found := readiness.problems(request.app.state.engine, request.app.state.storage):
        return Response(
            "not ready\n" + "\n".join(found) + "\n",
            status_code=503,
            media_type="text/plain",
            headers={"Retry-After": str(Unavailable.retry_after_seconds)},
        )
    return Response("ready", media_type="text/plain")


ROUTERS = (
    probes,
    *(
        module.router
        for module in (
            guestbook_api,
            guestbook_pages,
            guestbook_moderation_pages,
            halls_api,
            regions_api,
            booths_api,
            accounts_pages,
            accounts_users_pages,
            participation_api,
            curation_pages,
            organizer_halls_api,
            organizer_lobby_api,
            exhibition_pages,
            lobby_pages,
            roster_import_pages,  # before participants_pages: see its router
            participants_pages,
            organizer_halls_pages,
            publication_pages,
            audit_pages,
            site_halls_pages,
            site_pages,
            serving,
            theme,
            media_api,
            media_pages,
            moderation_api,
            moderation_pages,
            campaign_api,
            campaign_pages,
        )
    ),
    workspace_api.router,
    booths_api.workspace,
    guestbook_api.moderation,
    workspace_pages.router,
)


def _install_state(app: FastAPI, settings: Settings, engine: Engine) -> None:
    """What the requests share (`app.state`), and what core and the domains need handed in."""
    app.state.settings = settings
    app.state.engine = engine
    app.state.storage = storage_from_url(settings.storage_url)
    app.state.page_cache = PageCache(
        lambda: read_epoch(engine),
        max_entries=settings.page_cache_entries,
        epoch_ttl=settings.epoch_ttl_seconds,
    )
    app.state.site_globals = SiteFrame(engine, lambda: app.state.page_cache.known_epoch)
    app.state.session_cookie = SESSION_COOKIE
    app.state.on_region_bound = booth_for_region  # accounts' region binding (RegionHook)
    app.state.like_counts = RecentLikeCounts()
    app.state.page_view_hooks = []  # called for every anonymous view of a cached page
    # What one L5 domain shows or sets going of another, handed in here (DESIGN.md §7).
    app.state.guestbook_waiting = pending_count  # moderation's queue tab
    app.state.campaign_statuses = CampaignStatuses(  # the roster's status filter
        of_regions=region_statuses, labels=campaign_pages.STATUS_LABELS
    )
    app.state.submission_records = SubmissionRecords(  # curation's publication overview
        open_states=open_submission_states,
        proposals=revision_proposals,
        cancel_waiting=cancel_waiting_approvals,
    )


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(StrictJsonMiddleware)
    # Innermost first: cache hits never wait for, or count against, the in-flight bound,
    # and both get the security headers.
    app.add_middleware(InFlightLimit, limit=settings.max_in_flight)
    app.add_middleware(
        PageCacheLayer,
        cache=app.state.page_cache,
        session_cookie=app.state.session_cookie,
        on_view=app.state.page_view_hooks,
    )
    app.add_middleware(SecurityHeadersMiddleware, settings=settings)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    install_template_globals()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        chores = [
            asyncio.create_task(every(chore.every_seconds, chore.run))
            for chore in background_chores(app.state)
        ]
        yield
        for chore in chores:
            chore.cancel()
        engine.dispose()

    app = FastAPI(
        title="Pameran API", version="1", lifespan=lifespan, docs_url=None, redoc_url=None
    )
    _install_state(app, settings, engine)
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(
        tus_router(EditableBooth, CurrentUser, check_csrf, on_complete=place_finished_upload)
    )
    app.mount("/static", CachedStaticFiles(directory=STATIC_DIR), name="static")
    for error, handler in ERROR_HANDLERS:
        app.add_exception_handler(error, handler)
    _add_middleware(app, settings)
    return app
