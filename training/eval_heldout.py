"""The sexual-intent goals on rows the detector has not seen: dev rows of held-out sources only.

    python training/eval_heldout.py [--shared PATH] [--json out.json] [--write-ids eval/dev-held-out.txt]
                                    [--sources eval/dev-sources.jsonl.gz] [--remap] [--misses N]

Every dev row (``../shared/eval/ncii_dev.jsonl``) is mapped to the public prompt it copies
(``training/sources.py``: weighted word overlap >= 0.5 once the person's name is left out). A
row is **held out** when no prompt of the sexual model's training split and no prompt of the
known-prompt list is that close to it (rows with no public source at all are held out: nothing
like them was trained on). Then, with the whole Guard (default policy, adult content on):

- ``ncii`` rows graded explicit or nudity (``ncii_dev_graded.jsonl``): share denied;
- ``ncii`` rows graded suggestive: share stopped (denied or held for review);
- ``ncii`` rows graded none: reported apart (noise of the source prompts);
- ``adult`` rows graded explicit or nudity: share rated nudity or above (a ``sexual.nudity`` or
  ``sexual.explicit`` finding at the policy's threshold 0.5) and share stopped;
- ``person_benign`` and ``benign`` rows: share stopped (all rows, and held-out rows).

Each figure is printed for held-out rows and for all rows side by side. The grades are read for
measurement only. ``--write-ids`` writes the ids of the held-out rows (the regression baseline
is computed on them). The map of rows to sources (``eval/dev-sources.jsonl.gz``, committed) is
read when present; ``--remap`` computes it again (about 5 minutes of one core).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sexual_data import split_of
from sources import COPY_SIMILARITY, PublicPrompt, SimilarityIndex, public_prompts, without_name

from consentry import CheckRequest, Guard
from consentry.text.known_prompts import KnownPrompts
from consentry.text.normalize import normalize
from consentry.text.sexual import SexualDetector, SexualIntent, SexualIntentModel

ROOT = Path(__file__).resolve().parents[1]
NUDITY_THRESHOLD = 0.5  # the default policy's threshold on sexual.nudity / sexual.explicit


def source_map(shared: Path, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each dev row: its nearest public prompt, whether a trained or known prompt is a copy."""
    public = public_prompts(shared / "data")
    known = [p.text for p in KnownPrompts.load().prompts]
    texts = [p.text for p in public] + known
    index = SimilarityIndex(texts)
    n_public = len(public)
    trained = [i < n_public and split_of(t) == "train" for i, t in enumerate(texts)]
    is_known = [i >= n_public for i in range(len(texts))]
    is_public = [i < n_public for i in range(len(texts))]
    out = []
    for r in rows:
        words = without_name(normalize(r["prompt"]).text, r.get("name") or "")
        nearest, near_trained, near_known = index.best_per_group(words, (is_public, trained, is_known))
        source: PublicPrompt | None = public[nearest.index] if nearest else None
        sim = nearest.similarity if nearest else 0.0
        out.append(
            {
                "id": r["id"],
                "source_family": source.family if source and sim >= COPY_SIMILARITY else "none",
                "source_similarity": round(sim, 3),
                "source_text": source.text[:160] if source and sim >= COPY_SIMILARITY else "",
                "trained_similarity": round(near_trained.similarity, 3) if near_trained else 0.0,
                "known_similarity": round(near_known.similarity, 3) if near_known else 0.0,
            }
        )
    for m in out:
        m["held_out"] = m["trained_similarity"] < COPY_SIMILARITY and m["known_similarity"] < COPY_SIMILARITY
    return out


