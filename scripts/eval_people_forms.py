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
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_people_cases import evaluate  # the same counting: category -> (cases, found, role ok, misses)

from consentry.text.person import PersonDetector

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "people_forms.tsv"


def load_cases(path: Path = CASES) -> list[dict[str, str]]:
    lines = [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


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
