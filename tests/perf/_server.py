"""Shared helpers for the benchmarks: a throwaway installation with the sample exhibition."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def pameran_command() -> str:
    """The `pameran` script next to this Python (the venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / "pameran"
    if beside.exists():
        return str(beside)
    found = shutil.which("pameran")
    if found is None:
        sys.exit("bench: the `pameran` command is missing; run `pip install -e .` first")
    return found


def bench_env(workdir: Path, port: int = 8000) -> dict[str, str]:
    """Environment for a throwaway installation living entirely in `workdir`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAMERAN_")}
    env.update(
        PAMERAN_DATABASE_URL=f"sqlite:///{workdir}/bench.db",
        PAMERAN_STORAGE_URL=f"file://{workdir}/media",
        PAMERAN_SECRET_KEY="bench",
        PAMERAN_BASE_URL=f"http://127.0.0.1:{port}",
    )
    return env


def run_cli(*args: str, env: dict[str, str], cwd: Path) -> str:
    """Run one `pameran` command and return its output; exit with it if it fails."""
    done = subprocess.run(
        [pameran_command(), *args], env=env, cwd=cwd, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(
            f"bench: `pameran {' '.join(args)}` failed ({done.returncode}):\n"
            f"{done.stdout}{done.stderr}"
        )
    return done.stdout


def prepare_installation(workdir: Path, env: dict[str, str]) -> None:
    """Migrate a fresh database and import the sample exhibition into it."""
    run_cli("migrate", env=env, cwd=workdir)
    run_cli("exhibits", "import", str(REPO / "exhibits"), env=env, cwd=workdir)


@contextlib.contextmanager
def in_process_installation(prefix: str) -> Iterator[dict[str, str]]:
    """A throwaway installation with the sample exhibition, as this process's settings.

    Settings reads PAMERAN_* from the environment and relative paths follow the
    working directory, so both point into the installation while the block runs.
    """
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        workdir = Path(tmp)
        env = bench_env(workdir)
        print("preparing a throwaway installation with the sample exhibition…", flush=True)
        prepare_installation(workdir, env)
        for key in [k for k in os.environ if k.startswith("PAMERAN_")]:
            del os.environ[key]
        os.environ.update({k: v for k, v in env.items() if k.startswith("PAMERAN_")})
        os.chdir(workdir)
        try:
            yield env
        finally:
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)


@contextlib.contextmanager
def counted_statements(app: Any) -> Iterator[list[str]]:
    """Every SQL statement the app's engine sends while the block runs."""
    from sqlalchemy import event

    engine = app.state.engine
    engine = getattr(engine, "sync_engine", engine)  # an AsyncEngine wraps one
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`pameran serve` in its own process group, stopped (with its children) on exit."""

    def __init__(self, *, workdir: Path, env: dict[str, str], port: int) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = workdir / "serve.log"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                pameran_command(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
            ],
            env=env,
            cwd=workdir,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"`pameran serve` exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"no answer from /healthz after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        # The whole group: uvicorn may have started worker children, and they may
        # outlive a parent that already exited.
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._signal_group(signal.SIGKILL)
            self.process.wait()
        self._log.close()

    def _signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):  # the group has already exited
            os.killpg(self.process.pid, signum)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
