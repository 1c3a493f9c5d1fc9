"""The prompt gate on site-like traffic, beside a compiled regex list filter, in one process.

    taskset -c 1 python benchmarks/bench_site_traffic.py [--prompts N] [--seed S] [--json FILE] [--shared DIR]

Prompts: ``site_traffic.build_site_traffic`` (long Stable-Diffusion prompts with weights, LoRA
tags and artists; plain sentences; real names in obfuscated spellings; COCO captions). Reported,
as CPU time of this thread per prompt (p50 / p99), per mix and over all prompts:

- ``list filter``: Civitai's 1,573 names and its NSFW words (words-nsfw.json), each list one
  compiled alternation of whole words, both searched in the prompt in lower case: the kind of
  filter sites run today, and the baseline of every ratio; ``list filter (i)`` is the same
  with case-insensitive patterns on the prompt as written (about 4x slower in Python's ``re``);
- ``Guard.check``: the whole check (``Guard.default()``, adult content on), prompt and negative
  prompt, every detector that applies, then the policy;
- per stage, from a second pass that times each detector inside the same pipeline: ``person``
  (the people matcher, which also normalizes the text), ``sexual``, ``minor``, ``described`` and
  ``unlisted`` (the unlisted-person stage: cost per call where it runs, the share of prompts it
  runs on, and the share on which it calls the NER model).

Before each pass the caches of per-prompt work (normalized text, typo readings, the people
matcher's answers by text) are emptied and warmed on other prompts of the same mix, so that both
passes start alike; each prompt is seen once per pass (negative prompts repeat: the mix draws
them from five typical ones). Times are CPU time (``time.thread_time``); on a loaded machine the absolute
figures are noisy, the ratios to the list filter measured in the same run much less so.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from site_traffic import SHARED, TrafficPrompt, build_site_traffic

from consentry import CheckRequest, Guard
from consentry.content import UserContext
from consentry.detectors.base import Context, Detector

TARGETS = {
    "person": (0.2, 1.5),
    "Guard.check": (0.5, 3.0),
    "sexual": (0.15, None),
}
UNLISTED_TARGET_MS = 1.0
UNLISTED_TARGET_SHARE = 0.05


class ListFilter:
    """Civitai's names and NSFW words as two compiled alternations of whole words."""

    def __init__(self, shared: Path = SHARED) -> None:
        lists = shared / "data" / "civitai_lists"
        names = ["taylor swift", "emma watson"]
        words = ["nude", "naked", "nsfw", "sex", "porn", "topless"]
        if (lists / "words-poi.json").is_file():
            names = json.loads((lists / "words-poi.json").read_text(encoding="utf-8"))
            words = json.loads((lists / "words-nsfw.json").read_text(encoding="utf-8"))
        self.names = names
        self.words = words
        escaped = sorted((re.escape(n.lower()) for n in names), key=len, reverse=True)
        self._names = re.compile(r"\b(?:" + "|".join(escaped) + r")\b")
        # Civitai's NSFW words are regular expressions ("nudi?es", "fuck\w*"), in lower case
        self._words = re.compile(r"\b(?:" + "|".join(words) + r")\b")
        # the same, case-insensitive on the prompt as written (slower: the second baseline)
        self._names_i = re.compile(self._names.pattern, re.IGNORECASE)
        self._words_i = re.compile(self._words.pattern, re.IGNORECASE)

    def check(self, prompt: str) -> bool:
        """Deny when a listed name and a listed word are both in the prompt."""
        text = prompt.lower()
        named = self._names.search(text) is not None
        sexual = self._words.search(text) is not None
        return named and sexual

    def check_case_insensitive(self, prompt: str) -> bool:
        named = self._names_i.search(prompt) is not None
        sexual = self._words_i.search(prompt) is not None
        return named and sexual


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    if q == 0.5:
        return statistics.median(ordered)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def request_of(item: TrafficPrompt) -> CheckRequest:
    return CheckRequest(prompt=item.prompt, negative_prompt=item.negative_prompt, user=UserContext(adult_content=True))


def clear_caches(guard: Guard) -> None:
    """Empty the caches of per-prompt work, so that each pass starts alike."""
    from consentry.text.normalize import normalize

    normalize.cache_clear()
    _clear_word_tables(guard)
    for detector in guard.detectors:
        matcher = getattr(detector, "_matcher", None)
        if matcher is not None:
            matcher.index._near_cache.clear()
            matcher._protected.near_cache.clear()
            getattr(matcher._protected, "found_cache", {}).clear()
            forget = getattr(matcher, "forget", None)  # the rest of the matcher's memory of per-prompt work
            if forget is not None:
                forget()


