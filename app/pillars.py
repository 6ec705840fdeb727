"""The six pillars of every master plan (DESIGN.md §1): keys, names and elements."""

PILLARS = ("governance", "branding", "economy", "living", "society", "environment")

PILLAR_NAMES = {key: f"Smart {key.capitalize()}" for key in PILLARS}

# Indonesian msgids, translated in the templates.
PILLAR_ELEMENTS: dict[str, tuple[str, str, str]] = {
    "governance": ("Pelayanan publik", "Birokrasi", "Kebijakan"),
    "branding": ("Branding pariwisata", "Branding bisnis", "Wajah kota"),
    "economy": ("Industri", "Kesejahteraan", "Transaksi"),
    "living": ("Harmoni tata ruang", "Kesehatan", "Mobilitas"),
    "society": ("Komunitas", "Pembelajaran", "Keamanan"),
    "environment": ("Proteksi", "Limbah", "Energi"),
}
