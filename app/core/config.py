"""Settings from `PAMERAN_*` environment variables (see API.md)."""

import ipaddress
import secrets
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PAMERAN_", extra="ignore")

    database_url: str = "sqlite:///var/pameran.db"
    storage_url: str = "file://var/media"
    secret_key: str | None = None
    base_url: str = "http://127.0.0.1:8000"
    # Further host names the site answers to (comma-separated), besides base_url's
    # host and loopback: the test suite adds its client's "testserver" here.
    extra_hosts: str = ""
    # Sizes are 32-bit integers in the database: 2047 MB is the most one file can be.
    max_upload_mb: int = Field(default=200, ge=1, le=2047)
    max_image_mb: int = Field(default=30, ge=1)
    max_document_mb: int = Field(default=50, ge=1)
    # 24-megapixel photos pass; a 30000×30000 PNG or a long animation does not.
    max_image_pixels: int = Field(default=60_000_000, ge=1)
    # Memory all image decodes of one process may hold at once (app/media/decode_budget.py),
    # and how long an upload waits for its share before it is answered 503.
    decode_memory_mb: int = Field(default=512, ge=1)
    decode_wait_seconds: float = Field(default=30, ge=0)
    smtp_url: str | None = None
    # The From of outgoing mail; unset: pameran@<host of base_url> (see `mail_from`).
    smtp_from: str | None = None
    # Behind nginx: answer media with `X-Accel-Redirect: <prefix><blob path>` so nginx
    # sends the bytes (see deploy/nginx.conf); unset, the app sends them itself.
    media_accel_prefix: str | None = None
    # Proxies whose X-Forwarded-For/-Proto uvicorn believes (comma-separated or "*").
    forwarded_allow_ips: str = "127.0.0.1"
    # Reviewers are reminded of submissions that wait longer than this, once per period.
    reminder_after_hours: float = Field(default=48, gt=0)
    var_dir: Path = Path("var")
    page_cache_entries: int = Field(default=2000, ge=0)
    # How long an instance trusts its last read of the publication epoch.
    epoch_ttl_seconds: float = Field(default=1.0, ge=0)
    # Requests one process works on at once; more are answered 503 at once (shed).
    max_in_flight: int = Field(default=64, ge=1)

    @cached_property
    def signing_key(self) -> str:
        """The configured secret, else one generated once into var/secret_key."""
        if self.secret_key:
            return self.secret_key
        path = self.var_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()

    @property
    def allowed_hosts(self) -> list[str]:
        host = urlsplit(self.base_url).hostname or "127.0.0.1"
        extra = {name.strip() for name in self.extra_hosts.split(",") if name.strip()}
        return sorted({host, "127.0.0.1", "localhost", *extra})

    @property
    def mail_from(self) -> str:
        """The From address of notification mail."""
        if self.smtp_from:
            return self.smtp_from
        host = urlsplit(self.base_url).hostname or "localhost"
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return f"pameran@{host}"
        # An IP is no domain: RFC 5321 spells it as an address literal.
        return f"pameran@[{'IPv6:' if address.version == 6 else ''}{host}]"

    @property
    def https(self) -> bool:
        return self.base_url.startswith("https://")

    def max_bytes(self, kind: str) -> int:
        """Largest accepted file of a media kind, never above the global cap."""
        cap = {"image": self.max_image_mb, "document": self.max_document_mb}.get(
            kind, self.max_upload_mb
        )
        return min(cap, self.max_upload_mb) * MB
