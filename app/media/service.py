"""One path into the media library for every entry point: form, API, tus and import."""

import hashlib
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from app.core.config import Settings
from app.core.errors import Invalid, TooLarge, Unsupported
from app.core.text import clean_text
from app.media.decode_budget import decode_budget
from app.media.documents import check_pdf
from app.media.embeds import parse_video_link
from app.media.filenames import safe_filename
from app.media.images import Rendition, process_image
from app.media.models import MediaAsset, MediaFile
from app.media.sniff import Sniffed, sniff_file
from app.media.video import clean_video
from app.storage import Storage

READ_CHUNK = 1024 * 1024
RENDITION_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}
DETAIL_LIMITS = {"alt_text": 500, "title": 200, "caption": 1000, "credit": 200}
# What a script sends for a field it never filled in (JavaScript's String(undefined)).
NO_VALUE_WORDS = frozenset({"undefined", "null"})


def clean_detail(value: object) -> str:
    """A media text as given by a person: cleaned, trimmed, and a missing value is empty."""
    text = clean_text(value).strip() if isinstance(value, str) else ""
    return "" if text.lower() in NO_VALUE_WORDS else text


@dataclass(frozen=True)
class MediaDetails:
    """An item's texts, cleaned at construction so that every entry point stores the same."""

    alt_text: str = ""
    title: str = ""
    caption: str = ""
    credit: str = ""

    def __post_init__(self) -> None:
        for name in DETAIL_LIMITS:
            object.__setattr__(self, name, clean_detail(getattr(self, name)))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _store(
    storage: Storage,
    path: Path,
    role: str,
    extension: str,
    content_type: str,
    width: int | None = None,
    height: int | None = None,
) -> MediaFile:
    """Write the blob (first), and describe it for the row written after."""
    sha = file_sha256(path)
    storage.put_file(f"{sha}.{extension}", path, content_type)
    return MediaFile(
        media_id=0,
        role=role,
        sha256=sha,
        extension=extension,
        content_type=content_type,
        size=path.stat().st_size,
        width=width,
        height=height,
    )


def _store_renditions(
    storage: Storage, renditions: list[Rendition], role: str, *, max_width: int = 10**6
) -> list[MediaFile]:
    return [
        _store(storage, r.path, role, r.format, RENDITION_TYPES[r.format], r.width, r.height)
        for r in renditions
        if r.width <= max_width and (role == "rendition" or r.format == "webp")
    ]


def check_details(kind: str, details: MediaDetails) -> None:
    if kind == "image" and not details.alt_text:
        raise Invalid("Teks alternatif (alt text) wajib diisi untuk gambar.")
    for name, limit in DETAIL_LIMITS.items():
        if len(getattr(details, name)) > limit:
            raise Invalid("Isian {field} paling panjang {limit} karakter.", field=name, limit=limit)


def _acceptable_kind(settings: Settings, source: Path, details: MediaDetails) -> Sniffed:
    """The file's type by its content; refused if unknown, empty, too large or undescribed."""
    sniffed = sniff_file(source)
    if sniffed is None:
        raise Unsupported(
            "Jenis berkas tidak diterima. Unggah gambar (JPEG, PNG, WebP, GIF, AVIF), "
            "video (MP4, WebM) atau dokumen PDF."
        )
    size = source.stat().st_size
    if size == 0:
        raise Invalid("Berkas kosong.")
    if size > settings.max_bytes(sniffed.kind):
        raise TooLarge(
            "Berkas terlalu besar; batasnya {limit} MB.",
            limit=settings.max_bytes(sniffed.kind) // (1024 * 1024),
        )
    check_details(sniffed.kind, details)
    return sniffed


def _rebuild(
    storage: Storage,
    settings: Settings,
    source: Path,
    sniffed: Sniffed,
    asset: MediaAsset,
    work_dir: Path,
) -> tuple[list[MediaFile], MediaFile]:
    """Store what is rebuilt from `source` (its files, and the main one among them); the
    image's size or the document's page count goes on `asset`."""
    budget = decode_budget(settings)
    if sniffed.kind == "image":
        processed = process_image(
            source, work_dir, max_pixels=settings.max_image_pixels, budget=budget
        )
        asset.width, asset.height = processed.width, processed.height
        files = _store_renditions(storage, processed.renditions, "rendition")
        return files, max(files, key=lambda f: (f.width or 0, f.extension == "jpg"))
    files = []
    if sniffed.kind == "video":
        cleaned = clean_video(source, sniffed.format, work_dir)
    else:  # a document
        checked = check_pdf(source, work_dir)
        cleaned = checked.path
        asset.page_count = checked.page_count
        if checked.preview is not None:
            preview = process_image(
                checked.preview, work_dir, max_pixels=settings.max_image_pixels, budget=budget
            )
            files = _store_renditions(storage, preview.renditions, "preview", max_width=640)
    main = _store(storage, cleaned, "original", sniffed.extension, sniffed.content_type)
    return [*files, main], main


