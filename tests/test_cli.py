"""The `pameran` command as people run it: from any folder, exit codes, messages."""

from pathlib import Path

import pytest
from sqlmodel import Session

from app.core.config import Settings
from tests.commands import pameran
from tests.factories import BundleFactory


@pytest.fixture
def env(settings: Settings, tmp_path: Path) -> dict[str, str]:
    return {
        "PAMERAN_DATABASE_URL": settings.database_url,
        "PAMERAN_STORAGE_URL": f"file://{tmp_path / 'cli-media'}",
        "PAMERAN_SECRET_KEY": "k",
    }


def test_import_from_another_folder_is_idempotent(
    env: dict[str, str], tmp_path: Path, bundles: BundleFactory
) -> None:
    root = bundles.make().parent
    first = pameran("exhibits", "import", str(root), cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    assert "created   kota-bitung" in first.stdout
    again = pameran("exhibits", "import", str(root), cwd=tmp_path, env=env)
    assert "unchanged kota-bitung" in again.stdout


def test_failures_are_one_line_on_stderr(env: dict[str, str], tmp_path: Path) -> None:
    result = pameran("exhibits", "import", str(tmp_path / "empty"), cwd=tmp_path, env=env)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "no exhibit bundle" in result.stderr


def test_users_add_creates_a_region_editor_with_a_booth(
    env: dict[str, str], tmp_path: Path, session: Session
) -> None:
    from sqlmodel import select

    from app.accounts.models import User
    from app.accounts.passwords import verify_password
    from app.booths.models import Booth

    result = pameran(
        "users",
        "add",
        "Editor@Daerah.go.id",
        "--role",
        "region-editor",
        "--region",
        "11.01",
        "--password-stdin",
        cwd=tmp_path,
        env=env,
        stdin="kata sandi panjang\n",
    )
    assert result.returncode == 0, result.stderr
    user = session.exec(select(User)).one()
    assert user.email == "editor@daerah.go.id" and verify_password(
        user.password_hash, "kata sandi panjang"
    )
    booth = session.exec(select(Booth)).one()
    assert booth.slug == "kabupaten-aceh-selatan"
    assert booth.draft == {"title": "Kabupaten Aceh Selatan"}
    assert booth.live_revision_id is None
    duplicate = pameran(
        "users", "add", "editor@daerah.go.id", "--role", "organizer", cwd=tmp_path, env=env
    )
    assert duplicate.returncode != 0 and "already exists" in duplicate.stderr


def test_users_add_prints_a_generated_password(env: dict[str, str], tmp_path: Path) -> None:
    result = pameran(
        "users", "add", "org@pameran.go.id", "--role", "organizer", cwd=tmp_path, env=env
    )
    assert result.returncode == 0 and "password: " in result.stdout
    bad = pameran("users", "add", "x@y.id", "--role", "region-editor", cwd=tmp_path, env=env)
    assert bad.returncode != 0 and "region" in bad.stderr.lower()


def test_exhibition_set_sets_and_clears_the_times(
    env: dict[str, str], tmp_path: Path, session: Session
) -> None:
    from datetime import UTC, datetime

    from app.exhibition.service import get_exhibition

    result = pameran(
        "exhibition", "set", "--opening-at", "2026-12-01T09:00+07:00", cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "opening: 2026-12-01T09:00:00+07:00" in result.stdout
    assert "freeze: unset" in result.stdout
    session.rollback()  # a fresh snapshot
    assert get_exhibition(session).opening_at == datetime(2026, 12, 1, 2, 0, tzinfo=UTC)

    cleared = pameran("exhibition", "set", "--opening-at", "", cwd=tmp_path, env=env)
    assert cleared.returncode == 0 and "opening: unset" in cleared.stdout
    session.rollback()  # a fresh snapshot
    assert get_exhibition(session).opening_at is None


def test_exhibition_set_refuses_a_time_without_its_zone(
    env: dict[str, str], tmp_path: Path, session: Session
) -> None:
    from app.exhibition.service import get_exhibition

    result = pameran("exhibition", "set", "--freeze-at", "2026-12-01T09:00", cwd=tmp_path, env=env)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "+07:00" in result.stderr
    session.rollback()  # a fresh snapshot
    assert get_exhibition(session).freeze_at is None


def test_serve_on_a_taken_port_says_which_port_to_try(env: dict[str, str], tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = pameran("serve", "--port", str(port), cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: port {port} is in use; try make run PORT={port + 1}")
    assert "Traceback" not in result.stderr


def test_make_run_passes_port_and_host_to_serve() -> None:
    import subprocess

    root = Path(__file__).resolve().parent.parent
    dry = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "run", "PORT=8123", "HOST=0.0.0.0"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "pameran serve --host 0.0.0.0 --port 8123" in dry
