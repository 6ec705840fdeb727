"""The outbox takes its recipients from its callers: id and language, nothing of accounts."""

from dataclasses import dataclass

from sqlmodel import Session

from app.notifications.service import notifications_for, notify, visible_body
from tests.factories import make_user

SUBJECT = "Undangan ke Pameran Smart City"


def test_a_message_is_written_in_its_recipients_language(session: Session) -> None:
    english = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    english.language = "en"
    indonesian = make_user(session, "ed@makassar.go.id", "region-editor", regions=("73.71",))
    for user in (english, indonesian):
        notify(session, user, kind="test", subject=SUBJECT, body=SUBJECT)
    [to_english] = notifications_for(session, english)
    [to_indonesian] = notifications_for(session, indonesian)
    assert to_english.subject == "Invitation to the Smart City Exhibition"
    assert to_indonesian.subject == SUBJECT


@dataclass(frozen=True)
class Viewer:
    """Any id and language will do: the outbox does not know accounts' users."""

    id: int | None
    language: str = "id"


def test_a_secret_is_shown_to_its_recipient_only(session: Session) -> None:
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    message = notify(session, editor, kind="test", subject=SUBJECT, body="rahasia", secret=True)
    assert visible_body(message, Viewer(editor.id)) == "rahasia"
    assert visible_body(message, Viewer((editor.id or 0) + 1)) is None
