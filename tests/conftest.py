"""Fixtures: a migrated database per test (copied from a template), the app, bundles.

The main database is SQLite unless PAMERAN_TEST_DATABASE_URL names a PostgreSQL
database, in which case every test gets a fresh database cloned from a migrated
template on that server.
"""

import itertools
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.core.config import Settings
from app.core.db import make_engine
from app.main import create_app
from app.reference_data import migrate
from tests.factories import BundleFactory

POSTGRES_URL = os.environ.get("PAMERAN_TEST_DATABASE_URL")
# TestClient's requests name the host "testserver": only the tests' settings allow it.
os.environ.setdefault("PAMERAN_EXTRA_HOSTS", "testserver")

# Stateful property tests make many HTTP calls per step: CI keeps them inside its
# time budget (derandomized, as Hypothesis' own CI profile, with fewer steps), and a
# local run is smaller still. HYPOTHESIS_PROFILE=ci runs the CI size locally.
hypothesis_settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=50,
    stateful_step_count=30,
    deadline=None,
)
hypothesis_settings.register_profile("dev", max_examples=15, stateful_step_count=20, deadline=None)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() == "true" else "dev")
)


class DatabaseTemplate:
    """Migrates once; hands every test its own copy."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.counter = itertools.count()
        if POSTGRES_URL:
            self.admin = create_engine(
                make_url(POSTGRES_URL).set(database="postgres"), isolation_level="AUTOCOMMIT"
            )
            self.template = f"pameran_tpl_{os.getpid()}"
            self._pg("DROP DATABASE IF EXISTS {0}", self.template)
            self._pg("CREATE DATABASE {0}", self.template)
            self._migrate(str(make_url(POSTGRES_URL).set(database=self.template)))
        else:
            self.template_file = workdir / "template.db"
            self._migrate(f"sqlite:///{self.template_file}")

    def _pg(self, sql: str, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(sql.format(f'"{name}"')))

    def _drop(self, name: str) -> None:
        """Drop a test's database, failing the test that left connections to it open.

        Whatever made an engine (an app whose lifespan never ran, a test's own engine)
        must dispose of it: else its pooled connections are closed by the garbage
        collector in some later test, whose run psycopg's ResourceWarning then fails.
        """
        left_open = self._sessions_on(name)
        self._pg("DROP DATABASE IF EXISTS {0} WITH (FORCE)", name)
        assert not left_open, f"{left_open} connection(s) left open to {name}: dispose the engine"

    def _sessions_on(self, name: str) -> int:
        deadline = time.monotonic() + 2  # a closed connection's backend takes a moment to go
        while True:
            with self.admin.connect() as connection:
                count = connection.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name"),
                    {"name": name},
                ).scalar_one()
            if not count or time.monotonic() > deadline:
                return count
            time.sleep(0.05)

    def _migrate(self, url: str) -> None:
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()

    def new_database(self) -> tuple[str, Callable[[], None]]:
        n = next(self.counter)
        if POSTGRES_URL:
            name = f"{self.template}_{n}"
            self._pg("CREATE DATABASE {0} TEMPLATE " + f'"{self.template}"', name)
            url = str(make_url(POSTGRES_URL).set(database=name))
            return url, lambda: self._drop(name)
        path = self.workdir / f"test-{n}.db"
        shutil.copyfile(self.template_file, path)
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)

    def empty_database(self) -> tuple[str, Callable[[], None]]:
        """A database with no tables at all (for tests that migrate it themselves)."""
        n = next(self.counter)
        if POSTGRES_URL:
            name = f"{self.template}_{n}"
            self._pg("CREATE DATABASE {0}", name)
            url = str(make_url(POSTGRES_URL).set(database=name))
            return url, lambda: self._drop(name)
        path = self.workdir / f"test-{n}.db"
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)

    def copy_of(self, url: str) -> tuple[str, Callable[[], None]]:
        """A new database holding what `url` (one of ours, nobody connected) holds."""
        n = next(self.counter)
        if POSTGRES_URL:
            name = f"{self.template}_{n}"
            source = make_url(url).database
            self._pg("CREATE DATABASE {0} TEMPLATE " + f'"{source}"', name)
            copy = str(make_url(POSTGRES_URL).set(database=name))
            return copy, lambda: self._drop(name)
        path = self.workdir / f"test-{n}.db"
        shutil.copyfile(make_url(url).database or "", path)
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)

    def close(self) -> None:
        if POSTGRES_URL:
            self._pg("DROP DATABASE IF EXISTS {0} WITH (FORCE)", self.template)
            self.admin.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseTemplate]:
    template = DatabaseTemplate(tmp_path_factory.mktemp("db"))
    yield template
    template.close()


@pytest.fixture
def settings(database_template: DatabaseTemplate, tmp_path: Path) -> Iterator[Settings]:
    url, drop = database_template.new_database()
    yield Settings(
        database_url=url,
        storage_url=f"file://{tmp_path / 'media'}",
        secret_key="test-secret",
        var_dir=tmp_path / "var",
        epoch_ttl_seconds=0,
    )
    drop()


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    app = create_app(settings)
    yield app
    app.state.engine.dispose()  # the lifespan does it, but only for a client that ran it


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def bundles(tmp_path: Path) -> BundleFactory:
    return BundleFactory(tmp_path / "bundles")


@pytest.fixture
def import_bundles(settings: Settings, engine: Engine) -> Callable[[Path], None]:
    """Import every bundle below a folder, committed, as the CLI does."""
    from app.exhibits.service import import_all
    from app.storage import storage_from_url

    def run(root: Path) -> None:
        with Session(engine) as session:
            import_all(session, storage_from_url(settings.storage_url), settings, root)
            session.commit()

    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: their session-wide event loop stays until the run ends."""
    items.sort(key=lambda item: "/tests/e2e/" in str(item.path))
