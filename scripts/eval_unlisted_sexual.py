"""What the default policy decides on sexual prompts naming people in no list, and on controls.

Reads tests/data/unlisted_sexual_cases.tsv (or another table of the same columns: ``id``,
``half``, ``group``, ``form``, ``expect``, ``prompt``) and runs the whole Guard with adult content
on. Rows to deny count as denied and as stopped (denied or held for review); controls count as
allowed. Also reports the rows whose person the people index finds at the policy's threshold
(such a row is not about an unlisted person: the table should hold none).

    python scripts/eval_unlisted_sexual.py --half tune
    python scripts/eval_unlisted_sexual.py --half held --table tests/data/unlisted_sexual_cases.tsv
    python scripts/eval_unlisted_sexual.py --half tune --show missed
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

from consentry import CheckRequest, Guard

TABLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "unlisted_sexual_cases.tsv"


def load(table: Path, half: str) -> list[dict[str, str]]:
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [r for r in rows if half == "all" or r["half"] == half]


def _rate(hits: int, total: int) -> str:
    return f"{hits}/{total} ({100 * hits / total:.1f}%)" if total else "0/0"


def evaluate(guard: Guard, rows: list[dict[str, str]], show: str) -> dict[str, object]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # denied, stopped, rows
    listed: list[str] = []
    shown: list[str] = []
    for row in rows:
        decision = guard.check(CheckRequest(prompt=row["prompt"], adult_content=True), every_detector=True)
        verdict = decision.verdict
        keys = [f"{row['expect']}:all", f"{row['expect']}:group={row['group']}", f"{row['expect']}:form={row['form']}"]
        for key in keys:
            counts[key][0] += verdict == "deny"
            counts[key][1] += verdict != "allow"
            counts[key][2] += 1
        if row["expect"] == "deny" and any(
            f.kind in {"person.named", "person.protected"}
            and f.score >= 0.5
            and f.evidence.get("role", "subject") == "subject"
            for f in decision.findings
        ):
            listed.append(f"{row['id']}\t{row['prompt']}")
        wrong = (row["expect"] == "deny" and verdict != "deny") or (row["expect"] == "allow" and verdict != "allow")
        if show == "all" or (show == "missed" and wrong):
            found = [
                f"{f.kind}:{f.score:.2f}:{row['prompt'][f.span.start : f.span.end] if f.span else ''}"
                f":{f.evidence.get('role', '')}"
                for f in decision.findings
                if f.kind.startswith("person")
            ]
            shown.append(f"{row['id']}\t{row['expect']}\t{verdict}\t{row['prompt']}\t{' '.join(found)}")
    out: dict[str, object] = {}
    for key in sorted(counts):
        denied, stopped, total = counts[key]
        if key.startswith("deny"):
            out[key] = {"denied": _rate(denied, total), "stopped": _rate(stopped, total)}
        else:
            out[key] = {"allowed": _rate(total - stopped, total), "denied": _rate(denied, total)}
    out["found_by_the_index"] = len(listed)
    if show != "none":
        out["rows"] = shown
    if listed:
        out["listed_rows"] = listed
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument("--half", choices=["tune", "held", "all"], default="tune")
    parser.add_argument("--show", choices=["none", "missed", "all"], default="none")
    args = parser.parse_args()
    guard = Guard.default().load()
    result = evaluate(guard, load(args.table, args.half), args.show)
    rows = result.pop("rows", None)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if isinstance(rows, list):
        print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
