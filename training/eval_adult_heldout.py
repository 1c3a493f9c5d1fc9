"""Adult prompts (sexual, no real person) the detectors were not built from: rated and stopped, adult content on.

    python training/eval_adult_heldout.py [--json out.json] [--misses N]

The dev set's ``adult`` rows graded explicit or nudity are few once the rows of training sources are
left out (18 in ``training/eval_heldout.py``): one row stopped is 5.6%, and a 95% interval of
1-26%, too wide to show a ceiling of 2%. This script builds a larger set from a source used in no
training and no rule: ``eval/holdout/prompts.jsonl`` (prompts written apart from the project's
lists and cases). Each of its real-person rows graded explicit or nudity has its person's name
(every spelling listed in ``names`` found in the prompt) put back to a subject that is no real
person ("a woman", "an elf sorceress", ...), in turn; rows where no listed spelling is found as
written (leet, initials) are left out, and so are the rows with a sign of a minor. Its fictional
rows graded explicit or nudity are added as they are.

Printed: rows, the share rated nudity or above (a ``sexual.nudity`` or ``sexual.explicit``
finding at the default policy's 0.5), the share stopped (denied or held for review) with the 95%
Wilson interval, and the stopped rows with the rules that stopped them.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from pathlib import Path
from typing import Any

from consentry import CheckRequest, Guard

ROOT = Path(__file__).resolve().parents[1]
HOLDOUT = ROOT / "eval" / "holdout" / "prompts.jsonl"
NUDITY_THRESHOLD = 0.5
SUBJECTS = (
    "a woman",
    "a man",
    "an elf sorceress",
    "a red-haired woman",
    "a tall bearded man",
    "a fictional heroine",
    "an adult anime woman",
    "a blonde woman",
)
MINOR_SIGNS = re.compile(r"\b(teen|young|girl|boy|school|1[0-7]|kid|child|loli|petite)\b", re.IGNORECASE)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of k successes in n."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def adult_rows(path: Path = HOLDOUT) -> list[dict[str, Any]]:
    """The held-out adult set: real-person rows with the person swapped out, and the fictional rows."""
    out: list[dict[str, Any]] = []
    turn = 0
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        if r["grade"] not in ("explicit", "nudity"):
            continue
        prompt = r["prompt"]
        if r["person"]:
            swapped = prompt
            for name in sorted(r["names"], key=len, reverse=True):
                pattern = re.compile(re.escape(name) + r"(?:'s)?", re.IGNORECASE)
                swapped = pattern.sub(SUBJECTS[turn % len(SUBJECTS)], swapped)
            if swapped == prompt:
                continue  # the name is not written as listed (leet, initials, another script)
            turn += 1
            prompt = swapped
        if MINOR_SIGNS.search(prompt):
            continue
        out.append({"id": r["id"], "grade": r["grade"], "prompt": prompt, "negative_prompt": r["negative_prompt"]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--misses", type=int, default=20)
    args = parser.parse_args()
    rows = adult_rows()
    guard = Guard.default().load()
    rated = stopped = 0
    stops: list[str] = []
    unrated: list[str] = []
    for r in rows:
        d = guard.check(CheckRequest(prompt=r["prompt"], negative_prompt=r["negative_prompt"], adult_content=True))
        nudity = any(f.kind in ("sexual.nudity", "sexual.explicit") and f.score >= NUDITY_THRESHOLD for f in d.findings)
        rated += nudity
        if d.verdict != "allow":
            stopped += 1
            stops.append(f"  {d.verdict} {list(d.rule_ids)}: {r['prompt'][:110]}")
        if not nudity:
            unrated.append(f"  {r['grade']}: {r['prompt'][:110]}")
    n = len(rows)
    low, high = wilson(stopped, n)
    report = {
        "rows": n,
        "rated nudity+": {"count": rated, "share": round(rated / n, 4) if n else None},
        "stopped": {"count": stopped, "share": round(stopped / n, 4) if n else None, "wilson95": [low, high]},
    }
    print(json.dumps(report, indent=1))
    print(f"\n# stopped ({stopped})")
    print("\n".join(stops[: args.misses]))
    print(f"\n# not rated nudity+ ({len(unrated)})")
    print("\n".join(unrated[: args.misses]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
