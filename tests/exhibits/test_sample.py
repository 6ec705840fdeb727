"""The sample exhibition that ships in exhibits/ meets what the product promises."""

import json
from pathlib import Path

import pytest

from app.booths.schemas import BoothContent, slot_values, with_slot_values
from app.core.paths import EXHIBITS_DIR
from app.exhibits.service import find_bundles
from app.halls.defaults import DEFAULT_HALLS
from app.pillars import PILLARS
from app.regions.data_files import read_regions

MAX_TOTAL_BYTES = 15 * 1024 * 1024


def manifests() -> list[tuple[Path, dict]]:
    return [(f, json.loads((f / "manifest.json").read_text())) for f in find_bundles(EXHIBITS_DIR)]


def with_fake_media_ids(content: dict) -> dict:
    """Replace file names by numbers so the content validates as booth content."""
    names = iter(range(1, 1000))
    return with_slot_values(content, lambda _name: next(names))


def test_there_are_enough_regions_halls_and_pillars() -> None:
    shipped = manifests()
    assert len(shipped) >= 12
    assert len({m["hall"] for _f, m in shipped}) >= 8
    present = {k for _f, m in shipped for k, p in m["content"]["pillars"].items() if p}
    assert present == set(PILLARS)
    assert sum(1 for _f, m in shipped if m["content"].get("translations", {}).get("en")) >= 3


@pytest.mark.parametrize("folder, manifest", manifests(), ids=lambda v: getattr(v, "name", ""))
def test_each_bundle_is_valid(folder: Path, manifest: dict) -> None:
    codes = {r["code"] for r in read_regions()}
    assert manifest["region"]["code"] in codes
    assert manifest["hall"] in {slug for slug, _name, _province in DEFAULT_HALLS}
    assert manifest["sample"] is True
    BoothContent.model_validate(with_fake_media_ids(manifest["content"]))
    content = manifest["content"]
    files = [f for f in slot_values(content) if not f.startswith("https://")]
    for name in files:
        assert (folder / name).is_file(), name
        if not name.endswith(".pdf"):
            assert manifest["media"][name]["alt_text"].strip(), f"{name} needs alt text"


def test_the_sample_stays_small() -> None:
    total = sum(p.stat().st_size for p in EXHIBITS_DIR.rglob("*") if p.is_file())
    assert total < MAX_TOTAL_BYTES
