"""PDFs are parsed before they are accepted, rewritten without active content or
metadata, and page 1 previewed when possible.

The rewrite copies the pages into a new document: the old catalog, with its
OpenAction, JavaScript, embedded files, forms, outline and XMP metadata, stays
behind, as does the Info dictionary (author, creator tool). On each page, the
additional actions (/AA), metadata and private data go, and so do annotations that
play or carry something; links keep only web, mail and in-document targets.
"""

import logging
import shutil
import subprocess  # noqa: S404  (runs pdftoppm with fixed arguments)
from dataclasses import dataclass
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from app.core.errors import Invalid

log = logging.getLogger(__name__)
PREVIEW_TIMEOUT_SECONDS = 20
PAGE_KEYS_DROPPED = ("/AA", "/Metadata", "/PieceInfo")
ANNOTATIONS_DROPPED = {"/FileAttachment", "/Movie", "/Sound", "/Screen", "/RichMedia", "/3D"}
# /Widget: form fields, which need the dropped /AcroForm; their appearance stays printed.
SAFE_ACTIONS = {"/URI", "/GoTo"}
SAFE_URI_PREFIXES = ("http://", "https://", "mailto:")
PARSE_ERRORS = (
    PyPdfError,
    OSError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    RecursionError,
)


@dataclass(frozen=True)
class CheckedPdf:
    path: Path  # the rewritten document, the one to store
    page_count: int
    preview: Path | None


def _safe_action(action: object) -> bool:
    if not isinstance(action, DictionaryObject) or action.get("/S") not in SAFE_ACTIONS:
        return False
    uri = action.get("/URI")
    return uri is None or str(uri).strip().lower().startswith(SAFE_URI_PREFIXES)


def _clean_page(page: PageObject) -> None:
    for key in PAGE_KEYS_DROPPED:
        page.pop(NameObject(key), None)
    kept = ArrayObject()
    for reference in page.get("/Annots") or []:
        annotation = reference.get_object()
        if annotation.get("/Subtype") in ANNOTATIONS_DROPPED:
            continue
        annotation.pop(NameObject("/AA"), None)
        if "/A" in annotation and not _safe_action(annotation["/A"].get_object()):
            del annotation[NameObject("/A")]
        kept.append(reference)
    if "/Annots" in page:
        page[NameObject("/Annots")] = kept


def _rewrite(reader: PdfReader, target: Path) -> None:
    writer = PdfWriter()
    for page in reader.pages:
        _clean_page(writer.add_page(page))
    with target.open("wb") as out:
        writer.write(out)


def check_pdf(path: Path, work_dir: Path) -> CheckedPdf:
    """Refuse PDFs that do not parse, are encrypted or have no pages; rewrite the rest."""
    target = work_dir / "clean.pdf"
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            raise Invalid("PDF terenkripsi atau berkata sandi tidak dapat diterima.")
        page_count = len(reader.pages)
        if page_count >= 1:
            _rewrite(reader, target)
    except PARSE_ERRORS:
        raise Invalid("PDF rusak atau tidak dapat dibaca.") from None
    if page_count < 1:
        raise Invalid("PDF tidak memiliki halaman.")
    return CheckedPdf(target, page_count, _render_first_page(target, work_dir))


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
