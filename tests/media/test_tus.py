"""Resumable (tus) uploads: resume after a dropped connection, offsets, caps, termination."""

import base64
import io
import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.booths.models import Booth
from app.booths.service import booth_for_region, place_finished_upload
from app.core.config import MB, Settings
from app.core.db import SessionDep
from app.core.errors import DomainError
from app.core.timeutil import utcnow
from app.media import resumable, tus
from app.media.models import MediaAsset
from app.media.upload_models import MediaUpload
from app.regions.models import Region
from app.storage import storage_from_url
from tests.media._asgi import Body, asgi_request

TUS = {"tus-resumable": "1.0.0"}
PATCH = TUS | {"content-type": "application/offset+octet-stream", "x-csrf-token": "ok"}


def metadata(**values: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def video(size: int) -> bytes:
    """The start of an MP4 (enough for the type check at the first bytes), zero-padded."""
    head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    return head + b"\0" * (size - len(head))


def photo() -> bytes:
    """A noisy JPEG of about 300 KB: big enough for several PATCHes."""
    rng = random.Random(7)
    image = Image.frombytes("RGB", (640, 480), rng.randbytes(640 * 480 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture
def users(session: Session) -> dict[str, User]:
    made = {
        name: User(email=f"{name}@example.org", role="region-editor") for name in ("owner", "other")
    }
    session.add_all(made.values())
    session.commit()
    return made


@pytest.fixture
def booth(session: Session) -> Booth:
    region = session.get(Region, "71.72")
    assert region is not None
    booth = booth_for_region(session, region)
    session.commit()
    return booth


@pytest.fixture
def tus_app(settings: Settings, engine: Engine, booth: Booth, users: dict[str, User]) -> FastAPI:
    def editable_booth(slug: str) -> Booth:
        if slug != booth.slug:
            raise HTTPException(404)
        return booth

    def current_user(request: Request, session: SessionDep) -> User:
        user = users[request.headers.get("x-test-user", "owner")]
        # Like a token's last use: the guard writes in the request's session (and so,
        # on SQLite, holds the write lock until that session ends).
        session.execute(update(User).where(col(User.id) == user.id).values(last_login_at=utcnow()))
        return user

    def check_csrf(request: Request) -> None:
        if request.headers.get("x-csrf-token") != "ok":
            raise HTTPException(403)

    app = FastAPI()
    app.state.engine, app.state.settings = engine, settings
    app.state.storage = storage_from_url(settings.storage_url)
    app.include_router(
        tus.tus_router(editable_booth, current_user, check_csrf, on_complete=place_finished_upload)
    )

    @app.exception_handler(DomainError)
    async def domain_error(_request: Request, error: DomainError) -> JSONResponse:
        return JSONResponse({"detail": error.message}, status_code=error.status_code)

    return app


@pytest.fixture
def client(tus_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(tus_app) as client:
        yield client


@pytest.fixture
def endpoint(booth: Booth) -> str:
    return f"/api/v1/workspace/booths/{booth.slug}/tus/"


def create(client: TestClient, endpoint: str, length: int, **meta: str) -> str:
    headers = TUS | {"upload-length": str(length), "x-csrf-token": "ok"}
    answer = client.post(endpoint, headers=headers | {"upload-metadata": metadata(**meta)})
    assert answer.status_code == 201, answer.text
    assert answer.headers["upload-offset"] == "0"
    return answer.headers["location"]


def offset_of(client: TestClient, location: str) -> int:
    answer = client.head(location, headers=TUS)
    assert answer.status_code == 200
    return int(answer.headers["upload-offset"])


def leftovers(settings: Settings) -> list[Path]:
    folder = resumable.tus_dir(settings)
    return list(folder.iterdir()) if folder.exists() else []


def test_options_announce_version_extensions_and_the_global_cap(
    client: TestClient, endpoint: str, settings: Settings
) -> None:
    answer = client.options(endpoint)
    assert answer.status_code == 204
    assert answer.headers["tus-version"] == "1.0.0"
    assert "creation" in answer.headers["tus-extension"]
    assert "termination" in answer.headers["tus-extension"]
    assert answer.headers["tus-max-size"] == str(settings.max_upload_mb * MB)


def test_an_upload_survives_a_dropped_connection_and_resumes(
    client: TestClient, tus_app: FastAPI, endpoint: str, settings: Settings, engine: Engine
) -> None:
    data = photo()
    third = len(data) // 3
    location = create(client, endpoint, len(data), filename="balai.jpg", alt_text="Balai kota")

    first = client.patch(location, content=data[:third], headers=PATCH | {"upload-offset": "0"})
    assert first.status_code == 204
    assert first.headers["upload-offset"] == str(third)

    # The connection drops halfway through the second PATCH: what arrived is kept.
    dropped = Body([data[third : third + 5000], data[third + 5000 : 2 * third]], then="disconnect")
    asgi_request(tus_app, "PATCH", location, PATCH | {"upload-offset": str(third)}, dropped)
    resumed_at = offset_of(client, location)
    assert resumed_at == 2 * third

    last = client.patch(location, content=data[resumed_at:], headers=PATCH | {
        "upload-offset": str(resumed_at)
    })  # fmt: skip
    assert last.status_code == 204, last.text
    assert last.headers["upload-offset"] == str(len(data))
    media_id = int(last.headers["pameran-media-id"])
    assert last.headers["pameran-media-kind"] == "image"
    assert last.headers["pameran-media-url"].startswith("/media/")

    with Session(engine) as session:
        asset = session.get(MediaAsset, media_id)
        assert asset is not None
        assert (asset.alt_text, asset.filename, asset.width) == ("Balai kota", "balai.jpg", 640)
    assert leftovers(settings) == []
    # A client whose answer got lost asks again and learns the upload is done.
    again = client.head(location, headers=TUS)
    assert again.headers["upload-offset"] == str(len(data))
    assert again.headers["pameran-media-id"] == str(media_id)
    retry = client.patch(location, content=b"", headers=PATCH | {"upload-offset": str(len(data))})
    assert retry.status_code == 204 and retry.headers["pameran-media-id"] == str(media_id)


def test_a_completion_that_fails_is_not_taken_for_a_success(
    tus_app: FastAPI, endpoint: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last PATCH fails (storage down): the upload must not look complete to the
    client's HEAD, or tus clients report a success for a file that was never stored."""
    data = photo()
    client = TestClient(tus_app, raise_server_exceptions=False)
    location = create(client, endpoint, len(data), filename="balai.jpg", alt_text="Balai kota")
    half = len(data) // 2
    client.patch(location, content=data[:half], headers=PATCH | {"upload-offset": "0"})
    storage = tus_app.state.storage
    real_put = storage.put_file

    def storage_down(*args: object, **kwargs: object) -> None:
        raise OSError("storage unreachable")

    monkeypatch.setattr(storage, "put_file", storage_down)
    failed = client.patch(
        location, content=data[half:], headers=PATCH | {"upload-offset": str(half)}
    )
    assert failed.status_code == 500
    assert offset_of(client, location) == half  # the client sends the rest again
    monkeypatch.setattr(storage, "put_file", real_put)
    retried = client.patch(
        location, content=data[half:], headers=PATCH | {"upload-offset": str(half)}
    )
    assert retried.status_code == 204, retried.text
    with Session(engine) as session:
        assert session.get(MediaAsset, int(retried.headers["pameran-media-id"])) is not None


def test_a_stalled_connection_ends_the_patch_and_keeps_the_bytes(
    client: TestClient,
    tus_app: FastAPI,
    endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tus, "IDLE_SECONDS", 0.2)
    location = create(client, endpoint, 100_000, filename="v.mp4")
    stalled = Body([video(30_000)], then="silence")
    asgi_request(tus_app, "PATCH", location, PATCH | {"upload-offset": "0"}, stalled)
    assert offset_of(client, location) == 30_000


def test_a_wrong_offset_is_a_conflict(client: TestClient, endpoint: str) -> None:
    location = create(client, endpoint, 10_000, filename="v.mp4")
    client.patch(location, content=video(2000), headers=PATCH | {"upload-offset": "0"})
    for wrong in ("0", "1000", "4000"):
        answer = client.patch(
            location, content=b"\0" * 10, headers=PATCH | {"upload-offset": wrong}
        )
        assert answer.status_code == 409
    assert offset_of(client, location) == 2000


def test_a_patch_while_another_holds_the_upload_is_a_conflict(
    client: TestClient, endpoint: str, settings: Settings
) -> None:
    location = create(client, endpoint, 10_000, filename="v.mp4")
    upload_id = location.rsplit("/", 1)[-1]
    with resumable.lock_partial(
        resumable.partial_path(settings, upload_id)
    ):  # another request is writing
        answer = client.patch(location, content=b"\0" * 10, headers=PATCH | {"upload-offset": "0"})
    assert answer.status_code == 409
    assert offset_of(client, location) == 0


def test_upload_length_over_the_cap_is_refused_before_any_byte(
    client: TestClient, endpoint: str, settings: Settings, engine: Engine
) -> None:
    too_big = settings.max_upload_mb * MB + 1
    answer = client.post(
        endpoint, headers=TUS | {"upload-length": str(too_big), "x-csrf-token": "ok"}
    )
    assert answer.status_code == 413
    with Session(engine) as session:
        assert session.exec(select(MediaUpload)).all() == []
    assert leftovers(settings) == []


def test_more_bytes_than_announced_are_refused(client: TestClient, endpoint: str) -> None:
    location = create(client, endpoint, 1000, filename="v.mp4")
    answer = client.patch(location, content=b"\0" * 1001, headers=PATCH | {"upload-offset": "0"})
    assert answer.status_code == 413
    assert offset_of(client, location) == 0


@pytest.mark.parametrize(
    "head, meta, mb, status",
    [
        (b"<html><script>alert(1)</script>", {"filename": "x.jpg", "alt_text": "x"}, 1, 415),
        (b"\xff\xd8\xff\xe0", {"filename": "no-alt.jpg"}, 1, 422),  # image without alt text
        (b"%PDF-1.7\n", {"filename": "big.pdf"}, 51, 413),  # over the document cap (50 MB)
    ],
    ids=["unsupported", "no-alt-text", "pdf-over-cap"],
)
def test_what_ingest_would_refuse_is_refused_at_the_first_bytes(
    client: TestClient,
    endpoint: str,
    settings: Settings,
    head: bytes,
    meta: dict[str, str],
    mb: int,
    status: int,
) -> None:
    location = create(client, endpoint, mb * MB, **meta)
    first = head + b"\0" * (4096 - len(head))
    answer = client.patch(location, content=first, headers=PATCH | {"upload-offset": "0"})
    assert answer.status_code == status
    assert client.head(location, headers=TUS).status_code == 404
    assert leftovers(settings) == []


def test_termination_deletes_the_partial_upload(
    client: TestClient, endpoint: str, settings: Settings
) -> None:
    location = create(client, endpoint, 10_000, filename="v.mp4")
    client.patch(location, content=video(2000), headers=PATCH | {"upload-offset": "0"})
    assert len(leftovers(settings)) == 1
    assert client.delete(location, headers=TUS | {"x-csrf-token": "ok"}).status_code == 204
    assert client.head(location, headers=TUS).status_code == 404
    assert leftovers(settings) == []


def test_protocol_and_permission_checks(client: TestClient, endpoint: str) -> None:
    location = create(client, endpoint, 10_000, filename="v.mp4")
    chunk = b"\0" * 10
    assert client.head(location).status_code == 412  # no Tus-Resumable
    assert client.head(location, headers=TUS | {"x-test-user": "other"}).status_code == 404
    assert client.head(location[:-1] + "x", headers=TUS).status_code == 404
    wrong_type = PATCH | {"upload-offset": "0", "content-type": "application/octet-stream"}
    assert client.patch(location, headers=wrong_type, content=chunk).status_code == 415
    no_csrf = {k: v for k, v in PATCH.items() if k != "x-csrf-token"} | {"upload-offset": "0"}
    assert client.patch(location, headers=no_csrf, content=chunk).status_code == 403
    assert client.delete(location, headers=TUS).status_code == 403
    bad_meta = TUS | {"upload-length": "10", "x-csrf-token": "ok", "upload-metadata": "a !!"}
    assert client.post(endpoint, headers=bad_meta).status_code == 400
    no_length = TUS | {"x-csrf-token": "ok"}
    assert client.post(endpoint, headers=no_length).status_code == 400
    assert offset_of(client, location) == 0


def test_sweep_removes_expired_uploads_and_their_bytes(
    client: TestClient, endpoint: str, settings: Settings, session: Session
) -> None:
    location = create(client, endpoint, 10_000, filename="v.mp4")
    client.patch(location, content=video(2000), headers=PATCH | {"upload-offset": "0"})
    assert resumable.sweep_uploads(session, settings) == 0
    later = utcnow() + resumable.UPLOAD_TTL + timedelta(minutes=1)
    assert resumable.sweep_uploads(session, settings, now=later) == 1
    session.commit()
    assert leftovers(settings) == []
    assert client.head(location, headers=TUS).status_code == 404
