"""Through nginx: a cached booth page against a static file of the same size, and a spike.

    python -m tests.perf.bench_topology          # from the repository root, as root

Starts the loopback topology (`scripts/topology up`: PostgreSQL, radosgw, two
instances, nginx with deploy/nginx.conf) unless the environment already names one
(after `eval "$(scripts/topology up DIR)"`), then, with wrk at 16 connections:

1. the booth page through nginx against nginx serving a static file of the same
   bytes, side by side in interleaved rounds (target: ≥ 0.9×);
2. a booth view with its like request (`/api/v1/booths/{slug}/likes`), as every
   visitor's browser makes them;
3. a spike: 4× as many connections as (instances × PAMERAN_MAX_IN_FLIGHT), for
   BENCH_SPIKE_SECONDS (default 60, the issue's minute), on booth views with their like requests and
   uncached searches. It prints every status other than 200/503 (there should be
   none), the p99 of what was served, and the instances' memory before and after
   (from the pid files of the topology it started, or of TOPOLOGY_DIR).

Environment: BENCH_SECONDS (default 5), BENCH_ROUNDS (default 3),
BENCH_SPIKE_CONNECTIONS (the same spike against another PAMERAN_MAX_IN_FLIGHT).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from tests.perf.bench_pages import CONNECTIONS, WrkRun, ensure_wrk, get_json, parse_wrk

REPO = Path(__file__).resolve().parents[2]
MIN_RATIO_TO_STATIC = 0.9
DEFAULT_IN_FLIGHT = 64

# Counts the answers by status, and alternates between the given paths.
LUA = r"""
paths = {%(paths)s}
counter = 0
request = function()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  if path:find("{n}", 1, true) then path = path:gsub("{n}", tostring(counter)) end
  return wrk.format("GET", path)
