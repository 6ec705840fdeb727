#!/usr/bin/env python3
"""Generate the media of the sample exhibition in ``exhibits/``.

Each bundle's ``manifest.json`` is the single source of *what* to make: the
files it names (logo, banner, gallery images, the master-plan PDF), its theme
colour and the texts printed in the PDF. This script only knows *how* a region
looks: ``SCENES`` maps a bundle folder to the illustrated scenes of its banner
and gallery images (bundles missing there get their hall's default scenes).

Everything is drawn with Pillow, nothing is downloaded. The output is
deterministic and the script idempotent: every random choice comes from a
generator seeded by bundle and file name, PDFs carry a fixed date, and a file
is rewritten only when its bytes change.

    .venv/bin/python scripts/make_sample_media.py              # every bundle
    .venv/bin/python scripts/make_sample_media.py --only kota-bitung
    .venv/bin/python scripts/make_sample_media.py --check      # exit 1 if stale
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
EXHIBITS = ROOT / "exhibits"

GALLERY_SIZE = (1200, 800)
BANNER_SIZE = (1600, 600)
LOGO_SIZE = 256
SUPERSAMPLE = 2  # draw at 2x, then downsample: smooth edges without anti-aliasing
JPEG_OPTIONS = {"quality": 82, "optimize": True, "progressive": True}
PDF_PAGE = (827, 1169)  # A4 at 100 dpi
PDF_DPI = 100
PDF_DATE = time.strptime("2021-11-01", "%Y-%m-%d")  # fixed, so the bytes are reproducible
CREDIT = "Ilustrasi: tim Pameran (dibuat oleh skrip)"

RGB = tuple[int, int, int]

PILLARS = [  # key, label, colour of its segment in the logos
    ("governance", "Smart Governance", "#1f5fae"),
    ("branding", "Smart Branding", "#d9622b"),
    ("economy", "Smart Economy", "#c99a06"),
    ("living", "Smart Living", "#2f8f4e"),
    ("society", "Smart Society", "#7b4bb3"),
    ("environment", "Smart Environment", "#13867f"),
]

# Scenes per bundle: (kind, options) for the banner and for each gallery image,
# in the order of the manifest's "gallery" list.
SCENES: dict[str, dict] = {
    "kabupaten-toba": {
        "banner": ("lake", {"island": True, "sky": "morning", "house": True}),
        "gallery": [
            ("lake", {"sky": "day", "island": True}),
            ("village", {"style": "batak"}),
            ("terraces", {"variant": "rice"}),
            ("command_room", {}),
        ],
    },
    "kabupaten-samosir": {
        "banner": ("lake", {"sky": "sunset", "house": True}),
        "gallery": [
            ("village", {"style": "batak", "sky": "morning"}),
            ("lake", {"sky": "morning", "island": True}),
            ("market", {"goods": "produce"}),
        ],
    },
    "kabupaten-belitung": {
        "banner": ("beach", {"granite": True, "lighthouse": True, "sky": "sunset"}),
        "gallery": [
            ("beach", {"granite": True, "palms": True}),
            ("beach", {"lighthouse": True, "granite": True, "sky": "morning"}),
            ("harbour", {"boats": 5}),
            ("solar", {"sea": True}),
        ],
    },
    "kabupaten-magelang": {
        "banner": ("temple", {"style": "stupa", "sky": "dawn"}),
        "gallery": [
            ("temple", {"style": "stupa", "sky": "morning"}),
            ("terraces", {"variant": "rice", "volcano": True}),
            ("market", {"goods": "produce"}),
            ("village", {"style": "java"}),
        ],
    },
    "kabupaten-sleman": {
        "banner": ("temple", {"style": "spires", "sky": "sunset"}),
        "gallery": [
            ("volcano", {"style": "merapi"}),
            ("temple", {"style": "spires", "sky": "morning"}),
            ("skyline", {"sky": "day", "mountains": True}),
            ("command_room", {}),
        ],
    },
    "kota-batu": {
        "banner": ("orchard", {"sky": "morning", "paragliders": True}),
        "gallery": [
            ("orchard", {"sky": "day"}),
            ("market", {"goods": "produce", "evening": True}),
            ("skyline", {"sky": "dusk", "mountains": True, "small": True}),
            ("terraces", {"variant": "vegetable"}),
        ],
    },
    "kabupaten-probolinggo": {
        "banner": ("volcano", {"style": "bromo", "sky": "dawn"}),
        "gallery": [
            ("volcano", {"style": "bromo", "sky": "morning"}),
            ("terraces", {"variant": "vegetable", "volcano": True}),
            ("market", {"goods": "produce"}),
            ("solar", {}),
        ],
    },
    "kabupaten-lombok-tengah": {
        "banner": ("beach", {"hills": True, "sky": "sunset", "boats": True}),
        "gallery": [
            ("racetrack", {}),
            ("beach", {"hills": True, "boats": True}),
            ("village", {"style": "sasak"}),
            ("market", {"goods": "weaving"}),
        ],
    },
    "kabupaten-manggarai-barat": {
        "banner": ("islands", {"style": "savanna", "sky": "sunset"}),
        "gallery": [
            ("islands", {"style": "savanna", "sky": "morning"}),
            ("harbour", {"phinisi": True, "sky": "sunset"}),
            ("reef", {}),
            ("market", {"goods": "fish"}),
        ],
    },
    "kabupaten-wakatobi": {
        "banner": ("reef", {"wide": True}),
        "gallery": [
            ("reef", {}),
            ("village", {"style": "stilt"}),
            ("beach", {"palms": True, "boats": True}),
            ("harbour", {"boats": 4, "sky": "morning"}),
        ],
    },
    "kota-bitung": {
        "banner": ("harbour", {"cranes": True, "sky": "sunset"}),
        "gallery": [
            ("harbour", {"cranes": True, "boats": 3}),
            ("reef", {"muck": True}),
            ("market", {"goods": "fish"}),
            ("command_room", {}),
        ],
    },
    "kabupaten-minahasa-utara": {
        "banner": ("beach", {"palms": True, "hills": True, "sky": "morning"}),
        "gallery": [
            ("beach", {"palms": True, "sky": "day"}),
            ("islands", {"style": "green"}),
            ("forest", {"style": "mangrove"}),
        ],
    },
    "kabupaten-pulau-morotai": {
        "banner": ("beach", {"sandbar": True, "palms": True, "sky": "day"}),
        "gallery": [
            ("beach", {"sandbar": True, "sky": "morning"}),
            ("reef", {}),
            ("harbour", {"boats": 4, "sky": "sunset"}),
        ],
    },
    "kabupaten-raja-ampat": {
        "banner": ("islands", {"style": "karst", "sky": "day"}),
        "gallery": [
            ("islands", {"style": "karst", "sky": "morning"}),
            ("reef", {}),
            ("village", {"style": "stilt", "sky": "morning"}),
            ("solar", {"sea": True}),
        ],
    },
    "kota-balikpapan": {
        "banner": ("skyline", {"waterfront": True, "sky": "dusk"}),
        "gallery": [
            ("skyline", {"waterfront": True, "sky": "day"}),
            ("forest", {"style": "mangrove"}),
            ("harbour", {"cranes": True, "sky": "morning"}),
            ("command_room", {}),
        ],
    },
    "kabupaten-penajam-paser-utara": {
        "banner": ("forest", {"style": "rainforest", "city": True}),
        "gallery": [
            ("forest", {"style": "rainforest"}),
            ("harbour", {"boats": 3, "sky": "day"}),
            ("solar", {}),
            ("village", {"style": "java", "sky": "morning"}),
        ],
    },
    "kota-makassar": {
        "banner": ("skyline", {"waterfront": True, "sky": "sunset"}),
        "gallery": [
            ("skyline", {"waterfront": True, "sky": "dusk"}),
            ("harbour", {"phinisi": True, "sky": "morning"}),
            ("market", {"goods": "fish", "evening": True}),
            ("command_room", {}),
        ],
    },
    "kota-bandung": {
        "banner": ("skyline", {"mountains": True, "sky": "dusk", "bridge": True}),
        "gallery": [
            ("skyline", {"mountains": True, "sky": "day"}),
            ("command_room", {}),
            ("terraces", {"variant": "tea"}),
            ("market", {"goods": "crafts", "evening": True}),
        ],
    },
}

HALL_DEFAULTS: dict[str | None, tuple[str, dict]] = {
    "danau-toba": ("lake", {}),
    "tanjung-kelayang": ("beach", {"granite": True}),
    "borobudur": ("temple", {}),
    "bromo-tengger-semeru": ("volcano", {}),
    "mandalika": ("beach", {"hills": True}),
    "labuan-bajo": ("islands", {"style": "savanna"}),
    "wakatobi": ("reef", {}),
    "likupang": ("beach", {"palms": True}),
    "morotai": ("beach", {"sandbar": True}),
    "raja-ampat": ("islands", {"style": "karst"}),
    "ibu-kota-nusantara": ("forest", {"city": True}),
    None: ("skyline", {}),
}
FALLBACK_GALLERY = ["market", "command_room", "terraces", "harbour", "solar"]


# --- colours ---------------------------------------------------------------------------


def rgb(value: str | RGB) -> RGB:
    if isinstance(value, tuple):
        return value
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(a: str | RGB, b: str | RGB, t: float) -> RGB:
    a, b = rgb(a), rgb(b)
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def alpha(color: str | RGB, value: int) -> tuple[int, int, int, int]:
    return (*rgb(color), value)


def darker(color: str | RGB, t: float) -> RGB:
    return mix(color, (0, 0, 0), t)


def lighter(color: str | RGB, t: float) -> RGB:
    return mix(color, (255, 255, 255), t)


SKIES = {
    "day": ["#3f7fc6", "#7fb2e0", "#cfe6f5"],
    "morning": ["#5a86c2", "#9fc2e3", "#f6dfc0"],
    "sunset": ["#26325c", "#7e5686", "#e2866b", "#f8c37e"],
    "dusk": ["#0e1836", "#283a6e", "#8d5c85", "#eb9c68"],
    "dawn": ["#2a3b66", "#6f739f", "#dca08c", "#f9dcb4"],
}


# --- canvas and drawing primitives -----------------------------------------------------


@dataclass
class Canvas:
    img: Image.Image  # RGBA, drawn at SUPERSAMPLE times the output size
    rng: random.Random
    accent: RGB

    @property
    def w(self) -> int:
        return self.img.width

    @property
    def h(self) -> int:
        return self.img.height

    @property
    def u(self) -> float:
        """One 'pixel' of an 800-px-high picture, in canvas pixels."""
        return self.h / 800

    def draw(self) -> ImageDraw.ImageDraw:
        return ImageDraw.Draw(self.img)


@contextmanager
def layer(c: Canvas, blur: float = 0.0) -> Iterator[ImageDraw.ImageDraw]:
    """Draw on a transparent layer, optionally blur it, then composite it."""
    lay = Image.new("RGBA", c.img.size, (0, 0, 0, 0))
    yield ImageDraw.Draw(lay)
    if blur:  # blur premultiplied, so transparent pixels do not darken the edges
        lay = lay.convert("RGBa").filter(ImageFilter.GaussianBlur(blur * c.u)).convert("RGBA")
    c.img.alpha_composite(lay)


def gradient(width: int, height: int, stops: list) -> Image.Image:
    """A vertical gradient through evenly spaced colour stops."""
    colors = [rgb(s) for s in stops]
    height = max(1, int(height))
    column = []
    for y in range(height):
        t = y / max(1, height - 1) * (len(colors) - 1)
        i = min(int(t), len(colors) - 2)
        column.append(mix(colors[i], colors[i + 1], t - i))
    img = Image.new("RGB", (1, height))
    img.putdata(column)
    return img.resize((width, height), Image.Resampling.NEAREST)


def sky(c: Canvas, name: str, horizon: float) -> RGB:
    """Paint the sky down to the horizon (and below it, in the horizon colour)."""
    stops = SKIES.get(name, SKIES["day"])
    c.img.paste(gradient(c.w, int(horizon) + 1, stops), (0, 0))
    c.draw().rectangle((0, int(horizon), c.w, c.h), fill=rgb(stops[-1]))
    return rgb(stops[-1])


def bbox(x: float, y: float, rx: float, ry: float | None = None) -> tuple:
    return (x - rx, y - (rx if ry is None else ry), x + rx, y + (rx if ry is None else ry))


def sun(c: Canvas, x: float, y: float, r: float, color: str | RGB = "#fff1c9") -> None:
    with layer(c, blur=45) as d:
        d.ellipse(bbox(x, y, r * 4), fill=alpha(color, 110))
    with layer(c, blur=1.5) as d:
        d.ellipse(bbox(x, y, r), fill=alpha(color, 255))


def clouds(c: Canvas, n: int, top: float, bottom: float, color="#ffffff", opacity=150) -> None:
    rng = c.rng
    with layer(c, blur=5) as d:
        for _ in range(n):
            cx, cy = rng.uniform(-0.05, 1.05) * c.w, rng.uniform(top, bottom)
            size = rng.uniform(40, 100) * c.u
            for _ in range(rng.randint(4, 7)):
                rx = size * rng.uniform(0.35, 0.7)
                x = cx + rng.uniform(-1, 1) * size
                y = cy - rng.uniform(0, 0.35) * size
                d.ellipse(bbox(x, y, rx, rx * 0.55), fill=alpha(color, opacity))


Envelope = Callable[[float], float]


def peak(center: float, width: float, power: float = 1.0) -> Envelope:
    return lambda t: max(0.0, 1 - abs(t - center) / width) ** power


def edges(low: float = 0.4) -> Envelope:
    return lambda t: low + (1 - low) * abs(2 * t - 1) ** 1.5


def ridge(
    c: Canvas,
    base: float,
    amp: float,
    *,
    env: Envelope | None = None,
    rough: float = 0.55,
    freq: float = 1.3,
    steps: int = 240,
) -> list[tuple[float, float]]:
    """A mountain/hill outline: fractal sum of sines, shaped by an envelope."""
    rng = c.rng
    waves = [
        (freq * 2**k * rng.uniform(0.8, 1.25), rng.uniform(0, 2 * math.pi), rough**k)
        for k in range(6)
    ]
    norm = sum(w[2] for w in waves)
    points = []
    for i in range(steps + 1):
        t = i / steps
        n = sum(a * math.sin(2 * math.pi * f * t + p) for f, p, a in waves) / norm
        e = env(t) if env else 1.0
        points.append((t * c.w, base - amp * e * (0.55 + 0.45 * n)))
    return points


def fill_below(d: ImageDraw.ImageDraw, c: Canvas, points: list, color) -> None:
    d.polygon([*points, (c.w, c.h * 2), (0, c.h * 2)], fill=color)


def y_at(points: list[tuple[float, float]], x: float) -> float:
    """The outline's height at x (points sorted by x)."""
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * (x - x0) / max(1e-6, x1 - x0)
    return points[-1][1] if x > points[-1][0] else points[0][1]


