"""The lobby map's geodata: Indonesia pre-projected into an SVG viewBox."""

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

MAP_FILE = Path(__file__).parent / "data" / "indonesia_map.json"


@cache
def load_map() -> dict[str, Any]:
    """The map document (viewBox, bounds, paths, context_paths, source), read once."""
    with MAP_FILE.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """SVG (x, y) of a point in the map's viewBox (equirectangular, as the paths are)."""
    document = load_map()
    bounds = document["bounds"]
    width = float(document["viewBox"].split()[2])
    scale = width / (bounds["east"] - bounds["west"])
    return (
        round((longitude - bounds["west"]) * scale, 1),
        round((bounds["north"] - latitude) * scale, 1),
    )


def project_points(
    coordinates: Iterable[tuple[float | None, float | None]],
) -> list[tuple[float, float]]:
    """SVG (x, y) of each (latitude, longitude) that is known."""
    return [project(lat, lon) for lat, lon in coordinates if lat is not None and lon is not None]
