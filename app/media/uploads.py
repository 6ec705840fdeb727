"""Multipart uploads parsed from the request stream: capped while reading, never whole in memory.

FastAPI's `UploadFile` spools the entire body before the handler runs, so a size
check there comes too late. `receive_multipart` reads `request.stream()` through
python-multipart's streaming parser instead, refuses as soon as a limit is passed
and writes the file part to disk in a worker thread, a batch at a time.
"""

import fcntl
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import anyio
from python_multipart import MultipartParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request

from app.core.config import MB, Settings
from app.core.db import release
from app.core.errors import DomainError, Invalid, TooLarge, Unsupported
from app.core.numbers import ascii_int
from app.media.models import MediaAsset
from app.media.service import MediaDetails, prepare_file, record_media

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

FILE_FIELD = "file"
FLUSH_BYTES = MB  # written to disk once this much is pending: memory stays flat
# Boundaries, part headers and the short text fields on top of the file itself.
FORM_OVERHEAD = 64 * 1024


def incoming_dir(settings: Settings) -> Path:
    """Where multipart uploads wait while they are received and ingested."""
    return settings.var_dir / "uploads" / "incoming"


@dataclass
class ReceivedForm:
    path: Path  # the `file` part on disk; the caller deletes it (see `discard`)
    filename: str | None  # as the client named it; only ever passed to safe_filename
    fields: dict[str, str]
    # Open, with an exclusive flock, until discarded: the sweeper leaves locked files
    # alone, and a crash releases the lock (app/media/leftovers.py).
    handle: BinaryIO

    def discard(self) -> None:
        """Delete the received file, once ingested or refused."""
        _remove(self.path, self.handle)


class ThreadedWriter:
    """Collects bytes on the event loop and writes them to a file in a worker thread."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.pending = bytearray()

    def add(self, data: bytes | memoryview) -> None:
        self.pending += data

    async def flush(self, *, force: bool = False) -> None:
        if self.pending and (force or len(self.pending) >= FLUSH_BYTES):
            data, self.pending = self.pending, bytearray()
            await anyio.to_thread.run_sync(self.handle.write, data)


def too_large(max_bytes: int) -> TooLarge:
    return TooLarge("Berkas terlalu besar; batasnya {limit} MB.", limit=max_bytes // MB)


def malformed() -> DomainError:
    return DomainError("Formulir unggahan rusak atau tidak lengkap.")  # 400


@dataclass
class _Form:
    """python-multipart callbacks that check every limit the moment it is passed."""

    writer: ThreadedWriter
    max_bytes: int
    max_fields: int
    max_field_bytes: int
    fields: dict[str, str] = field(default_factory=dict)
    filename: str | None = None
    file_seen: bool = False
    file_bytes: int = 0
    finished: bool = False
    _parts: int = 0
    _headers: dict[bytes, bytes] = field(default_factory=dict)
    _header_name: bytearray = field(default_factory=bytearray)
    _header_value: bytearray = field(default_factory=bytearray)
    _name: str | None = None  # the text field being read; None while in the file part
    _value: bytearray = field(default_factory=bytearray)

    def callbacks(self) -> "MultipartCallbacks":
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": lambda data, start, end: self._header_name.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self._header_value.extend(data[start:end]),
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_end": self.on_end,
        }

    def on_part_begin(self) -> None:
        self._parts += 1
        if self._parts > self.max_fields:  # raised mid-chunk: 2000 parts are never all read
            raise TooLarge(
                "Formulir berisi terlalu banyak isian; paling banyak {limit}.",
                limit=self.max_fields,
            )
        self._headers = {}

    def on_header_end(self) -> None:
        self._headers[bytes(self._header_name).strip().lower()] = bytes(self._header_value)
        self._header_name.clear()
        self._header_value.clear()

    def on_headers_finished(self) -> None:
        disposition, params = parse_options_header(self._headers.get(b"content-disposition"))
        if disposition != b"form-data" or b"name" not in params:
            raise malformed()
        name = params[b"name"].decode("utf-8", "replace")
        if name != FILE_FIELD and b"filename" not in params:
            self._name, self._value = name, bytearray()
            return
        if name != FILE_FIELD or self.file_seen:
            raise Invalid("Unggah satu berkas per permintaan, dalam isian `file`.")
        self.file_seen, self._name = True, None
        self.filename = params.get(b"filename", b"").decode("utf-8", "replace")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._name is None:
            self.file_bytes += end - start
            if self.file_bytes > self.max_bytes:
                raise too_large(self.max_bytes)
            self.writer.add(memoryview(data)[start:end])
        else:
            if len(self._value) + end - start > self.max_field_bytes:
                raise Invalid(
                    "Isian formulir terlalu panjang; paling banyak {limit} byte.",
                    limit=self.max_field_bytes,
                )
            self._value += data[start:end]

    def on_part_end(self) -> None:
        if self._name is not None:
            try:
                self.fields[self._name] = self._value.decode("utf-8")
            except UnicodeDecodeError:
                raise DomainError("Isian formulir harus berupa teks UTF-8.") from None

    def on_end(self) -> None:
        self.finished = True


def _boundary(request: Request, max_bytes: int) -> bytes:
    """The multipart boundary; refused before a single byte is read: another type (415),
    or a Content-Length beyond what the limit and the form's overhead allow (413)."""
    content_type, params = parse_options_header(request.headers.get("content-type"))
    boundary = params.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise Unsupported("Kirim unggahan sebagai multipart/form-data.")
    declared = request.headers.get("content-length")
    if declared is not None:
        length = ascii_int(declared)
        if length is None or length < 0:
            raise malformed()
        if length > max_bytes + FORM_OVERHEAD:
            raise too_large(max_bytes)
    return boundary


