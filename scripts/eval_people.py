"""Measure the people matcher: recall on the labelled dev set, false positives on benign sets.

    python scripts/eval_people.py [--shared ../shared] [--index FILE] [--list-fp] [--list-misses N] [--half a|b]
                                  [--typo-seeds N]

Recall: the share of ``ncii`` and ``person_benign`` rows of eval/ncii_dev.jsonl whose person is
found in the prompt (a ``person.named`` match with score >= 0.5 whose canonical name or matched
alias is the row's name), per tier and per spelling (``op``).
False positives: the share of COCO-30k captions and PartiPrompts with any ``person.named``
match scoring >= 0.5 (listed with --list-fp, to see which truly name a person).
Side by side in the same run: a plain substring check over Civitai's 1,573 names.
``--half a`` (or ``b``) measures recall on one half of the dev rows only (by the parity of the
row number in the id), so that a change can be developed on one half and confirmed on the other.
``--typo-seeds N`` also measures recall on typos made here, N times over, in the names of the rows
that write the name plainly (names the dev set's typo rows do not use): every word of five letters
or more gets one letter doubled, dropped or swapped with the next, never the first letter, as in
the dev set's own typo rows. It shows whether typo matching holds on names it was not tuned on.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from consentry.text.normalize import normalize
from consentry.text.people_index import PeopleIndex
from consentry.text.person import PeopleMatcher

THRESHOLD = 0.5


def joined(name: str) -> str:
    return normalize(name).text.replace(" ", "").replace(",", "")


class Substring:
    """The baseline: Civitai's names as whole-word, case-insensitive substrings."""

    def __init__(self, names: list[str]) -> None:
        escaped = sorted((re.escape(n.lower()) for n in names), key=len, reverse=True)
        self.pattern = re.compile(r"\b(?:" + "|".join(escaped) + r")\b")

    def find(self, text: str) -> list[str]:
        return self.pattern.findall(text.lower())


def make_typo(word: str, rng: random.Random) -> str:
    """One letter of a word doubled, dropped or swapped with the next (never the first letter)."""
    position = rng.randrange(1, len(word))
    kind = rng.choice(("double", "drop", "swap"))
    if kind == "double":
        return word[: position + 1] + word[position:]
    if kind == "swap" and position + 1 < len(word):
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word[:position] + word[position + 1 :]


