"""The cast of the moderation tests: an imported booth, its editor, two moderators and
an organizer, each with an API token."""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.exhibition.service import get_exhibition
from tests.factories import BundleFactory, bearer_headers, make_user


@pytest.fixture
def people(
    session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> dict[str, dict[str, str]]:
    import_bundles(bundles.make().parent)
    users = {
        "editor": make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",)),
        "mod1": make_user(session, "mod1@pameran.go.id", "moderator", halls=("likupang",)),
        "mod2": make_user(session, "mod2@pameran.go.id", "moderator"),
        "org": make_user(session, "org@pameran.go.id", "organizer"),
    }
    return bearer_headers(session, users)


DRAFT = "/api/v1/workspace/booths/kota-bitung/draft"
SUBMIT = "/api/v1/workspace/booths/kota-bitung/submissions"


def submit_change(
    client: TestClient, people: dict[str, dict[str, str]], tagline: str = "Tagline baru"
) -> dict:
    draft = client.get(DRAFT, headers=people["editor"]).json()
    client.put(DRAFT, json={**draft, "tagline": tagline}, headers=people["editor"])
    response = client.post(SUBMIT, headers=people["editor"])
    assert response.status_code == 201, response.text
    return response.json()


def set_opening(session: Session, moment: datetime) -> None:
    """Set the exhibition's opening time (embargo), committed, from a fresh snapshot."""
    session.rollback()
    exhibition = get_exhibition(session)
    exhibition.opening_at = moment
    session.add(exhibition)
    session.commit()
