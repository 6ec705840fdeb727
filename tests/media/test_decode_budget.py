"""Image decodes share one memory budget: queued while it is full, refused beyond it."""

import io
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlmodel import Session, func, select

from app.core.config import Settings
from app.core.errors import Invalid
from app.media import images
from app.media.decode_budget import MemoryBudget, decode_budget
from app.media.images import decode_cost, process_image
from app.media.models import MediaAsset
from tests.factories import BundleFactory, bearer_headers, make_user

WORKERS = 8


def large_png(path: Path, size: tuple[int, int] = (2400, 1800)) -> Path:
    """Few kilobytes on disk, megabytes once decoded."""
    Image.new("L", size, 90).save(path, "PNG")
    return path


def cost_of(path: Path) -> int:
    with Image.open(path) as image:
        return decode_cost(image)


def eventually(condition: Callable[[], bool]) -> None:
    """Wait for other threads to reach a state (bounded; not a timing assertion)."""
    for _ in range(3000):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("the threads never got there")


def test_concurrent_decodes_never_hold_more_than_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = large_png(tmp_path / "large.png")
    cost = cost_of(source)
    assert source.stat().st_size < 50_000 and cost > 20 * 1024 * 1024
    budget = MemoryBudget(cost * 5 // 2, wait_seconds=120)  # room for two at once
    lock, gate = threading.Lock(), threading.Event()
    decoding: list[int] = []  # costs of the decodes running right now
    most = 0
    real_decode = images._decode

    def watched_decode(image: Image.Image) -> Image.Image:
        nonlocal most
        with lock:
            decoding.append(decode_cost(image))
            most = max(most, sum(decoding))
        gate.wait()
        try:
            return real_decode(image)
        finally:
            with lock:
                decoding.remove(decode_cost(image))

    monkeypatch.setattr(images, "_decode", watched_decode)
    results: list[object] = []

    def upload(index: int) -> None:
        out = tmp_path / f"out{index}"
        out.mkdir()
        try:
            results.append(process_image(source, out, max_pixels=10**8, budget=budget))
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            results.append(error)

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    eventually(lambda: budget.waiting == WORKERS - 2 and len(decoding) == 2)
    assert budget.in_use == 2 * cost  # the other six are queued, not decoding
    gate.set()
    for thread in threads:
        thread.join()
    assert all(isinstance(r, images.ProcessedImage) for r in results), results
    assert len(results) == WORKERS
    assert most == 2 * cost <= budget.capacity
    assert budget.in_use == 0 and budget.waiting == 0


def test_an_image_that_alone_exceeds_the_budget_is_refused_at_once(tmp_path: Path) -> None:
    source = large_png(tmp_path / "large.png")
    budget = MemoryBudget(cost_of(source) - 1, wait_seconds=120)
    with pytest.raises(Invalid, match="terlalu besar untuk diolah"):
        process_image(source, tmp_path, max_pixels=10**8, budget=budget)
    assert budget.in_use == 0 and budget.waiting == 0


def test_decode_cost_is_read_from_the_header_before_decoding(tmp_path: Path) -> None:
    """JPEGs are costed at the reduced scale they will be decoded at (draft mode)."""
    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (6000, 4000), (10, 20, 30)).save(photo, "JPEG")
    with Image.open(photo) as image:
        full = decode_cost(image)
        image.draft("RGB", (1920, 1920))
        assert image.size == (3000, 2000)  # not decoded yet; only the scale was chosen
        assert decode_cost(image) < full / 3


@pytest.fixture
def editor(
    session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> dict[str, str]:
    import_bundles(bundles.make().parent)
    user = make_user(session, "editor@bitung.go.id", "region-editor", regions=("71.72",))
    return bearer_headers(session, {"editor": user})["editor"]


def test_an_upload_that_finds_the_budget_full_gets_503_and_changes_nothing(
    client: TestClient, session: Session, settings: Settings, editor: dict[str, str], tmp_path: Path
) -> None:
    settings.decode_wait_seconds = 0
    budget = decode_budget(settings)
    before = session.exec(select(func.count()).select_from(MediaAsset)).one()
    png = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(png, "PNG")
    with budget.reserve(budget.capacity):  # other uploads hold all of it
        response = client.post(
            "/api/v1/workspace/booths/kota-bitung/media",
            headers=editor | {"Accept-Language": "en"},
            files={"file": ("foto.png", png.getvalue(), "image/png")},
            data={"alt_text": "Foto"},
        )
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) > 0
    assert "try uploading again" in response.json()["detail"]
    session.rollback()
    assert session.exec(select(func.count()).select_from(MediaAsset)).one() == before
