"""Videos are parsed by ffprobe as the container their first bytes claim, then copied
stream by stream into a fresh file without metadata (phones write the place a video
was shot into it: ©xyz, loci, com.apple.quicktime.location.ISO6709).

Without ffprobe and ffmpeg on the machine, videos are refused with a message that
says so: serving an unchecked file with its location to the public is the worse
failure, and video links (YouTube/Vimeo) still work.
"""

import json
import logging
import shutil
import subprocess  # noqa: S404  (runs ffprobe/ffmpeg with fixed arguments)
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import Invalid, Unsupported

log = logging.getLogger(__name__)
PROBE_TIMEOUT_SECONDS = 30
REMUX_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Container:
    demuxer: str  # forced, so ffprobe never guesses another format (playlists, concat)
    format_name: str  # must appear in ffprobe's format_name
    muxer: str
    muxer_flags: tuple[str, ...] = ()


CONTAINERS = {
    "MP4": Container("mov", "mp4", "mp4", ("-movflags", "+faststart")),  # seekable at once
    "WEBM": Container("matroska", "webm", "webm"),
}


def video_tools() -> tuple[str, str] | None:
    """ffprobe and ffmpeg, when both are installed."""
    ffprobe, ffmpeg = shutil.which("ffprobe"), shutil.which("ffmpeg")
    return (ffprobe, ffmpeg) if ffprobe and ffmpeg else None


def _not_this_container(name: str) -> Unsupported:
    return Unsupported(
        "Berkas ini bukan video {format} yang dapat dibaca; unggah video MP4 atau WebM.",
        format=name,
    )


def _probe(ffprobe: str, path: Path, container: Container) -> dict | None:
    """ffprobe's view of the file, or None when it cannot read it as `container`."""
    try:
        done = subprocess.run(  # noqa: S603  (fixed argv, no shell)
            [
                ffprobe,
                "-v",
                "error",
                "-protocol_whitelist",
                "file",
                "-f",
                container.demuxer,
                "-show_entries",
                "format=format_name:stream=codec_type,disposition",
                "-of",
                "json",
                str(path),
            ],
            capture_output=True,
            timeout=PROBE_TIMEOUT_SECONDS,
        )
        probed = json.loads(done.stdout) if done.returncode == 0 else None
    except (subprocess.SubprocessError, OSError, ValueError):
        return None
    return probed if isinstance(probed, dict) else None


def _has_video(probed: dict) -> bool:
    """A real video stream, not only cover art."""
    return any(
        stream.get("codec_type") == "video"
        and not (stream.get("disposition") or {}).get("attached_pic")
        for stream in probed.get("streams") or []
    )


def clean_video(path: Path, format_name: str, work_dir: Path) -> Path:
    """Check `path` as the container `format_name` (MP4, WEBM) and return a copy of its
    video and audio streams without metadata, chapters, subtitles or data tracks."""
    tools = video_tools()
    if tools is None:
        raise Unsupported(
            "Server ini belum dapat memeriksa video (ffmpeg tidak terpasang); "
            "tautkan video dari YouTube atau Vimeo sebagai gantinya."
        )
    ffprobe, ffmpeg = tools
    container = CONTAINERS[format_name]
    probed = _probe(ffprobe, path, container)
    reported = str((probed or {}).get("format", {}).get("format_name", "")).split(",")
    if probed is None or container.format_name not in reported:
        raise _not_this_container(format_name)
    if not _has_video(probed):
        raise Invalid("Berkas ini tidak berisi gambar video; unggah video MP4 atau WebM.")
    target = work_dir / f"clean.{container.muxer}"
    try:
        subprocess.run(  # noqa: S603  (fixed argv, no shell)
            [
                ffmpeg,
                "-v",
                "error",
                "-nostdin",
                "-protocol_whitelist",
                "file",
                "-f",
                container.demuxer,
                "-i",
                str(path),
                "-map",
                "0:V",  # video, without cover pictures
                "-map",
                "0:a?",
                "-map_metadata",
                "-1",
                "-map_chapters",
                "-1",
                "-c",
                "copy",
                "-fflags",
                "+bitexact",  # no encoder tag either
                *container.muxer_flags,
                "-f",
                container.muxer,
                str(target),
            ],
            check=True,
            capture_output=True,
            timeout=REMUX_TIMEOUT_SECONDS,
        )
    except (subprocess.SubprocessError, OSError) as error:
        detail = getattr(error, "stderr", None) or b""
        log.info("video refused: %s %r", error, detail[-500:])
        raise Invalid(
            "Video rusak atau formatnya tidak dapat diputar di peramban; "
            "unggah ulang sebagai MP4 (H.264) atau WebM."
        ) from None
    return target
