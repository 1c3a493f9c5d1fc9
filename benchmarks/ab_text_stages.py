"""Two versions of the normalizer and of the people matcher, timed prompt by prompt in one process.

    taskset -c 1 python benchmarks/ab_text_stages.py --other OTHER/src [--prompts N] [--seed S]

``OTHER/src`` is the source tree of another version (e.g. a checkout of the commit before a
change). Its ``consentry/text/normalize.py`` and ``consentry/text/person.py`` are loaded beside
this tree's as separate modules (the other matcher runs on this tree's people index and is given
the same normalized text), and each pair is timed on the same prompts of the site-traffic mix,
alternating which goes first, with the answers checked equal (normalized text and offsets; the
matches). A third comparison times this tree's matcher with and without the index's memory of
keys it does not hold. On a loaded machine this is steadier than comparing whole runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from site_traffic import build_site_traffic

from consentry.text import normalize as this_normalize
from consentry.text import person as this_person
from consentry.text.people_index import PeopleIndex


def load_as(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def alternate(
    items: list[Any], first: Callable[[Any], Any], second: Callable[[Any], Any], same: Callable[[Any, Any], bool]
) -> tuple[list[float], list[float]]:
    clock = time.thread_time
    a_times: list[float] = []
    b_times: list[float] = []
    for k, item in enumerate(items):
        if k % 2:
            t0 = clock()
            a = first(item)
            t1 = clock()
            b = second(item)
            t2 = clock()
            a_times.append(t1 - t0)
            b_times.append(t2 - t1)
        else:
            t0 = clock()
            b = second(item)
            t1 = clock()
            a = first(item)
            t2 = clock()
            b_times.append(t1 - t0)
            a_times.append(t2 - t1)
        if not same(a, b):
            raise SystemExit(f"the two versions answer differently on item {k}")
    return a_times, b_times


def show(label: str, a_name: str, a: list[float], b_name: str, b: list[float]) -> None:
    def summary(values: list[float]) -> str:
        ordered = sorted(values)
        return (
            f"p50 {statistics.median(ordered) * 1e3:.3f} p99 {ordered[int(len(ordered) * 0.99)] * 1e3:.3f} "
            f"mean {sum(ordered) / len(ordered) * 1e3:.3f} ms"
        )

    print(f"{label}:")
    print(f"  {a_name:>26}: {summary(a)}")
    print(f"  {b_name:>26}: {summary(b)}")
    p50 = statistics.median(b) / statistics.median(a)
    print(f"  ratio {b_name} / {a_name}: p50 {p50:.2f}, mean {sum(b) / sum(a):.2f}")


class _ForgetsMisses(set[str]):
    def add(self, element: str) -> None:  # never remembers a key
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, required=True, help="the other version's src folder")
    parser.add_argument("--prompts", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    other_normalize = load_as("other_normalize", args.other / "consentry" / "text" / "normalize.py")
    other_person = load_as("other_person", args.other / "consentry" / "text" / "person.py")
    warm = 300
    prompts = [t.prompt for t in build_site_traffic(args.prompts + warm, seed=args.seed)]

    def normalized_same(a: Any, b: Any) -> bool:
        return bool((a.text, a.starts, a.ends, a.flags) == (b.text, b.starts, b.ends, b.flags))

    for p in prompts[:warm]:
        this_normalize.normalize.__wrapped__(p)
        other_normalize.normalize.__wrapped__(p)
    a, b = alternate(
        prompts[warm:], other_normalize.normalize.__wrapped__, this_normalize.normalize.__wrapped__, normalized_same
    )
    show("normalize", "other", a, "this tree", b)

    index = PeopleIndex.load()
    other = other_person.PeopleMatcher(index)
    this = this_person.PeopleMatcher(index)
    pairs = [(p, this_normalize.normalize(p)) for p in prompts]

    def other_find(item: tuple[str, Any]) -> list[dict[str, Any]]:
        return [m.to_dict() for m in other.find(*item)]

    def this_find(item: tuple[str, Any]) -> list[dict[str, Any]]:
        # the answers by text are not kept here: each prompt is measured as new
        return [m.to_dict() for m in this._find(*item)]

    for item in pairs[:warm]:
        other_find(item)
        this_find(item)
    a, b = alternate(pairs[warm:], other_find, this_find, lambda x, y: bool(x == y))
    show("people matcher (same normalized text)", "other", a, "this tree", b)

    forgetting = PeopleIndex.load()
    forgetting._absent = _ForgetsMisses()
    without = this_person.PeopleMatcher(forgetting)
    remembering = this_person.PeopleMatcher(PeopleIndex.load())

    def find_with(matcher: Any) -> Callable[[tuple[str, Any]], list[dict[str, Any]]]:
        return lambda item: [m.to_dict() for m in matcher._find(*item)]

    for item in pairs[:warm]:
        find_with(without)(item)
        find_with(remembering)(item)
    a, b = alternate(pairs[warm:], find_with(without), find_with(remembering), lambda x, y: bool(x == y))
    show("people matcher, the index's missing keys", "forgotten", a, "remembered", b)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
