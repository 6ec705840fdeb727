"""Private JSON is never kept by browsers or proxies: every /api/ route not tagged public."""

import re

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.security import PUBLIC_TAG
from tests.factories import make_user, sign_in

# Reviewed by hand: the same JSON for everyone, live content only. A new public route
# joins this list on purpose; anything else under /api/ answers `no-store`.
PUBLIC_ROUTES = {
    ("GET", "/api/v1/halls"),
    ("GET", "/api/v1/regions"),
    ("GET", "/api/v1/booths"),
    ("GET", "/api/v1/booths/{slug}"),
}


def api_routes(app: FastAPI) -> list[tuple[str, str, bool]]:
    """(method, path, public) for every API operation in the route table."""
    found = []
    for context in iter_route_contexts(app.routes):
        path = getattr(context, "path", "")
        if not path.startswith("/api/"):
            continue
        public = PUBLIC_TAG in (getattr(context.route, "tags", None) or ())
        for method in sorted(context.methods or ()):
            found.append((method, path, public))
    return found


def test_the_public_routes_are_exactly_the_reviewed_ones(app: FastAPI) -> None:
    public = {(method, path) for method, path, is_public in api_routes(app) if is_public}
    assert public == PUBLIC_ROUTES


def test_every_private_api_route_answers_no_store(client: TestClient, app: FastAPI) -> None:
    private = [(m, p) for m, p, is_public in api_routes(app) if not is_public]
    assert len(private) > 20  # the table was read
    for method, path in private:
        url = re.sub(r"\{[^}]+\}", "1", path)
        response = client.request(method, url)
        assert response.headers.get("cache-control") == "no-store", (method, path)


def test_private_answers_that_succeed_are_no_store_and_public_ones_are_not(
    client: TestClient, session: Session
) -> None:
    make_user(session, "ed@bitung.go.id", "region-editor", regions=("71.72",))
    assert "no-store" not in client.get("/api/v1/halls").headers.get("cache-control", "")
    sign_in(client, "ed@bitung.go.id")
    mine = client.get("/api/v1/workspace/booths")
    assert mine.status_code == 200 and mine.headers["cache-control"] == "no-store"
    assert client.get("/api/v1/no/such/route").headers["cache-control"] == "no-store"
