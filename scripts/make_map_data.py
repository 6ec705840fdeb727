"""Build app/regions/data/indonesia_map.json from world-atlas's Natural Earth TopoJSON.

Run once by hand when the map should change; the app only reads the JSON it writes:

    npm install world-atlas   # in a scratch folder
    python scripts/make_map_data.py node_modules/world-atlas/countries-10m.json

The land is projected equirectangularly (x = (lon - west) * k, y = (north - lat) * k,
k = WIDTH / (east - west)), each shared TopoJSON arc is simplified once with
Douglas-Peucker (so neighbouring outlines stay joined), islands smaller than
MIN_AREA square units are dropped, and coordinates are rounded to 0.1.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

WEST, EAST, SOUTH, NORTH = 94.5, 141.5, -11.5, 6.5
WIDTH = 1000.0
K = WIDTH / (EAST - WEST)
HEIGHT = round((NORTH - SOUTH) * K)
TOLERANCE = 0.35  # Douglas-Peucker tolerance, in viewBox units
MIN_AREA = 0.4  # smallest island kept, in square viewBox units
INDONESIA = "360"  # ISO 3166-1 numeric id used by world-atlas
OUT = Path(__file__).resolve().parent.parent / "app" / "regions" / "data" / "indonesia_map.json"

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict) -> list[Ring]:
    """Undo TopoJSON quantisation and delta encoding, then project every arc."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        ring = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            lon, lat = x * sx + tx, y * sy + ty
            ring.append(((lon - WEST) * K, (NORTH - lat) * K))
        arcs.append(ring)
    return arcs


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, keeping both end points (iterative, no recursion limit)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                dist = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                dist = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if dist > best:
                best, index = dist, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_from_arcs(indexes: list[int], arcs: list[Ring]) -> Ring:
    """Join a ring's arcs; a negative index ~i means arc i reversed."""
    ring: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def area(ring: Ring) -> float:
    """Unsigned shoelace area."""
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs)) / 2


def clip(ring: Ring, xmin: float, ymin: float, xmax: float, ymax: float) -> Ring:
    """Sutherland-Hodgman clip of a ring to a rectangle (used for neighbouring land)."""
    edges = [(0, xmin, True), (0, xmax, False), (1, ymin, True), (1, ymax, False)]
    for axis, bound, keep_above in edges:
        if not ring:
            break

        def inside(p: Point, axis: int = axis, bound: float = bound, up: bool = keep_above) -> bool:
            return p[axis] >= bound if up else p[axis] <= bound

        clipped: Ring = []
        for current, previous in zip(ring, ring[-1:] + ring[:-1], strict=True):
            if inside(current) != inside(previous):
                t = (bound - previous[axis]) / (current[axis] - previous[axis])
                crossing = [
                    previous[0] + t * (current[0] - previous[0]),
                    previous[1] + t * (current[1] - previous[1]),
                ]
                crossing[axis] = bound
                clipped.append((crossing[0], crossing[1]))
            if inside(current):
                clipped.append(current)
        ring = clipped
    return ring


def to_path(rings: list[Ring]) -> str:
    """One SVG path string: M x y x y … Z per ring, coordinates to 0.1."""
    parts = []
    for ring in rings:
        coords: list[str] = []
        last = None
        for x, y in ring:
            point = (f"{x:.1f}".removesuffix(".0"), f"{y:.1f}".removesuffix(".0"))
            if point != last:
                coords.append(" ".join(point))
                last = point
        if coords[-1] == coords[0]:
            coords.pop()
        if len(coords) >= 3:
            parts.append("M" + " ".join(coords) + "Z")
    return "".join(parts)


def polygons(geometry: dict) -> list[list[list[int]]]:
    """A Polygon or MultiPolygon's arc indexes as a list of polygons."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def build(topology: dict) -> dict:
    """The map document: viewBox, bounds, Indonesia's paths and clipped neighbouring land."""
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
    paths: list[str] = []
    context: list[str] = []
    box = (-2.0, -2.0, WIDTH + 2, HEIGHT + 2)
    for geometry in topology["objects"]["countries"]["geometries"]:
        is_indonesia = geometry.get("id") == INDONESIA
        for polygon in polygons(geometry):
            rings = [ring_from_arcs(indexes, arcs) for indexes in polygon]
            if not is_indonesia:
                rings = [clip(ring, *box) for ring in rings]
            if not rings[0] or area(rings[0]) < MIN_AREA:
                continue
            rings = [rings[0]] + [r for r in rings[1:] if r and area(r) >= MIN_AREA]
            path = to_path(rings)
            if path:
                (paths if is_indonesia else context).append(path)
    # Biggest land first, so a reader of the file meets Borneo before a reef.
    paths.sort(key=len, reverse=True)
    context.sort(key=len, reverse=True)
    return {
        "viewBox": f"0 0 {WIDTH:g} {HEIGHT:g}",
        "bounds": {"west": WEST, "east": EAST, "south": SOUTH, "north": NORTH},
        "paths": paths,
        "context_paths": context,
        "source": (
            "Natural Earth 1:10m Admin 0 countries (v4.1.0, public domain) via the npm "
            "package world-atlas 2.0.2 (countries-10m.json); equirectangular, simplified "
            "by scripts/make_map_data.py. paths: Indonesia; context_paths: neighbouring "
            "land clipped to the view."
        ),
    }


def main() -> None:
    """Read the TopoJSON named on the command line and write the map JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-10m.json")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    document = build(json.loads(args.topojson.read_text(encoding="utf-8")))
    args.out.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    size = args.out.stat().st_size
    print(
        f"{args.out}: {len(document['paths'])} Indonesian polygons, "
        f"{len(document['context_paths'])} neighbouring, {size / 1024:.1f} KiB"
    )


if __name__ == "__main__":
    main()