def _open_temp(work_dir: Path) -> tuple[Path, BinaryIO]:
    """A new file in `work_dir`, locked while it is written (the sweeper skips locked files)."""
    work_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=work_dir, prefix="form-", suffix=".part")
    fcntl.flock(fd, fcntl.LOCK_EX)
    return Path(name), os.fdopen(fd, "wb")


async def receive_multipart(
    request: Request,
    *,
    max_bytes: int,
    work_dir: Path,
    max_fields: int = 50,
    max_field_bytes: int = 20_000,
) -> ReceivedForm:
    """Read a multipart/form-data body with one `file` part into `work_dir`, within the limits.

    Raises 413 past `max_bytes` (or a larger Content-Length, before reading) or past
    `max_fields` parts; 415 for a body that is not multipart; 422 for a second file,
    a missing file or an overlong field; 400 for a malformed or interrupted body.
    Nothing is left in `work_dir` when it raises.
    """
    boundary = _boundary(request, max_bytes)
    body_limit = max_bytes + FORM_OVERHEAD
    path, handle = await anyio.to_thread.run_sync(_open_temp, work_dir)
    form = _Form(ThreadedWriter(handle), max_bytes, max_fields, max_field_bytes)
    try:
        parser = MultipartParser(boundary, form.callbacks())
        received = 0
        async for chunk in request.stream():
            received += len(chunk)
            if received > body_limit:  # e.g. an endless epilogue after the last boundary
                raise too_large(max_bytes)
            parser.write(chunk)
            await form.writer.flush()
        parser.finalize()
        await form.writer.flush(force=True)
        await anyio.to_thread.run_sync(handle.flush)
        if not form.finished:
            raise malformed()
        if form.file_seen and form.file_bytes == 0 and not form.filename:
            form.file_seen = False  # a browser form submitted without choosing a file
        if not form.file_seen:
            raise Invalid("Pilih berkas yang akan diunggah (isian `file`).")
    except FormParserError:
        _remove(path, handle)
        raise malformed() from None
    except ClientDisconnect:
        _remove(path, handle)
        raise DomainError("Unggahan terputus sebelum selesai; kirim ulang berkasnya.") from None
    except BaseException:
        _remove(path, handle)
        raise
    return ReceivedForm(path, form.filename, form.fields, handle)


def _remove(path: Path, handle: BinaryIO) -> None:
    # Synchronous on purpose: cleanup must also run when the task is being cancelled,
    # and closing plus unlinking one file is quick. Unlinked first, closed (unlocked)
    # after: the sweeper never sees the file unlocked.
    path.unlink(missing_ok=True)
    handle.close()


async def upload_to_library(
    request: Request,
    session: Session,
    *,
    booth_id: int,
    user_id: int | None,
    check_fields: Callable[[dict[str, str]], None] = lambda _fields: None,
    recheck: Callable[[Session], object] = lambda _session: None,
) -> tuple[MediaAsset, dict[str, str]]:
    """Stream a multipart upload to disk, through the media pipeline, then record it.

    The request's session hands its connection back first (the guards have used
    it): a slow or stalled body, the decoding and the storage writes hold no
    transaction and no pooled connection. Then `recheck` (the guards again, in the
    new transaction) and the rows, in one short write. `check_fields` sees the text
    fields before any checking or storing (the plain form's CSRF token). Returns the
    new media item and the form's text fields.
    """
    settings = request.app.state.settings
    await run_in_threadpool(release, session)
    form = await receive_multipart(
        request, max_bytes=settings.max_upload_mb * MB, work_dir=incoming_dir(settings)
    )
    try:
        check_fields(form.fields)
        details = MediaDetails(
            **{k: form.fields.get(k, "") for k in MediaDetails.__dataclass_fields__}
        )
        prepared = await run_in_threadpool(
            prepare_file,
            request.app.state.storage,
            settings,
            source=form.path,
            filename=form.filename,
            details=details,
        )
    finally:
        await anyio.to_thread.run_sync(form.discard)

    def record() -> MediaAsset:
        recheck(session)
        return record_media(session, prepared, booth_id=booth_id, uploaded_by_id=user_id)

    return await run_in_threadpool(record), form.fields
