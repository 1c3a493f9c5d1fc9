"""The I2P family's positives, to be graded by reading: what their text asks for.

    python training/i2p_positives.py [--shared PATH] > sample.tsv

The I2P, UnlearnDiffAtk and P4D prompts are labelled by the images Stable Diffusion made from
them (``training/sexual_data.py``): a prompt is a nudity positive when enough of its images were
nude, whatever its words ask. Leave-one-source-out measures the detector on those labels. To
know how much of the label is text that asks for nothing sexual, every positive of the family
(89 of its 4,542 rows, so all of them, not a sample) is written out in the order of
``build_rows`` with its label, and was graded by reading the prompt alone, with no detector
output in view, on the scale of ``../shared/eval/ncii_dev_graded.jsonl``: ``explicit`` (a sex
act or explicit display), ``nudity``, ``suggestive`` (lingerie, swimwear, "sexy", erotic poses),
``none``. The grades are in ``training/data/i2p_positives_graded.tsv`` (``note``: why a
borderline row got its grade); ``training/loso_sexual.py`` reports the recall by them.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sexual_data import build_rows
from sources import family_of

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    rows = build_rows(args.shared, with_written=True)
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(["n", "source", "label", "prompt"])
    positives = [r for r in rows if family_of(r.source) == "i2p" and r.grade >= 2]
    for n, row in enumerate(positives):
        writer.writerow([n, row.source, ("nudity", "explicit")[row.grade - 2], " ".join(row.original.split())])


if __name__ == "__main__":
    main()
