"""Safe download names from whatever name a client sent."""

import re
import unicodedata

MAX_STEM = 80
# Control characters and bidirectional overrides that can disguise an extension.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_NOT_PORTABLE = re.compile(r"[^\w.\- ]+")


def safe_filename(name: str | None, extension: str, fallback: str = "berkas") -> str:
    """A plain name without folders, controls or overrides, ending in `extension`."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKC", _UNSAFE.sub("", base))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _NOT_PORTABLE.sub("-", stem).strip(" .-_")[:MAX_STEM].strip(" .-_")
    return f"{stem or fallback}.{extension}"
