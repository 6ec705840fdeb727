"""What the repository says about itself holds: the README's and docs/' links lead to
files that exist, and the references in docs/ name every setting, command and route
the code has (and none it lacks)."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from fastapi import FastAPI

from app.cli import cli
from app.core.config import Settings
from tests.packaging.lockfiles import REPO
from tests.routes import flat_routes

DOCS = REPO / "docs"
PAGES = [REPO / "README.md", *sorted(DOCS.rglob("*.md"))]
# [text](target) and ![alt](target); the target ends at whitespace or ")".
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)[^)]*\)")
NOT_SERVED_YET = "## In API.md, not served yet"


def relative_links(page: Path) -> Iterator[str]:
    for target in LINK.findall(page.read_text()):
        if not re.match(r"[a-z][a-z0-9+.-]*:", target) and not target.startswith("#"):
            yield target.split("#")[0]


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(REPO)) for p in PAGES])
def test_every_relative_link_leads_to_a_file(page: Path) -> None:
    missing = [t for t in relative_links(page) if not (page.parent / t).exists()]
    assert not missing, f"{page.relative_to(REPO)} links to missing files: {missing}"


def test_the_readme_links_the_reference() -> None:
    linked = {(REPO / target).resolve() for target in relative_links(REPO / "README.md")}
    for name in ("http.md", "cli.md", "configuration.md", "architecture.md"):
        assert (DOCS / name).resolve() in linked, f"README.md does not link docs/{name}"


def test_the_link_pattern_finds_links_and_images() -> None:
    text = '[a](docs/x.md) ![b](y.png "t") [c](https://e.org) [d](#top) [e](z.md#part)'
    assert LINK.findall(text) == [
        "docs/x.md",
        "y.png",
        "https://e.org",
        "#top",
        "z.md#part",
    ]


def test_the_configuration_page_names_every_setting() -> None:
    text = (DOCS / "configuration.md").read_text()
    settings = {f"PAMERAN_{name.upper()}" for name in Settings.model_fields}
    documented = set(re.findall(r"`(PAMERAN_[A-Z_]+)`", text))
    assert settings - documented == set(), "settings missing from docs/configuration.md"
    assert documented - settings == set(), "docs/configuration.md names unknown settings"


def command_lines(group: Any, prefix: str = "pameran") -> Iterator[str]:
    """`pameran users add` for every command below the group (Typer's own click)."""
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from command_lines(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}"


def test_the_cli_page_names_every_command() -> None:
    text = (DOCS / "cli.md").read_text()
    commands = set(command_lines(typer.main.get_group(cli)))
    assert len(commands) > 10
    documented = {
        line
        for line in re.findall(r"`(pameran [a-z ]+?)(?: \[| [A-Z]|`)", text)
        if line != "pameran COMMAND"
    }
    assert commands - documented == set(), "commands missing from docs/cli.md"
    assert documented - commands == set(), "docs/cli.md names unknown commands"


def served(app: FastAPI) -> set[str]:
    """`METHOD /path` for every route (HEAD only where there is no GET beside it)."""
    found = set()
    for route in flat_routes(app.routes):
        methods = set(getattr(route, "methods", None) or ())
        if "GET" in methods:
            methods.discard("HEAD")
        found |= {f"{method} {route.path}" for method in methods}
    return found


def test_the_http_page_names_every_route_and_no_other(app: FastAPI) -> None:
    text = (DOCS / "http.md").read_text().split(NOT_SERVED_YET)[0]
    documented = set(re.findall(r"`((?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /[^`?]*)", text))
    documented.discard("GET /static/…")  # the mounted folder
    routes = served(app)
    assert len(routes) > 50
    assert routes - documented == set(), "routes missing from docs/http.md"
    assert documented - routes == set(), "docs/http.md names routes the app does not serve"
