"""Request shapes of the moderation API, also used to check the decision form."""

from typing import Literal

from pydantic import Field

from app.core.text import CleanModel

TEXT_LIMIT = 5000  # a reason or a pinned comment


class Comment(CleanModel):
    section: str
    body: str = Field(max_length=TEXT_LIMIT)


class Decision(CleanModel):
    decision: Literal["approve", "request_changes", "reject"]
    reason: str | None = Field(default=None, max_length=TEXT_LIMIT)
    comments: list[Comment] = Field(default_factory=list, max_length=100)
    # Approve although blocking checks fail; needs a reason (audited).
    override: bool = False