@dataclass
class PreparedMedia:
    """A checked, converted and stored file: its blobs are written, its rows not yet."""

    asset: MediaAsset  # without booth and uploader: `record_media` sets them
    files: list[MediaFile]


def prepare_file(
    storage: Storage, settings: Settings, *, source: Path, filename: str | None,
    details: MediaDetails,
) -> PreparedMedia:  # fmt: skip
    """Check, convert and store an uploaded file, with no database in sight.

    The slow part of every upload (hashing, decoding, renditions, storage puts)
    happens here, so that no transaction or pooled connection waits on it. What is
    stored is rebuilt, never the bytes received: images from their pixels, PDFs
    from their pages, videos from their streams, all without metadata.
    """
    sniffed = _acceptable_kind(settings, source, details)
    asset = MediaAsset(
        booth_id=0,
        kind=sniffed.kind,
        sha256="",
        source_sha256=file_sha256(source),
        content_type=sniffed.content_type,
        filename=safe_filename(filename, sniffed.extension),
        **asdict(details),
    )
    with tempfile.TemporaryDirectory(prefix="pameran-media-") as work:
        files, main = _rebuild(storage, settings, source, sniffed, asset, Path(work))
    asset.sha256, asset.size = main.sha256, main.size
    return PreparedMedia(asset, files)


def record_media(
    session: Session, prepared: PreparedMedia, *, booth_id: int, uploaded_by_id: int | None
) -> MediaAsset:
    """The rows of a prepared file, in the booth's library (flushed): quick, no I/O."""
    asset = MediaAsset(
        **prepared.asset.model_dump(exclude={"id", "created_at", "booth_id", "uploaded_by_id"}),
        booth_id=booth_id,
        uploaded_by_id=uploaded_by_id,
    )
    session.add(asset)
    session.flush()
    for media_file in prepared.files:
        row = media_file.model_dump(exclude={"id", "media_id"})
        session.add(MediaFile(**row, media_id=asset.id or 0))
    session.flush()
    return asset


def ingest_file(
    session: Session,
    storage: Storage,
    settings: Settings,
    *,
    booth_id: int,
    source: Path,
    filename: str | None,
    details: MediaDetails,
    uploaded_by_id: int | None = None,
) -> MediaAsset:
    """Check, convert and store a file, then write its rows (flushed): for batch imports."""
    prepared = prepare_file(storage, settings, source=source, filename=filename, details=details)
    return record_media(session, prepared, booth_id=booth_id, uploaded_by_id=uploaded_by_id)


def media_for_booth(session: Session, booth_id: int, ids: list[int]) -> dict[int, MediaAsset]:
    """The booth's media among `ids` (others are silently absent)."""
    if not ids:
        return {}
    rows = session.exec(
        select(MediaAsset).where(MediaAsset.booth_id == booth_id, col(MediaAsset.id).in_(ids))
    ).all()
    return {row.id: row for row in rows if row.id is not None}


def ingest_link(
    session: Session,
    *,
    booth_id: int,
    url: str,
    details: MediaDetails,
    uploaded_by_id: int | None = None,
) -> MediaAsset:
    """A YouTube or Vimeo video as a media item of the booth."""
    link = parse_video_link(url)
    check_details("embed", details)
    asset = MediaAsset(
        booth_id=booth_id,
        kind="embed",
        sha256="",
        content_type="text/html",
        embed_url=link.watch_url,
        **asdict(details),
        uploaded_by_id=uploaded_by_id,
    )
    session.add(asset)
    session.flush()
    return asset


def booth_media(session: Session, booth_id: int) -> list[MediaAsset]:
    return list(
        session.exec(
            select(MediaAsset).where(MediaAsset.booth_id == booth_id).order_by(col(MediaAsset.id))
        ).all()
    )
