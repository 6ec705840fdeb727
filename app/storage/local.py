"""Blobs on the local filesystem, fanned out by the first hash characters."""

import fcntl
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from app.storage.base import (
    PROBE_BYTES,
    PROBE_PREFIX,
    BlobInfo,
    BlobMissing,
    StorageUnavailable,
    is_blob_key,
)

TEMPORARY_PREFIX = ".incoming-"


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / key[2:4] / key

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        target = self._path(key)
        if target.exists():
            # The same bytes again: a fresh modification time keeps `storage check
            # --delete-orphans` from sweeping an old orphan that a row is about to use.
            try:
                os.utime(target)
                return
            except FileNotFoundError:
                pass  # swept in between: write it again below
            except OSError:
                return  # e.g. a read-only mount: the blob is there, that is what counts
        if not self.root.is_dir():
            # Removed or unmounted: recreating it would scatter new blobs on the wrong disk.
            raise StorageUnavailable()
        target.parent.mkdir(parents=True, exist_ok=True)
        # Copy beside the target, then rename: a reader never sees half a blob. The
        # lock tells the sweeper the copy is alive; a crash releases it.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TEMPORARY_PREFIX)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            with os.fdopen(fd, "wb") as out, path.open("rb") as src:
                shutil.copyfileobj(src, out, 1024 * 1024)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise (BlobMissing() if self.root.is_dir() else StorageUnavailable()) from None

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def presigned_url(self, key: str, *, filename: str | None = None) -> str | None:
        return None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def iter_blobs(self) -> Iterator[BlobInfo]:
        for path in self.root.glob("*/*/*"):
            key = path.name
            # Only blobs at their own place: temporary `.incoming-*` files and anything
            # else below the root (say var/uploads when the root is var/) are not blobs.
            if is_blob_key(key) and path.parent.parts[-2:] == (key[:2], key[2:4]):
                try:
                    stat = path.stat()
                except FileNotFoundError:  # deleted while listing
                    continue
                yield BlobInfo(
                    key=key,
                    size=stat.st_size,
                    modified_at=datetime.fromtimestamp(stat.st_mtime, UTC),
                )

    def temporary_files(self) -> Iterator[Path]:
        return self.root.glob(f"*/*/{TEMPORARY_PREFIX}*")

    def prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    def check(self) -> None:
        # Into the root itself, never creating it: a removed (or unmounted) media folder
        # must fail here rather than be silently recreated, empty.
        if not self.root.is_dir():
            raise OSError(f"media folder is missing: {self.root}")
        probe = self.root / f"{PROBE_PREFIX}{os.getpid()}-{uuid.uuid4().hex}"
        try:
            probe.write_bytes(PROBE_BYTES)
            if probe.read_bytes() != PROBE_BYTES:
                raise OSError(f"media folder does not read back what it stored: {self.root}")
        finally:
            probe.unlink(missing_ok=True)
