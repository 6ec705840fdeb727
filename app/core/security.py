"""Security headers on every response (OWASP ASVS level 2 for this kind of app)."""

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import Settings

VIDEO_FRAMES = "https://www.youtube-nocookie.com https://player.vimeo.com"
# The OpenAPI tag of JSON that is the same for everyone (live content): only routes
# tagged so may be kept by browsers and proxies; every other /api/ answer is private.
PUBLIC_TAG = "public"
NO_STORE = "no-store"


def is_private_json(scope: Scope) -> bool:
    """An /api/ answer that is not public live content (no route matched: private too)."""
    if not scope["path"].startswith("/api/"):
        return False
    return PUBLIC_TAG not in (getattr(scope.get("route"), "tags", None) or ())


def content_security_policy(settings: Settings) -> str:
    media_origins = "'self'"
    if settings.storage_url.startswith("s3://"):  # presigned redirects go to the store
        endpoint = dict(
            p.split("=", 1) for p in urlsplit(settings.storage_url).query.split("&") if "=" in p
        ).get("endpoint_url", "https://*.amazonaws.com")
        parts = urlsplit(endpoint)
        media_origins += f" {parts.scheme}://{parts.netloc}"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        # blob: for the thumbnails the upload widget draws of files not yet sent
        f"img-src {media_origins} data: blob:; media-src {media_origins}; font-src 'self'; "
        f"frame-src {VIDEO_FRAMES}; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


class SecurityHeadersMiddleware:
    """A plain ASGI middleware: cheap enough for the cached hot path."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.headers = {
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "Cross-Origin-Opener-Policy": "same-origin",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
            "Content-Security-Policy": content_security_policy(settings),
        }
        if settings.https:
            self.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:  # media keep their own, stricter CSP
                        headers[name] = value
                # Decided here, once, rather than by each route that might forget.
                if is_private_json(scope) and NO_STORE not in headers.get("cache-control", ""):
                    headers["Cache-Control"] = NO_STORE
            await send(message)

        await self.app(scope, receive, send_with_headers)
