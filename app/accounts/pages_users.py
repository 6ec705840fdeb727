"""The organizers' users page: invite, resend, reset, change roles and places, deactivate.

Without SMTP a one-time link reaches nobody but the organizer who made it: each
action that makes one shows it once on this page, to be passed on by hand.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from sqlmodel import Session, col, select
from starlette.responses import RedirectResponse, Response

from app.accounts.dependencies import OnRegionBound, Organizer
from app.accounts.invitations import invite, resend_invitation, start_reset
from app.accounts.models import ROLES, User, UserHall, UserRegion
from app.accounts.pages import LANGUAGE_NAMES, base_url
from app.accounts.service import set_deactivated, update_user
from app.audit.service import record
from app.core.db import SessionDep
from app.core.errors import Conflict, DomainError, NotFound
from app.core.forms import FormCsrf, refusal
from app.core.i18n import N_
from app.core.numbers import RowId
from app.core.public import private_page
from app.halls.models import Hall
from app.halls.service import halls_in_order
from app.regions.models import Province, Region

router = APIRouter(prefix="/organizer/users", include_in_schema=False)

Codes = Annotated[list[str], Form(max_length=2000)]


def _codes(values: list[str]) -> list[str]:
    """Picked from lists, or typed (space- or comma-separated, as the form once took)."""
    return [code for value in values for code in value.replace(",", " ").split()]


@dataclass(frozen=True)
class Person:
    user: User
    regions: list[Region]
    halls: list[Hall]

    @property
    def status(self) -> str:
        if self.user.deactivated_at is not None:
            return "deactivated"
        return "active" if self.user.is_active else "invited"


def users_context(session: Session) -> dict[str, Any]:
    """Everyone with their regions' and halls' names, and the lists the forms pick from."""
    halls = halls_in_order(session)
    hall_by_id = {h.id: h for h in halls}
    regions: dict[int, list[Region]] = {}
    for user_id, region in session.exec(
        select(UserRegion.user_id, Region)
        .join(Region, col(Region.code) == col(UserRegion.region_code))
        .order_by(col(Region.code))
    ).all():
        regions.setdefault(user_id, []).append(region)
    user_halls: dict[int, list[Hall]] = {}
    for user_id, hall_id in session.exec(select(UserHall.user_id, UserHall.hall_id)).all():
        user_halls.setdefault(user_id, []).append(hall_by_id[hall_id])
    people = [
        Person(u, regions.get(u.id or 0, []), user_halls.get(u.id or 0, []))
        for u in session.exec(select(User).order_by(col(User.role), col(User.email))).all()
    ]
    provinces = {p.code: p.name for p in session.exec(select(Province)).all()}
    by_province: dict[str, list[Region]] = {}
    for region in session.exec(
        select(Region).where(col(Region.participating)).order_by(col(Region.code))
    ).all():
        by_province.setdefault(provinces.get(region.province_code, ""), []).append(region)
    return {
        "people": people,
        "roles": ROLES,
        "halls": halls,
        "participating": by_province,
        "all_regions": session.exec(select(Region).order_by(col(Region.code))).all(),
        "languages": LANGUAGE_NAMES,
    }


def _page(request: Request, session: Session, status_code: int = 200, **notice: Any) -> Response:
    context = {**users_context(session), **notice}
    return private_page(request, "organizer/users.html", context, status_code=status_code)


def _refused(request: Request, session: Session, error: DomainError) -> Response:
    status, message = refusal(request, session, error)
    return _page(request, session, status, error=message)


def _person(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Pengguna tidak ditemukan.")
    return user


@router.get("")
def users(request: Request, organizer: Organizer, session: SessionDep) -> Response:
    done = request.query_params.get("done", "")
    # `?region=CODE`: the invitation form comes with that region chosen (the roster's link).
    region = request.query_params.get("region", "")
    return _page(request, session, done=DONE_MESSAGES.get(done), invite_region=region)


# Indonesian msgids of what the last action did, shown once after its redirect.
DONE_MESSAGES = {
    "updated": N_("Perubahan pengguna disimpan."),
    "deactivated": N_("Pengguna dinonaktifkan: sesi dan token API-nya tidak berlaku lagi."),
    "reactivated": N_("Pengguna diaktifkan kembali."),
}


@router.post("", dependencies=[FormCsrf])
def invite_user(
    request: Request,
    organizer: Organizer,
    session: SessionDep,
    on_region_bound: OnRegionBound,
    email: Annotated[str, Form(max_length=254)],
    role: Annotated[str, Form(max_length=20)],
    regions: Codes = [],  # noqa: B006  (FastAPI copies the default for each request)
    halls: Codes = [],  # noqa: B006  (as above)
    language: Annotated[str, Form(max_length=5)] = "id",
) -> Response:
    try:
        _user, link = invite(
            session,
            base_url=base_url(request),
            email=email,
            role=role,
            region_codes=_codes(regions),
            hall_slugs=_codes(halls),
            inviter=organizer,
            language=language,
            on_region_bound=on_region_bound,
        )
    except DomainError as error:
        return _refused(request, session, error)
    return _page(request, session, 201, link=link, link_for=email, link_kind="invitation")


@router.post("/{user_id}/invitation", dependencies=[FormCsrf])
def resend(request: Request, user_id: RowId, organizer: Organizer, session: SessionDep) -> Response:
    user = _person(session, user_id)
    try:
        link = resend_invitation(session, user, base_url=base_url(request), inviter=organizer)
    except DomainError as error:
        return _refused(request, session, error)
    return _page(request, session, link=link, link_for=user.email, link_kind="invitation")


@router.post("/{user_id}/password-reset", dependencies=[FormCsrf])
def reset(request: Request, user_id: RowId, organizer: Organizer, session: SessionDep) -> Response:
    user = _person(session, user_id)
    if not user.is_active or user.deactivated_at is not None:
        refusal = Conflict("Hanya akun aktif yang dapat mengatur ulang kata sandi.")
        return _refused(request, session, refusal)
    link = start_reset(session, user, base_url=base_url(request))
    record(session, action="user.reset_started", actor_id=organizer.id, email=user.email)
    return _page(request, session, link=link, link_for=user.email, link_kind="reset")


@router.post("/{user_id}", dependencies=[FormCsrf])
def change(
    request: Request,
    user_id: RowId,
    organizer: Organizer,
    session: SessionDep,
    on_region_bound: OnRegionBound,
    role: Annotated[str, Form(max_length=20)],
    regions: Codes = [],  # noqa: B006  (FastAPI copies the default for each request)
    halls: Codes = [],  # noqa: B006  (as above)
) -> Response:
    user = _person(session, user_id)
    try:
        update_user(
            session,
            user,
            role=role,
            region_codes=_codes(regions),
            hall_slugs=_codes(halls),
            actor=organizer,
            on_region_bound=on_region_bound,
        )
    except DomainError as error:
        return _refused(request, session, error)
    return RedirectResponse("/organizer/users?done=updated", status_code=303)


@router.post("/{user_id}/{action}", dependencies=[FormCsrf])
def activation(
    request: Request, user_id: RowId, action: str, organizer: Organizer, session: SessionDep
) -> Response:
    if action not in ("deactivate", "reactivate"):
        raise NotFound("Halaman tidak ditemukan.")
    user = _person(session, user_id)
    try:
        set_deactivated(session, user, action == "deactivate", actor=organizer)
    except DomainError as error:
        return _refused(request, session, error)
    return RedirectResponse(f"/organizer/users?done={action}d", status_code=303)
