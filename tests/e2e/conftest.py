"""Browser suite: a throwaway Pameran with the sample exhibition, driven by Debian's Chromium.

Run with `.venv/bin/pytest tests/e2e -q`. Without /usr/bin/chromium every test here
skips, except under CI=true, where that is a failure. Screenshots of failing tests go
to `test-results/` (pytest-playwright's `--screenshot only-on-failure`, made the default
here).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
STARTUP_TIMEOUT = 60.0
EXPECT_TIMEOUT_MS = 10_000  # generous: the machine running this may be busy
FALLBACK_HINT = "e.g. a hall like 'likupang' and a booth like 'kota-bitung'"


def pytest_configure(config: pytest.Config) -> None:
    # A screenshot of every page still open when a test fails, into test-results/.
    if getattr(config.option, "screenshot", None) == "off":
        config.option.screenshot = "only-on-failure"
    if getattr(config.option, "output", None) == "test-results":
        config.option.output = str(REPO / "test-results")
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


# --- the browser -------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _chromium() -> str:
    """Debian's Chromium, or a skip (a failure under CI=true) when it is missing."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        reason = f"{CHROMIUM} is missing (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}: the browser suite cannot run", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], _chromium: str
) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": _chromium, "args": CHROMIUM_ARGS}


# --- the server ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str, env: dict[str, str], cwd: Path, stdin: str | None = None) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(
            f"`pameran {' '.join(args)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}",
            pytrace=False,
        )


def _log_tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Server:
    base_url: str
    workdir: Path
    log: Path
    env: dict[str, str] = field(default_factory=dict)  # the CLI's environment for this server


@pytest.fixture(scope="session")
def pameran_server(_chromium: str) -> Iterator[Server]:
    """A fresh database with the sample exhibition, served by uvicorn on a free port."""
    # PAMERAN_E2E_EXHIBITS: another folder of bundles instead of the sample exhibition.
    exhibits = Path(os.environ.get("PAMERAN_E2E_EXHIBITS") or REPO / "exhibits")
    if not any(exhibits.glob("*/manifest.json")):
        pytest.fail(f"no sample exhibition: {exhibits}/*/manifest.json is missing", pytrace=False)
    workdir = Path(tempfile.mkdtemp(prefix="pameran-e2e-"))
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAMERAN_")}
    env.update(
        PAMERAN_DATABASE_URL=f"sqlite:///{workdir}/e2e.db",
        PAMERAN_STORAGE_URL=f"file://{workdir}/media",
        PAMERAN_SECRET_KEY="e2e",
        PAMERAN_BASE_URL=base_url,
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
    )
    _cli("migrate", env=env, cwd=workdir)
    _cli("exhibits", "import", str(exhibits), env=env, cwd=workdir)

    log = workdir / "server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "app.asgi:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            cwd=workdir,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        _wait_ready(process, base_url, log)
        yield Server(base_url=base_url, workdir=workdir, log=log, env=env)
    finally:
        _stop(process)
        if os.environ.get("PAMERAN_E2E_KEEP") is None:
            shutil.rmtree(workdir, ignore_errors=True)


def _wait_ready(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"uvicorn exited with {process.returncode}:\n{_log_tail(log)}", pytrace=False
            )
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"no answer from {base_url}/healthz:\n{_log_tail(log)}", pytrace=False)


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def base_url(pameran_server: Server) -> str:
    """pytest-playwright gives every context this base URL, so `page.goto("/")` works."""
    return pameran_server.base_url


# --- what the sample exhibition holds, read from the public API ---------------------


def get_json(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=10) as answer:
        return json.load(answer)


@dataclass
class Site:
    base_url: str
    halls: list[dict[str, Any]]
    booths: list[dict[str, Any]]
    details: dict[str, dict[str, Any]]
    hall: str  # the hall of `booth`
    booth: str  # a booth in `hall` with at least two gallery images
    other: str  # a second booth, for the comparison
    search_word: str  # a word of `booth`'s title
    hall_booths: list[str] = field(default_factory=list)

    def title(self, slug: str) -> str:
        return str(self.details[slug]["content"]["title"])

    def gallery(self, slug: str) -> list[dict[str, Any]]:
        return list(self.details[slug]["content"].get("gallery") or [])

    def pillars(self, slug: str) -> list[str]:
        """Pillar keys whose content is not empty."""
        pillars = self.details[slug]["content"].get("pillars") or {}
        return [key for key, value in pillars.items() if value and any(value.values())]


def _search_word(title: str, others: list[str]) -> str:
    """The most distinctive word of a title: one not in other titles, longest first."""
    words = sorted({w for w in re.findall(r"[^\W\d_]{4,}", title)}, key=lambda w: (-len(w), w))
    assert words, f"no word of four letters or more in the booth title {title!r}"
    elsewhere = " ".join(others).casefold()
    unique = [w for w in words if w.casefold() not in elsewhere]
    return (unique or words)[0]


