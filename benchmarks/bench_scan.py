"""Scan throughput, side by side in one run: local engine (1 and N threads) and Ray (N actors).

Builds a gallery in a temporary folder (public-domain art from ../shared when it is there,
synthetic images otherwise; prompts written into PNG/EXIF metadata the way the big UIs do),
then scans it with each engine using the registered detectors (``Guard.default()``), and
reports images per second and the ratio to the single-threaded local engine, as the median of
interleaved rounds (the machine is shared: interleaving spreads the noise over every engine).
Ray's start-up is timed apart. A re-scan on stored findings (a policy change) is timed too, and
the CPU time per item of the local engine gives the per-core cost the scaling model uses.

    python benchmarks/bench_scan.py --images 200 --size 512 --workers 2 --rounds 2
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
                    chunks.add_text(str(key), value)
            big.save(path, pnginfo=chunks)
        else:
            big.save(path, exif=exif, quality=90)


def timed(label: str, folder: Path, out: Path, options: ScanOptions) -> tuple[float, float]:
    """Items per second, and CPU milliseconds per item spent in this process (threads included)."""
    shutil.rmtree(out, ignore_errors=True)
    cpu = time.process_time()
    started = time.perf_counter()
    summary = run_scan(folder_items(folder), out, DefaultGuard(), options)
    elapsed = time.perf_counter() - started
    cpu_ms = (time.process_time() - cpu) * 1000 / max(1, summary.total)
    rate = summary.total / elapsed
    print(
        f"  {label:<30} {summary.total} items in {elapsed:6.1f} s = {rate:7.1f} items/s, "
        f"{cpu_ms:6.1f} CPU ms/item in this process (detected {summary.detected}, re-decided {summary.reused}, "
        f"errors {summary.errors})",
        flush=True,
    )
    return rate, cpu_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=int, default=300)
    parser.add_argument("--size", type=int, default=512, help="long side of the gallery images in pixels")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds; the median is reported")
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
        common: dict[str, Any] = {"batch_size": args.batch_size, "report": False, "parquet": False, "progress": False}
        policy = work / "policy.yaml"
        from consentry.policy import default_policy_text

        policy.write_text(default_policy_text().replace('version: "', 'version: "bench-'), encoding="utf-8")
        local_1 = "local, 1 worker"
        local_n = f"local, {args.workers} threads"
        on_ray = f"ray, {args.workers} actors"
        rescan = "re-scan, policy changed"
        rates: dict[str, list[float]] = {local_1: [], local_n: [], rescan: []}
        cpu: list[float] = []
        if not args.skip_ray:
            import ray

            rates[on_ray] = []
            started = time.perf_counter()
            ray.init(num_cpus=args.workers, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
            print(f"ray.init with {args.workers} CPUs: {time.perf_counter() - started:.1f} s (not in the rates)")
        for round_number in range(1, args.rounds + 1):
            print(f"round {round_number}:")
            rate, cpu_ms = timed(local_1, work / "gallery", work / "l1", ScanOptions(**common))
            rates[local_1].append(rate)
            cpu.append(cpu_ms)
            if not args.skip_ray:
                ray_options = ScanOptions(engine="ray", workers=args.workers, **common)
                rates[on_ray].append(timed(on_ray, work / "gallery", work / "r1", ray_options)[0])
                print(f"  ray and local decisions identical: {_same(work / 'l1', work / 'r1')}")
            threads = ScanOptions(workers=args.workers, **common)
            rates[local_n].append(timed(local_n, work / "gallery", work / "l2", threads)[0])
            # the checkpoint of l2 holds every item's findings: only the policy runs again
            shutil.copytree(work / "l2", work / "l3", dirs_exist_ok=True)
            started = time.perf_counter()
            summary = run_scan(
                folder_items(work / "gallery"), work / "l3", DefaultGuard(str(policy)), ScanOptions(**common)
            )
            rates[rescan].append(summary.total / (time.perf_counter() - started))
            print(
                f"  {rescan:<30} {summary.total} items = {rates[rescan][-1]:7.1f} items/s (re-decided {summary.reused})"
            )
            shutil.rmtree(work / "l3")
        if not args.skip_ray:
            import ray

            ray.shutdown()
        base = statistics.median(rates[local_1])
        print(f"median of {args.rounds} rounds (ratio to the local engine with 1 worker):")
        for label, values in rates.items():
            rate = statistics.median(values)
            print(f"  {label:<30} {rate:7.1f} items/s  {rate / base:5.2f}x")
        per_item = statistics.median(cpu)
        print(f"  CPU per item, local engine:    {per_item:.0f} ms (= {1000 / per_item:.1f} items/s per core)")


def _same(a: Path, b: Path) -> bool:
    def load(folder: Path) -> list[dict[str, object]]:
        return [json.loads(line) for line in (folder / "decisions.jsonl").open(encoding="utf-8")]

    return load(a) == load(b)


if __name__ == "__main__":
    main()
