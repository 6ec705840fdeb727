"""The roster as a CSV file, written for spreadsheets and read back from them.

Written with a byte order mark (Excel then reads UTF-8) and commas; read with or without
the mark, separated by commas or by semicolons (what Excel writes in an Indonesian locale).
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from app.booths.regions import RegionOut
from app.core.config import MB
from app.core.errors import Invalid
from app.curation.audit_export import safe_cell

EXPORT_COLUMNS = ("code", "name", "province", "participating", "hall", "cohort", "guidance")
REQUIRED = ("code", "hall", "cohort", "guidance")
OPTIONAL = ("participating",)
INFORMATIVE = ("name", "province")  # what the export writes beside: read, then ignored
MAX_BYTES = MB
MAX_LINES = 1000  # 514 regions and a header, with room for notes and blank lines
YES, NO = "ya", "tidak"
TRUE_WORDS = {"ya", "y", "yes", "true", "1"}
FALSE_WORDS = {"tidak", "t", "no", "n", "false", "0", ""}


def roster_csv(rows: Iterable[RegionOut]) -> str:
    """The rows as CSV text: the columns of EXPORT_COLUMNS, every cell safe to open."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        cells = (
            row.code,
            row.name,
            row.province.name,
            YES if row.participating else NO,
            row.hall or "",
            str(row.cohort or ""),
            YES if row.guidance else NO,
        )
        writer.writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()


@dataclass(frozen=True)
class CsvLine:
    number: int  # the line of the file it starts on; the header is line 1
    cells: tuple[str, ...]  # stripped

    def by_column(self, columns: tuple[str, ...]) -> dict[str, str] | None:
        """column → cell; None when the line has more or fewer cells than the header."""
        if len(self.cells) != len(columns):
            return None
        return dict(zip(columns, self.cells, strict=True))


def decode(data: bytes) -> str:
    """The file's text: UTF-8, with or without a byte order mark (else 422)."""
    if len(data) > MAX_BYTES:
        raise Invalid("Berkas terlalu besar; batasnya {limit} MB.", limit=MAX_BYTES // MB)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(
            "Berkas bukan teks UTF-8. Di Excel, simpan sebagai \u201cCSV UTF-8\u201d."
        ) from None


def read_lines(text: str) -> tuple[tuple[str, ...], list[CsvLine]]:
    """The header's columns and every non-blank line under it; a file that cannot be
    read as the roster (no header, a missing or unknown column, too many lines) is 422."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0].strip()
    hinted = first.lower() in ("sep=;", "sep=,")  # Excel's own hint, on a line of its own
    delimiter = first[-1] if hinted else ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    if hinted:
        next(reader)  # line numbers still count it
    try:
        header = tuple(cell.strip().lower() for cell in next(reader, []))
        columns = _columns(header)
        lines: list[CsvLine] = []
        start = reader.line_num + 1
        for cells in reader:
            if reader.line_num > MAX_LINES:
                raise Invalid("Berkas lebih dari {limit} baris.", limit=MAX_LINES)
            if any(cell.strip() for cell in cells):
                lines.append(CsvLine(start, tuple(cell.strip() for cell in cells)))
            start = reader.line_num + 1
    except csv.Error:
        raise Invalid("Berkas tidak dapat dibaca sebagai CSV.") from None
    return columns, lines


def _columns(header: tuple[str, ...]) -> tuple[str, ...]:
    if not any(header):
        raise Invalid(
            "Baris pertama harus berisi judul kolom: {columns}.", columns=",".join(REQUIRED)
        )
    known = (*REQUIRED, *OPTIONAL, *INFORMATIVE)
    if unknown := [name for name in header if name not in known]:
        raise Invalid("Kolom tidak dikenal: {columns}.", columns=", ".join(unknown)[:200])
    if missing := [name for name in REQUIRED if name not in header]:
        raise Invalid("Kolom wajib tidak ada: {columns}.", columns=", ".join(missing))
    if len(set(header)) < len(header):
        raise Invalid("Ada judul kolom yang tertulis dua kali.")
    return header


def yes_no(text: str) -> bool | None:
    """A yes/no cell (ya/tidak, yes/no, 1/0, an empty cell is no); None if it is neither."""
    word = text.strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
