"""The official region list shipped with the app (from idn-area-data, ODbL)."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_provinces() -> list[dict[str, str]]:
    """All 38 provinces as {"code", "name"} rows, in code order."""
    return _read("provinces.csv")


def read_regions() -> list[dict[str, str]]:
    """All 514 kabupaten/kota as {"code", "name", "province_code", "kind"} rows."""
    return _read("regions.csv")
