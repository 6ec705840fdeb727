"""Schemathesis fuzzes every operation of /openapi.json: whatever arrives, never a 5xx.

Each operation runs as an organizer (Bearer token) and anonymously, with generated
path parameters and with real ones (a live booth, an open submission, a guestbook
entry of the world), in positive and negative generation modes. The number of
examples follows the Hypothesis profile (`SWEEP` in tests/sweeps/conftest.py).
"""

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.sweeps.conftest import SWEEP, app_without_database
from tests.world import World

# The operations, read from the app itself at collection time (no database needed).
OPERATIONS = sorted(
    (path, method.upper())
    for path, item in app_without_database().openapi()["paths"].items()
    for method in item
)


@pytest.fixture(scope="module")
def schema(world_app: FastAPI) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", world_app)


@pytest.mark.parametrize("role", ["organizer", "anonymous"])
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_no_operation_answers_5xx(
    schema: schemathesis.BaseSchema, world: World, path: str, method: str, role: str
) -> None:
    operation = schema[path][method]
    real = {
        parameter.name: world.ids[parameter.name]
        for parameter in operation.path_parameters
        if parameter.name in world.ids
    }
    # Negative mode can be unsatisfiable for an operation (a lone string parameter has
    # no invalid value), so the modes are mixed rather than run one by one.
    modes = [
        operation.as_strategy(generation_mode=mode, path_parameters=fixed)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        for fixed in ([None, real] if real else [None])
    ]
    cases = st.one_of(modes)

    @given(case=cases)
    @SWEEP
    def run(case: schemathesis.Case) -> None:
        response = case.call(headers=world.headers[role])
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} → {response.status_code}\n"
            f"{case.as_curl_command()}\n{response.text[:2000]}"
        )

    run()
