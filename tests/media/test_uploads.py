"""Multipart uploads are capped while they are read, and leave nothing behind when refused."""

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.core.errors import DomainError
from app.media.uploads import FORM_OVERHEAD, receive_multipart
from tests.media._asgi import Answer, Body, asgi_request

CAP = 256 * 1024
BOUNDARY = "pameran-test-boundary"
MULTIPART = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
END = f"--{BOUNDARY}--\r\n".encode()


def part(name: str, value: bytes, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    kind = "Content-Type: application/octet-stream\r\n" if filename is not None else ""
    head = f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n{kind}\r\n"
    return head.encode() + value + b"\r\n"


@pytest.fixture
def work_dir(tmp_path: Path) -> Path:
    return tmp_path / "incoming"


@pytest.fixture
def upload_app(work_dir: Path) -> FastAPI:
    app = FastAPI()

    @app.exception_handler(DomainError)
    async def domain_error(_request: Request, error: DomainError) -> JSONResponse:
        return JSONResponse({"detail": error.message}, status_code=error.status_code)

    @app.post("/upload")
    async def upload(request: Request) -> dict[str, object]:
        form = await receive_multipart(request, max_bytes=CAP, work_dir=work_dir)
        assert form.path is not None
        data = form.path.read_bytes()
        form.discard()
        return {
            "filename": form.filename,
            "fields": form.fields,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }

    return app


def post(app: FastAPI, body: bytes | Body, headers: dict[str, str] | None = None) -> Answer:
    """POST to /upload; bytes go with their Content-Length, a Body without one (chunked)."""
    headers = MULTIPART | (headers or {})
    if isinstance(body, bytes):
        headers.setdefault("content-length", str(len(body)))
        body = Body([body])
    return asgi_request(app, "POST", "/upload", headers, body)


def left_behind(work_dir: Path) -> list[Path]:
    return list(work_dir.iterdir()) if work_dir.exists() else []


def test_a_normal_upload_returns_the_file_and_the_fields(
    upload_app: FastAPI, work_dir: Path
) -> None:
    data = bytes(range(256)) * 1000  # 256,000 bytes, boundary-like bytes included
    body = (
        part("alt_text", b"Balai kota di Tomohon")
        + part("file", data, "foto balai.jpg")
        + part("caption", "Dipotret tahun 2025 — sore hari".encode())
        + END
    )
    answer = post(upload_app, body)
    assert answer.status == 200, answer.body
    assert json.loads(answer.body) == {
        "filename": "foto balai.jpg",
        "fields": {
            "alt_text": "Balai kota di Tomohon",
            "caption": "Dipotret tahun 2025 — sore hari",
        },
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    assert left_behind(work_dir) == []


def test_a_declared_length_over_the_cap_is_refused_before_reading(
    upload_app: FastAPI, work_dir: Path
) -> None:
    size = CAP + FORM_OVERHEAD + 1
    body = Body([b"x" * size])
    answer = post(upload_app, body, {"content-length": str(size)})
    assert answer.status == 413
    assert body.taken == 0
    assert left_behind(work_dir) == []


def test_a_file_over_the_cap_is_refused_while_streaming_without_content_length(
    upload_app: FastAPI, work_dir: Path
) -> None:
    chunk = 16 * 1024

    def endless() -> Iterator[bytes]:
        yield part("alt_text", b"teks")[:-2] + f"\r\n--{BOUNDARY}\r\n".encode()
        yield b'Content-Disposition: form-data; name="file"; filename="big.mp4"\r\n\r\n'
        while True:
            yield b"\0" * chunk

    body = Body(endless())
    answer = post(upload_app, body)
    assert answer.status == 413
    assert body.taken <= CAP // chunk + 4  # stopped at the cap, not at the end
    assert left_behind(work_dir) == []


def test_a_file_one_byte_over_the_cap_is_refused_whatever_content_length_says(
    upload_app: FastAPI, work_dir: Path
) -> None:
    body = part("file", b"\0" * (CAP + 1), "big.bin") + END  # declared length is accurate
    answer = post(upload_app, body)
    assert answer.status == 413
    assert left_behind(work_dir) == []


def test_two_thousand_fields_are_cut_off_early(upload_app: FastAPI, work_dir: Path) -> None:
    body = Body(part(f"f{i}", b"v") for i in range(2000))
    answer = post(upload_app, body)
    assert answer.status == 413
    assert body.taken <= 52
    assert left_behind(work_dir) == []


def test_two_thousand_fields_in_one_chunk_are_refused(upload_app: FastAPI, work_dir: Path) -> None:
    body = b"".join(part(f"f{i}", b"v") for i in range(2000)) + END
    answer = post(upload_app, body)
    assert answer.status == 413
    assert left_behind(work_dir) == []


def test_two_thousand_file_parts_are_cut_off_at_the_second(
    upload_app: FastAPI, work_dir: Path
) -> None:
    body = Body(part("file", b"\xff\xd8\xff" * 100, f"{i}.jpg") for i in range(2000))
    answer = post(upload_app, body)
    assert answer.status == 422
    assert body.taken <= 3
    assert left_behind(work_dir) == []


@pytest.mark.parametrize(
    "body, status",
    [
        (part("alt_text", b"tanpa berkas") + END, 422),  # no file
        (part("file", b"", "") + END, 422),  # a browser form with no file chosen
        (part("file", b"x", "a.jpg") + part("extra", b"y", "b.jpg") + END, 422),  # second file
        (part("file", b"x", "a.jpg") + part("caption", b"k" * 20_001) + END, 422),  # overlong
        (part("file", b"x", "a.jpg") + part("caption", b"\xff\xfe") + END, 400),  # not UTF-8
        (part("file", b"x" * 1000, "a.jpg"), 400),  # truncated: no closing boundary
        (b"this is not multipart at all", 400),
        (
            f"--{BOUNDARY}\r\nContent-Disposition: attachment\r\n\r\nx\r\n".encode() + END,
            400,
        ),
    ],
    ids=["missing", "empty", "second-file", "overlong", "not-utf8", "truncated", "garbage", "disp"],
)
def test_bad_forms_are_refused_and_leave_nothing(
    upload_app: FastAPI, work_dir: Path, body: bytes, status: int
) -> None:
    answer = post(upload_app, body)
    assert answer.status == status, answer.body
    assert left_behind(work_dir) == []


@pytest.mark.parametrize(
    "content_type", ["application/json", "multipart/form-data", "application/x-www-form-urlencoded"]
)
def test_a_body_that_is_not_multipart_is_refused(upload_app: FastAPI, content_type: str) -> None:
    answer = post(upload_app, b"{}", {"content-type": content_type})
    assert answer.status == 415


def test_a_dropped_connection_leaves_nothing(upload_app: FastAPI, work_dir: Path) -> None:
    body = Body([part("file", b"\0" * 50_000, "a.mp4")], then="disconnect")
    assert post(upload_app, body).status == 400
    assert left_behind(work_dir) == []
