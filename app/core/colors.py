"""Theme colours with a contrast check (WCAG 2.1 relative luminance)."""

WHITE, INK = "#ffffff", "#111827"
MIN_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def darken_until_readable(hex_color: str, background: str = WHITE) -> str:
    """The colour, darkened in steps until text in it reads on `background`."""
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    color = hex_color.lower()
    while contrast(color, background) < MIN_CONTRAST:
        r, g, b = (int(v * 0.9) for v in (r, g, b))
        color = f"#{r:02x}{g:02x}{b:02x}"
    return color


def text_on(hex_color: str) -> str:
    """White or ink, whichever reads better on `hex_color`."""
    return WHITE if contrast(WHITE, hex_color) >= contrast(INK, hex_color) else INK
