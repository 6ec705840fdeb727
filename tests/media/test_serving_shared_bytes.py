"""The same bytes in two booths: each URL answers with its own asset's visibility and
name, and nobody learns anything about another booth's draft."""

from itertools import product
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.booths.schemas import BoothContent
from app.booths.service import booth_for_region, publish_revision, snapshot_revision
from app.core.config import Settings
from app.media.service import MediaDetails, ingest_file
from app.media.views import main_url
from app.regions.models import Region
from tests.factories import bearer_headers, make_pdf, make_user

REGIONS = {"A": "71.72", "B": "71.73"}
NAMES = {"A": "a-terbit.pdf", "B": "b-rahasia.pdf"}
VIEWERS = ("anonymous", "editor-A", "editor-B", "moderator")
PUBLIC = "public, max-age=31536000, immutable"


def may_see_draft(viewer: str, booth: str) -> bool:
    return viewer in ("moderator", f"editor-{booth}")


@pytest.mark.parametrize("first", ["A", "B"])
@pytest.mark.parametrize("live_a, live_b", list(product([True, False], repeat=2)))
def test_shared_bytes_are_served_per_asset_for_every_viewer(
    client: TestClient,
    session: Session,
    settings: Settings,
    app: FastAPI,
    tmp_path: Path,
    first: str,
    live_a: bool,
    live_b: bool,
) -> None:
    live = {"A": live_a, "B": live_b}
    pdf = make_pdf(tmp_path / "same.pdf").read_bytes()
    urls: dict[str, str] = {}
    for name in sorted(REGIONS, key=lambda n: n != first):  # the first uploader first
        region = session.get(Region, REGIONS[name])
        assert region is not None
        booth = booth_for_region(session, region)
        source = tmp_path / f"upload-{name}"
        source.write_bytes(pdf)
        asset = ingest_file(
            session,
            app.state.storage,
            settings,
            booth_id=booth.id or 0,
            source=source,
            filename=NAMES[name],
            details=MediaDetails(title=f"Dokumen {name}"),
        )
        urls[name] = main_url(asset)
        if live[name]:
            content = BoothContent(title=f"Anjungan {name}", documents=[asset.id or 0])
            revision = snapshot_revision(session, booth, content, source="test", actor_id=None)
            publish_revision(session, booth, revision, actor_id=None)
    session.commit()
    assert urls["A"] != urls["B"] and urls["A"].endswith(urls["B"].rsplit("/", 1)[-1])
    headers: dict[str, dict[str, str]] = {"anonymous": {}} | bearer_headers(
        session,
        {
            "editor-A": make_user(session, "a@example.id", "region-editor", (REGIONS["A"],)),
            "editor-B": make_user(session, "b@example.id", "region-editor", (REGIONS["B"],)),
            "moderator": make_user(session, "mod@example.id", "moderator"),
        },
    )
    legacy = "/media/" + urls["A"].rsplit("/", 1)[-1]

    def fetch(url: str, viewer: str) -> tuple[int, str | None, str | None]:
        response = client.get(url, headers=headers[viewer])
        disposition = response.headers.get("content-disposition")
        name = next((n for n in NAMES.values() if f'filename="{n}"' in (disposition or "")), None)
        return response.status_code, response.headers.get("cache-control"), name

    for viewer in VIEWERS:
        for name in REGIONS:
            got = fetch(urls[name], viewer)
            if live[name]:
                assert got == (200, PUBLIC, NAMES[name]), (viewer, name)
            elif may_see_draft(viewer, name):
                assert got == (200, "private, no-store", NAMES[name]), (viewer, name)
            else:
                assert got[0] == 404, (viewer, name)
        # The older URL names only the bytes: the live asset when there is one (the
        # same answer for everyone), else one this viewer may see, else 404.
        got = fetch(legacy, viewer)
        live_names = {NAMES[b] for b in REGIONS if live[b]}
        visible = {NAMES[b] for b in REGIONS if may_see_draft(viewer, b)}
        if live_names:
            assert got[:2] == (200, PUBLIC) and got[2] in live_names, viewer
        elif visible:
            assert got[:2] == (200, "private, no-store") and got[2] in visible, viewer
        else:
            assert got[0] == 404, viewer


def test_malformed_asset_ids_are_404(client: TestClient) -> None:
    """Not 422 or 500, ids beyond 64 bits included."""
    key = "a" * 64 + ".pdf"
    for asset_id in ("0", "-1", "x", "9" * 30, "01"):
        assert client.get(f"/media/{asset_id}/{key}").status_code == 404
