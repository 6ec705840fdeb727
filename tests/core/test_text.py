import pytest

from app.core.text import clean_text, one_line, plain_text, render_markdown, slugify
from app.moderation.schemas import Decision


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


# Characters that show nothing yet change how the text around them reads or is stored:
# C0/C1 controls, bidi embeddings/overrides/isolates/marks, zero-width spaces, word
# joiners, BOMs, soft hyphens, tag characters, invisible letters, a lone surrogate.
# (CR and NEL are line breaks: they become line feeds, tested below.)
INVISIBLE = [
    *[chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)],
    *[chr(c) for c in (*range(0x80, 0x85), *range(0x86, 0xA0))],
    *[chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))],
    "\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\u2061", "\u2064", "\ufeff",
    "\u00ad", "\u180e", "\U000e0001", "\U000e0041", "\U000e007f", "\ufff9",
    "\u3164", "\u115f", "\uffa0", "\ud800",
]  # fmt: skip
# Where in a word the character sits: alone, at either end, in the middle, repeated.
PLACES = ["{c}", "{c}Rina", "Rina{c}", "Ri{c}na", "{c}{c}Ri{c}{c}na{c}{c}"]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_removed_wherever_they_sit(char: str) -> None:
    for place in PLACES:
        typed = place.format(c=char)
        assert clean_text(typed) in ("", "Rina"), repr(typed)
        assert one_line(f"  {typed} , Manado ") in (", Manado", "Rina , Manado")


@pytest.mark.parametrize(
    "text",
    [
        "Selamat datang di Kota Bitung!",
        "Ṭhé cafè — 50% ✓",
        "नमस्ते",  # Devanagari: the zero-width joiner shapes conjuncts
        "می\u200cخواهم",  # Persian needs the zero-width non-joiner
        "👩\u200d👩\u200d👧",  # an emoji family is joined by ZWJ
        "שלום עולם",  # right-to-left letters are fine; only the invisible controls go
        "Baris satu\n\tBaris dua",
    ],
)
def test_visible_text_is_kept_as_it_is(text: str) -> None:
    assert clean_text(text) == text


def test_every_line_break_becomes_a_line_feed() -> None:
    assert clean_text("a\r\nb\rc\x85d\u2028e\u2029f") == "a\nb\nc\nd\ne\nf"
    assert one_line(" a \n\t b\u00a0 c ") == "a b c"


def test_request_bodies_on_clean_model_are_cleaned_before_their_checks() -> None:
    decision = Decision.model_validate(
        {
            "decision": "reject",
            "reason": "Foto\u202e bukan\u200b milik daerah",
            "comments": [{"section": "gallery", "body": "Ganti\u2066 foto"}],
        }
    )
    assert decision.reason == "Foto bukan milik daerah"
    assert decision.comments[0].body == "Ganti foto"
