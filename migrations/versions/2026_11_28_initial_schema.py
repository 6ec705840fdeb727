"""initial schema: the whole product's tables, plus the full-text indexes

Revision ID: 0001
Revises:
Create Date: 2026-11-28 01:03:19.764928
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # booth.live_revision_id ↔ booth_revision.booth_id is a cycle: SQLite accepts the
    # forward reference inline, PostgreSQL gets the key once both tables exist.
    live_revision_fk = (
        [
            sa.ForeignKeyConstraint(
                ["live_revision_id"], ["booth_revision.id"], name="fk_booth_live_revision_id"
            )
        ]
        if sqlite
        else []
    )
    op.create_table(
        "exhibition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_epoch", sa.Integer(), nullable=False),
        sa.Column("opening_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("freeze_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibition")),
    )
    op.create_table(
        "hall",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("description_en", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hall")),
        sa.UniqueConstraint("slug", name=op.f("uq_hall_slug")),
    )
    with op.batch_alter_table("hall", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hall_position"), ["position"], unique=False)

    op.create_table(
        "province",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_province")),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_login_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("email", name=op.f("uq_user_email")),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_api_token_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_user_id"), ["user_id"], unique=False)

    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("region_codes", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("accepted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["user.id"], name=op.f("fk_invitation_invited_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitation_token_hash")),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitation_email"), ["email"], unique=False)

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
        sa.Column("carries_secret", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("read_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_notification_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_next_attempt_at"), ["next_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_notification_user_id"), ["user_id"], unique=False)

    op.create_table(
        "region",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("participating", sa.Boolean(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["hall_id"], ["hall.id"], name=op.f("fk_region_hall_id_hall")),
        sa.ForeignKeyConstraint(
            ["province_code"], ["province.code"], name=op.f("fk_region_province_code_province")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_region")),
    )
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_hall_id"), ["hall_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_region_participating"), ["participating"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_region_province_code"), ["province_code"], unique=False
        )

    op.create_table(
        "user_hall",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["hall.id"], name=op.f("fk_user_hall_hall_id_hall")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_user_hall_user_id_user")),
        sa.PrimaryKeyConstraint("user_id", "hall_id", name=op.f("pk_user_hall")),
    )
    op.create_table(
        "booth",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("featured", sa.Boolean(), nullable=False),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.Column("draft", sa.JSON(), nullable=False),
        sa.Column("draft_updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("imported_digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("draft_edited_since_import", sa.Boolean(), nullable=False),
        sa.Column("live_revision_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["hall_id"], ["hall.id"], name=op.f("fk_booth_hall_id_hall")),
        *live_revision_fk,
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_booth_region_code_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth")),
        sa.UniqueConstraint("region_code", name=op.f("uq_booth_region_code")),
        sa.UniqueConstraint("slug", name=op.f("uq_booth_slug")),
    )
    with op.batch_alter_table("booth", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booth_hall_id"), ["hall_id"], unique=False)

    op.create_table(
        "user_region",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_user_region_region_code_region")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_user_region_user_id_user")),
        sa.PrimaryKeyConstraint("user_id", "region_code", name=op.f("pk_user_region")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("booth_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user.id"], name=op.f("fk_audit_event_actor_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["booth_id"], ["booth.id"], name=op.f("fk_audit_event_booth_id_booth")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_booth_id"), ["booth_id"], unique=False)

    op.create_table(
        "booth_like",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booth_id", sa.Integer(), nullable=False),
        sa.Column("visitor_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booth_id"], ["booth.id"], name=op.f("fk_booth_like_booth_id_booth")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_like")),
        sa.UniqueConstraint("booth_id", "visitor_id", name=op.f("uq_booth_like_booth_id")),
    )
    with op.batch_alter_table("booth_like", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booth_like_booth_id"), ["booth_id"], unique=False)

    op.create_table(
        "booth_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booth_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booth_id"], ["booth.id"], name=op.f("fk_booth_revision_booth_id_booth")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_booth_revision_created_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_revision")),
        sa.UniqueConstraint("booth_id", "number", name=op.f("uq_booth_revision_booth_id")),
    )
    with op.batch_alter_table("booth_revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booth_revision_booth_id"), ["booth_id"], unique=False)

    op.create_table(
        "booth_search_document",
        sa.Column("booth_id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=True),
        sa.Column("province_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("pillars", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("region_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booth_id"], ["booth.id"], name=op.f("fk_booth_search_document_booth_id_booth")
        ),
        sa.PrimaryKeyConstraint("booth_id", name=op.f("pk_booth_search_document")),
    )
    with op.batch_alter_table("booth_search_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booth_search_document_hall_id"), ["hall_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_booth_search_document_province_code"), ["province_code"], unique=False
        )

    op.create_table(
        "guestbook_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booth_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("message", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("moderated_by_id", sa.Integer(), nullable=True),
        sa.Column("moderated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booth_id"], ["booth.id"], name=op.f("fk_guestbook_entry_booth_id_booth")
        ),
        sa.ForeignKeyConstraint(
            ["moderated_by_id"], ["user.id"], name=op.f("fk_guestbook_entry_moderated_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guestbook_entry")),
    )
    with op.batch_alter_table("guestbook_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guestbook_entry_booth_id"), ["booth_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_guestbook_entry_state"), ["state"], unique=False)

    op.create_table(
        "media_asset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booth_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("embed_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("alt_text", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("caption", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("credit", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booth_id"], ["booth.id"], name=op.f("fk_media_asset_booth_id_booth")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["user.id"], name=op.f("fk_media_asset_uploaded_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_asset")),
    )
    with op.batch_alter_table("media_asset", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_asset_booth_id"), ["booth_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_asset_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_media_asset_source_sha256"), ["source_sha256"], unique=False
        )

    op.create_table(
        "media_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("extension", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["media_id"], ["media_asset.id"], name=op.f("fk_media_file_media_id_media_asset")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_file")),
    )
    with op.batch_alter_table("media_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_file_media_id"), ["media_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_media_file_sha256"), ["sha256"], unique=False)

    op.create_table(
        "revision_media",
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"], ["media_asset.id"], name=op.f("fk_revision_media_media_id_media_asset")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["booth_revision.id"],
            name=op.f("fk_revision_media_revision_id_booth_revision"),
        ),
        sa.PrimaryKeyConstraint("revision_id", "media_id", name=op.f("pk_revision_media")),
    )
    with op.batch_alter_table("revision_media", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revision_media_media_id"), ["media_id"], unique=False)

    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booth_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=True),
        sa.Column("comments", sa.JSON(), nullable=False),
        sa.Column("publish_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booth_id"], ["booth.id"], name=op.f("fk_submission_booth_id_booth")
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by_id"], ["user.id"], name=op.f("fk_submission_claimed_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["user.id"], name=op.f("fk_submission_decided_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["booth_revision.id"],
            name=op.f("fk_submission_revision_id_booth_revision"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["user.id"], name=op.f("fk_submission_submitted_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission")),
    )
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submission_booth_id"), ["booth_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_submission_state"), ["state"], unique=False)
        batch_op.create_index(
            "uq_submission_open_per_booth",
            ["booth_id"],
            unique=True,
            sqlite_where=sa.text("state IN ('submitted', 'in_review')"),
            postgresql_where=sa.text("state IN ('submitted', 'in_review')"),
        )

    if sqlite:
        op.execute(
            "CREATE VIRTUAL TABLE booth_search_fts USING fts5("
            "title, region_name, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    else:
        op.create_foreign_key(
            "fk_booth_live_revision_id", "booth", "booth_revision", ["live_revision_id"], ["id"]
        )
        op.execute(
            "CREATE INDEX ix_booth_search_document_fts ON booth_search_document USING gin "
            "(to_tsvector('simple', title || ' ' || region_name || ' ' || body))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE booth_search_fts")
    else:
        op.execute("DROP INDEX ix_booth_search_document_fts")
        op.drop_constraint("fk_booth_live_revision_id", "booth", type_="foreignkey")
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_submission_open_per_booth",
            sqlite_where=sa.text("state IN ('submitted', 'in_review')"),
            postgresql_where=sa.text("state IN ('submitted', 'in_review')"),
        )
        batch_op.drop_index(batch_op.f("ix_submission_state"))
        batch_op.drop_index(batch_op.f("ix_submission_booth_id"))

    op.drop_table("submission")
    with op.batch_alter_table("revision_media", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revision_media_media_id"))

    op.drop_table("revision_media")
    with op.batch_alter_table("media_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_file_sha256"))
        batch_op.drop_index(batch_op.f("ix_media_file_media_id"))

    op.drop_table("media_file")
    with op.batch_alter_table("media_asset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_asset_source_sha256"))
        batch_op.drop_index(batch_op.f("ix_media_asset_sha256"))
        batch_op.drop_index(batch_op.f("ix_media_asset_booth_id"))

    op.drop_table("media_asset")
    with op.batch_alter_table("guestbook_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guestbook_entry_state"))
        batch_op.drop_index(batch_op.f("ix_guestbook_entry_booth_id"))

    op.drop_table("guestbook_entry")
    with op.batch_alter_table("booth_search_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booth_search_document_province_code"))
        batch_op.drop_index(batch_op.f("ix_booth_search_document_hall_id"))

    op.drop_table("booth_search_document")
    with op.batch_alter_table("booth_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booth_revision_booth_id"))

    op.drop_table("booth_revision")
    with op.batch_alter_table("booth_like", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booth_like_booth_id"))

    op.drop_table("booth_like")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_booth_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))
        batch_op.drop_index(batch_op.f("ix_audit_event_action"))

    op.drop_table("audit_event")
    op.drop_table("user_region")
    with op.batch_alter_table("booth", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booth_hall_id"))

    op.drop_table("booth")
    op.drop_table("user_hall")
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_province_code"))
        batch_op.drop_index(batch_op.f("ix_region_participating"))
        batch_op.drop_index(batch_op.f("ix_region_hall_id"))

    op.drop_table("region")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_user_id"))
        batch_op.drop_index(batch_op.f("ix_notification_next_attempt_at"))

    op.drop_table("notification")
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_email"))

    op.drop_table("invitation")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_user_id"))

    op.drop_table("api_token")
    op.drop_table("user")
    op.drop_table("province")
    with op.batch_alter_table("hall", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hall_position"))

    op.drop_table("hall")
    op.drop_table("exhibition")
