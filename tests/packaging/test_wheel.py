"""The built wheel is the whole app: installed into a fresh virtualenv outside the
checkout, `pameran` migrates, imports the sample exhibition and serves pages, static
files and translations from the package alone.

Slow (it builds the wheel and installs every dependency into a new virtualenv:
minutes on a busy machine), so it runs only with PAMERAN_TEST_WHEEL=1, which
`.ci/run` sets in a step of its own beside the others.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging.lockfiles import REPO, RUNTIME_LOCK

pytestmark = pytest.mark.skipif(
    not os.environ.get("PAMERAN_TEST_WHEEL"),
    reason="slow: builds and installs the wheel; PAMERAN_TEST_WHEEL=1 runs it (CI does)",
)

BOOTH = "kabupaten-samosir"  # one of the sample exhibition's booths (exhibits/)


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}{done.stderr[-4000:]}"
    return done.stdout


def outside_env(home: Path) -> dict[str, str]:
    """This process's environment without anything that could point back at the
    checkout or at the test suite's databases."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PAMERAN_", "PYTHON", "VIRTUAL_ENV"))
    }
    return {**env, "HOME": str(home), "PYTHONNOUSERSITE": "1"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from the checkout (pyproject.toml's build backend)."""
    root = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", root, REPO, cwd=root)
    (built,) = root.glob("pameran-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv holding the wheel and requirements.lock, and nothing else."""
    root = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "venv", root / "venv", cwd=root)
    run(root / "venv" / "bin" / "pip", "install", "--quiet", "-r", RUNTIME_LOCK, wheel, cwd=root)
    return root / "venv"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, str, str]:
    """Status, Content-Type and body (no redirects are expected here)."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  (loopback)
        return response.status, response.headers["Content-Type"], response.read().decode()


@pytest.fixture(scope="module")
def site(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`pameran migrate`, `bootstrap` and `serve` from an empty directory; its URL."""
    workdir = tmp_path_factory.mktemp("site")
    env = outside_env(workdir)
    pameran = installed / "bin" / "pameran"
    run(pameran, "migrate", cwd=workdir, env=env)
    assert "importing the sample exhibition" in run(pameran, "bootstrap", cwd=workdir, env=env)
    port = free_port()
    log = workdir / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [pameran, "serve", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()[-4000:]
            try:
                fetch(f"{url}/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "pameran serve did not answer in 60 s"
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_wheel_holds_the_package_and_what_it_ships(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"app", wheel.name.split("-py3")[0] + ".dist-info"}
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
    for shipped in (
        "app/share/templates/base.html",
        "app/share/static/css/pameran.css",
        "app/share/migrations/env.py",
        "app/share/locale/en/LC_MESSAGES/messages.mo",
        "app/share/exhibits/README.md",
        "app/regions/data/regions.csv",
    ):
        assert shipped in names
    migrations = [n for n in names if n.startswith("app/share/migrations/versions/")]
    assert len(migrations) == len(list((REPO / "migrations" / "versions").glob("*.py")))


def test_the_package_is_imported_from_the_virtualenv(installed: Path, tmp_path: Path) -> None:
    where = run(
        installed / "bin" / "python",
        "-c",
        "import app.core.paths as p; print(p.__file__); print(p.TEMPLATES_DIR)",
        cwd=tmp_path,
        env=outside_env(tmp_path),
    ).split()
    assert all(Path(path).is_relative_to(installed) for path in where), where
    assert not any(Path(path).is_relative_to(REPO) for path in where), where


def test_the_lobby_and_its_static_files_are_served(site: str) -> None:
    status, _, lobby = fetch(f"{site}/")
    assert status == 200
    assert 'lang="id"' in lobby
    # The URL carries the hash of the file the installed package read (static_url).
    stylesheet = re.search(r'href="(/static/[^"]+\.css\?v=[0-9a-f]+)"', lobby)
    assert stylesheet, "the lobby links no stylesheet"
    status, content_type, css = fetch(site + stylesheet.group(1))
    assert status == 200
    assert content_type.startswith("text/css")
    assert "{" in css


def test_an_imported_booth_is_served_in_english(site: str) -> None:
    status, _, indonesian = fetch(f"{site}/booths/{BOOTH}")
    assert status == 200
    assert "Cari" in indonesian
    status, _, english = fetch(f"{site}/booths/{BOOTH}?lang=en")
    assert status == 200
    assert 'lang="en"' in english
    # A label from the compiled catalog (locale/en/…/messages.mo), not the msgid.
    assert "Search" in english
    assert "Cari" not in english