def _clear_word_tables(guard: Guard) -> None:
    """Empty what the sexual and minor stages keep per word and per piece of a prompt (where a
    version has such tables), so that a pass does not read the words of the pass before."""
    from consentry.text import features, lexicon, sexual_context

    for module, names in ((features, ("_WORD_TABLES",)), (sexual_context, ("_PIECES",))):
        for name in names:
            table = getattr(module, name, None)
            if isinstance(table, dict):
                table.clear()
    lexicon.text_words.cache_clear()
    for detector in guard.detectors:
        for holder in (getattr(detector, "_intent", None), getattr(detector, "_signs", None)):
            starts = getattr(getattr(holder, "lexicon", None), "_starts", None)
            if isinstance(starts, dict):
                starts.clear()


class CountingNer:
    """Wraps the unlisted-person detector's NER function to count and time its calls."""

    def __init__(self, inner: Callable[[str], Any]) -> None:
        self.inner = inner
        self.calls = 0
        self.times: list[float] = []

    def __call__(self, text: str) -> Any:
        started = time.thread_time()
        out = self.inner(text)
        self.times.append(time.thread_time() - started)
        self.calls += 1
        return out


def staged_detect(guard: Guard, request: CheckRequest, times: dict[str, float]) -> None:
    """What ``Guard.detect`` does, with each detector's CPU time recorded (errors re-raised)."""
    context = Context(request, guard.policy)  # the guard's policy gates the later detectors, as in a check
    detectors: Sequence[Detector] = guard.detectors
    clock = time.thread_time
    for detector in detectors:
        started = clock()
        if detector.applies(context):
            context.findings.extend(detector.detect(context))
            times[detector.name] = clock() - started


