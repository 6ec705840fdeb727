"""Failing `pameran` commands: one line in the user's language, exit 1, nothing changed."""

import subprocess
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from app.booths.models import Booth
from app.commands.errors import cli_language
from app.core.config import Settings
from tests.commands import pameran
from tests.factories import BundleFactory

LOCALES = {"id": "id_ID.UTF-8", "en": "en_US.UTF-8"}


@pytest.fixture(params=sorted(LOCALES))
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def env(settings: Settings, tmp_path: Path, lang: str) -> dict[str, str]:
    return {
        "PAMERAN_DATABASE_URL": settings.database_url,
        "PAMERAN_STORAGE_URL": f"file://{tmp_path / 'cli-media'}",
        "PAMERAN_SECRET_KEY": "k",
        "LC_MESSAGES": LOCALES[lang],
    }


def failure(result: subprocess.CompletedProcess[str], message: str) -> None:
    """One line on stderr carrying `message`, and exit 1."""
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr, result.stderr


def booths(session: Session) -> int:
    session.rollback()  # a fresh snapshot
    return session.exec(select(func.count()).select_from(Booth)).one()


def test_a_bad_bundle(
    env: dict[str, str], lang: str, tmp_path: Path, bundles: BundleFactory, session: Session
) -> None:
    folder = bundles.make(code="99.99")
    result = pameran("exhibits", "import", str(folder.parent), cwd=tmp_path, env=env)
    expected = {"id": "kode wilayah '99.99' tidak dikenal", "en": "unknown region code '99.99'"}
    failure(result, f"{folder}: {expected[lang]}")
    assert booths(session) == 0
    assert not any((tmp_path / "cli-media").rglob("*.*"))


def test_a_missing_bundle_file_is_named_in_the_language(
    env: dict[str, str], lang: str, tmp_path: Path, bundles: BundleFactory, session: Session
) -> None:
    folder = bundles.make()
    (folder / "media" / "g0.jpg").unlink()
    result = pameran("exhibits", "import", str(folder.parent), cwd=tmp_path, env=env)
    expected = {
        "id": "Berkas media media/g0.jpg tidak ditemukan di dalam bundel.",
        "en": "Media file media/g0.jpg was not found in the bundle.",
    }
    failure(result, f"{folder}: {expected[lang]}")
    assert booths(session) == 0


def test_a_file_that_is_no_backup(
    env: dict[str, str], lang: str, tmp_path: Path, session: Session
) -> None:
    archive = tmp_path / "notes.tar"
    archive.write_text("not an archive")
    result = pameran("backup", "restore", str(archive), cwd=tmp_path, env=env)
    expected = {
        "id": "bukan cadangan Pameran (bukan arsip tar)",
        "en": "is not a Pameran backup (not a tar archive)",
    }
    failure(result, f"{archive} {expected[lang]}")
    assert booths(session) == 0
    assert not any((tmp_path / "cli-media").rglob("*.*"))


def test_a_backup_over_an_existing_file(env: dict[str, str], lang: str, tmp_path: Path) -> None:
    existing = tmp_path / "keep.tar"
    existing.write_bytes(b"an older backup")
    result = pameran("backup", "create", str(existing), cwd=tmp_path, env=env)
    expected = {"id": "sudah ada: berikan nama berkas baru", "en": "exists already"}
    failure(result, f"{existing} {expected[lang]}")
    assert existing.read_bytes() == b"an older backup"


def test_an_export_into_a_folder_in_use(env: dict[str, str], lang: str, tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "mine.txt").write_text("keep")
    result = pameran("export", "static", str(target), cwd=tmp_path, env=env)
    expected = {"id": "bukan folder kosong", "en": "is not an empty folder"}
    failure(result, f"{target} {expected[lang]}")
    assert [p.name for p in target.iterdir()] == ["mine.txt"]


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, "id"),
        ({"LANG": "C.UTF-8"}, "id"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "id_ID.UTF-8"}, "id"),
        ({"LANG": "fr_FR.UTF-8"}, "id"),
        ({"LANG": "id_ID.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "en_US.UTF-8", "LC_ALL": "id_ID"}, "id"),
        ({"LANG": "en", "LC_MESSAGES": ""}, "en"),
    ],
)
def test_the_language_follows_the_locale_variables(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], expected: str
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert cli_language() == expected
