"""YouTube and Vimeo links, shown behind a click-to-load facade."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from app.core.errors import Invalid

# fullmatch, not match with `$`: `$` also matches before a trailing newline, which
# would reach the iframe src.
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID = re.compile(r"[0-9]{1,12}")


@dataclass(frozen=True)
class VideoLink:
    provider: str  # youtube or vimeo
    video_id: str

    @property
    def watch_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"

    @property
    def embed_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}?autoplay=1"
        return f"https://player.vimeo.com/video/{self.video_id}?autoplay=1&dnt=1"


def parse_video_link(url: str) -> VideoLink:
    """The provider and id of a YouTube or Vimeo link; anything else is refused."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    segments = [s for s in parts.path.split("/") if s]
    candidate = ""
    if parts.scheme == "https" and host in {"youtube.com", "youtube-nocookie.com"}:
        if segments[:1] == ["watch"]:
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif segments[:1] in (["embed"], ["shorts"], ["live"]) and len(segments) > 1:
            candidate = segments[1]
        if _YOUTUBE_ID.fullmatch(candidate):
            return VideoLink("youtube", candidate)
    short_link = parts.scheme == "https" and host == "youtu.be" and segments
    if short_link and _YOUTUBE_ID.fullmatch(segments[0]):
        return VideoLink("youtube", segments[0])
    vimeo = parts.scheme == "https" and host in {"vimeo.com", "player.vimeo.com"} and segments
    if vimeo and _VIMEO_ID.fullmatch(segments[-1]):
        return VideoLink("vimeo", segments[-1])
    raise Invalid("Tautan video harus berupa tautan https YouTube atau Vimeo.")
