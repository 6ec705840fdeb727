"""Form plumbing of the organizers' pages: a posted reorderable list, the 303 back."""

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Form
from pydantic import StringConstraints
from starlette.responses import RedirectResponse

from app.core.ordering import move_one

Slug = Annotated[str, StringConstraints(max_length=120)]
SlugField = Annotated[str, Form(max_length=120)]


def see_other(path: str, anchor: str = "", **params: str) -> RedirectResponse:
    """303 back to `path` with the non-empty `params`, scrolled to `anchor`."""
    query = urlencode({key: value for key, value in params.items() if value})
    return RedirectResponse(
        path + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else ""), status_code=303
    )


@dataclass(frozen=True)
class Reordering:
    """A posted reorder form: the whole order to save, the row that moved and how
    (`up`/`down` for the no-JS buttons, "" when the script sent the order)."""

    order: list[str]
    moved: str
    via: str

    def back_to(self, path: str, row: str) -> RedirectResponse:
        """303 to the list. After a button the page focuses that button again (autofocus,
        which browsers skip when the URL names a fragment); else it scrolls to the row."""
        anchor = f"{row}-{self.moved}" if self.moved and not self.via else ""
        return see_other(path, anchor, moved=self.moved, via=self.via)


def reorder_form(
    order: Annotated[list[Slug], Form(default_factory=list)],
    up: SlugField = "",
    down: SlugField = "",
    moved: SlugField = "",
) -> Reordering:
    if up:
        return Reordering(move_one(order, up, -1), up, "up")
    if down:
        return Reordering(move_one(order, down, 1), down, "down")
    return Reordering(order, moved, "")


ReorderForm = Annotated[Reordering, Depends(reorder_form)]
