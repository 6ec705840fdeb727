"""Uploads through the workspace (API and the no-JavaScript form), drafts and previews."""

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from sqlmodel import Session, col, func, select

from app.accounts.tokens import create_token
from app.media.models import MediaAsset
from tests.factories import BundleFactory, make_user, sign_in

URL = "/api/v1/workspace/booths/kota-bitung/media"


def jpeg(size: tuple[int, int] = (640, 480)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 90)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def editor_token(
    session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> str:
    bundles.make()
    bundles.make("kota-manado", code="71.71", title="Kota Manado")
    import_bundles(bundles.root)
    editor = make_user(session, "editor@bitung.go.id", "region-editor", regions=("71.72",))
    _row, plain = create_token(session, editor)
    session.commit()
    return plain


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def media_count(session: Session) -> int:
    session.rollback()
    return session.exec(select(func.count()).select_from(MediaAsset)).one()


def test_upload_returns_the_new_item_visible_only_to_editors(
    client: TestClient, editor_token: str, app: FastAPI
) -> None:
    response = client.post(
        URL,
        headers=auth(editor_token),
        files={"file": ("foto.jpg", jpeg(), "image/jpeg")},
        data={"alt_text": "Dermaga baru", "title": "Dermaga"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "image" and len(body["sha256"]) == 64 and body["size"] > 0
    private = client.get(body["url"], headers=auth(editor_token))
    assert private.status_code == 200 and private.headers["cache-control"] == "private, no-store"
    with TestClient(app) as anonymous:
        assert anonymous.get(body["url"]).status_code == 404


@pytest.mark.parametrize(
    "files, data, status",
    [
        ({"file": ("foto.jpg", jpeg(), "image/jpeg")}, {}, 422),
        (
            {"file": ("x.jpg", b"<html><script>alert(1)</script>", "image/jpeg")},
            {"alt_text": "x"},
            415,
        ),
        ({"file": ("x.png", b"<?php echo 1; ?>", "image/png")}, {"alt_text": "x"}, 415),
        ({"file": ("kosong.pdf", b"", "application/pdf")}, {}, 415),
        (None, {"alt_text": "x"}, 422),
    ],
)
def test_bad_uploads_are_refused_and_leave_nothing(
    client: TestClient,
    editor_token: str,
    session: Session,
    files: dict[str, tuple[str, bytes, str]] | None,
    data: dict[str, str],
    status: int,
) -> None:
    before = media_count(session)
    if files is None:  # a multipart form without any file part
        response = client.post(
            URL, headers=auth(editor_token), files={"note": (None, "x")}, data=data
        )
    else:
        response = client.post(URL, headers=auth(editor_token), files=files, data=data)
    assert response.status_code == status, response.text
    assert response.json()["detail"]
    assert media_count(session) == before


def test_over_the_cap_is_413(
    client: TestClient, editor_token: str, app: FastAPI, session: Session
) -> None:
    app.state.settings.max_upload_mb = 1
    before = media_count(session)
    big = jpeg() + b"\0" * (2 * 1024 * 1024)
    response = client.post(
        URL,
        headers=auth(editor_token),
        files={"file": ("big.jpg", big, "image/jpeg")},
        data={"alt_text": "besar"},
    )
    assert response.status_code == 413 and media_count(session) == before


def test_two_thousand_fields_are_refused(client: TestClient, editor_token: str) -> None:
    fields = {f"f{i}": (None, "x") for i in range(2000)}
    response = client.post(
        URL, headers=auth(editor_token), files={**fields, "file": ("a.jpg", jpeg(), "image/jpeg")}
    )
    assert response.status_code in (400, 413, 422)


def test_another_regions_booth_is_404(client: TestClient, editor_token: str) -> None:
    response = client.post(
        "/api/v1/workspace/booths/kota-manado/media",
        headers=auth(editor_token),
        files={"file": ("a.jpg", jpeg(), "image/jpeg")},
        data={"alt_text": "x"},
    )
    assert response.status_code == 404


def test_browser_upload_without_javascript_lands_in_the_draft(
    client: TestClient, editor_token: str, session: Session
) -> None:
    csrf = sign_in(client, "editor@bitung.go.id")
    url = "/workspace/booths/kota-bitung/media"
    refused = client.post(
        url, files={"file": ("a.jpg", jpeg(), "image/jpeg")}, data={"alt_text": "x"}
    )
    assert refused.status_code == 403
    response = client.post(
        url,
        files={"file": ("a.jpg", jpeg((800, 600)), "image/jpeg")},
        data={"alt_text": "Pasar ikan", "csrf_token": csrf, "place": "gallery"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    draft = client.get("/api/v1/workspace/booths/kota-bitung/draft").json()
    newest = session.exec(select(MediaAsset).order_by(col(MediaAsset.id).desc())).first()
    assert newest is not None
    assert draft["gallery"][-1] == newest.id and newest.alt_text == "Pasar ikan"
    no_alt = client.post(
        url, files={"file": ("b.jpg", jpeg(), "image/jpeg")}, data={"csrf_token": csrf}
    )
    assert no_alt.status_code == 422 and "Teks alternatif" in no_alt.text


def test_preview_shows_the_draft_to_its_editors_only(
    client: TestClient, editor_token: str, app: FastAPI, session: Session
) -> None:
    csrf = sign_in(client, "editor@bitung.go.id")
    client.put(
        "/api/v1/workspace/booths/kota-bitung/draft",
        json={"title": "Bitung Baru", "tagline": "Draf"},
        headers={"X-CSRF-Token": csrf},
    )
    preview = client.get("/workspace/booths/kota-bitung/preview")
    assert preview.status_code == 200 and "Bitung Baru" in preview.text
    assert preview.headers["cache-control"] == "private, no-store"
    assert client.get("/workspace/booths/kota-manado/preview").status_code == 404
    with TestClient(app) as anonymous:
        assert (
            anonymous.get(
                "/workspace/booths/kota-bitung/preview", follow_redirects=False
            ).status_code
            == 303
        )
    assert "Bitung Baru" not in client.get("/booths/kota-bitung").text


def test_changing_texts_of_a_live_item_leaves_the_live_booth_alone(
    client: TestClient, editor_token: str
) -> None:
    csrf = sign_in(client, "editor@bitung.go.id")
    banner = client.get("/api/v1/workspace/booths/kota-bitung/draft").json()["banner"]
    client.post(
        f"/workspace/booths/kota-bitung/media/{banner}",
        data={"alt_text": "Teks baru", "csrf_token": csrf},
    )
    draft = client.get("/api/v1/workspace/booths/kota-bitung/draft").json()
    assert draft["banner"] != banner
    live = client.get("/api/v1/booths/kota-bitung").json()["content"]["banner"]
    assert live["id"] == banner and live["alt_text"] == "Pelabuhan Bitung saat senja"


def pdf_with_javascript() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x')"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_with_javascript_is_only_ever_an_attachment(
    client: TestClient, editor_token: str
) -> None:
    response = client.post(
        URL,
        headers=auth(editor_token),
        files={"file": ("rencana.pdf", pdf_with_javascript(), "application/pdf")},
    )
    assert response.status_code == 201 and response.json()["kind"] == "document"
    served = client.get(response.json()["url"], headers=auth(editor_token))
    assert served.headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in served.headers["content-security-policy"]
    assert served.headers["content-type"] == "application/pdf"


def test_a_resumable_upload_from_the_library_lands_in_the_draft(
    client: TestClient, editor_token: str
) -> None:
    import base64

    def meta(**values: str) -> str:
        return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())

    data = jpeg((700, 500))
    headers = {**auth(editor_token), "Tus-Resumable": "1.0.0"}
    created = client.post(
        "/api/v1/workspace/booths/kota-bitung/tus/",
        headers={
            **headers,
            "Upload-Length": str(len(data)),
            "Upload-Metadata": meta(filename="a.jpg", alt_text="Pantai", place=""),
        },
    )
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    half = len(data) // 2
    patch = {**headers, "Content-Type": "application/offset+octet-stream"}
    assert (
        client.patch(
            location, content=data[:half], headers={**patch, "Upload-Offset": "0"}
        ).status_code
        == 204
    )
    assert client.head(location, headers=headers).headers["upload-offset"] == str(half)
    done = client.patch(
        location, content=data[half:], headers={**patch, "Upload-Offset": str(half)}
    )
    assert done.status_code == 204
    media_id = int(done.headers["pameran-media-id"])
    draft = client.get(
        "/api/v1/workspace/booths/kota-bitung/draft", headers=auth(editor_token)
    ).json()
    assert draft["gallery"][-1] == media_id
