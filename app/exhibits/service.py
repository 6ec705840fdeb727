"""Exhibit bundles (exhibits/README.md): imported and published at once, idempotently."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, select

from app.booths.models import Booth, BoothRevision
from app.booths.placement import feature_on_import
from app.booths.schemas import BoothContent, slot_values, with_slot_values
from app.booths.service import booth_for_region, content_json, publish_revision, snapshot_revision
from app.core.config import Settings
from app.core.errors import DomainError, Invalid, OperationError
from app.halls.service import hall_by_slug
from app.media.models import MediaAsset
from app.media.service import MediaDetails, file_sha256, ingest_file, ingest_link
from app.regions.models import Region
from app.storage import Storage


@dataclass(frozen=True)
class ImportResult:
    folder: Path
    slug: str
    outcome: str  # created, updated, unchanged


class BundleError(OperationError):
    """A bundle that cannot be imported; its message names the bundle's `{folder}`."""


def find_bundles(root: Path) -> Iterator[Path]:
    """Every folder below `root` (itself included) holding a manifest.json."""
    for manifest in sorted(root.rglob("manifest.json")):
        yield manifest.parent


def _digest(folder: Path, manifest: dict[str, Any]) -> str:
    """Fingerprint of the manifest and every file it names."""
    digest = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode())
    for name in sorted(_media_paths(manifest["content"])):
        if not name.startswith("https://"):
            digest.update(name.encode() + file_sha256(_resolve_media(folder, name)).encode())
    return digest.hexdigest()


def _media_paths(content: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(slot_values(content)))


def _resolve_media(folder: Path, name: str) -> Path:
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        raise Invalid("Berkas media {name} tidak ditemukan di dalam bundel.", name=name)
    return path


def _reuse(
    session: Session, booth_id: int, details: MediaDetails, **match: str
) -> MediaAsset | None:
    """An existing asset of the booth with the same bytes (or link) and the same texts."""
    query = select(MediaAsset).where(MediaAsset.booth_id == booth_id)
    for column, value in match.items():
        query = query.where(getattr(MediaAsset, column) == value)
    for asset in session.exec(query).all():
        if (asset.alt_text, asset.title, asset.caption, asset.credit) == (
            details.alt_text,
            details.title,
            details.caption,
            details.credit,
        ):
            return asset
    return None


def _import_media(
    session: Session,
    storage: Storage,
    settings: Settings,
    booth: Booth,
    folder: Path,
    manifest: dict[str, Any],
) -> dict[str, int]:
    ids: dict[str, int] = {}
    for name in _media_paths(manifest["content"]):
        details = MediaDetails(**(manifest.get("media", {}).get(name) or {}))
        booth_id = booth.id or 0
        if name.startswith("https://"):
            asset = _reuse(session, booth_id, details, embed_url=name) or ingest_link(
                session, booth_id=booth_id, url=name, details=details
            )
        else:
            path = _resolve_media(folder, name)
            reused = _reuse(session, booth_id, details, source_sha256=file_sha256(path))
            asset = reused or ingest_file(
                session,
                storage,
                settings,
                booth_id=booth_id,
                source=path,
                filename=path.name,
                details=details,
            )
        ids[name] = asset.id or 0
    return ids


def _with_media_ids(content: dict[str, Any], ids: dict[str, int]) -> dict[str, Any]:
    return with_slot_values(content, ids.__getitem__)


def import_bundle(
    session: Session, storage: Storage, settings: Settings, folder: Path
) -> ImportResult:
    """Import one bundle and publish it; unchanged bundles change nothing."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        region_info, content = manifest["region"], manifest["content"]
        region = session.get(Region, region_info["code"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BundleError(
            "{folder}: manifest tidak terbaca ({detail})", folder=folder, detail=error
        ) from None
    if region is None:
        raise BundleError(
            "{folder}: kode wilayah '{code}' tidak dikenal", folder=folder, code=region_info["code"]
        )
    hall = hall_by_slug(session, manifest["hall"]) if manifest.get("hall") else None
    if manifest.get("hall") and hall is None:
        raise BundleError(
            "{folder}: aula '{hall}' tidak dikenal", folder=folder, hall=manifest["hall"]
        )

    region.participating = True
    region.hall_id = hall.id if hall else None
    region.latitude, region.longitude = region_info.get("latitude"), region_info.get("longitude")
    existed = session.exec(select(Booth.id).where(Booth.region_code == region.code)).first()
    booth = booth_for_region(session, region)
    booth.hall_id = region.hall_id
    feature_on_import(session, booth, featured=bool(manifest.get("featured")))
    booth.sample = bool(manifest.get("sample"))
    session.add_all([region, booth])

    try:
        digest = _digest(folder, manifest)
        if booth.imported_digest == digest and booth.live_revision_id is not None:
            return ImportResult(folder, booth.slug, "unchanged")
        ids = _import_media(session, storage, settings, booth, folder, manifest)
        validated = BoothContent.model_validate(_with_media_ids(content, ids))
        revision = snapshot_revision(session, booth, validated, source="import", actor_id=None)
    except ValidationError as error:
        raise BundleError(
            "{folder}: isi tidak sah ({detail})", folder=folder, detail=error.errors()[0]
        ) from None
    except DomainError as error:
        raise BundleError("{folder}: {reason}", folder=folder, reason=error) from None
    publish_revision(session, booth, revision, actor_id=None)
    if not booth.draft_edited_since_import:
        booth.draft = content_json(validated)
    booth.imported_digest = digest
    session.add(booth)
    session.flush()
    return ImportResult(folder, booth.slug, "updated" if existed else "created")


def import_all(
    session: Session, storage: Storage, settings: Settings, root: Path
) -> list[ImportResult]:
    """Import every bundle below `root` in the caller's transaction."""
    folders = list(find_bundles(root))
    if not folders:
        raise BundleError(
            "{folder}: tidak ada bundel pameran (manifest.json) ditemukan", folder=root
        )
    return [import_bundle(session, storage, settings, folder) for folder in folders]


def has_booths(session: Session) -> bool:
    return session.exec(select(BoothRevision.id).limit(1)).first() is not None