@pytest.fixture(scope="session")
def site(pameran_server: Server) -> Site:
    base = pameran_server.base_url
    halls = get_json(base, "/api/v1/halls")
    booths = get_json(base, "/api/v1/booths")
    assert halls, "GET /api/v1/halls is empty after importing the sample exhibition"
    assert booths, "GET /api/v1/booths is empty after importing the sample exhibition"
    details = {
        b["slug"]: get_json(base, f"/api/v1/booths/{urllib.parse.quote(b['slug'])}") for b in booths
    }
    in_hall: dict[str, list[str]] = {}
    for b in booths:
        if b.get("hall"):
            in_hall.setdefault(b["hall"], []).append(b["slug"])

    def gallery_size(slug: str) -> int:
        return len(details[slug]["content"].get("gallery") or [])

    candidates = [b["slug"] for b in booths if b.get("hall") and gallery_size(b["slug"]) >= 2]
    assert candidates, (
        "no live booth in a hall has a gallery of two images or more "
        f"({FALLBACK_HINT}); the journey needs one"
    )
    # Prefer a booth that shares its hall, so the booth page has a neighbour to walk to.
    candidates.sort(key=lambda s: -len(in_hall[details[s]["hall"] or ""]))
    booth = candidates[0]
    hall = details[booth]["hall"]
    other = next(b["slug"] for b in booths if b["slug"] != booth) if len(booths) > 1 else booth
    titles = [str(d["content"]["title"]) for s, d in details.items() if s != booth]
    return Site(
        base_url=base,
        halls=halls,
        booths=booths,
        details=details,
        hall=hall,
        booth=booth,
        other=other,
        search_word=_search_word(str(details[booth]["content"]["title"]), titles),
        hall_booths=in_hall[hall],
    )


# --- pages ---------------------------------------------------------------------------


@pytest.fixture
def browser_errors() -> list[str]:
    """Console errors and uncaught exceptions of the pages `open_page` opened."""
    return []


@pytest.fixture
def open_page(new_context: Callable[..., Any], browser_errors: list[str]) -> Callable[..., Any]:
    """A new page in a fresh context: open_page("phone", locale="id-ID", javascript=True).

    Contexts come from pytest-playwright's `new_context`, so a failing test leaves a
    screenshot of each of its pages in test-results/.
    """

    def _open(viewport: str = "desktop", *, locale: str = "id-ID", javascript: bool = True) -> Any:
        context = new_context(
            viewport=VIEWPORTS[viewport], locale=locale, java_script_enabled=javascript
        )
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(15_000)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                browser_errors.append(f"console {m.type} on {page.url}: {m.text}")
                if m.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda e: browser_errors.append(f"page error on {page.url}: {e}"))
        return page

    return _open


# --- accounts ------------------------------------------------------------------------


@dataclass
class Account:
    email: str
    password: str
    role: str
    regions: list[str] = field(default_factory=list)


ACCOUNT_PASSWORD = "kata sandi uji yang panjang"


@pytest.fixture(scope="session")
def make_account(pameran_server: Server) -> Callable[..., Account]:
    """make_account(email, role="region-editor", regions=["12.12"]): `pameran users add`
    against the server's database, password piped in (the same one for every account)."""

    def _make(email: str, role: str = "region-editor", regions: list[str] | None = None) -> Account:
        args = ["users", "add", email, "--role", role, "--password-stdin"]
        for code in regions or []:
            args += ["--region", code]
        server = pameran_server
        _cli(*args, env=server.env, cwd=server.workdir, stdin=ACCOUNT_PASSWORD + "\n")
        return Account(email=email, password=ACCOUNT_PASSWORD, role=role, regions=regions or [])

    return _make


@dataclass
class Workspace:
    account: Account
    booth: str  # a booth of the editor's region, with a tagline and at least one programme
    tagline: str  # its live tagline
    other: str  # a booth of another region


@pytest.fixture(scope="session")
def workspace(site: Site, make_account: Callable[..., Account]) -> Workspace:
    def programmes(slug: str) -> int:
        pillars = site.details[slug]["content"].get("pillars") or {}
        return sum(len((p or {}).get("programs") or []) for p in pillars.values())

    candidates = [
        s
        for s in [site.booth, *site.details]
        if programmes(s) and site.details[s]["content"].get("tagline")
    ]
    assert candidates, "no live booth has a tagline and a programme; the editor test needs one"
    booth = candidates[0]
    region = site.details[booth]["region"]["code"]
    others = [s for s, d in site.details.items() if d["region"]["code"] != region]
    assert others, "the sample exhibition has booths of one region only"
    account = make_account("redaksi.e2e@example.go.id", regions=[region])
    return Workspace(
        account=account,
        booth=booth,
        tagline=str(site.details[booth]["content"]["tagline"]),
        other=others[0],
    )
