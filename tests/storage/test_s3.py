"""S3Storage against a real S3 server (radosgw from scripts/ci/ceph.sh), and the app on it.

Needs PAMERAN_TEST_S3_URL (`s3://BUCKET?endpoint_url=…&region=…`) and the AWS keys in
the environment. Every test works in its own new bucket, named after this test session,
so runs against the same server never see each other's blobs; the buckets are emptied
and removed at the end of the session.
"""

import hashlib
import io
import itertools
import os
import secrets
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

import pytest
from botocore.exceptions import BotoCoreError, ClientError
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import Engine
from sqlmodel import Session

from app.accounts.tokens import create_token
from app.core.config import Settings
from app.main import create_app
from app.storage import S3Storage, storage_from_url
from tests.factories import BundleFactory, make_user
from tests.services import require

pytestmark = pytest.mark.s3

BucketUrl = Callable[[], str]


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def with_bucket(url: str, bucket: str) -> str:
    return urlunsplit(urlsplit(url)._replace(netloc=bucket))


def endpoint_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["endpoint_url"][-1]


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A plain HTTP GET, as a browser following the redirect would make it."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="session")
def s3_url() -> str:
    url = os.environ.get("PAMERAN_TEST_S3_URL")
    require(url, "PAMERAN_TEST_S3_URL is not set (scripts/ci/ceph.sh start DIR PORT)")
    assert url is not None
    return url


@pytest.fixture(scope="session")
def new_bucket_url(s3_url: str) -> Iterator[BucketUrl]:
    """Hands out URLs of new, not yet created buckets; removes them all at the end."""
    session_id = secrets.token_hex(4)
    counter = itertools.count()
    names: list[str] = []

    def new() -> str:
        names.append(f"pameran-test-{session_id}-{next(counter)}")
        return with_bucket(s3_url, names[-1])

    yield new
    client = S3Storage("unused", endpoint_url=endpoint_of(s3_url), region="us-east-1").client
    for name in names:
        try:
            for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
                for item in page.get("Contents", []):
                    client.delete_object(Bucket=name, Key=item["Key"])
            client.delete_bucket(Bucket=name)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "NoSuchBucket":
                raise


@pytest.fixture
def storage(new_bucket_url: BucketUrl) -> S3Storage:
    store = storage_from_url(new_bucket_url())
    assert isinstance(store, S3Storage)
    store.prepare()
    return store


def blob(tmp_path: Path, data: bytes, extension: str = "bin") -> tuple[str, Path]:
    """A file and its content-addressed key."""
    path = tmp_path / f"{secrets.token_hex(4)}.{extension}"
    path.write_bytes(data)
    return f"{hashlib.sha256(data).hexdigest()}.{extension}", path


# --- the backend -----------------------------------------------------------------


def test_prepare_creates_the_bucket_once(new_bucket_url: BucketUrl, tmp_path: Path) -> None:
    url = new_bucket_url()
    first = storage_from_url(url)  # no request yet: the bucket does not exist
    with pytest.raises(ClientError):
        first.check()
    first.prepare()
    first.check()
    key, source = blob(tmp_path, b"pertama")
    first.put_file(key, source, "text/plain")
    again = storage_from_url(url)
    again.prepare()  # the bucket exists: nothing changes
    again.check()
    assert [b.key for b in again.iter_blobs()] == [key]


def test_blobs_round_trip_and_are_listed(storage: S3Storage, tmp_path: Path) -> None:
    data = b"isi berkas " + secrets.token_bytes(16)
    key, source = blob(tmp_path, data)
    assert not storage.exists(key)
    storage.put_file(key, source, "application/octet-stream")
    assert storage.exists(key) and storage.size(key) == len(data)
    assert storage.local_path(key) is None
    with storage.open(key) as handle:
        assert handle.read() == data
    assert [(b.key, b.size) for b in storage.iter_blobs()] == [(key, len(data))]
    storage.delete(key)
    assert not storage.exists(key) and list(storage.iter_blobs()) == []
    storage.delete(key)  # deleting a missing blob is not an error


def test_putting_an_existing_key_changes_nothing(storage: S3Storage, tmp_path: Path) -> None:
    data = secrets.token_bytes(64)
    key, source = blob(tmp_path, data)
    storage.put_file(key, source, "application/octet-stream")
    other = tmp_path / "other.bin"
    other.write_bytes(b"other bytes")
    storage.put_file(key, other, "text/plain")  # same key: blobs are immutable
    with storage.open(key) as handle:
        assert handle.read() == data
    assert [b.key for b in storage.iter_blobs()] == [key]


