"""Static files with long-lived caching (URLs carry a hash) and gzip for text."""

import gzip
from functools import cache
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt"}
IMMUTABLE = "public, max-age=31536000, immutable"


@cache
def _gzipped(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


class CachedStaticFiles(StaticFiles):
    def file_response(
        self, full_path, stat_result, scope: Scope, status_code: int = 200
    ) -> Response:  # type: ignore[no-untyped-def, override]
        path = Path(full_path)
        accepts_gzip = "gzip" in Headers(scope=scope).get("accept-encoding", "")
        if path.suffix in COMPRESSIBLE and accepts_gzip:
            body = _gzipped(path, stat_result.st_mtime)
            media_type = {
                ".css": "text/css",
                ".js": "text/javascript",
                ".svg": "image/svg+xml",
                ".json": "application/json",
                ".txt": "text/plain",
            }[path.suffix]
            return Response(
                body,
                media_type=media_type,
                headers={
                    "Content-Encoding": "gzip",
                    "Cache-Control": IMMUTABLE,
                    "Vary": "Accept-Encoding",
                },
            )
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = IMMUTABLE
        return response
