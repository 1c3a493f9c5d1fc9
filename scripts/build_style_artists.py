"""Build the list of indexed people who are artists named as a style in prompts.

"nude nymph, oil painting by William-Adolphe Bouguereau" asks for Bouguereau's manner, not for a
picture of him; the people detector must not read it as a real person depicted. This script
lists the people index's ids of such artists, from two sources:

1. Pantheon's visual-arts occupations (painter, sculptor, photographer, illustrator...).
2. Names the people matcher finds in a style position ("by X", "in the style of X", "X style")
   at least twice in public prompt sets (I2P, Adversarial Nibbler, P4D, UnlearnDiffAtk,
   Ring-A-Bell), except people whose sources mark them as likely subjects of deepfakes
   (Civitai's celebrity list, actors, creators, K-pop idols, face-dataset identities): for those,
   "by NAME" stays a reference to the person.

Usage: python scripts/build_style_artists.py --data ../shared/data
Writes src/consentry/text/data/style_artists.txt (one person id a line, sorted).
"""

from __future__ import annotations

import argparse
import collections
import csv
import glob
import os
from pathlib import Path

from consentry.text.person import PersonDetector
from consentry.text.style import is_style_reference

ARTS = {"PAINTER", "ARTIST", "SCULPTOR", "PHOTOGRAPHER", "COMIC ARTIST", "ARCHITECT", "DESIGNER"}
# Source names (prefixes) of people who are likely subjects rather than styles.
SUBJECT_SOURCES = (
    "civitai",
    "imdb",
    "instagram",
    "tiktok",
    "twitch",
    "youtube",
    "kpop",
    "vggface",
    "voxceleb",
    "spotify",
    "fifa",
    "nba",
    "olympic",
    "congress",
    "actor",
    "face",
)
OUT = Path(__file__).resolve().parents[1] / "src" / "consentry" / "text" / "data" / "style_artists.txt"


def prompts(data: Path) -> list[str]:
    out: list[str] = []
    patterns = [
        "i2p/*.csv",
        "adversarial_nibbler_attempted/*.csv",
        "p4d/*.csv",
        "unlearndiffatk/*.csv",
        "ringabell_concept_prompts/*.csv",
    ]
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(data, pattern))):
            with open(path, encoding="utf-8", errors="replace", newline="") as handle:
                for row in csv.DictReader(handle):
                    text = row.get("prompt") or row.get("Prompt") or row.get("sensitive prompt") or ""
                    if text:
                        out.append(text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="the shared data folder")
    args = parser.parse_args()
    detector = PersonDetector()
    detector.load()
    matcher = detector.matcher()
    ids: set[str] = set()
    with open(args.data / "people_pantheon" / "pantheon_1.0.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["occupation"] in ARTS:
                name = row["name"].casefold()
                ids.update(m.subject for m in matcher.find(row["name"]) if m.name.casefold() == name)
    counts: collections.Counter[str] = collections.Counter()
    sources: dict[str, set[str]] = {}
    for text in prompts(args.data):
        for match in matcher.find(text):
            if match.score >= 0.5 and is_style_reference(text, match.start, match.end):
                counts[match.subject] += 1
                sources[match.subject] = set(match.sources)
    mined = {
        pid
        for pid, n in counts.items()
        if n >= 2 and "-" in pid and not any(src.startswith(SUBJECT_SOURCES) for src in sources[pid])
    }
    ids |= mined
    OUT.write_text("".join(f"{pid}\n" for pid in sorted(ids)), encoding="utf-8")
    print(f"{len(ids)} artists ({len(mined)} mined from prompts) -> {OUT.name}")


if __name__ == "__main__":
    main()
