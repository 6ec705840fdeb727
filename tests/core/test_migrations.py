from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from app.core.migrate import include_name
from app.models import metadata


def test_migrating_an_empty_database_reaches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": include_name, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []


def test_open_submissions_are_unique_per_booth_in_the_database(engine: Engine) -> None:
    indexes = {i["name"]: i for i in inspect(engine).get_indexes("submission")}
    assert indexes["uq_submission_open_per_booth"]["unique"]
