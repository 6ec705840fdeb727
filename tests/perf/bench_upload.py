"""Server memory while a 1 GB video is uploaded through the workspace API.

    python -m tests.perf.bench_upload           # from the repository root

Makes a throwaway installation (a region editor and an API token from the CLI),
starts the app with uvicorn in a subprocess with PAMERAN_MAX_UPLOAD_MB=1100, then
POSTs BENCH_UPLOAD_MB (default 1024) MB of MP4 data to
`/api/v1/workspace/booths/kota-bitung/media` twice: once with Content-Length, once
chunked (no Content-Length); the app streams it to disk, sniffs, hashes, checks it
with ffprobe and stores it (the data is a tiny real MP4 followed by a 1 GB `free`
box, which the remux leaves out). For each
it reads the server's /proc/PID/status: VmRSS before, and VmHWM (peak RSS; reset
through /proc/PID/clear_refs before each upload) after. The growth is what one
upload costs the server in memory; a parser that buffered the body would grow by
the body's size. Prints figures, never asserts; target: < 64 MB growth.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.perf._server import REPO, bench_env, free_port, run_cli

UPLOAD_MB = int(os.environ.get("BENCH_UPLOAD_MB", "1024"))
TARGET_MB = 64
BOUNDARY = "pameran-bench-boundary"
BLOCK = os.urandom(1024 * 1024)
ENDPOINT = "/api/v1/workspace/booths/kota-bitung/media"


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


def reset_peak(pid: int) -> bool:
    """Set VmHWM back to the current RSS (Linux ≥ 4.0, needs the right to write clear_refs)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def body_parts(megabytes: int) -> tuple[bytes, bytes]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="alt_text"\r\n\r\n'
        "Video uji\r\n"
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        'filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
    ).encode()
    return head, f"\r\n--{BOUNDARY}--\r\n".encode()


def tiny_video() -> bytes:
    """One second of a real MP4: the upload must pass ffprobe to be accepted."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tiny.mp4"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x64:duration=1",
             "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(path)],
            check=True,
        )  # fmt: skip
        return path.read_bytes()


VIDEO = tiny_video()


def first_block(megabytes: int) -> bytes:
    """The video, then a `free` box over the rest of the file: the upload path carries
    every byte, ffprobe and ffmpeg skip them (the stored video is the small one)."""
    free = megabytes * len(BLOCK) - len(VIDEO)
    header = free.to_bytes(4, "big") + b"free"
    return VIDEO + header + BLOCK[len(VIDEO) + len(header) :]


def chunks(megabytes: int) -> Iterator[bytes]:
    head, tail = body_parts(megabytes)
    yield head
    yield first_block(megabytes)
    for _ in range(megabytes - 1):
        yield BLOCK
    yield tail


def upload(
    port: int, token: str, megabytes: int, *, chunked: bool
) -> tuple[float, dict[str, object]]:
    head, tail = body_parts(megabytes)
    headers = {
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Authorization": f"Bearer {token}",
    }
    if not chunked:
        headers["Content-Length"] = str(len(head) + megabytes * len(BLOCK) + len(tail))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("POST", ENDPOINT, body=chunks(megabytes), headers=headers,
                       encode_chunked=chunked)  # fmt: skip
    answer = connection.getresponse()
    payload = answer.read()
    seconds = time.perf_counter() - started
    connection.close()
    if answer.status != 201:
        sys.exit(f"bench: upload answered {answer.status}: {payload[:300]!r}")
    return seconds, json.loads(payload)


def wait_ready(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"bench: uvicorn exited:\n{log.read_text()[-2000:]}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2),
        ):
            return
        time.sleep(0.2)
    sys.exit(f"bench: uvicorn did not answer:\n{log.read_text()[-2000:]}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pameran-bench-upload-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = bench_env(workdir, port) | {
            "PAMERAN_MAX_UPLOAD_MB": "1100",
            "PAMERAN_VAR_DIR": str(workdir / "var"),
        }
        run_cli("migrate", env=env, cwd=workdir)
        run_cli("users", "add", "bench@pameran.local", "--role", "region-editor",
                "--region", "71.72", env=env, cwd=workdir)  # fmt: skip
        token = run_cli("tokens", "add", "bench@pameran.local", env=env, cwd=workdir)
        token = token.strip().splitlines()[-1]
        log = workdir / "uvicorn.log"
        with log.open("wb") as log_file:
            server = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host",
                 "127.0.0.1", "--port", str(port), "--no-access-log", "--log-level", "warning"],
                cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        try:
            wait_ready(port, server, log)
            upload(port, token, 4, chunked=False)  # warm-up: imports, first allocations
            upload(port, token, 4, chunked=True)
            print(f"uploading {UPLOAD_MB} MB of file data to uvicorn (pid {server.pid}), "
                  f"one worker, PAMERAN_MAX_UPLOAD_MB=1100\n")  # fmt: skip
            print(f"{'':18} {'seconds':>8} {'MB/s':>7} {'RSS before':>11} {'peak growth':>12} "
                  f"{'RSS after':>10}")  # fmt: skip
            worst = 0.0
            for chunked in (False, True):
                before = status_kb(server.pid, "VmRSS")
                exact = reset_peak(server.pid)
                seconds, answer = upload(port, token, UPLOAD_MB, chunked=chunked)
                assert answer["kind"] == "video", answer
                peak, after = status_kb(server.pid, "VmHWM"), status_kb(server.pid, "VmRSS")
                growth = (peak - before) / 1024
                worst = max(worst, growth)
                label = "chunked" if chunked else "Content-Length"
                print(f"{label:18} {seconds:8.1f} {UPLOAD_MB / seconds:7.0f} "
                      f"{before / 1024:9.1f}MB {growth:10.1f}MB {after / 1024:8.1f}MB"
                      + ("" if exact else "  (VmHWM not reset: peak since start)"))  # fmt: skip
            leftovers = list((workdir / "var").rglob("*.part"))
            verdict = "ok" if worst < TARGET_MB else "MISSED"
            print(f"\npeak RSS growth: {worst:.1f} MB (target < {TARGET_MB} MB) {verdict}; "
                  f"files left behind: {len(leftovers)}")  # fmt: skip
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)


if __name__ == "__main__":
    main()
