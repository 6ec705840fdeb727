"""Rate limits counted in the database: windows, keys, and the pruning of old hits."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.core.throttle import KEEP, Limit, ThrottleHit, count_hit, forget, is_limited
from app.core.timeutil import utcnow

LIMIT = Limit(2, timedelta(minutes=10))


def test_hits_count_per_key_within_the_window(session: Session) -> None:
    count_hit(session, "like:a")
    assert not is_limited(session, "like:a", LIMIT)
    count_hit(session, "like:a")
    assert is_limited(session, "like:a", LIMIT) and not is_limited(session, "like:b", LIMIT)
    forget(session, "like:a")
    assert not is_limited(session, "like:a", LIMIT)


def test_old_hits_count_no_more_and_are_dropped(session: Session) -> None:
    now = utcnow()
    session.add(ThrottleHit(key="like:a", at=now - timedelta(minutes=11)))
    session.add(ThrottleHit(key="like:a", at=now - timedelta(minutes=12)))
    session.add(ThrottleHit(key="like:gone", at=now - KEEP - timedelta(minutes=1)))
    session.flush()
    assert not is_limited(session, "like:a", LIMIT)
    count_hit(session, "like:b")
    assert sorted(session.exec(select(ThrottleHit.key)).all()) == ["like:a", "like:a", "like:b"]


def test_a_window_longer_than_what_is_kept_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot exceed"):
        Limit(1, KEEP + timedelta(seconds=1))
