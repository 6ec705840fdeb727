"""Cold render time and SQL statement count of a booth page, in-process.

    python -m tests.perf.bench_render           # from the repository root

Imports the sample exhibition into a throwaway SQLite database, then requests the
booth page with the most media and the one with the fewest through FastAPI's
TestClient, emptying the page cache before every request. The statement count
should be the same for both: a page that issues one query per media item (N+1)
shows up here long before it shows up in production. Environment: BENCH_RENDERS
(default 50) requests per booth. See README.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.perf._server import counted_statements, in_process_installation

WARM_UP_RENDERS = 3


@dataclass
class Renders:
    slug: str
    media: int
    cold_ms: list[float]
    cold_queries: list[int]
    cached_ms: list[float]


def media_count(content: dict[str, Any]) -> int:
    """Media items referenced by a booth's live content (logo, banner and the lists)."""
    singles = sum(1 for key in ("logo", "banner") if content.get(key))
    lists = sum(len(content.get(key) or []) for key in ("gallery", "documents", "videos"))
    return singles + lists


def measure(
    client: Any, clear_cache: Callable[[], None], statements: list[str], slug: str, renders: int
) -> tuple[list[float], list[int], list[float]]:
    """Cold times and statement counts (cache emptied first), then cached times."""
    path = f"/booths/{slug}"
    for _ in range(WARM_UP_RENDERS):  # template compilation, first connections
        clear_cache()
        client.get(path)

    cold_ms: list[float] = []
    cold_queries: list[int] = []
    for _ in range(renders):
        clear_cache()
        statements.clear()
        started = time.perf_counter()
        answer = client.get(path)
        cold_ms.append((time.perf_counter() - started) * 1000)
        cold_queries.append(len(statements))
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code}")

    cached_ms: list[float] = []
    for _ in range(renders):
        started = time.perf_counter()
        client.get(path)
        cached_ms.append((time.perf_counter() - started) * 1000)
    return cold_ms, cold_queries, cached_ms


def main() -> int:
    renders = int(os.environ.get("BENCH_RENDERS", "50"))

    with in_process_installation("pameran-bench-render-") as env:
        results = run(renders, base_url=env["PAMERAN_BASE_URL"])

    report(results, renders)
    return 0


def run(renders: int, *, base_url: str) -> list[Renders]:
    from fastapi.testclient import TestClient

    from app.core.config import Settings
    from app.main import create_app

    app = create_app(Settings())
    # `with`: runs the lifespan
    with TestClient(app, base_url=base_url) as client, counted_statements(app) as statements:
        booths = client.get("/api/v1/booths").json()
        if not booths:
            raise RuntimeError("the sample exhibition has no live booth")
        media = {
            b["slug"]: media_count(client.get(f"/api/v1/booths/{b['slug']}").json()["content"])
            for b in booths
        }
        most = max(media, key=lambda slug: media[slug])
        fewest = min(media, key=lambda slug: media[slug])

        results = []
        for slug in dict.fromkeys([most, fewest]):  # one booth only if they coincide
            cold_ms, cold_queries, cached_ms = measure(
                client, app.state.page_cache.clear, statements, slug, renders
            )
            results.append(Renders(slug, media[slug], cold_ms, cold_queries, cached_ms))
    return results


def report(results: list[Renders], renders: int) -> None:
    print(f"\nbooth page, {renders} requests each, in-process (TestClient), SQLite\n")
    width = max(len(r.slug) for r in results)
    print(f"{'booth':<{width}}  {'media':>5}  {'cold ms':>7}  {'queries':>7}  {'cached ms':>9}")
    for r in results:
        low, high = min(r.cold_queries), max(r.cold_queries)
        queries = f"{low}" if low == high else f"{low}–{high}"
        print(
            f"{r.slug:<{width}}  {r.media:>5}  {statistics.median(r.cold_ms):>7.1f}  "
            f"{queries:>7}  {statistics.median(r.cached_ms):>9.2f}"
        )

    if len(results) == 2:
        most, fewest = results
        extra = statistics.median(most.cold_queries) - statistics.median(fewest.cold_queries)
        if extra <= 0:
            print(
                f"\nquery count does not grow with media "
                f"({fewest.media} → {most.media} media items, same number of statements)"
            )
        else:
            print(
                f"\nquery count GROWS with media: {extra:g} more statements for "
                f"{most.media - fewest.media} more media items (N+1?)"
            )


if __name__ == "__main__":
    sys.exit(main())
