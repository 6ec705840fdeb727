"""Every domain's tables, imported for one shared metadata (Alembic, tests)."""

from app.accounts.models import (
    ApiToken,
    Invitation,
    PasswordReset,
    User,
    UserHall,
    UserRegion,
    UserSession,
)
from app.audit.models import AuditEvent
from app.booths.models import Booth, BoothRevision, RevisionMedia
from app.booths.search_models import BoothSearchDocument
from app.core.modelbase import metadata
from app.core.throttle import ThrottleHit
from app.core.visitors import DailySalt
from app.curation.models import Lobby
from app.exhibition.models import Exhibition
from app.guestbook.models import BoothLike, GuestbookEntry
from app.halls.models import Hall
from app.media.models import MediaAsset, MediaFile
from app.media.upload_models import MediaUpload
from app.moderation.models import Submission
from app.notifications.models import Notification
from app.regions.models import Participation, Province, Region

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Booth",
    "BoothLike",
    "BoothSearchDocument",
    "BoothRevision",
    "DailySalt",
    "Exhibition",
    "GuestbookEntry",
    "Hall",
    "Invitation",
    "Lobby",
    "Participation",
    "PasswordReset",
    "MediaAsset",
    "MediaFile",
    "MediaUpload",
    "Notification",
    "Province",
    "Region",
    "RevisionMedia",
    "Submission",
    "ThrottleHit",
    "User",
    "UserHall",
    "UserRegion",
    "UserSession",
    "metadata",
]
