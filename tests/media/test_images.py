"""Renditions: one per width, each width once, never wider than the photo."""

from pathlib import Path

import pytest
from PIL import Image

from app.media.decode_budget import MemoryBudget
from app.media.images import process_image


@pytest.mark.parametrize(
    "width, expected",
    [(3000, [320, 640, 1280, 1920]), (1920, [320, 640, 1280, 1920]), (1000, [320, 640, 1000])],
)
def test_each_width_is_written_once_as_webp_and_jpeg(
    tmp_path: Path, width: int, expected: list[int]
) -> None:
    source = tmp_path / "photo.jpg"
    Image.linear_gradient("L").convert("RGB").resize((width, width * 2 // 3)).save(source)
    out = tmp_path / "out"
    out.mkdir()
    processed = process_image(
        source, out, max_pixels=10**8, budget=MemoryBudget(2**40, wait_seconds=0)
    )
    made = sorted((r.width, r.format) for r in processed.renditions)
    assert made == sorted((w, f) for w in expected for f in ("webp", "jpg"))
    for rendition in processed.renditions:
        with Image.open(rendition.path) as image:
            assert image.size == (rendition.width, rendition.height)
            assert abs(image.height - rendition.width * 2 / 3) <= 1
