from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from app.core.migrate import include_name
from app.models import metadata
from app.reference_data import migrate


def test_migrating_an_empty_database_reaches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": include_name, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []


def test_open_submissions_are_unique_per_booth_in_the_database(engine: Engine) -> None:
    indexes = {i["name"]: i for i in inspect(engine).get_indexes("submission")}
    assert indexes["uq_submission_open_per_booth"]["unique"]


def test_migrating_a_database_at_the_newest_revision_changes_nothing(engine: Engine) -> None:
    assert migrate(engine) is None


def test_a_database_a_newer_release_migrated_is_left_as_it_is(engine: Engine) -> None:
    """An instance restarting during a rolling upgrade finds a revision it does not know."""
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    assert migrate(engine) == "0099"
    with engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert revision == "0099"
