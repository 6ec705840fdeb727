"""Reviewers are reminded of submissions that wait too long, once per period."""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from babel.support import NullTranslations
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from app.accounts.models import User
from app.booths.models import Booth
from app.chores import remind_once
from app.core import i18n
from app.core.config import Settings
from app.core.timeutil import utcnow
from app.moderation.models import State, Submission
from app.moderation.service import send_reminders, submit, transition
from app.notifications.models import Notification
from tests.commands import at_once, pameran
from tests.factories import BundleFactory, make_user
from tests.notifications import test_delivery
from tests.notifications.test_delivery import Recorder

PERIOD = timedelta(hours=48)
SUBJECT = "Pengingat: {title} menunggu tinjauan"
mail_settings = test_delivery.mail_settings  # the fixture: an SMTP server on loopback


@pytest.fixture
def submission_id(
    session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> int:
    """A submission of Kota Bitung (hall Likupang), with its hall's moderator and another."""
    import_bundles(bundles.make().parent)
    editor = make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    make_user(session, "hall@pameran.go.id", "moderator", halls=("likupang",))
    make_user(session, "other@pameran.go.id", "moderator", halls=("danau-toba",))
    make_user(session, "org@pameran.go.id", "organizer")
    booth = session.exec(select(Booth)).one()
    submission = submit(session, booth, actor=editor)
    session.commit()
    return submission.id or 0


def age(
    engine: Engine, submission_id: int, waited: timedelta, reminded: timedelta | None = None
) -> None:
    """Pretend the submission was sent `waited` ago (and last reminded `reminded` ago)."""
    now = utcnow()
    with Session(engine) as session:
        session.execute(
            update(Submission)
            .where(col(Submission.id) == submission_id)
            .values(
                submitted_at=now - waited,
                reminded_at=None if reminded is None else now - reminded,
            )
        )
        session.commit()


def remind(engine: Engine) -> int:
    with Session(engine) as session:
        count = send_reminders(session, PERIOD)
        session.commit()
    return count


def reminders(engine: Engine) -> list[tuple[str, Notification]]:
    with Session(engine) as session:
        rows = session.exec(
            select(User.email, Notification)
            .join(Notification, col(Notification.user_id) == col(User.id))
            .where(Notification.kind == "reminder")
            .order_by(col(Notification.id))
        ).all()
        return [(email, message) for email, message in rows]


def test_not_before_the_age(engine: Engine, submission_id: int) -> None:
    age(engine, submission_id, PERIOD - timedelta(minutes=5))
    assert remind(engine) == 0 and reminders(engine) == []


def test_the_halls_reviewers_once_per_period(engine: Engine, submission_id: int) -> None:
    age(engine, submission_id, timedelta(days=3))
    assert remind(engine) == 1
    [(email, message)] = reminders(engine)
    assert email == "hall@pameran.go.id"  # the hall's moderator, not every moderator
    assert message.subject == "Pengingat: Kota Bitung menunggu tinjauan"
    assert message.body == "Pengajuan untuk Kota Bitung sudah menunggu 3 hari."
    assert message.link == f"/moderation/submissions/{submission_id}"

    assert remind(engine) == 0  # not again within the period
    age(engine, submission_id, timedelta(days=3), reminded=PERIOD - timedelta(minutes=5))
    assert remind(engine) == 0
    age(engine, submission_id, timedelta(days=5), reminded=PERIOD + timedelta(minutes=5))
    assert remind(engine) == 1
    assert [email for email, _message in reminders(engine)] == ["hall@pameran.go.id"] * 2


def test_the_claim_holder_when_claimed(
    engine: Engine, session: Session, submission_id: int
) -> None:
    other = session.exec(select(User).where(User.email == "other@pameran.go.id")).one()
    submission = session.get(Submission, submission_id)
    assert submission is not None
    transition(session, submission, State.in_review, actor=other)
    session.commit()
    age(engine, submission_id, timedelta(days=3))
    assert remind(engine) == 1
    assert [email for email, _message in reminders(engine)] == ["other@pameran.go.id"]


def test_every_moderator_when_the_hall_has_none(
    engine: Engine, session: Session, submission_id: int
) -> None:
    booth = session.exec(select(Booth)).one()
    booth.hall_id = None
    session.add(booth)
    session.commit()
    age(engine, submission_id, timedelta(days=3))
    assert remind(engine) == 1
    assert sorted(email for email, _message in reminders(engine)) == [
        "hall@pameran.go.id",
        "other@pameran.go.id",
    ]


def test_decided_submissions_are_not_reminded(
    engine: Engine, session: Session, submission_id: int
) -> None:
    organizer = session.exec(select(User).where(User.role == "organizer")).one()
    submission = session.get(Submission, submission_id)
    assert submission is not None
    transition(session, submission, State.rejected, actor=organizer, reason="Belum lengkap")
    session.commit()
    age(engine, submission_id, timedelta(days=3))
    assert remind(engine) == 0 and reminders(engine) == []


def test_two_passes_at_once_remind_once(
    engine: Engine, settings: Settings, submission_id: int
) -> None:
    age(engine, submission_id, timedelta(days=3))
    passes = 4
    totals, errors = at_once(passes, lambda: remind_once(engine, settings))
    assert errors == []
    assert sorted(totals) == [0] * (passes - 1) + [1]
    assert len(reminders(engine)) == 1


def test_the_worker_sends_reminders(
    mail_settings: Callable[..., Settings], engine: Engine, submission_id: int, tmp_path: Path
) -> None:
    recorder = Recorder()
    settings = mail_settings(recorder)
    age(engine, submission_id, timedelta(hours=30))
    env = {
        "PAMERAN_DATABASE_URL": settings.database_url,
        "PAMERAN_STORAGE_URL": f"file://{tmp_path / 'cli-media'}",
        "PAMERAN_SECRET_KEY": "k",
        "PAMERAN_SMTP_URL": settings.smtp_url or "",
        "PAMERAN_REMINDER_AFTER_HOURS": "24",
    }
    result = pameran("worker", "--once", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    reminded = [r for r in recorder.received if str(r.message["Subject"]).startswith("Pengingat")]
    assert [r.rcpt_tos for r in reminded] == [["hall@pameran.go.id"]]
    assert reminded[0].message["Subject"] == "Pengingat: Kota Bitung menunggu tinjauan"

    pameran("worker", "--once", cwd=tmp_path, env=env)
    assert len(reminders(engine)) == 1  # the second pass finds it reminded already


class English(NullTranslations):
    """An English catalog that holds the reminder's subject (not its body)."""

    def gettext(self, message: str) -> str:
        return "Reminder: {title} awaits review" if message == SUBJECT else message


@pytest.fixture
def english_reader(session: Session, submission_id: int) -> None:
    reader = session.exec(select(User).where(User.email == "hall@pameran.go.id")).one()
    reader.language = "en"
    session.add(reader)
    session.commit()


def test_written_in_the_recipients_language(
    engine: Engine, submission_id: int, english_reader: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        i18n, "translations", lambda lang: English() if lang == "en" else NullTranslations()
    )
    age(engine, submission_id, timedelta(days=3))
    assert remind(engine) == 1
    [(_email, message)] = reminders(engine)
    assert message.subject == "Reminder: Kota Bitung awaits review"
    assert message.body == "Pengajuan untuk Kota Bitung sudah menunggu 3 hari."  # not in it


def test_the_shipped_catalog_decides(
    engine: Engine, submission_id: int, english_reader: None
) -> None:
    """The English catalog does not hold the reminder's msgids yet (they are added
    later): until then English readers get the Indonesian text, filled in."""
    age(engine, submission_id, timedelta(days=3))
    assert remind(engine) == 1
    [(_email, message)] = reminders(engine)
    assert message.subject == i18n.translate("en", SUBJECT, title="Kota Bitung")
    assert "{" not in message.subject + message.body
