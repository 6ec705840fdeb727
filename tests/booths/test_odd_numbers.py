"""The odd numbers of the hostile review (issue 8, item 7), each pinned down on its own
so that the class does not depend on the sweeps' luck: JSON `NaN`/`Infinity`/`1e309`
and integers past 64 bits, ids above 2^63 in paths, Unicode digits in form numbers.
Each answers a 4xx with a message, and nothing is changed."""

import pytest
from fastapi.testclient import TestClient

from tests.booths.test_editor import DRAFT_API, EDITOR, draft, editor_fields

PAST_64_BITS = "9223372036854775808"


@pytest.mark.parametrize(
    "number", ["NaN", "Infinity", "-Infinity", "1e309", "-1e309", PAST_64_BITS, "1" * 5000]
)
def test_a_json_number_no_column_can_hold_is_422(
    client: TestClient, csrf: str, number: str
) -> None:
    before = draft(client)
    body = f'{{"title": "Kota Bitung", "period": {{"start": {number}}}}}'
    response = client.put(
        DRAFT_API,
        content=body,
        headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"]
    assert draft(client) == before


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/moderation/submissions/{PAST_64_BITS}",
        f"/api/v1/workspace/booths/kota-bitung/media/{PAST_64_BITS}",
        f"/media/{PAST_64_BITS}/{'a' * 64}.jpg",
        f"/workspace/booths/kota-bitung/media/{PAST_64_BITS}",
    ],
)
def test_an_id_past_64_bits_in_a_path_is_a_4xx(client: TestClient, csrf: str, path: str) -> None:
    method = "DELETE" if path.startswith("/api/v1/workspace") else "GET"
    response = client.request(method, path, headers={"X-CSRF-Token": csrf})
    assert 400 <= response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize("digits", ["２０２１", "٢٠٢١", "²⁰²¹", "२०२१"])
def test_unicode_digits_in_a_form_number_are_422_beside_the_field(
    client: TestClient, csrf: str, digits: str
) -> None:
    before = draft(client)
    fields = {**editor_fields(client), "period.start": digits}
    response = client.post(EDITOR, data=fields, follow_redirects=False)
    assert response.status_code == 422, response.text
    assert 'aria-invalid="true"' in response.text
    assert draft(client) == before
