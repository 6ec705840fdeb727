"""The region workspace (HTML): dashboard, draft editor, media library, preview."""

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.accounts.dependencies import CurrentUser
from app.booths.service import workspace_booths
from app.core.db import SessionDep
from app.core.public import private_page

router = APIRouter(prefix="/workspace", include_in_schema=False)


@router.get("")
def dashboard(request: Request, user: CurrentUser, session: SessionDep) -> Response:
    rows = workspace_booths(session, user)
    return private_page(request, "workspace/dashboard.html", {"user": user, "rows": rows})
