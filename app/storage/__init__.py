"""Pick the storage backend from `PAMERAN_STORAGE_URL`."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from app.storage.base import BlobInfo, Storage
from app.storage.local import LocalStorage
from app.storage.s3 import S3Storage

__all__ = ["BlobInfo", "LocalStorage", "S3Storage", "Storage", "storage_from_url"]


def storage_from_url(url: str) -> Storage:
    """`file://PATH` (relative or absolute) or `s3://BUCKET?endpoint_url=…&region=…`."""
    if url.startswith("file://"):
        return LocalStorage(Path(url.removeprefix("file://")))
    if url.startswith("s3://"):
        parts = urlsplit(url)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return S3Storage(
            parts.netloc, endpoint_url=query.get("endpoint_url"), region=query.get("region")
        )
    raise ValueError(f"unsupported storage URL: {url!r} (use file://PATH or s3://BUCKET)")
