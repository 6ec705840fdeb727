"""Loaders for the moderation routes: submissions that exist, for reviewers only."""

from typing import Annotated

from fastapi import Depends
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
