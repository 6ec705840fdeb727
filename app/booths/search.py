"""Full-text search over live booths: SQLite FTS5 or PostgreSQL, behind one interface."""

import re
from dataclasses import dataclass

from sqlalchemy import delete, text
from sqlmodel import Session

from app.booths.models import Booth
from app.booths.schemas import PILLARS, BoothContent
from app.booths.search_models import BoothSearchDocument
from app.core.text import plain_text
from app.regions.models import Region

SNIPPET_WORDS = 24
MAX_WORDS = 12
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"  # replaced by <mark> after HTML escaping


@dataclass(frozen=True)
class SearchHit:
    booth_id: int
    snippet: str  # plain text; MARK_OPEN/MARK_CLOSE around matched words


@dataclass(frozen=True)
class SearchFilters:
    hall_id: int | None = None
    province_code: str | None = None
    pillar: str | None = None


def _texts(content: BoothContent) -> list[str]:
    parts = [
        content.tagline,
        plain_text(content.welcome),
        content.vision,
        *content.missions,
        plain_text(content.readiness),
    ]
    versions = [content, *(content.localized(lang) for lang in content.translations)]
    for version in versions:
        parts += [version.title, version.tagline, plain_text(version.welcome)]
        for pillar in version.pillars.values():
            parts.append(plain_text(pillar.summary))
            parts += [f"{a.title}. {a.description}" for a in pillar.achievements]
            parts += [f"{p.name}. {p.description}" for p in pillar.programs]
            parts += [f"{q.name}. {q.description}" for q in pillar.quick_wins]
            parts += [k.name for k in pillar.kpis]
    return list(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def index_booth(session: Session, booth: Booth, content: BoothContent) -> None:
    """Replace the booth's search document with the text of `content`."""
    region = session.get(Region, booth.region_code)
    assert region is not None  # noqa: S101  (foreign key)
    titles = " / ".join(dict.fromkeys([content.title, content.localized("en").title]))
    document = BoothSearchDocument(
        booth_id=booth.id or 0,
        hall_id=booth.hall_id,
        province_code=region.province_code,
        pillars=" ".join(
            k for k in PILLARS if k in content.pillars and not content.pillars[k].is_empty()
        ),
        title=titles[:400],
        region_name=region.name,
        body="\n".join(_texts(content)),
    )
    remove_booth(session, booth.id or 0)
    session.add(document)
    session.flush()
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            text(
                "INSERT INTO booth_search_fts(rowid, title, region_name, body) "
                "VALUES (:id, :title, :region, :body)"
            ),
            {
                "id": document.booth_id,
                "title": document.title,
                "region": document.region_name,
                "body": document.body,
            },
        )


def remove_booth(session: Session, booth_id: int) -> None:
    session.execute(delete(BoothSearchDocument).where(BoothSearchDocument.booth_id == booth_id))  # type: ignore[arg-type]
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM booth_search_fts WHERE rowid = :id"), {"id": booth_id})


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
    """Live booths matching every word of `query` (all live booths when it is empty)."""
    params: dict[str, object] = {}
    where = _filter_sql(filters, params)
    sqlite = session.get_bind().dialect.name == "sqlite"
    if not query.strip():
        sql = (
            f"SELECT d.booth_id, '' FROM booth_search_document d WHERE 1=1{where} ORDER BY d.title"
        )
    elif not _words(query):
        return []
    elif sqlite:  # every word, as a prefix
        params["q"] = " ".join(f'"{word}"*' for word in _words(query))
        sql = (
            "SELECT d.booth_id, snippet(booth_search_fts, 2, :open, :close, ' … ', :words) "
            "FROM booth_search_fts "
            "JOIN booth_search_document d ON d.booth_id = booth_search_fts.rowid "
            f"WHERE booth_search_fts MATCH :q{where} "
            "ORDER BY bm25(booth_search_fts, 10.0, 5.0, 1.0)"
        )
    else:
        params["q"] = " & ".join(f"{word}:*" for word in _words(query))
        vector = "to_tsvector('simple', d.title || ' ' || d.region_name || ' ' || d.body)"
        sql = (
            "SELECT d.booth_id, ts_headline('simple', d.body, to_tsquery('simple', :q), "
            "'StartSel=' || :open || ', StopSel=' || :close || ', MaxWords=' || :words "
            "|| ', MinWords=8') "
            f"FROM booth_search_document d WHERE {vector} @@ to_tsquery('simple', :q){where} "
            f"ORDER BY ts_rank({vector}, to_tsquery('simple', :q)) DESC"
        )
    params.update(open=MARK_OPEN, close=MARK_CLOSE, words=SNIPPET_WORDS)
    used = {k: v for k, v in params.items() if f":{k}" in sql}
    rows = session.execute(text(sql), used).all()
    return [SearchHit(booth_id=row[0], snippet=row[1] or "") for row in rows]
