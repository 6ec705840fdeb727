from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from tests.factories import BundleFactory

Import = Callable[[Path], None]


def publish_two(bundles: BundleFactory, import_bundles: Import) -> None:
    bundles.make(featured=True)
    bundles.make(
        "kabupaten-toba",
        code="12.12",
        hall="danau-toba",
        title="Kabupaten Toba",
        tagline="Kaldera di jantung Sumatera Utara",
        pillars={"branding": {"summary": "Geopark kaldera Toba"}},
    )
    import_bundles(bundles.root)


def test_halls_are_listed_in_order_with_live_counts(
    client: TestClient, bundles: BundleFactory, import_bundles: Import
) -> None:
    publish_two(bundles, import_bundles)
    halls = client.get("/api/v1/halls").json()
    assert halls[0] == {"slug": "danau-toba", "name": "Danau Toba", "booth_count": 1}
    assert [h["slug"] for h in halls][-2:] == ["ibu-kota-nusantara", "alumni-2017-2019"]
    assert {h["slug"]: h["booth_count"] for h in halls}["likupang"] == 1
    assert sum(h["booth_count"] for h in halls) == 2


def test_booth_list_and_filters(
    client: TestClient, bundles: BundleFactory, import_bundles: Import
) -> None:
    publish_two(bundles, import_bundles)
    booths = client.get("/api/v1/booths").json()
    assert {b["slug"] for b in booths} == {"kota-bitung", "kabupaten-toba"}
    toba = next(b for b in booths if b["slug"] == "kabupaten-toba")
    assert toba == {
        "slug": "kabupaten-toba",
        "title": "Kabupaten Toba",
        "region": {"code": "12.12", "name": "Kabupaten Toba"},
        "hall": "danau-toba",
    }
    assert [b["slug"] for b in client.get("/api/v1/booths?hall=likupang").json()] == ["kota-bitung"]
    assert [b["slug"] for b in client.get("/api/v1/booths?pillar=branding").json()] == [
        "kabupaten-toba"
    ]
    assert [b["slug"] for b in client.get("/api/v1/booths?q=kaldera").json()] == ["kabupaten-toba"]
    assert client.get("/api/v1/booths?hall=nowhere").json() == []
    assert len(client.get("/api/v1/booths?limit=1").json()) == 1
    assert len(client.get("/api/v1/booths?limit=1&offset=1").json()) == 1
    assert client.get("/api/v1/booths?pillar=unknown").status_code == 422


def test_booth_detail_replaces_media_ids_by_objects_with_urls(
    client: TestClient, bundles: BundleFactory, import_bundles: Import
) -> None:
    publish_two(bundles, import_bundles)
    booth = client.get("/api/v1/booths/kota-bitung").json()
    assert booth["revision"] == 1 and booth["hall"] == "likupang" and booth["published_at"]
    content = booth["content"]
    assert content["title"] == "Kota Bitung"
    assert content["logo"]["kind"] == "image" and content["logo"]["alt_text"] == "Logo Kota Bitung"
    assert [g["kind"] for g in content["gallery"]] == ["image", "image"]
    assert content["documents"][0]["url"].endswith(".pdf")
    for url in [content["banner"]["url"], content["documents"][0]["url"]]:
        assert client.get(url).status_code == 200


def test_booth_without_live_revision_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/booths/kota-bitung")
    assert response.status_code == 404
    assert response.json() == {"detail": "Anjungan tidak ditemukan."}


def test_openapi_is_published(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/halls", "/api/v1/booths", "/api/v1/booths/{slug}"} <= set(paths)
