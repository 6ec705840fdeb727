"""Blobs in any S3-compatible store (radosgw, MinIO, AWS)."""

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from app.storage.base import (
    PROBE_BYTES,
    PROBE_PREFIX,
    BlobInfo,
    BlobMissing,
    StorageUnavailable,
    attachment_disposition,
    is_blob_key,
)

PRESIGN_SECONDS = 300


class S3Storage:
    def __init__(self, bucket: str, *, endpoint_url: str | None, region: str | None) -> None:
        self.bucket = bucket
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region or "us-east-1",
            config=Config(
                signature_version="s3v4",  # else botocore presigns with SigV2 in us-east-1
                s3={"addressing_style": "path"},
                retries={"mode": "standard"},
            ),
        )

    def prepare(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket"}:
                raise  # e.g. 403: wrong keys, not a missing bucket
            self.client.create_bucket(Bucket=self.bucket)

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        if self.exists(key):
            return
        self.client.upload_file(
            str(path), self.bucket, key, ExtraArgs={"ContentType": content_type}
        )

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise
        return True

    def open(self, key: str) -> BinaryIO:
        try:
            body: BinaryIO = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey"}:
                raise BlobMissing() from None
            raise StorageUnavailable() from error  # e.g. NoSuchBucket, AccessDenied
        return body

    def size(self, key: str) -> int:
        return int(self.client.head_object(Bucket=self.bucket, Key=key)["ContentLength"])

    def local_path(self, key: str) -> Path | None:
        return None

    def presigned_url(self, key: str, *, filename: str | None = None) -> str | None:
        params: dict[str, str] = {"Bucket": self.bucket, "Key": key}
        if filename:
            params["ResponseContentDisposition"] = attachment_disposition(filename)
        url: str = self.client.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=PRESIGN_SECONDS
        )
        return url

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def iter_blobs(self) -> Iterator[BlobInfo]:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket):
            for item in page.get("Contents", []):
                if is_blob_key(item["Key"]):
                    yield BlobInfo(
                        key=item["Key"],
                        size=int(item["Size"]),
                        modified_at=item.get("LastModified"),
                    )

    def temporary_files(self) -> Iterator[Path]:
        return iter(())  # a PUT is atomic: nothing half-written is ever in the bucket

    def check(self) -> None:
        key = f"{PROBE_PREFIX}{uuid.uuid4().hex}"
        self.client.put_object(Bucket=self.bucket, Key=key, Body=PROBE_BYTES)
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
            if body != PROBE_BYTES:
                raise OSError(f"bucket does not read back what it stored: {self.bucket}")
        finally:
            self.client.delete_object(Bucket=self.bucket, Key=key)
