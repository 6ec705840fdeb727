"""API tokens: random, shown once, stored as SHA-256, revocable."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.accounts.models import ApiToken, User
from app.core.timeutil import utcnow

PREFIX = "pmr_"
LAST_USED_RESOLUTION = timedelta(minutes=1)  # spare a write on every request


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; the plain value is returned once and never stored."""
    plain = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id or 0, name=name.strip()[:120], token_hash=token_hash(plain))
    session.add(token)
    session.flush()
    return token, plain


def user_for_token(session: Session, plain: str) -> User | None:
    row = session.exec(
        select(ApiToken, User)
        .join(User, col(User.id) == col(ApiToken.user_id))
        .where(ApiToken.token_hash == token_hash(plain), col(ApiToken.revoked_at).is_(None))
    ).first()
    if row is None:
        return None
    token, user = row
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        session.add(token)
    return user if user.is_active else None


def revoke_token(session: Session, user: User, token_id: int) -> bool:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    session.add(token)
    return True


def revoke_all_tokens(session: Session, user: User) -> None:
    session.execute(
        update(ApiToken)
        .where(col(ApiToken.user_id) == user.id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
