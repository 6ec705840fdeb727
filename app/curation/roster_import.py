"""Bulk changes to the roster from a CSV file: a plan of every change and of every bad
line, written nowhere; then applied all or nothing."""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.audit.service import record
from app.booths.regions import RegionOut, region_rows
from app.core.errors import DomainError, Invalid
from app.curation.participation import BoothIsLive, parse_cohort, set_participation
from app.curation.roster_csv import CsvLine, read_lines, yes_no
from app.exhibition.service import bump_epoch
from app.halls.service import halls_in_order

FIELDS = ("participating", "hall", "cohort", "guidance")


@dataclass(frozen=True)
class Change:
    line: int
    code: str
    name: str
    before: dict[str, Any]  # the FIELDS as they are
    after: dict[str, Any]  # as the file sets them

    @property
    def fields(self) -> list[str]:
        """The FIELDS this change alters."""
        return [name for name in FIELDS if self.before[name] != self.after[name]]


@dataclass(frozen=True)
class LineError:
    line: int
    code: str  # as the line wrote it (may be empty or unknown)
    error: DomainError


@dataclass(frozen=True)
class ImportPlan:
    lines: int  # the non-blank lines under the header
    changes: tuple[Change, ...]
    errors: tuple[LineError, ...]

    @property
    def unchanged(self) -> int:
        return self.lines - len(self.changes) - len(self.errors)

    def digest(self) -> str:
        """What applying the plan changes, in a few characters: the same file against
        changed data gives another digest."""
        changes = [(c.code, c.before, c.after) for c in self.changes]
        return hashlib.sha256(json.dumps(changes, sort_keys=True).encode()).hexdigest()[:32]


def plan_import(session: Session, text: str) -> ImportPlan:
    """Every change the file would make and an error for every bad line; writes nothing.

    A file that cannot be read as the roster at all raises Invalid (422)."""
    columns, lines = read_lines(text)
    regions = {row.code: row for row in region_rows(session)}
    halls = {hall.slug for hall in halls_in_order(session)}
    seen: dict[str, int] = {}
    changes: list[Change] = []
    errors: list[LineError] = []
    for line in lines:
        try:
            change = _plan_line(line, columns, regions, halls, seen)
        except DomainError as error:
            errors.append(LineError(line.number, line.cells[0][:20] if line.cells else "", error))
        else:
            if change.fields:
                changes.append(change)
    return ImportPlan(len(lines), tuple(changes), tuple(errors))


def _plan_line(
    line: CsvLine,
    columns: tuple[str, ...],
    regions: Mapping[str, RegionOut],
    halls: set[str],
    seen: dict[str, int],
) -> Change:
    cells = line.by_column(columns)
    if cells is None:
        raise Invalid(
            "Baris ini berisi {found} kolom, padahal judulnya {expected}.",
            found=len(line.cells),
            expected=len(columns),
        )
    code = cells["code"]
    region = regions.get(code)
    if region is None:
        raise Invalid("Kode wilayah \u201c{code}\u201d tidak dikenal.", code=code[:20])
    if code in seen:
        raise Invalid("Wilayah {code} sudah ada di baris {line}.", code=code, line=seen[code])
    seen[code] = line.number
    hall = cells["hall"] or None
    if hall is not None and hall not in halls:
        raise Invalid("Aula {slug} tidak dikenal.", slug=hall[:80])
    after = {
        "participating": _yes_no(cells, "participating", region.participating),
        "hall": hall,
        "cohort": parse_cohort(cells["cohort"]),
        "guidance": _yes_no(cells, "guidance", region.guidance),
    }
    if not after["participating"] and region.booth is not None:
        raise BoothIsLive(region.booth)
    before = {name: getattr(region, name) for name in FIELDS}
    return Change(line.number, code, region.name, before, after)


def _yes_no(cells: Mapping[str, str], column: str, current: bool) -> bool:
    if column not in cells:
        return current  # an optional column the file does not have
    value = yes_no(cells[column])
    if value is None:
        raise Invalid(
            "Isi kolom {column} dengan ya atau tidak, bukan \u201c{value}\u201d.",
            column=column,
            value=cells[column][:20],
        )
    return value


def apply_import(session: Session, plan: ImportPlan, *, actor_id: int | None) -> None:
    """Make every change of a plan without errors, in the caller's transaction: each
    region audited as a form save is, plus one event for the import; one epoch bump."""
    if plan.errors:
        raise Invalid("Berkas masih berisi baris yang salah; tidak ada yang diubah.")
    for change in plan.changes:
        set_participation(
            session,
            change.code,
            participating=change.after["participating"],
            hall_slug=change.after["hall"],
            cohort=change.after["cohort"],
            guidance=change.after["guidance"],
            actor_id=actor_id,
            bump=False,
        )
    if plan.changes:
        record(
            session,
            action="regions.imported",
            actor_id=actor_id,
            regions=[change.code for change in plan.changes],
            lines=plan.lines,
            changes=len(plan.changes),
        )
        bump_epoch(session)
