"""Each part of the sexual and minor stages timed in place, in the pipeline, over the site-traffic mix.

    taskset -c 1 python benchmarks/bench_sexual_parts.py [--prompts N] [--seed S]

The functions the two stages call (the lexicon scan, the model, the word-use rules, disguised
words, the English share, ...) are wrapped with a clock, and each prompt of the mix goes once
through the detectors the way ``bench_site_traffic.py`` times its stages (the unlisted stage left
out), after the caches are emptied and warmed on 300 other prompts. Reported: per part, the CPU
time it took per prompt, p50 and mean, and the two stages whole. A part that a version does not
have is not reported. Parts overlap: the model and the English share are inside ``assess``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site_traffic import clear_caches
from site_traffic import build_site_traffic

from consentry import CheckRequest, Guard
from consentry.content import UserContext
from consentry.detectors.base import Context
from consentry.text import lexicon, minor, sexual

_SPENT: dict[str, float] = defaultdict(float)


def wrap(owner: Any, name: str, label: str) -> None:
    """Replace ``owner.name`` (where it exists) by the same function with a clock around it."""
    inner: Callable[..., Any] | None = getattr(owner, name, None)
    if inner is None:
        return
    called = inner
    clock = time.thread_time

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = clock()
        try:
            return called(*args, **kwargs)
        finally:
            _SPENT[label] += clock() - started

    setattr(owner, name, timed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    for name in ("person_ranges", "person_euphemisms", "context_hits", "disguised_words", "person_scenes"):
        wrap(sexual, name, f"sexual: {name}")
    wrap(sexual, "negative_prompt_hits", "sexual: negative_prompt_hits")
    wrap(sexual, "findings_for", "sexual: findings_for")
    wrap(sexual, "text_words", "sexual: the words of the prompt")
    wrap(sexual.SexualIntent, "assess", "sexual: assess (model, lexicon, scores)")
    wrap(sexual.SexualIntentModel, "word_cumulative", "sexual: assess: the model")
    wrap(sexual.SexualIntentModel, "word_probabilities", "sexual: assess: the model")
    wrap(sexual.SexualIntent, "_english_share_up_to", "sexual: assess: the English share")
    wrap(sexual.SexualIntent, "english_share", "sexual: assess: the English share")
    wrap(lexicon.Lexicon, "scan", "lexicon scans (both stages)")
    wrap(minor, "find_ages", "minor: find_ages")
    wrap(minor, "person_ages", "minor: person_ages")

    warm = 300
    traffic = build_site_traffic(args.prompts + warm, seed=args.seed)
    guard = Guard.default().load()
    clear_caches(guard)
    clock = time.thread_time
    spent: dict[str, list[float]] = defaultdict(list)
    for k, item in enumerate(traffic):
        user = UserContext(adult_content=True)
        request = CheckRequest(prompt=item.prompt, negative_prompt=item.negative_prompt, user=user)
        context = Context(request, guard.policy)
        _SPENT.clear()
        for detector in guard.detectors:
            if detector.name == "unlisted" or not detector.applies(context):
                continue
            started = clock()
            context.findings.extend(detector.detect(context))
            if detector.name in ("sexual", "minor"):
                _SPENT[f"stage: {detector.name}"] += clock() - started
        if k >= warm:
            for label in set(_SPENT) | set(spent):
                spent[label].append(_SPENT.get(label, 0.0))
    print(f"{args.prompts} prompts (seed {args.seed}), CPU ms per prompt, in place")
    for label in sorted(spent):
        values = spent[label]
        print(f"{label:42} p50 {statistics.median(values) * 1e3:.4f}  mean {statistics.mean(values) * 1e3:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
