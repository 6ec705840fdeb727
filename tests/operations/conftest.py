"""Fixtures for operations: more installations beside the test's own, and the CLI."""

import itertools
import os
import secrets
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.core.config import Settings
from app.storage import S3Storage, storage_from_url
from tests import commands
from tests.commands import env_for
from tests.conftest import POSTGRES_URL, DatabaseTemplate
from tests.services import require

NewInstallation = Callable[..., Settings]


def pameran(*args: str, settings: Settings, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The `pameran` command as people run it, on the installation `settings` describes."""
    return commands.pameran(*args, cwd=cwd, env=env_for(settings))


def blank_database(server: str | None, path: Path, name: str) -> tuple[str, Callable[[], None]]:
    """A database without any table: a new SQLite file, or a new database on `server`."""
    if server is None:
        file = path / f"{name}.db"
        return f"sqlite:///{file}", lambda: file.unlink(missing_ok=True)
    admin = create_engine(make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT")
    database = f"pameran_{name}_{os.getpid()}"

    def run(sql: str) -> None:
        with admin.connect() as connection:
            connection.execute(text(sql))

    run(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    run(f'CREATE DATABASE "{database}"')

    def drop() -> None:
        run(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.dispose()

    return str(make_url(server).set(database=database)), drop


@pytest.fixture
def new_installation(
    database_template: DatabaseTemplate, tmp_path: Path
) -> Iterator[NewInstallation]:
    """Makes more installations with their own database and media folder:
    `blank=False` migrated and seeded as `pameran migrate` leaves it (regions, halls),
    `blank=True` without any table; `server` picks the database server of a blank one
    (default: the test's main database, SQLite or PostgreSQL)."""
    drops: list[Callable[[], None]] = []
    counter = itertools.count()

    def make(*, blank: bool = False, server: str | None = POSTGRES_URL) -> Settings:
        n = next(counter)
        if blank:
            url, drop = blank_database(server, tmp_path, f"blank{n}")
        else:
            url, drop = database_template.new_database()
        drops.append(drop)
        return Settings(
            database_url=url,
            storage_url=f"file://{tmp_path / f'media-{n}'}",
            secret_key="test-secret",
            var_dir=tmp_path / f"var-{n}",
            epoch_ttl_seconds=0,
        )

    yield make
    for drop in drops:
        drop()


@pytest.fixture
def new_bucket_url() -> Iterator[Callable[[], str]]:
    """Makes new buckets on the S3 test server (scripts/ci/ceph.sh); removes them after."""
    url = os.environ.get("PAMERAN_TEST_S3_URL")
    require(url, "PAMERAN_TEST_S3_URL is not set (scripts/ci/ceph.sh start DIR PORT)")
    assert url is not None
    made: list[S3Storage] = []

    def make() -> str:
        bucket_url = urlunsplit(
            urlsplit(url)._replace(netloc=f"pameran-ops-{secrets.token_hex(4)}")
        )
        storage = storage_from_url(bucket_url)
        assert isinstance(storage, S3Storage)
        storage.prepare()
        made.append(storage)
        return bucket_url

    yield make
    for storage in made:
        pages = storage.client.get_paginator("list_objects_v2").paginate(Bucket=storage.bucket)
        for page in pages:
            for item in page.get("Contents", []):
                storage.client.delete_object(Bucket=storage.bucket, Key=item["Key"])
        storage.client.delete_bucket(Bucket=storage.bucket)