def summary(values: Sequence[float]) -> tuple[float, float]:
    return percentile(values, 0.5) * 1e3, percentile(values, 0.99) * 1e3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=4000, help="prompts measured (default 4000)")
    parser.add_argument("--warm", type=int, default=300, help="prompts to warm up on, not measured")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the development data (default: ../shared)")
    args = parser.parse_args()

    if not args.shared.is_dir():
        print(f"note: {args.shared} is absent; measuring on the small built-in set (not site-like)")
    traffic = build_site_traffic(args.prompts + args.warm, seed=args.seed, shared=args.shared)
    warm, measured = traffic[: args.warm], traffic[args.warm :]
    guard = Guard.default().load()
    unlisted = next((d for d in guard.detectors if d.name == "unlisted"), None)
    counter: CountingNer | None = None
    if unlisted is not None:
        unlisted.load()
        counter = CountingNer(unlisted._ner)  # type: ignore[attr-defined]
        unlisted._ner = counter  # type: ignore[attr-defined]
    else:
        print("note: the unlisted-person stage is unavailable (install the 'ner' extra)")
    list_filter = ListFilter(args.shared)
    requests = [request_of(item) for item in measured]
    clock = time.thread_time

    # pass 1: the whole check and the list filter, side by side, prompt by prompt
    clear_caches(guard)
    for item in warm:
        guard.check(request_of(item))
        list_filter.check(item.prompt)
    check_times: list[float] = []
    filter_times: list[float] = []
    filter_i_times: list[float] = []
    verdicts: dict[str, int] = defaultdict(int)
    person_ran = 0
    for item, request in zip(measured, requests, strict=True):
        t0 = clock()
        decision = guard.check(request)
        t1 = clock()
        list_filter.check(item.prompt)
        t2 = clock()
        list_filter.check_case_insensitive(item.prompt)
        t3 = clock()
        check_times.append(t1 - t0)
        filter_times.append(t2 - t1)
        filter_i_times.append(t3 - t2)
        verdicts[decision.verdict] += 1
        # Guard.check runs the people matcher only where a rule of the policy could need it
        person_ran += any(v.startswith("person@") and not v.endswith(":skipped") for v in decision.detector_versions)

    # pass 2: each stage inside the pipeline
    clear_caches(guard)
    for item in warm:
        staged_detect(guard, request_of(item), {})
    if counter is not None:
        counter.calls, counter.times = 0, []
    stages: list[dict[str, float]] = []
    for request in requests:
        times: dict[str, float] = {}
        staged_detect(guard, request, times)
        stages.append(times)

    mixes = sorted({item.mix for item in measured})
    report: dict[str, Any] = {"prompts": len(measured), "seed": args.seed, "mixes": {}, "verdicts": dict(verdicts)}
    stage_names = [d.name for d in guard.detectors if any(d.name in s for s in stages)]
    print(f"{len(measured)} prompts (seed {args.seed}), one core, CPU time per prompt in ms: p50 / p99 (x list filter)")
    print(f"verdicts: {dict(sorted(verdicts.items()))}")
    print(f"Guard.check ran the people matcher on {person_ran} of {len(measured)} ({person_ran / len(measured):.1%})")
    report["person_stage_share"] = person_ran / len(measured)
    header = f"{'':>14} " + " ".join(f"{m:>22}" for m in [*mixes, "all"])
    print(header)

    def row(label: str, values_by_mix: dict[str, list[float]], base_by_mix: dict[str, list[float]]) -> None:
        cells = []
        for mix in [*mixes, "all"]:
            values, base = values_by_mix.get(mix, []), base_by_mix[mix]
            if not values:
                cells.append(f"{'-':>22}")
                continue
            p50, p99 = summary(values)
            b50, _ = summary(base)
            cells.append(f"{p50:6.3f} / {p99:6.3f} ({p50 / b50:4.1f}x)")
        print(f"{label:>14} " + " ".join(f"{c:>22}" for c in cells))

    def by_mix(values: Sequence[float | None]) -> dict[str, list[float]]:
        out: dict[str, list[float]] = defaultdict(list)
        for item, value in zip(measured, values, strict=True):
            if value is not None:
                out[item.mix].append(value)
                out["all"].append(value)
        return out

    base = by_mix(filter_times)
    rows: dict[str, dict[str, list[float]]] = {
        "list filter": base,
        "list filter (i)": by_mix(filter_i_times),
        "Guard.check": by_mix(check_times),
    }
    for name in stage_names:
        # a stage that does not apply to a prompt costs its ``applies`` only: counted as 0 here,
        # except the unlisted stage, reported per call where it runs
        values = [s.get(name) for s in stages] if name == "unlisted" else [s.get(name, 0.0) for s in stages]
        rows[name] = by_mix(values)
    for label, values_by_mix in rows.items():
        row(label, values_by_mix, base)
        report["mixes"][label] = {
            mix: dict(zip(("p50_ms", "p99_ms"), summary(v), strict=True)) for mix, v in values_by_mix.items()
        }
    runs = sum("unlisted" in s for s in stages)
    share = runs / len(stages)
    print(f"unlisted stage: runs on {runs} of {len(stages)} prompts ({share:.1%}); the rows above are per call")
    ner_p50 = ner_p99 = float("nan")
    if counter is not None:
        ner_p50, ner_p99 = summary(counter.times) if counter.times else (0.0, 0.0)
        print(
            f"  NER model called on {counter.calls} prompts ({counter.calls / len(stages):.1%}), "
            f"p50 {ner_p50:.3f} ms, p99 {ner_p99:.3f} ms per call"
        )
    report["unlisted"] = {
        "runs": runs,
        "share": share,
        "ner_calls": counter.calls if counter else None,
        "ner_p50_ms": ner_p50,
        "ner_p99_ms": ner_p99,
    }
    print("targets (all prompts):")
    for label, (t50, t99) in TARGETS.items():
        if label not in rows:
            continue
        p50, p99 = summary(rows[label]["all"])
        met = p50 <= t50 and (t99 is None or p99 <= t99)
        limit = f"p50 <= {t50}" + (f", p99 <= {t99}" if t99 is not None else "")
        print(f"  {label:>12}: p50 {p50:.3f}, p99 {p99:.3f} ms ({limit}): {'met' if met else 'NOT met'}")
    check50, _ = summary(rows["Guard.check"]["all"])
    base50, _ = summary(base["all"])
    print(
        f"  Guard.check p50 / list filter p50: {check50 / base50:.2f}x (<= 1.0): "
        f"{'met' if check50 <= base50 else 'NOT met'}"
    )
    if "unlisted" in rows and rows["unlisted"]["all"]:
        u50, _ = summary(rows["unlisted"]["all"])
        met = u50 <= UNLISTED_TARGET_MS or share <= UNLISTED_TARGET_SHARE
        print(
            f"  unlisted: p50 {u50:.3f} ms per call, on {share:.1%} of prompts (<= 1 ms or <= 5%): "
            f"{'met' if met else 'NOT met'}"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
