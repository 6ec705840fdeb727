from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.core.db import make_engine
from app.main import create_app

UNREACHABLE_DB = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"


def test_healthz_needs_no_database(tmp_path: Path) -> None:
    settings = Settings(
        database_url=UNREACHABLE_DB, secret_key="k", storage_url=f"file://{tmp_path}/media"
    )
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503


def test_readyz_checks_the_database(client: TestClient, app: FastAPI) -> None:
    assert client.get("/readyz").status_code == 200
    app.state.engine = make_engine(UNREACHABLE_DB)
    assert client.get("/readyz").status_code == 503
