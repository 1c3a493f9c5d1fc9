"""Recall of the person detector on people written every way (tests/data/people_forms.tsv).

    python scripts/eval_people_forms.py [--misses]

The table was written by hand, before the forms were worked on, with its own people and prompts:
one-word stage names, nicknames and short forms, social handles, names split by prompt syntax
(weights, alternation, BREAK), initial + surname, model tags (LoRA, LyCORIS, embeddings). A case is
found when a ``person.*`` finding with score >= 0.5 (the default policy's ``min_score``) names one
of its ids (``a|b`` where the index holds the person twice); the ``no one`` rows are sexual prompts
of no real person, and count the prompts where anyone is found at >= 0.5.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

from consentry import CheckRequest
from consentry.detectors.base import Context
from consentry.text.person import PersonDetector

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "people_forms.tsv"
THRESHOLD = 0.5


def load_cases(path: Path = CASES) -> list[dict[str, str]]:
    lines = [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def evaluate(detector: PersonDetector, cases: list[dict[str, str]]) -> dict[str, tuple[int, int, int, list[str]]]:
    """category -> (cases, found, found with the role, misses)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        findings = [f for f in detector.detect(Context(CheckRequest(prompt=case["prompt"]))) if f.score >= THRESHOLD]
        row = counts[case["category"]]
        row[0] += 1
        if case["id"] == "-":
            if findings:
                row[1] += 1
                misses[case["category"]].append(f"{case['prompt']} -> {[f.subject for f in findings]}")
            continue
        ids = set(case["id"].split("|"))
        hits = [f for f in findings if f.subject in ids]
        if hits:
            row[1] += 1
            row[2] += any(f.evidence.get("role", "subject") == case["role"] for f in hits)
        else:
            found = detector.detect(Context(CheckRequest(prompt=case["prompt"])))
            misses[case["category"]].append(f"{case['prompt']} -> {[(f.subject, f.score) for f in found]}")
    return {k: (v[0], v[1], v[2], misses[k]) for k, v in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the cases missed")
    args = parser.parse_args()
    detector = PersonDetector()
    detector.load()
    results = evaluate(detector, load_cases())
    print(f"{'category':14} {'cases':>6} {'found':>8} {'role ok':>8}")
    total = [0, 0]
    for category in sorted(results):
        n, found, role, misses = results[category]
        if category == "no one":
            print(f"{category:14} {n:>6} {'':>8} {'':>8}  anyone found: {found}")
        else:
            total[0] += n
            total[1] += found
            print(f"{category:14} {n:>6} {found / n:>8.1%} {role / n:>8.1%}")
        if args.misses:
            for miss in misses:
                print(f"    miss: {miss}")
    print(f"{'all':14} {total[0]:>6} {total[1] / total[0]:>8.1%}")


if __name__ == "__main__":
    main()
