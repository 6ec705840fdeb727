"""What a crashed upload leaves (form bodies, tus parts, half-copied blobs) is found and swept."""

import fcntl
import os
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from app.booths.service import booth_for_region
from app.chores import sweep_once
from app.core.config import Settings
from app.core.timeutil import utcnow
from app.media.leftovers import LEFTOVER_GRACE, find_leftovers, remove_leftovers
from app.media.resumable import create_upload, partial_path, tus_dir
from app.media.uploads import incoming_dir
from app.regions.models import Region
from app.storage import LocalStorage, storage_from_url
from tests.factories import make_user

LONG_AGO = 1_000_000_000  # 2001: far beyond any grace period


def stale(path: Path, data: bytes = b"half a file") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (LONG_AGO, LONG_AGO))
    return path


def test_crash_leftovers_are_listed_and_swept_but_live_work_is_not(
    engine: Engine, settings: Settings, session: Session
) -> None:
    storage = storage_from_url(settings.storage_url)
    assert isinstance(storage, LocalStorage)
    form_body = stale(incoming_dir(settings) / "form-abc.part")
    stray_part = stale(tus_dir(settings) / ("0" * 32 + ".part"))
    half_blob = stale(storage.root / "ab" / "cd" / ".incoming-xyz")
    young = incoming_dir(settings) / "form-young.part"
    young.write_bytes(b"just written")
    # Work in progress: a body being received holds its lock; an open upload its row.
    receiving = stale(incoming_dir(settings) / "form-live.part")
    editor = make_user(session, "e@bitung.go.id", "region-editor", regions=("71.72",))
    region = session.get(Region, "71.72")
    assert region is not None
    booth = booth_for_region(session, region)
    upload = create_upload(
        session, settings, booth_id=booth.id or 0, user_id=editor.id or 0, length=10,
        metadata={},
    )  # fmt: skip
    session.commit()
    os.utime(partial_path(settings, upload.id), (LONG_AGO, LONG_AGO))

    with receiving.open("rb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = find_leftovers(session, settings, storage)
        assert [f.path for f in found] == sorted([form_body, stray_part, half_blob, young])
        removed = remove_leftovers(found)
        assert sorted(r.path for r in removed) == sorted([form_body, stray_part, half_blob])
        assert young.exists() and receiving.exists() and partial_path(settings, upload.id).exists()
        later = utcnow() + LEFTOVER_GRACE
        assert [
            r.path for r in remove_leftovers(find_leftovers(session, settings, storage), now=later)
        ] == [young]
    # Once its process is gone (the lock with it), the stalled body is a leftover too.
    assert sweep_once(engine, settings, storage) == 1 and not receiving.exists()
    assert find_leftovers(session, settings, storage) == []
