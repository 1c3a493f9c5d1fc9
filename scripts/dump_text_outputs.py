"""Write what a version of the prompt gate answers on a fixed set of prompts, to compare two versions.

    PYTHONPATH=<tree>/src python scripts/dump_text_outputs.py STAGE OUT.json [--shared ../shared]
    python scripts/dump_text_outputs.py --compare A.json B.json

STAGE is ``normalize`` (text, offsets, step flags), ``person`` (the people matcher on the bare
index), ``detector`` (the person detector with the tables beside the index; the first 40
characters of each prompt as its negative prompt), ``guard`` (``Guard.check`` with adult content
on: verdict and every finding's kind, score, span and subject), ``sexual`` (the sexual
assessment of each normalized prompt: scores, the model's and the lexicon's, every hit; the minor
signs of the text as a prompt and as a negative prompt) or ``decision`` (the whole decision of
``Guard.check`` but its time: message, rule ids, findings with their evidence, explanation; a
negative prompt of the site-traffic mix on every third prompt, adult content also off on
another third). The prompts: 6,000 of the
site-traffic mix (``benchmarks/site_traffic.py``, seed 7), the prompts of
``eval/ncii_dev.jsonl`` and 3,000 COCO captions (seed 5), 14,021 in all with ../shared present.
``--compare`` prints how many prompts differ and the first of them.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def prompts(shared: Path) -> list[str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from site_traffic import build_site_traffic

    out = [t.prompt for t in build_site_traffic(6000, seed=7, shared=shared)]
    dev = shared / "eval" / "ncii_dev.jsonl"
    if dev.is_file():
        out += [json.loads(line)["prompt"] for line in dev.open(encoding="utf-8")]
    coco = shared / "data" / "coco_captions" / "coco_30k.csv"
    if coco.is_file():
        with coco.open(encoding="utf-8", newline="") as handle:
            captions = [row["prompt"] for row in csv.DictReader(handle)]
        out += random.Random(5).sample(captions, 3000)
    return out


def _check_every_detector(guard: Any, request: Any) -> Any:
    """``guard.check`` with every detector run (its findings are compared, not only its verdict); a
    version from before ``every_detector`` runs every detector anyway."""
    try:
        return guard.check(request, every_detector=True)
    except TypeError:
        return guard.check(request)


def dump(stage: str, texts: list[str]) -> list[Any]:
    from consentry import CheckRequest

    result: list[Any] = []
    if stage == "normalize":
        from consentry.text.normalize import normalize

        for text in texts:
            n = normalize(text)
            result.append([n.text, list(n.starts), list(n.ends), list(n.flags), n.removed])
    elif stage == "person":
        from consentry.text.people_index import PeopleIndex
        from consentry.text.person import PeopleMatcher

        matcher = PeopleMatcher(PeopleIndex.load())
        result = [[m.to_dict() for m in matcher.find(text)] for text in texts]
    elif stage == "detector":
        from consentry.detectors.base import Context
        from consentry.text.person import PersonDetector

        detector = PersonDetector()
        detector.load()
        for text in texts:
            found = detector.detect(Context(CheckRequest(prompt=text, negative_prompt=text[:40])))
            result.append([[f.kind, f.score, f.span.start, f.span.end, f.subject, f.reason] for f in found if f.span])
    elif stage == "sexual":
        from consentry.text.minor import MinorSigns
        from consentry.text.normalize import normalize
        from consentry.text.sexual import SexualIntent

        intent, signs = SexualIntent.load(), MinorSigns.load()
        for text in texts:
            n = normalize(text)
            a = intent.assess(n.text, (), n)
            hits = [[h.term.source, h.start, h.end, h.text] for h in a.hits]
            minor = [repr(s) for s in signs.in_prompt(n.text)] + [repr(s) for s in signs.in_negative(n.text)]
            result.append([a.scores, a.model_scores, a.lexicon_scores, hits, minor])
    elif stage == "decision":
        from consentry import Guard
        from consentry.content import UserContext

        sys.path.insert(0, str(ROOT / "benchmarks"))
        from site_traffic import build_site_traffic

        negatives = [t.negative_prompt for t in build_site_traffic(6000, seed=7) if t.negative_prompt.strip()] or [""]
        guard = Guard.default().load()
        for i, text in enumerate(texts):
            negative = negatives[i % len(negatives)] if i % 3 == 0 else ""
            for adult in (True, False) if i % 3 == 1 else (True,):
                request = CheckRequest(prompt=text, negative_prompt=negative, user=UserContext(adult_content=adult))
                decided = _check_every_detector(guard, request).to_dict()
                decided.pop("elapsed_ms", None)
                result.append(json.dumps(decided, sort_keys=True, default=str))
    else:
        from consentry import Guard
        from consentry.content import UserContext

        guard = Guard.default().load()
        for text in texts:
            decision = _check_every_detector(guard, CheckRequest(prompt=text, user=UserContext(adult_content=True)))
            findings = sorted(
                [f.kind, f.score, f.span.start if f.span else -1, f.span.end if f.span else -1, f.subject or ""]
                for f in decision.findings
            )
            result.append([decision.verdict, findings])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", nargs="?", choices=["normalize", "person", "detector", "guard", "sexual", "decision"])
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    args = parser.parse_args()
    if args.compare:
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        if len(a) != len(b):
            print(f"different prompt counts: {len(a)} and {len(b)}")
            return 1
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        print(f"{len(a)} prompts, {len(differ)} differ" + (f" (first: {differ[:10]})" if differ else ""))
        return 1 if differ else 0
    if args.stage is None or args.out is None:
        parser.error("give STAGE and OUT, or --compare A B")
    texts = prompts(args.shared)
    args.out.write_text(json.dumps(dump(args.stage, texts)), encoding="utf-8")
    print(f"{len(texts)} prompts written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
