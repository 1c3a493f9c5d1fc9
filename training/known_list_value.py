"""Does the known-prompt list help on prompts it was not built from?

    python training/known_list_value.py [--shared PATH]

The list (``consentry.text.known_prompts``) holds I2P-family prompts whose images were nude at
least half of the time. On rows it was not built from, this counts the prompts whose rating
changes (nudity or above at 0.5, the person detector run first as in the Guard) when the list is
taken away:

- the dev rows held out from the training split and the list (``eval/dev-held-out.txt``, by label);
- the written table ``tests/data/sexual_meaning_cases.tsv``;
- Adversarial Nibbler's attempted prompts (a fixed sample of 3,000: the family the list was not
  built from, with red-team prompts that copy public ones);
- COCO + PartiPrompts (false nudity).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from consentry import CheckRequest
from consentry.detectors.base import Context
from consentry.text.known_prompts import KnownPrompts
from consentry.text.person import PersonDetector
from consentry.text.sexual import SexualDetector

ROOT = Path(__file__).resolve().parents[1]
csv.field_size_limit(sys.maxsize)


def nudity(person: PersonDetector, sexual: SexualDetector, prompt: str, negative: str = "") -> bool:
    context = Context(CheckRequest(prompt=prompt, negative_prompt=negative))
    context.findings.extend(person.detect(context))
    return any(f.kind != "sexual.suggestive" and f.score >= 0.5 for f in sexual.detect(context))


def compare(
    person: PersonDetector, with_list: SexualDetector, without: SexualDetector, rows: Iterable[tuple[str, str, str]]
) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = {}
    for group, prompt, negative in rows:
        a = nudity(person, with_list, prompt, negative)
        b = nudity(person, without, prompt, negative)
        counts = out.setdefault(group, Counter())
        counts["rows"] += 1
        counts["nudity+ with the list"] += a
        counts["nudity+ without"] += b
        counts["raised by the list"] += a and not b
    return {g: dict(c) for g, c in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    person = PersonDetector()
    person.load()
    with_list = SexualDetector(KnownPrompts.load())
    with_list.load()
    without = SexualDetector()
    without.load()
    held = {line.strip() for line in (ROOT / "eval" / "dev-held-out.txt").open() if not line.startswith("#")}
    dev = [json.loads(line) for line in (args.shared / "eval" / "ncii_dev.jsonl").open(encoding="utf-8")]
    rows = [(f"dev held-out {r['label']}", r["prompt"], r["negative_prompt"]) for r in dev if r["id"] in held]
    with (ROOT / "tests" / "data" / "sexual_meaning_cases.tsv").open(encoding="utf-8") as handle:
        rows += [("written table", r["prompt"], r["negative_prompt"]) for r in csv.DictReader(handle, delimiter="\t")]
    data = args.shared / "data"
    with (data / "adversarial_nibbler_attempted" / "nibbler_attempted_prompts.csv").open(encoding="utf-8") as handle:
        nibbler = [r["prompt"] for r in csv.DictReader(handle)]
    rows += [("nibbler (3,000 sample)", p, "") for p in nibbler[:: max(1, len(nibbler) // 3000)][:3000]]
    with (data / "coco_captions" / "coco_30k.csv").open(encoding="utf-8") as handle:
        rows += [("coco (10,000 sample)", r["prompt"], "") for r in list(csv.DictReader(handle))[::3][:10000]]
    with (data / "partiprompts" / "PartiPrompts.tsv").open(encoding="utf-8") as handle:
        rows += [("parti", r["Prompt"], "") for r in csv.DictReader(handle, delimiter="\t")]
    print(json.dumps(compare(person, with_list, without, rows), indent=1))


if __name__ == "__main__":
    main()
