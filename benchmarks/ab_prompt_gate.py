"""Two versions of the whole prompt gate in one process, timed prompt by prompt, alternating.

    taskset -c 1 python benchmarks/ab_prompt_gate.py --other OTHER/src [--prompts N] [--seed S]

``OTHER/src`` is the source tree of another version (e.g. a checkout of the commit before a
change). Its ``consentry`` package is copied to a temporary directory as ``consentry_other``
(imports, resource names and detector targets renamed), so that both versions load side by side,
each with its own people index and models. On the same prompts of the site-traffic mix, in two
passes as ``bench_site_traffic.py`` makes them (the whole ``Guard.check`` beside the list filter,
then each stage inside the pipeline and the policy), the two versions alternate which goes first.
Verdicts are compared on every prompt. On a loaded machine this is steadier than comparing runs.
"""

from __future__ import annotations

import argparse
import importlib
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site_traffic import ListFilter
from site_traffic import TrafficPrompt, build_site_traffic

_NAME = re.compile(r"\bconsentry(?=[.\"' ])")


def copy_as_other(src: Path, into: Path) -> None:
    """Copy ``src/consentry`` to ``into/consentry_other`` with its own name in its code."""
    target = into / "consentry_other"
    shutil.copytree(src / "consentry", target)
    for path in target.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(_NAME.sub("consentry_other", text), encoding="utf-8")


class Version:
    """One version's guard and the types its requests are made of."""

    def __init__(self, package: str) -> None:
        root = importlib.import_module(package)
        self.package = package
        self.content = importlib.import_module(f"{package}.content")
        self.base = importlib.import_module(f"{package}.detectors.base")
        self.normalize: ModuleType = importlib.import_module(f"{package}.text.normalize")
        self.check_request = root.CheckRequest
        self.guard = root.Guard.default().load()

    def request(self, item: TrafficPrompt) -> Any:
        user = self.content.UserContext(adult_content=True)
        return self.check_request(prompt=item.prompt, negative_prompt=item.negative_prompt, user=user)

    def clear(self) -> None:
        """Empty the caches of per-prompt work, as ``bench_site_traffic.clear_caches`` does."""
        self.normalize.normalize.cache_clear()
        for module, name in (("features", "_WORD_TABLES"), ("sexual_context", "_PIECES")):
            table = getattr(importlib.import_module(f"{self.package}.text.{module}"), name, None)
            if isinstance(table, dict):
                table.clear()  # what the sexual stage keeps per word and per piece of a prompt
        importlib.import_module(f"{self.package}.text.lexicon").text_words.cache_clear()
        for detector in self.guard.detectors:
            for holder in (getattr(detector, "_intent", None), getattr(detector, "_signs", None)):
                starts = getattr(getattr(holder, "lexicon", None), "_starts", None)
                if isinstance(starts, dict):
                    starts.clear()
            matcher = getattr(detector, "_matcher", None)
            if matcher is not None:
                matcher.index._near_cache.clear()
                matcher._protected.near_cache.clear()
                getattr(matcher._protected, "found_cache", {}).clear()

    def staged(self, request: Any, times: dict[str, float]) -> None:
        context = self.base.Context(request, self.guard.policy)
        clock = time.thread_time
        for detector in self.guard.detectors:
            started = clock()
            if detector.applies(context):
                context.findings.extend(detector.detect(context))
                times[detector.name] = clock() - started
        started = clock()
        self.guard.decide(request, context.findings)
        times["policy"] = clock() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return statistics.median(ordered) if q == 0.5 else ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, required=True, help="the src directory of the other version")
    parser.add_argument("--prompts", type=int, default=2000)
    parser.add_argument("--warm", type=int, default=300)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:  # kept while measuring: the copy imports lazily
        copy_as_other(args.other, Path(tmp))
        sys.path.insert(0, tmp)
        versions = {"other": Version("consentry_other"), "this tree": Version("consentry")}
        return measure(versions, args)


def measure(versions: dict[str, Version], args: argparse.Namespace) -> int:
    traffic = build_site_traffic(args.prompts + args.warm, seed=args.seed)
    warm, measured = traffic[: args.warm], traffic[args.warm :]
    list_filter = ListFilter()
    clock = time.thread_time
    times: dict[str, dict[str, list[float]]] = {name: {} for name in versions}
    differ = 0

    def record(name: str, label: str, value: float) -> None:
        times[name].setdefault(label, []).append(value)

    for version in versions.values():
        version.clear()
        for item in warm:
            version.guard.check(version.request(item))
    for k, item in enumerate(measured):
        verdicts = []
        for name in list(versions)[:: 1 if k % 2 else -1]:
            version = versions[name]
            request = version.request(item)
            t0 = clock()
            verdicts.append(version.guard.check(request).verdict)
            t1 = clock()
            list_filter.check(item.prompt)
            t2 = clock()
            record(name, "Guard.check", t1 - t0)
            record(name, "list filter", t2 - t1)
        differ += verdicts[0] != verdicts[1]
    for version in versions.values():
        version.clear()
        for item in warm:
            version.staged(version.request(item), {})
    stages: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
    for k, item in enumerate(measured):
        for name in list(versions)[:: 1 if k % 2 else -1]:
            staged: dict[str, float] = {}
            versions[name].staged(versions[name].request(item), staged)
            stages[name].append(staged)
    for name in versions:
        for label in ("person", "sexual", "minor", "policy"):
            times[name][label] = [s.get(label, 0.0) for s in stages[name]]

    print(f"{len(measured)} prompts (seed {args.seed}), the two versions alternating; CPU ms per prompt, p50 / p99")
    print(f"verdicts that differ: {differ}")
    for label in ("list filter", "Guard.check", "person", "sexual", "minor", "policy"):
        cells = []
        for name in versions:
            values = times[name][label]
            cells.append(f"{name} {percentile(values, 0.5) * 1e3:.3f} / {percentile(values, 0.99) * 1e3:.3f}")
        ratio = percentile(times["this tree"][label], 0.5) / max(percentile(times["other"][label], 0.5), 1e-12)
        print(f"{label:>12}: {'   '.join(cells)}   p50 this tree / other {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
