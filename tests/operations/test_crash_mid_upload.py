"""Fault: `kill -9` of a real `pameran serve` in the middle of uploads.

What the dead process left (a body it was receiving, a blob it was copying into the
media store) is reported by `pameran storage check`, and the next start-up removes
it once the grace period has passed; an unfinished resumable upload stays resumable.
"""

import os
import signal
import socket
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import httpx2
from sqlalchemy import Engine
from sqlmodel import Session

from app.accounts.tokens import create_token
from app.core.config import MB, Settings
from app.media.resumable import tus_dir
from app.media.uploads import incoming_dir
from app.media.video import video_tools
from tests.commands import env_for, pameran
from tests.factories import BundleFactory, make_user
from tests.faults.invariants import assert_nothing_half_published
from tests.media._live import stalled_request, wait_until
from tests.media.test_stalled_uploads import (
    BOUNDARY,
    form_start,
    multipart_headers,
    photo,
    tus_metadata,
)
from tests.perf._server import Server, free_port
from tests.services import require

LONG_AGO = 1_000_000_000


def big_video(path: Path) -> Path:
    """A real MP4 of ~150 MB (lossless noise): it passes the video checks, so the server
    copies it into the media store, which takes long enough for the kill to land."""
    tools = video_tools()
    require(tools, "ffprobe and ffmpeg (Debian package ffmpeg) check videos")
    assert tools is not None
    noise = "nullsrc=s=1280x720:r=25,geq=random(1)*255:128:128"
    subprocess.run(  # noqa: S603  (fixed arguments)
        [tools[1], "-v", "error", "-y", "-f", "lavfi", "-i", noise, "-t", "4", "-c:v", "libx264",
         "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv444p", str(path)],
        check=True,
    )  # fmt: skip
    return path


def send_big_upload(port: int, token: str, source: Path) -> None:
    """A complete API upload of a large video, as fast as the server takes it."""
    head = form_start({"alt_text": ""}).rsplit(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
    head = head.replace(b"big.jpg", b"big.mp4").replace(b"image/jpeg", b"video/mp4")
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    length = len(head) + source.stat().st_size + len(tail)
    request = (
        f"POST /api/v1/workspace/booths/kota-bitung/media HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
    try:
        with socket.create_connection(("127.0.0.1", port)) as sock, source.open("rb") as video:
            sock.sendall(request + head)
            while chunk := video.read(MB):
                sock.sendall(chunk)
            sock.sendall(tail)
            sock.recv(1024)
    except OSError:
        pass  # the server was killed under it: that is the point


def temporary_files(settings: Settings) -> list[Path]:
    media = Path(settings.storage_url.removeprefix("file://"))
    return [
        *incoming_dir(settings).glob("*.part"),
        *tus_dir(settings).glob("*.part"),
        *media.glob("*/*/.incoming-*"),
    ]


def test_kill_9_mid_upload_leaves_nothing_after_the_next_start(
    settings: Settings,
    engine: Engine,
    session: Session,
    bundles: BundleFactory,
    import_bundles: Callable[[Path], None],
    tmp_path: Path,
) -> None:
    big = big_video(tmp_path / "big.mp4")
    bundles.make()
    import_bundles(bundles.root)
    editor = make_user(session, "editor@bitung.go.id", "region-editor", regions=("71.72",))
    token = create_token(session, editor)[1]
    session.commit()
    port = free_port()
    env = {**os.environ, **env_for(settings), "PAMERAN_MAX_UPLOAD_MB": "400"}
    workdir = tmp_path / "serve"
    workdir.mkdir()
    media = Path(settings.storage_url.removeprefix("file://"))
    bearer = {"Authorization": f"Bearer {token}"}

    server = Server(workdir=workdir, env=env, port=port)
    try:
        server.wait_ready()
        # An unfinished resumable upload: its bytes are the user's, kept for the resume.
        data = photo(3)
        created = httpx2.post(
            f"{server.base_url}/api/v1/workspace/booths/kota-bitung/tus/",
            headers={
                **bearer,
                "Tus-Resumable": "1.0.0",
                "Upload-Length": str(len(data)),
                "Upload-Metadata": tus_metadata(filename="foto.jpg", alt_text="Foto"),
            },
        )
        location = created.headers["location"]
        half = httpx2.patch(
            f"{server.base_url}{location}",
            content=data[:5000],
            headers={
                **bearer,
                "Tus-Resumable": "1.0.0",
                "Content-Type": "application/offset+octet-stream",
                "Upload-Offset": "0",
            },
        )
        assert half.status_code == 204, half.text
        # A body stalled mid-way, and a big one whose blob is being copied at the kill.
        stalled = stalled_request(
            server.base_url,
            "POST",
            "/api/v1/workspace/booths/kota-bitung/media",
            multipart_headers(bearer),
            form_start({"alt_text": "Foto"}),
        )
        wait_until(lambda: len(list(incoming_dir(settings).glob("*.part"))) == 1, "the stall")
        sender = threading.Thread(target=send_big_upload, args=(port, token, big), daemon=True)
        sender.start()
        wait_until(lambda: any(media.glob("*/*/.incoming-*")), "the blob copy", timeout=120)
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()
        stalled.close()
        sender.join(timeout=60)
    finally:
        server.stop()

    check = pameran("storage", "check", cwd=workdir, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    reported = [line for line in check.stdout.splitlines() if line.startswith("leftover")]
    assert len(reported) == 3, check.stdout  # the stalled body, the big body, its blob copy
    assert any(".incoming-" in line for line in reported)
    assert not any(".part" in line and "/tus/" in line for line in reported)

    for path in temporary_files(settings):  # the grace period passes
        os.utime(path, (LONG_AGO, LONG_AGO))
    with Server(workdir=workdir, env=env, port=free_port()) as again:
        again.wait_ready()
        offset = httpx2.head(
            f"{again.base_url}{location}", headers={**bearer, "Tus-Resumable": "1.0.0"}
        )
        assert offset.headers["upload-offset"] == "5000"  # still resumable

    check = pameran("storage", "check", cwd=workdir, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "leftover temporary file " not in check.stdout
    assert "0 orphan(s), 0 missing, 0 leftover temporary file(s)" in check.stdout, check.stdout
    assert_nothing_half_published(engine)
