"""Builders of valid test objects: exhibit bundles with small generated media."""

import json
import re
import time
from pathlib import Path
from typing import Any

import httpx2
from fastapi.testclient import TestClient
from PIL import Image
from sqlmodel import Session

from app.accounts.models import User
from app.core.i18n import LANG_COOKIE

PILLAR_CONTENT = {
    "summary": "Layanan **digital** untuk warga.",
    "achievements": [{"year": 2021, "title": "Mal pelayanan publik digital"}],
    "programs": [{"name": "Satu data daerah", "horizon": "medium", "status": "ongoing"}],
    "quick_wins": [{"name": "Aduan warga daring"}],
    "kpis": [{"name": "Layanan daring", "baseline": 40, "target": 90, "year": 2025, "unit": "%"}],
}


def make_jpeg(
    path: Path, size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (20, 120, 200)
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, "JPEG", quality=80)
    return path


def make_pdf(path: Path) -> Path:
    """A one-page PDF whose bytes do not depend on the clock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fixed = time.gmtime(1_704_067_200)
    Image.new("RGB", (60, 80), "white").save(path, "PDF", creationDate=fixed, modDate=fixed)
    return path


class BundleFactory:
    def __init__(self, root: Path) -> None:
        self.root = root

    def make(
        self,
        folder: str = "kota-bitung",
        *,
        code: str = "71.72",
        hall: str | None = "likupang",
        gallery: int = 2,
        document: bool = True,
        featured: bool = False,
        sample: bool = True,
        **content: Any,
    ) -> Path:
        """A bundle folder with a logo, a banner, `gallery` photos and a PDF."""
        bundle = self.root / folder
        media: dict[str, dict[str, str]] = {}

        def image(name: str, alt: str, color: tuple[int, int, int]) -> str:
            make_jpeg(bundle / "media" / name, color=color)
            media[f"media/{name}"] = {"alt_text": alt, "title": alt}
            return f"media/{name}"

        body: dict[str, Any] = {
            "title": "Kota Bitung",
            "tagline": "Kota pelabuhan di ujung utara Sulawesi",
            "welcome": "Selamat datang di anjungan **Kota Bitung**.",
            "theme_color": "#0b5fa5",
            "pillars": {"governance": PILLAR_CONTENT},
            "logo": image("logo.jpg", "Logo Kota Bitung", (200, 30, 30)),
            "banner": image("banner.jpg", "Pelabuhan Bitung saat senja", (10, 90, 160)),
            "gallery": [
                image(f"g{i}.jpg", f"Foto {i}", (i * 40 % 255, 150, 90)) for i in range(gallery)
            ],
            "documents": [],
            **content,
        }
        if document:
            make_pdf(bundle / "media" / "masterplan.pdf")
            media["media/masterplan.pdf"] = {"title": "Ringkasan masterplan"}
            body["documents"] = ["media/masterplan.pdf"]
        manifest = {
            "format": 1,
            "region": {"code": code, "latitude": 1.44, "longitude": 125.19},
            "hall": hall,
            "featured": featured,
            "sample": sample,
            "content": body,
            "media": media,
        }
        bundle.mkdir(parents=True, exist_ok=True)
        (bundle / "manifest.json").write_text(json.dumps(manifest, indent=1))
        return bundle


PASSWORD = "kata sandi yang panjang"


def make_user(
    session: Session,
    email: str,
    role: str,
    regions: tuple[str, ...] = (),
    halls: tuple[str, ...] = (),
) -> User:
    """A committed account with PASSWORD."""
    from app.accounts.service import create_user
    from app.booths.service import booth_for_region

    user = create_user(
        session,
        email=email,
        role=role,
        password=PASSWORD,
        region_codes=list(regions),
        hall_slugs=list(halls),
        on_region_bound=booth_for_region,
    )
    session.commit()
    return user


def bearer_headers(session: Session, users: dict[str, Any]) -> dict[str, dict[str, str]]:
    """A committed API token for each user, as request headers under the same names."""
    from app.accounts.tokens import create_token

    headers = {}
    for name, user in users.items():
        _row, token = create_token(session, user)
        headers[name] = {"Authorization": f"Bearer {token}"}
    session.commit()
    return headers


def sign_in(client: httpx2.Client, email: str, password: str = PASSWORD) -> str:
    """Sign a TestClient in through the real form; returns the session's CSRF token."""
    token = csrf_token_on(client, "/login")
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_token_on(client, "/workspace")


def csrf_token_on(client: httpx2.Client, path: str) -> str:
    """The CSRF token a private page hands out (in its meta tag)."""
    page = client.get(path).text
    return first_group(r'<meta name="csrf-token" content="([^"]+)"', page)


def first_group(pattern: str, text: str) -> str:
    """Group 1 of the pattern's first match in `text`; a clear failure without one."""
    match = re.search(pattern, text)
    assert match is not None, f"{pattern!r} not found"
    return match.group(1)


def in_english(client: TestClient, path: str) -> str:
    """`path` as the English page, leaving the browser's language as it was before."""
    before = client.cookies.get(LANG_COOKIE)
    text = client.get(path, params={"lang": "en"}).text
    client.cookies.delete(LANG_COOKIE)
    if before is not None:
        client.cookies.set(LANG_COOKIE, before)
    return text
