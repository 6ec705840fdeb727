"""Content-addressed, immutable blob storage behind one interface."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import quote

from app.core.errors import NotFound, Unavailable
from app.core.i18n import N_

# Written, read back and deleted by `check()`: not a blob key, so never listed or swept.
PROBE_PREFIX = ".pameran-probe-"
PROBE_BYTES = b"pameran readiness probe"


class BlobMissing(NotFound):
    """A blob the database names is not in the store: its media URL answers 404."""

    def __init__(self) -> None:
        super().__init__("Media tidak ditemukan.")


class StorageUnavailable(Unavailable):
    """The store cannot be reached or written."""

    def __init__(self) -> None:
        super().__init__(
            N_("Penyimpanan media sedang tidak dapat dijangkau. Coba lagi sebentar lagi.")
        )


def attachment_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback (no quotes, no non-ASCII) plus the exact name."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


# `<sha256>.<ext>`: anything else in the store (temporary files, other programs'
# objects in a shared bucket) is not ours and never listed, checked or deleted.
BLOB_KEY = re.compile(r"^[0-9a-f]{64}\.[a-z0-9]{2,5}\Z")


def is_blob_key(name: str) -> bool:
    return BLOB_KEY.fullmatch(name) is not None


@dataclass(frozen=True)
class BlobInfo:
    key: str
    size: int
    # When the blob was written (its file's or object's modification time), if known.
    modified_at: datetime | None = None


class Storage(Protocol):
    """Blobs are keyed `<sha256>.<ext>` and never change once written."""

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        """Store a local file under `key` (a no-op when the key exists)."""

    def exists(self, key: str) -> bool: ...

    def open(self, key: str) -> BinaryIO:
        """A readable, seekable stream of the blob."""

    def size(self, key: str) -> int: ...

    def local_path(self, key: str) -> Path | None:
        """The blob's file when it lives on this machine's disk, else None."""

    def presigned_url(self, key: str, *, filename: str | None = None) -> str | None:
        """A short-lived direct URL for the blob, when the backend has them."""

    def delete(self, key: str) -> None: ...

    def iter_blobs(self) -> Iterator[BlobInfo]:
        """Every blob in the store (only well-formed keys), in no particular order."""

    def temporary_files(self) -> Iterator[Path]:
        """Files of blob writes in progress or cut off by a crash, on this machine's disk.

        A writer holds an exclusive `flock` on its file while it writes; an object
        store writes atomically and has none.
        """

    def prepare(self) -> None:
        """Create what the store needs (folder, bucket); run by `pameran migrate`."""

    def check(self) -> None:
        """Raise if the store cannot write, read back and delete a small probe object."""
