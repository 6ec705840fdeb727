"""The loopback topology (scripts/topology): PostgreSQL, radosgw, two instances, nginx.

These tests run in their own `.ci/run` step (`TOPOLOGY=1 pytest tests/topology`):
with TOPOLOGY set they use the topology named by the environment (after
`eval "$(scripts/topology up DIR)"`) or start one themselves; without it they skip,
so the ordinary suite does not start a dozen daemons.
"""

import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENTS = (
    "PAMERAN_DATABASE_URL",
    "PAMERAN_STORAGE_URL",
    "PAMERAN_SECRET_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "PAMERAN_BASE_URL",
    "TOPOLOGY_INSTANCES",
)


@dataclass(frozen=True)
class Topology:
    env: dict[str, str]

    @property
    def nginx(self) -> str:
        return self.env["PAMERAN_BASE_URL"]

    @property
    def instances(self) -> list[str]:
        return self.env["TOPOLOGY_INSTANCES"].split()

    def pameran(self, *args: str, stdin: str | None = None) -> str:
        """Run one `pameran` command against the topology; its stdout."""
        done = subprocess.run(
            [str(REPO / ".venv" / "bin" / "pameran"), *args],
            env={**os.environ, **self.env},
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


def parse_assignments(text: str) -> dict[str, str]:
    values = {}
    for line in text.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        values[name] = value.strip("'")
    return values


@pytest.fixture(scope="session")
def topology() -> Iterator[Topology]:
    if not os.environ.get("TOPOLOGY"):
        pytest.skip("the topology tests run in their own step: TOPOLOGY=1 pytest tests/topology")
    if all(name in os.environ for name in ASSIGNMENTS):
        yield Topology({name: os.environ[name] for name in ASSIGNMENTS})
        return
    directory = tempfile.mkdtemp(prefix="pameran-topology-")  # /tmp: postgres must reach it
    script = str(REPO / "scripts" / "topology")
    up = subprocess.run([script, "up", directory], capture_output=True, text=True, check=False)
    try:
        assert up.returncode == 0, up.stderr[-3000:]
        values = parse_assignments(up.stdout)
        assert sorted(values) == sorted(ASSIGNMENTS), up.stdout  # nothing else on stdout
        yield Topology(values)
    finally:
        subprocess.run([script, "down", directory], capture_output=True, check=False)
