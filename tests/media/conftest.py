"""The media pipeline's fixtures: one `ingest` call as every entry point makes it."""

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


@pytest.fixture
def ingest(session: Session, settings: Settings, tmp_path: Path):
    booth = booth_for_region(session, session.get(Region, "71.72"))  # type: ignore[arg-type]
    storage = LocalStorage(tmp_path / "blobs")

    def run(data: bytes, name: str = "upload.bin", details: MediaDetails = ALT) -> MediaAsset:
        assert booth.id is not None
        source = tmp_path / "incoming"
        source.write_bytes(data)
        return ingest_file(
            session,
            storage,
            settings,
            booth_id=booth.id,
            source=source,
            filename=name,
            details=details,
        )

    def original(asset: MediaAsset) -> bytes:
        """The bytes stored as the asset's original (what the public downloads)."""
        row = session.exec(
            select(MediaFile).where(MediaFile.media_id == asset.id, MediaFile.role == "original")
        ).one()
        return storage.local_path(f"{row.sha256}.{row.extension}").read_bytes()  # type: ignore[union-attr]

    run.storage = storage  # type: ignore[attr-defined]
    run.original = original  # type: ignore[attr-defined]
    return run
