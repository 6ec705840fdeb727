"""Each booth wears its region's colour: a tiny stylesheet per colour (CSP-clean)."""

import re

from fastapi import APIRouter
from starlette.responses import Response

from app.core.colors import darken_until_readable, text_on
from app.core.errors import NotFound

router = APIRouter()
HEX = re.compile(r"^[0-9a-f]{6}\Z")


def theme_url(theme_color: str | None) -> str | None:
    return f"/theme/{theme_color[1:].lower()}.css" if theme_color else None


def theme_css(hex_color: str) -> str:
    """The stylesheet behind theme_url(): accents readable on white, text readable on them."""
    color = f"#{hex_color}"
    return (
        f":root{{--booth-accent:{darken_until_readable(color)};"
        f"--booth-accent-bg:{color};--booth-on-accent:{text_on(color)}}}\n"
    )


@router.get("/theme/{hex_color}.css", include_in_schema=False)
def theme_stylesheet(hex_color: str) -> Response:
    if not HEX.match(hex_color):
        raise NotFound("Tema tidak ditemukan.")
    return Response(
        theme_css(hex_color),
        media_type="text/css",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )
