"""Build Pameran's brand images: static/favicon.svg, static/favicon.ico, static/img/og-default.png.

The mark is a "P" whose bowl is a map pin's head (a place on the exhibition map) on the
brand gradient. Run from the repository root:  python scripts/make_brand_images.py
Only Pillow and the self-hosted Plus Jakarta Sans (static/fonts/) are needed.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
FONTS = STATIC / "fonts"

BRAND_950 = (7, 27, 49)
BRAND_800 = (12, 60, 105)
BRAND_600 = (11, 95, 165)
TEAL_600 = (13, 128, 112)
TEAL_400 = (43, 179, 160)
WARM_400 = (245, 165, 36)
WARM_300 = (255, 199, 90)
WHITE = (255, 255, 255)
PILLARS = ["#4338ca", "#be185d", "#a84d08", "#0e7490", "#7c3aed", "#137a3a"]

# The mark on a 32-unit grid; favicon.svg and the Pillow drawings share these numbers.
STEM_X, STEM_TOP, STEM_BOTTOM, STROKE = 11.5, 8.5, 24.5, 4.5
BOWL_CX, BOWL_CY, BOWL_R, DOT_R = 16.5, 14.0, 5.5, 1.9

_BOWL = f"h{BOWL_CX - STEM_X}a{BOWL_R} {BOWL_R} 0 0 1 0 {2 * BOWL_R}h-{BOWL_CX - STEM_X}"
FAVICON_SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="#0b5fa5"/><stop offset="1" stop-color="#0d8070"/>
  </linearGradient></defs>
  <rect width="32" height="32" rx="8" fill="url(#g)"/>
  <path d="M{STEM_X} {STEM_BOTTOM}V{STEM_TOP}{_BOWL}" fill="none" stroke="#fff"
        stroke-width="{STROKE}" stroke-linecap="round" stroke-linejoin="round"/>
  <circle cx="{BOWL_CX}" cy="{BOWL_CY}" r="{DOT_R}" fill="#f5a524"/>
</svg>
"""


def _gradient(size: tuple[int, int], start: tuple, end: tuple) -> Image.Image:
    """A diagonal linear gradient from the top-left to the bottom-right corner."""
    w, h = size
    small = Image.new("RGB", (64, 64))
    px = small.load()
    for y in range(64):
        for x in range(64):
            t = (x + y) / 126
            px[x, y] = tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
    return small.resize(size, Image.Resampling.BICUBIC)


def draw_mark(size: int, *, supersample: int = 8) -> Image.Image:
    """Render the mark as an RGBA square of `size` pixels."""
    big = size * supersample
    u = big / 32  # one grid unit in pixels
    mask = Image.new("L", (big, big), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, big - 1, big - 1), radius=8 * u, fill=255)
    mark = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    mark.paste(_gradient((big, big), BRAND_600, TEAL_600), mask=mask)

    d = ImageDraw.Draw(mark)
    half = STROKE / 2 * u

    def cap(x: float, y: float) -> None:
        d.ellipse((x * u - half, y * u - half, x * u + half, y * u + half), fill=WHITE)

    # stem, and the two straight edges of the bowl
    d.rectangle((STEM_X * u - half, STEM_TOP * u, STEM_X * u + half, STEM_BOTTOM * u), fill=WHITE)
    for y in (BOWL_CY - BOWL_R, BOWL_CY + BOWL_R):
        d.rectangle((STEM_X * u, y * u - half, BOWL_CX * u, y * u + half), fill=WHITE)
    for x, y in ((STEM_X, STEM_TOP), (STEM_X, STEM_BOTTOM), (STEM_X, BOWL_CY + BOWL_R)):
        cap(x, y)
    outer = (BOWL_R + STROKE / 2) * u
    d.arc(
        (BOWL_CX * u - outer, BOWL_CY * u - outer, BOWL_CX * u + outer, BOWL_CY * u + outer),
        start=-90,
        end=90,
        fill=WHITE,
        width=round(STROKE * u),
    )
    r = DOT_R * u
    d.ellipse((BOWL_CX * u - r, BOWL_CY * u - r, BOWL_CX * u + r, BOWL_CY * u + r), fill=WARM_400)
    return mark.resize((size, size), Image.Resampling.LANCZOS)


def _font(weight: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / f"plus-jakarta-sans-latin-{weight}-normal.woff2"), size)


def make_og_image() -> Image.Image:
    """The 1200×630 default share image: mark and wordmark on the brand gradient."""
    w, h = 1200, 630
    img = _gradient((w, h), BRAND_800, TEAL_600).convert("RGBA")

    glow = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    g = ImageDraw.Draw(glow)
    g.ellipse((-260, 420, 340, 900), fill=(*TEAL_400, 110))
    img.alpha_composite(glow.filter(ImageFilter.GaussianBlur(90)))

    # rings around a saffron node: the exhibition as a network of places
    rings = Image.new("RGBA", (w * 2, h * 2), (0, 0, 0, 0))
    rd = ImageDraw.Draw(rings)
    cx, cy = 1000 * 2, 210 * 2
    for i, r in enumerate(range(90, 900, 110)):
        rd.ellipse(
            (cx - 2 * r, cy - 2 * r, cx + 2 * r, cy + 2 * r),
            outline=(255, 255, 255, max(14, 70 - 9 * i)),
            width=4,
        )
    rd.ellipse((cx - 56, cy - 56, cx + 56, cy + 56), fill=(*WARM_400, 255))
    rd.ellipse((cx - 110, cy - 110, cx + 110, cy + 110), outline=(*WARM_300, 150), width=6)
    img.alpha_composite(rings.resize((w, h), Image.Resampling.LANCZOS))

    dots = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    dd = ImageDraw.Draw(dots)
    for y in range(40, h - 60, 30):
        for x in range(640, w, 30):
            alpha = int(45 * (x - 640) / (w - 640))
            dd.ellipse((x - 2, y - 2, x + 2, y + 2), fill=(255, 255, 255, alpha))
    img.alpha_composite(dots)

    img.alpha_composite(draw_mark(132), (88, 84))
    d = ImageDraw.Draw(img)
    d.text((88, 262), "Pameran", font=_font(800, 132), fill=WHITE)
    d.text((92, 400), "Smart City", font=_font(800, 84), fill=WARM_300)
    d.text(
        (92, 518),
        "Gerakan Menuju Smart City · Pameran virtual kota dan kabupaten",
        font=_font(600, 30),
        fill=(220, 234, 247),
    )
    seg = w / len(PILLARS)
    for i, colour in enumerate(PILLARS):
        d.rectangle((round(i * seg), h - 14, round((i + 1) * seg), h), fill=colour)
    return img.convert("RGB")


def main() -> None:
    (STATIC / "img").mkdir(parents=True, exist_ok=True)
    (STATIC / "favicon.svg").write_text(FAVICON_SVG, encoding="utf-8")
    icon = draw_mark(256)
    icon.save(STATIC / "favicon.ico", sizes=[(32, 32), (16, 16)])
    make_og_image().save(STATIC / "img" / "og-default.png", optimize=True)
    draw_mark(180).save(STATIC / "img" / "apple-touch-icon.png", optimize=True)
    print("wrote favicon.svg, favicon.ico, img/og-default.png, img/apple-touch-icon.png")


if __name__ == "__main__":
    main()
