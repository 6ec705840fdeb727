"""Sign-in throttling: strangers get 429, the owner's own browser and a reset still get in."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.models import User
from app.accounts.sessions import DEVICE_COOKIE
from app.accounts.throttle import MAX_FAILURES
from tests.accounts.test_pages import login
from tests.accounts.test_sessions import reset_password
from tests.factories import PASSWORD, make_user, sign_in

OWNER_ADDRESS = "192.0.2.10"
STRANGER_ADDRESS = "198.51.100.66"


@pytest.fixture
def owner(session: Session) -> User:
    """The first organizer: its e-mail is well known, so anyone can try to lock it."""
    return make_user(session, "admin@pameran.go.id", "organizer")


@contextmanager
def browser(app: FastAPI, address: str) -> Iterator[TestClient]:
    with TestClient(app, client=(address, 50000)) as client:
        yield client


def lock_out(app: FastAPI, email: str, address: str = STRANGER_ADDRESS) -> list[int]:
    """A stranger's 20 wrong passwords; the statuses they got."""
    with browser(app, address) as stranger:
        return [login(stranger, email, f"tebakan {i}").status_code for i in range(20)]


def test_a_stranger_is_throttled_by_the_rule_of_the_api(app: FastAPI, owner: User) -> None:
    statuses = lock_out(app, owner.email)
    assert statuses.index(429) <= MAX_FAILURES and set(statuses[MAX_FAILURES:]) == {429}
    with browser(app, STRANGER_ADDRESS) as stranger:
        assert login(stranger, owner.email, PASSWORD).status_code == 429  # no guess gets through


def test_strangers_at_many_addresses_are_throttled_per_account(app: FastAPI, owner: User) -> None:
    statuses = []
    for n in range(20):
        with browser(app, f"203.0.113.{n + 1}") as stranger:
            statuses.append(login(stranger, owner.email, "salah").status_code)
    assert statuses.index(429) <= MAX_FAILURES and statuses[-1] == 429


def test_the_owner_signs_in_from_a_browser_that_signed_in_before(app: FastAPI, owner: User) -> None:
    with browser(app, OWNER_ADDRESS) as laptop:
        sign_in(laptop, owner.email)
        assert laptop.cookies.get(DEVICE_COOKIE)
        laptop.cookies.delete("pameran_session")  # signed out, the device cookie stays
        assert 429 in lock_out(app, owner.email)
        assert 429 in lock_out(app, owner.email, OWNER_ADDRESS)  # even from the owner's office
        assert login(laptop, owner.email, "salah ketik").status_code == 401  # counted apart
        assert login(laptop, owner.email, PASSWORD).status_code == 303
    with browser(app, OWNER_ADDRESS) as new_browser:  # a stranger's browser at that office
        assert login(new_browser, owner.email, PASSWORD).status_code == 429


def test_a_known_device_is_throttled_on_its_own(app: FastAPI, owner: User) -> None:
    with browser(app, OWNER_ADDRESS) as laptop:
        sign_in(laptop, owner.email)
        laptop.cookies.delete("pameran_session")
        statuses = [login(laptop, owner.email, f"salah {i}").status_code for i in range(20)]
        assert statuses.index(429) <= MAX_FAILURES  # a stolen device cookie is no free pass
    with browser(app, "192.0.2.99") as other:  # nobody else is affected by it
        assert login(other, owner.email, PASSWORD).status_code == 303


def test_a_device_cookie_of_one_account_does_not_help_with_another(
    app: FastAPI, owner: User, session: Session
) -> None:
    make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    with browser(app, STRANGER_ADDRESS) as attacker:
        sign_in(attacker, "ed@bitung.go.id")  # the attacker's own account
        statuses = [login(attacker, owner.email, f"tebakan {i}").status_code for i in range(20)]
    assert statuses.index(429) <= MAX_FAILURES


def test_after_a_password_reset_the_owner_gets_in(app: FastAPI, owner: User) -> None:
    assert 429 in lock_out(app, owner.email)
    with browser(app, OWNER_ADDRESS) as new_laptop:
        reset_password(new_laptop, owner.email, "sandi baru pemilik akun")
        assert login(new_laptop, owner.email, "sandi baru pemilik akun").status_code == 303
    with browser(app, "192.0.2.11") as phone:  # strangers' failures were forgotten too
        assert login(phone, owner.email, "sandi baru pemilik akun").status_code == 303
