"""Loaders for the organizers' routes: the object, once the caller is known an organizer."""

from typing import Annotated

from fastapi import Depends, Request

from app.accounts.dependencies import Organizer
from app.core.db import SessionDep
from app.core.errors import NotFound
from app.curation.publication import SubmissionRecords
from app.halls.models import Hall
from app.halls.service import hall_by_slug


def organizer_hall(slug: str, _organizer: Organizer, session: SessionDep) -> Hall:
    """The hall `slug`; 404 for an unknown one (after the role check: 401/403 first)."""
    hall = hall_by_slug(session, slug)
    if hall is None:
        raise NotFound("Aula tidak ditemukan.")
    return hall


OrganizerHall = Annotated[Hall, Depends(organizer_hall)]


def submission_records(request: Request) -> SubmissionRecords:
    """Moderation's side of a booth's publication, as the composition root wired it."""
    records: SubmissionRecords = request.app.state.submission_records
    return records


Records = Annotated[SubmissionRecords, Depends(submission_records)]
