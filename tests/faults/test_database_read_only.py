"""The database stops taking writes (a read-only SQLite file, PostgreSQL switched to
read-only): readiness says so, writes answer 503 with Retry-After (JSON and a page in
the visitor's language), reads keep working, and nothing is left half-done."""

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from app.core.config import Settings
from app.core.db import make_engine
from tests.factories import sign_in
from tests.faults.conftest import DRAFT, SUBMIT
from tests.faults.invariants import assert_nothing_half_published, assert_storage_check_clean


def read_only_engine(settings: Settings) -> Iterator[Engine]:
    """An engine on the same database that refuses every write, the way the server's
    own connections would after the database went read-only."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        # Root ignores file permissions, so the file cannot simply be chmod'ed: SQLite's
        # query_only gives the very error a read-only file gives (SQLITE_READONLY).
        engine = make_engine(settings.database_url)

        @event.listens_for(engine, "connect")
        def _read_only(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA query_only = ON")

        yield engine
        engine.dispose()
        return
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text(f'ALTER DATABASE "{url.database}" SET default_transaction_read_only = on')
        )
    engine = make_engine(settings.database_url)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(
                text(f'ALTER DATABASE "{url.database}" RESET default_transaction_read_only')
            )
        admin.dispose()


def test_a_read_only_database_gives_503_not_500(
    app: FastAPI, settings: Settings, engine: Engine, people: dict[str, dict[str, str]]
) -> None:
    with TestClient(app, raise_server_exceptions=False) as client:
        csrf = sign_in(client, "ed@bitung.go.id")
        assert client.get("/readyz").status_code == 200
        draft = client.get(DRAFT, headers=people["editor"]).json()
        writable = app.state.engine
        for read_only in read_only_engine(settings):
            app.state.engine = read_only
            ready = client.get("/readyz")
            assert ready.status_code == 503 and "database" in ready.text
            assert ready.headers["retry-after"]

            saved = client.put(DRAFT, json={**draft, "tagline": "Baru"}, headers=people["editor"])
            assert saved.status_code == 503, saved.text
            assert saved.headers["retry-after"]
            assert "Basis data" in saved.json()["detail"]

            english = client.post(
                "/workspace/booths/kota-bitung/submit",
                data={"csrf_token": csrf},
                params={"lang": "en"},
                follow_redirects=False,
            )
            assert english.status_code == 503, english.text
            assert english.headers["content-type"].startswith("text/html")
            assert english.headers["retry-after"]
            assert "database" in english.text.lower() and "Basis data" not in english.text

            assert client.get("/booths/kota-bitung").status_code == 200  # reads still serve
        app.state.engine = writable
        assert client.get("/readyz").status_code == 200
        assert (
            client.put(
                DRAFT, json={**draft, "tagline": "Baru"}, headers=people["editor"]
            ).status_code
            == 200
        )
        assert client.post(SUBMIT, headers=people["editor"]).status_code == 201
    assert_nothing_half_published(engine)
    assert_storage_check_clean(settings)
