from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core.config import MB, Settings
from app.main import create_app


def test_secret_key_is_generated_once_into_var(tmp_path: Path) -> None:
    first = Settings(var_dir=tmp_path / "var").signing_key
    second = Settings(var_dir=tmp_path / "var").signing_key
    assert first == second and len(first) > 40
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0


def test_configured_secret_wins(tmp_path: Path) -> None:
    assert Settings(secret_key="s3cret", var_dir=tmp_path).signing_key == "s3cret"
    assert not (tmp_path / "secret_key").exists()


def test_per_kind_caps_never_exceed_the_global_cap() -> None:
    settings = Settings(max_upload_mb=10, max_image_mb=30)
    assert settings.max_bytes("image") == 10 * MB
    assert settings.max_bytes("video") == 10 * MB
    assert Settings().max_bytes("document") == 50 * MB


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAMERAN_BASE_URL", "https://pameran.example.go.id")
    monkeypatch.setenv("PAMERAN_MAX_UPLOAD_MB", "300")
    settings = Settings()
    assert settings.https and settings.max_upload_mb == 300
    assert "pameran.example.go.id" in settings.allowed_hosts


def test_only_configured_hosts_are_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAMERAN_EXTRA_HOSTS", raising=False)
    production = Settings(base_url="https://pameran.example.go.id")
    assert production.allowed_hosts == ["127.0.0.1", "localhost", "pameran.example.go.id"]
    extra = Settings(extra_hosts="cdn.example.go.id, testserver")
    assert {"cdn.example.go.id", "testserver"} <= set(extra.allowed_hosts)


def test_a_request_for_another_host_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PAMERAN_EXTRA_HOSTS", raising=False)
    app = create_app(
        Settings(
            secret_key="k",
            database_url=f"sqlite:///{tmp_path}/unused.db",
            storage_url=f"file://{tmp_path}/media",
            var_dir=tmp_path / "var",
        )
    )
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 400  # the client calls itself "testserver"
        own = client.get("/healthz", headers={"Host": "127.0.0.1:8000"})
        assert own.status_code == 200
