from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.booths.models import Booth
from app.core.config import Settings
from app.media.models import MediaFile
from app.media.service import MediaDetails, ingest_file
from app.media.views import media_url
from tests.factories import BundleFactory, make_jpeg

Import = Callable[[Path], None]


def live_booth(client: TestClient, bundles: BundleFactory, import_bundles: Import) -> dict:
    import_bundles(bundles.make().parent)
    return client.get("/api/v1/booths/kota-bitung").json()["content"]


def test_live_media_is_public_and_immutable(
    client: TestClient, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> None:
    content = live_booth(client, bundles, import_bundles)
    response = client.get(content["banner"]["url"])
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_documents_download_as_attachments_in_a_sandbox(
    client: TestClient, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> None:
    content = live_booth(client, bundles, import_bundles)
    response = client.get(content["documents"][0]["url"])
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="masterplan.pdf"'
    )
    assert "sandbox" in response.headers["content-security-policy"]


def test_range_requests_get_206(
    client: TestClient, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> None:
    content = live_booth(client, bundles, import_bundles)
    full = client.get(content["documents"][0]["url"]).content
    partial = client.get(content["documents"][0]["url"], headers={"Range": "bytes=0-9"})
    assert partial.status_code == 206 and partial.content == full[:10]


def test_media_not_in_a_live_revision_is_not_served(
    client: TestClient,
    bundles: BundleFactory,
    import_bundles: Callable[[Path], None],
    session: Session,
    settings: Settings,
    tmp_path: Path,
    app: FastAPI,
) -> None:
    live_booth(client, bundles, import_bundles)
    booth = session.exec(select(Booth)).one()
    assert booth.id is not None
    draft_only = ingest_file(
        session,
        app.state.storage,
        settings,
        booth_id=booth.id,
        source=make_jpeg(tmp_path / "draft.jpg", color=(1, 2, 3)),
        filename="draft.jpg",
        details=MediaDetails(alt_text="draf"),
    )
    session.commit()
    stored = session.exec(select(MediaFile).where(MediaFile.media_id == draft_only.id)).first()
    assert draft_only.id is not None and stored is not None
    assert client.get(media_url(draft_only.id, stored.sha256, stored.extension)).status_code == 404


def test_malformed_and_unknown_keys_are_404(client: TestClient) -> None:
    assert client.get("/media/../../etc/passwd").status_code == 404
    assert client.get("/media/" + "a" * 64 + ".jpg").status_code == 404


def test_behind_nginx_media_bytes_are_left_to_x_accel_redirect(
    client: TestClient, bundles: BundleFactory, import_bundles: Callable[[Path], None], app: FastAPI
) -> None:
    content = live_booth(client, bundles, import_bundles)
    app.state.settings.media_accel_prefix = "/_protected_media/"
    response = client.get(content["banner"]["url"])
    key = content["banner"]["url"].rsplit("/", 1)[-1]
    assert response.headers["x-accel-redirect"] == f"/_protected_media/{key[:2]}/{key[2:4]}/{key}"
    assert response.content == b"" and response.headers["content-type"] == "image/jpeg"
