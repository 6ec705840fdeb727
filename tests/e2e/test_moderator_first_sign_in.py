"""A moderator's first sign-in, without SMTP: an organizer invites them on the users
page (halls picked from a list, English chosen), copies the link shown once, and the
moderator who sets a password lands on their queue, in English, not on "no booths
assigned to you"."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from .test_workspace import sign_in

if TYPE_CHECKING:
    from .conftest import Account, Site

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "kata sandi moderator baru"
NO_BOOTHS = ("Belum ada anjungan yang ditugaskan", "No booths")


def test_an_invited_moderator_lands_on_the_queue_in_their_language(
    open_page: Callable[..., Page], site: Site, make_account: Callable[..., Account]
) -> None:
    organizer = open_page("desktop")
    sign_in(organizer, make_account("penyelenggara.e2e@example.go.id", role="organizer"))
    organizer.goto("/organizer/users")
    invite = organizer.locator('form[action="/organizer/users"]')
    invite.locator("#email").fill("moderator.baru.e2e@example.go.id")
    invite.locator("#role").select_option("moderator")
    invite.locator("#language").select_option("en")
    hall = next(h for h in site.halls if h["slug"] == site.hall)
    invite.get_by_label(hall["name"], exact=True).check()
    invite.locator('[type="submit"]').click()
    link = organizer.locator(".token-value")
    expect(link, "without SMTP the organizer is shown the link").to_be_visible()
    path = re.sub(r"^https?://[^/]+", "", link.inner_text().strip())
    assert path.startswith("/invitations/"), path

    moderator = open_page("phone")  # another person, another browser
    moderator.goto(path)
    moderator.fill("#password", NEW_PASSWORD)
    moderator.fill("#password_again", NEW_PASSWORD)
    moderator.locator('main [type="submit"]').click()
    expect(moderator, "a moderator lands on the queue").to_have_url(re.compile(r"/moderation$"))
    expect(moderator.locator("h1")).to_have_text("Submissions for review")
    expect(moderator.locator("html")).to_have_attribute("lang", "en")
    main = moderator.locator("main").inner_text()
    assert not any(text in main for text in NO_BOOTHS), main
