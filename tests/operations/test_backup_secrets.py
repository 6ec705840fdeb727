"""Backups open no account: owner-only files, no live session, reset or invitation link."""

import os
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.accounts.invitations import invite, request_reset
from app.accounts.models import User
from app.booths.service import booth_for_region
from app.core.config import Settings
from app.core.db import make_engine
from app.main import create_app
from app.notifications.models import Notification
from app.operations.backup import create_backup
from app.operations.restore import restore_backup
from app.storage import storage_from_url
from tests.factories import make_user, sign_in
from tests.operations.conftest import NewInstallation


@pytest.fixture
def lax_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # what most shells have: new files world-readable
    yield
    os.umask(previous)


@pytest.mark.parametrize("name", ["pameran.tar", "pameran.tar.gz"])
def test_archives_are_readable_by_their_owner_only(
    settings: Settings, engine: Engine, tmp_path: Path, lax_umask: None, name: str
) -> None:
    leftover = tmp_path / f".{name}.partial"  # from a crashed run, world-readable
    leftover.write_bytes(b"")
    leftover.chmod(0o644)
    path = tmp_path / name
    create_backup(engine, storage_from_url(settings.storage_url), path)
    assert path.stat().st_mode & 0o777 == 0o600
    with tarfile.open(path) as tar:
        assert {member.mode for member in tar.getmembers()} == {0o600}


def test_an_archive_holds_no_live_link_or_session(
    settings: Settings,
    engine: Engine,
    session: Session,
    new_installation: NewInstallation,
    tmp_path: Path,
) -> None:
    organizer: User = make_user(session, "org@pameran.go.id", "organizer")
    editor: User = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    base = "https://pameran.example.go.id"
    _invitee, invitation = invite(session, base_url=base, email="baru@bitung.go.id",
                                  role="region-editor", region_codes=["71.72"], hall_slugs=[],
                                  inviter=organizer, on_region_bound=booth_for_region)  # fmt: skip
    request_reset(session, base_url=base, email=editor.email)
    session.commit()
    mail = session.exec(select(Notification.link).where(Notification.kind == "password_reset"))
    reset = (mail.one() or "").removeprefix("/password-reset/")
    with TestClient(create_app(settings)) as browser:
        sign_in(browser, editor.email)
        cookie = browser.cookies["pameran_session"]
        assert browser.get(f"/password-reset/{reset}").status_code == 200  # live before

    path = tmp_path / "pameran.tar"
    create_backup(engine, storage_from_url(settings.storage_url), path)
    with tarfile.open(path) as tar:
        names = tar.getnames()
        text = b"".join(tar.extractfile(m).read() for m in tar.getmembers()).decode()  # type: ignore[union-attr]  # a backup holds only files: extractfile is None for others
    secrets = (invitation.rsplit("/", 1)[1], reset)
    assert not any(secret in text for secret in secrets)
    assert not any(n.endswith(("-user_session.jsonl", "-password_reset.jsonl")) for n in names)

    target = new_installation()
    target_engine = make_engine(target.database_url)
    try:
        restore_backup(target_engine, storage_from_url(target.storage_url), path)
    finally:
        target_engine.dispose()
    with TestClient(create_app(target), cookies={"pameran_session": cookie}) as restored:
        assert restored.get("/api/v1/workspace/booths").status_code == 401  # same secret key
        assert restored.get(f"/password-reset/{reset}").status_code == 404
        assert restored.get(invitation.split(base, 1)[1]).status_code == 404
        sign_in(restored, editor.email)  # the accounts themselves came back
