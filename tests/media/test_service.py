"""Every file goes through one pipeline: sniffed, capped, rebuilt, stripped."""

import io
import shutil
import struct
import zipfile
import zlib

import pytest
from PIL import Image
from sqlmodel import Session, func, select

from app.core.config import Settings
from app.core.errors import DomainError
from app.media.models import MediaAsset, MediaFile
from app.media.service import MediaDetails
from tests.media.conftest import Ingest
from tests.services import require


def jpeg_bytes(size: tuple[int, int] = (800, 600), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG", **({"exif": exif} if exif else {}))
    return out.getvalue()


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 0.0), 3: "E", 4: (106.0, 49.0, 0.0)}  # GPS IFD
    exif[0x010F] = "KameraRahasia"  # Make
    return exif.tobytes()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares a size far larger than its data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def rows(session: Session) -> int:
    return session.exec(select(func.count()).select_from(MediaAsset)).one()


def test_photo_becomes_webp_and_jpeg_renditions_without_metadata(
    ingest: Ingest, session: Session
) -> None:
    asset = ingest(jpeg_bytes((2400, 1600), exif=gps_exif()), "foto.jpg")
    files = session.exec(select(MediaFile).where(MediaFile.media_id == asset.id)).all()
    assert {f.width for f in files} == {320, 640, 1280, 1920}
    assert {f.extension for f in files} == {"webp", "jpg"}
    for media_file in files:
        blob = ingest.blob(media_file)
        assert b"KameraRahasia" not in blob
        with Image.open(io.BytesIO(blob)) as image:
            assert not image.getexif() and "exif" not in image.info


def test_exif_orientation_is_applied(ingest: Ingest) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    asset = ingest(jpeg_bytes((800, 400), exif=exif.tobytes()))
    assert (asset.width, asset.height) == (400, 800)


def test_polyglot_is_reencoded_without_the_trailing_archive(
    ingest: Ingest, session: Session
) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("shell.php", "<?php system($_GET['c']); ?>")
    asset = ingest(jpeg_bytes() + archive.getvalue(), "poly.jpg")
    for media_file in session.exec(select(MediaFile).where(MediaFile.media_id == asset.id)):
        blob = ingest.blob(media_file)
        assert b"PK\x03\x04" not in blob and b"<?php" not in blob


@pytest.mark.parametrize(
    "data, status",
    [
        (png_header_only(30000, 30000), 422),
        (b"", 415),
        (jpeg_bytes()[:300], 422),
        (b"<html><script>alert(1)</script></html>", 415),
        (b"<?php system($_GET['c']); ?>", 415),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 415),
        (b"%!PS-Adobe-3.0 EPSF-3.0\n", 415),
        (b"II*\x00" + b"\x00" * 64, 415),
        (b"8BPS\x00\x01" + b"\x00" * 64, 415),
        (b"%PDF-1.4\n garbage without structure", 422),
    ],
)
def test_bad_files_are_refused_and_leave_nothing(
    ingest: Ingest, session: Session, data: bytes, status: int
) -> None:
    with pytest.raises(DomainError) as refused:
        ingest(data, "innocent.png")
    assert refused.value.status_code == status
    assert rows(session) == 0
    assert list(ingest.storage.iter_blobs()) == []


def test_animation_frames_count_towards_the_pixel_cap(
    ingest: Ingest, session: Session, settings: Settings
) -> None:
    settings.max_image_pixels = 1_000_000
    frames = [Image.new("RGB", (500, 500), (i * 30, 90, 0)) for i in range(8)]  # 2 Mpx in all
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(DomainError) as refused:
        ingest(out.getvalue(), "anim.gif")
    assert refused.value.status_code == 422 and rows(session) == 0


def test_images_need_alt_text(ingest: Ingest, session: Session) -> None:
    for blank in ("  ", "\u200b\u202e\u2066"):  # invisible characters are no alt text
        with pytest.raises(DomainError) as refused:
            ingest(jpeg_bytes(), details=MediaDetails(alt_text=blank))
        assert refused.value.status_code == 422 and rows(session) == 0
    details = MediaDetails(alt_text="Pelabuhan\u202e", title="Judul\u200b")
    asset = ingest(jpeg_bytes(), details=details)
    assert (asset.alt_text, asset.title) == ("Pelabuhan", "Judul")


def test_files_over_the_kind_cap_are_refused(ingest: Ingest, settings: Settings) -> None:
    settings.max_image_mb = 1
    with pytest.raises(DomainError) as refused:
        ingest(jpeg_bytes() + b"\0" * (1024 * 1024))
    assert refused.value.status_code == 413


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/abs/path/Rencana.pdf", "Rencana.pdf"),
        ("nul\x00byte.pdf", "nulbyte.pdf"),
        ("a" * 300 + ".pdf", "a" * 80 + ".pdf"),
        ("laporan\u202efdp.exe", "laporanfdp.pdf"),
        ("", "berkas.pdf"),
    ],
)
def test_download_names_are_made_safe(ingest: Ingest, name: str, expected: str) -> None:
    pdf = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(pdf, "PDF")
    assert ingest(pdf.getvalue(), name).filename == expected


def test_pdf_first_page_becomes_a_preview(ingest: Ingest, session: Session) -> None:
    require(shutil.which("pdftoppm"), "pdftoppm (poppler-utils) renders PDF previews")
    pdf = io.BytesIO()
    Image.new("RGB", (600, 800), (200, 30, 30)).save(pdf, "PDF")
    asset = ingest(pdf.getvalue(), "rencana.pdf")
    previews = session.exec(
        select(MediaFile).where(MediaFile.media_id == asset.id, MediaFile.role == "preview")
    ).all()
    assert asset.page_count == 1 and previews and {p.extension for p in previews} == {"webp"}
