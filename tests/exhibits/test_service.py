import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from app.booths.models import Booth, BoothRevision
from app.booths.schemas import BoothContent
from app.booths.service import save_draft
from app.exhibits.service import BundleError
from app.media.models import MediaAsset, MediaFile
from app.regions.models import Region
from tests.factories import BundleFactory
from tests.messages import raises_in_english

Import = Callable[[Path], None]


def booth(session: Session, slug: str = "kota-bitung") -> Booth:
    session.rollback()  # end the read snapshot: the import committed elsewhere
    session.expire_all()
    return session.exec(select(Booth).where(Booth.slug == slug)).one()


def count(session: Session, model: type) -> int:
    session.rollback()
    return session.exec(select(func.count()).select_from(model)).one()


def test_import_publishes_a_live_revision_and_sets_the_draft(
    bundles: BundleFactory, import_bundles: Import, session: Session
) -> None:
    import_bundles(bundles.make().parent)
    imported = booth(session)
    revision = session.get(BoothRevision, imported.live_revision_id)
    assert revision is not None and revision.number == 1 and revision.source == "import"
    assert imported.draft == revision.content
    content = BoothContent.model_validate(revision.content)
    assert len(content.gallery) == 2 and len(content.documents) == 1
    region = session.get(Region, "71.72")
    assert region is not None and region.participating and region.latitude == 1.44


def test_unchanged_bundle_changes_nothing(
    bundles: BundleFactory, import_bundles: Import, session: Session
) -> None:
    root = bundles.make().parent
    import_bundles(root)
    counts = [count(session, m) for m in (BoothRevision, MediaAsset, MediaFile)]
    import_bundles(root)
    assert [count(session, m) for m in (BoothRevision, MediaAsset, MediaFile)] == counts


def test_changed_bundle_publishes_a_new_revision_reusing_unchanged_media(
    bundles: BundleFactory, import_bundles: Import, session: Session
) -> None:
    import_bundles(bundles.make().parent)
    media_before = count(session, MediaAsset)
    import_bundles(bundles.make(tagline="Tagline baru").parent)
    updated = booth(session)
    revision = session.get(BoothRevision, updated.live_revision_id)
    assert revision is not None and revision.number == 2
    assert revision.content["tagline"] == "Tagline baru"
    assert updated.draft["tagline"] == "Tagline baru"
    assert count(session, MediaAsset) == media_before


def test_draft_follows_only_if_nobody_edited_it(
    bundles: BundleFactory, import_bundles: Import, session: Session
) -> None:
    import_bundles(bundles.make().parent)
    edited = booth(session)
    save_draft(session, edited, BoothContent(title="Diedit editor"), actor_id=None)
    session.commit()
    import_bundles(bundles.make(tagline="Versi bundel baru").parent)
    after = booth(session)
    assert after.draft == {"title": "Diedit editor"}
    live = session.get(BoothRevision, after.live_revision_id)
    assert live is not None and live.content["tagline"] == "Versi bundel baru"


def test_a_bad_bundle_changes_nothing(
    bundles: BundleFactory, import_bundles: Import, session: Session
) -> None:
    good = bundles.make()
    bad = bundles.make("kota-manado", code="71.71")
    (bad / "media" / "g1.jpg").write_bytes(b"<?php echo 'not an image'; ?>")
    with raises_in_english(BundleError, "kota-manado"):
        import_bundles(good.parent)
    assert count(session, Booth) == 0 and count(session, MediaAsset) == 0


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda m: m["region"].update(code="99.99"), "unknown region"),
        (lambda m: m.update(hall="aula-fiktif"), "unknown hall"),
        (lambda m: m["content"].update(unknown_key=1), "invalid content"),
        (
            lambda m: m["content"].update(gallery=["../../../../etc/passwd"]),
            "not found in the bundle",
        ),
        (lambda m: m["content"].update(gallery=["media/missing.jpg"]), "not found in the bundle"),
        (lambda m: m["media"]["media/g0.jpg"].update(alt_text=""), "Alt text"),
    ],
)
def test_invalid_manifests_are_refused_with_a_reason(
    bundles: BundleFactory,
    import_bundles: Import,
    session: Session,
    change: Callable[[dict[str, Any]], object],
    message: str,
) -> None:
    folder = bundles.make()
    manifest = json.loads((folder / "manifest.json").read_text())
    change(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with raises_in_english(BundleError, message):
        import_bundles(folder.parent)
    assert count(session, Booth) == 0
