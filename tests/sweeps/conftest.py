"""The populated world every sweep starts from: built once, copied per test module."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

from app.core.config import Settings
from app.core.db import make_engine
from app.main import create_app
from tests.conftest import DatabaseTemplate
from tests.world import World, build_world

# The fuzzing sweeps run one Hypothesis test per route × visitor (over a hundred):
# each gets at most 20 examples, so that either sweep stays within a few minutes in
# CI (the `ci` profile, derandomized), and fewer locally (the `dev` profile).
SWEEP = settings(
    max_examples=min(settings().max_examples, 20),  # settings(): the loaded profile
    suppress_health_check=list(HealthCheck),
    deadline=None,
)


def app_without_database() -> FastAPI:
    """The app, for reading its routes at collection time (nothing is connected)."""
    return create_app(
        Settings(database_url="sqlite://", secret_key="k", storage_url="file:///tmp/unused")
    )


def _settings(url: str, root: Path) -> Settings:
    return Settings(
        database_url=url,
        storage_url=f"file://{root / 'media'}",
        secret_key="test-secret",
        var_dir=root / "var",
        epoch_ttl_seconds=0,
    )


@pytest.fixture(scope="session")
def world_template(
    database_template: DatabaseTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Settings, World]]:
    url, drop = database_template.new_database()
    settings = _settings(url, tmp_path_factory.mktemp("world"))
    engine = make_engine(url)
    world = build_world(engine, settings)
    engine.dispose()
    yield settings, world
    drop()


@pytest.fixture(scope="module")
def world_settings(
    world_template: tuple[Settings, World],
    database_template: DatabaseTemplate,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Settings]:
    """A private copy of the world (database and media) for one test module."""
    template, _world = world_template
    url, drop = database_template.copy_of(template.database_url)
    settings = _settings(url, tmp_path_factory.mktemp("copy"))
    shutil.copytree(
        Path(template.storage_url.removeprefix("file://")), settings.var_dir.parent / "media"
    )
    yield settings
    drop()


@pytest.fixture(scope="module")
def world(world_template: tuple[Settings, World]) -> World:
    return world_template[1]


@pytest.fixture(scope="module")
def world_app(world_settings: Settings) -> Iterator[FastAPI]:
    app = create_app(world_settings)
    yield app
    app.state.engine.dispose()
