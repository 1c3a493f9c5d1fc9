"""Scan throughput, side by side in one run: local engine (1 and N threads) and Ray (N actors).

Builds a gallery in a temporary folder (public-domain art from ../shared when it is there,
synthetic images otherwise; prompts written into PNG/EXIF metadata the way the big UIs do),
then scans it with each engine using the registered detectors (``Guard.default()``), and
reports images per second and the ratio to the single-threaded local engine. Ray's start-up
is timed apart from its steady state. A re-scan on stored findings (a policy change) is timed
too.

    python benchmarks/bench_scan.py --images 300 --size 512 --workers 2
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from tests.scan_fixtures import build_gallery  # noqa: E402

from consentry.scan import DefaultGuard, ScanOptions, folder_items, run_scan  # noqa: E402

SHARED = ROOT.parent / "shared"


def enlarge(folder: Path, size: int) -> None:
    """Scale every image to ``size`` on the long side, keeping its metadata (hosted images are large)."""
    for path in folder.rglob("*"):
        if path.parent.name == "corrupt" or not path.is_file():
            continue
        with Image.open(path) as image:
            info = dict(image.info)
            exif = image.getexif()
            scale = size / max(image.size)
            big = image.convert("RGB").resize((round(image.width * scale), round(image.height * scale)))
        if path.suffix == ".png":
            from PIL import PngImagePlugin

            chunks = PngImagePlugin.PngInfo()
            for key, value in info.items():
                if isinstance(value, str):
                    chunks.add_text(key, value)
            big.save(path, pnginfo=chunks)
        else:
            big.save(path, exif=exif, quality=90)


def timed(label: str, folder: Path, out: Path, options: ScanOptions, policy: str | None = None) -> float:
    started = time.perf_counter()
    summary = run_scan(folder_items(folder), out, DefaultGuard(policy), options)
    elapsed = time.perf_counter() - started
    rate = summary.total / elapsed
    print(
        f"  {label:<34} {summary.total} items in {elapsed:6.1f} s = {rate:7.1f} items/s "
        f"(detected {summary.detected}, re-decided {summary.reused}, errors {summary.errors})",
        flush=True,
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=int, default=300)
    parser.add_argument("--size", type=int, default=512, help="long side of the gallery images in pixels")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--skip-ray", action="store_true")
    args = parser.parse_args()

    guard = DefaultGuard()()
    print(f"detectors: {', '.join(guard.detector_versions) or '(none registered: scanner overhead only)'}")
    if guard.unavailable:
        print(f"unavailable: {', '.join(spec.target for spec, _ in guard.unavailable)}")
    with tempfile.TemporaryDirectory(prefix="consentry-bench-scan-") as tmp:
        work = Path(tmp)
        built = time.perf_counter()
        build_gallery(work / "gallery", count=args.images, shared=SHARED if SHARED.is_dir() else None)
        enlarge(work / "gallery", args.size)
        print(
            f"gallery: {args.images} images + 3 corrupt, {args.size} px, built in {time.perf_counter() - built:.1f} s"
        )
        common = {"batch_size": args.batch_size, "report": False, "parquet": False, "progress": False}
        rates: dict[str, float] = {}
        rates["local, 1 worker"] = timed("local, 1 worker", work / "gallery", work / "l1", ScanOptions(**common))
        rates[f"local, {args.workers} threads"] = timed(
            f"local, {args.workers} threads",
            work / "gallery",
            work / "l2",
            ScanOptions(workers=args.workers, **common),  # type: ignore[arg-type]
        )
        policy = work / "policy.yaml"
        from consentry.policy import default_policy_text

        policy.write_text(default_policy_text().replace('version: "', 'version: "bench-'), encoding="utf-8")
        rates["re-scan, policy changed"] = timed(
            "re-scan after a policy change", work / "gallery", work / "l1", ScanOptions(**common), str(policy)
        )
        if not args.skip_ray:
            import ray

            started = time.perf_counter()
            ray.init(num_cpus=args.workers, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
            startup = time.perf_counter() - started
            print(f"  ray.init with {args.workers} CPUs: {startup:.1f} s (start-up, not in the rates below)")
            ray_options = ScanOptions(engine="ray", workers=args.workers, **common)  # type: ignore[arg-type]
            rates[f"ray, {args.workers} actors"] = timed(
                f"ray, {args.workers} actors", work / "gallery", work / "r1", ray_options
            )
            ray.shutdown()
            same = (work / "l1" / "decisions.jsonl").exists() and _same(work / "l2", work / "r1")
            print(f"  ray and local decisions identical: {same}")
        base = rates["local, 1 worker"]
        print("ratios to the local engine with 1 worker:")
        for label, rate in rates.items():
            print(f"  {label:<34} {rate / base:5.2f}x")


def _same(a: Path, b: Path) -> bool:
    def load(folder: Path) -> list[dict[str, object]]:
        return [json.loads(line) for line in (folder / "decisions.jsonl").open(encoding="utf-8")]

    return load(a) == load(b)


if __name__ == "__main__":
    main()
