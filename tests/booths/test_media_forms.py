"""The no-JavaScript forms of the media library, over HTTP as a browser posts them:
adding a video link, placing an item, ordering the gallery (and the 4xx of each)."""

import re

import pytest
from fastapi.testclient import TestClient

from tests.booths.test_editor import draft
from tests.booths.test_media_library import LIBRARY, library_page, post

GALLERY = "/workspace/booths/kota-bitung/gallery"


def gallery_form(client: TestClient) -> dict[str, str]:
    """The gallery-order form's fields as the page fills them (every item kept)."""
    html = library_page(client)
    form = html[html.index(f'action="{GALLERY}"') : html.index("</form>", html.index(GALLERY))]
    fields = dict(re.findall(r'name="(position-\d+)" value="(\d+)"', form))
    fields |= dict(re.findall(r'name="(keep-\d+)" value="(1)" checked', form))
    return fields


def test_a_video_link_is_added_to_the_videos_and_shown(client: TestClient, csrf: str) -> None:
    before = draft(client).get("videos", [])
    response = post(
        client, csrf, f"{LIBRARY}/link", url="https://youtu.be/dQw4w9WgXcQ", title="Profil kota"
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{LIBRARY}?done=linked"
    videos = draft(client)["videos"]
    assert len(videos) == len(before) + 1 and videos[:-1] == before
    assert "Profil kota" in library_page(client)
    preview = client.get("/workspace/booths/kota-bitung/preview").text
    assert 'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in preview


@pytest.mark.parametrize(
    "url",
    [
        "http://youtu.be/dQw4w9WgXcQ",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%0A",
        "javascript:alert(1)",
    ],
)
def test_a_link_that_is_not_youtube_or_vimeo_is_refused_with_the_message(
    client: TestClient, csrf: str, url: str
) -> None:
    before = draft(client)
    response = post(client, csrf, f"{LIBRARY}/link", url=url)
    assert response.status_code == 422
    assert "YouTube atau Vimeo" in response.text
    assert draft(client) == before


def test_a_link_without_a_url_or_past_500_characters_is_422(client: TestClient, csrf: str) -> None:
    before = draft(client)
    assert post(client, csrf, f"{LIBRARY}/link").status_code == 422
    long = "https://youtu.be/dQw4w9WgXcQ?" + "a" * 500
    assert post(client, csrf, f"{LIBRARY}/link", url=long).status_code == 422
    assert draft(client) == before


def test_placing_an_image_as_the_logo_and_the_banner(client: TestClient, csrf: str) -> None:
    before = draft(client)
    image = before["gallery"][-1]
    for place in ("logo", "banner"):
        response = post(client, csrf, f"{LIBRARY}/{image}/place", place=place)
        assert response.status_code == 303
        assert response.headers["location"] == f"{LIBRARY}?done=placed"
        assert draft(client)[place] == image
    assert draft(client)["gallery"] == before["gallery"]  # still in the gallery too


def test_placing_somewhere_unknown_is_422_and_changes_nothing(
    client: TestClient, csrf: str
) -> None:
    before = draft(client)
    for place in ("", "nowhere", "logo\n", "LOGO"):
        response = post(client, csrf, f"{LIBRARY}/{before['gallery'][0]}/place", place=place)
        assert response.status_code == 422, place
    assert draft(client) == before


def test_an_item_that_is_not_this_booths_is_a_4xx(client: TestClient, csrf: str) -> None:
    before = draft(client)
    for media_id in ("999999", "9223372036854775808", "٣", "-1", "0"):
        for action in ("/place", "/unplace", "/delete", ""):
            response = post(client, csrf, f"{LIBRARY}/{media_id}{action}", place="logo")
            assert response.status_code in {404, 422}, (media_id, action, response.text)
    assert draft(client) == before


def test_the_gallery_form_reorders_and_an_unticked_item_leaves(
    client: TestClient, csrf: str
) -> None:
    gallery = draft(client)["gallery"]
    assert len(gallery) >= 2, "the sample booth needs a gallery of two or more"
    fields = gallery_form(client)
    assert set(fields) == {f"{k}-{i}" for i in gallery for k in ("position", "keep")}
    # Reverse the order, and untick the (new) last one.
    for n, media_id in enumerate(reversed(gallery)):
        fields[f"position-{media_id}"] = str(n + 1)
    del fields[f"keep-{gallery[0]}"]
    response = post(client, csrf, GALLERY, **fields)
    assert response.status_code == 303
    assert response.headers["location"] == f"{LIBRARY}?done=ordered"
    assert draft(client)["gallery"] == list(reversed(gallery))[:-1]


def test_odd_positions_do_not_break_the_gallery(client: TestClient, csrf: str) -> None:
    gallery = draft(client)["gallery"]
    fields = gallery_form(client)
    first, second = gallery[0], gallery[1]
    fields |= {f"position-{first}": "٣", f"position-{second}": "9223372036854775808"}
    fields |= {"position-٣": "1", "keep-٣": "1", "position-999999": "1", "keep-999999": "1"}
    response = post(client, csrf, GALLERY, **fields)
    assert response.status_code == 303
    after = draft(client)["gallery"]
    assert sorted(after) == sorted(gallery)  # nothing lost, nothing foreign added