def hills(
    c: Canvas,
    base: float,
    layers: list[tuple[float, str | RGB]],
    haze: RGB,
    *,
    env: Envelope | None = None,
    step: float = 0.0,
    blur: float = 0.0,
) -> list:
    """Draw ranges from far to near; far ones fade into the haze colour."""
    outline: list = []
    n = len(layers)
    for i, (amp, color) in enumerate(layers):
        fade = 0.6 * (1 - i / max(1, n - 1)) if n > 1 else 0.0
        with layer(c, blur=blur * (1 - i / max(1, n))) as d:
            outline = ridge(c, base + i * step * c.h, amp * c.h, env=env)
            fill_below(d, c, outline, mix(color, haze, fade))
    return outline


def water(c: Canvas, top: float, far: str | RGB, near: str | RGB) -> None:
    c.img.paste(gradient(c.w, c.h - int(top), [far, near]), (0, int(top)))


def reflect(c: Canvas, horizon: float, *, opacity: int = 120, blur: float = 3) -> None:
    """Mirror what is above the horizon into the water below it."""
    height = int(min(horizon, c.h - horizon))
    if height <= 0:
        return
    top = int(horizon) - height
    part = c.img.crop((0, top, c.w, int(horizon))).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    part = part.filter(ImageFilter.GaussianBlur(blur * c.u))
    fade = gradient(1, height, [(opacity,) * 3, (0, 0, 0)]).convert("L").resize((c.w, height))
    part.putalpha(fade)
    c.img.alpha_composite(part, (0, int(horizon)))


def ripples(
    c: Canvas, top: float, bottom: float, color="#ffffff", n: int = 160, opacity: int = 60
) -> None:
    rng = c.rng
    with layer(c) as d:
        for _ in range(n):
            y = rng.uniform(top, bottom)
            k = (y - top) / max(1, bottom - top)
            length = (8 + 70 * k) * c.u * rng.uniform(0.5, 1.5)
            x = rng.uniform(-length, c.w)
            d.line(
                [(x, y), (x + length, y)],
                fill=alpha(color, opacity),
                width=max(1, round((1 + 2 * k) * c.u)),
            )


def mist(c: Canvas, y: float, height: float, color="#ffffff", opacity: int = 120) -> None:
    with layer(c, blur=25) as d:
        d.rectangle((0, y - height / 2, c.w, y + height / 2), fill=alpha(color, opacity))


