"""The frame every page shows (the organizing body) is read once per publication epoch."""

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

from app.curation.service import set_organizing_body
from app.exhibition.service import SiteFrame


def test_the_frame_is_read_once_per_epoch_and_survives_a_lost_database(
    engine: Engine, session: Session
) -> None:
    statements: list[str] = []

    def note(*args: object) -> None:
        if str(args[2]).startswith("SELECT"):
            statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", note)
    epoch = [1]
    frame = SiteFrame(engine, lambda: epoch[0])
    first = frame("id")
    assert frame("en") == {"organizing_body": "Ministry of Communication and Informatics"}
    assert frame("id") == first and len(statements) == 1  # renders ask nothing more

    set_organizing_body(session, name="Kementerian Baru", name_en="New Ministry", actor_id=None)
    session.commit()
    assert frame("en") == {"organizing_body": "Ministry of Communication and Informatics"}
    epoch[0] = 2  # the change bumped the epoch; the page cache has read it
    assert frame("en") == {"organizing_body": "New Ministry"}

    frame.engine = create_engine("sqlite:////nonexistent/folder/pameran.db")
    epoch[0] = 3
    assert frame("id") == {"organizing_body": "Kementerian Baru"}  # the last known
