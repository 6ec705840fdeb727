"""Full-text search over live booths: SQLite FTS5 or PostgreSQL, behind one interface.

A booth's text is indexed in columns: its general text (title, welcome, vision, …) and
one column per pillar, so a pillar filter limits the words to that pillar's text.
"""

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from app.booths.models import Booth
from app.booths.schemas import PILLAR_LISTS, BoothContent, PillarList
from app.core.text import plain_text
from app.pillars import PILLARS
from app.regions.models import Region

SNIPPET_WORDS = 24
MAX_WORDS = 12
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"  # replaced by <mark> after HTML escaping
# A suggestion must be this close to the typed word (difflib's ratio: "pelabuhn" → 0.94).
SUGGEST_CUTOFF = 0.8
SUGGEST_MIN_LENGTH = 4  # shorter words have too many close neighbours to guess from
COLUMNS = ("title", "region_name", "body", *PILLARS)  # the FTS5 table's, in this order
# PostgreSQL's GIN indexes are on to_tsvector('simple', <this>) and on each pillar column.
ALL_TEXT = " || ' ' || ".join(f"d.{column}" for column in COLUMNS)


@dataclass(frozen=True)
class SearchHit:
    booth_id: int
    snippet: str  # plain text; MARK_OPEN/MARK_CLOSE around matched words


@dataclass(frozen=True)
class SearchFilters:
    hall_id: int | None = None
    province_code: str | None = None
    pillar: str | None = None


def _unique(parts: list[str]) -> str:
    return "\n".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def _row_text(row: BaseModel, rows: PillarList) -> str:
    """A row's name, and its description where the list has one."""
    searched = (
        (rows.item_name, "description") if "description" in rows.fields else (rows.item_name,)
    )
    return ". ".join(getattr(row, name) for name in searched)


def section_texts(content: BoothContent) -> dict[str, str]:
    """The searchable text of a booth: `body` (everything outside pillars) and each pillar's."""
    general = [
        content.tagline,
        plain_text(content.welcome),
        content.vision,
        *content.missions,
        plain_text(content.readiness),
    ]
    by_pillar: dict[str, list[str]] = {key: [] for key in PILLARS}
    for version in [content, *(content.localized(lang) for lang in content.translations)]:
        general += [version.title, version.tagline, plain_text(version.welcome)]
        for key, pillar in version.pillars.items():
            parts = by_pillar[key]
            parts.append(plain_text(pillar.summary))
            for rows in PILLAR_LISTS:
                parts += [_row_text(row, rows) for row in getattr(pillar, rows.key)]
    return {"body": _unique(general), **{key: _unique(by_pillar[key]) for key in PILLARS}}


def write_document(
    connection: Session | Connection,
    *,
    booth_id: int,
    hall_id: int | None,
    province_code: str,
    region_name: str,
    content: BoothContent,
) -> None:
    """Replace a booth's search document. Plain SQL, so the migration that builds the
    per-pillar columns can fill them too without depending on today's models."""
    titles = " / ".join(dict.fromkeys([content.title, content.localized("en").title]))
    row: dict[str, object] = {
        "booth_id": booth_id,
        "hall_id": hall_id,
        "province_code": province_code,
        "pillars": " ".join(
            k for k in PILLARS if k in content.pillars and not content.pillars[k].is_empty()
        ),
        "title": titles[:400],
        "region_name": region_name,
        **section_texts(content),
    }
    remove_booth(connection, booth_id)
    names = ", ".join(row)
    connection.execute(
        text(f"INSERT INTO booth_search_document ({names}) VALUES ({_binds(row)})"), row
    )
    if _sqlite(connection):
        fts = {"rowid": booth_id, **{c: row[c] for c in COLUMNS}}
        connection.execute(
            text(f"INSERT INTO booth_search_fts ({', '.join(fts)}) VALUES ({_binds(fts)})"), fts
        )


def _sqlite(connection: Session | Connection) -> bool:
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    return bind.dialect.name == "sqlite"


def _binds(row: Mapping[str, object]) -> str:
    return ", ".join(f":{name}" for name in row)


def index_booth(session: Session, booth: Booth, content: BoothContent) -> None:
    """Replace the booth's search document with the text of `content`."""
    region = session.get(Region, booth.region_code)
    assert region is not None  # noqa: S101  (foreign key)
    session.flush()  # the booth's row before the plain-SQL insert that refers to it
    write_document(
        session,
        booth_id=booth.id or 0,
        hall_id=booth.hall_id,
        province_code=region.province_code,
        region_name=region.name,
        content=content,
    )


def remove_booth(connection: Session | Connection, booth_id: int) -> None:
    """Take a booth out of the search (unpublished)."""
    connection.execute(
        text("DELETE FROM booth_search_document WHERE booth_id = :id"), {"id": booth_id}
    )
    if _sqlite(connection):
        connection.execute(text("DELETE FROM booth_search_fts WHERE rowid = :id"), {"id": booth_id})


