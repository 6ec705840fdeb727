from datetime import datetime

from sqlmodel import Field

from app.core.i18n import N_
from app.core.modelbase import SQLModel
from app.core.timeutil import utcnow

ROLES = ("organizer", "moderator", "region-editor")
# Indonesian msgids, translated where shown.
ROLE_LABELS = {
    "organizer": N_("Penyelenggara"),
    "moderator": N_("Moderator"),
    "region-editor": N_("Editor daerah"),
}


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, max_length=254)
    name: str = Field(default="", max_length=120)
    role: str = Field(max_length=20)
    password_hash: str | None = Field(default=None, max_length=200)
    is_active: bool = True
    # The person's language (set on the account page): notifications are written in it.
    language: str = Field(default="id", max_length=2)
    # Set by an organizer: no sign-in, session or token works until it is cleared
    # (unlike is_active, which a password alone turns on for an accepted invitation).
    deactivated_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None


class UserSession(SQLModel, table=True):
    """A signed-in browser: its cookie works only while this row exists, so signing
    out (here, everywhere, or by a new password) ends it on the server."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)  # SHA-256 of the cookie's session id
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)


class UserRegion(SQLModel, table=True):
    __tablename__ = "user_region"

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    region_code: str = Field(foreign_key="region.code", primary_key=True)


class UserHall(SQLModel, table=True):
    __tablename__ = "user_hall"

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    hall_id: int = Field(foreign_key="hall.id", primary_key=True)


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(default="", max_length=120)
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class Invitation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    role: str = Field(max_length=20)
    region_codes: str = Field(default="", max_length=500)  # comma-separated codes
    token_hash: str = Field(unique=True, max_length=64)
    invited_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    accepted_at: datetime | None = None


class PasswordReset(SQLModel, table=True):
    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