def curve(p0, p1, p2, n: int = 16) -> list[tuple[float, float]]:
    """Points of a quadratic Bezier curve."""
    pts = []
    for i in range(n + 1):
        t = i / n
        pts.append(
            (
                (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t**2 * p2[0],
                (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t**2 * p2[1],
            )
        )
    return pts


# --- things ----------------------------------------------------------------------------


def palm(
    d: ImageDraw.ImageDraw,
    x: float,
    y: float,
    height: float,
    color,
    *,
    lean: float = 0.15,
    rng: random.Random,
) -> None:
    """A coconut palm: a curved tapering trunk and feathery drooping fronds."""
    top = (x + lean * height, y - height)
    trunk = curve((x, y), (x + lean * height * 0.2, y - height * 0.6), top)
    for i, (p, q) in enumerate(zip(trunk, trunk[1:], strict=False)):
        d.line([p, q], fill=color, width=max(2, round(height * (0.045 - 0.02 * i / len(trunk)))))
    for k in range(11):
        angle = math.pi * (0.95 + 1.1 * k / 10) + rng.uniform(-0.1, 0.1)
        length = height * rng.uniform(0.32, 0.45)
        droop = length * (0.25 + 0.5 * abs(math.cos(angle)))
        tip = (top[0] + math.cos(angle) * length, top[1] + math.sin(angle) * length * 0.5 + droop)
        mid = (
            top[0] + math.cos(angle) * length * 0.55,
            top[1] + math.sin(angle) * length * 0.55 - length * 0.1,
        )
        spine = curve(top, mid, tip, 14)
        d.line(spine, fill=color, width=max(1, round(height * 0.012)))
        for i in range(1, len(spine) - 1):
            (px, py), (qx, qy) = spine[i], spine[i + 1]
            dx, dy = qx - px, qy - py
            norm = math.hypot(dx, dy) or 1
            leaf = length * 0.16 * math.sin(math.pi * i / len(spine))
            for sgn in (-1, 1):
                nx, ny = -dy / norm * sgn, dx / norm * sgn
                d.line(
                    [
                        (px, py),
                        (
                            px + (nx * 0.8 + dx / norm * 0.6) * leaf,
                            py + (ny * 0.8 + dy / norm * 0.6) * leaf + leaf * 0.5,
                        ),
                    ],
                    fill=color,
                    width=max(1, round(height * 0.008)),
                )
    d.ellipse(bbox(top[0], top[1] + height * 0.02, height * 0.03), fill=darker(color, 0.2))


def pine(d: ImageDraw.ImageDraw, x: float, y: float, height: float, color) -> None:
    d.rectangle((x - height * 0.03, y - height * 0.2, x + height * 0.03, y), fill=color)
    for i in range(4):
        top = y - height * (0.45 + 0.18 * i) - height * 0.1
        half = height * (0.3 - 0.06 * i)
        base = y - height * (0.12 + 0.18 * i)
        d.polygon([(x - half, base), (x, top), (x + half, base)], fill=color)


def round_tree(
    d: ImageDraw.ImageDraw,
    x: float,
    y: float,
    height: float,
    color,
    *,
    rng: random.Random,
    trunk="#4a3626",
) -> None:
    d.rectangle((x - height * 0.04, y - height * 0.5, x + height * 0.04, y), fill=trunk)
    r = height * 0.28
    for _ in range(5):
        cx = x + rng.uniform(-0.6, 0.6) * r
        cy = y - height * 0.68 + rng.uniform(-0.5, 0.4) * r
        d.ellipse(bbox(cx, cy, r * rng.uniform(0.7, 1.0)), fill=color)
    d.ellipse(bbox(x - r * 0.35, y - height * 0.82, r * 0.45), fill=lighter(color, 0.12))


def person(d: ImageDraw.ImageDraw, x: float, y: float, height: float, color, head=None) -> None:
    head = head or darker(color, 0.35)
    d.ellipse(bbox(x, y - height * 0.9, height * 0.1), fill=head)
    d.rounded_rectangle(
        (x - height * 0.16, y - height * 0.78, x + height * 0.16, y - height * 0.38),
        radius=height * 0.08,
        fill=color,
    )
    leg = darker(color, 0.4)
    d.line(
        [(x - height * 0.07, y - height * 0.4), (x - height * 0.08, y)],
        fill=leg,
        width=max(2, round(height * 0.09)),
    )
    d.line(
        [(x + height * 0.07, y - height * 0.4), (x + height * 0.08, y)],
        fill=leg,
        width=max(2, round(height * 0.09)),
    )


def boat(
    d: ImageDraw.ImageDraw,
    x: float,
    y: float,
    length: float,
    hull,
    *,
    cabin=None,
    outrigger: bool = False,
) -> None:
    h = length * 0.16
    d.polygon(
        [
            (x - length / 2, y - h),
            (x + length / 2, y - h * 1.3),
            (x + length * 0.38, y),
            (x - length * 0.4, y),
        ],
        fill=hull,
    )
    d.line(
        [(x - length / 2, y - h), (x + length / 2, y - h * 1.3)],
        fill=lighter(hull, 0.4),
        width=max(1, round(h * 0.18)),
    )
    if cabin:
        d.rectangle((x - length * 0.12, y - h * 2.6, x + length * 0.18, y - h * 1.05), fill=cabin)
    if outrigger:
        d.line(
            [(x - length * 0.45, y + h * 0.4), (x + length * 0.4, y + h * 0.4)],
            fill=darker(hull, 0.5),
            width=max(1, round(h * 0.15)),
        )


def phinisi(d: ImageDraw.ImageDraw, x: float, y: float, length: float, sail="#efe3c6") -> None:
    h = length * 0.13
    hull = "#6b3f22"
    d.polygon(
        [
            (x - length * 0.55, y - h * 1.6),
            (x + length * 0.5, y - h * 1.3),
            (x + length * 0.35, y),
            (x - length * 0.38, y),
        ],
        fill=hull,
    )
    d.line(
        [(x - length * 0.55, y - h * 1.6), (x + length * 0.5, y - h * 1.3)],
        fill="#c9a06a",
        width=max(1, round(h * 0.2)),
    )
    for mx, mh in ((-0.12, 5.5), (0.18, 4.6)):
        mxp = x + length * mx
        top = y - h * mh - h
        d.line([(mxp, y - h * 1.4), (mxp, top)], fill="#3b2a1c", width=max(2, round(h * 0.12)))
        d.polygon(
            [
                (mxp + h * 0.2, top + h * 0.4),
                (mxp + h * 0.2, y - h * 1.9),
                (mxp + length * 0.2, y - h * 1.9),
            ],
            fill=sail,
        )
        d.polygon(
            [
                (mxp - h * 0.2, top + h * 0.8),
                (mxp - h * 0.2, y - h * 2.0),
                (mxp - length * 0.16, y - h * 2.0),
            ],
            fill=mix(sail, "#c8b48f", 0.4),
        )
    d.polygon(
        [
            (x + length * 0.5, y - h * 1.3),
            (x + length * 0.75, y - h * 1.9),
            (x + length * 0.32, y - h * 4.0),
        ],
        fill=sail,
    )


def windows(
    d: ImageDraw.ImageDraw,
    box: tuple,
    rng: random.Random,
    *,
    cell: float,
    lit=(255, 214, 140),
    dark=None,
    ratio: float = 0.45,
) -> None:
    x0, y0, x1, y1 = box
    y = y0 + cell * 0.8
    while y + cell * 0.6 < y1:
        x = x0 + cell * 0.6
        while x + cell * 0.5 < x1:
            on = rng.random() < ratio
            if on or dark:
                d.rectangle((x, y, x + cell * 0.45, y + cell * 0.55), fill=lit if on else dark)
            x += cell
        y += cell * 1.1


def building(
    d: ImageDraw.ImageDraw,
    x: float,
    base: float,
    width: float,
    height: float,
    color,
    *,
    rng: random.Random,
    cell: float,
    lit=(255, 214, 140),
    ratio: float = 0.45,
    dark_windows=None,
) -> None:
    top = base - height
    style = rng.random()
    d.rectangle((x, top, x + width, base), fill=color)
    if style < 0.2:  # antenna
        d.line(
            [(x + width / 2, top), (x + width / 2, top - height * 0.15)],
            fill=color,
            width=max(1, round(cell * 0.15)),
        )
    elif style < 0.4:  # stepped top
        d.rectangle((x + width * 0.2, top - height * 0.08, x + width * 0.8, top), fill=color)
    elif style < 0.5:  # slanted roof
        d.polygon([(x, top), (x + width, top), (x + width, top - width * 0.35)], fill=color)
    windows(d, (x, top, x + width, base), rng, cell=cell, lit=lit, ratio=ratio, dark=dark_windows)


# --- scenes ----------------------------------------------------------------------------

SceneFn = Callable[[Canvas, dict], None]
SCENE_KINDS: dict[str, SceneFn] = {}


def scene(name: str) -> Callable[[SceneFn], SceneFn]:
    def register(fn: SceneFn) -> SceneFn:
        SCENE_KINDS[name] = fn
        return fn

    return register


@scene("lake")
def draw_lake(c: Canvas, o: dict) -> None:
    """A caldera lake: steep walls, an island, a calm reflecting surface."""
    horizon = c.h * 0.56
    haze = sky(c, o.get("sky", "morning"), horizon)
    if o.get("sky") == "sunset":
        sun(c, c.w * 0.62, horizon - c.h * 0.08, 26 * c.u)
    else:
        sun(c, c.w * 0.75, horizon - c.h * 0.32, 22 * c.u)
    clouds(c, 6, c.h * 0.05, c.h * 0.3)
    hills(
        c,
        horizon,
        [(0.4, "#46688a"), (0.24, "#355c4c"), (0.11, "#2f5a3a")],
        haze,
        env=edges(0.3),
        blur=1.5,
    )
    if o.get("island"):
        with layer(c) as d:
            fill_below(
                d,
                c,
                ridge(c, horizon, c.h * 0.07, env=peak(0.55, 0.3, 0.6)),
                mix("#2e6443", haze, 0.25),
            )
    water(c, horizon, mix(haze, "#7fa7c4", 0.5), "#1d4a6e")
    reflect(c, horizon, opacity=130)
    ripples(c, horizon, c.h, "#ffffff", n=180, opacity=50)
    with layer(c) as d:
        shore = ridge(c, c.h * 1.03, c.h * 0.3, env=lambda t: max(0.0, 1 - t / 0.45) ** 0.9)
        fill_below(d, c, shore, "#24402a")
        for x in (0.03, 0.09, 0.15) if o.get("house") else (0.03, 0.09, 0.15, 0.22):
            px = c.w * x
            pine(d, px, y_at(shore, px) + 4 * c.u, c.h * c.rng.uniform(0.14, 0.22), "#1a3020")
        boat(d, c.w * 0.68, c.h * 0.8, 70 * c.u, "#8a3b2b", outrigger=True)
        if o.get("house"):
            x = c.w * 0.3
            batak_house(d, x, y_at(shore, x) + 10 * c.u, 60 * c.u)


def batak_house(d: ImageDraw.ImageDraw, x: float, base: float, s: float) -> None:
    """Rumah bolon style: on posts, with a saddle roof whose ends sweep up."""
    wood = "#4a2c1a"
    for i in range(5):
        px = x - 0.38 * s + i * 0.19 * s
        d.rectangle((px - 0.025 * s, base - 0.24 * s, px + 0.025 * s, base), fill="#2e1c10")
    d.polygon(
        [
            (x - 0.42 * s, base - 0.22 * s),
            (x + 0.42 * s, base - 0.22 * s),
            (x + 0.5 * s, base - 0.52 * s),
            (x - 0.5 * s, base - 0.52 * s),
        ],
        fill=wood,
    )
    for i, color in enumerate(("#b3261e", "#f1ede4", "#1b1b1b")):
        y = base - 0.5 * s + i * 0.045 * s
        d.rectangle((x - 0.48 * s, y, x + 0.48 * s, y + 0.03 * s), fill=color)
    for i in range(8):  # gorga triangles
        px = x - 0.44 * s + i * 0.12 * s
        d.polygon(
            [
                (px, base - 0.3 * s),
                (px + 0.05 * s, base - 0.38 * s),
                (px + 0.1 * s, base - 0.3 * s),
            ],
            fill="#b3261e",
        )
    left, right = (x - 0.74 * s, base - 1.6 * s), (x + 0.74 * s, base - 1.6 * s)
    ridge_line = curve(left, (x, base - 0.95 * s), right, 20)
    roof = [
        (x - 0.56 * s, base - 0.5 * s),
        left,
        *ridge_line,
        right,
        (x + 0.56 * s, base - 0.5 * s),
    ]
    d.polygon(roof, fill="#3a302a")
    for i in range(1, 8):  # thatch/zinc seams
        t = i / 8
        top = ridge_line[round(t * 20)]
        d.line(
            [top, (x - 0.56 * s + 1.12 * s * t, base - 0.5 * s)],
            fill="#2e2621",
            width=max(1, round(s * 0.01)),
        )
    d.line(ridge_line, fill="#5b4b3e", width=max(1, round(s * 0.03)))
    d.polygon(
        [(x - 0.08 * s, base - 0.5 * s), (x, base - 0.85 * s), (x + 0.08 * s, base - 0.5 * s)],
        fill="#b3261e",
    )


def sasak_barn(d: ImageDraw.ImageDraw, x: float, base: float, s: float) -> None:
    """Lumbung: four posts, a platform and a tall bonnet-shaped thatched roof."""
    for px in (-0.3, -0.1, 0.1, 0.3):
        d.rectangle(
            (x + px * s - 0.025 * s, base - 0.45 * s, x + px * s + 0.025 * s, base), fill="#4a3324"
        )
    d.ellipse(bbox(x, base - 0.45 * s, 0.4 * s, 0.05 * s), fill="#6b4a30")
    thatch = "#b98a4f"
    d.polygon(
        [
            (x - 0.55 * s, base - 0.42 * s),
            (x - 0.4 * s, base - 0.75 * s),
            (x + 0.4 * s, base - 0.75 * s),
            (x + 0.55 * s, base - 0.42 * s),
        ],
        fill=thatch,
    )
    d.ellipse((x - 0.42 * s, base - 1.6 * s, x + 0.42 * s, base - 0.45 * s), fill=thatch)
    d.polygon(
        [
            (x - 0.55 * s, base - 0.42 * s),
            (x + 0.55 * s, base - 0.42 * s),
            (x + 0.42 * s, base - 0.6 * s),
            (x - 0.42 * s, base - 0.6 * s),
        ],
        fill=darker(thatch, 0.2),
    )
    for i in range(6):
        px = x - 0.3 * s + i * 0.12 * s
        d.line(
            [(px, base - 1.45 * s), (px * 0.9 + x * 0.1, base - 0.6 * s)],
            fill=darker(thatch, 0.15),
            width=max(1, round(s * 0.012)),
        )


def java_house(d: ImageDraw.ImageDraw, x: float, base: float, s: float, color) -> None:
    """A joglo-like house: low walls, a tall hipped tile roof."""
    d.rectangle((x - 0.45 * s, base - 0.35 * s, x + 0.45 * s, base), fill="#efe4cf")
    d.rectangle((x - 0.1 * s, base - 0.25 * s, x + 0.1 * s, base), fill="#6b4a30")
    for px in (-0.32, 0.22):
        d.rectangle(
            (x + px * s, base - 0.25 * s, x + (px + 0.1) * s, base - 0.12 * s), fill="#6b4a30"
        )
    d.polygon(
        [
            (x - 0.6 * s, base - 0.33 * s),
            (x - 0.3 * s, base - 0.55 * s),
            (x + 0.3 * s, base - 0.55 * s),
            (x + 0.6 * s, base - 0.33 * s),
        ],
        fill=color,
    )
    d.polygon(
        [
            (x - 0.3 * s, base - 0.55 * s),
            (x - 0.12 * s, base - 0.85 * s),
            (x + 0.12 * s, base - 0.85 * s),
            (x + 0.3 * s, base - 0.55 * s),
        ],
        fill=darker(color, 0.15),
    )


@scene("village")
def draw_village(c: Canvas, o: dict) -> None:
    style = o.get("style", "batak")
    if style == "stilt":
        draw_stilt_village(c, o)
        return
    rng = c.rng
    horizon = c.h * 0.5
    haze = sky(c, o.get("sky", "day"), horizon)
    clouds(c, 5, c.h * 0.05, c.h * 0.28)
    hills(c, horizon, [(0.25, "#4d6f8f"), (0.12, "#3f6e45")], haze, env=edges(0.5), blur=1)
    ground_top = c.h * 0.62
    c.img.paste(gradient(c.w, c.h - int(ground_top), ["#7aa450", "#4f7a33"]), (0, int(ground_top)))
    with layer(c) as d:
        d.polygon(
            [
                (c.w * 0.45, ground_top),
                (c.w * 0.55, ground_top),
                (c.w * 0.75, c.h),
                (c.w * 0.3, c.h),
            ],
            fill="#c7ad7e",
        )
        for _ in range(7):
            x = rng.uniform(0, c.w)
            round_tree(d, x, ground_top + 6 * c.u, c.h * rng.uniform(0.12, 0.2), "#2f5f2a", rng=rng)
        roofs = ["#8d3b24", "#7a4b2a", "#9b4a2c", "#6e3a22"]
        spots = [(0.14, 0.78, 150), (0.38, 0.72, 110), (0.68, 0.72, 110), (0.88, 0.8, 150)]
        for i, (fx, fy, size) in enumerate(spots):
            x, base, s = c.w * fx, c.h * fy, size * c.u
            if style == "batak":
                batak_house(d, x, base, s)
            elif style == "sasak":
                if i % 2:
                    sasak_barn(d, x, base, s * 0.9)
                else:
                    java_house(d, x, base, s * 1.2, "#a58453")
            else:
                java_house(d, x, base, s * 1.3, roofs[i % len(roofs)])
        for _ in range(5):
            x = rng.uniform(0.3, 0.75) * c.w
            y = rng.uniform(0.82, 0.95) * c.h
            person(
                d,
                x,
                y,
                55 * c.u * (y / c.h),
                rng.choice(["#2b5d8a", "#8a2b3d", "#d9a441", "#3d6b3a", "#5a3d7a"]),
            )
        for x in (0.02, 0.97):
            palm(
                d,
                c.w * x,
                c.h * 1.0,
                c.h * 0.5,
                "#1f3a22",
                lean=0.12 if x < 0.5 else -0.12,
                rng=rng,
            )


def draw_stilt_village(c: Canvas, o: dict) -> None:
    """Houses on posts over the sea, boardwalks and canoes (Bajo villages)."""
    rng = c.rng
    horizon = c.h * 0.48
    haze = sky(c, o.get("sky", "day"), horizon)
    clouds(c, 5, c.h * 0.05, c.h * 0.3)
    hills(c, horizon, [(0.1, "#4e7b8c"), (0.05, "#3f7256")], haze, env=peak(0.25, 0.4, 0.6))
    water(c, horizon, "#5fb3c9", "#1d6f8a")
    ripples(c, horizon, c.h, "#e8fbff", n=160, opacity=70)
    waterline = c.h * 0.7
    with layer(c) as d:
        colors = ["#e7d7b8", "#a8c8d8", "#e2b8a0", "#c9d8a8", "#d8d8d8", "#e8c77a"]
        x = -20 * c.u
        while x < c.w:
            s = rng.uniform(110, 150) * c.u
            top = waterline - s * 0.75
            for px in (0.1, 0.5, 0.9):
                d.rectangle(
                    (
                        x + s * px - 3 * c.u,
                        top + s * 0.4,
                        x + s * px + 3 * c.u,
                        waterline + 20 * c.u,
                    ),
                    fill="#4a3526",
                )
            d.rectangle((x, top, x + s, top + s * 0.42), fill=rng.choice(colors))
            d.rectangle((x + s * 0.4, top + s * 0.15, x + s * 0.58, top + s * 0.42), fill="#5a3e2b")
            d.polygon(
                [(x - s * 0.08, top), (x + s / 2, top - s * 0.35), (x + s * 1.08, top)],
                fill=rng.choice(["#6f7b86", "#8a4a32", "#56626e", "#9a9a92"]),
            )
            with layer(c, blur=2) as dr:
                dr.rectangle(
                    (x, waterline + 22 * c.u, x + s, waterline + s * 0.5), fill=(40, 50, 60, 60)
                )
            x += s + rng.uniform(20, 60) * c.u
        d.rectangle((0, waterline - 8 * c.u, c.w, waterline - 2 * c.u), fill="#7a5a3c")
        for k in range(3):
            bx = c.w * (0.15 + 0.3 * k) + rng.uniform(-40, 40) * c.u
            boat(
                d,
                bx,
                c.h * (0.86 + 0.04 * k),
                110 * c.u,
                rng.choice(["#c0392b", "#2e86c1", "#f4d03f"]),
                outrigger=True,
            )


@scene("terraces")
def draw_terraces(c: Canvas, o: dict) -> None:
    """Contoured fields on a slope: rice, tea or vegetable terraces."""
    rng = c.rng
    variant = o.get("variant", "rice")
    horizon = c.h * 0.4
    haze = sky(c, o.get("sky", "morning"), horizon)
    clouds(c, 4, c.h * 0.04, c.h * 0.22)
    if o.get("volcano"):
        with layer(c, blur=1) as d:
            fill_below(
                d,
                c,
                ridge(c, horizon, c.h * 0.3, env=peak(0.62, 0.35, 1.0), rough=0.3),
                mix("#5d6f8a", haze, 0.45),
            )
    hills(c, horizon + 5 * c.u, [(0.12, "#4a7a8a"), (0.08, "#3d6b40")], haze, env=edges(0.4))
    palettes = {
        "rice": ["#7db343", "#5f9a35", "#9cc85a", "#86b84c", "#6fa83f", "#9fc4b8"],
        "tea": ["#2f6b34", "#3c7d3b", "#2a5f30", "#46863f"],
        "vegetable": ["#6f9a3c", "#8a7a4a", "#4f8a3a", "#a08a5a", "#5e8f40"],
    }
    colors = palettes.get(variant, palettes["rice"])
    top = c.h * 0.46
    n = 15
    wave = ridge(c, 0, 1, freq=0.9, rough=0.4, steps=120)
    wave_min = min(y for _, y in wave)

    def band_line(i: int) -> list[tuple[float, float]]:
        t = i / n
        base = top + (c.h * 1.02 - top) * t**1.25
        bend = c.h * (0.12 + 0.55 * t)  # nearer terraces curve more: a rounded hillside
        return [
            (x, base + bend * ((x / c.w) - 0.42) ** 2 * 2 + c.h * 0.03 * (y - wave_min))
            for x, y in wave
        ]

    with layer(c) as d:
        lines = [band_line(i) for i in range(n + 1)] + [[(0, c.h * 3), (c.w, c.h * 3)]]
        for i in range(n + 1):
            color = colors[(i * 3 + rng.randint(0, 1)) % len(colors)]
            d.polygon(lines[i] + lines[i + 1][::-1], fill=color)
            d.line(lines[i], fill=lighter(color, 0.35), width=max(1, round((1 + 3 * i / n) * c.u)))
            if variant == "tea" and i < n:
                for k in range(1, 3):
                    mid = [
                        (x, y + (lines[i + 1][j][1] - y) * k / 3)
                        for j, (x, y) in enumerate(lines[i])
                    ]
                    d.line(mid, fill=darker(color, 0.25), width=max(1, round(2 * c.u)))
        hut_x = c.w * 0.7
        hut_y = y_at(lines[9], hut_x)
        d.rectangle((hut_x - 30 * c.u, hut_y - 40 * c.u, hut_x + 30 * c.u, hut_y), fill="#7a5a3a")
        d.polygon(
            [
                (hut_x - 45 * c.u, hut_y - 38 * c.u),
                (hut_x, hut_y - 75 * c.u),
                (hut_x + 45 * c.u, hut_y - 38 * c.u),
            ],
            fill="#a8844f",
        )
        for x in (0.08, 0.9):
            px = c.w * x
            if variant == "rice":
                palm(
                    d,
                    px,
                    y_at(lines[12], px),
                    c.h * 0.42,
                    "#27452a",
                    rng=rng,
                    lean=0.1 if x < 0.5 else -0.1,
                )
            else:
                round_tree(d, px, y_at(lines[12], px), c.h * 0.34, "#2a4f2c", rng=rng)
        for _ in range(3):
            px = rng.uniform(0.25, 0.6) * c.w
            line = lines[rng.randint(8, 12)]
            person(d, px, y_at(line, px) + 10 * c.u, 40 * c.u, "#d9c48a", head="#c9a86a")
    mist(c, horizon + 30 * c.u, 50 * c.u, opacity=70)


@scene("beach")
def draw_beach(c: Canvas, o: dict) -> None:
    rng = c.rng
    horizon = c.h * 0.47
    name = o.get("sky", "day")
    haze = sky(c, name, horizon)
    if name == "sunset":
        sun(c, c.w * 0.5, horizon - c.h * 0.06, 30 * c.u)
    clouds(c, 6, c.h * 0.04, c.h * 0.3, opacity=170 if name != "sunset" else 110)
    if o.get("hills"):
        hills(c, horizon, [(0.18, "#5a7f6a"), (0.12, "#3f6b44")], haze, env=edges(0.0), blur=1)
    if o.get("lighthouse"):
        with layer(c) as d:
            fill_below(d, c, ridge(c, horizon, c.h * 0.035, env=peak(0.72, 0.07, 0.5)), "#3f6b46")
            lx, ly = c.w * 0.72, horizon - c.h * 0.03
            d.polygon(
                [
                    (lx - 8 * c.u, ly),
                    (lx - 5 * c.u, ly - 70 * c.u),
                    (lx + 5 * c.u, ly - 70 * c.u),
                    (lx + 8 * c.u, ly),
                ],
                fill="#f4f1ea",
            )
            d.rectangle((lx - 7 * c.u, ly - 80 * c.u, lx + 7 * c.u, ly - 70 * c.u), fill="#b03a2e")
    if o.get("sandbar"):
        with layer(c) as d:
            for cx in (0.3, 0.62):
                fill_below(d, c, ridge(c, horizon, c.h * 0.05, env=peak(cx, 0.08, 0.5)), "#2e6a3c")
            d.rectangle((c.w * 0.3, horizon - 3 * c.u, c.w * 0.62, horizon + 1), fill="#efe2c2")
    sea_far = "#2f6fa3" if name != "sunset" else mix("#3a5a8a", haze, 0.3)
    water(c, horizon, sea_far, "#3fb6c0")
    if name == "sunset":
        reflect(c, horizon, opacity=100, blur=6)
    ripples(c, horizon, c.h * 0.75, "#ffffff", n=150, opacity=55)
    shore = ridge(c, c.h * 0.78, c.h * 0.06, freq=0.6, rough=0.3)
    with layer(c, blur=2) as d:  # foam and wet sand
        fill_below(d, c, [(x, y - 10 * c.u) for x, y in shore], (255, 255, 255, 170))
    with layer(c) as d:
        fill_below(d, c, [(x, y - 3 * c.u) for x, y in shore], "#d9c9a3")
        fill_below(d, c, [(x, y + 12 * c.u) for x, y in shore], "#efe2c2")
        if o.get("boats"):
            for k in range(3):
                bx = c.w * (0.25 + 0.22 * k) + rng.uniform(-30, 30) * c.u
                by = horizon + c.h * (0.08 + 0.05 * k)
                boat(
                    d,
                    bx,
                    by,
                    (50 + 25 * k) * c.u,
                    rng.choice(["#c0392b", "#2e86c1", "#16a085"]),
                    outrigger=True,
                )
        if o.get("granite"):
            for side in (0.08, 0.88):
                for _ in range(6):
                    bx = c.w * side + rng.uniform(-90, 90) * c.u
                    by = c.h * rng.uniform(0.72, 0.9)
                    r = rng.uniform(40, 110) * c.u
                    boulder(d, bx, by, r, rng)
        if o.get("palms", True):
            for x in (0.04, 0.12, 0.93):
                palm(
                    d,
                    c.w * x,
                    c.h * 1.02,
                    c.h * rng.uniform(0.55, 0.7),
                    "#223d27",
                    lean=0.18 if x < 0.5 else -0.2,
                    rng=rng,
                )


def boulder(d: ImageDraw.ImageDraw, x: float, y: float, r: float, rng: random.Random) -> None:
    base = mix("#8f8a80", "#b6afa2", rng.random())
    d.ellipse(bbox(x, y, r, r * 0.72), fill=darker(base, 0.25))
    d.ellipse(bbox(x - r * 0.1, y - r * 0.08, r * 0.9, r * 0.6), fill=base)
    d.ellipse(bbox(x - r * 0.35, y - r * 0.3, r * 0.35, r * 0.2), fill=lighter(base, 0.25))


@scene("harbour")
def draw_harbour(c: Canvas, o: dict) -> None:
    rng = c.rng
    horizon = c.h * 0.55
    name = o.get("sky", "day")
    haze = sky(c, name, horizon)
    if name == "sunset":
        sun(c, c.w * 0.35, horizon - c.h * 0.1, 28 * c.u)
    clouds(c, 5, c.h * 0.05, c.h * 0.3, opacity=140)
    hills(c, horizon, [(0.2, "#4f6f86"), (0.09, "#3b6448")], haze, env=peak(0.3, 0.5, 0.8))
    water(c, horizon, mix(haze, "#3d6f94", 0.5), "#173f5f")
    reflect(c, horizon, opacity=110)
    with layer(c) as d:
        quay = c.h * 0.62
        if o.get("cranes"):
            d.rectangle((c.w * 0.5, quay, c.w, quay + 20 * c.u), fill="#4a4f57")
            palette = ["#b03a2e", "#2e86c1", "#d68910", "#1e8449", "#7d3c98", "#566573"]
            for k in range(34):
                bx = c.w * 0.52 + (k % 17) * 34 * c.u
                by = quay - (k // 17) * 18 * c.u
                d.rectangle((bx, by - 18 * c.u, bx + 32 * c.u, by), fill=rng.choice(palette))
            for k in range(3):
                crane(d, c.w * (0.6 + 0.13 * k), quay, 200 * c.u, "#e67e22" if k % 2 else "#d35400")
        for k in range(o.get("boats", 2)):
            bx = c.w * rng.uniform(0.08, 0.5)
            by = c.h * (0.7 + 0.06 * k)
            boat(
                d,
                bx,
                by,
                (80 + 30 * k) * c.u,
                rng.choice(["#1f618d", "#b03a2e", "#117a65", "#f1c40f"]),
                cabin="#f4f6f7",
                outrigger=not o.get("cranes"),
            )
        if o.get("phinisi"):
            phinisi(d, c.w * 0.62, c.h * 0.78, 300 * c.u)
            phinisi(d, c.w * 0.25, c.h * 0.68, 160 * c.u)
    ripples(c, horizon + 10 * c.u, c.h, "#ffffff", n=140, opacity=45)
    with layer(c) as d:  # a wooden pier in the foreground
        d.polygon(
            [(0, c.h * 0.9), (c.w * 0.45, c.h * 0.86), (c.w * 0.45, c.h * 0.88), (0, c.h * 0.95)],
            fill="#5a3e2b",
        )
        for k in range(8):
            px = c.w * 0.45 * k / 7
            d.rectangle(
                (px - 4 * c.u, c.h * (0.9 - 0.04 * k / 7), px + 4 * c.u, c.h), fill="#3e2a1c"
            )


def crane(d: ImageDraw.ImageDraw, x: float, base: float, height: float, color) -> None:
    lw = max(2, round(height * 0.025))
    for dx in (-0.2, 0.2):
        d.line(
            [(x + dx * height, base), (x + dx * height, base - height * 0.75)], fill=color, width=lw
        )
    d.line(
        [(x - 0.2 * height, base - height * 0.4), (x + 0.2 * height, base - height * 0.4)],
        fill=color,
        width=lw,
    )
    d.line(
        [(x - 0.6 * height, base - height * 0.75), (x + 0.45 * height, base - height * 0.75)],
        fill=color,
        width=lw,
    )
    d.line(
        [(x, base - height), (x - 0.6 * height, base - height * 0.75)],
        fill=color,
        width=max(1, lw // 2),
    )
    d.line(
        [(x, base - height), (x + 0.45 * height, base - height * 0.75)],
        fill=color,
        width=max(1, lw // 2),
    )
    d.line([(x, base - height), (x, base - height * 0.75)], fill=color, width=lw)


@scene("market")
def draw_market(c: Canvas, o: dict) -> None:
    """A row of stalls with striped awnings, goods and shoppers."""
    rng = c.rng
    evening = o.get("evening", False)
    horizon = c.h * 0.45
    haze = sky(c, "dusk" if evening else "day", horizon)
    with layer(c) as d:  # shophouses behind
        x = 0.0
        while x < c.w:
            width = rng.uniform(160, 260) * c.u
            height = rng.uniform(0.2, 0.32) * c.h
            color = mix(rng.choice(["#d8c3a5", "#c9b8a0", "#e0d0b8", "#b8a690"]), haze, 0.25)
            if evening:
                color = darker(color, 0.45)
            building(
                d,
                x,
                horizon + c.h * 0.1,
                width,
                height,
                color,
                rng=rng,
                cell=34 * c.u,
                lit=(255, 210, 130) if evening else darker(color, 0.3),
                ratio=0.5,
            )
            x += width + 4 * c.u
    ground = c.h * 0.55
    c.img.paste(gradient(c.w, c.h - int(ground), ["#9a8a74", "#6d6253"]), (0, int(ground)))
    goods = {
        "produce": ["#e67e22", "#c0392b", "#27ae60", "#f1c40f", "#8e44ad"],
        "fish": ["#aeb6bf", "#d5dbdb", "#85929e", "#e59866"],
        "weaving": ["#922b21", "#1a5276", "#b9770e", "#1d8348", "#6c3483"],
        "crafts": ["#a04000", "#2874a6", "#b7950b", "#7d3c98", "#148f77"],
    }[o.get("goods", "produce")]
    others = ["#c0392b", "#1f618d", "#d68910", "#117a65", "#6c3483"]
    awnings: list[RGB] = [c.accent, *(rgb(h) for h in rng.sample(others, 4))]
    with layer(c) as d:
        stall_w = c.w / 4.2
        for k in range(5):
            x0 = -stall_w * 0.4 + k * stall_w * 1.02
            top, table = c.h * 0.5, c.h * 0.72
            d.rectangle((x0 + 6 * c.u, top, x0 + 12 * c.u, c.h * 0.86), fill="#4a3526")
            d.rectangle(
                (x0 + stall_w - 12 * c.u, top, x0 + stall_w - 6 * c.u, c.h * 0.86), fill="#4a3526"
            )
            stripes = 8
            awning = awnings[k % len(awnings)]
            for s in range(stripes):
                sx = x0 + stall_w * s / stripes
                d.polygon(
                    [
                        (sx, top - 60 * c.u),
                        (sx + stall_w / stripes, top - 60 * c.u),
                        (sx + stall_w / stripes + 10 * c.u, top + 10 * c.u),
                        (sx + 10 * c.u, top + 10 * c.u),
                    ],
                    fill=awning if s % 2 == 0 else "#f5f0e6",
                )
            d.rectangle((x0, table, x0 + stall_w, table + 16 * c.u), fill="#6e4b32")
            d.rectangle(
                (x0 + 8 * c.u, table + 16 * c.u, x0 + stall_w - 8 * c.u, c.h * 0.86), fill="#5a3e2b"
            )
            for _ in range(26):
                gx = x0 + rng.uniform(0.08, 0.92) * stall_w
                gy = table - rng.uniform(2, 30) * c.u
                r = rng.uniform(8, 15) * c.u
                if o.get("goods") in ("weaving", "crafts"):
                    d.rectangle(
                        (gx - r, gy - r * 0.6, gx + r * 1.4, gy + r * 0.2), fill=rng.choice(goods)
                    )
                else:
                    d.ellipse(
                        bbox(gx, gy, r * (1.6 if o.get("goods") == "fish" else 1), r * 0.75),
                        fill=rng.choice(goods),
                    )
            if o.get("goods") in ("weaving", "crafts"):
                for s in range(3):
                    cloth = rng.choice(goods)
                    cx = x0 + stall_w * (0.2 + 0.3 * s)
                    d.rectangle(
                        (cx - 22 * c.u, top + 14 * c.u, cx + 22 * c.u, top + 120 * c.u), fill=cloth
                    )
                    for band in range(4):
                        by = top + (30 + band * 24) * c.u
                        d.rectangle(
                            (cx - 22 * c.u, by, cx + 22 * c.u, by + 6 * c.u),
                            fill=lighter(cloth, 0.45),
                        )
        if evening:
            for k in range(60):
                lx = c.w * k / 60
                ly = c.h * 0.36 + math.sin(k / 60 * math.pi * 4) ** 2 * 20 * c.u
                d.ellipse(bbox(lx, ly, 4 * c.u), fill="#ffe08a")
        clothes = ["#2b5d8a", "#8a2b3d", "#d9a441", "#3d6b3a", "#5a3d7a", "#c0392b", "#e8e3d9"]
        for _ in range(9):
            px = rng.uniform(0, c.w)
            py = rng.uniform(0.88, 1.02) * c.h
            person(d, px, py, rng.uniform(150, 210) * c.u, rng.choice(clothes), head="#3a2a20")
    if evening:
        with layer(c, blur=30) as d:
            d.rectangle((0, c.h * 0.3, c.w, c.h * 0.42), fill=(255, 200, 120, 50))


@scene("skyline")
def draw_skyline(c: Canvas, o: dict) -> None:
    rng = c.rng
    name = o.get("sky", "dusk")
    night = name in ("dusk",)
    horizon = c.h * (0.66 if o.get("waterfront") else 0.8)
    haze = sky(c, name, horizon)
    if name == "sunset":
        sun(c, c.w * 0.78, horizon - c.h * 0.12, 30 * c.u)
    clouds(c, 5, c.h * 0.04, c.h * 0.25, opacity=90 if night else 150)
    if o.get("mountains"):
        hills(
            c,
            horizon - c.h * 0.12,
            [(0.3, "#5a6f8f"), (0.18, "#4f6f7f")],
            haze,
            env=peak(0.45, 0.9, 0.4),
            blur=1,
        )
    layers = [(0.35, 0.55), (0.5, 0.3), (0.42, 0.0)]
    if o.get("waterfront"):
        layers = [(0.3, 0.55), (0.4, 0.3), (0.3, 0.0)]
    if o.get("small"):
        layers = [(0.2, 0.55), (0.18, 0.0)]
    base_color = "#1f2a44" if night else "#51657f"
    for i, (max_h, fade) in enumerate(layers):
        with layer(c, blur=1.2 if i == 0 else 0) as d:
            x = -rng.uniform(0, 60) * c.u
            while x < c.w:
                width = rng.uniform(50, 120) * c.u * (1 + 0.3 * i)
                height = (
                    c.h * max_h * rng.uniform(0.3, 1.0) * (0.6 + 0.4 * peak(0.55, 0.7)(x / c.w))
                )
                color = mix(base_color, haze, fade)
                building(
                    d,
                    x,
                    horizon + 2 * c.u,
                    width,
                    height,
                    color,
                    rng=rng,
                    cell=(14 + 4 * i) * c.u,
                    ratio=0.45 if night else 0.0,
                    dark_windows=None if night else lighter(color, 0.15),
                )
                x += width + rng.uniform(0, 12) * c.u
    if o.get("bridge"):
        with layer(c) as d:
            deck = horizon - c.h * 0.06
            px = c.w * 0.7
            d.rectangle((0, deck, c.w, deck + 10 * c.u), fill="#dfe4ea" if not night else "#9aa5b1")
            d.polygon(
                [
                    (px - 12 * c.u, deck + 10 * c.u),
                    (px - 5 * c.u, deck - c.h * 0.3),
                    (px + 5 * c.u, deck - c.h * 0.3),
                    (px + 12 * c.u, deck + 10 * c.u),
                ],
                fill="#e8ecef" if not night else "#b0bac4",
            )
            for k in range(1, 9):
                for sgn in (-1, 1):
                    d.line(
                        [(px, deck - c.h * 0.28 + k * 6 * c.u), (px + sgn * k * 40 * c.u, deck)],
                        fill="#c8d0d8",
                        width=max(1, round(1.5 * c.u)),
                    )
    if o.get("waterfront"):
        water(c, horizon, mix(haze, "#2f5f8a", 0.4), "#0f2f4f" if night else "#2a6a8f")
        reflect(c, horizon, opacity=150, blur=2)
        ripples(c, horizon, c.h, "#ffffff", n=200, opacity=40)
        with layer(c) as d:
            prom = c.h * 0.94
            d.rectangle((0, prom, c.w, c.h), fill="#6a625a" if not night else "#2c2a2e")
            for k in range(12):
                lx = c.w * (k + 0.5) / 12
                d.line(
                    [(lx, prom), (lx, prom - 60 * c.u)], fill="#222", width=max(1, round(3 * c.u))
                )
                d.ellipse(bbox(lx, prom - 62 * c.u, 7 * c.u), fill="#ffe7a8" if night else "#ddd")
            for _ in range(7):
                person(
                    d,
                    rng.uniform(0, c.w),
                    c.h * 0.99,
                    rng.uniform(70, 95) * c.u,
                    rng.choice(["#2b5d8a", "#8a2b3d", "#d9a441", "#3d6b3a"]),
                )
    else:
        with layer(c) as d:
            d.rectangle((0, horizon, c.w, c.h), fill="#3f4a3a" if night else "#5f7a4a")
            for _ in range(14):
                x = rng.uniform(0, c.w)
                round_tree(
                    d,
                    x,
                    c.h * rng.uniform(0.9, 1.02),
                    c.h * rng.uniform(0.14, 0.22),
                    "#21402a" if night else "#2f6a34",
                    rng=rng,
                )


@scene("volcano")
def draw_volcano(c: Canvas, o: dict) -> None:
    """A caldera at dawn: smoking cones rising from a sea of sand and mist."""
    rng = c.rng
    style = o.get("style", "bromo")
    horizon = c.h * 0.62
    haze = sky(c, o.get("sky", "dawn"), horizon)
    if style == "merapi":
        cone(
            c, 0.5, horizon + c.h * 0.05, 0.36, c.h * 0.42, "#5b5a63", haze, crater=0.05, ribs=True
        )
        smoke(c, c.w * 0.5, horizon - c.h * 0.37, 1.4)
        hills(c, horizon + c.h * 0.1, [(0.1, "#3f6a45"), (0.07, "#2f5a35")], haze)
        with layer(c) as d:
            for _ in range(16):
                x = rng.uniform(0, c.w)
                round_tree(
                    d,
                    x,
                    c.h * rng.uniform(0.95, 1.05),
                    c.h * rng.uniform(0.15, 0.25),
                    "#24492c",
                    rng=rng,
                )
        mist(c, horizon + c.h * 0.12, c.h * 0.08, opacity=90)
        return
    cone(c, 0.78, horizon, 0.3, c.h * 0.45, "#6a6f86", haze, crater=0.03, fade=0.45)
    smoke(c, c.w * 0.78, horizon - c.h * 0.44, 1.0)
    hills(c, horizon, [(0.14, "#6f6a74")], haze, env=edges(0.2), blur=1)
    sand = c.h * 0.7
    c.img.paste(
        gradient(c.w, c.h - int(sand), [mix("#c9b7a3", haze, 0.3), "#8f8074"]), (0, int(sand))
    )
    cone(
        c, 0.34, sand + 4 * c.u, 0.16, c.h * 0.17, "#7c6f66", haze, crater=0.07, fade=0.0, ribs=True
    )
    smoke(c, c.w * 0.34, sand - c.h * 0.16, 0.7)
    cone(c, 0.5, sand + 6 * c.u, 0.11, c.h * 0.15, "#6b6a4a", haze, crater=0.0, fade=0.0, ribs=True)
    mist(c, sand + 10 * c.u, c.h * 0.05, opacity=110)
    with layer(c) as d:
        temple_x = c.w * 0.2
        d.rectangle(
            (temple_x - 40 * c.u, sand + 10 * c.u, temple_x + 40 * c.u, sand + 30 * c.u),
            fill="#4a3f38",
        )
        for dx in (-30, 0, 30):
            d.polygon(
                [
                    (temple_x + (dx - 8) * c.u, sand + 10 * c.u),
                    (temple_x + dx * c.u, sand - 25 * c.u),
                    (temple_x + (dx + 8) * c.u, sand + 10 * c.u),
                ],
                fill="#3a302a",
            )
        front = ridge(c, c.h * 1.02, c.h * 0.2, env=lambda t: max(0.0, 1 - t / 0.35) ** 1.1)
        fill_below(d, c, front, "#1e2a22")
        for x in (0.02, 0.07, 0.12, 0.17, 0.24):
            px = c.w * x
            pine(d, px, y_at(front, px) + 5 * c.u, c.h * rng.uniform(0.18, 0.28), "#15201a")


def cone(
    c: Canvas,
    center: float,
    base: float,
    half_width: float,
    height: float,
    color,
    haze: RGB,
    *,
    crater: float = 0.05,
    fade: float = 0.3,
    ribs: bool = False,
) -> None:
    """A volcano: concave flanks, a flat crater rim, a sunlit side, optional erosion ribs."""
    rng = c.rng
    pts = []
    for i in range(121):
        t = -1 + 2 * i / 120
        k = max(0.0, abs(t) - crater) / (1 - crater)
        y = base - height * (1 - k) ** 1.8 + rng.uniform(-1, 1) * c.u
        pts.append((c.w * (center + t * half_width), y))
    col = mix(color, haze, fade)
    with layer(c) as d:
        d.polygon(pts, fill=col)
        d.polygon(pts[:61] + [(c.w * center, base)], fill=lighter(col, 0.08))
        if ribs:
            for i in range(4, 117, 5):
                x, y = pts[i]
                d.line(
                    [(x, y), (x + (x - c.w * center) * 0.08, base)],
                    fill=darker(col, 0.18),
                    width=max(1, round(2 * c.u)),
                )


def smoke(c: Canvas, x: float, y: float, size: float) -> None:
    rng = c.rng
    with layer(c, blur=10) as d:
        for k in range(12):
            r = (25 + 8 * k) * c.u * size
            d.ellipse(
                bbox(
                    x + k * 14 * c.u * size + rng.uniform(-8, 8) * c.u,
                    y - k * 16 * c.u * size,
                    r,
                    r * 0.7,
                ),
                fill=(240, 236, 230, max(20, 170 - k * 12)),
            )


@scene("reef")
def draw_reef(c: Canvas, o: dict) -> None:
    """Underwater: light rays, corals, sea fans and fish."""
    rng = c.rng
    muck = o.get("muck", False)
    stops = (
        ["#5fd3e0", "#1f8fb8", "#0b4c7a", "#07304f"]
        if not muck
        else ["#4aa8b8", "#1b6f8a", "#0d3f5c", "#0a2a3a"]
    )
    c.img.paste(gradient(c.w, c.h, stops), (0, 0))
    with layer(c, blur=18) as d:
        for _ in range(7):
            x = rng.uniform(0, c.w)
            wdt = rng.uniform(30, 90) * c.u
            d.polygon(
                [(x, 0), (x + wdt, 0), (x + wdt * 3 - c.w * 0.15, c.h), (x - c.w * 0.15, c.h)],
                fill=(255, 255, 255, 45),
            )
    with layer(c, blur=6) as d:
        fill_below(d, c, ridge(c, c.h * 0.7, c.h * 0.2, rough=0.7), (14, 60, 100, 150))
    floor = ridge(c, c.h * 0.88, c.h * 0.06, freq=0.8)
    with layer(c) as d:
        fill_below(d, c, floor, "#6d6a55" if muck else "#c8b98e")
        coral_colors = ["#e76f7a", "#f4a259", "#b56bd6", "#f9d56e", "#ff8fab", "#5cc8a8"]
        for _ in range(9 if not muck else 4):
            x = rng.uniform(0, c.w)
            base = y_at(floor, x) + 6 * c.u
            kind = rng.random()
            color = rng.choice(coral_colors)
            if kind < 0.35:
                branch(d, x, base, -math.pi / 2, rng.uniform(70, 120) * c.u, color, rng, 5)
            elif kind < 0.6:
                fan(d, x, base, rng.uniform(90, 150) * c.u, color, rng)
            else:
                r = rng.uniform(40, 80) * c.u
                d.ellipse(bbox(x, base - r * 0.5, r, r * 0.7), fill=color)
                for k in range(5):
                    d.arc(
                        bbox(x, base - r * 0.5, r * (0.3 + 0.13 * k), r * 0.7 * (0.3 + 0.13 * k)),
                        200,
                        340,
                        fill=darker(color, 0.2),
                        width=max(1, round(2 * c.u)),
                    )
        fish_colors = ["#f9d56e", "#ff7b54", "#4cc9f0", "#f72585", "#ffffff", "#7bd389"]
        for _ in range(16):
            fish(
                d,
                rng.uniform(0, c.w),
                rng.uniform(0.15, 0.75) * c.h,
                rng.uniform(18, 40) * c.u,
                rng.choice(fish_colors),
                rng.random() < 0.5,
            )
        school_x, school_y = rng.uniform(0.2, 0.7) * c.w, rng.uniform(0.2, 0.4) * c.h
        for _ in range(40):
            fish(
                d,
                school_x + rng.gauss(0, 90) * c.u,
                school_y + rng.gauss(0, 35) * c.u,
                9 * c.u,
                "#cfe8f2",
                True,
            )
    with layer(c) as d:
        for _ in range(30):
            bx, by = rng.uniform(0, c.w), rng.uniform(0, c.h * 0.8)
            r = rng.uniform(2, 7) * c.u
            d.ellipse(bbox(bx, by, r), outline=(255, 255, 255, 150), width=max(1, round(c.u)))


def branch(d, x, y, angle, length, color, rng, depth) -> None:
    if depth == 0 or length < 4:
        return
    x2, y2 = x + math.cos(angle) * length, y + math.sin(angle) * length
    d.line([(x, y), (x2, y2)], fill=color, width=max(2, round(length * 0.18)))
    d.ellipse(bbox(x2, y2, length * 0.09), fill=color)
    for delta in (-0.45, 0.4):
        branch(
            d, x2, y2, angle + delta + rng.uniform(-0.15, 0.15), length * 0.7, color, rng, depth - 1
        )


def fan(d, x, y, size, color, rng) -> None:
    for k in range(22):
        angle = -math.pi * (0.15 + 0.7 * k / 21)
        length = size * rng.uniform(0.75, 1.0)
        d.line(
            [(x, y), (x + math.cos(angle) * length, y + math.sin(angle) * length)],
            fill=color,
            width=max(1, round(size * 0.02)),
        )
    d.line([(x, y), (x, y - size * 0.2)], fill=darker(color, 0.3), width=max(2, round(size * 0.05)))


def fish(d, x, y, size, color, facing_left) -> None:
    sgn = -1 if facing_left else 1
    d.ellipse(bbox(x, y, size, size * 0.45), fill=color)
    d.polygon(
        [
            (x - sgn * size * 0.8, y),
            (x - sgn * size * 1.5, y - size * 0.45),
            (x - sgn * size * 1.5, y + size * 0.45),
        ],
        fill=color,
    )
    d.ellipse(bbox(x + sgn * size * 0.55, y - size * 0.1, size * 0.08), fill="#1b1b1b")


@scene("temple")
def draw_temple(c: Canvas, o: dict) -> None:
    """A candi at sunrise, volcanoes behind, mist over the tree line."""
    rng = c.rng
    horizon = c.h * 0.62
    haze = sky(c, o.get("sky", "dawn"), horizon)
    sun(c, c.w * 0.3, horizon - c.h * 0.25, 26 * c.u)
    cone(c, 0.22, horizon, 0.3, c.h * 0.36, "#59607a", haze, crater=0.04, fade=0.55)
    cone(c, 0.8, horizon, 0.33, c.h * 0.32, "#59607a", haze, crater=0.06, fade=0.6)
    mist(c, horizon - c.h * 0.02, c.h * 0.12, opacity=140)
    with layer(c) as d:
        line = ridge(c, horizon + c.h * 0.06, c.h * 0.06, freq=3, rough=0.7)
        fill_below(d, c, line, mix("#2f4f35", haze, 0.35))
    mist(c, horizon + c.h * 0.06, c.h * 0.06, opacity=90)
    stone = mix("#4f4a48", haze, 0.15)
    with layer(c) as d:
        if o.get("style", "stupa") == "stupa":
            stupa_temple(d, c.w * 0.55, c.h * 0.78, c.h * 0.3, stone)
        else:
            for dx, s in ((-0.16, 0.55), (0.16, 0.55), (-0.08, 0.7), (0.08, 0.7), (0.0, 1.0)):
                spire(d, c.w * (0.55 + dx), c.h * 0.8, c.h * 0.38 * s, darker(stone, 0.1 * (1 - s)))
        front = ridge(c, c.h * 0.98, c.h * 0.12, freq=2, rough=0.6)
        fill_below(d, c, front, "#1f3322")
        for x in (0.04, 0.12, 0.88, 0.95):
            palm(
                d,
                c.w * x,
                c.h * 1.02,
                c.h * rng.uniform(0.45, 0.6),
                "#142217",
                lean=0.15 if x < 0.5 else -0.15,
                rng=rng,
            )


def stupa_temple(d: ImageDraw.ImageDraw, x: float, base: float, height: float, color) -> None:
    """Stepped square terraces, rows of bell stupas and a main stupa on top."""
    levels = 6
    width = height * 2.6
    step = height * 0.09
    for i in range(levels):
        w = width * (1 - 0.12 * i)
        top = base - step * (i + 1)
        d.rectangle((x - w / 2, top, x + w / 2, top + step), fill=lighter(color, 0.04 * (i % 2)))
        d.line([(x - w / 2, top), (x + w / 2, top)], fill=lighter(color, 0.25), width=2)
    y = base - step * levels
    for row, count in enumerate((9, 7, 5)):
        w = width * (0.38 - 0.08 * row)
        yy = y - row * height * 0.09
        d.rectangle(
            (x - w / 2 - height * 0.05, yy - height * 0.03, x + w / 2 + height * 0.05, yy),
            fill=lighter(color, 0.05),
        )
        for k in range(count):
            sx = x - w / 2 + w * k / (count - 1)
            bell(d, sx, yy - height * 0.03, height * 0.06, lighter(color, 0.08))
    bell(d, x, y - height * 0.3, height * 0.16, lighter(color, 0.1))


def bell(d: ImageDraw.ImageDraw, x: float, base: float, r: float, color) -> None:
    d.chord((x - r, base - r * 1.5, x + r, base + r * 0.5), 180, 360, fill=color)
    d.rectangle((x - r * 0.25, base - r * 1.3, x + r * 0.25, base - r), fill=color)
    d.polygon(
        [(x - r * 0.12, base - r * 1.3), (x, base - r * 2.1), (x + r * 0.12, base - r * 1.3)],
        fill=color,
    )


def spire(d: ImageDraw.ImageDraw, x: float, base: float, height: float, color) -> None:
    """A Prambanan-like tower: a base, a body and tiers tapering to a point."""
    w = height * 0.42
    d.rectangle((x - w * 0.65, base - height * 0.12, x + w * 0.65, base), fill=color)
    d.rectangle((x - w / 2, base - height * 0.45, x + w / 2, base - height * 0.12), fill=color)
    d.rectangle(
        (x - w * 0.12, base - height * 0.38, x + w * 0.12, base - height * 0.16),
        fill=darker(color, 0.35),
    )
    for k in range(6):
        tw = w * (0.55 - 0.08 * k)
        ty = base - height * (0.45 + 0.075 * k)
        d.rectangle((x - tw, ty - height * 0.06, x + tw, ty), fill=lighter(color, 0.05 * (k % 2)))
        for sgn in (-1, 1):
            d.polygon(
                [
                    (x + sgn * tw, ty - height * 0.06),
                    (x + sgn * tw * 1.1, ty - height * 0.1),
                    (x + sgn * tw * 0.85, ty - height * 0.06),
                ],
                fill=color,
            )
    d.polygon(
        [
            (x - w * 0.1, base - height * 0.9),
            (x, base - height),
            (x + w * 0.1, base - height * 0.9),
        ],
        fill=color,
    )


@scene("islands")
def draw_islands(c: Canvas, o: dict) -> None:
    style = o.get("style", "karst")
    rng = c.rng
    horizon = c.h * 0.36
    name = o.get("sky", "day")
    haze = sky(c, name, horizon)
    if name == "sunset":
        sun(c, c.w * 0.7, horizon - c.h * 0.05, 24 * c.u)
    clouds(c, 5, c.h * 0.03, c.h * 0.22, opacity=150 if name != "sunset" else 100)
    water(c, horizon, mix(haze, "#2f6f9a", 0.5), "#2fb3b0" if style != "savanna" else "#1f6f8f")
    if name == "sunset":
        reflect(c, horizon, opacity=90, blur=6)
    if style == "savanna":
        draw_savanna_bays(c, horizon, haze)
        return
    with layer(c, blur=14) as d:  # shallow lagoons
        for _ in range(8):
            x, y = rng.uniform(0, c.w), rng.uniform(0.5, 0.9) * c.h
            d.ellipse(
                bbox(x, y, rng.uniform(100, 260) * c.u, rng.uniform(20, 60) * c.u),
                fill=(140, 235, 220, 70),
            )
    islets = sorted(((rng.uniform(0, 1), rng.uniform(0, 1)) for _ in range(16)), key=lambda p: p[1])
    for fx, depth in islets:
        y = horizon + (c.h * 0.62 - horizon) * depth**1.4 + 6 * c.u
        size = (20 + 150 * depth**1.5) * c.u
        islet(c, c.w * fx, y, size, haze, depth, karst=style == "karst")
    with layer(c) as d:  # the viewpoint rocks
        front = ridge(c, c.h * 1.02, c.h * 0.22, env=lambda t: max(0.0, abs(2 * t - 1) - 0.3) / 0.7)
        fill_below(d, c, front, "#2b3a2c")
        for x in (0.03, 0.1, 0.9, 0.96):
            px = c.w * x
            round_tree(d, px, y_at(front, px) + 10 * c.u, c.h * 0.2, "#23462a", rng=rng)


def islet(
    c: Canvas, x: float, waterline: float, size: float, haze: RGB, depth: float, *, karst: bool
) -> None:
    """A rounded, forested rock island; karst ones are undercut at the waterline."""
    rng = c.rng
    green = mix("#2f7a3a", haze, 0.55 * (1 - depth))
    rock = mix("#6a6656", haze, 0.5 * (1 - depth))
    height = size * (0.95 if karst else 0.5)
    with layer(c, blur=1.5) as d:
        d.ellipse(bbox(x, waterline + size * 0.04, size * 0.9, size * 0.06), fill=(10, 50, 60, 80))
    with layer(c) as d:
        if karst:
            d.polygon(
                [
                    (x - size * 0.62, waterline - height * 0.16),
                    (x + size * 0.66, waterline - height * 0.16),
                    (x + size * 0.5, waterline),
                    (x - size * 0.48, waterline),
                ],
                fill=rock,
            )
            dome_bottom = waterline - height * 0.12
        else:
            dome_bottom = waterline
        d.chord(
            (x - size, dome_bottom - height, x + size, dome_bottom + height), 180, 360, fill=green
        )
        for _ in range(9):  # tree crowns along the dome
            a = math.pi * rng.uniform(1.1, 1.9)
            px, py = x + math.cos(a) * size * 0.92, dome_bottom + math.sin(a) * height * 0.95
            d.ellipse(bbox(px, py, size * 0.16, size * 0.12), fill=green)
        d.chord(
            (
                x - size * 0.7,
                dome_bottom - height * 0.85,
                x + size * 0.3,
                dome_bottom + height * 0.4,
            ),
            190,
            300,
            fill=lighter(green, 0.12),
        )


def draw_savanna_bays(c: Canvas, horizon: float, haze: RGB) -> None:
    """Grassy ridges reaching into the sea around white and pink beaches (Padar-like)."""
    rng = c.rng
    with layer(c, blur=1) as d:  # far islands on the horizon
        far = ridge(c, horizon + 1, c.h * 0.07, env=edges(0.1))
        d.polygon([*far, (c.w, horizon + 1), (0, horizon + 1)], fill=mix("#6f7a62", haze, 0.5))
    golds = ["#b5955a", "#c2a264", "#a98c52"]
    capes = [
        (0.15, 0.5, 0.3, 0.2, "#f3e6cc"),
        (0.85, 0.58, 0.34, 0.24, "#f0d6cf"),
        (0.35, 0.7, 0.45, 0.26, "#f3e6cc"),
    ]
    for i, (cx, shore_y, width, amp, sand) in enumerate(capes):
        shore = c.h * shore_y
        color = mix(golds[i % len(golds)], haze, 0.25 * (1 - i / 2))
        pts = ridge(c, shore, c.h * amp, env=peak(cx, width, 0.8), rough=0.5)
        land = [(x, y) for x, y in pts if y < shore - 0.5]
        if len(land) < 3:
            continue
        left, right = land[0][0], land[-1][0]
        with layer(c, blur=2) as d:
            d.ellipse(
                (left - 30 * c.u, shore - 8 * c.u, right + 30 * c.u, shore + 14 * c.u),
                fill=alpha(sand, 255),
            )
        with layer(c) as d:
            d.polygon([(left, shore), *land, (right, shore)], fill=color)
            fold = ridge(
                c, shore, c.h * amp * 0.55, env=peak(cx + 0.05, width * 0.7, 0.9), rough=0.6
            )
            fold = [(x, y) for x, y in fold if y < shore - 0.5]
            if len(fold) > 2:
                d.polygon(
                    [(fold[0][0], shore), *fold, (fold[-1][0], shore)],
                    fill=mix(color, "#5f7a3a", 0.35),
                )
    with layer(c) as d:  # the summit we are standing on
        front = ridge(c, c.h * 1.03, c.h * 0.14, rough=0.6)
        fill_below(d, c, front, "#8a6f42")
        for _ in range(4):
            px = rng.uniform(0.3, 0.7) * c.w
            person(
                d,
                px,
                y_at(front, px) + 16 * c.u,
                80 * c.u,
                rng.choice(["#c0392b", "#2e86c1", "#f4d03f"]),
            )


@scene("orchard")
def draw_orchard(c: Canvas, o: dict) -> None:
    """Rows of apple trees below the mountains; paragliders in the sky."""
    rng = c.rng
    horizon = c.h * 0.48
    haze = sky(c, o.get("sky", "day"), horizon)
    clouds(c, 5, c.h * 0.04, c.h * 0.25)
    hills(
        c,
        horizon,
        [(0.34, "#4d6288"), (0.2, "#3f6f55"), (0.1, "#4f7f3f")],
        haze,
        env=peak(0.35, 0.8, 0.7),
        blur=1,
    )
    c.img.paste(gradient(c.w, c.h - int(horizon), ["#86ad57", "#5a8a34"]), (0, int(horizon)))
    vanish = (c.w * 0.5, horizon - c.h * 0.05)
    rows = 9
    with layer(c) as d:
        for r in range(rows, -1, -1):  # far rows first
            for side in (-1, 1):
                for k in range(14, 0, -1):
                    t = k / 14
                    depth = 1 - t
                    x = vanish[0] + side * (c.w * (0.05 + 0.12 * r)) * (1 - depth * 0.92)
                    y = vanish[1] + (c.h - vanish[1]) * (1 - depth) ** 1.6 + c.h * 0.05
                    if y < horizon + 4 * c.u or x < -80 * c.u or x > c.w + 80 * c.u:
                        continue
                    size = c.h * 0.2 * (1 - depth) ** 1.5 + 6 * c.u
                    tree_color = mix("#2f6a2a", haze, 0.4 * depth)
                    d.rectangle(
                        (x - size * 0.06, y - size * 0.4, x + size * 0.06, y), fill="#5a4030"
                    )
                    d.ellipse(bbox(x, y - size * 0.6, size * 0.42, size * 0.36), fill=tree_color)
                    if size > 20 * c.u:
                        for _ in range(5):
                            ax = x + rng.uniform(-0.3, 0.3) * size
                            ay = y - size * 0.6 + rng.uniform(-0.25, 0.25) * size
                            d.ellipse(bbox(ax, ay, size * 0.045), fill="#c0392b")
        d.polygon(
            [
                (vanish[0] - 4 * c.u, horizon),
                (vanish[0] + 4 * c.u, horizon),
                (c.w * 0.56, c.h),
                (c.w * 0.44, c.h),
            ],
            fill="#b59a6a",
        )
        if o.get("paragliders"):
            for k in range(3):
                px, py = c.w * (0.2 + 0.25 * k), c.h * (0.12 + 0.05 * k)
                d.arc(
                    bbox(px, py + 30 * c.u, 40 * c.u, 25 * c.u),
                    200,
                    340,
                    fill=rng.choice(["#e74c3c", "#f1c40f", "#8e44ad"]),
                    width=round(8 * c.u),
                )
                d.ellipse(bbox(px, py + 40 * c.u, 3 * c.u), fill="#333")


@scene("command_room")
def draw_command_room(c: Canvas, o: dict) -> None:
    """A city operations room: a video wall of charts, operators at curved desks."""
    rng = c.rng
    c.img.paste(gradient(c.w, c.h, ["#0c1428", "#14213d", "#0a1020"]), (0, 0))
    wall_top, wall_bottom = c.h * 0.1, c.h * 0.58
    cols, rows = 5, 2
    gap = 10 * c.u
    cell_w = (c.w * 0.9 - gap * (cols - 1)) / cols
    cell_h = (wall_bottom - wall_top - gap * (rows - 1)) / rows
    colors = [rgb(p[2]) for p in PILLARS]
    kinds = rng.sample(range(5), 5) + rng.sample(range(5), 5)
    with layer(c, blur=25) as d:
        d.rectangle(
            (c.w * 0.05, wall_top, c.w * 0.95, wall_bottom), fill=alpha(lighter(c.accent, 0.3), 90)
        )
    with layer(c) as d:
        for r in range(rows):
            for k in range(cols):
                x0 = c.w * 0.05 + k * (cell_w + gap)
                y0 = wall_top + r * (cell_h + gap)
                box = (x0, y0, x0 + cell_w, y0 + cell_h)
                d.rectangle(box, fill="#10284a", outline="#3a6ea5", width=max(1, round(2 * c.u)))
                screen(d, box, kinds[r * cols + k], rng, colors, c.u)
        d.polygon([(0, c.h), (c.w, c.h), (c.w, c.h * 0.78), (0, c.h * 0.78)], fill="#0b1222")
        for row, y in enumerate((0.72, 0.86)):
            desk = [
                (0, c.h * (y + 0.04)),
                *curve((0, c.h * y), (c.w / 2, c.h * (y - 0.06)), (c.w, c.h * y), 24),
                (c.w, c.h * (y + 0.04)),
            ]
            d.polygon(desk, fill="#1c2740" if row == 0 else "#222f4d")
            for k in range(6 + row):
                mx = c.w * (0.08 + 0.84 * k / (5 + row))
                my = c.h * (y - 0.07) + abs(mx - c.w / 2) / c.w * c.h * 0.08
                mw = 70 * c.u * (1 + 0.3 * row)
                d.rectangle((mx - mw / 2, my - mw * 0.55, mx + mw / 2, my), fill="#5fa8ff")
                d.rectangle(
                    (
                        mx - mw / 2 + 4 * c.u,
                        my - mw * 0.55 + 4 * c.u,
                        mx + mw / 2 - 4 * c.u,
                        my - 4 * c.u,
                    ),
                    fill="#173a66",
                )
                if rng.random() < 0.7:
                    px = mx + rng.uniform(-20, 20) * c.u
                    head_y = my + 30 * c.u * (1 + 0.3 * row)
                    rr = 18 * c.u * (1 + 0.3 * row)
                    d.rounded_rectangle(
                        (px - rr * 1.8, head_y + rr * 0.7, px + rr * 1.8, head_y + rr * 4),
                        radius=rr,
                        fill="#070b14",
                    )
                    d.ellipse(bbox(px, head_y, rr), fill="#070b14")


def screen(d, box, kind, rng, colors, u) -> None:
    """One tile of the video wall: line chart, bars, map, donut or KPI cards."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    pad = 12 * u
    if kind == 0:
        for s in range(2):
            pts = [
                (
                    x0 + pad + (w - 2 * pad) * i / 11,
                    y1 - pad - (h - 2 * pad) * (0.2 + 0.6 * rng.random() * (0.5 + i / 22)),
                )
                for i in range(12)
            ]
            d.line(pts, fill=colors[s * 3], width=max(2, round(3 * u)))
    elif kind == 1:
        for i in range(8):
            bh = (h - 2 * pad) * rng.uniform(0.2, 0.95)
            bx = x0 + pad + i * (w - 2 * pad) / 8
            d.rectangle(
                (bx, y1 - pad - bh, bx + (w - 2 * pad) / 8 * 0.7, y1 - pad),
                fill=colors[i % len(colors)],
            )
    elif kind == 2:
        d.ellipse((x0 + w * 0.15, y0 + h * 0.25, x0 + w * 0.55, y0 + h * 0.7), fill="#1f4f7a")
        d.ellipse((x0 + w * 0.45, y0 + h * 0.35, x0 + w * 0.85, y0 + h * 0.8), fill="#1f4f7a")
        for _ in range(14):
            px, py = x0 + w * rng.uniform(0.2, 0.8), y0 + h * rng.uniform(0.3, 0.75)
            d.ellipse(bbox(px, py, 4 * u), fill=rng.choice(colors))
    elif kind == 3:
        start = 0.0
        cx, cy, r = x0 + w * 0.35, y0 + h / 2, min(w, h) * 0.32
        for i, share in enumerate((0.3, 0.25, 0.2, 0.15, 0.1)):
            d.pieslice(
                bbox(cx, cy, r), start * 360 - 90, (start + share) * 360 - 90, fill=colors[i]
            )
            start += share
        d.ellipse(bbox(cx, cy, r * 0.55), fill="#10284a")
        for i in range(4):
            d.rectangle(
                (
                    x0 + w * 0.7,
                    y0 + h * (0.25 + 0.14 * i),
                    x0 + w * 0.9,
                    y0 + h * (0.25 + 0.14 * i) + 8 * u,
                ),
                fill=colors[i],
            )
    else:
        for i in range(3):
            cx0 = x0 + pad + i * (w - 2 * pad) / 3
            d.rectangle((cx0, y0 + pad, cx0 + (w - 2 * pad) / 3 - 8 * u, y1 - pad), fill="#16365f")
            d.rectangle(
                (cx0 + 8 * u, y0 + pad + 12 * u, cx0 + 40 * u, y0 + pad + 20 * u), fill="#8fb8e8"
            )
            d.rectangle(
                (
                    cx0 + 8 * u,
                    y0 + pad + 30 * u,
                    cx0 + (w - 2 * pad) / 3 - 24 * u,
                    y0 + pad + 52 * u,
                ),
                fill=colors[(i + 2) % len(colors)],
            )


@scene("racetrack")
def draw_racetrack(c: Canvas, o: dict) -> None:
    """A street circuit between green hills and the sea, kerbs and a grandstand."""
    rng = c.rng
    horizon = c.h * 0.42
    haze = sky(c, o.get("sky", "day"), horizon)
    clouds(c, 6, c.h * 0.03, c.h * 0.25)
    water(c, horizon, "#2f6fa3", "#4fb6c8")
    hills(
        c,
        horizon + c.h * 0.02,
        [(0.2, "#5f7f5a"), (0.14, "#4f7a3a")],
        haze,
        env=lambda t: min(1.0, max(0.0, (t - 0.25) / 0.3)),
        blur=1,
    )
    ground = c.h * 0.5
    c.img.paste(gradient(c.w, c.h - int(ground), ["#8fb35a", "#6f9a3f"]), (0, int(ground)))
    centre = curve((-c.w * 0.1, c.h * 0.95), (c.w * 0.55, c.h * 0.35), (c.w * 1.1, c.h * 0.62), 60)
    with layer(c) as d:
        for i, (p, q) in enumerate(zip(centre, centre[1:], strict=False)):
            t = i / len(centre)
            width = (180 - 130 * math.sin(math.pi * t * 0.9)) * c.u
            d.line([p, q], fill="#d7c79f", width=round(width * 1.5))
        for i, (p, q) in enumerate(zip(centre, centre[1:], strict=False)):
            t = i / len(centre)
            width = (180 - 130 * math.sin(math.pi * t * 0.9)) * c.u
            d.line([p, q], fill="#4a4d52", width=round(width))
            d.ellipse(bbox(q[0], q[1], width / 2), fill="#4a4d52")
        for i, (p, q) in enumerate(zip(centre, centre[1:], strict=False)):
            t = i / len(centre)
            width = (180 - 130 * math.sin(math.pi * t * 0.9)) * c.u
            off = width / 2
            color = "#d62c2c" if i % 2 else "#f4f4f4"
            d.line(
                [(p[0], p[1] - off), (q[0], q[1] - off)], fill=color, width=max(2, round(10 * c.u))
            )
            d.line(
                [(p[0], p[1] + off), (q[0], q[1] + off)],
                fill="#f4f4f4",
                width=max(1, round(4 * c.u)),
            )
        gx, gy = c.w * 0.68, c.h * 0.5
        d.rectangle((gx, gy, gx + c.w * 0.3, gy + c.h * 0.08), fill="#d5d8dc")
        for k in range(5):
            d.rectangle(
                (
                    gx + 4 * c.u,
                    gy + k * c.h * 0.016,
                    gx + c.w * 0.3 - 4 * c.u,
                    gy + k * c.h * 0.016 + 4 * c.u,
                ),
                fill=rng.choice(["#c0392b", "#2e86c1", "#f1c40f"]),
            )
        d.polygon(
            [
                (gx - 10 * c.u, gy),
                (gx + c.w * 0.31, gy - c.h * 0.03),
                (gx + c.w * 0.31, gy - c.h * 0.01),
                (gx - 10 * c.u, gy + c.h * 0.015),
            ],
            fill=c.accent,
        )
        for x in (0.05, 0.92, 0.98):
            palm(
                d,
                c.w * x,
                c.h * 1.02,
                c.h * rng.uniform(0.45, 0.6),
                "#244a2a",
                lean=0.15 if x < 0.5 else -0.15,
                rng=rng,
            )


@scene("forest")
def draw_forest(c: Canvas, o: dict) -> None:
    style = o.get("style", "rainforest")
    rng = c.rng
    horizon = c.h * 0.45
    haze = sky(c, o.get("sky", "morning"), horizon)
    clouds(c, 5, c.h * 0.04, c.h * 0.25)
    if style == "mangrove":
        hills(c, horizon, [(0.06, "#3f6b50")], haze)
        water(c, horizon, mix(haze, "#5f8f9f", 0.5), "#2f5f5a")
        reflect(c, horizon, opacity=120)
        ripples(c, horizon, c.h, "#e8f8ff", n=120, opacity=50)
        with layer(c) as d:
            for _ in range(14):
                x = rng.uniform(0, c.w)
                y = rng.uniform(0.52, 0.68) * c.h
                s = (y - horizon) / (c.h - horizon) * 260 * c.u + 40 * c.u
                for k in range(6):  # prop roots
                    rx = x + (k - 2.5) * s * 0.12
                    d.arc(
                        (min(x, rx), y - s * 0.3, max(x, rx) + 1, y + s * 0.1),
                        180,
                        360,
                        fill="#3e2f22",
                        width=max(1, round(s * 0.02)),
                    )
                d.line(
                    [(x, y - s * 0.15), (x, y - s * 0.55)],
                    fill="#3e2f22",
                    width=max(1, round(s * 0.04)),
                )
                for _ in range(6):
                    d.ellipse(
                        bbox(
                            x + rng.uniform(-0.3, 0.3) * s,
                            y - s * rng.uniform(0.55, 0.8),
                            s * 0.2,
                            s * 0.13,
                        ),
                        fill=rng.choice(["#2f6a34", "#3b7a3a", "#27582b"]),
                    )
            d.polygon(
                [(0, c.h * 0.86), (c.w, c.h * 0.8), (c.w, c.h * 0.83), (0, c.h * 0.9)],
                fill="#8a6a48",
            )
            for k in range(16):
                px = c.w * k / 15
                d.line(
                    [(px, c.h * (0.88 - 0.06 * k / 15)), (px, c.h)],
                    fill="#5a4330",
                    width=max(2, round(6 * c.u)),
                )
        return
    if o.get("city"):
        with layer(c, blur=1) as d:
            for k in range(9):
                bx = c.w * (0.3 + 0.05 * k)
                bh = c.h * rng.uniform(0.1, 0.22)
                color = mix("#dfe6ee", haze, 0.3)
                d.rectangle((bx, horizon - bh, bx + c.w * 0.035, horizon + 20 * c.u), fill=color)
                d.rectangle(
                    (bx, horizon - bh, bx + c.w * 0.035, horizon - bh + 8 * c.u), fill="#6fa86a"
                )
    greens = ["#6d9a7a", "#4f8a5a", "#3d7a45", "#2f6a38", "#24572c"]
    for i, green in enumerate(greens):
        y = horizon + c.h * 0.11 * i
        with layer(c, blur=2 if i < 2 else 0) as d:
            x = -40 * c.u
            while x < c.w + 40 * c.u:
                r = (30 + 22 * i) * c.u * rng.uniform(0.7, 1.3)
                d.ellipse(bbox(x, y, r, r * 0.8), fill=mix(green, haze, 0.4 * (1 - i / 4)))
                d.rectangle((x - r, y, x + r, c.h), fill=mix(green, haze, 0.4 * (1 - i / 4)))
                x += r * 1.3
        if i < 3:
            mist(c, y + c.h * 0.05, c.h * 0.05, opacity=80)
    with layer(c) as d:
        for k in range(3):  # emergent trees rising above the canopy
            x = c.w * (0.15 + 0.33 * k) + rng.uniform(-60, 60) * c.u
            top = c.h * rng.uniform(0.5, 0.6)
            d.line([(x, c.h), (x, top)], fill="#4a3a2c", width=round(9 * c.u))
            for sgn in (-1, 1):
                d.line(
                    [(x, top + 40 * c.u), (x + sgn * 60 * c.u, top + 5 * c.u)],
                    fill="#4a3a2c",
                    width=round(5 * c.u),
                )
            for _ in range(7):
                d.ellipse(
                    bbox(
                        x + rng.uniform(-95, 95) * c.u,
                        top + rng.uniform(-12, 12) * c.u,
                        rng.uniform(35, 55) * c.u,
                        rng.uniform(18, 26) * c.u,
                    ),
                    fill=rng.choice(["#1f4a26", "#255a2c", "#2c6632"]),
                )
        for _ in range(7):  # hornbills far away
            bx, by, bs = rng.uniform(0.1, 0.9) * c.w, rng.uniform(0.1, 0.3) * c.h, 9 * c.u
            d.line(
                [(bx - bs, by - bs * 0.5), (bx, by), (bx + bs, by - bs * 0.5)],
                fill="#2a2a2a",
                width=max(1, round(2 * c.u)),
            )


@scene("solar")
def draw_solar(c: Canvas, o: dict) -> None:
    """Rows of solar panels in perspective, wind turbines, hills or the sea behind."""
    horizon = c.h * 0.45
    haze = sky(c, o.get("sky", "day"), horizon)
    sun(c, c.w * 0.82, c.h * 0.14, 22 * c.u)
    clouds(c, 5, c.h * 0.04, c.h * 0.28)
    if o.get("sea"):
        water(c, horizon, "#2f6fa3", "#4fb6c8")
        ground = horizon + c.h * 0.07
    else:
        hills(c, horizon, [(0.16, "#4f6f8a"), (0.09, "#4f7f45")], haze, env=edges(0.4))
        ground = horizon
    c.img.paste(gradient(c.w, c.h - int(ground), ["#a3c077", "#6f9a45"]), (0, int(ground)))
    with layer(c) as d:
        for k, fx in enumerate((0.12, 0.26, 0.36)):
            turbine(d, c.w * fx, ground + 2 * c.u, c.h * (0.3 - 0.07 * k), k * 0.7)
        rows = 5
        for r in range(rows):
            t = r / (rows - 1)
            y = ground + c.h * 0.1 + (c.h * 0.97 - ground - c.h * 0.1) * t**1.2
            depth = (60 + 90 * t) * c.u  # panel height on screen
            skew = (60 + 160 * t) * c.u  # the row's top edge leans towards the horizon
            x0, x1 = c.w * (0.42 - 0.5 * t), c.w * 1.05
            for leg in range(12):
                lx = x0 + (x1 - x0) * leg / 11
                d.line(
                    [(lx, y), (lx, y + depth * 0.25)],
                    fill="#55595e",
                    width=max(1, round((2 + 3 * t) * c.u)),
                )
            panel = [(x0, y), (x1, y), (x1 + skew * 0.3, y - depth), (x0 + skew, y - depth)]
            d.polygon(panel, fill="#1c3d73")
            cells = 14 + 6 * r
            for k in range(1, cells):
                f = k / cells
                d.line(
                    [
                        (x0 + (x1 - x0) * f, y),
                        (x0 + skew + (x1 + skew * 0.3 - x0 - skew) * f, y - depth),
                    ],
                    fill="#4f78b8",
                    width=max(1, round(c.u)),
                )
            d.line(
                [
                    ((x0 + x0 + skew) / 2, y - depth / 2),
                    ((x1 + x1 + skew * 0.3) / 2, y - depth / 2),
                ],
                fill="#4f78b8",
                width=max(1, round(c.u)),
            )
            d.line([(x0, y), (x1, y)], fill="#9fb6d6", width=max(1, round(2 * c.u)))
    with layer(c, blur=8) as d:  # the sky's sheen on the glass
        for r in range(rows):
            t = r / (rows - 1)
            y = ground + c.h * 0.1 + (c.h * 0.97 - ground - c.h * 0.1) * t**1.2
            sx = c.w * (0.55 + 0.1 * r)
            d.polygon(
                [
                    (sx, y - 4 * c.u),
                    (sx + 120 * c.u, y - 4 * c.u),
                    (sx + 200 * c.u, y - (55 + 85 * t) * c.u),
                    (sx + 90 * c.u, y - (55 + 85 * t) * c.u),
                ],
                fill=(220, 235, 255, 70),
            )


def turbine(d: ImageDraw.ImageDraw, x: float, base: float, height: float, turn: float) -> None:
    d.polygon(
        [
            (x - height * 0.018, base),
            (x - height * 0.008, base - height),
            (x + height * 0.008, base - height),
            (x + height * 0.018, base),
        ],
        fill="#f4f6f7",
    )
    hub = (x, base - height)
    for b in range(3):
        a = turn + b * 2 * math.pi / 3
        tip = (hub[0] + math.cos(a) * height * 0.42, hub[1] + math.sin(a) * height * 0.42)
        side = (
            hub[0] + math.cos(a + 0.12) * height * 0.1,
            hub[1] + math.sin(a + 0.12) * height * 0.1,
        )
        d.polygon([hub, side, tip], fill="#eef1f3")
    d.ellipse(bbox(hub[0], hub[1], height * 0.02), fill="#d5d8dc")


# --- finishing, logo, PDF ------------------------------------------------------------


def seeded(*parts: str) -> random.Random:
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311 - art, not secrets


def finish(img: Image.Image, size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Downsample, add a soft vignette and a faint film grain."""
    out = img.convert("RGB").resize(size, Image.Resampling.LANCZOS)
    vignette = Image.radial_gradient("L").resize(size).point(lambda v: max(0, v - 110) * 0.45)
    out = Image.composite(Image.new("RGB", size, (10, 14, 24)), out, vignette)
    grain_size = (size[0] // 4, size[1] // 4)  # coarse and faint: texture without JPEG bloat
    grain = Image.frombytes("L", grain_size, rng.randbytes(grain_size[0] * grain_size[1]))
    grain = grain.point(lambda v: 123 + v * 10 // 255).resize(size, Image.Resampling.BICUBIC)
    return ImageChops.soft_light(out, Image.merge("RGB", (grain, grain, grain)))


def render_scene(
    kind: str, options: dict, size: tuple[int, int], accent: RGB, rng: random.Random
) -> Image.Image:
    if kind not in SCENE_KINDS:
        raise SystemExit(f"unknown scene kind {kind!r}; known: {', '.join(sorted(SCENE_KINDS))}")
    canvas = Canvas(
        Image.new("RGBA", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), "white"), rng, accent
    )
    SCENE_KINDS[kind](canvas, options)
    return finish(canvas.img, size, rng)


FONT_DIRS = [
    ROOT / "static" / "fonts",
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
]
FONT_NAMES = {
    "regular": [
        "PlusJakartaSans-Regular",
        "DejaVuSans",
        "LiberationSans-Regular",
        "NotoSans-Regular",
    ],
    "bold": ["PlusJakartaSans-Bold", "DejaVuSans-Bold", "LiberationSans-Bold", "NotoSans-Bold"],
}
_font_cache: dict[tuple[str, int], ImageFont.ImageFont | ImageFont.FreeTypeFont] = {}


def find_font_file(weight: str) -> Path | None:
    for name in FONT_NAMES[weight]:
        for folder in FONT_DIRS:
            if not folder.is_dir():
                continue
            for suffix in (".ttf", ".otf"):
                hit = next(iter(sorted(folder.rglob(name + suffix))), None)
                if hit:
                    return hit
    return None


def font(size: int, weight: str = "regular"):
    """A TrueType font if one is installed, else Pillow's built-in scalable font."""
    key = (weight, size)
    if key not in _font_cache:
        path = find_font_file(weight)
        try:
            _font_cache[key] = (
                ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size=size)
            )
        except OSError:
            _font_cache[key] = ImageFont.load_default(size=size)
    return _font_cache[key]


ABBREVIATIONS = {
    "Balikpapan": "BPN",
    "Bandung": "BDG",
    "Makassar": "MKS",
    "Penajam Paser Utara": "PPU",
    "Pulau Morotai": "MRT",
    "Raja Ampat": "R4",
}


def initials(title: str) -> tuple[str, str]:
    """('TOBA', 'KABUPATEN') from 'Kabupaten Toba'."""
    kind, _, name = title.partition(" ")
    if name in ABBREVIATIONS:
        return ABBREVIATIONS[name], kind.upper()
    words = name.split()
    if len(words) > 1:
        return "".join(w[0] for w in words)[:3].upper(), kind.upper()
    if len(name) <= 6:
        return name.upper(), kind.upper()
    consonants = [ch for ch in name[1:].upper() if ch not in "AEIOU"]
    return (name[0] + "".join(consonants[:2])).upper(), kind.upper()


def make_logo(title: str, color: RGB, rng: random.Random) -> Image.Image:
    """An emblem: six pillar segments around a theme-coloured shape with initials."""
    s = LOGO_SIZE * 4
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    c = s / 2
    for i, (_, _, seg) in enumerate(PILLARS):
        start = -90 + i * 60 + 3
        d.arc(
            (s * 0.03, s * 0.03, s * 0.97, s * 0.97),
            start,
            start + 54,
            fill=rgb(seg),
            width=round(s * 0.045),
        )
    shape = rng.choice(["circle", "shield", "hexagon"])
    r = s * 0.38
    if shape == "circle":
        d.ellipse(bbox(c, c, r), fill=color)
    elif shape == "hexagon":
        d.regular_polygon((c, c, r * 1.05), 6, rotation=30, fill=color)
    else:
        d.rounded_rectangle(
            (c - r * 0.85, c - r * 0.95, c + r * 0.85, c + r * 0.2), radius=r * 0.15, fill=color
        )
        d.polygon(
            [(c - r * 0.85, c + r * 0.1), (c + r * 0.85, c + r * 0.1), (c, c + r * 1.05)],
            fill=color,
        )
    d.arc(bbox(c, c, r * 0.86), 0, 360, fill=lighter(color, 0.35), width=round(s * 0.008))
    big, small = initials(title)
    size = round(s * (0.24 if len(big) <= 3 else 0.18))
    d.text((c, c - s * 0.02), big, font=font(size, "bold"), fill="white", anchor="mm")
    d.text(
        (c, c + s * 0.14),
        small,
        font=font(round(s * 0.05), "bold"),
        fill=lighter(color, 0.75),
        anchor="mm",
    )
    img = img.resize((LOGO_SIZE, LOGO_SIZE), Image.Resampling.LANCZOS)
    return img.quantize(96, method=Image.Quantize.FASTOCTREE)  # a small palette PNG


def plain(markdown: str) -> str:
    """Markdown to plain text, good enough for the PDF summary."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    text = re.sub(r"[*_`#>]+", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def wrap(text: str, fnt, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if fnt.getlength(trial) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


class PdfPages:
    """Lays text out on A4 page images, starting a new page when one is full."""

    margin = 64

    def __init__(self, title: str, color: RGB) -> None:
        self.title, self.color = title, color
        self.pages: list[Image.Image] = []
        self.new_page()

    def new_page(self) -> None:
        page = Image.new("RGB", PDF_PAGE, "white")
        d = ImageDraw.Draw(page)
        d.rectangle((0, 0, PDF_PAGE[0], 14), fill=self.color)
        d.text(
            (self.margin, PDF_PAGE[1] - 40),
            f"{self.title} — Contoh, konten ilustratif",
            font=font(12),
            fill="#6b7280",
        )
        d.text(
            (PDF_PAGE[0] - self.margin, PDF_PAGE[1] - 40),
            str(len(self.pages) + 1),
            font=font(12),
            fill="#6b7280",
            anchor="ra",
        )
        self.pages.append(page)
        self.draw = d
        self.y = 48.0

    def text(
        self,
        text: str,
        size: int = 14,
        weight: str = "regular",
        color="#1f2937",
        gap: float = 6,
        indent: float = 0,
    ) -> None:
        fnt = font(size, weight)
        width = PDF_PAGE[0] - 2 * self.margin - indent
        for line in wrap(text, fnt, width):
            if self.y + size * 1.4 > PDF_PAGE[1] - 70:
                self.new_page()
            self.draw.text((self.margin + indent, self.y), line, font=fnt, fill=color)
            self.y += size * 1.4
        self.y += gap

    def heading(self, text: str, size: int = 18) -> None:
        if self.y + size * 4 > PDF_PAGE[1] - 70:
            self.new_page()
        self.y += 6
        self.draw.rectangle(
            (self.margin, self.y + 4, self.margin + 6, self.y + size + 2), fill=self.color
        )
        self.text(text, size, "bold", indent=16, gap=4)


def make_masterplan_pdf(content: dict, color: RGB) -> bytes:
    title = content.get("title", "")
    doc = PdfPages(title, color)
    d = doc.draw
    d.rectangle((0, 14, PDF_PAGE[0], 230), fill=color)
    d.text(
        (doc.margin, 52),
        "RINGKASAN MASTERPLAN SMART CITY",
        font=font(15, "bold"),
        fill=lighter(color, 0.7),
    )
    d.text((doc.margin, 80), title, font=font(34, "bold"), fill="white")
    period = content.get("period") or {}
    d.text(
        (doc.margin, 132),
        f"Periode {period.get('start', '?')}–{period.get('end', '?')}",
        font=font(18),
        fill="white",
    )
    d.rounded_rectangle((doc.margin, 170, doc.margin + 330, 206), radius=8, fill="white")
    d.text((doc.margin + 14, 178), "Contoh — konten ilustratif", font=font(17, "bold"), fill=color)
    doc.y = 256
    doc.text(
        "Dokumen ini adalah contoh yang dibuat otomatis untuk Pameran Gerakan Menuju Smart "
        "City. Isinya ilustratif: angka, program, dan capaian bukan data resmi pemerintah "
        "daerah.",
        12,
        color="#6b7280",
        gap=14,
    )
    doc.heading("Visi")
    doc.text(plain(content.get("vision", "")), 14, gap=10)
    missions = content.get("missions") or []
    if missions:
        doc.heading("Misi")
        for i, mission in enumerate(missions, 1):
            doc.text(f"{i}. {plain(mission)}", 13, gap=2, indent=16)
        doc.y += 8
    for key, label, _ in PILLARS:
        pillar = (content.get("pillars") or {}).get(key)
        if not pillar:
            continue
        doc.heading(label, 17)
        doc.text(plain(pillar.get("summary", "")), 12, gap=4)
        for program in pillar.get("programs", []):
            doc.text(
                f"• {program['name']} ({HORIZONS.get(program.get('horizon'), '-')}, "
                f"{STATUSES.get(program.get('status'), '-')})",
                12,
                gap=1,
                indent=16,
            )
        for qw in pillar.get("quick_wins", []):
            doc.text(f"★ Quick win: {qw['name']}", 12, "bold", gap=1, indent=16)
        doc.y += 6
    if content.get("readiness"):
        doc.heading("Kesiapan daerah")
        for line in content["readiness"].splitlines():
            doc.text(plain(line.lstrip("- ")), 12, gap=2, indent=16)
        doc.y += 6
    kpis = [
        (label, kpi)
        for key, label, _ in PILLARS
        for kpi in ((content.get("pillars") or {}).get(key) or {}).get("kpis", [])
    ]
    if kpis:
        doc.heading("Indikator kinerja utama")
        for label, kpi in kpis:
            doc.text(
                f"{kpi['name']}: {number(kpi['baseline'])} → {number(kpi['target'])} {kpi['unit']} "
                f"pada {kpi['year']} ({label})",
                12,
                gap=2,
                indent=16,
            )
        doc.y += 6
    doc.text(
        "Dokumen contoh ini dibuat oleh scripts/make_sample_media.py dari isi anjungan. "
        "Gunakan hanya untuk demonstrasi.",
        11,
        color="#6b7280",
    )
    out = io.BytesIO()
    doc.pages[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=doc.pages[1:],
        resolution=PDF_DPI,
        quality=60,
        subsampling=2,
        title=f"Ringkasan Masterplan Smart City — {title}",
        author="Tim Pameran (contoh ilustratif)",
        subject="Konten contoh",
        creator="scripts/make_sample_media.py",
        producer="Pillow",
        creationDate=PDF_DATE,
        modDate=PDF_DATE,
    )
    return out.getvalue()


def number(value: float) -> str:
    """1500 -> '1.500', 1.2 -> '1,2' (Indonesian number format)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return str(value).replace(".", ",")


HORIZONS = {"short": "jangka pendek", "medium": "jangka menengah", "long": "jangka panjang"}
STATUSES = {"planned": "direncanakan", "ongoing": "berjalan", "done": "selesai"}


# --- bundles -------------------------------------------------------------------------


def encode(img: Image.Image, path: str) -> bytes:
    out = io.BytesIO()
    if path.endswith(".png"):
        img.save(out, "PNG", optimize=True)
    else:
        img.convert("RGB").save(out, "JPEG", **JPEG_OPTIONS)
    return out.getvalue()


def scenes_for(slug: str, hall: str | None, count: int) -> tuple[tuple[str, dict], list]:
    if slug in SCENES:
        spec = SCENES[slug]
        gallery = spec["gallery"]
        if len(gallery) < count:
            raise SystemExit(
                f"{slug}: the manifest lists {count} gallery images, SCENES has {len(gallery)}"
            )
        return spec["banner"], gallery[:count]
    banner = HALL_DEFAULTS.get(hall, HALL_DEFAULTS[None])
    return banner, [banner] + [(k, {}) for k in FALLBACK_GALLERY][: max(0, count - 1)]


def bundle_files(folder: Path) -> dict[str, Callable[[], bytes]]:
    """Every media file the manifest names, with a function that renders its bytes."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    content = manifest["content"]
    slug = folder.name
    color = rgb(content.get("theme_color", "#1f5fae"))
    gallery = content.get("gallery", [])
    banner_scene, gallery_scenes = scenes_for(slug, manifest.get("hall"), len(gallery))
    jobs: dict[str, Callable[[], bytes]] = {}

    def picture(path: str, spec: tuple[str, dict], size: tuple[int, int]) -> None:
        jobs[path] = lambda: encode(
            render_scene(spec[0], spec[1], size, color, seeded(slug, path)), path
        )

    if content.get("logo"):
        jobs[content["logo"]] = lambda: encode(
            make_logo(content["title"], color, seeded(slug, "logo")), content["logo"]
        )
    if content.get("banner"):
        picture(content["banner"], banner_scene, BANNER_SIZE)
    for path, spec in zip(gallery, gallery_scenes, strict=True):
        picture(path, spec, GALLERY_SIZE)
    for path in content.get("documents", []):
        if path.endswith(".pdf"):
            jobs[path] = lambda: make_masterplan_pdf(content, color)
    return jobs


def build(folder: Path, *, check: bool) -> tuple[int, int]:
    """Render one bundle; return (files changed, files total)."""
    changed = 0
    jobs = bundle_files(folder)
    for rel, render in jobs.items():
        target = folder / rel
        data = render()
        if target.is_file() and target.read_bytes() == data:
            continue
        changed += 1
        if check:
            print(f"stale: {target.relative_to(ROOT)}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
    return changed, len(jobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--exhibits", type=Path, default=EXHIBITS, help="bundles folder")
    parser.add_argument("--only", nargs="*", default=[], help="bundle folder names")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file would change"
    )
    args = parser.parse_args(argv)
    folders = sorted(p.parent for p in args.exhibits.glob("*/manifest.json"))
    if args.only:
        folders = [f for f in folders if f.name in args.only]
    if not folders:
        print("no bundles found", file=sys.stderr)
        return 1
    stale = 0
    for folder in folders:
        changed, total = build(folder, check=args.check)
        stale += changed
        print(f"{folder.name}: {changed} of {total} files {'stale' if args.check else 'written'}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
