"""One-time links: invitations (an organizer invites a person) and password resets."""

import secrets
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.accounts.models import ROLE_LABELS, Invitation, PasswordReset, User, UserRegion
from app.accounts.service import RegionHook, create_user, set_password
from app.accounts.sessions import may_sign_in
from app.accounts.throttle import clear_account
from app.accounts.tokens import token_hash
from app.audit.service import record
from app.core.errors import Conflict, Invalid, NotFound
from app.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, translate
from app.core.timeutil import utcnow
from app.notifications.service import notify

INVITATION_VALID = timedelta(days=7)
RESET_VALID = timedelta(hours=1)


def invite(
    session: Session,
    *,
    base_url: str,
    email: str,
    role: str,
    region_codes: Sequence[str],
    hall_slugs: Sequence[str],
    inviter: User,
    language: str = DEFAULT_LANGUAGE,
    on_region_bound: RegionHook,
) -> tuple[User, str]:
    """An inactive account and its one-time link, also sent to the invitee in `language`."""
    if language not in LANGUAGES:
        raise Invalid("Bahasa tidak dikenal: {language}.", language=language)
    user = create_user(
        session,
        email=email,
        role=role,
        password=None,
        region_codes=region_codes,
        hall_slugs=hall_slugs,
        actor_id=inviter.id,
        on_region_bound=on_region_bound,
    )
    user.language = language
    session.add(user)
    return user, _send_invitation(session, user, base_url=base_url, inviter=inviter)


def resend_invitation(session: Session, user: User, *, base_url: str, inviter: User) -> str:
    """A fresh link for someone who has not accepted yet; earlier links stop working."""
    if user.password_hash is not None:
        raise Conflict("{email} sudah menerima undangannya.", email=user.email)
    for earlier in session.exec(
        select(Invitation).where(
            Invitation.email == user.email, col(Invitation.accepted_at).is_(None)
        )
    ).all():
        earlier.expires_at = min(earlier.expires_at, utcnow())
        session.add(earlier)
    record(session, action="user.invitation_resent", actor_id=inviter.id, email=user.email)
    return _send_invitation(session, user, base_url=base_url, inviter=inviter)


def _send_invitation(session: Session, user: User, *, base_url: str, inviter: User) -> str:
    plain = secrets.token_urlsafe(32)
    session.add(
        Invitation(
            email=user.email,
            role=user.role,
            region_codes=",".join(
                session.exec(select(UserRegion.region_code).where(UserRegion.user_id == user.id))
            ),
            token_hash=token_hash(plain),
            invited_by_id=inviter.id,
            expires_at=utcnow() + INVITATION_VALID,
        )
    )
    path = f"/invitations/{plain}"
    notify(
        session,
        user,
        kind="invitation",
        secret=True,
        subject=N_("Undangan ke Pameran Smart City"),
        body=N_(
            "Anda diundang sebagai {role}. Buat kata sandi Anda melalui tautan berikut.\n"
            "Tautan berlaku 7 hari dan hanya sekali pakai."
        ),
        link=path,
        params={"role": translate(user.language, ROLE_LABELS[user.role])},
    )
    session.flush()
    return base_url.rstrip("/") + path


def open_invitation(session: Session, plain: str) -> Invitation:
    invitation = session.exec(
        select(Invitation).where(
            Invitation.token_hash == token_hash(plain), col(Invitation.accepted_at).is_(None)
        )
    ).first()
    if invitation is None or invitation.expires_at < utcnow():
        raise NotFound(
            "Tautan undangan tidak berlaku lagi. Minta undangan baru kepada penyelenggara."
        )
    return invitation


def accept_invitation(session: Session, plain: str, password: str) -> User:
    invitation = open_invitation(session, plain)
    user = session.exec(select(User).where(User.email == invitation.email)).one()
    set_password(session, user, password)
    invitation.accepted_at = utcnow()
    session.add(invitation)
    return user


def request_reset(session: Session, *, base_url: str, email: str) -> None:
    """Send a reset link when the account exists; the caller answers the same either way."""
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None or not may_sign_in(user):
        return
    start_reset(session, user, base_url=base_url)


def start_reset(session: Session, user: User, *, base_url: str) -> str:
    """A one-time reset link, sent to `user` (and returned: an organizer may pass it on)."""
    _void_resets(session, user)  # only the newest link works
    plain = secrets.token_urlsafe(32)
    session.add(
        PasswordReset(
            user_id=user.id or 0, token_hash=token_hash(plain), expires_at=utcnow() + RESET_VALID
        )
    )
    path = f"/password-reset/{plain}"
    notify(
        session,
        user,
        kind="password_reset",
        secret=True,
        subject=N_("Atur ulang kata sandi Pameran"),
        body=N_(
            "Atur ulang kata sandi Anda melalui tautan berikut.\n"
            "Tautan berlaku satu jam. Abaikan pesan ini bila Anda tidak memintanya."
        ),
        link=path,
    )
    return base_url.rstrip("/") + path


def _void_resets(session: Session, user: User) -> None:
    """Every reset link of `user` not yet used stops working."""
    session.execute(
        update(PasswordReset)
        .where(col(PasswordReset.user_id) == user.id, col(PasswordReset.used_at).is_(None))
        .values(used_at=utcnow())
    )


def open_reset(session: Session, plain: str) -> PasswordReset:
    reset = session.exec(
        select(PasswordReset).where(
            PasswordReset.token_hash == token_hash(plain), col(PasswordReset.used_at).is_(None)
        )
    ).first()
    if reset is None or reset.expires_at < utcnow():
        raise NotFound("Tautan atur ulang tidak berlaku lagi. Minta tautan baru.")
    return reset


def finish_reset(session: Session, plain: str, password: str) -> User:
    """Set the new password (every session and API token of the user ends); this link
    and every other open one stop working, and strangers' sign-in failures are forgotten."""
    reset = open_reset(session, plain)
    user = session.get(User, reset.user_id)
    assert user is not None  # noqa: S101  (foreign key)
    set_password(session, user, password)
    _void_resets(session, user)
    clear_account(session, user.email)
    return user
