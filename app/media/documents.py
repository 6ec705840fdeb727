"""PDFs are parsed before they are accepted, and page 1 previewed when possible."""

import logging
import shutil
import subprocess  # noqa: S404  (runs pdftoppm with fixed arguments)
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from app.core.errors import Invalid

log = logging.getLogger(__name__)
PREVIEW_TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class CheckedPdf:
    page_count: int
    preview: Path | None


def check_pdf(path: Path, work_dir: Path) -> CheckedPdf:
    """Refuse PDFs that do not parse, are encrypted or have no pages."""
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            raise Invalid("PDF terenkripsi atau berkata sandi tidak dapat diterima.")
        page_count = len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, RecursionError):
        raise Invalid("PDF rusak atau tidak dapat dibaca.") from None
    if page_count < 1:
        raise Invalid("PDF tidak memiliki halaman.")
    return CheckedPdf(page_count, _render_first_page(path, work_dir))


def _render_first_page(path: Path, work_dir: Path) -> Path | None:
    renderer = shutil.which("pdftoppm")
    if renderer is None:
        return None
    target = work_dir / "preview"
    try:
        subprocess.run(  # noqa: S603  (fixed argv, no shell)
            [
                renderer,
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                "-png",
                "-scale-to",
                "1280",
                str(path),
                str(target),
            ],
            check=True,
            capture_output=True,
            timeout=PREVIEW_TIMEOUT_SECONDS,
        )
    except (subprocess.SubprocessError, OSError) as error:
        log.warning("no PDF preview: %s", error)
        return None
    png = target.with_suffix(".png")
    return png if png.exists() else None
