"""Every import the app makes at run time is a declared dependency, pinned in the locks."""

import ast
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.version import Version

from tests.packaging.lockfiles import (
    REPO,
    RUNTIME_LOCK,
    TEST_LOCK,
    declared,
    normalize,
    pins,
)

# What the wheel runs: the package and the migrations it carries.
RUNTIME_SOURCES = ("app", "migrations")


def is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported_modules(tree: ast.AST) -> set[str]:
    """Top-level names of absolute imports, leaving out `if TYPE_CHECKING:` blocks."""
    names: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if is_type_checking_block(node):
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        stack.extend(ast.iter_child_nodes(node))
    return names


def runtime_imports() -> dict[str, Path]:
    """Third-party modules the shipped code imports, each with one file that does."""
    found: dict[str, Path] = {}
    for folder in RUNTIME_SOURCES:
        for path in sorted((REPO / folder).rglob("*.py")):
            for name in imported_modules(ast.parse(path.read_text(), str(path))):
                if name not in sys.stdlib_module_names and name not in {"app", "__future__"}:
                    found.setdefault(name, path.relative_to(REPO))
    return found


def test_the_walk_sees_imports_but_not_type_only_ones() -> None:
    tree = ast.parse(
        "import a.b\nfrom c import d\nfrom . import e\nfrom typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import f\ndef g():\n    import h\n"
    )
    assert imported_modules(tree) == {"a", "c", "typing", "h"}


def test_every_runtime_import_is_a_declared_dependency() -> None:
    distributions = metadata.packages_distributions()
    names = {normalize(requirement.name) for requirement in declared()}
    undeclared = {
        module: f"{path} (from {distributions.get(module, 'no installed distribution')})"
        for module, path in runtime_imports().items()
        if not names & {normalize(dist) for dist in distributions.get(module, [])}
    }
    assert not undeclared, f"imported but not in [project] dependencies: {undeclared}"


@pytest.mark.parametrize(
    ("lock", "extras"), [(RUNTIME_LOCK, ()), (TEST_LOCK, ("test",))], ids=["runtime", "test"]
)
def test_the_lock_pins_every_declared_dependency_within_its_bounds(
    lock: Path, extras: tuple[str, ...]
) -> None:
    pinned = pins(lock)
    wrong = {
        requirement.name: pinned.get(normalize(requirement.name), "missing")
        for requirement in declared(*extras)
        if normalize(requirement.name) not in pinned
        or Version(pinned[normalize(requirement.name)]) not in requirement.specifier
    }
    assert not wrong, f"{lock.name} is stale (run `make lock`): {wrong}"


def test_the_image_and_the_suite_pin_the_same_versions() -> None:
    runtime, test = pins(RUNTIME_LOCK), pins(TEST_LOCK)
    differ = {
        name: (version, test.get(name))
        for name, version in runtime.items()
        if test.get(name) != version
    }
    assert not differ, f"requirements.lock and requirements-test.lock disagree: {differ}"


def test_the_suite_runs_against_the_locked_versions() -> None:
    def installed(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    differ = {
        name: (version, installed(name))
        for name, version in pins(TEST_LOCK).items()
        if installed(name) != version
    }
    assert not differ, f"(locked, installed) differ; `make .venv/.installed` again: {differ}"
