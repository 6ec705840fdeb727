"""Anonymous visitor identities: stable for a day, unlinkable after, never the address."""

from datetime import date

import pytest
from sqlmodel import Session, col, select

from app.core import visitors
from app.core.visitors import DailySalt, visitor_hash


def test_one_sender_is_one_identity_for_the_day(session: Session) -> None:
    first = visitor_hash(session, "203.0.113.7", "Firefox")
    assert visitor_hash(session, "203.0.113.7", "Firefox") == first
    assert visitor_hash(session, "203.0.113.8", "Firefox") != first
    assert visitor_hash(session, "203.0.113.7", "Chrome") != first
    assert "203.0.113.7" not in first and len(first) == 64


def test_the_salt_changes_daily_and_yesterdays_is_forgotten(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(visitors, "_today", lambda: date(2026, 12, 1))
    monday = visitor_hash(session, "203.0.113.7", "Firefox")
    monkeypatch.setattr(visitors, "_today", lambda: date(2026, 12, 2))
    tuesday = visitor_hash(session, "203.0.113.7", "Firefox")
    assert monday != tuesday
    assert session.exec(select(col(DailySalt.day))).all() == [date(2026, 12, 2)]
