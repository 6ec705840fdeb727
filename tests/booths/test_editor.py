"""The booth editor (HTML, no JavaScript needed): the whole draft as one form."""

import copy
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.booths.editor_form import content_from_form, field_id
from app.booths.editor_values import form_values
from app.pillars import PILLARS
from tests.factories import PILLAR_CONTENT, BundleFactory, first_group, make_user, sign_in

EDITOR = "/workspace/booths/kota-bitung"
DRAFT_API = "/api/v1/workspace/booths/kota-bitung/draft"

GOVERNANCE = {
    **PILLAR_CONTENT,
    "achievements": [
        {"year": 2021, "title": "Mal pelayanan publik digital"},
        {"year": 2022, "title": "Tanda tangan elektronik", "description": "Semua surat dinas."},
    ],
    "quick_wins": [
        {"name": "Aduan warga daring"},
        {"name": "Antrean puskesmas daring", "description": "Ambil nomor dari rumah."},
        {"name": "Wi-Fi taman kota"},
    ],
}
ENGLISH = {
    "tagline": "A port city at the northern tip of Sulawesi",
    "pillars": {
        "governance": {
            "summary": "Digital services for citizens.",
            "achievements": [{"year": 2021, "title": "Digital public service mall"}],
        }
    },
}


class BrowserForm(HTMLParser):
    """What a browser would submit for the editor form: the successful controls."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "data-editor" in a:
            self._in_form = True
        if not self._in_form or ("name" not in a and tag not in ("option",)):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = (a["name"], [])
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea[1])
            self.fields.append((self._textarea[0], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected] or [self._options[0][0]]
            self.fields.append((self._select, chosen[0]))
            self._select = None


def browser_form(html: str) -> dict[str, str]:
    parser = BrowserForm()
    parser.feed(html)
    return dict(parser.fields)


@pytest.fixture
def booth(session: Session, bundles: BundleFactory, import_bundles: Callable[[Path], None]) -> None:
    bundles.make(
        gallery=3,
        pillars={"governance": GOVERNANCE},
        period={"start": 2022, "end": 2031},
        vision="Bitung yang melayani.",
        missions=["Layanan cepat.", "Pelabuhan yang bersih."],
        contact={"office": "Diskominfo Kota Bitung", "email": "kominfo@bitung.example.go.id"},
        translations={"en": ENGLISH},
    )
    bundles.make("kota-manado", code="71.71", title="Kota Manado")
    import_bundles(bundles.root)
    make_user(session, "editor@bitung.go.id", "region-editor", regions=("71.72",))
    make_user(session, "editor@manado.go.id", "region-editor", regions=("71.71",))


@pytest.fixture
def csrf(client: TestClient, booth: None) -> str:
    return sign_in(client, "editor@bitung.go.id")


def draft(client: TestClient) -> dict:
    return client.get(DRAFT_API).json()


def editor_fields(client: TestClient) -> dict[str, str]:
    page = client.get(EDITOR)
    assert page.status_code == 200
    return browser_form(page.text)


def error_of(html: str, name: str) -> str:
    """The message shown beside the field `name` (and checks it is wired to the input)."""
    fid = field_id(name)
    found = re.search(
        rf'<p class="field__error editor-error" id="{fid}-error">(.*?)</p>', html, re.S
    )
    assert found, f"no message beside {name}"
    control = re.search(rf'<(?:input|textarea|select)[^>]*id="{fid}"[^>]*>', html, re.S)
    assert control and 'aria-invalid="true"' in control.group(0)
    assert f"{fid}-error" in control.group(0)  # in aria-describedby
    assert f'href="#{fid}"' in html  # the summary links to it
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_editor_shows_every_section_and_the_current_values(
    client: TestClient, csrf: str
) -> None:
    page = client.get(EDITOR)
    assert page.status_code == 200
    assert "no-store" in page.headers["cache-control"]
    html = page.text
    for section in ("identity", "welcome", *PILLARS, "contact", "translations", "gallery"):
        assert f'id="{section}"' in html, section
    assert '<script src="/static/js/editor.js' in html and "<script>" not in html
    assert 'type="color"' in html and 'name="theme_color_picker"' in html
    fields = browser_form(html)
    assert fields["title"] == "Kota Bitung"
    assert fields["theme_color"] == "#0b5fa5"
    assert fields["period.start"] == "2022" and fields["period.end"] == "2031"
    assert fields["missions"] == "Layanan cepat.\nPelabuhan yang bersih."
    assert fields["pillars.governance.achievements.1.title"] == "Tanda tangan elektronik"
    assert fields["pillars.governance.programs.0.horizon"] == "medium"
    assert fields["pillars.governance.kpis.0.baseline"] == "40"
    assert fields["pillars.governance.quick_wins.2.name"] == "Wi-Fi taman kota"
    assert fields["pillars.governance.quick_wins.3.name"] == ""  # the blank row to add one
    assert fields["pillars.economy.programs.0.name"] == ""
    assert fields["contact.office"] == "Diskominfo Kota Bitung"
    assert fields["translations.en.tagline"] == ENGLISH["tagline"]
    assert fields["translations.en.pillars.governance.summary"] == "Digital services for citizens."
    assert fields["logo"] == str(draft(client)["logo"])
    # White on #0b5fa5 is about 6.5:1: said so, without a warning.
    assert "6,5:1" in html and "editor-contrast--ok" in html
    assert "Pratinjau teks" in html and "hidden>" in html  # the preview button waits for JS
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids are unique"
    labelled = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', html))
    for control in re.findall(r"<(?:input|textarea|select)\b[^>]*>", html):
        if 'type="hidden"' in control or 'type="radio"' in control or 'type="checkbox"' in control:
            continue  # radios and boxes sit inside their <label>
        assert first_group(r'\sid="([^"]+)"', control) in labelled, control


def test_a_bare_draft_can_be_edited(client: TestClient, csrf: str) -> None:
    assert client.put(
        DRAFT_API, json={"title": "Bitung"}, headers={"X-CSRF-Token": csrf}
    ).is_success
    fields = editor_fields(client)
    assert fields["logo"] == "" and fields["pillars.governance.summary"] == ""
    assert client.post(EDITOR, data=fields, follow_redirects=False).status_code == 303
    assert draft(client) == {"title": "Bitung"}
    page = client.get(EDITOR + "?lang=en")
    assert page.status_code == 200 and '<html lang="en"' in page.text


def test_saving_the_form_unchanged_keeps_the_draft(client: TestClient, csrf: str) -> None:
    before = draft(client)
    response = client.post(EDITOR, data=editor_fields(client), follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == EDITOR + "?saved=1"
    assert draft(client) == before


def test_a_full_save_round_trips(client: TestClient, csrf: str) -> None:
    before = draft(client)
    fields = editor_fields(client)
    g = "pillars.governance"
    fields |= {
        # add a programme in the blank row
        f"{g}.programs.1.name": "Satu peta pajak daerah",
        f"{g}.programs.1.horizon": "short",
        f"{g}.programs.1.status": "planned",
        f"{g}.programs.1.description": "Peta objek pajak untuk warga.",
        # remove the first achievement
        f"{g}.achievements.0.delete": "1",
        # move the third quick win to the top
        f"{g}.quick_wins.2.order": "1",
        # edit a KPI (a decimal comma is fine)
        f"{g}.kpis.0.target": "92,5",
        f"{g}.kpis.0.unit": "persen",
        # a new pillar, and English texts
        "pillars.economy.summary": "Ekonomi **digital**.",
        "pillars.economy.quick_wins.0.name": "Pasar daring",
        "translations.en.title": "Bitung City",
        "translations.en.missions": "Fast services.\n\nA clean port.\n",
        "translations.en.pillars.governance.summary": "Public services online.",
        "translations.en.pillars.economy.summary": "A digital economy.",
    }
    response = client.post(EDITOR, data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text

    expected = copy.deepcopy(before)
    pillar = expected["pillars"]["governance"]
    pillar["programs"].append(
        {
            "name": "Satu peta pajak daerah",
            "horizon": "short",
            "status": "planned",
            "description": "Peta objek pajak untuk warga.",
        }
    )
    del pillar["achievements"][0]
    wins = pillar["quick_wins"]
    pillar["quick_wins"] = [wins[2], wins[0], wins[1]]
    pillar["kpis"][0] |= {"target": 92.5, "unit": "persen"}
    expected["pillars"]["economy"] = {
        "summary": "Ekonomi **digital**.",
        "quick_wins": [{"name": "Pasar daring"}],
    }
    english = expected["translations"]["en"]
    english |= {"title": "Bitung City", "missions": ["Fast services.", "A clean port."]}
    # English rows follow their Indonesian rows: the deleted achievement takes its along.
    english["pillars"]["governance"] = {"summary": "Public services online."}
    english["pillars"]["economy"] = {"summary": "A digital economy."}
    assert draft(client) == expected

    page = client.get(response.headers["location"])
    assert "Draf tersimpan" in page.text
    assert browser_form(page.text)[f"{g}.quick_wins.0.name"] == "Wi-Fi taman kota"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("title", "", "Wajib diisi"),
        ("title", "x" * 121, "Terlalu panjang (maks. 120 karakter)"),
        ("pillars.governance.achievements.0.year", "3000", "Tahun antara 1945 dan 2100"),
        ("pillars.governance.programs.0.horizon", "forever", "Pilihan tidak sah"),
        ("theme_color", "red", "Format warna #RRGGBB"),
        ("pillars.governance.kpis.0.baseline", "empat puluh", "Harus berupa angka"),
        ("pillars.governance.quick_wins.1.name", "", "Wajib diisi"),
        ("contact.website", "bitung.go.id", "Alamat situs web tidak sah; awali dengan https://"),
    ],
)
def test_invalid_input_is_422_beside_its_field_and_changes_nothing(
    client: TestClient, csrf: str, name: str, value: str, message: str
) -> None:
    before = draft(client)
    fields = editor_fields(client) | {name: value, "tagline": "Slogan baru yang belum tersimpan"}
    response = client.post(EDITOR, data=fields)
    assert response.status_code == 422
    html = response.text
    assert error_of(html, name) == message
    assert 'id="editor-problems"' in html and "1 isian perlu diperbaiki" in html
    kept = browser_form(html)
    assert kept["tagline"] == "Slogan baru yang belum tersimpan"  # the user's input is kept
    if name != "pillars.governance.programs.0.horizon":  # not an option of the select
        assert kept[name] == value
    assert draft(client) == before


def test_a_long_master_plan_fits_in_one_form(client: TestClient, csrf: str) -> None:
    fields = editor_fields(client)
    for key in PILLARS:
        for i in range(50):
            base = f"pillars.{key}.achievements.{i}"
            fields |= {f"{base}.year": "2024", f"{base}.title": f"Capaian {i}"}
            fields |= {f"{base}.description": "", f"{base}.order": str(i + 1)}
    assert len(fields) > 1200
    assert client.post(EDITOR, data=fields, follow_redirects=False).status_code == 303
    saved = draft(client)["pillars"]
    assert all(len(saved[key]["achievements"]) == 50 for key in PILLARS)


def test_errors_in_moved_rows_point_at_the_row_the_user_sees(client: TestClient, csrf: str) -> None:
    fields = editor_fields(client)
    g = "pillars.governance.quick_wins"
    fields |= {f"{g}.0.delete": "1", f"{g}.2.order": "1", f"{g}.2.name": "x" * 201}
    fields |= {f"{g}.3.description": "Tanpa nama"}  # the blank row, half filled
    response = client.post(EDITOR, data=fields)
    assert response.status_code == 422
    assert error_of(response.text, f"{g}.2.name") == "Terlalu panjang (maks. 200 karakter)"
    assert error_of(response.text, f"{g}.3.name") == "Wajib diisi"
    kept = browser_form(response.text)
    assert kept[f"{g}.0.delete"] == "1" and kept[f"{g}.2.order"] == "1"


def test_a_logo_that_is_not_an_image_of_this_booth_is_refused(
    client: TestClient, csrf: str
) -> None:
    before = draft(client)
    document = before["documents"][0]
    response = client.post(EDITOR, data=editor_fields(client) | {"logo": str(document)})
    assert response.status_code == 422
    assert "Pilihan tidak sah" in response.text and f'href="#{field_id("logo")}"' in response.text
    assert draft(client) == before


def test_another_regions_editor_gets_404(client: TestClient, booth: None) -> None:
    token = sign_in(client, "editor@manado.go.id")
    assert client.get(EDITOR).status_code == 404
    assert (
        client.post(EDITOR, data={"csrf_token": token, "title": "Diambil alih"}).status_code == 404
    )
    preview = client.post(
        EDITOR + "/markdown-preview", json={"text": "x"}, headers={"X-CSRF-Token": token}
    )
    assert preview.status_code == 404
    assert client.get("/workspace/booths/kota-manado").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client: TestClient, booth: None) -> None:
    response = client.get(EDITOR, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_a_post_without_the_csrf_token_is_403_and_changes_nothing(
    client: TestClient, csrf: str
) -> None:
    before = draft(client)
    fields = editor_fields(client) | {"title": "Tanpa token"}
    del fields["csrf_token"]
    assert client.post(EDITOR, data=fields).status_code == 403
    assert client.post(EDITOR, data=fields | {"csrf_token": "palsu"}).status_code == 403
    assert draft(client) == before


def test_markdown_preview_is_sanitised(client: TestClient, csrf: str) -> None:
    url = EDITOR + "/markdown-preview"
    text = "**Tebal** <script>alert(1)</script> [x](javascript:alert(1))"
    response = client.post(url, json={"text": text}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<strong>Tebal</strong>" in html
    assert "<script" not in html and "alert(1)</" not in html
    assert 'href="javascript' not in html  # only http, https and mailto links
    assert client.post(url, json={"text": "x"}).status_code == 403  # no CSRF header


def test_gallery_order_and_media_ids_survive_a_save(client: TestClient, csrf: str) -> None:
    before = draft(client)
    reordered = before | {"gallery": list(reversed(before["gallery"]))}
    put = client.put(DRAFT_API, json=reordered, headers={"X-CSRF-Token": csrf})
    assert put.status_code == 200
    banner = reordered["gallery"][0]
    fields = editor_fields(client) | {"title": "Kota Bitung Cerdas", "banner": str(banner)}
    assert client.post(EDITOR, data=fields, follow_redirects=False).status_code == 303
    after = draft(client)
    assert after["gallery"] == reordered["gallery"]
    assert after["documents"] == before["documents"]
    assert after["logo"] == before["logo"] and after["banner"] == banner
    assert after["title"] == "Kota Bitung Cerdas"


def test_a_low_contrast_colour_is_saved_with_a_warning(client: TestClient, csrf: str) -> None:
    fields = editor_fields(client) | {"theme_color": "#ffd166"}
    assert client.post(EDITOR, data=fields, follow_redirects=False).status_code == 303
    page = client.get(EDITOR).text
    assert draft(client)["theme_color"] == "#ffd166"
    assert "editor-contrast--low" in page and "di bawah batas 4,5:1" in page


# --- content_from_form, without the app ---------------------------------------------


CURRENT = {
    "title": "Kota Bitung",
    "theme_color": "#0b5fa5",
    "gallery": [5, 3, 4],
    "pillars": {"governance": {"summary": "Ringkas.", "kpis": [{"name": "A", "target": 5}]}},
    "translations": {"en": {"pillars": {"living": {"programs": [{"name": "Kept"}]}}}},
}


def test_keys_the_form_does_not_carry_are_kept() -> None:
    content = content_from_form({"title": "Baru"}, CURRENT)
    assert content == CURRENT | {"title": "Baru"}
    assert CURRENT["title"] == "Kota Bitung"  # the current draft is not modified


def test_rows_blank_deleted_and_numbers() -> None:
    k = "pillars.governance.kpis"
    form = {
        f"{k}.0.name": "A",
        f"{k}.0.baseline": "",
        f"{k}.0.target": "7,5",
        f"{k}.0.year": "2030",
        f"{k}.0.unit": "",
        f"{k}.0.order": "1",
        f"{k}.1.name": "B",
        f"{k}.1.delete": "1",
        f"{k}.2.name": "",
        f"{k}.2.baseline": " ",
        f"{k}.2.order": "3",
    }
    content = content_from_form(form, CURRENT)
    assert content["pillars"]["governance"]["kpis"] == [
        {"name": "A", "target": "7.5", "year": "2030"}
    ]
    emptied = content_from_form({f"{k}.0.delete": "1", "pillars.governance.summary": ""}, CURRENT)
    assert "governance" not in emptied["pillars"]  # an empty pillar is left out


def test_the_colour_picker_counts_when_the_code_was_not_touched() -> None:
    unchanged = {"theme_color": "#0b5fa5", "theme_color_was": "#0b5fa5"}
    picked = content_from_form(unchanged | {"theme_color_picker": "#aa0000"}, CURRENT)
    assert picked["theme_color"] == "#aa0000"
    typed = unchanged | {"theme_color": "123456", "theme_color_picker": "#aa0000"}
    assert content_from_form(typed, CURRENT)["theme_color"] == "#123456"
    cleared = {"theme_color": "", "theme_color_was": "#0b5fa5", "theme_color_picker": "#0b5fa5"}
    assert "theme_color" not in content_from_form(cleared, CURRENT)


def test_form_values_and_content_from_form_agree() -> None:
    content = {
        "title": "T",
        "missions": ["Satu", "Dua"],
        "pillars": {"economy": {"kpis": [{"name": "K", "baseline": 12.5, "target": 40.0}]}},
        "contact": {"office": "Kantor"},
        "translations": {"en": {"tagline": "Hi"}},
    }
    assert content_from_form(form_values(content), {}) == {
        **content,
        "pillars": {"economy": {"kpis": [{"name": "K", "baseline": "12.5", "target": "40"}]}},
        "tagline": "",
        "vision": "",
        "readiness": "",
        "welcome": "",
    }
