"""Organizers' API: the campaign's progress per region, and reminders (API.md)."""

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from app.accounts.dependencies import Organizer, check_csrf
from app.core.db import SessionDep
from app.moderation.campaign import campaign, remind

router = APIRouter(
    prefix="/api/v1/organizer", tags=["organizer"], dependencies=[Depends(check_csrf)]
)


class ReminderRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regions: list[str] = Field(min_length=1, max_length=600)
    message: str = Field(default="", max_length=2000)


@router.get("/campaign")
def get_campaign(_organizer: Organizer, session: SessionDep) -> dict[str, Any]:
    """Every participating region with its status (API.md defines each) and the totals."""
    return campaign(session)


@router.post("/reminders")
def post_reminders(
    body: ReminderRequest, organizer: Organizer, session: SessionDep
) -> dict[str, Any]:
    """A reminder to each editor of these regions; one reminded today is skipped."""
    sent = remind(session, body.regions, body.message, actor_id=organizer.id)
    return {"queued": sent.queued, "skipped": sent.skipped}
