import pytest

from app.core.text import plain_text, render_markdown, slugify


@pytest.mark.parametrize(
    "source, forbidden",
    [
        ("Halo <script>alert(1)</script> warga", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[klik](javascript:alert(1))", 'href="javascript'),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ("<a href='vbscript:msgbox(1)'>x</a>", "vbscript:"),
    ],
)
def test_markdown_drops_scripts_handlers_and_unsafe_links(source: str, forbidden: str) -> None:
    html = render_markdown(source)
    assert forbidden not in html.lower()


def test_raw_html_is_removed_not_shown_as_text() -> None:
    html = render_markdown("Halo <script>alert(1)</script> warga")
    assert "alert(1)" not in html
    assert "&lt;script" not in html
    assert "Halo" in html and "warga" in html


def test_markdown_keeps_formatting_and_safe_links() -> None:
    html = render_markdown(
        "# Judul\n\n**tebal** [situs](https://example.go.id) [surel](mailto:a@b.id)"
    )
    assert "<h2>Judul</h2>" in html  # the page owns h1
    assert "<strong>tebal</strong>" in html
    assert (
        'href="https://example.go.id"' in html and 'rel="noopener noreferrer nofollow ugc"' in html
    )
    assert 'href="mailto:a@b.id"' in html


def test_plain_text_strips_markup() -> None:
    assert plain_text("**Bitung** <b>kota</b>") == "Bitung kota"


def test_slugify_matches_the_contract() -> None:
    assert slugify("Kabupaten Aceh Selatan") == "kabupaten-aceh-selatan"
    assert slugify("Kota Bau-Bau") == "kota-bau-bau"
    assert slugify("Alumni 2017–2019") == "alumni-2017-2019"
