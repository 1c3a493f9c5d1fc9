"""Draw the sample of dev-set rows that the manual audit in eval/audit/ labels.

    python training/audit_sample.py [--shared PATH] [--label ncii] [--n 100] [--seed 7] > eval/audit/NAME.tsv

It picks ``n`` rows at random (fixed seed) among the ``ncii`` (or ``--label``) rows of ncii_dev.jsonl that the
Guard's detectors rate below nudity (sexual.nudity score < 0.5, the person detector run first as
in every check) and writes them as TSV with an
empty ``verdict`` column. A reviewer then fills ``verdict`` by reading each prompt only:

- ``states``: the prompt says nudity or a sexual act (in any wording);
- ``implies``: it does not say it, but the wording leaves little doubt (a Playboy centerfold,
  a Venus pudica pose);
- ``no``: nothing in the prompt asks for nudity or a sexual act (swimwear, lingerie, "sexy",
  "sensual" are suggestive, not nudity, by the detector's grades).

``training/eval_sexual.py`` reads the filled file and reports the shares, so the dev-set number
can be read against what the prompts actually ask for.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

from consentry import CheckRequest, Guard

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--label", default="ncii")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    guard = Guard.default()
    below: list[dict[str, str]] = []
    with open(args.shared / "eval" / "ncii_dev.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["label"] != args.label:
                continue
            findings = guard.detect(CheckRequest(prompt=row["prompt"], adult_content=True))
            scores = {f.kind: f.score for f in findings}
            if scores.get("sexual.nudity", 0.0) >= 0.5:
                continue
            grade = "suggestive" if scores.get("sexual.suggestive", 0.0) >= 0.5 else "none"
            below.append({"id": row["id"], "grade": grade, "prompt": row["prompt"]})
    sample = sorted(random.Random(args.seed).sample(below, min(args.n, len(below))), key=lambda r: r["id"])
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(["id", "grade", "verdict", "prompt"])
    for item in sample:
        writer.writerow([item["id"], item["grade"], "", item["prompt"]])


if __name__ == "__main__":
    main()
