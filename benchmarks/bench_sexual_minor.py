"""Cost per prompt of the sexual and minor detectors, beside a plain word-list filter, in one run.

    taskset -c 0 python benchmarks/bench_sexual_minor.py [N]

Prompts: N distinct prompts (default 3000) from ../shared (COCO captions, I2P, Adversarial
Nibbler), or a small built-in set where ../shared is absent. Every prompt is new to the
normalizer (it caches repeated prompts), so the numbers include normalization, which the two
detectors share through the check's memo. Reported per prompt: p50 and p99 of

- normalize: the shared normalizer alone;
- sexual: normalize + the sexual detector (lexicon + word-use rules + model);
- sexual, with list: the same with the list of known nudity prompts (not used by default);
- sexual, shared: the sexual detector alone on a prompt already normalized (its stage in a check);
- sexual+minor: normalize once + both detectors;
- both, shared: both detectors on a prompt the person detector already normalized (the Guard
  shares the normalized prompt between detectors): what they add to a check;
- word list: one compiled regex of Civitai's NSFW word list over the raw prompt, the kind of
  filter sites use today (the baseline);

and each one as a ratio of the word-list filter's p50.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from consentry import CheckRequest
from consentry.detectors.base import Context
from consentry.text.known_prompts import KnownPrompts
from consentry.text.minor import MinorDetector
from consentry.text.normalize import normalize
from consentry.text.sexual import SexualDetector

SHARED = Path(__file__).resolve().parents[2] / "shared"
FALLBACK = [
    "a photo of a cat on a sofa",
    "masterpiece, best quality, 1girl, solo, long hair, looking at viewer, smile, outdoors, 8k",
    "portrait of a woman in a red dress, oil painting, by john singer sargent, highly detailed",
    "a bowl of fruit on a wooden table, studio lighting",
]


def load_prompts(limit: int) -> list[str]:
    if not SHARED.is_dir():
        return [f"{p} {i}" for i in range(limit // len(FALLBACK) + 1) for p in FALLBACK][:limit]
    csv.field_size_limit(sys.maxsize)
    data = SHARED / "data"
    prompts: list[str] = []
    sources = [
        (data / "coco_captions" / "coco_30k.csv", "prompt"),
        (data / "i2p" / "i2p_4703.csv", "prompt"),
        (data / "adversarial_nibbler_attempted" / "nibbler_attempted_prompts.csv", "prompt"),
    ]
    for path, column in sources:
        with path.open(encoding="utf-8", newline="") as handle:
            column_values = [r[column] for r in csv.DictReader(handle) if r[column].strip()]
        prompts += column_values[: limit // len(sources)]
    return list(dict.fromkeys(prompts))


def word_list_filter() -> Callable[[str], bool]:
    words = ["nude", "naked", "sex", "porn", "nsfw", "topless", "nipples", "hentai", "loli", "teen"]
    path = SHARED / "data" / "civitai_lists" / "words-nsfw.json"
    if path.is_file():
        words = json.loads(path.read_text(encoding="utf-8"))
    pattern = re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
    return lambda text: pattern.search(text) is not None


def timed(fn: Callable[[str], object], prompts: list[str]) -> list[float]:
    out = []
    for p in prompts:
        started = time.perf_counter()
        fn(p)
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    prompts = load_prompts(limit)
    sexual, minor = SexualDetector(), MinorDetector()
    sexual.load()
    minor.load()
    # the same detector with the list of known nudity prompts (not used by default): what it costs
    listed_known = SexualDetector(KnownPrompts.load())
    listed_known.load()
    baseline = word_list_filter()

    def run_sexual(p: str) -> object:
        return sexual.detect(Context(CheckRequest(prompt=p)))

    def run_sexual_with_known(p: str) -> object:
        return listed_known.detect(Context(CheckRequest(prompt=p)))

    def run_sexual_shared(p: str) -> object:
        # the sexual stage of a check: the prompt was normalized by the person detector
        context = Context(CheckRequest(prompt=p))
        context.memo("normalized:prompt", lambda: shared[p])
        context.memo("normalized:negative_prompt", lambda: empty)
        return sexual.detect(context)

    def run_both(p: str) -> object:
        context = Context(CheckRequest(prompt=p))
        return (sexual.detect(context), minor.detect(context))

    def run_both_shared(p: str) -> object:
        # what the two detectors add when the person detector has normalized the prompt already
        context = Context(CheckRequest(prompt=p))
        context.memo("normalized:prompt", lambda: shared[p])
        context.memo("normalized:negative_prompt", lambda: empty)
        return (sexual.detect(context), minor.detect(context))

    empty = normalize("")
    shared = {p + suffix: normalize(p + suffix) for p in prompts for suffix in (" d", " f")}
    # each measured function must see prompts the normalizer has not cached: suffix per run
    variants: dict[str, tuple[Callable[[str], object], str]] = {
        "normalize": (normalize, " a"),
        "sexual": (run_sexual, " b"),
        "sexual, with list": (run_sexual_with_known, " e"),
        "sexual, shared": (run_sexual_shared, " f"),
        "sexual+minor": (run_both, " c"),
        "both, shared": (run_both_shared, " d"),
        "word list": (baseline, ""),
    }
    for name, (fn, suffix) in variants.items():  # warm-up (imports, first allocations)
        for p in prompts[:50]:
            fn(p + suffix if name in ("both, shared", "sexual, shared") else p + suffix + " warm")
    results = {name: timed(fn, [p + suffix for p in prompts]) for name, (fn, suffix) in variants.items()}
    base = statistics.median(results["word list"])
    lengths = sorted(len(p) for p in prompts)
    print(f"{len(prompts)} prompts, median length {lengths[len(lengths) // 2]} characters")
    for name, values in results.items():
        p50 = statistics.median(values)
        p99 = sorted(values)[int(len(values) * 0.99)]
        print(f"{name:>15}: p50 {p50 * 1e3:.3f} ms, p99 {p99 * 1e3:.3f} ms ({p50 / base:.0f}x the word list)")


if __name__ == "__main__":
    main()
