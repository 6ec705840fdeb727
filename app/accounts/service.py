"""People and their roles."""

from collections.abc import Callable, Sequence

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.accounts.models import ROLES, User, UserHall, UserRegion
from app.accounts.passwords import hash_password
from app.accounts.sessions import end_all_sessions
from app.accounts.tokens import revoke_all_tokens
from app.audit.service import record
from app.core.errors import Conflict, Invalid
from app.core.timeutil import utcnow
from app.halls.service import hall_by_slug
from app.regions.models import Region
from app.regions.service import get_region

MIN_PASSWORD = 10

RegionHook = Callable[[Session, Region], object]
"""What binding a person to a region sets going: the region takes part and gets its booth.

Booths' `booth_for_region`, handed in by the composition root (`app.state.on_region_bound`
for the pages): accounts sit below booths (DESIGN.md §7) and cannot call it themselves.
"""


def create_user(
    session: Session,
    *,
    email: str,
    role: str,
    password: str | None,
    region_codes: Sequence[str] = (),
    hall_slugs: Sequence[str] = (),
    actor_id: int | None = None,
    on_region_bound: RegionHook,
) -> User:
    """A new account; region editors' regions take part and get a booth.

    Without a password the account waits, inactive, for its invitation to be accepted.
    """
    email = email.strip().lower()
    if role not in ROLES:
        raise Invalid("Peran tidak dikenal: {role}.", role=role)
    if "@" not in email:
        raise Invalid("Alamat e-mail tidak sah.")
    if role == "region-editor" and not region_codes:
        raise Invalid("Editor daerah membutuhkan setidaknya satu kode daerah.")
    if password is not None:
        check_password(password)
    if session.exec(select(User).where(User.email == email)).first() is not None:
        raise Conflict("Pengguna {email} sudah ada.", email=email)
    user = User(
        email=email,
        role=role,
        is_active=password is not None,
        password_hash=hash_password(password) if password is not None else None,
    )
    session.add(user)
    session.flush()
    _assign(session, user, region_codes, hall_slugs, on_region_bound)
    record(session, action="user.created", actor_id=actor_id, email=email, role=role)
    session.flush()
    return user


def _assign(
    session: Session,
    user: User,
    region_codes: Sequence[str],
    hall_slugs: Sequence[str],
    on_region_bound: RegionHook,
) -> None:
    """Bind `user` to these regions (each takes part and gets a booth) and halls."""
    for code in dict.fromkeys(region_codes):
        region = get_region(session, code)
        if region is None:
            raise Invalid("Kode daerah tidak dikenal: {code}.", code=code)
        on_region_bound(session, region)
        session.add(UserRegion(user_id=user.id or 0, region_code=code))
    for slug in dict.fromkeys(hall_slugs):
        hall = hall_by_slug(session, slug)
        if hall is None:
            raise Invalid("Aula tidak dikenal: {slug}.", slug=slug)
        session.add(UserHall(user_id=user.id or 0, hall_id=hall.id or 0))


def _refuse_self(user: User, actor: User) -> None:
    # An organizer who demotes or deactivates themself locks the door behind them.
    if user.id == actor.id:
        raise Conflict("Anda tidak dapat mengubah peran atau menonaktifkan akun Anda sendiri.")


def update_user(
    session: Session,
    user: User,
    *,
    role: str,
    region_codes: Sequence[str],
    hall_slugs: Sequence[str],
    actor: User,
    on_region_bound: RegionHook,
) -> None:
    """An organizer changes a person's role, regions and halls (audited)."""
    if role not in ROLES:
        raise Invalid("Peran tidak dikenal: {role}.", role=role)
    if role != user.role:
        _refuse_self(user, actor)
    if role == "region-editor" and not region_codes:
        raise Invalid("Editor daerah membutuhkan setidaknya satu kode daerah.")
    for table in (UserRegion, UserHall):
        session.execute(delete(table).where(col(table.user_id) == user.id))
    user.role = role
    session.add(user)
    _assign(session, user, region_codes, hall_slugs, on_region_bound)
    record(
        session,
        action="user.updated",
        actor_id=actor.id,
        email=user.email,
        role=role,
        regions=list(region_codes),
        halls=list(hall_slugs),
    )
    session.flush()


def set_deactivated(session: Session, user: User, deactivated: bool, *, actor: User) -> None:
    """Deactivating ends the person's sessions and revokes their API tokens (audited)."""
    _refuse_self(user, actor)
    if deactivated == (user.deactivated_at is not None):
        return
    now = utcnow()
    user.deactivated_at = now if deactivated else None
    if deactivated:
        end_all_sessions(session, user)
        revoke_all_tokens(session, user)
    session.add(user)
    action = "user.deactivated" if deactivated else "user.reactivated"
    record(session, action=action, actor_id=actor.id, email=user.email)
    session.flush()


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid("Kata sandi minimal {n} karakter.", n=MIN_PASSWORD)


def set_password(session: Session, user: User, password: str) -> None:
    """A new password ends every session and revokes every API token of the user:
    whoever knew the old one keeps nothing it gave them."""
    check_password(password)
    user.password_hash = hash_password(password)
    end_all_sessions(session, user)
    revoke_all_tokens(session, user)
    user.is_active = True
    session.add(user)
    record(session, action="user.password_set", actor_id=user.id, email=user.email)
    session.flush()


def has_organizer(session: Session) -> bool:
    return (
        session.exec(select(User.id).where(User.role == "organizer").limit(1)).first() is not None
    )
