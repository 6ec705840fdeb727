"""Every route of the app × every kind of visitor, against one table of expected statuses.

The routes come from `app.routes`, so a new route without a row in EXPECTED fails
`test_every_route_is_classified`. Each visitor is a real signed-in browser session (an
anonymous one holds a CSRF token too), and the paths name real objects of region A (its
booth, its open submission, its guestbook entry, its media): editor A owns them,
editor B must not see them. State-changing requests carry a valid CSRF token and an
empty body, so what answers is the authorization (or the validation right after it);
the routes that end the session run last.
"""

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import csrf_token_on, sign_in
from tests.routes import flat_routes
from tests.world import ROLES, World

A = ROLES[0]

# (method, path template) → status per role, in the order of ROLES: anonymous, editor
# of region A, editor of region B, moderator, organizer. Region A owns every object the
# path names. 303 for anonymous on a page is the redirect to /login; 404 (not 403) where
# the object itself is secret; 409/422 mean "allowed, but this empty request is not".
# fmt: off
EXPECTED: dict[tuple[str, str], tuple[int, int, int, int, int]] = {
    ('DELETE', '/api/v1/workspace/booths/{slug}/media/{media_id}'): (401, 409, 404, 404, 409),
    ('DELETE', '/api/v1/workspace/booths/{slug}/tus/{upload_id}'): (401, 404, 404, 404, 404),
    ('GET', '/'): (200, 200, 200, 200, 200),
    ('GET', '/about'): (200, 200, 200, 200, 200),
    ('GET', '/account'): (303, 200, 200, 200, 200),
    ('GET', '/account/notifications'): (303, 200, 200, 200, 200),
    ('GET', '/api/docs'): (200, 200, 200, 200, 200),
    ('GET', '/api/v1/booths'): (200, 200, 200, 200, 200),
    ('GET', '/api/v1/booths/{slug}'): (200, 200, 200, 200, 200),
    ('GET', '/api/v1/booths/{slug}/likes'): (200, 200, 200, 200, 200),
    ('GET', '/api/v1/halls'): (200, 200, 200, 200, 200),
    ('GET', '/api/v1/moderation/booths/{slug}/revisions'): (401, 403, 403, 200, 200),
    ('GET', '/api/v1/moderation/guestbook'): (401, 403, 403, 200, 200),
    ('GET', '/api/v1/moderation/queue'): (401, 403, 403, 200, 200),
    ('GET', '/api/v1/moderation/submissions/{submission_id}'): (401, 403, 403, 200, 200),
    ('GET', '/api/v1/organizer/campaign'): (401, 403, 403, 403, 200),
    ('GET', '/api/v1/organizer/halls/{slug}'): (401, 403, 403, 403, 404),
    ('GET', '/api/v1/organizer/lobby'): (401, 403, 403, 403, 200),
    ('GET', '/api/v1/regions'): (200, 200, 200, 200, 200),
    ('GET', '/api/v1/workspace/booths'): (401, 200, 200, 200, 200),
    ('GET', '/api/v1/workspace/booths/{slug}/draft'): (401, 200, 404, 404, 200),
    ('GET', '/api/v1/workspace/booths/{slug}/submissions'): (401, 200, 404, 404, 200),
    ('GET', '/booths/{slug}'): (200, 200, 200, 200, 200),
    ('GET', '/booths/{slug}/guestbook'): (200, 200, 200, 200, 200),
    ('GET', '/compare'): (200, 200, 200, 200, 200),
    ('GET', '/favicon.ico'): (200, 200, 200, 200, 200),
    ('GET', '/halls'): (200, 200, 200, 200, 200),
    ('GET', '/halls/{slug}'): (200, 200, 200, 200, 200),
    ('GET', '/healthz'): (200, 200, 200, 200, 200),
    ('GET', '/invitations/{token}'): (404, 404, 404, 404, 404),
    ('GET', '/login'): (200, 303, 303, 303, 303),
    ('GET', '/media/{asset_id}/{key}'): (200, 200, 200, 200, 200),
    ('GET', '/media/{key}'): (200, 200, 200, 200, 200),
    ('GET', '/moderation'): (303, 403, 403, 200, 200),
    ('GET', '/moderation/guestbook'): (303, 403, 403, 200, 200),
    ('GET', '/moderation/submissions/{submission_id}'): (303, 403, 403, 200, 200),
    ('GET', '/moderation/submissions/{submission_id}/preview'): (303, 403, 403, 200, 200),
    ('GET', '/openapi.json'): (200, 200, 200, 200, 200),
    ('GET', '/organizer'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/audit'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/audit.csv'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/booths'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/booths/{slug}'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/exhibition'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/lobby'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/halls'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/halls/{slug}'): (303, 403, 403, 403, 404),
    ('GET', '/organizer/outbox'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/regions'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/regions.csv'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/regions/import'): (303, 403, 403, 403, 200),
    ('GET', '/organizer/users'): (303, 403, 403, 403, 200),
    ('GET', '/password-reset'): (200, 200, 200, 200, 200),
    ('GET', '/password-reset/{token}'): (404, 404, 404, 404, 404),
    ('GET', '/readyz'): (200, 200, 200, 200, 200),
    ('GET', '/robots.txt'): (200, 200, 200, 200, 200),
    ('GET', '/search'): (200, 200, 200, 200, 200),
    ('GET', '/theme/{hex_color}.css'): (200, 200, 200, 200, 200),
    ('GET', '/workspace'): (303, 200, 200, 200, 200),
    ('GET', '/workspace/booths/{slug}'): (303, 200, 404, 404, 200),
    ('GET', '/workspace/booths/{slug}/guestbook'): (303, 200, 404, 404, 200),
    ('GET', '/workspace/booths/{slug}/media'): (303, 200, 404, 404, 200),
    ('GET', '/workspace/booths/{slug}/preview'): (303, 200, 404, 200, 200),
    ('GET', '/workspace/booths/{slug}/submissions'): (303, 200, 404, 404, 200),
    ('OPTIONS', '/api/v1/workspace/booths/{slug}/tus/'): (204, 204, 204, 204, 204),
    ('PATCH', '/api/v1/workspace/booths/{slug}/tus/{upload_id}'): (401, 415, 404, 404, 415),
    ('POST', '/account/language'): (303, 422, 422, 422, 422),
    ('POST', '/account/password'): (303, 422, 422, 422, 422),
    ('POST', '/account/sign-out-everywhere'): (303, 303, 303, 303, 303),
    ('POST', '/account/tokens'): (303, 201, 201, 201, 201),
    ('POST', '/account/tokens/{token_id}/revoke'): (303, 422, 422, 422, 422),
    ('POST', '/api/v1/booths/{slug}/likes'): (201, 201, 201, 201, 201),
    ('POST', '/api/v1/moderation/booths/{slug}/revert'): (401, 403, 403, 422, 422),
    ('POST', '/api/v1/moderation/booths/{slug}/unpublish'): (401, 403, 403, 403, 200),
    ('POST', '/api/v1/moderation/guestbook/{entry_id}'): (401, 403, 403, 422, 422),
    ('POST', '/api/v1/moderation/submissions/{submission_id}/claim'): (401, 403, 403, 200, 409),
    ('POST', '/api/v1/moderation/submissions/{submission_id}/decision'): (401, 403, 403, 422, 422),
    ('POST', '/api/v1/moderation/submissions/{submission_id}/release'): (401, 403, 403, 200, 409),
    ('POST', '/api/v1/moderation/submissions/{submission_id}/take-over'): (401, 403, 403, 403, 409),
    ('POST', '/api/v1/organizer/halls'): (401, 403, 403, 403, 422),
    ('POST', '/api/v1/organizer/reminders'): (401, 403, 403, 403, 422),
    ('POST', '/api/v1/workspace/booths/{slug}/media'): (401, 415, 404, 404, 415),
    ('POST', '/api/v1/workspace/booths/{slug}/submissions'): (401, 409, 404, 404, 409),
    ('POST', '/api/v1/workspace/booths/{slug}/tus/'): (401, 400, 404, 404, 400),
    ('POST', '/booths/{slug}/guestbook'): (422, 422, 422, 422, 422),
    ('POST', '/booths/{slug}/like'): (303, 303, 303, 303, 303),
    ('POST', '/invitations/{token}'): (422, 422, 422, 422, 422),
    ('POST', '/login'): (401, 401, 401, 401, 401),
    ('POST', '/logout'): (303, 303, 303, 303, 303),
    ('POST', '/moderation/guestbook/{entry_id}'): (303, 403, 403, 422, 422),
    ('POST', '/moderation/submissions/{submission_id}/claim'): (303, 403, 403, 303, 409),
    ('POST', '/moderation/submissions/{submission_id}/decision'): (303, 403, 403, 422, 422),
    ('POST', '/moderation/submissions/{submission_id}/release'): (303, 403, 403, 303, 409),
    ('POST', '/moderation/submissions/{submission_id}/take-over'): (303, 403, 403, 403, 409),
    ('POST', '/organizer/booths/{slug}/revert'): (303, 403, 403, 403, 422),
    ('POST', '/organizer/booths/{slug}/unpublish'): (303, 403, 403, 403, 409),
    ('POST', '/organizer/exhibition'): (303, 403, 403, 403, 303),
    ('POST', '/organizer/exhibition/organizing-body'): (303, 403, 403, 403, 422),
    ('POST', '/organizer/lobby'): (303, 403, 403, 403, 200),
    ('POST', '/organizer/halls'): (303, 403, 403, 403, 422),
    ('POST', '/organizer/halls/order'): (303, 403, 403, 403, 422),
    ('POST', '/organizer/halls/{slug}/booths'): (303, 403, 403, 403, 404),
    ('POST', '/organizer/halls/{slug}/booths/{booth}/move'): (303, 403, 403, 403, 404),
    ('POST', '/organizer/halls/{slug}/texts'): (303, 403, 403, 403, 404),
    ('POST', '/organizer/regions/import'): (303, 403, 403, 403, 415),
    ('POST', '/organizer/regions/import/apply'): (303, 403, 403, 403, 422),
    ('POST', '/organizer/regions/{code}'): (303, 403, 403, 403, 404),
    ('POST', '/organizer/reminders'): (303, 403, 403, 403, 422),
    ('POST', '/organizer/users'): (303, 403, 403, 403, 422),
    ('POST', '/organizer/users/{user_id}'): (303, 403, 403, 403, 422),
    ('POST', '/organizer/users/{user_id}/invitation'): (303, 403, 403, 403, 409),
    ('POST', '/organizer/users/{user_id}/password-reset'): (303, 403, 403, 403, 200),
    ('POST', '/organizer/users/{user_id}/{action}'): (303, 403, 403, 403, 404),
    ('POST', '/password-reset'): (422, 422, 422, 422, 422),
    ('POST', '/password-reset/{token}'): (422, 422, 422, 422, 422),
    ('POST', '/workspace/booths/{slug}'): (303, 303, 404, 404, 303),
    ('POST', '/workspace/booths/{slug}/gallery'): (303, 303, 404, 404, 303),
    ('POST', '/workspace/booths/{slug}/markdown-preview'): (303, 200, 404, 404, 200),
    ('POST', '/workspace/booths/{slug}/media'): (303, 415, 404, 404, 415),
    ('POST', '/workspace/booths/{slug}/media/link'): (303, 422, 404, 404, 422),
    ('POST', '/workspace/booths/{slug}/media/{media_id}'): (303, 422, 404, 404, 422),
    ('POST', '/workspace/booths/{slug}/media/{media_id}/delete'): (303, 409, 404, 404, 409),
    ('POST', '/workspace/booths/{slug}/media/{media_id}/place'): (303, 422, 404, 404, 422),
    ('POST', '/workspace/booths/{slug}/media/{media_id}/unplace'): (303, 422, 404, 404, 422),
    ('POST', '/workspace/booths/{slug}/submit'): (303, 409, 404, 404, 409),
    ('PUT', '/api/v1/organizer/regions/{code}'): (401, 403, 403, 403, 422),
    ('PUT', '/api/v1/organizer/halls'): (401, 403, 403, 403, 422),
    ('PUT', '/api/v1/organizer/halls/{slug}'): (401, 403, 403, 403, 404),
    ('PUT', '/api/v1/organizer/lobby'): (401, 403, 403, 403, 200),
    ('PUT', '/api/v1/workspace/booths/{slug}/draft'): (401, 422, 404, 404, 422),
}
# fmt: on

SESSION_ENDING = {("POST", "/logout"), ("POST", "/account/sign-out-everywhere")}
# Run after the rest, so that booth A stays live for every other row.
RUN_LAST = SESSION_ENDING | {
    ("POST", "/api/v1/moderation/booths/{slug}/unpublish"),
    ("POST", "/organizer/booths/{slug}/unpublish"),
}
PLACEHOLDERS = {"token": "no-such-token", "upload_id": "no-such-upload", "hex_color": "0b5fa5"}
TUS = {"Tus-Resumable": "1.0.0"}


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    rows = {
        (method, route.path)
        for route in flat_routes(app.routes)
        for method in (getattr(route, "methods", None) or set()) - {"HEAD"}
    }
    return sorted(rows, key=lambda row: (row in RUN_LAST, row in SESSION_ENDING, row))


def real_path(template: str, world: World) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if template.startswith("/halls/"):
            return world.ids["hall"]
        return str(world.ids.get(name, PLACEHOLDERS.get(name, "x")))

    return re.sub(r"\{(\w+)(?::\w+)?\}", value, template)


@pytest.fixture(scope="module")
def browsers(world_app: FastAPI, world: World) -> Iterator[dict[str, tuple[TestClient, str]]]:
    """A signed-in browser per role (and an anonymous one), each with its CSRF token."""
    clients: dict[str, tuple[TestClient, str]] = {}
    with TestClient(world_app, raise_server_exceptions=False) as first:
        for role in ROLES:
            client = first if role == A else TestClient(world_app, raise_server_exceptions=False)
            if role == A:
                clients[role] = (client, csrf_token_on(client, "/login"))
            else:
                clients[role] = (client, sign_in(client, world.emails[role]))
        yield clients


def call(client: TestClient, csrf: str, method: str, path: str) -> int:
    headers = {"X-CSRF-Token": csrf, **(TUS if "/tus/" in path else {})}
    if path.startswith("/api/") or path.endswith("/markdown-preview"):
        response = client.request(method, path, json={}, headers=headers, follow_redirects=False)
    elif method == "GET":
        response = client.get(path, follow_redirects=False)
    else:
        response = client.request(
            method, path, data={"csrf_token": csrf}, headers=headers, follow_redirects=False
        )
    return response.status_code


def test_every_route_is_classified(world_app: FastAPI) -> None:
    missing = [row for row in route_table(world_app) if row not in EXPECTED]
    assert not missing, f"classify these routes in EXPECTED: {missing}"


def test_each_visitor_gets_the_expected_status(
    world_app: FastAPI, world: World, browsers: dict[str, tuple[TestClient, str]]
) -> None:
    observed = {}
    for method, template in route_table(world_app):
        path = real_path(template, world)
        statuses = []
        for role in ROLES:
            client, csrf = browsers[role]
            if (method, template) in SESSION_ENDING and role != A:
                csrf = sign_in(client, world.emails[role])
            statuses.append(call(client, csrf, method, path))
        observed[(method, template)] = tuple(statuses)
    wrong = {row: got for row, got in observed.items() if EXPECTED.get(row) != got}
    table = "\n".join(f"    {row!r}: {got!r}," for row, got in sorted(observed.items()))
    assert not wrong, f"{len(wrong)} rows differ; observed:\n{table}"
