"""What a YouTube or Vimeo link may put into an `<iframe src>`: a table of the links
editors paste and of hostile ones. Only the provider's fixed embed URL with a
well-formed id ever comes out; everything else is refused with a message."""

import pytest

from app.core.errors import Invalid
from app.media.embeds import parse_video_link

YT = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
VIMEO = "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"

GOOD = [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", YT),
    ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123", YT),
    ("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", YT),
    ("  https://www.youtube.com/watch?v=dQw4w9WgXcQ\n", YT),  # pasted with whitespace
    ("https://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ", YT),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", YT),
    ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=3", YT),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", YT),
    ("https://www.youtube.com/live/dQw4w9WgXcQ?si=abc", YT),
    ("https://youtu.be/dQw4w9WgXcQ", YT),
    ("https://youtu.be/dQw4w9WgXcQ?t=10", YT),
    ("https://user@www.youtube.com/watch?v=dQw4w9WgXcQ", YT),  # userinfo is not the host
    ("https://vimeo.com/76979871", VIMEO),
    ("https://www.vimeo.com/76979871", VIMEO),
    ("https://vimeo.com/channels/staffpicks/76979871", VIMEO),
    ("https://player.vimeo.com/video/76979871?h=abc", VIMEO),
]

HOSTILE = [
    "",
    "   ",
    "dQw4w9WgXcQ",
    "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
    "javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ",
    "data:text/html,<script>alert(1)</script>",
    "//www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "https://evil.example/watch?v=dQw4w9WgXcQ",
    "https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ",
    "https://www.youtube.com.@evil.example/watch?v=dQw4w9WgXcQ",
    "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/watch",
    "https://www.youtube.com/watch?v=",
    "https://www.youtube.com/watch?v=short",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQX",  # twelve characters
    "https://www.youtube.com/watch?v=dQw4w9WgXc%22",  # a quote
    "https://www.youtube.com/watch?v=dQw4w9WgXc%3C",  # a tag
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ%0A",  # a trailing newline
    "https://www.youtube.com/watch?v=dQw4w9WgXc%C2%B2",  # a Unicode digit
    "https://www.youtube.com/embed/",
    "https://www.youtube.com/embed/../../evil",
    "https://www.youtube.com/channel/dQw4w9WgXcQ",
    "https://youtu.be/",
    "https://youtu.be/dQw4w9WgXcQ%0a",
    "https://youtu.be/dQw4w9WgXc%2F",
    "https://vimeo.com/",
    "https://vimeo.com/abc",
    "https://vimeo.com/76979871/a1b2c3d4",  # a private link's hash is not the id
    "https://vimeo.com/1234567890123",  # past twelve digits
    "https://vimeo.com/٣٣",  # Arabic-Indic digits
    "https://vimeo.com/１２３",  # full-width digits
    "https://vimeo.com/-1",
    "https://vimeo.com.evil.example/76979871",
    "http://vimeo.com/76979871",
    "ftp://vimeo.com/76979871",
]


@pytest.mark.parametrize(("url", "iframe_src"), GOOD)
def test_a_real_link_gives_the_providers_fixed_embed_url(url: str, iframe_src: str) -> None:
    link = parse_video_link(url)
    assert link.embed_url == iframe_src
    assert parse_video_link(link.watch_url) == link  # the stored form parses back


@pytest.mark.parametrize("url", HOSTILE)
def test_a_hostile_or_broken_link_is_refused_with_a_message(url: str) -> None:
    with pytest.raises(Invalid, match="YouTube atau Vimeo"):
        parse_video_link(url)


def test_the_watch_urls_are_the_canonical_pages() -> None:
    assert parse_video_link("https://youtu.be/dQw4w9WgXcQ").watch_url == (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    assert parse_video_link("https://player.vimeo.com/video/76979871").watch_url == (
        "https://vimeo.com/76979871"
    )
