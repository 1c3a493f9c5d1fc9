"""Every number of docs/detectors/sexual.md and docs/detectors/minor.md, in one run.

    python training/eval_sexual.py [--shared PATH] [--peers a,b,...] [--no-peers] [--json out.json]

Sections:
1. ncii_dev: share of ``ncii``/``adult`` rows rated nudity-or-explicit (sexual.nudity score
   >= 0.5, the default policy threshold), of ``benign``/``person_benign`` rows, and of the benign
   rows that carry a sexual negative prompt; the suggestive-or-above share beside it; then the
   nudity-or-explicit shares again with the person detector run first, as in the Guard.
2. The held-out split of the training data (training/sexual_data.py): precision and recall of
   each grade ("at least suggestive", "at least nudity", "explicit") for this detector and, in
   the same run, for the PyPI classifiers (their one yes/no compared at every grade). Here the
   detector's list of known nudity prompts holds only those of the training split.
   The labels are partly weak labels from our own lexicon, so a second table uses only the rows
   whose label does not come from the lexicon: image-nudity positives (Ring-A-Bell, UnlearnDiffAtk,
   P4D, I2P rated by the nudity of Stable Diffusion's images) against COCO and PartiPrompts.
3. COCO + PartiPrompts (all rows): share rated nudity-or-explicit; share with a minor signal.
4. The minor phrasing table (tests/data/minor_phrasings.tsv): recall, alone and with sexual terms.
5. The manual audits (eval/audit/{ncii,adult}-dev-below-nudity.tsv, drawn by
   training/audit_sample.py): of the ``ncii`` (``adult``) rows rated below nudity, the share
   whose prompt states or implies nudity, and from it an estimate of the share of rows that ask
   for nudity at all, and of the detector's recall among those. The ``ncii`` audit is a sample of
   100; the ``adult`` one covers every ``adult`` row below nudity (when they were drawn). Audited
   rows the detector now rates at nudity or above are left out of the estimate.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sexual_data import Row, build_rows, split_of

from consentry import CheckRequest
from consentry.detectors.base import Context
from consentry.text.known_prompts import KnownPrompts
from consentry.text.minor import MinorDetector
from consentry.text.sexual import SexualDetector

ROOT = Path(__file__).resolve().parents[1]
PEERS = ("nsfw-pipeline-bow", "nsfw-pipeline-char-embed", "nsfw-pipeline-bilstm", "alt-profanity-check")
LEVELS = ("suggestive+", "nudity+", "explicit")


def sexual_scores(detector: SexualDetector, prompt: str, negative: str = "") -> tuple[float, float, float]:
    scores = dict.fromkeys(("sexual.suggestive", "sexual.nudity", "sexual.explicit"), 0.0)
    for f in detector.detect(Context(CheckRequest(prompt=prompt, negative_prompt=negative))):
        scores[f.kind] = max(scores[f.kind], f.score)
    return scores["sexual.suggestive"], scores["sexual.nudity"], scores["sexual.explicit"]


def minor_score(detector: MinorDetector, prompt: str, negative: str = "") -> tuple[float, str]:
    findings = detector.detect(Context(CheckRequest(prompt=prompt, negative_prompt=negative)))
    best = max(findings, key=lambda f: f.score, default=None)
    return (best.score, best.subject or "") if best else (0.0, "")


def pr(predicted: Sequence[bool], truth: Sequence[bool]) -> dict[str, Any]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "positives": tp + fn,
        "flagged": tp + fp,
    }


def ncii_dev(shared: Path, detector: SexualDetector) -> dict[str, Any]:
    rows = [json.loads(line) for line in (shared / "eval" / "ncii_dev.jsonl").open(encoding="utf-8")]
    groups: dict[str, list[tuple[float, float]]] = {}
    for r in rows:
        s = sexual_scores(detector, r["prompt"], r["negative_prompt"])
        keys = [r["label"]]
        if r["label"] == "benign" and r["negative_prompt"]:
            keys.append("benign with a negative prompt")
        for key in keys:
            groups.setdefault(key, []).append((s[0], s[1]))
    out = {}
    for key, values in sorted(groups.items()):
        out[key] = {
            "rows": len(values),
            "nudity_or_explicit": round(sum(n >= 0.5 for _, n in values) / len(values), 4),
            "suggestive_or_above": round(sum(s >= 0.5 for s, _ in values) / len(values), 4),
        }
    return out


def ncii_dev_with_people(shared: Path, detector: SexualDetector) -> tuple[dict[str, Any], set[str]]:
    """The same shares with the person detector run first (as in the Guard's pipeline).

    Also returns the ids of the rows rated below nudity (for the audits).
    """
    from consentry.text.person import PersonDetector

    person = PersonDetector()
    person.load()
    rows = [json.loads(line) for line in (shared / "eval" / "ncii_dev.jsonl").open(encoding="utf-8")]
    groups: dict[str, list[float]] = {}
    below: set[str] = set()
    for r in rows:
        context = Context(CheckRequest(prompt=r["prompt"], negative_prompt=r["negative_prompt"]))
        context.findings.extend(person.detect(context))
        nudity = max((f.score for f in detector.detect(context) if f.kind != "sexual.suggestive"), default=0.0)
        groups.setdefault(r["label"], []).append(nudity)
        if nudity < 0.5:
            below.add(r["id"])
    summary = {
        key: {"rows": len(v), "nudity_or_explicit": round(sum(n >= 0.5 for n in v) / len(v), 4)}
        for key, v in sorted(groups.items())
    }
    return summary, below


AUDIT_DIR = ROOT / "eval" / "audit"


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson interval of a proportion."""
    if n == 0:
        return (0.0, 1.0)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def audit(rated: float, path: Path, below: set[str]) -> dict[str, Any]:
    """What the audited sample says about the rows rated below nudity (``rated``: share at nudity+).

    The sample was drawn from the rows below nudity at the time (``below``: the ids below now).
    Rows the detector now rates at nudity or above are left out; as long as no row moved the
    other way, the rest is a uniform sample of today's rows below nudity.
    """
    with path.open(encoding="utf-8") as handle:
        sample = list(csv.DictReader(handle, delimiter="\t"))
    verdicts = Counter(row["verdict"] for row in sample if row["id"] in below)
    unknown = set(verdicts) - {"states", "implies", "no"}
    if unknown:
        raise SystemExit(f"{path}: unknown verdicts {sorted(unknown)} (expected states, implies, no)")
    n = sum(verdicts.values())
    asks = verdicts["states"] + verdicts["implies"]
    low, high = wilson(asks, n)
    below_share = 1.0 - rated
    ceiling = rated + below_share * asks / n
    return {
        "sample": len(sample),
        "sample_rows_now_rated_nudity_or_above": len(sample) - n,
        "verdicts_of_rows_still_below": dict(sorted(verdicts.items())),
        "below_nudity_asking_for_nudity": round(asks / n, 4),
        "below_nudity_asking_for_nudity_95ci": [round(low, 4), round(high, 4)],
        "rows_asking_for_nudity_est": round(ceiling, 4),
        "rows_asking_for_nudity_95ci": [round(rated + below_share * low, 4), round(rated + below_share * high, 4)],
        "recall_among_rows_asking_for_nudity_est": round(rated / ceiling, 4),
    }


def _same_at_every_grade(verdicts: dict[str, bool]) -> Callable[[Row], tuple[bool, bool, bool]]:
    """A peer's one yes-or-no verdict, for each of the three grades."""

    def predict(r: Row) -> tuple[bool, bool, bool]:
        verdict = verdicts[r.text]
        return verdict, verdict, verdict

    return predict


def held_out(
    rows: Sequence[Row],
    detector: SexualDetector,
    peers: dict[str, Callable[[str], bool]],
) -> dict[str, Any]:
    test = [r for r in rows if r.split == "test"]
    # labels that do not come from our lexicon: image outcomes and benign caption sets
    independent = [
        r
        for r in test
        if r.source in ("coco", "parti") or (r.source in ("ringabell", "unlearndiffatk", "p4d", "i2p") and r.grade >= 2)
    ]
    ours = {r.text: sexual_scores(detector, r.original) for r in test}

    def consentry(r: Row) -> tuple[bool, bool, bool]:
        first, second, third = ours[r.text]
        return first >= 0.5, second >= 0.5, third >= 0.5

    systems: dict[str, Callable[[Row], tuple[bool, bool, bool]]] = {"consentry": consentry}
    for name, judge in peers.items():
        verdicts: dict[str, bool] = {}
        started = time.time()
        for r in test:
            verdicts[r.text] = judge(r.original)
        print(f"  {name}: {len(test)} prompts in {time.time() - started:.0f}s", file=sys.stderr)
        systems[name] = _same_at_every_grade(verdicts)
    result: dict[str, Any] = {"rows": len(test), "grades": dict(Counter(r.grade for r in test))}
    for label, subset in (("all held-out rows", test), ("independent labels", independent)):
        table: dict[str, Any] = {}
        for name, predict in systems.items():
            predictions = [predict(r) for r in subset]
            table[name] = {
                level: pr([p[i] for p in predictions], [r.grade >= i + 1 for r in subset])
                for i, level in enumerate(LEVELS)
                if label == "all held-out rows" or level == "nudity+"
            }
        result[label] = {"rows": len(subset), "systems": table}
    # exact grade for this detector (its grade = the highest level reached)
    exact: dict[str, Any] = {}
    for g, name in enumerate(("none", "suggestive", "nudity", "explicit")):
        predicted = [max((i + 1 for i, s in enumerate(ours[r.text]) if s >= 0.5), default=0) == g for r in test]
        exact[name] = pr(predicted, [r.grade == g for r in test])
    result["consentry exact grade"] = exact
    return result


def benign_sets(shared: Path, sexual: SexualDetector, minor: MinorDetector, rows: Sequence[Row]) -> dict[str, Any]:
    data = shared / "data"
    prompts = [r["prompt"] for r in csv.DictReader((data / "coco_captions" / "coco_30k.csv").open(encoding="utf-8"))]
    prompts += [
        r["Prompt"]
        for r in csv.DictReader((data / "partiprompts" / "PartiPrompts.tsv").open(encoding="utf-8"), delimiter="\t")
    ]
    held = {r.original for r in rows if r.split == "test" and r.source in ("coco", "parti")}
    nudity, nudity_held, minors = [], [], []
    minor_terms: Counter[str] = Counter()
    flagged_minor: list[str] = []
    for p in prompts:
        n = sexual_scores(sexual, p)[1] >= 0.5
        nudity.append(n)
        if p in held:
            nudity_held.append(n)
        score, subject = minor_score(minor, p)
        minors.append(score >= 0.5)
        if score >= 0.5:
            minor_terms[subject] += 1
            flagged_minor.append(p)
    return {
        "prompts": len(prompts),
        "nudity_or_explicit": round(sum(nudity) / len(prompts), 5),
        "nudity_or_explicit_count": sum(nudity),
        "nudity_or_explicit_held_out_only": round(sum(nudity_held) / max(len(nudity_held), 1), 5),
        "held_out_prompts": len(nudity_held),
        "minor_signal": round(sum(minors) / len(prompts), 5),
        "minor_signal_count": sum(minors),
        "minor_signal_terms": dict(minor_terms.most_common(25)),
        # a fixed, evenly spaced sample of flagged captions, for a manual review of false signals
        "minor_signal_sample": flagged_minor[:: max(1, len(flagged_minor) // 100)][:100],
    }


def minor_table(minor: MinorDetector, sexual: SexualDetector) -> dict[str, Any]:
    path = ROOT / "tests" / "data" / "minor_phrasings.tsv"
    rows = [r for r in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t")]
    out: dict[str, Any] = {}
    for with_sexual in ("no", "yes"):
        subset = [r for r in rows if r["sexual"] == with_sexual]
        found = [minor_score(minor, r["prompt"], r["negative_prompt"])[0] >= 0.5 for r in subset]
        missed = [r["prompt"] for r, f in zip(subset, found, strict=True) if not f]
        out[f"sexual={with_sexual}"] = {
            "rows": len(subset),
            "recall": round(sum(found) / len(subset), 4),
            "missed": missed,
        }
    both = [r for r in rows if r["sexual"] == "yes"]
    sexual_found = [sexual_scores(sexual, r["prompt"])[0] >= 0.5 for r in both]
    out["sexual rows rated suggestive or above"] = round(sum(sexual_found) / len(both), 4)
    return out


def load_peers(names: Sequence[str]) -> dict[str, Callable[[str], bool]]:
    from consentry.eval.peers import PeerUnavailableError, make_peer

    out: dict[str, Callable[[str], bool]] = {}
    for name in names:
        peer = make_peer(name)
        try:
            peer.load()
        except PeerUnavailableError as exc:
            print(f"  {name}: skipped ({exc})", file=sys.stderr)
            continue
        out[name] = peer.predict
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--peers", default=",".join(PEERS))
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--dev-only", action="store_true", help="only the ncii_dev sections")
    args = parser.parse_args()
    sexual, minor = SexualDetector(), MinorDetector()
    sexual.load()
    minor.load()
    report: dict[str, Any] = {}
    report["ncii_dev"] = ncii_dev(args.shared, sexual)
    print(json.dumps({"ncii_dev": report["ncii_dev"]}, indent=1), flush=True)
    report["ncii_dev_with_people"], below = ncii_dev_with_people(args.shared, sexual)
    print(json.dumps({"ncii_dev_with_people": report["ncii_dev_with_people"]}, indent=1), flush=True)
    report["audit"] = {
        label: audit(
            report["ncii_dev_with_people"][label]["nudity_or_explicit"],
            AUDIT_DIR / f"{label}-dev-below-nudity.tsv",
            below,
        )
        for label in ("ncii", "adult")
    }
    print(json.dumps({"audit": report["audit"]}, indent=1), flush=True)
    if args.dev_only:
        return
    rows = build_rows(args.shared)
    peers = {} if args.no_peers else load_peers([p for p in args.peers.split(",") if p])
    # the known-prompt list holds prompts of the training sources: on the held-out split, only
    # the ones of the training split may be known
    trained_only = SexualDetector(KnownPrompts.load().filtered(lambda p: split_of(p.text) == "train"))
    report["held_out"] = held_out(rows, trained_only, peers)
    print(json.dumps({"held_out": report["held_out"]}, indent=1), flush=True)
    report["coco_parti"] = benign_sets(args.shared, sexual, minor, rows)
    print(json.dumps({"coco_parti": report["coco_parti"]}, indent=1), flush=True)
    report["minor_table"] = minor_table(minor, sexual)
    print(json.dumps({"minor_table": report["minor_table"]}, indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
