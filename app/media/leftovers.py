"""Temporary files that an upload leaves behind when its process dies (`kill -9`, power).

Three kinds: a multipart body being received (`var/uploads/incoming/form-*.part`), a
resumable upload's partial file whose row is gone or was never written
(`var/uploads/tus/<id>.part`), and a blob copy the local storage was writing
(`<media>/xx/yy/.incoming-*`). Every writer holds an exclusive `flock` on its file
while the file is in use, and the kernel drops the lock with the process: so an
unlocked temporary file nobody owns is a leftover. The sweeper removes leftovers
untouched for a grace period, which covers the moment between creating a file and
locking it.
"""

import fcntl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from app.core.config import Settings
from app.core.timeutil import utcnow
from app.media.resumable import tus_dir
from app.media.upload_models import MediaUpload
from app.media.uploads import incoming_dir
from app.storage import Storage

LEFTOVER_GRACE = timedelta(minutes=15)


@dataclass(frozen=True)
class Leftover:
    path: Path
    size: int
    modified_at: datetime


def _in_use(path: Path) -> bool:
    """Whether a live process holds the file's lock (a shared probe, let go at once)."""
    try:
        with path.open("rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return False
    except FileNotFoundError:  # finished and removed meanwhile
        return True


def _described(paths: Iterable[Path]) -> list[Leftover]:
    found = []
    for path in paths:
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        if not _in_use(path):
            modified_at = datetime.fromtimestamp(stat.st_mtime, UTC)
            found.append(Leftover(path, stat.st_size, modified_at))
    return sorted(found, key=lambda leftover: leftover.path)


def find_leftovers(session: Session, settings: Settings, storage: Storage) -> list[Leftover]:
    """Temporary upload files that no running request and no open upload owns."""
    open_uploads = set(session.exec(select(MediaUpload.id)).all())
    session.rollback()  # no transaction while the folders are listed
    partials = [p for p in tus_dir(settings).glob("*.part") if p.stem not in open_uploads]
    return _described(
        [*incoming_dir(settings).glob("*.part"), *partials, *storage.temporary_files()]
    )


def remove_leftovers(
    leftovers: list[Leftover], *, grace: timedelta = LEFTOVER_GRACE, now: datetime | None = None
) -> list[Leftover]:
    """Delete the leftovers untouched for `grace`; returns those deleted."""
    cutoff = (now or utcnow()) - grace
    removed = []
    for leftover in leftovers:
        if leftover.modified_at <= cutoff and not _in_use(leftover.path):
            leftover.path.unlink(missing_ok=True)
            removed.append(leftover)
    return removed
