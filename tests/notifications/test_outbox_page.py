"""The organizers' outbox says what became of each message."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.timeutil import utcnow
from app.notifications.service import notify
from tests.factories import make_user, sign_in


def test_the_outbox_tells_sent_retrying_and_failed_apart(
    client: TestClient, session: Session
) -> None:
    organizer = make_user(session, "org@pameran.go.id", "organizer")
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    sent, retrying, failed, waiting = (
        notify(session, editor, kind="test", subject=f"Pesan {name}", body="isi")
        for name in ("terkirim", "diulang", "gagal", "menunggu")
    )
    sent.sent_at, sent.next_attempt_at = utcnow(), None
    retrying.attempts, retrying.last_error = 2, "451 mailbox busy"
    retrying.next_attempt_at = utcnow() + timedelta(minutes=4)
    failed.attempts, failed.last_error = 1, "refused for good: 550 no such user"
    failed.next_attempt_at = None
    session.add_all([sent, retrying, failed, waiting])
    session.commit()

    sign_in(client, organizer.email)
    rows = {
        name: row
        for row in client.get("/organizer/outbox").text.split("<tr>")[2:]
        for name in ("terkirim", "diulang", "gagal", "menunggu")
        if f"Pesan {name}" in row
    }
    assert "gagal" in rows["gagal"] and "550 no such user" in rows["gagal"]
    assert "dicoba lagi" in rows["diulang"] and "2 percobaan" in rows["diulang"]
    assert "451 mailbox busy" in rows["diulang"]
    assert "belum (tanpa SMTP)" in rows["menunggu"].replace("</span>", "")
    assert "dicoba lagi" not in rows["terkirim"] and "belum" not in rows["terkirim"]
