"""Safe download names from whatever name a client sent."""

import re
import unicodedata

from app.core.text import one_line

MAX_STEM = 80
_NOT_PORTABLE = re.compile(r"[^\w.\- ]+")


def safe_filename(name: str | None, extension: str, fallback: str = "berkas") -> str:
    """A plain name without folders, controls or overrides, ending in `extension`."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    # one_line drops the controls and bidi overrides that can disguise an extension.
    base = unicodedata.normalize("NFKC", one_line(base))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _NOT_PORTABLE.sub("-", stem).strip(" .-_")[:MAX_STEM].strip(" .-_")
    return f"{stem or fallback}.{extension}"
