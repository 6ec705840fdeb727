"""The six pillars of every master plan (DESIGN.md §1): keys, names and elements."""

from typing import Literal, get_args

from app.core.i18n import N_

PillarKey = Literal["governance", "branding", "economy", "living", "society", "environment"]
PILLARS: tuple[PillarKey, ...] = get_args(PillarKey)

PILLAR_NAMES: dict[str, str] = {key: f"Smart {key.capitalize()}" for key in PILLARS}

# Indonesian msgids, translated in the templates.
PILLAR_ELEMENTS: dict[str, tuple[str, str, str]] = {
    "governance": (N_("Pelayanan publik"), N_("Birokrasi"), N_("Kebijakan")),
    "branding": (N_("Branding pariwisata"), N_("Branding bisnis"), N_("Wajah kota")),
    "economy": (N_("Industri"), N_("Kesejahteraan"), N_("Transaksi")),
    "living": (N_("Harmoni tata ruang"), N_("Kesehatan"), N_("Mobilitas")),
    "society": (N_("Komunitas"), N_("Pembelajaran"), N_("Keamanan")),
    "environment": (N_("Proteksi"), N_("Limbah"), N_("Energi")),
}
