"""What must hold after any fault: the store matches the rows, nothing is half-published."""

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.booths.models import Booth, BoothRevision, RevisionMedia
from app.core.config import Settings
from app.exhibition.models import Exhibition
from app.media.models import MediaAsset
from app.moderation.models import Submission
from tests.commands import env_for, pameran


def assert_storage_check_clean(settings: Settings) -> None:
    """`pameran storage check` (a real process) finds no orphan and no missing blob."""
    done = pameran("storage", "check", cwd=settings.var_dir.parent, env=env_for(settings))
    assert done.returncode == 0, done.stdout + done.stderr
    problems = [
        line
        for line in done.stdout.splitlines()
        if line.startswith(("orphan blob", "missing blob", "revision media without files"))
    ]
    assert not problems, done.stdout


def assert_nothing_half_published(engine: Engine) -> None:
    """Every live revision is complete and announced; every approval published it."""
    with Session(engine) as session:
        published = {
            (event.booth_id, event.data.get("revision"))
            for event in session.exec(
                select(AuditEvent).where(AuditEvent.action == "booth.published")
            )
        }
        for booth in session.exec(select(Booth).where(col(Booth.live_revision_id).is_not(None))):
            revision = session.get(BoothRevision, booth.live_revision_id)
            assert revision is not None and revision.booth_id == booth.id, booth.slug
            assert revision.published_at is not None, booth.slug
            assert (booth.id, revision.number) in published, booth.slug
            used = set(
                session.exec(
                    select(RevisionMedia.media_id).where(RevisionMedia.revision_id == revision.id)
                )
            )
            for media_id in used:
                assert session.get(MediaAsset, media_id) is not None, (booth.slug, media_id)
        for submission in session.exec(
            select(Submission).where(
                Submission.state == "approved", col(Submission.publish_at).is_(None)
            )
        ):
            revision = session.get(BoothRevision, submission.revision_id)
            assert revision is not None and revision.published_at is not None, submission.id
        revisions_published = len(
            session.exec(
                select(BoothRevision.id).where(col(BoothRevision.published_at).is_not(None))
            ).all()
        )
        assert len(published) >= revisions_published
        exhibition = session.get(Exhibition, 1)
        epoch = exhibition.publication_epoch if exhibition else 1
        # Each publication bumped the epoch in its own transaction.
        assert epoch - 1 >= len(published), (epoch, len(published))