end
statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
setup = function(thread) table.insert(threads, thread) end
threads = {}
done = function(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    local seen = thread:get("statuses")
    for status, n in pairs(seen) do all[status] = (all[status] or 0) + n end
  end
  for status, n in pairs(all) do io.write(string.format("status %%d %%d\n", status, n)) end
end
"""


def wrk_paths(
    wrk: str, base: str, paths: list[str], *, seconds: int, connections: int
) -> tuple[WrkRun, dict[int, int]]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": ", ".join(f'"{p}"' for p in paths)})
    try:
        done = subprocess.run(
            [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name, base],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    statuses = {int(s): int(n) for s, n in re.findall(r"^status (\d+) (\d+)$", done.stdout, re.M)}
    return parse_wrk(done.stdout), statuses


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes and their children, in MB."""
    total = 0
    for pid in pids:
        family = [pid, *children(pid)]
        for member in family:
            try:
                status = Path(f"/proc/{member}/status").read_text()
            except OSError:
                continue
            found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            total += int(found.group(1)) if found else 0
    return total / 1024


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-g", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in found.split() if int(p) != pid]


def instance_pids(directory: Path) -> list[int]:
    return [int(p.read_text()) for p in sorted((directory / "run").glob("app*.pid"))]


def main() -> int:
    seconds = int(os.environ.get("BENCH_SECONDS", "5"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    spike_seconds = int(os.environ.get("BENCH_SPIKE_SECONDS", "60"))
    wrk = ensure_wrk()
    started: Path | None = None
    if "TOPOLOGY_INSTANCES" not in os.environ:
        started = Path(tempfile.mkdtemp(prefix="pameran-bench-topology-"))
        print(f"starting the topology in {started} (a few minutes)…", flush=True)
        up = subprocess.run(
            [str(REPO / "scripts" / "topology"), "up", str(started)],
            capture_output=True,
            text=True,
        )
        if up.returncode != 0:
            sys.exit(f"bench: scripts/topology up failed:\n{up.stderr[-3000:]}")
        for line in up.stdout.splitlines():
            name, _, value = line.removeprefix("export ").partition("=")
            os.environ[name] = value.strip("'")
    static_file = REPO / "static" / "bench-same-size.html"
    try:
        base = os.environ["PAMERAN_BASE_URL"]
        instances = os.environ["TOPOLOGY_INSTANCES"].split()
        booths = get_json(f"{base}/api/v1/booths")
        assert isinstance(booths, list) and booths
        slug = booths[0]["slug"]
        with urllib.request.urlopen(f"{base}/booths/{slug}", timeout=10) as answer:
            static_file.write_bytes(answer.read())  # the same bytes wrk will get
        pages = {"booth page": f"/booths/{slug}", "static file": "/static/bench-same-size.html"}
        runs: dict[str, list[WrkRun]] = {name: [] for name in pages}
        for path in pages.values():  # warm-up (a cold first render may take seconds)
            for _ in range(3):
                with urllib.request.urlopen(f"{base}{path}", timeout=60) as answer:
                    answer.read()
        for round_number in range(1, rounds + 1):
            print(f"round {round_number}/{rounds}", flush=True)
            for name, path in pages.items():
                run, _ = wrk_paths(wrk, base, [path], seconds=seconds, connections=CONNECTIONS)
                runs[name].append(run)
        with_likes, like_statuses = wrk_paths(
            wrk,
            base,
            [f"/booths/{slug}", f"/api/v1/booths/{slug}/likes"],
            seconds=seconds,
            connections=CONNECTIONS,
        )

        in_flight = int(os.environ.get("PAMERAN_MAX_IN_FLIGHT", DEFAULT_IN_FLIGHT))
        spike_connections = int(
            os.environ.get("BENCH_SPIKE_CONNECTIONS", 4 * len(instances) * in_flight)
        )
        # The instances' pid files: in the directory we started, or TOPOLOGY_DIR.
        pids = instance_pids(started or Path(os.environ.get("TOPOLOGY_DIR", "/nonexistent")))
        before = rss_mb(pids)
        print(f"spike: {spike_connections} connections for {spike_seconds} s…", flush=True)
        spike, spike_statuses = wrk_paths(
            wrk,
            base,
            [f"/booths/{slug}", f"/api/v1/booths/{slug}/likes", "/search?q=kota{n}"],
            seconds=spike_seconds,
            connections=spike_connections,
        )
        after = rss_mb(pids)
    finally:
        static_file.unlink(missing_ok=True)
        if started is not None:
            subprocess.run([str(REPO / "scripts" / "topology"), "down", str(started)], check=False)

    rps = {name: statistics.median(r.requests_per_second for r in rs) for name, rs in runs.items()}
    p99 = {name: statistics.median(r.p99_ms for r in rs) for name, rs in runs.items()}
    ratio = rps["booth page"] / rps["static file"]
    print(f"\nthrough nginx, wrk -t2 -c{CONNECTIONS} -d{seconds}s, median of {rounds} rounds\n")
    for name in runs:
        errors = sum(r.bad_responses for r in runs[name])
        print(f"{name:<12} {rps[name]:>9.0f} req/s  p99 {p99[name]:>6.1f} ms  errors {errors}")
    print(f"booth page / static file: {ratio:.2f} (target ≥ {MIN_RATIO_TO_STATIC})")
    print(
        f"booth view + like request: {with_likes.requests_per_second:.0f} req/s "
        f"({with_likes.requests_per_second / 2:.0f} views/s), p99 {with_likes.p99_ms:.1f} ms, "
        f"statuses {dict(sorted(like_statuses.items()))}"
    )
    unexpected = {s: n for s, n in spike_statuses.items() if s not in (200, 503)}
    refused = sum(n for s, n in spike_statuses.items() if s >= 400)
    socket_errors = spike.bad_responses - refused  # connect/read/write errors, timeouts
    print(
        f"spike ({spike_connections} connections, {spike_seconds} s): "
        f"{spike.requests_per_second:.0f} req/s, p99 {spike.p99_ms:.1f} ms, "
        f"statuses {dict(sorted(spike_statuses.items()))}, "
        f"errors other than 503: {unexpected or 'none'}, socket errors {socket_errors}"
    )
    if pids:
        print(f"instances' memory: {before:.0f} MB before, {after:.0f} MB after the spike")
    return 0


if __name__ == "__main__":
    sys.exit(main())
