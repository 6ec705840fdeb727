"""The media pipeline's fixtures: one `ingest` call as every entry point makes it."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.booths.service import booth_for_region
from app.core.config import Settings
from app.media.models import MediaAsset, MediaFile
from app.media.service import MediaDetails, ingest_file
from app.regions.models import Region
from app.storage import LocalStorage

ALT = MediaDetails(alt_text="Foto uji")


@dataclass
class Ingest:
    """Stores a file for Kota Bitung's booth the way every upload route does."""

    session: Session
    settings: Settings
    storage: LocalStorage
    booth_id: int
    incoming: Path

    def __call__(
        self, data: bytes, name: str = "upload.bin", details: MediaDetails = ALT
    ) -> MediaAsset:
        self.incoming.write_bytes(data)
        return ingest_file(
            self.session,
            self.storage,
            self.settings,
            booth_id=self.booth_id,
            source=self.incoming,
            filename=name,
            details=details,
        )

    def original(self, asset: MediaAsset) -> bytes:
        """The bytes stored as the asset's original (what the public downloads)."""
        row = self.session.exec(
            select(MediaFile).where(MediaFile.media_id == asset.id, MediaFile.role == "original")
        ).one()
        return self.blob(row)

    def blob(self, file: MediaFile) -> bytes:
        """A stored file's bytes, read from the local storage's disk."""
        path = self.storage.local_path(f"{file.sha256}.{file.extension}")
        assert path is not None
        return path.read_bytes()


@pytest.fixture
def ingest(session: Session, settings: Settings, tmp_path: Path) -> Ingest:
    region = session.get(Region, "71.72")
    assert region is not None
    booth = booth_for_region(session, region)
    assert booth.id is not None
    return Ingest(
        session, settings, LocalStorage(tmp_path / "blobs"), booth.id, tmp_path / "incoming"
    )