def _filter_sql(filters: SearchFilters, params: dict[str, object]) -> str:
    clauses = []
    if filters.hall_id is not None:
        clauses.append("d.hall_id = :hall_id")
        params["hall_id"] = filters.hall_id
    if filters.province_code:
        clauses.append("d.province_code = :province")
        params["province"] = filters.province_code
    if filters.pillar in PILLARS:
        clauses.append("(' ' || d.pillars || ' ') LIKE :pillar")
        params["pillar"] = f"% {filters.pillar} %"
    return "".join(f" AND {c}" for c in clauses)


def _words(query: str) -> list[str]:
    """The words of a query; punctuation and operators never reach the search syntax."""
    return re.findall(r"\w+", query.lower())[:MAX_WORDS]


def search_booths(session: Session, query: str, filters: SearchFilters) -> list[SearchHit]:
    """Live booths matching every word of `query` (all live booths when it is empty).

    With a pillar filter the words must match in that pillar's text."""
    params: dict[str, object] = {}
    where = _filter_sql(filters, params)
    pillar = filters.pillar if filters.pillar in PILLARS else None
    sqlite = session.get_bind().dialect.name == "sqlite"
    words = _words(query)
    if not query.strip():
        sql = (
            f"SELECT d.booth_id, '' FROM booth_search_document d WHERE 1=1{where} ORDER BY d.title"
        )
    elif not words:
        return []
    elif sqlite:  # every word, as a prefix; in the pillar's column only when filtered
        terms = " ".join(f'"{word}"*' for word in words)
        params["q"] = f"{pillar} : ({terms})" if pillar else terms
        column = COLUMNS.index(pillar) if pillar else -1  # -1: the best-matching column
        weights = ", ".join(["10.0", "5.0", *["1.0"] * (len(COLUMNS) - 2)])
        sql = (
            f"SELECT d.booth_id, snippet(booth_search_fts, {column}, :open, :close, ' … ', :words) "
            "FROM booth_search_fts "
            "JOIN booth_search_document d ON d.booth_id = booth_search_fts.rowid "
            f"WHERE booth_search_fts MATCH :q{where} "
            f"ORDER BY bm25(booth_search_fts, {weights})"
        )
    else:
        params["q"] = " & ".join(f"{word}:*" for word in words)
        searched = f"d.{pillar}" if pillar else ALL_TEXT
        shown = f"d.{pillar}" if pillar else ALL_TEXT.split(" || ' ' || ", 2)[2]  # no titles
        vector = f"to_tsvector('simple', {searched})"
        sql = (
            f"SELECT d.booth_id, ts_headline('simple', {shown}, to_tsquery('simple', :q), "
            "'StartSel=' || :open || ', StopSel=' || :close || ', MaxWords=' || :words "
            "|| ', MinWords=8') "
            f"FROM booth_search_document d WHERE {vector} @@ to_tsquery('simple', :q){where} "
            f"ORDER BY ts_rank({vector}, to_tsquery('simple', :q)) DESC"
        )
    params.update(open=MARK_OPEN, close=MARK_CLOSE, words=SNIPPET_WORDS)
    used = {k: v for k, v in params.items() if f":{k}" in sql}
    rows = session.execute(text(sql), used).all()
    return [SearchHit(booth_id=row[0], snippet=row[1] or "") for row in rows]


def vocabulary(session: Session, pillar: str | None = None) -> list[str]:
    """The indexed words of the live booths (of one pillar's text when given)."""
    if session.get_bind().dialect.name == "sqlite":
        sql = "SELECT DISTINCT term FROM booth_search_fts_vocab"
        if pillar in PILLARS:
            sql += " WHERE col = :pillar"
        return list(session.execute(text(sql), {"pillar": pillar}).scalars())
    column = f"d.{pillar}" if pillar in PILLARS else ALL_TEXT
    inner = f"SELECT to_tsvector('simple', {column}) FROM booth_search_document d"
    return list(
        session.execute(text("SELECT word FROM ts_stat(:inner)"), {"inner": inner}).scalars()
    )


def suggest_query(session: Session, query: str, filters: SearchFilters) -> str | None:
    """A respelled query that finds booths, when `query` finds none ("pelabuhn" → "pelabuhan")."""
    words = _words(query)
    if not words:
        return None
    known = vocabulary(session, filters.pillar)
    changed = False
    respelled = []
    for word in words:
        if len(word) < SUGGEST_MIN_LENGTH or any(term.startswith(word) for term in known):
            respelled.append(word)
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=SUGGEST_CUTOFF)
        respelled.append(close[0] if close else word)
        changed = changed or bool(close)
    suggestion = " ".join(respelled)
    if not changed or not search_booths(session, suggestion, filters):
        return None
    return suggestion