def test_presigned_urls_serve_the_bytes_with_ranges(storage: S3Storage, tmp_path: Path) -> None:
    data = secrets.token_bytes(100_000)
    key, source = blob(tmp_path, data, "mp4")
    storage.put_file(key, source, "video/mp4")
    url = storage.presigned_url(key)
    assert url is not None and url.startswith(storage.client.meta.endpoint_url + "/")

    status, headers, body = fetch(url)
    assert status == 200 and body == data
    assert headers["Content-Type"] == "video/mp4"
    assert "Content-Disposition" not in headers

    status, headers, body = fetch(url, {"Range": "bytes=0-9"})
    assert status == 206 and body == data[:10]
    assert headers["Content-Range"] == f"bytes 0-9/{len(data)}"
    status, _headers, body = fetch(url, {"Range": "bytes=99990-"})
    assert status == 206 and body == data[99_990:]


def test_presigned_urls_can_name_a_download(storage: S3Storage, tmp_path: Path) -> None:
    key, source = blob(tmp_path, b"%PDF-1.4 pretend", "pdf")
    storage.put_file(key, source, "application/pdf")
    url = storage.presigned_url(key, filename="laporan tahunan.pdf")
    assert url is not None
    expected = 'attachment; filename="laporan tahunan.pdf"'
    [asked] = parse_qs(urlsplit(url).query)["response-content-disposition"]
    assert asked.startswith(expected)
    status, headers, body = fetch(url)
    assert status == 200 and body == b"%PDF-1.4 pretend"
    assert headers["Content-Disposition"] == asked
    assert headers["Content-Type"] == "application/pdf"


def test_blobs_are_private_and_a_signature_opens_one_blob(
    storage: S3Storage, tmp_path: Path
) -> None:
    key, source = blob(tmp_path, b"rahasia")
    other, other_source = blob(tmp_path, b"rahasia lain")
    storage.put_file(key, source, "application/octet-stream")
    storage.put_file(other, other_source, "application/octet-stream")
    url = storage.presigned_url(key)
    assert url is not None and fetch(url)[0] == 200
    assert fetch(url.split("?", 1)[0])[0] == 403  # no signature
    assert fetch(url.replace(key, other))[0] == 403  # this blob's signature, another blob


def test_presigned_downloads_name_any_file_safely(storage: S3Storage, tmp_path: Path) -> None:
    key, source = blob(tmp_path, b"%PDF-1.4 nama", "pdf")
    storage.put_file(key, source, "application/pdf")
    url = storage.presigned_url(key, filename='Rencana Induk – Bitung "2025".pdf')
    assert url is not None
    _status, headers, _body = fetch(url)
    disposition = headers["Content-Disposition"]
    assert disposition.isascii()
    assert disposition.startswith('attachment; filename="Rencana Induk _ Bitung _2025_.pdf"')
    assert "filename*=UTF-8''Rencana%20Induk%20%E2%80%93%20Bitung%20%222025%22.pdf" in disposition


def test_check_raises_for_a_missing_bucket(s3_url: str) -> None:
    missing = S3Storage(
        f"pameran-missing-{secrets.token_hex(4)}", endpoint_url=endpoint_of(s3_url), region=None
    )
    with pytest.raises(ClientError):
        missing.check()


def test_check_raises_for_an_unreachable_endpoint() -> None:
    unreachable = S3Storage(
        "pameran-test", endpoint_url=f"http://127.0.0.1:{closed_port()}", region="us-east-1"
    )
    with pytest.raises(BotoCoreError):
        unreachable.check()


# --- the app on S3 ---------------------------------------------------------------


@pytest.fixture
def s3_settings(settings: Settings, new_bucket_url: BucketUrl) -> Settings:
    """The usual test settings (own database), with media in a new bucket, created as
    `pameran migrate` does."""
    url = new_bucket_url()
    storage_from_url(url).prepare()
    return settings.model_copy(update={"storage_url": url})


@pytest.fixture
def s3_client(s3_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(s3_settings)) as client:
        yield client


@pytest.fixture
def import_to_s3(s3_settings: Settings, engine: Engine) -> Callable[[Path], None]:
    """Import every bundle below a folder into the S3 bucket, committed, as the CLI does."""
    from app.exhibits.service import import_all

    def run(root: Path) -> None:
        with Session(engine) as session:
            import_all(session, storage_from_url(s3_settings.storage_url), s3_settings, root)
            session.commit()

    return run