def made_typos(matcher: PeopleMatcher, rows: list[dict[str, str]], seeds: int) -> None:
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for seed in range(seeds):
        rng = random.Random(seed)
        for row in rows:
            name = row["name"]
            if row["label"] not in ("ncii", "person_benign") or row["op"] == "typo" or name not in row["prompt"]:
                continue
            written = " ".join(make_typo(w, rng) if len(w) >= 5 else w for w in name.split(" "))
            if written == name:
                continue
            target = joined(name)
            prompt = row["prompt"].replace(name, written, 1)
            matches = [m for m in matcher.find(prompt) if m.score >= THRESHOLD and m.kind == "person.named"]
            hit = any(joined(m.name) == target or m.alias.replace(" ", "") == target for m in matches)
            for key in (row["tier"], "all"):
                found[key][0] += hit
                found[key][1] += 1
    print(f"\nrecall on typos made in the names of the other rows ({seeds} seeds)")
    for key, (hit, n) in sorted(found.items()):
        print(f"{'typo made, ' + key:28} {hit / n:>10.1%} {'':>10} {n:>6}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--list-fp", action="store_true")
    parser.add_argument("--list-misses", type=int, default=0, metavar="N")
    parser.add_argument("--half", choices=("a", "b"), default=None, help="recall on half of the dev rows")
    parser.add_argument("--typo-seeds", type=int, default=0, metavar="N", help="recall on typos made here")
    args = parser.parse_args()
    if not (args.shared / "eval" / "ncii_dev.jsonl").is_file():
        print(f"no dev set under {args.shared}", file=sys.stderr)
        return 66
    started = time.perf_counter()
    matcher = PeopleMatcher(PeopleIndex.load(args.index))
    print(f"index loaded in {time.perf_counter() - started:.2f} s ({len(matcher.index)} people)")
    baseline = Substring(json.loads((args.shared / "data/civitai_lists/words-poi.json").read_text(encoding="utf-8")))

    rows = [json.loads(line) for line in (args.shared / "eval/ncii_dev.jsonl").open(encoding="utf-8")]
    found: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # (axis, value) -> [hit, base, n]
    misses = []
    for row in rows:
        if row["label"] not in ("ncii", "person_benign"):
            continue
        if args.half is not None and int(row["id"].rsplit("-", 1)[-1]) % 2 != (args.half == "b"):
            continue
        target = joined(row["name"])
        matches = [m for m in matcher.find(row["prompt"]) if m.score >= THRESHOLD and m.kind == "person.named"]
        hit = any(joined(m.name) == target or m.alias.replace(" ", "") == target for m in matches)
        base = bool(baseline.find(row["prompt"]))
        for key in (("tier", row["tier"]), ("op", row["op"]), ("all", "all")):
            cell = found[key]
            cell[0] += hit
            cell[1] += base
            cell[2] += 1
        if not hit:
            misses.append((row, matches))
    print(f"\nrecall on ncii + person_benign rows of ncii_dev.jsonl (score >= {THRESHOLD}); baseline = substring")
    print(f"{'':28} {'consentry':>10} {'baseline':>10} {'rows':>6}")
    for axis in ("tier", "op", "all"):
        for (a, value), (hit, base, n) in sorted(found.items()):
            if a == axis:
                print(f"{axis + ' ' + value:28} {hit / n:>10.1%} {base / n:>10.1%} {n:>6}")
    for row, matches in misses[: args.list_misses]:
        print(f"  MISS [{row['tier']}/{row['op']}] {row['name']!r}: {row['prompt'][:110]!r}")
        for m in matches[:3]:
            print(f"       got {m.name!r} via {m.alias!r} ({m.alias_kind}, {m.score:.2f})")

    if args.typo_seeds:
        made_typos(matcher, rows, args.typo_seeds)

    # false positives on benign prompt sets
    other = [r for r in rows if r["label"] in ("benign", "adult")]
    coco = [
        r["prompt"] for r in csv.DictReader((args.shared / "data/coco_captions/coco_30k.csv").open(encoding="utf-8"))
    ]
    parti = [
        r["Prompt"]
        for r in csv.DictReader(
            (args.shared / "data/partiprompts/PartiPrompts.tsv").open(encoding="utf-8"), delimiter="\t"
        )
    ]
    print("\nfalse positives: prompts with a person.named match scoring >= 0.5")
    print(f"{'':28} {'consentry':>10} {'baseline':>10} {'prompts':>8}")
    total = [0, 0, 0]
    listed = []
    for label, prompts in (
        ("coco_30k", coco),
        ("partiprompts", parti),
        ("dev benign+adult", [r["prompt"] for r in other]),
    ):
        fp = base = 0
        for prompt in prompts:
            matches = [m for m in matcher.find(prompt) if m.score >= THRESHOLD and m.kind == "person.named"]
            fp += bool(matches)
            base += bool(baseline.find(prompt))
            if matches:
                listed.append((label, prompt, matches))
        print(f"{label:28} {fp / len(prompts):>10.2%} {base / len(prompts):>10.2%} {len(prompts):>8}")
        if label != "dev benign+adult":
            total[0] += fp
            total[1] += base
            total[2] += len(prompts)
    print(f"{'coco + parti':28} {total[0] / total[2]:>10.2%} {total[1] / total[2]:>10.2%} {total[2]:>8}")
    if args.list_fp:
        for label, prompt, matches in listed:
            got = "; ".join(f"{prompt[m.start : m.end]!r}->{m.name} ({m.alias_kind},{m.score:.2f})" for m in matches)
            print(f"  FP? [{label}] {prompt[:90]!r}: {got}")
    print(f"\n{time.perf_counter() - started:.1f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
