"""The image pipeline against bare Pillow, on a 24-megapixel photo, in one run.

    python -m tests.perf.bench_images           # from the repository root

Generates a photo-like 6000×4000 JPEG (gradients, shapes and noise; quality 90),
then measures, each time in a fresh subprocess so that no measurement inherits
another's caches or heap:

- baseline: `Image.open` → `thumbnail((1920, 1920))` → WebP quality 80, one file;
- pipeline: `app.media.images.process_image`, everything an upload produces
  (WebP and JPEG renditions at 320/640/1280/1920 px, metadata stripped).

Time is the median of BENCH_RUNS (default 5) runs. Memory is measured twice:
RSS growth (peak `ru_maxrss` after the work minus RSS before it, so imports and
codec start-up do not count) and the tracemalloc peak (in a separate run, since
tracing slows Python down). tracemalloc only sees Python's allocator: Pillow's
pixel buffers come from C `malloc`, so RSS growth is the figure that matters.
Prints figures, never asserts; targets: ≤ 1.3× the baseline's time, peak < 250 MB.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SIZE = (6000, 4000)
TIME_TARGET = 1.3
MEMORY_TARGET_MB = 250


def make_photo(path: Path) -> None:
    """A JPEG that compresses like a photo: smooth areas, edges and sensor-like noise."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = SIZE
    gradient = Image.linear_gradient("L")
    red = gradient.rotate(90).resize(SIZE)
    green = gradient.resize(SIZE)
    blue = Image.radial_gradient("L").resize(SIZE)
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for i in range(60):  # "objects": edges the encoder has to keep
        x, y = (i * 977) % width, (i * 613) % height
        colour = ((i * 37) % 256, (i * 91) % 256, (i * 53) % 256)
        draw.ellipse((x, y, x + 300 + i * 7, y + 200 + i * 5), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(3))
    texture = Image.effect_noise((width // 8, height // 8), 40).resize(
        SIZE, Image.Resampling.BICUBIC
    )
    image = Image.blend(image, Image.merge("RGB", (texture, texture, texture)), 0.25)
    grain = Image.merge("RGB", [Image.effect_noise(SIZE, 40) for _ in range(3)])
    image = Image.blend(image, grain, 0.3)
    image.save(path, "JPEG", quality=90)  # about 8 MB, like a camera's 24-megapixel photo


def child(variant: str, source: Path, out_dir: Path, trace: bool) -> None:
    """One measurement, printed as JSON on stdout."""
    import time
    import tracemalloc

    from PIL import Image

    from app.core.config import Settings
    from app.media.decode_budget import decode_budget
    from app.media.images import process_image

    settings = Settings()
    max_pixels, budget = settings.max_image_pixels, decode_budget(settings)

    def baseline() -> None:
        with Image.open(source) as image:
            image.thumbnail((1920, 1920))
            image.save(out_dir / "baseline.webp", "WEBP", quality=80)

    def pipeline() -> None:
        process_image(source, out_dir, max_pixels=max_pixels, budget=budget)

    work = baseline if variant == "baseline" else pipeline
    # Load the codecs (and Python modules they pull in) before measuring.
    warm = out_dir / "warm.jpg"
    Image.new("RGB", (64, 64), "white").save(warm, "JPEG")
    with Image.open(warm) as image:
        image.save(out_dir / "warm.webp", "WEBP")
    process_image(warm, out_dir, max_pixels=max_pixels, budget=budget)

    rss_before, maxrss_before = _status_kb("VmRSS"), _maxrss_kb()
    if trace:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    work()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else 0
    result = {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        # Peak resident set during the work, over what was resident before it.
        "rss_growth_mb": (_status_kb("VmHWM") - rss_before) / 1024,
        "maxrss_growth_mb": (_maxrss_kb() - maxrss_before) / 1024,
        "traced_peak_mb": traced_peak / 2**20,
    }
    print(json.dumps(result))


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def _maxrss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


def measure(variant: str, source: Path, workdir: Path, trace: bool = False) -> dict[str, float]:
    out_dir = Path(tempfile.mkdtemp(dir=workdir))
    done = subprocess.run(
        [sys.executable, "-m", "tests.perf.bench_images", "--child", variant, str(source),
         str(out_dir), "trace" if trace else "time"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"bench: {variant} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pameran-bench-images-") as tmp:
        workdir = Path(tmp)
        source = workdir / "photo.jpg"
        # In a child: a parent that once held the 24-megapixel bitmap would pass its
        # ru_maxrss on to every measuring process it starts.
        subprocess.run(
            [sys.executable, "-m", "tests.perf.bench_images", "--make", str(source)], check=True
        )
        print(
            f"source: {SIZE[0]}×{SIZE[1]} JPEG q90, {source.stat().st_size / 2**20:.1f} MB; "
            f"{RUNS} runs each, one fresh process per run",
            flush=True,
        )
        results: dict[str, dict[str, float]] = {}
        timed: dict[str, list[dict[str, float]]] = {"baseline": [], "pipeline": []}
        for _ in range(RUNS):  # interleaved, so noise spreads over both
            for variant in timed:
                timed[variant].append(measure(variant, source, workdir))
        for variant, runs in timed.items():
            traced = measure(variant, source, workdir, trace=True)
            results[variant] = {
                "seconds": statistics.median(r["seconds"] for r in runs),
                "cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
                "rss_growth_mb": max(r["rss_growth_mb"] for r in runs),
                "maxrss_growth_mb": max(r["maxrss_growth_mb"] for r in runs),
                "traced_peak_mb": traced["traced_peak_mb"],
            }

        print(f"\n{'':10} {'median s':>9} {'CPU s':>6} {'VmHWM growth MB':>16} "
              f"{'ru_maxrss MB':>13} {'tracemalloc MB':>15}")  # fmt: skip
        for variant, r in results.items():
            print(
                f"{variant:10} {r['seconds']:9.3f} {r['cpu_seconds']:6.3f} "
                f"{r['rss_growth_mb']:16.1f} {r['maxrss_growth_mb']:13.1f} "
                f"{r['traced_peak_mb']:15.1f}"
            )
        ratio = results["pipeline"]["seconds"] / results["baseline"]["seconds"]
        cpu_ratio = results["pipeline"]["cpu_seconds"] / results["baseline"]["cpu_seconds"]
        peak = results["pipeline"]["rss_growth_mb"]
        print(
            f"\npipeline / baseline time: {ratio:.2f}× (target ≤ {TIME_TARGET}×) "
            f"{'ok' if ratio <= TIME_TARGET else 'MISSED'}; in CPU time {cpu_ratio:.2f}× "
            "(steadier when other processes share the cores)"
        )
        print(
            f"pipeline peak RSS growth: {peak:.0f} MB (target < {MEMORY_TARGET_MB} MB) "
            f"{'ok' if peak < MEMORY_TARGET_MB else 'MISSED'}"
        )
        print(
            "(the pipeline writes 8 files — WebP and JPEG at 4 widths — where the baseline "
            "writes one WebP)"
        )


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), sys.argv[5] == "trace")
    elif len(sys.argv) == 3 and sys.argv[1] == "--make":
        make_photo(Path(sys.argv[2]))
    else:
        main()