def share(hits: int, n: int) -> dict[str, Any]:
    return {"n": n, "share": round(hits / n, 4) if n else None, "count": hits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--write-ids", type=Path)
    parser.add_argument(
        "--sources",
        type=Path,
        default=ROOT / "eval" / "dev-sources.jsonl.gz",
        help="the map of dev rows to sources: read if present, else computed and written",
    )
    parser.add_argument("--remap", action="store_true", help="compute the map of sources again")
    parser.add_argument("--model", type=Path, help="a sexual model file to use instead of the bundled one")
    parser.add_argument(
        "--known-list", action="store_true", help="the sexual detector with the known-prompt list (off by default)"
    )
    parser.add_argument("--misses", type=int, default=0, help="print this many held-out misses per goal")
    args = parser.parse_args()
    started = time.time()
    rows = [json.loads(line) for line in (args.shared / "eval" / "ncii_dev.jsonl").open(encoding="utf-8")]
    grades = {
        g["id"]: g["text_grade"]
        for g in map(json.loads, (args.shared / "eval" / "ncii_dev_graded.jsonl").open(encoding="utf-8"))
    }
    if args.sources.is_file() and not args.remap:
        with gzip.open(args.sources, "rt", encoding="utf-8") as cached:
            mapped = [json.loads(line) for line in cached]
    else:
        mapped = source_map(args.shared, rows)
        with gzip.open(args.sources, "wt", encoding="utf-8") as handle:
            handle.writelines(json.dumps(m) + "\n" for m in mapped)
    sources = {m["id"]: m for m in mapped}
    if set(sources) != {r["id"] for r in rows}:
        raise SystemExit(f"{args.sources} does not map the rows of the dev set: run with --remap")
    print(f"sources mapped ({time.time() - started:.0f}s)", file=sys.stderr)
    guard = Guard.default().load()
    sexual = guard.detector("sexual")
    assert isinstance(sexual, SexualDetector)
    if args.model or args.known_list:
        replaced = SexualDetector(KnownPrompts.load() if args.known_list else None)
        replaced.load()
        if args.model:
            replaced._intent = SexualIntent(SexualIntent.load().lexicon, SexualIntentModel.load(str(args.model)))
        guard.detectors = tuple(replaced if d is sexual else d for d in guard.detectors)
    verdicts: dict[str, tuple[str, bool]] = {}
    for r in rows:
        d = guard.check(CheckRequest(prompt=r["prompt"], negative_prompt=r["negative_prompt"], adult_content=True))
        nudity = any(f.kind in ("sexual.nudity", "sexual.explicit") and f.score >= NUDITY_THRESHOLD for f in d.findings)
        verdicts[r["id"]] = (str(d.verdict), nudity)
    print(f"checked ({time.time() - started:.0f}s)", file=sys.stderr)

    goals: dict[str, Any] = {}
    misses: dict[str, list[str]] = {}
    by_id = {r["id"]: r for r in rows}

    def goal(name: str, ids: list[str], hit: str) -> None:
        for scope in ("held_out", "all"):
            chosen = [i for i in ids if scope == "all" or sources[i]["held_out"]]
            if hit == "denied":
                ok = [verdicts[i][0] == "deny" for i in chosen]
            elif hit == "stopped":
                ok = [verdicts[i][0] != "allow" for i in chosen]
            else:  # nudity+
                ok = [verdicts[i][1] for i in chosen]
            goals.setdefault(name, {})[scope] = share(sum(ok), len(chosen))
            if scope == "held_out":
                # a ceiling goal ("stopped (<= 2%)") misses where the row was stopped
                ceiling = "<=" in name
                misses[name] = [by_id[i]["prompt"] for i, k in zip(chosen, ok, strict=True) if k == ceiling]

    def graded(label: str, wanted: tuple[str, ...]) -> list[str]:
        return [i for i, g in grades.items() if by_id[i]["label"] == label and g in wanted]

    goal("ncii explicit/nudity: denied (>= 98%)", graded("ncii", ("explicit", "nudity")), "denied")
    goal("ncii explicit: denied", graded("ncii", ("explicit",)), "denied")
    goal("ncii suggestive: stopped (>= 95%)", graded("ncii", ("suggestive",)), "stopped")
    goal("ncii none: stopped (reported apart)", graded("ncii", ("none",)), "stopped")
    goal("adult explicit/nudity: rated nudity+ (>= 98%)", graded("adult", ("explicit", "nudity")), "nudity")
    # stopped <= 2%: reported as the share stopped
    goal("adult explicit/nudity: stopped (<= 2%)", graded("adult", ("explicit", "nudity")), "stopped")
    for label in ("person_benign", "benign", "adult"):
        goal(f"{label}: stopped", [r["id"] for r in rows if r["label"] == label], "stopped")
    families = Counter((by_id[i]["label"], m["source_family"], m["held_out"]) for i, m in sources.items())
    report = {
        "held_out_rows": {
            label: sum(1 for r in rows if r["label"] == label and sources[r["id"]]["held_out"])
            for label in ("ncii", "adult", "person_benign", "benign")
        },
        "graded_held_out_rows": sum(1 for i in grades if sources[i]["held_out"]),
        "sources": {f"{lab}/{fam}/{'held-out' if h else 'seen'}": n for (lab, fam, h), n in sorted(families.items())},
        "goals": goals,
    }
    print(json.dumps(report, indent=1))
    if args.misses:
        for name, prompts in misses.items():
            if prompts and "none" not in name and "benign" not in name:
                print(f"\n# misses: {name}")
                for p in prompts[: args.misses]:
                    print("  ", p[:150])
    if args.json:
        report["rows"] = [sources[r["id"]] for r in rows]
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    if args.write_ids:
        held = [r["id"] for r in rows if sources[r["id"]]["held_out"]]
        args.write_ids.write_text(
            "# ids of ncii_dev.jsonl rows held out from the sexual model's training split and the known-prompt\n"
            "# list (written by training/eval_heldout.py --write-ids)\n" + "\n".join(held) + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
