"""The region workspace's JSON routes (API.md, "Workspace"): the caller's booths."""

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from app.accounts.dependencies import CurrentUser, check_csrf
from app.booths.api import RegionOut
from app.core.db import SessionDep
from app.workspace.service import workspace_booths

router = APIRouter(
    prefix="/api/v1/workspace", tags=["workspace"], dependencies=[Depends(check_csrf)]
)


class OpenSubmission(BaseModel):
    id: int
    state: str


class WorkspaceBooth(BaseModel):
    slug: str
    region: RegionOut
    hall: str | None
    live_revision: int | None
    open_submission: OpenSubmission | None


@router.get("/booths", response_model=list[WorkspaceBooth])
def my_booths(user: CurrentUser, session: SessionDep) -> list[WorkspaceBooth]:
    return [
        WorkspaceBooth(
            slug=row.booth.slug,
            region=RegionOut(code=row.region.code, name=row.region.name),
            hall=row.hall_slug,
            live_revision=row.live_revision,
            open_submission=OpenSubmission(id=row.submission.id or 0, state=row.submission.state)
            if row.submission
            else None,
        )
        for row in workspace_booths(session, user)
    ]
