"""PDFs reach the public rewritten: no scripts, actions, attachments or author data."""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from tests.media.conftest import Ingest

AUTHOR = "Penulis Rahasia Bappeda"
SCRIPT = "app.alert('pameran');"


def action(kind: str, **entries: PdfObject) -> DictionaryObject:
    fields: dict[NameObject, PdfObject] = {NameObject("/S"): NameObject(kind)}
    fields.update((NameObject(f"/{k}"), v) for k, v in entries.items())
    return DictionaryObject(fields)


def as_dictionary(value: object) -> DictionaryObject:
    """A PDF dictionary, as pypdf types its entries only as PdfObject."""
    assert isinstance(value, DictionaryObject), value
    return value


def hostile_pdf() -> bytes:
    """One page with every kind of active content and metadata we know of."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    writer.add_attachment("rahasia.txt", b"isi lampiran")  # /Names /EmbeddedFiles
    writer.add_metadata({"/Author": AUTHOR, "/Creator": "Kantor Rahasia"})
    root = writer._root_object  # noqa: SLF001  (pypdf has no setter for these entries)
    as_dictionary(root["/Names"])[NameObject("/JavaScript")] = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [TextStringObject("sapa"), action("/JavaScript", JS=TextStringObject(SCRIPT))]
            )
        }
    )
    root[NameObject("/OpenAction")] = action("/JavaScript", JS=TextStringObject(SCRIPT))
    xmp = DecodedStreamObject()
    xmp.set_data(f"<x:xmpmeta><dc:creator>{AUTHOR}</dc:creator></x:xmpmeta>".encode())
    root[NameObject("/Metadata")] = writer._add_object(xmp)  # noqa: SLF001
    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action("/JavaScript", JS=TextStringObject(SCRIPT))}
    )

    def link(target: DictionaryObject) -> DictionaryObject:
        return DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 50, 50)]),
                NameObject("/A"): target,
            }
        )

    page[NameObject("/Annots")] = ArrayObject(
        [
            writer._add_object(link(action("/URI", URI=TextStringObject("https://example.id/")))),  # noqa: SLF001
            writer._add_object(link(action("/Launch", F=TextStringObject("calc.exe")))),  # noqa: SLF001
            writer._add_object(link(action("/URI", URI=TextStringObject("javascript:x()")))),  # noqa: SLF001
        ]
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_is_stored_without_active_content_or_metadata(ingest: Ingest) -> None:
    received = hostile_pdf()
    for marker in (b"/OpenAction", b"/JavaScript", b"/EmbeddedFile", AUTHOR.encode()):
        assert marker in received  # the test builds what it claims to
    asset = ingest(received, "masterplan.pdf")
    stored = ingest.original(asset)
    for marker in (b"/OpenAction", b"/JavaScript", b"/JS", b"/AA", b"/Launch", b"javascript:"):
        assert marker not in stored, marker
    for marker in (b"/EmbeddedFile", b"rahasia.txt", b"/Author", AUTHOR.encode(), b"xmpmeta"):
        assert marker not in stored, marker
    reader = PdfReader(io.BytesIO(stored))
    assert asset.page_count == len(reader.pages) == 1
    catalog = as_dictionary(reader.trailer["/Root"])
    assert not {"/OpenAction", "/Names", "/Metadata", "/AcroForm"} & set(catalog)
    assert reader.metadata is None or not reader.metadata.get("/Author")
    annotations = reader.pages[0]["/Annots"]
    assert isinstance(annotations, ArrayObject)
    links = [as_dictionary(a.get_object()) for a in annotations]
    uris = [as_dictionary(link["/A"])["/URI"] for link in links if "/A" in link]
    assert uris == ["https://example.id/"]
    assert asset.size == len(stored) and asset.source_sha256 != asset.sha256
