"""An exhibition for the organizers' API: three live booths in Likupang, one in Danau
Toba, and an API token for an organizer, a moderator and a region editor."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import BundleFactory, bearer_headers, make_user, sign_in

# Likupang's live booths in today's walking order (by region name).
LIKUPANG = ["kabupaten-minahasa-utara", "kota-bitung", "kota-manado"]


@pytest.fixture
def exhibition(bundles: BundleFactory, import_bundles: Callable[[Path], None]) -> None:
    bundles.make()
    bundles.make("kota-manado", code="71.71", title="Kota Manado")
    bundles.make("kabupaten-minahasa-utara", code="71.06", title="Kabupaten Minahasa Utara")
    bundles.make("kabupaten-toba", code="12.12", hall="danau-toba", title="Kabupaten Toba")
    import_bundles(bundles.root)


@pytest.fixture
def organizer(
    client: TestClient,
    session: Session,
    bundles: BundleFactory,
    import_bundles: Callable[[Path], None],
) -> str:
    """Kota Bitung live in Likupang, a moderator and Bitung's editor; the client signed in
    as an organizer (its CSRF token). Modules with a larger exhibition define their own."""
    import_bundles(bundles.make().parent)
    make_user(session, "org@pameran.go.id", "organizer")
    make_user(session, "mod@pameran.go.id", "moderator")
    make_user(session, "ed@bitung.go.id", "region-editor", ("71.72",))
    return sign_in(client, "org@pameran.go.id")


@pytest.fixture
def tokens(session: Session, exhibition: None) -> dict[str, dict[str, str]]:
    """Request headers per role: `organizer`, `moderator`, `editor` (of Kota Bitung)."""
    return bearer_headers(
        session,
        {
            "organizer": make_user(session, "org@pameran.go.id", "organizer"),
            "moderator": make_user(session, "mod@pameran.go.id", "moderator"),
            "editor": make_user(session, "ed@bitung.go.id", "region-editor", ("71.72",)),
        },
    )
