"""The topology as people use it: through nginx, across two instances, one database."""

import io
import random
import re
import secrets
import time

import httpx2 as httpx
from PIL import Image

from tests.topology.conftest import Topology

PASSWORD = "topology-password-1"
# Cities outside the sample exhibition (a reused topology takes another one).
NEW_REGIONS = ("11.71", "12.71", "13.71", "14.71", "16.71", "18.71", "33.74", "35.78")
RUN = secrets.token_hex(3)  # a topology may be reused: every run makes its own people


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (96, 64), (30, 140, 90)).save(out, "JPEG", quality=85)
    return out.getvalue()


def token_for(topology: Topology, email: str, *args: str) -> str:
    topology.pameran("users", "add", email, *args, "--password-stdin", stdin=PASSWORD + "\n")
    return topology.pameran("tokens", "add", email).strip().splitlines()[-1]


def test_a_booth_published_on_one_instance_is_public_everywhere_within_a_second(
    topology: Topology,
) -> None:
    one, two = topology.instances
    region = random.choice(NEW_REGIONS)  # its booth is new: created for its editor
    editor = token_for(
        topology, f"editor-{RUN}@daerah.go.id", "--role", "region-editor", "--region", region
    )
    moderator = token_for(topology, f"moderator-{RUN}@pameran.go.id", "--role", "moderator")
    as_editor = {"Authorization": f"Bearer {editor}"}
    as_moderator = {"Authorization": f"Bearer {moderator}"}
    with httpx.Client(timeout=30) as http:
        booths = http.get(f"{one}/api/v1/workspace/booths", headers=as_editor).json()
        slug = next(b["slug"] for b in booths if b["region"]["code"] == region)
        assert http.get(f"{topology.nginx}/booths/{slug}").status_code == 404

        media = http.post(
            f"{one}/api/v1/workspace/booths/{slug}/media",
            headers=as_editor,
            files={"file": ("manado.jpg", jpeg(), "image/jpeg")},
            data={"alt_text": "Pantai Malalayang"},
        )
        assert media.status_code == 201, media.text
        picture_id = media.json()["id"]
        draft = {  # what approval requires: a logo, a banner and one pillar
            "title": "Anjungan topologi",
            "tagline": "Kota topologi",
            "logo": picture_id,
            "banner": picture_id,
            "gallery": [picture_id],
            "pillars": {"governance": {"summary": "Layanan warga daring."}},
        }
        put = http.put(f"{one}/api/v1/workspace/booths/{slug}/draft", headers=as_editor, json=draft)
        assert put.status_code == 200, put.text
        submitted = http.post(
            f"{one}/api/v1/workspace/booths/{slug}/submissions", headers=as_editor
        )
        assert submitted.status_code == 201, submitted.text

        submission = submitted.json()["id"]
        base = f"{two}/api/v1/moderation/submissions/{submission}"
        assert http.post(f"{base}/claim", headers=as_moderator).status_code == 200
        approved = http.post(f"{base}/decision", headers=as_moderator, json={"decision": "approve"})
        assert approved.status_code == 200, approved.text
        published_at = time.monotonic()

        while True:
            page = http.get(f"{topology.nginx}/booths/{slug}")
            if page.status_code == 200 or time.monotonic() - published_at > 1.0:
                break
            time.sleep(0.05)
        assert page.status_code == 200 and "Kota topologi" in page.text
        live = http.get(f"{topology.nginx}/api/v1/booths/{slug}").json()
        url = live["content"]["gallery"][0]["url"]
        picture = http.get(httpx.URL(topology.nginx).join(url), follow_redirects=True)
        assert time.monotonic() - published_at <= 1.0
        assert picture.status_code == 200 and picture.headers["content-type"].startswith("image/")


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def test_a_browser_session_made_on_one_instance_works_on_the_other(topology: Topology) -> None:
    one, two = topology.instances
    email = f"organizer-{RUN}@pameran.go.id"
    topology.pameran(
        "users", "add", email, "--role", "organizer", "--password-stdin", stdin=PASSWORD + "\n"
    )
    with httpx.Client(timeout=30) as browser:
        form = browser.get(f"{one}/login")
        signed_in = browser.post(
            f"{one}/login",
            data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(form.text)},
        )
        assert signed_in.status_code == 303, signed_in.text[:500]
        account = browser.get(f"{two}/account")
        assert account.status_code == 200 and email in account.text


def test_login_throttles_count_across_instances(topology: Topology) -> None:
    email = f"throttled-{RUN}@pameran.go.id"
    topology.pameran(
        "users", "add", email, "--role", "moderator", "--password-stdin", stdin=PASSWORD + "\n"
    )
    statuses = []
    with httpx.Client(timeout=30) as browser:
        for attempt in range(20):
            instance = topology.instances[attempt % 2]
            form = browser.get(f"{instance}/login")
            answer = browser.post(
                f"{instance}/login",
                data={"email": email, "password": "wrong", "csrf_token": csrf_token(form.text)},
            )
            statuses.append(answer.status_code)
    assert 429 in statuses, statuses  # no later than the 20th failure, whichever instance
    assert set(statuses) <= {401, 429}