def media_sha256(url: str) -> str:
    """`/media/<sha256>.<ext>` → the hash."""
    return url.rsplit("/", 1)[-1].split(".", 1)[0]


def test_media_redirect_to_presigned_urls_on_the_store(
    s3_client: TestClient,
    s3_settings: Settings,
    bundles: BundleFactory,
    import_to_s3: Callable[[Path], None],
) -> None:
    import_to_s3(bundles.make().parent)
    response = s3_client.get("/api/v1/booths/kota-bitung")
    assert response.status_code == 200
    content = response.json()["content"]
    endpoint = endpoint_of(s3_settings.storage_url)

    banner = s3_client.get(content["banner"]["url"], follow_redirects=False)
    assert banner.status_code == 302
    assert banner.headers["cache-control"] == "private, no-store"
    location = banner.headers["location"]
    assert location.startswith(endpoint + "/")
    assert "Signature=" in location  # SigV2 or SigV4
    status, headers, body = fetch(location)
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert hashlib.sha256(body).hexdigest() == media_sha256(content["banner"]["url"])

    document = s3_client.get(content["documents"][0]["url"], follow_redirects=False)
    assert document.status_code == 302
    location = document.headers["location"]
    disposition = parse_qs(urlsplit(location).query)["response-content-disposition"][0]
    assert disposition.startswith("attachment") and "masterplan.pdf" in disposition
    status, headers, body = fetch(location)
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith('attachment; filename="masterplan.pdf"')
    assert hashlib.sha256(body).hexdigest() == media_sha256(content["documents"][0]["url"])
    status, _headers, head = fetch(location, {"Range": "bytes=0-9"})
    assert status == 206 and head == body[:10]


def test_pages_allow_images_from_the_store(s3_client: TestClient, s3_settings: Settings) -> None:
    csp = s3_client.get("/healthz").headers["content-security-policy"]
    endpoint = endpoint_of(s3_settings.storage_url)
    assert f"img-src 'self' {endpoint} " in csp and f"media-src 'self' {endpoint};" in csp


def test_readyz_checks_the_store(s3_client: TestClient, s3_settings: Settings) -> None:
    assert s3_client.get("/readyz").status_code == 200
    assert isinstance(s3_client.app, FastAPI)
    s3_client.app.state.storage = S3Storage(
        "pameran-test", endpoint_url=f"http://127.0.0.1:{closed_port()}", region="us-east-1"
    )
    assert s3_client.get("/readyz").status_code == 503


def test_app_starts_while_the_store_is_down_and_is_not_ready(settings: Settings) -> None:
    down = settings.model_copy(
        update={
            "storage_url": f"s3://pameran-test?endpoint_url=http://127.0.0.1:{closed_port()}"
            "&region=us-east-1"
        }
    )
    with TestClient(create_app(down)) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503


def test_an_upload_through_the_api_lands_in_the_store(
    s3_client: TestClient, session: Session, bundles: BundleFactory,
    import_to_s3: Callable[[Path], None], s3_settings: Settings,
) -> None:  # fmt: skip
    import_to_s3(bundles.make().parent)
    editor = make_user(session, "editor@bitung.go.id", "region-editor", regions=("71.72",))
    _row, token = create_token(session, editor)
    session.commit()
    photo = io.BytesIO()
    Image.new("RGB", (900, 600), (30, 90, 150)).save(photo, "JPEG")
    headers = {"Authorization": f"Bearer {token}"}
    created = s3_client.post("/api/v1/workspace/booths/kota-bitung/media", headers=headers,
                             files={"file": ("dermaga.jpg", photo.getvalue(), "image/jpeg")},
                             data={"alt_text": "Dermaga"})  # fmt: skip
    assert created.status_code == 201, created.text
    url = created.json()["url"]
    redirect = s3_client.get(url, headers=headers, follow_redirects=False)
    assert redirect.status_code == 302
    status, _headers, body = fetch(redirect.headers["location"])
    assert status == 200 and hashlib.sha256(body).hexdigest() == media_sha256(url)
    stored = {b.key for b in storage_from_url(s3_settings.storage_url).iter_blobs()}
    assert url.rsplit("/", 1)[-1] in stored
    assert s3_client.get(url, follow_redirects=False).status_code == 404  # not live: not public
