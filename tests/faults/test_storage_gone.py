"""The media store goes away (the folder removed or emptied; an S3 bucket in
tests/storage): readiness says so, a missing blob's URL is a 404, an upload is a 503
with Retry-After that stores nothing, and once the store is back all is clean."""

import io
import os
from pathlib import Path

import httpx2
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from app.core.config import Settings
from app.media.models import MediaAsset, MediaFile
from tests.faults.invariants import assert_nothing_half_published, assert_storage_check_clean

UPLOAD = "/api/v1/workspace/booths/kota-bitung/media"


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 100, 50)).save(out, "JPEG")
    return out.getvalue()


def upload(client: TestClient, headers: dict[str, str]) -> httpx2.Response:
    return client.post(
        UPLOAD,
        headers=headers,
        files={"file": ("foto.jpg", jpeg(), "image/jpeg")},
        data={"alt_text": "Foto pelabuhan"},
    )


def counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        return (
            session.exec(select(func.count(col(MediaAsset.id)))).one(),
            session.exec(select(func.count(col(MediaFile.id)))).one(),
        )


def live_media_url(engine: Engine) -> str:
    with Session(engine) as session:
        media_file = session.exec(select(MediaFile).where(MediaFile.role == "original")).first()
        assert media_file is not None
        return f"/media/{media_file.sha256}.{media_file.extension}"


def test_a_removed_or_emptied_media_folder_gives_404_and_503_not_500(
    app: FastAPI, settings: Settings, engine: Engine, people: dict[str, dict[str, str]]
) -> None:
    root = Path(settings.storage_url.removeprefix("file://"))
    aside = root.with_name("media.aside")
    url = live_media_url(engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/readyz").status_code == 200
        assert client.get(url).status_code == 200
        before = counts(engine)

        os.rename(root, aside)  # removed (or unmounted)
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "storage" in ready.text
        assert client.get(url).status_code == 404
        refused = upload(client, people["editor"])
        assert refused.status_code == 503, refused.text
        assert refused.headers["retry-after"] and refused.json()["detail"]
        assert not root.exists()  # not silently recreated, empty, on the wrong disk
        assert counts(engine) == before

        root.mkdir()  # emptied: writable, but what the rows name is gone
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "media" in ready.text
        assert client.get(url).status_code == 404
        root.rmdir()

        os.rename(aside, root)
        assert client.get("/readyz").status_code == 200
        assert upload(client, people["editor"]).status_code == 201
    assert_nothing_half_published(engine)
    assert_storage_check_clean(settings)
