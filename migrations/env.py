"""Alembic environment: the URL comes from the caller or from Settings."""

from alembic import context
from sqlalchemy import Connection

from app.core.config import Settings
from app.core.db import make_engine
from app.core.migrate import include_name
from app.models import metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_name=include_name,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = make_engine(
        context.config.get_main_option("sqlalchemy.url") or Settings().database_url
    )
    with engine.connect() as conn:
        run(conn)
    engine.dispose()
