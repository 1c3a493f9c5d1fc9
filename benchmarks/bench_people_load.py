"""Cold load of the bundled people index: CPU time, wall time and resident memory, per version.

    python benchmarks/bench_people_load.py [--src OTHER/src ...] [--runs N]

Each run is a fresh process that imports ``consentry.text.people_index``, loads the bundled index
(``PeopleIndex.load()``) and looks up two keys. ``--src`` (repeatable) names the source trees to
compare (default: this tree's ``src``); their runs alternate, so that a busy machine weighs on all
of them alike. CPU time (``time.process_time``) is the figure to compare on a shared machine; wall
time is printed beside it; memory is the resident set after the load and its peak (Linux).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, resource, time
wall, cpu = time.perf_counter(), time.process_time()
from consentry.text.people_index import PeopleIndex
index = PeopleIndex.load()
index.lookup(["taylorswift", "emmawatson"])
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
with open("/proc/self/statm") as statm:  # resident pages now (Linux)
    now = int(statm.read().split()[1]) * resource.getpagesize() / 2**20
print(json.dumps({"wall": wall, "cpu": cpu, "now_mb": now, "people": len(index),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, action="append", default=[], metavar="DIR")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    trees = args.src or [ROOT / "src"]
    results: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    for _ in range(args.runs):
        for tree in trees:
            env = {**os.environ, "PYTHONPATH": str(tree)}
            out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
            results[tree].append(json.loads(out.stdout))
    first = statistics.median(r["cpu"] for r in results[trees[0]])
    for tree, runs in results.items():
        cpu = statistics.median(r["cpu"] for r in runs)
        print(
            f"{tree}: {int(runs[0]['people'])} people; load CPU median {cpu:.3f} s (x{cpu / first:.2f}), "
            f"wall median {statistics.median(r['wall'] for r in runs):.3f} s, "
            f"RSS after load {statistics.median(r['now_mb'] for r in runs):.0f} MB, "
            f"peak {statistics.median(r['rss_mb'] for r in runs):.0f} MB ({args.runs} runs)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
