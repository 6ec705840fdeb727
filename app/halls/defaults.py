"""The halls an exhibition starts with (DESIGN.md §1); organizers may edit them."""

DEFAULT_HALLS: list[tuple[str, str, str]] = [
    ("danau-toba", "Danau Toba", "Sumatera Utara"),
    ("tanjung-kelayang", "Tanjung Kelayang", "Kepulauan Bangka Belitung"),
    ("borobudur", "Borobudur", "Jawa Tengah dan DI Yogyakarta"),
    ("bromo-tengger-semeru", "Bromo-Tengger-Semeru", "Jawa Timur"),
    ("mandalika", "Mandalika", "Nusa Tenggara Barat"),
    ("labuan-bajo", "Labuan Bajo", "Nusa Tenggara Timur"),
    ("wakatobi", "Wakatobi", "Sulawesi Tenggara"),
    ("likupang", "Likupang", "Sulawesi Utara"),
    ("morotai", "Morotai", "Maluku Utara"),
    ("raja-ampat", "Raja Ampat", "Papua Barat Daya"),
    ("ibu-kota-nusantara", "Ibu Kota Nusantara", "Kalimantan Timur"),
    ("alumni-2017-2019", "Alumni 2017–2019", ""),
]
PRIORITY_DESTINATION = (
    "Destinasi pariwisata super prioritas di {province}.",
    "Priority tourism destination in {province}.",
)
DESCRIPTIONS = {
    "ibu-kota-nusantara": (
        "Kota dan kabupaten di sekitar ibu kota negara yang baru.",
        "Cities and regencies around the new national capital.",
    ),
    "alumni-2017-2019": (
        "Daerah peserta angkatan 2017–2019 Gerakan Menuju Smart City.",
        "Regions from the 2017–2019 cohorts of the Smart City Movement.",
    ),
}
