"""The size rule of issue 10: no module over 400 lines and no function over 60 lines,
unless its docstring says why in a sentence that starts "Long because"."""

import ast
import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
REASON = "Long because"


def _modules() -> list[Path]:
    return sorted(
        path
        for path in APP.rglob("*.py")
        if "share" not in path.relative_to(APP).parts  # a wheel build's copy of data files
    )


def _says_why(node: ast.Module | ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return REASON in (ast.get_docstring(node) or "")


def test_no_module_is_too_long() -> None:
    too_long = []
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES and not _says_why(ast.parse(source)):
            too_long.append(f"{path.relative_to(APP.parent)}: {lines} lines")
    assert not too_long


def test_no_function_is_too_long() -> None:
    too_long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES and not _says_why(node):
                    where = f"{path.relative_to(APP.parent)}:{node.lineno} {node.name}"
                    too_long.append(f"{where}: {lines} lines")
    assert not too_long


# Modules with routes that are neither pages nor JSON: files served, theme CSS, the tus
# protocol, and the application's own probes.
OTHER_ROUTE_MODULES = {"booths/serving.py", "booths/theme.py", "media/tus.py", "main.py"}


def test_route_modules_have_one_name_per_kind() -> None:
    # STYLE.md: HTML routes live in pages.py, JSON in api.py; a second file of a kind is
    # named for its subject (pages_audit.py), never staff.py or audit_pages.py.
    misnamed = [
        str(path.relative_to(APP))
        for path in _modules()
        if "APIRouter(" in path.read_text(encoding="utf-8")
        and str(path.relative_to(APP)) not in OTHER_ROUTE_MODULES
        and not re.fullmatch(r"(pages|api)(_[a-z]+)?\.py", path.name)
    ]
    assert misnamed == []
