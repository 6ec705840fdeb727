"""The cast of the fault tests: an imported booth, its editor and an organizer (tokens)."""

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session

from tests.factories import BundleFactory, bearer_headers, make_user


@pytest.fixture
def people(
    session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]
) -> dict[str, dict[str, str]]:
    import_bundles(bundles.make().parent)
    users = {
        "editor": make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",)),
        "org": make_user(session, "org@pameran.go.id", "organizer"),
    }
    return bearer_headers(session, users)


DRAFT = "/api/v1/workspace/booths/kota-bitung/draft"
SUBMIT = "/api/v1/workspace/booths/kota-bitung/submissions"
