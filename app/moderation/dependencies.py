"""Loaders for the moderation routes: submissions that exist, for reviewers only."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.accounts.dependencies import Reviewer
from app.core.db import SessionDep
from app.core.errors import NotFound
from app.core.numbers import MAX_ROW_ID, RowId
from app.moderation.models import Submission


def find_submission(session: Session, submission_id: int) -> Submission | None:
    """The submission with this id, if any (a number beyond any id is none)."""
    return session.get(Submission, submission_id) if 0 < submission_id <= MAX_ROW_ID else None


def submission_for_review(
    submission_id: RowId, reviewer: Reviewer, session: SessionDep
) -> Submission:
    submission = find_submission(session, submission_id)
    if submission is None:
        raise NotFound("Pengajuan tidak ditemukan.")
    return submission


ReviewedSubmission = Annotated[Submission, Depends(submission_for_review)]


GuestbookCount = Callable[[Session], int]


def guestbook_waiting(request: Request, session: SessionDep) -> int:
    """How many guestbook entries wait for a moderator (the queue's tab shows it).

    Guestbook's count, handed in by the composition root (`app.state.guestbook_waiting`,
    a `GuestbookCount`): the two stand side by side (DESIGN.md §7).
    """
    count: GuestbookCount = request.app.state.guestbook_waiting
    return count(session)


GuestbookWaiting = Annotated[int, Depends(guestbook_waiting)]
