"""Upgrading while serving: the previous release keeps working on the newest schema.

During a rolling upgrade (README, "Upgrading while serving") the new release migrates
the database while instances of the previous release still serve it. So every
migration since that release must only expand the schema. This test runs the
previous release's code, taken from git, as a server of its own: it starts on an
empty database (migrating it to its own head), then the new code migrates that
database to the newest revision under it, and a browser's round through the old
server (sign in, read a booth, write a draft, like) must still work, with what the
old server wrote readable by the new code.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from app.booths.models import Booth
from app.core.config import Settings
from app.core.db import make_engine
from app.exhibits.service import import_all
from app.guestbook.service import like_counts
from app.reference_data import migrate
from app.storage import storage_from_url
from tests.conftest import DatabaseTemplate
from tests.factories import PASSWORD, BundleFactory, make_user
from tests.services import require

REPO = Path(__file__).resolve().parents[2]
# The last release: its schema head is 0005. Set it to the new release's commit when
# one is made (and contract what the migrations since then kept for this one).
PREVIOUS_RELEASE = "5fd2bb12e8479a4bf629d69bd8e838e524417c9e"
SLUG, REGION = "kota-bitung", "71.72"
EDITOR = "editor@bitung.go.id"


@pytest.fixture(scope="module")
def previous_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The previous release's files, as `git archive` gives them."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", PREVIOUS_RELEASE],
        capture_output=True,
        check=False,
    )
    require(archive.returncode == 0, f"git has no commit {PREVIOUS_RELEASE}: a full clone does")
    tree = tmp_path_factory.mktemp("previous-release")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as files:
        files.extractall(tree, filter="data")
    return tree


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def empty_database(database_template: DatabaseTemplate) -> Iterator[str]:
    url, drop = database_template.empty_database()
    yield url
    drop()


@pytest.fixture
def old_server(previous_release: Path, empty_database: str, tmp_path: Path) -> Iterator[str]:
    """The previous release's `pameran serve` on an empty database; its address."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PAMERAN_")},
        "PYTHONPATH": str(previous_release),  # its `app`, not this checkout's
        "PAMERAN_DATABASE_URL": empty_database,
        "PAMERAN_STORAGE_URL": f"file://{tmp_path / 'media'}",
        "PAMERAN_SECRET_KEY": "previous-release",
        "PAMERAN_BASE_URL": base,
        "PAMERAN_VAR_DIR": str(tmp_path / "var"),
    }
    command = "from app.cli import main; main()"
    log = tmp_path / "previous-release.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-c", command, "serve", "--port", str(port)],
            cwd=previous_release,
            env=env,
            stdout=output,
            stderr=output,
            start_new_session=True,
        )
    try:
        wait_until_serving(server, base, log)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def wait_until_serving(server: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the previous release did not start:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/readyz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail("the previous release did not answer /readyz within 60 s")


def schema_revision(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar())


def publish_a_booth_with_its_editor(engine: Engine, settings: Settings, bundles: Path) -> None:
    """What the new release writes: a live booth (bundle import) and its region's editor."""
    BundleFactory(bundles).make(title="Kota Bitung", tagline="Kota pelabuhan")
    with Session(engine) as session:
        import_all(session, storage_from_url(settings.storage_url), settings, bundles)
        session.commit()
        make_user(session, EDITOR, "region-editor", (REGION,))


def csrf_token(html: str, pattern: str) -> str:
    found = re.search(pattern, html)
    assert found, html[:500]
    return found.group(1)


def old_release_round(base: str) -> None:
    """Sign in, read the booth, write a draft and like, as a browser does."""
    with httpx.Client(base_url=base, timeout=30) as browser:
        form = browser.get("/login")
        token = csrf_token(form.text, r'name="csrf_token" value="([^"]+)"')
        signed_in = browser.post(
            "/login", data={"email": EDITOR, "password": PASSWORD, "csrf_token": token}
        )
        assert signed_in.status_code == 303, signed_in.text[:500]
        workspace = browser.get("/workspace")
        assert workspace.status_code == 200, workspace.text[:500]
        api_token = csrf_token(workspace.text, r'<meta name="csrf-token" content="([^"]+)"')

        booth = browser.get(f"/booths/{SLUG}")
        assert booth.status_code == 200 and "Kota pelabuhan" in booth.text

        draft_url = f"/api/v1/workspace/booths/{SLUG}/draft"
        draft = browser.get(draft_url)
        assert draft.status_code == 200, draft.text
        changed = {**draft.json(), "tagline": "Ditulis oleh rilis sebelumnya"}
        put = browser.put(draft_url, json=changed, headers={"X-CSRF-Token": api_token})
        assert put.status_code == 200, put.text

        liked = browser.post(f"/api/v1/booths/{SLUG}/likes", headers={"Origin": base})
        assert liked.status_code == 201, liked.text
        assert browser.get(f"/api/v1/booths/{SLUG}/likes").json() == {"count": 1, "liked": True}


def test_the_previous_release_works_on_the_newest_schema(
    old_server: str, empty_database: str, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=empty_database,
        storage_url=f"file://{tmp_path / 'media'}",
        secret_key="previous-release",
        var_dir=tmp_path / "var",
    )
    engine = make_engine(empty_database)
    try:
        assert schema_revision(engine) == "0005"
        migrate(engine)  # while the old server serves
        assert schema_revision(engine) != "0005"
        publish_a_booth_with_its_editor(engine, settings, tmp_path / "bundles")

        old_release_round(old_server)

        with Session(engine) as session:
            booth = session.exec(select(Booth).where(Booth.slug == SLUG)).one()
            assert booth.draft["tagline"] == "Ditulis oleh rilis sebelumnya"
            assert like_counts(session, [booth.id or 0]) == {booth.id: 1}
    finally:
        engine.dispose()
