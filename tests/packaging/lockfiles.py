"""The project's declared dependencies and its lock files, read as pip reads them."""

import re
import tomllib
from pathlib import Path
from typing import Any

from packaging.markers import Marker
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = REPO / "requirements.lock"
TEST_LOCK = REPO / "requirements-test.lock"


def normalize(name: str) -> str:
    """A distribution's name as PEP 503 compares them (`Jinja2` is `jinja2`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def project() -> dict[str, Any]:
    with (REPO / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]


def declared(*extras: str) -> list[Requirement]:
    """[project] dependencies, plus those of the named optional extras."""
    table = project()
    lines = [*table["dependencies"]]
    for extra in extras:
        lines += table["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


def pins(lock: Path) -> dict[str, str]:
    """`name==version` lines that apply on this platform, by normalized name."""
    found = {}
    for line in lock.read_text().splitlines():
        if not line or line[0] in "# -":
            continue
        pin, _, marker = line.partition(";")
        name, _, version = pin.strip().partition("==")
        if marker.strip() and not Marker(marker.strip()).evaluate():
            continue
        found[normalize(name)] = version
    return found
