"""A standalone app around `receive_multipart`, for bench_upload: no accounts, no database.

uvicorn tests.perf._upload_app:app        # PAMERAN_MAX_UPLOAD_MB and PAMERAN_VAR_DIR apply
"""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.core.config import MB, Settings
from app.core.errors import DomainError
from app.media.uploads import incoming_dir, receive_multipart

settings = Settings()
app = FastAPI()


@app.exception_handler(DomainError)
async def domain_error(_request: Request, error: DomainError) -> JSONResponse:
    return JSONResponse({"detail": error.message}, status_code=error.status_code)


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/upload")
async def upload(request: Request) -> dict[str, object]:
    form = await receive_multipart(
        request, max_bytes=settings.max_upload_mb * MB, work_dir=incoming_dir(settings)
    )
    size = form.path.stat().st_size if form.path else 0
    form.discard()
    return {"size": size, "fields": form.fields}
