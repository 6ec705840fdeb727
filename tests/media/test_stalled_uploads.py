"""A stalled or slow upload holds no transaction and no pooled connection.

Each upload route (plain form, API multipart, tus PATCH) gets more stalled sockets
than the connection pool holds, on a real server; meanwhile sign-in, a like, a
draft save, a guestbook post, another upload and the pages must all answer. And
five resumable uploads that finish together all land.
"""

import base64
import fcntl
import io
import random
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from PIL import Image
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.accounts.tokens import create_token
from app.booths.models import Booth
from app.core.config import MB, Settings
from app.core.db import MAX_OVERFLOW, POOL_SIZE
from app.main import create_app
from app.media.models import MediaAsset
from app.media.resumable import partial_path
from app.media.uploads import incoming_dir
from tests.factories import BundleFactory, csrf_token_on, make_user, sign_in
from tests.faults.invariants import assert_nothing_half_published, assert_storage_check_clean
from tests.media._live import live_server, stalled_request, wait_until

# More stalled uploads than the pool has connections (PostgreSQL's pool; SQLite's is smaller).
STALLED = POOL_SIZE + MAX_OVERFLOW + 2
ANSWER_SECONDS = 20.0  # generous: "at once" means not waiting on the stalled uploads
BOUNDARY = "stalled-boundary"
BOOTH = "kota-bitung"
EDITORS = ("editor@bitung.go.id", "second@bitung.go.id")


def photo(seed: int, size: tuple[int, int] = (1200, 900)) -> bytes:
    """A noisy JPEG: takes the pipeline a moment to decode and resize."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def tus_metadata(**values: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


@dataclass
class Site:
    base: str
    settings: Settings
    tokens: list[str]  # one API token per editor
    browser: httpx2.Client  # signed in as the first editor
    csrf: str

    def bearer(self, n: int = 0) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[n % len(self.tokens)]}"}

    def cookie(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.browser.cookies.items())


@pytest.fixture
def site(
    settings: Settings,
    session: Session,
    bundles: BundleFactory,
    import_bundles: Callable[[Path], None],
) -> Iterator[Site]:
    bundles.make()
    import_bundles(bundles.root)
    tokens = []
    for email in EDITORS:
        editor = make_user(session, email, "region-editor", regions=("71.72",))
        tokens.append(create_token(session, editor)[1])
    session.commit()
    with live_server(create_app(settings)) as base, httpx2.Client(base_url=base) as browser:
        csrf = sign_in(browser, EDITORS[0])
        yield Site(base, settings, tokens, browser, csrf)


def form_start(fields: dict[str, str]) -> bytes:
    """A multipart body up to the first bytes of its `file` part."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    )
    return "".join(parts).encode() + photo(1)[:4096]


def multipart_headers(extra: dict[str, str]) -> dict[str, str]:
    return {
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": str(20 * MB),
        **extra,
    }


def received_files(site: Site) -> int:
    folder = incoming_dir(site.settings)
    return len(list(folder.glob("*.part"))) if folder.exists() else 0


def stall_form(site: Site) -> list[socket.socket]:
    """The no-JavaScript library form, as a browser on a weak link sends it."""
    path = f"/workspace/booths/{BOOTH}/media"
    headers = multipart_headers({"Cookie": site.cookie()})
    body = form_start({"csrf_token": site.csrf, "alt_text": "Foto"})
    sockets = [stalled_request(site.base, "POST", path, headers, body) for _ in range(STALLED)]
    wait_until(lambda: received_files(site) == STALLED, "every stalled form to be receiving")
    return sockets


def stall_api(site: Site) -> list[socket.socket]:
    path = f"/api/v1/workspace/booths/{BOOTH}/media"
    body = form_start({"alt_text": "Foto"})
    sockets = [
        stalled_request(site.base, "POST", path, multipart_headers(site.bearer(n)), body)
        for n in range(STALLED)
    ]
    wait_until(lambda: received_files(site) == STALLED, "every stalled API upload to be receiving")
    return sockets


def create_tus(site: Site, n: int, length: int, **meta: str) -> str:
    created = httpx2.post(
        f"{site.base}/api/v1/workspace/booths/{BOOTH}/tus/",
        headers={
            **site.bearer(n),
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(length),
            "Upload-Metadata": tus_metadata(filename=f"foto-{n}.jpg", alt_text="Foto", **meta),
        },
    )
    assert created.status_code == 201, created.text
    return created.headers["location"]


