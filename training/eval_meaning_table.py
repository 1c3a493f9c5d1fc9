"""A written table of cases (``tests/data/sexual_meaning_cases*.tsv``) through the whole Guard, by group.

    python training/eval_meaning_table.py [TABLE ...] [--misses]

Each row has a group (``ambiguous``, ``sentence``, ``edit``, ``negative``, ``euphemism``,
``disguise``, ``minor``, ``control``...), the verdict it must get (adult content on), a prompt and
a negative prompt. Printed per group: rows, as expected, denied, stopped (denied or held for
review); for the ``minor`` group also the share where ``deny-sexual-minor`` decided, and for every
other group the share where a real person was the reason (``deny-sexual-real-person``). With
``--misses`` every row that did not get its verdict is listed with the findings read.

A table is a measurement of what the detector has not seen only before rules are written for
it: ``tests/data/sexual_meaning_cases_2.tsv`` was measured with this script before any rule
was written for its rows (docs/detectors/sexual.md gives both figures).
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path

from consentry import CheckRequest, Guard

ROOT = Path(__file__).resolve().parents[1]
TABLES = tuple(ROOT / "tests" / "data" / f"sexual_meaning_cases{suffix}.tsv" for suffix in ("", "_2", "_3"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tables", nargs="*", type=Path, default=list(TABLES))
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    guard = Guard.default().load()
    report = {}
    for table in args.tables:
        with table.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        misses = []
        for r in rows:
            d = guard.check(CheckRequest(prompt=r["prompt"], negative_prompt=r["negative_prompt"], adult_content=True))
            c = counts[r["group"]]
            c["rows"] += 1
            c["as expected"] += d.verdict == r["expect"]
            c["denied"] += d.verdict == "deny"
            c["stopped"] += d.verdict != "allow"
            c["minor rule"] += "deny-sexual-minor" in d.rule_ids
            c["real-person rule"] += "deny-sexual-real-person" in d.rule_ids
            if d.verdict != r["expect"]:
                found = [(f.kind, round(f.score, 2)) for f in d.findings if f.score >= 0.3]
                misses.append(f"  {r['group']}: {r['prompt']} | {r['negative_prompt']} -> {d.verdict} {found}")
        print(f"\n{table.name}")
        print(f"{'group':<12}{'rows':>6}{'expected':>10}{'denied':>8}{'stopped':>9}{'minor':>7}{'person':>8}")
        total: dict[str, int] = defaultdict(int)
        for group, c in sorted(counts.items()):
            print(
                f"{group:<12}{c['rows']:>6}{c['as expected']:>10}{c['denied']:>8}{c['stopped']:>9}"
                f"{c['minor rule']:>7}{c['real-person rule']:>8}"
            )
            if group != "control":
                for key, value in c.items():
                    total[key] += value
        print(f"{'to stop':<12}{total['rows']:>6}{total['as expected']:>10}{total['denied']:>8}{total['stopped']:>9}")
        report[table.name] = {g: dict(c) for g, c in counts.items()}
        if args.misses:
            print("\n".join(misses))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
