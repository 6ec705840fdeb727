"""What a file is, from its first bytes: never from its name or the client's header."""

from dataclasses import dataclass
from pathlib import Path

HEAD_BYTES = 1024

MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"dash",
    b"M4V ",
    b"MSNV",
    b"f4v ",
}
AVIF_BRANDS = {b"avif", b"avis"}


@dataclass(frozen=True)
class Sniffed:
    kind: str  # image, video, document
    format: str  # JPEG, PNG, GIF, WEBP, AVIF, MP4, WEBM, PDF
    extension: str
    content_type: str


def sniff_bytes(head: bytes) -> Sniffed | None:
    """The accepted type these leading bytes announce, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image", "JPEG", "jpg", "image/jpeg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image", "PNG", "png", "image/png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image", "GIF", "gif", "image/gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image", "WEBP", "webp", "image/webp")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in AVIF_BRANDS:
            return Sniffed("image", "AVIF", "avif", "image/avif")
        if brand in MP4_BRANDS:
            return Sniffed("video", "MP4", "mp4", "video/mp4")
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return Sniffed("video", "WEBM", "webm", "video/webm")
    if head.startswith(b"%PDF-"):
        return Sniffed("document", "PDF", "pdf", "application/pdf")
    return None


def sniff_file(path: Path) -> Sniffed | None:
    with path.open("rb") as handle:
        return sniff_bytes(handle.read(HEAD_BYTES))
