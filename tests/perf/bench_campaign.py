"""The organizer's campaign dashboard with the sample's regions and with all 514.

    python -m tests.perf.bench_campaign         # from the repository root

Renders `/organizer` and `GET /api/v1/organizer/campaign` in-process (TestClient,
SQLite) with the sample exhibition's participants, then again once every
kabupaten/kota takes part (each with its booth), and prints the median time and
the SQL statement count of each. The statement count must not grow with the
regions; the time may, with the rows drawn. Environment: BENCH_RENDERS (default
20) requests per page and size. See README.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

from tests.perf._server import counted_statements, in_process_installation

PAGES = ("/organizer", "/api/v1/organizer/campaign")
ORGANIZER = "bench.organizer@pameran.go.id"


@dataclass
class Rendered:
    path: str
    regions: int
    ms: list[float]
    queries: list[int]


def measure(client: Any, statements: list[str], path: str, regions: int, renders: int) -> Rendered:
    client.get(path)  # template compilation, first connections
    ms, queries = [], []
    for _ in range(renders):
        statements.clear()
        started = time.perf_counter()
        answer = client.get(path)
        ms.append((time.perf_counter() - started) * 1000)
        queries.append(len(statements))
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code}")
    return Rendered(path, regions, ms, queries)


def everyone_takes_part(app: Any) -> int:
    """Every region participates (its booth is created), as the roster would do it."""
    from sqlmodel import Session, col, select

    from app.curation.participation import set_participation
    from app.regions.models import Region

    with Session(app.state.engine) as session:
        for code in session.exec(
            select(Region.code).where(col(Region.participating).is_(False))
        ).all():
            set_participation(session, code, participating=True, hall_slug=None, actor_id=None)
        session.commit()
        return len(session.exec(select(Region.code)).all())


def run(renders: int, *, base_url: str) -> list[Rendered]:
    from fastapi.testclient import TestClient
    from sqlmodel import Session, col, func, select

    from app.core.config import Settings
    from app.main import create_app
    from app.regions.models import Region
    from tests.factories import make_user, sign_in

    app = create_app(Settings())
    with TestClient(app, base_url=base_url) as client:
        with Session(app.state.engine) as session:
            make_user(session, ORGANIZER, "organizer")
            sample = session.exec(select(func.count()).where(col(Region.participating))).one()
        sign_in(client, ORGANIZER)
        results = []
        with counted_statements(app) as statements:
            results += [measure(client, statements, p, sample, renders) for p in PAGES]
        everyone = everyone_takes_part(app)
        with counted_statements(app) as statements:
            results += [measure(client, statements, p, everyone, renders) for p in PAGES]
    return results


def report(results: list[Rendered], renders: int) -> None:
    print(f"\ncampaign dashboard, {renders} requests each, in-process (TestClient), SQLite\n")
    width = max(len(r.path) for r in results)
    print(f"{'page':<{width}}  {'regions':>7}  {'ms':>7}  {'queries':>7}  {'× smaller':>9}")
    smaller = {r.path: r for r in results if r.regions == min(x.regions for x in results)}
    for r in results:
        ratio = statistics.median(r.ms) / statistics.median(smaller[r.path].ms)
        low, high = min(r.queries), max(r.queries)
        queries = f"{low}" if low == high else f"{low}–{high}"
        print(
            f"{r.path:<{width}}  {r.regions:>7}  {statistics.median(r.ms):>7.1f}  "
            f"{queries:>7}  {ratio:>9.2f}"
        )
    grown = [r.path for r in results if max(r.queries) > max(smaller[r.path].queries)]
    if grown:
        print(f"\nquery count GROWS with the regions on {', '.join(grown)}")
    else:
        print("\nquery count does not grow with the regions")


def main() -> int:
    renders = int(os.environ.get("BENCH_RENDERS", "20"))
    with in_process_installation("pameran-bench-campaign-") as env:
        results = run(renders, base_url=env["PAMERAN_BASE_URL"])
    report(results, renders)
    return 0


if __name__ == "__main__":
    sys.exit(main())