def is_locked(path: Path) -> bool:
    """Whether some PATCH holds the upload's lock (it does while it receives)."""
    with path.open("rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def stall_tus(site: Site) -> list[socket.socket]:
    locations = [create_tus(site, n, 20 * MB) for n in range(STALLED)]
    sockets = [
        stalled_request(
            site.base,
            "PATCH",
            location,
            {
                **site.bearer(n),
                "Tus-Resumable": "1.0.0",
                "Content-Type": "application/offset+octet-stream",
                "Upload-Offset": "0",
                "Content-Length": str(20 * MB),
            },
            photo(1)[:4096],
        )
        for n, location in enumerate(locations)
    ]
    parts = [partial_path(site.settings, location.rsplit("/", 1)[1]) for location in locations]
    wait_until(lambda: all(is_locked(p) for p in parts), "every stalled PATCH to be receiving")
    return sockets


def everything_else_answers(site: Site) -> None:
    """Writes of every kind and pages, from other people, while the uploads stall."""
    with httpx2.Client(base_url=site.base, timeout=ANSWER_SECONDS) as visitor:
        assert visitor.get("/").status_code == 200
        assert visitor.get(f"/booths/{BOOTH}").status_code == 200
        liked = visitor.post(f"/booths/{BOOTH}/like", headers={"Origin": site.base})
        assert liked.status_code == 303, liked.text
        token = csrf_token_on(visitor, f"/booths/{BOOTH}/guestbook")
        written = visitor.post(
            f"/booths/{BOOTH}/guestbook",
            data={"csrf_token": token, "name": "Ani", "message": "Anjungan yang bagus!"},
        )
        assert written.status_code == 303, written.text
    with httpx2.Client(base_url=site.base, timeout=ANSWER_SECONDS) as editor:
        sign_in(editor, EDITORS[1])  # asserts the 303
        draft_url = f"/api/v1/workspace/booths/{BOOTH}/draft"
        draft = editor.get(draft_url, headers=site.bearer(1)).json()
        changed = {**draft, "tagline": "Kota cerdas"}
        saved = editor.put(draft_url, json=changed, headers=site.bearer(1))
        assert saved.status_code == 200, saved.text
        uploaded = editor.post(
            f"/api/v1/workspace/booths/{BOOTH}/media",
            files={"file": ("ok.jpg", photo(2, (320, 240)), "image/jpeg")},
            data={"alt_text": "Pantai"},
            headers=site.bearer(1),
        )
        assert uploaded.status_code == 201, uploaded.text


STALLS: dict[str, Callable[[Site], list[socket.socket]]] = {
    "plain-form": stall_form,
    "api-multipart": stall_api,
    "tus-patch": stall_tus,
}


@pytest.mark.parametrize("route", STALLS)
def test_stalled_uploads_stop_no_other_write_and_no_page(
    site: Site, engine: Engine, route: str
) -> None:
    sockets = STALLS[route](site)
    try:
        everything_else_answers(site)
    finally:
        for sock in sockets:
            sock.close()
    # The dropped uploads leave nothing behind, and stored nothing.
    wait_until(lambda: received_files(site) == 0, "the dropped uploads to be cleaned up")
    with Session(engine) as session:
        titles = session.exec(select(MediaAsset.filename)).all()
        booth = session.exec(select(Booth).where(Booth.slug == BOOTH)).one()
    assert "big.jpg" not in titles
    assert booth.draft["tagline"] == "Kota cerdas"
    assert_nothing_half_published(engine)
    assert_storage_check_clean(site.settings)


def test_five_resumable_uploads_finishing_together_all_land(site: Site, engine: Engine) -> None:
    files = [photo(10 + n) for n in range(5)]
    locations = [create_tus(site, 0, len(data), place="gallery") for data in files]
    barrier = threading.Barrier(len(files))
    answers: list[httpx2.Response] = []

    def finish(location: str, data: bytes) -> None:
        barrier.wait()
        answers.append(
            httpx2.patch(
                f"{site.base}{location}",
                content=data,
                headers={
                    **site.bearer(0),
                    "Tus-Resumable": "1.0.0",
                    "Content-Type": "application/offset+octet-stream",
                    "Upload-Offset": "0",
                },
                timeout=120,
            )
        )

    pairs = zip(locations, files, strict=True)
    threads = [threading.Thread(target=finish, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [204] * 5, [a.text for a in answers]
    ids = sorted(int(a.headers["pameran-media-id"]) for a in answers)
    with Session(engine) as session:
        stored = session.exec(select(MediaAsset.id).where(col(MediaAsset.id).in_(ids))).all()
        booth = session.exec(select(Booth).where(Booth.slug == BOOTH)).one()
    assert Counter(stored) == Counter(ids)  # each id once
    assert set(ids) <= set(booth.draft["gallery"])  # every one placed, none lost to a race
