"""A populated exhibition for tests that sweep every route: the sample exhibits, two
regions' editors, a moderator and an organizer (each with an API token), an open
submission and a pending guestbook entry of region A.

Built once and copied per test module (`DatabaseTemplate.copy_of`), because importing
the sample takes seconds.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from app.accounts.models import User
from app.booths.models import Booth
from app.core.config import Settings
from app.core.paths import EXHIBITS_DIR
from app.exhibits.service import import_all
from app.guestbook.service import write_entry
from app.media.models import MediaAsset
from app.moderation.service import submit
from app.storage import storage_from_url
from tests.factories import bearer_headers, make_user

BOOTH_A, REGION_A = "kota-bitung", "71.72"
BOOTH_B, REGION_B = "kota-bandung", "32.73"
ROLES = ("anonymous", "editor_a", "editor_b", "moderator", "organizer")


@dataclass
class World:
    """What the sweeping tests need to build real paths and to sign in."""

    headers: dict[str, dict[str, str]]  # role → request headers (empty for anonymous)
    emails: dict[str, str]
    ids: dict[str, Any] = field(default_factory=dict)  # path parameter → a real value


def build_world(engine: Engine, settings: Settings) -> World:
    """Populate the (migrated, empty) database of `engine`; everything committed."""
    with Session(engine, expire_on_commit=False) as session:
        import_all(session, storage_from_url(settings.storage_url), settings, EXHIBITS_DIR)
        session.commit()
        users = {
            "editor_a": make_user(session, "ed@bitung.go.id", "region-editor", (REGION_A,)),
            "editor_b": make_user(session, "ed@bandung.go.id", "region-editor", (REGION_B,)),
            "moderator": make_user(session, "mod@pameran.go.id", "moderator"),
            "organizer": make_user(session, "org@pameran.go.id", "organizer"),
        }
        headers = {"anonymous": {}, **bearer_headers(session, users)}
        booth_a = session.exec(select(Booth).where(Booth.slug == BOOTH_A)).one()
        submission = submit(session, booth_a, actor=users["editor_a"])
        entry = write_entry(
            session, booth_a, name="Tamu", message="Anjungan yang bagus.", address="192.0.2.1"
        )
        media = session.exec(select(MediaAsset).where(MediaAsset.booth_id == booth_a.id)).first()
        session.commit()
        assert media is not None
        return World(
            headers=headers,
            emails={role: user.email for role, user in users.items()},
            ids={
                "slug": BOOTH_A,
                "hall": "likupang",
                "submission_id": submission.id,
                "entry_id": entry.id,
                "media_id": media.id,
                "asset_id": media.id,
                "key": f"{media.sha256}.jpg",
                "user_id": users["editor_b"].id,
                "organizer_id": session.exec(
                    select(User.id).where(User.email == users["organizer"].email)
                ).one(),
            },
        )
