"""Organizers' API: the campaign's progress per region, and reminders (API.md)."""

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import ConfigDict, Field

from app.accounts.dependencies import Organizer, check_csrf
from app.core.db import SessionDep
from app.core.text import CleanModel
from app.moderation.campaign import API_FIELDS, campaign, remind

router = APIRouter(
    prefix="/api/v1/organizer", tags=["organizer"], dependencies=[Depends(check_csrf)]
)


class ReminderRequest(CleanModel):
    model_config = ConfigDict(extra="forbid")

    regions: list[str] = Field(min_length=1, max_length=600)
    message: str = Field(default="", max_length=2000)


@router.get("/campaign")
def get_campaign(_organizer: Organizer, session: SessionDep) -> dict[str, Any]:
    """Every participating region with its status (API.md defines each) and the totals."""
    found = campaign(session)
    rows = [{key: row[key] for key in API_FIELDS} for row in found["regions"]]
    return {"totals": found["totals"], "regions": rows}


@router.post("/reminders")
def post_reminders(
    body: ReminderRequest, organizer: Organizer, session: SessionDep
) -> dict[str, Any]:
    """A reminder to each editor of these regions; one reminded today is skipped."""
    sent = remind(session, body.regions, body.message, actor_id=organizer.id)
    return {"queued": sent.queued, "skipped": sent.skipped}
