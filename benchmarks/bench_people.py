"""The people detector's speed: per-prompt p50/p99 on one core, index load time, resident memory.

Side by side in the same run: a plain substring check over Civitai's 1,573 names (a compiled
alternation of whole words), on the same prompts. Prompts are the dev set's prompts and COCO
captions (up to 75 words) when ../shared is present, else a few built-in ones.

    python benchmarks/bench_people.py [--prompts N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import statistics
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BUILT_IN = [
    "photo of Taylor Swift on a beach, 8k, masterpiece",
    "a cat sitting on a sofa in the living room",
    "(t4yl0r sw1ft:1.3), nude, <lora:detail:0.6> BREAK best quality",
    "masterpiece, best quality, 1girl, solo, long hair, looking at viewer, smile, outdoors, sky, day",
]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load_prompts(limit: int) -> list[str]:
    prompts: list[str] = []
    dev = SHARED / "eval" / "ncii_dev.jsonl"
    coco = SHARED / "data" / "coco_captions" / "coco_30k.csv"
    if dev.is_file():
        prompts += [json.loads(line)["prompt"] for line in dev.open(encoding="utf-8")]
    if coco.is_file():
        prompts += [row["prompt"] for row in csv.DictReader(coco.open(encoding="utf-8"))][
            : max(0, limit - len(prompts))
        ]
    if not prompts:
        prompts = BUILT_IN * 250
    return [p for p in prompts if len(p.split()) <= 75][:limit]


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1e3, ordered[int(len(ordered) * 0.99)] * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=10_000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    before = rss_mb()
    started = time.perf_counter()
    from consentry.text.people_index import PeopleIndex
    from consentry.text.person import PeopleMatcher

    matcher = PeopleMatcher(PeopleIndex.load())
    load_s = time.perf_counter() - started
    after = rss_mb()

    prompts = load_prompts(args.prompts)
    from consentry.text.normalize import normalize

    names_path = SHARED / "data" / "civitai_lists" / "words-poi.json"
    names = json.loads(names_path.read_text(encoding="utf-8")) if names_path.is_file() else ["taylor swift"]
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b")

    for prompt in prompts[:200]:  # warm up
        matcher.find(prompt)
    # CPU time of this thread (time.thread_time): on a shared machine, wall-clock percentiles
    # mostly measure the scheduler; both are reported.
    clock = time.thread_time
    ours: list[float] = []
    base: list[float] = []
    norm: list[float] = []
    wall: list[float] = []
    for prompt in prompts:
        normalize.cache_clear()
        w0 = time.perf_counter()
        t0 = clock()
        matcher.find(prompt)
        t1 = clock()
        w1 = time.perf_counter()
        pattern.findall(prompt.lower())
        t2 = clock()
        normalize.cache_clear()
        t3 = clock()
        normalize(prompt)
        t4 = clock()
        ours.append(t1 - t0)
        base.append(t2 - t1)
        norm.append(t4 - t3)
        wall.append(w1 - w0)
    p50, p99 = percentiles(ours)
    b50, b99 = percentiles(base)
    n50, n99 = percentiles(norm)
    w50, w99 = percentiles(wall)
    print(f"prompts: {len(prompts)} (<= 75 words), one core; CPU time per prompt")
    print(f"people matcher:        p50 {p50:.3f} ms  p99 {p99:.3f} ms  (normalize alone: p50 {n50:.3f}, p99 {n99:.3f})")
    print(f"substring baseline:    p50 {b50:.3f} ms  p99 {b99:.3f} ms  (Civitai's {len(names)} names)")
    print(f"ratio matcher/baseline: p50 {p50 / b50:.1f}x  p99 {p99 / b99:.1f}x")
    print(f"people matcher, wall clock: p50 {w50:.3f} ms  p99 {w99:.3f} ms")
    print(f"index: {len(matcher.index)} people; load {load_s:.2f} s; RSS {after:.0f} MB (+{after - before:.0f} MB)")


if __name__ == "__main__":
    main()
