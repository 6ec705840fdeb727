"""Every integer in a URL path is bounded to what a row id can be.

An unbounded `int` path parameter lets "9" * 25 reach the database, where SQLite
overflows and PostgreSQL refuses the number: a 5xx instead of a clear 4xx. The
routes come from the app itself, so a new route with a bare `int` fails here.
"""

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from pydantic.fields import FieldInfo

from app.core.config import Settings
from app.core.numbers import MAX_ROW_ID
from app.main import create_app
from tests.routes import flat_routes


def integer_path_params(dependant: Dependant) -> list[tuple[str, FieldInfo]]:
    """(name, field info) of every int path parameter of the route and its dependencies."""
    found = [
        (p.name, p.field_info) for p in dependant.path_params if p.field_info.annotation is int
    ]
    for sub in dependant.dependencies:
        found += integer_path_params(sub)
    return found


def upper_bound(field_info: object) -> int | None:
    for rule in getattr(field_info, "metadata", []):
        if (le := getattr(rule, "le", None)) is not None:
            return int(le)
    return None


def test_every_integer_path_parameter_is_a_bounded_row_id(settings: Settings) -> None:
    app: FastAPI = create_app(settings)
    unbounded = sorted(
        f"{route.path} {name}"
        for route in flat_routes(app.routes)
        if hasattr(route, "dependant")
        for name, info in integer_path_params(route.dependant)
        if (upper_bound(info) or MAX_ROW_ID + 1) > MAX_ROW_ID
    )
    assert unbounded == []
