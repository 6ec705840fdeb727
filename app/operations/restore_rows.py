"""Restoring the archive's tables: rows in batches, parents first, checked against the
manifest; the keys that close a cycle set once every row is in; PostgreSQL's sequences."""

import json
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Table,
    and_,
    bindparam,
    text,
)

from app.operations.backup_format import (
    BATCH,
    ArchiveReader,
    BackupError,
    RestoreSummary,
    TableCount,
    from_json,
    load_order,
    reflect,
)


def _load_table(
    connection: Connection,
    table: Table,
    lines: Iterator[bytes],
    deferred_columns: list[str],
    on_row: Callable[[dict[str, Any]], None],
) -> tuple[int, list[dict[str, Any]]]:
    """Insert the rows in batches; returns the count and the deferred keys to set later."""
    converters = {c.name: from_json(c.type) for c in table.columns}
    primary_key = [c.name for c in table.primary_key.columns]
    later: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    count = 0
    for number, line in enumerate(lines, start=1):
        try:
            row = json.loads(line)
        except ValueError:
            raise _damaged_line(table, number) from None
        if not isinstance(row, dict) or not row.keys() <= converters.keys():
            unknown = sorted(set(row) - converters.keys()) if isinstance(row, dict) else []
            raise BackupError(
                "tabel {table} di arsip tidak cocok dengan skema (kolom {columns})",
                table=table.name,
                columns=", ".join(unknown) or "?",
            )
        on_row(row)
        try:
            values = {
                name: (convert(row[name]) if convert and row[name] is not None else row[name])
                for name, convert in converters.items()
                if name in row
            }
        except (ValueError, TypeError):
            raise _damaged_line(table, number) from None
        if any(values.get(name) is not None for name in deferred_columns):
            later.append(
                {**{f"pk_{n}": values[n] for n in primary_key},
                 **{f"set_{n}": values.pop(n) for n in deferred_columns}}
            )  # fmt: skip
        batch.append(values)
        count += 1
        if len(batch) >= BATCH:
            connection.execute(table.insert(), batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)
    return count, later


def _damaged_line(table: Table, number: int) -> BackupError:
    return BackupError("arsip rusak: {table}, baris {number}", table=table.name, number=number)


def _set_deferred(
    connection: Connection, table: Table, columns: list[str], pending: list[dict[str, Any]]
) -> None:
    if not pending:
        return
    where = and_(*(c == bindparam(f"pk_{c.name}") for c in table.primary_key.columns))
    statement = table.update().where(where).values({n: bindparam(f"set_{n}") for n in columns})
    for start in range(0, len(pending), BATCH):
        connection.execute(statement, pending[start : start + BATCH])


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """PostgreSQL: the next id after the restored ones (SQLite needs nothing)."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": quote(table.name), "column": keys[0].name},
        ).scalar()
        if sequence:
            column = quote(keys[0].name)
            connection.execute(
                text(
                    f"SELECT setval(:sequence, COALESCE(MAX({column}), 1), "  # noqa: S608  (quoted identifiers)
                    f"MAX({column}) IS NOT NULL) FROM {quote(table.name)}"
                ),
                {"sequence": sequence},
            )


def load_tables(
    connection: Connection,
    archive: ArchiveReader,
    manifest: dict[str, Any],
    summary: RestoreSummary,
) -> dict[str, str]:
    """Every table, in the archive's order, into `summary`; returns the content type of
    each blob key, as the `media_file` rows say."""
    metadata = reflect(connection)
    _ordered, deferred = load_order(metadata)
    content_types: dict[str, str] = {}

    def note_media_file(row: dict[str, Any]) -> None:
        if {"sha256", "extension", "content_type"} <= row.keys():
            content_types[f"{row['sha256']}.{row['extension']}"] = row["content_type"]

    loaded: list[Table] = []
    pending: list[tuple[Table, list[str], list[dict[str, Any]]]] = []
    archived = {spec["name"] for spec in manifest["tables"]}
    for spec in manifest["tables"]:
        member = archive.next()
        if member is None or member.name != spec["member"]:
            raise BackupError("arsip tidak lengkap: {member} tidak ada", member=spec["member"])
        table = metadata.tables.get(spec["name"])
        if table is None:
            raise BackupError(
                "tabel {table} di arsip tidak dikenal pada revisi {revision}",
                table=spec["name"],
                revision=summary.revision,
            )
        for fk in table.foreign_key_constraints:
            parent = fk.referred_table.name
            waiting = parent in archived and parent not in {t.name for t in loaded}
            if fk not in deferred and parent != table.name and waiting:
                raise BackupError("urutan tabel di arsip salah ({table})", table=table.name)
        columns = [c.name for fk in deferred if fk.parent is table for c in fk.columns]
        on_row = note_media_file if table.name == "media_file" else (lambda _row: None)
        count, later = _load_table(connection, table, iter(archive.open(member)), columns, on_row)
        if count != spec["rows"]:
            raise BackupError(
                "arsip rusak: {table} punya {count} baris, manifesnya menyebut {expected}",
                table=spec["name"],
                count=count,
                expected=spec["rows"],
            )
        summary.tables.append(TableCount(table.name, count))
        loaded.append(table)
        pending.append((table, columns, later))
    for table, columns, later in pending:
        _set_deferred(connection, table, columns, later)
    _reset_sequences(connection, loaded)
    return content_types
