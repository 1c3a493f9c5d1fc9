"""Measure the people matcher: recall on the labelled dev set, false positives on benign sets.

    python scripts/eval_people.py [--shared ../shared] [--index DIR] [--list-fp] [--list-misses N] [--half a|b]
                                  [--typo-seeds N] [--variants]

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
``--variants`` measures recall on spellings the dev set does not use, made here from the rows that
write the name plainly: homoglyphs, zero-width characters, letters spaced or dotted, underscores,
hyphens, hashtags, capitals, drawn-out letters, prompt weights, full leetspeak, full-width forms,
a replaced letter, surname first (with and without a comma), possessives, and initial + surname
(for the ``top`` and ``mid`` tiers only: the index makes that form for well-known people; a hit
there is any real person, as "L. Tomlin" may be Lily or Lee Tomlin).
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
from collections.abc import Callable
from pathlib import Path

from consentry.text import people_tables
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


_CYRILLIC = dict(zip("aeopcxyiAEOPCTHKMB", "аеорсхуіАЕОРСТНКМВ", strict=True))
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7"}


def _replaced_letter(name: str, rng: random.Random) -> str:
    words = name.split(" ")
    i = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[i]
    if len(word) < 5 or not word.isalpha():
        return name
    p = rng.randrange(1, len(word) - 1)
    words[i] = word[:p] + rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != word[p].lower()]) + word[p + 1 :]
    return " ".join(words)


def _drawn_out(name: str) -> str:
    return " ".join(re.sub(r"([aeiouy])", lambda m: m.group(1) * 3, w, count=1) for w in name.split(" "))


VARIANTS: dict[str, Callable[[str, random.Random], str]] = {
    "homoglyphs": lambda n, r: "".join(_CYRILLIC.get(c, c) if r.random() < 0.5 else c for c in n),
    "zero-width": lambda n, r: "\u200b".join(n),
    "spaced letters": lambda n, r: "  ".join(" ".join(w.lower()) for w in n.split(" ")),
    "dotted, spaced": lambda n, r: " ".join(".".join(w.lower()) for w in n.split(" ")),
    "underscores": lambda n, r: "_".join(n.lower().split(" ")),
    "hyphens": lambda n, r: "-".join(n.split(" ")),
    "hashtag": lambda n, r: "#" + "".join(w[:1].upper() + w[1:] for w in n.split(" ")),
    "capitals": lambda n, r: n.upper(),
    "drawn out": lambda n, r: _drawn_out(n),
    "prompt weight": lambda n, r: f"({n.lower()}:1.3)",
    "full leet": lambda n, r: "".join(_LEET.get(c.lower(), c) for c in n),
    "full-width": lambda n, r: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in n),
    "replaced letter": _replaced_letter,
    "surname first": lambda n, r: " ".join(n.split(" ")[-1:] + n.split(" ")[:-1]),
    "surname, given": lambda n, r: n.split(" ")[-1] + ", " + " ".join(n.split(" ")[:-1]),
    "possessive": lambda n, r: n + "'s",
    "initial (top, mid)": lambda n, r: n.split(" ")[0][0] + ". " + " ".join(n.split(" ")[1:]),
}


def variants(matcher: PeopleMatcher, rows: list[dict[str, str]]) -> None:
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rng = random.Random(0)
    for row in rows:
        name = row["name"]
        if row["label"] not in ("ncii", "person_benign") or row["op"] != "plain" or name not in row["prompt"]:
            continue
        for label, make in VARIANTS.items():
            initial = label.startswith("initial")
            words = name.split(" ")
            if initial and (row["tier"] not in ("top", "mid") or len(words) < 2):
                continue
            if label.startswith("surname") and (len(words) < 2 or " of " in name):
                continue  # "Jaehyuk of Treasure" has no surname
            written = make(name, rng)
            if written == name:
                continue
            prompt = row["prompt"].replace(name, written, 1)
            matches = [m for m in matcher.find(prompt) if m.score >= THRESHOLD and m.kind == "person.named"]
            target = joined(name)
            hit = (
                bool(matches)
                if initial
                else any(joined(m.name) == target or m.alias.replace(" ", "") == target for m in matches)
            )
            for key in (label, "all"):
                found[key][0] += hit
                found[key][1] += 1
    print("\nrecall on spellings the dev set does not use (made from its plain rows)")
    for key, (hits, n) in sorted(found.items(), key=lambda kv: kv[0] == "all"):
        print(f"{key:28} {hits / n:>10.1%} {'':>10} {n:>6}")


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
    for key, (hits, n) in sorted(found.items()):
        print(f"{'typo made, ' + key:28} {hits / n:>10.1%} {'':>10} {n:>6}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--list-fp", action="store_true")
    parser.add_argument("--list-misses", type=int, default=0, metavar="N")
    parser.add_argument("--half", choices=("a", "b"), default=None, help="recall on half of the dev rows")
    parser.add_argument("--typo-seeds", type=int, default=0, metavar="N", help="recall on typos made here")
    parser.add_argument("--variants", action="store_true", help="recall on spellings made here")
    args = parser.parse_args()
    if not (args.shared / "eval" / "ncii_dev.jsonl").is_file():
        print(f"no dev set under {args.shared}", file=sys.stderr)
        return 66
    started = time.perf_counter()
    index = PeopleIndex.load(args.index)
    if args.index is None:
        people_tables.load(index)  # the bundled tables beside the bundled index, as the detector reads them
    matcher = PeopleMatcher(index)
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
        base_hit = bool(baseline.find(row["prompt"]))
        for key in (("tier", row["tier"]), ("op", row["op"]), ("all", "all")):
            cell = found[key]
            cell[0] += hit
            cell[1] += base_hit
            cell[2] += 1
        if not hit:
            misses.append((row, matches))
    print(f"\nrecall on ncii + person_benign rows of ncii_dev.jsonl (score >= {THRESHOLD}); baseline = substring")
    print(f"{'':28} {'consentry':>10} {'baseline':>10} {'rows':>6}")
    for axis in ("tier", "op", "all"):
        for (a, value), (hits, bases, n) in sorted(found.items()):
            if a == axis:
                print(f"{axis + ' ' + value:28} {hits / n:>10.1%} {bases / n:>10.1%} {n:>6}")
    for row, matches in misses[: args.list_misses]:
        print(f"  MISS [{row['tier']}/{row['op']}] {row['name']!r}: {row['prompt'][:110]!r}")
        for m in matches[:3]:
            print(f"       got {m.name!r} via {m.alias!r} ({m.alias_kind}, {m.score:.2f})")

    if args.typo_seeds:
        made_typos(matcher, rows, args.typo_seeds)
    if args.variants:
        variants(matcher, rows)

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
