"""search: each pillar's text in its own column, so a pillar filter limits the words;
exhibition: the organizing body named in every page's masthead and footer

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 08:40:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PILLARS = ("governance", "branding", "economy", "living", "society", "environment")
ALL_TEXT = " || ' ' || ".join(("title", "region_name", "body", *PILLARS))
OLD_TEXT = "title || ' ' || region_name || ' ' || body"
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"
ORGANIZING_BODY = (
    "Kementerian Komunikasi dan Informatika",
    "Ministry of Communication and Informatics",
)


def _reindex_live_booths() -> None:
    """Rewrite every live booth's document: the old `body` held the pillars' text too."""
    from app.booths.schemas import BoothContent
    from app.booths.search import write_document

    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT b.id, b.hall_id, r.province_code, r.name, v.content FROM booth b "
            "JOIN booth_revision v ON v.id = b.live_revision_id "
            "JOIN region r ON r.code = b.region_code"
        )
    ).all()
    for booth_id, hall_id, province_code, region_name, content in rows:
        data = json.loads(content) if isinstance(content, str) else content
        write_document(
            connection,
            booth_id=booth_id,
            hall_id=hall_id,
            province_code=province_code,
            region_name=region_name,
            content=BoothContent.model_validate(data),
        )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column, default in zip(
        ("organizing_body", "organizing_body_en"), ORGANIZING_BODY, strict=True
    ):
        op.add_column(
            "exhibition",
            sa.Column(
                column,
                sqlmodel.sql.sqltypes.AutoString(length=200),
                nullable=False,
                server_default=default,
            ),
        )
    for pillar in PILLARS:
        op.add_column(
            "booth_search_document",
            sa.Column(
                pillar, sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
            ),
        )
    if sqlite:
        op.execute("DROP TABLE booth_search_fts")
        op.execute(
            "CREATE VIRTUAL TABLE booth_search_fts USING fts5("
            f"title, region_name, body, {', '.join(PILLARS)}, {TOKENIZE})"
        )
        # The indexed words per column: the vocabulary that spelling suggestions come from.
        op.execute(
            "CREATE VIRTUAL TABLE booth_search_fts_vocab USING fts5vocab(booth_search_fts, 'col')"
        )
    else:
        op.execute("DROP INDEX ix_booth_search_document_fts")
        op.execute(
            "CREATE INDEX ix_booth_search_document_fts ON booth_search_document USING gin "
            f"(to_tsvector('simple', {ALL_TEXT}))"
        )
        for pillar in PILLARS:
            op.execute(
                f"CREATE INDEX ix_booth_search_document_fts_{pillar} ON booth_search_document "
                f"USING gin (to_tsvector('simple', {pillar}))"
            )
    _reindex_live_booths()


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # The old layout keeps every text in `body`.
    everything = ALL_TEXT.split(" || ", 4)[4]  # body and the pillars
    op.execute(f"UPDATE booth_search_document SET body = {everything}")  # noqa: S608  (column names)
    if sqlite:
        op.execute("DROP TABLE booth_search_fts_vocab")
        op.execute("DROP TABLE booth_search_fts")
        op.execute(
            "CREATE VIRTUAL TABLE booth_search_fts USING fts5("
            f"title, region_name, body, {TOKENIZE})"
        )
        op.execute(
            "INSERT INTO booth_search_fts (rowid, title, region_name, body) "
            "SELECT booth_id, title, region_name, body FROM booth_search_document"
        )
    else:
        for pillar in PILLARS:
            op.execute(f"DROP INDEX ix_booth_search_document_fts_{pillar}")
        op.execute("DROP INDEX ix_booth_search_document_fts")
        op.execute(
            "CREATE INDEX ix_booth_search_document_fts ON booth_search_document USING gin "
            f"(to_tsvector('simple', {OLD_TEXT}))"
        )
    with op.batch_alter_table("booth_search_document", schema=None) as batch_op:
        for pillar in PILLARS:
            batch_op.drop_column(pillar)
    with op.batch_alter_table("exhibition", schema=None) as batch_op:
        batch_op.drop_column("organizing_body_en")
        batch_op.drop_column("organizing_body")
