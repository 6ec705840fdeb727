"""No pattern in app/ ends in `$`: with `re.match`, `$` also matches before a trailing
newline, so "0b5fa5\\n" passed as a colour, an id or a video link (and reached a URL).
Patterns end in `\\Z` or are used with `fullmatch`."""

import ast
import re
from pathlib import Path

import app

APP_DIR = Path(app.__file__).parent


def compiled_patterns() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(APP_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"compile", "match", "search"}
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((str(path.relative_to(APP_DIR)), node.lineno, node.args[0].value))
    return found


def test_no_pattern_is_anchored_with_a_dollar() -> None:
    patterns = compiled_patterns()
    assert len(patterns) > 5  # the walk finds the app's patterns at all
    dollar = [(f, line, p) for f, line, p in patterns if re.search(r"(?<!\\)\$\)?$", p)]
    assert not dollar, f"end these with \\Z (or use fullmatch): {dollar}"


def test_a_trailing_newline_is_not_a_colour_an_id_or_a_key() -> None:
    from app.booths.serving import ASSET_ID
    from app.booths.theme import HEX
    from app.media.resumable import UPLOAD_ID
    from app.storage.base import BLOB_KEY

    assert HEX.match("0b5fa5") and not HEX.match("0b5fa5\n")
    assert ASSET_ID.match("12") and not ASSET_ID.match("12\n")
    assert UPLOAD_ID.match("a" * 32) and not UPLOAD_ID.match("a" * 32 + "\n")
    assert BLOB_KEY.match("a" * 64 + ".jpg") and not BLOB_KEY.match("a" * 64 + ".jpg\n")
