"""Videos are parsed as the container they claim and stored without metadata."""

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.core.errors import DomainError
from app.media import video
from app.media.models import MediaAsset
from tests.factories import BundleFactory, bearer_headers, make_user
from tests.media.conftest import Ingest
from tests.services import require

PLACE = "+06.2000+106.8167/"  # ISO 6709, as phones write it
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


@pytest.fixture
def ffmpeg() -> str:
    require(video.video_tools(), "ffprobe and ffmpeg (Debian package ffmpeg) check videos")
    return shutil.which("ffmpeg") or ""


def make_video(ffmpeg: str, path: Path, *tags: str, audio_only: bool = False) -> bytes:
    """One second at 64×64 (with a tone), carrying the metadata `tags` (key=value)."""
    webm = path.suffix == ".webm"
    picture = ["-f", "lavfi", "-i", "testsrc=size=64x64:rate=10:duration=1"]
    tone = ["-f", "lavfi", "-i", "sine=duration=1"]
    codecs = ["-c:v", "libvpx", "-c:a", "libopus"] if webm else ["-c:v", "libx264", "-c:a", "aac"]
    metadata = [arg for tag in tags for arg in ("-metadata", tag)]
    # use_metadata_tags writes free-form keys (Apple's location key) besides loci/©xyz.
    flags = [] if webm else ["-pix_fmt", "yuv420p", "-movflags", "+use_metadata_tags"]
    inputs = tone if audio_only else picture + tone
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", *inputs, *codecs, *flags, "-shortest", *metadata, str(path)],
        check=True,
    )
    return path.read_bytes()


def probe(path: Path) -> dict:
    done = subprocess.run(
        [
            shutil.which("ffprobe") or "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=format_name,duration:format_tags:stream=codec_type:stream_tags",
            "-of",
            "json",
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return json.loads(done.stdout)


def all_tags(probed: dict) -> dict[str, str]:
    tags = dict(probed["format"].get("tags", {}))
    for stream in probed["streams"]:
        tags |= stream.get("tags", {})
    return tags


def test_an_mp4_is_stored_without_its_location(ingest: Ingest, ffmpeg: str, tmp_path: Path) -> None:
    received = make_video(
        ffmpeg,
        tmp_path / "phone.mp4",
        f"location={PLACE}",
        f"com.apple.quicktime.location.ISO6709={PLACE}",
        "artist=Penulis Rahasia",
    )
    assert PLACE.encode() in received and b"loci" in received  # what a phone would send
    asset = ingest(received, "dermaga.mp4")
    stored = tmp_path / "stored.mp4"
    stored.write_bytes(ingest.original(asset))
    data = stored.read_bytes()
    for marker in (PLACE.encode(), b"loci", b"\xa9xyz", b"Penulis Rahasia"):
        assert marker not in data, marker
    probed = probe(stored)
    assert not [k for k in all_tags(probed) if "location" in k or k == "artist"]
    assert {s["codec_type"] for s in probed["streams"]} == {"video", "audio"}
    assert float(probed["format"]["duration"]) == pytest.approx(1, abs=0.2)
    assert data.index(b"moov") < data.index(b"mdat")  # faststart: plays before it has loaded
    assert asset.kind == "video" and asset.content_type == "video/mp4"


def test_a_webm_is_stored_without_its_metadata(ingest: Ingest, ffmpeg: str, tmp_path: Path) -> None:
    received = make_video(
        ffmpeg, tmp_path / "clip.webm", "title=Judul Rahasia", f"location={PLACE}"
    )
    assert b"Judul Rahasia" in received
    asset = ingest(received, "klip.webm")
    stored = tmp_path / "stored.webm"
    stored.write_bytes(ingest.original(asset))
    assert b"Judul Rahasia" not in stored.read_bytes() and PLACE.encode() not in stored.read_bytes()
    probed = probe(stored)
    assert "webm" in probed["format"]["format_name"] and "title" not in all_tags(probed)


def rows(session: Session) -> int:
    return session.exec(select(func.count()).select_from(MediaAsset)).one()


@pytest.mark.parametrize(
    "case, status",
    [("signature only", 415), ("webm signature only", 415), ("audio only", 422)],
)
def test_what_is_not_a_playable_video_of_its_container_is_refused(
    ingest: Ingest, ffmpeg: str, tmp_path: Path, session: Session, case: str, status: int
) -> None:
    data = {
        "signature only": lambda: MP4_HEAD + b"\0" * 5000,
        "webm signature only": lambda: b"\x1a\x45\xdf\xa3\x9f\x42\x82\x84webm" + b"\0" * 5000,
        "audio only": lambda: make_video(ffmpeg, tmp_path / "tone.mp4", audio_only=True),
    }[case]()
    with pytest.raises(DomainError) as refused:
        ingest(data, "video.mp4")
    assert refused.value.status_code == status
    assert rows(session) == 0 and list(ingest.storage.iter_blobs()) == []


def test_without_ffmpeg_videos_are_refused_with_a_reason(
    ingest: Ingest, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never served unchecked, with whatever location they carry (see app/media/video.py)."""
    monkeypatch.setattr(video, "video_tools", lambda: None)
    with pytest.raises(DomainError, match="ffmpeg tidak terpasang") as refused:
        ingest(MP4_HEAD + b"\0" * 5000, "video.mp4")
    assert refused.value.status_code == 415 and rows(session) == 0


@pytest.mark.parametrize(
    "language, words", [("id", "bukan video MP4"), ("en", "not a readable MP4 video")]
)
def test_the_refusal_is_explained_in_the_uploaders_language(
    client: TestClient,
    session: Session,
    bundles: BundleFactory,
    import_bundles: Callable[[Path], None],
    ffmpeg: str,
    language: str,
    words: str,
) -> None:
    import_bundles(bundles.make().parent)
    editor = make_user(session, "editor@bitung.go.id", "region-editor", regions=("71.72",))
    headers = bearer_headers(session, {"editor": editor})["editor"]
    response = client.post(
        "/api/v1/workspace/booths/kota-bitung/media",
        headers=headers | {"Accept-Language": language},
        files={"file": ("video.mp4", MP4_HEAD + b"\0" * 5000, "video/mp4")},
    )
    assert response.status_code == 415
    assert words in response.json()["detail"]
