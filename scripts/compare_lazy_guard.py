"""The lazy ``Guard.check`` against a run of every detector, decision by decision.

    PYTHONPATH=src python scripts/compare_lazy_guard.py [--shared ../shared] [--limit N] [--json OUT]

``Guard.check`` runs a detector only where a rule of the policy could need its findings
(docs/policy.md, "Which detectors run"). This script checks the claim that the decision is the
same: on every prompt source it can find, it runs ``check(request)`` and ``check(request,
every_detector=True)`` on the same guard and compares the verdict, the rules, the message and the
report flag. Sources (each skipped where its file is absent): the dev set (adult content on and
off, with its negative prompts), COCO captions, PartiPrompts, I2P, Adversarial Nibbler, Ring-A-Bell,
UnlearnDiffAtk and P4D, ``eval/holdout``, the site-traffic mix of ``benchmarks/site_traffic.py``
(with its negative prompts, adult content on and off) and the tables of cases under
``tests/data`` and ``scripts/data``.

It prints, per source, the checks made, how many differ and the share on which the person
stages ran, then every differing decision. It also measures what the triage's model margin
(``consentry.text.triage.MODEL_MARGIN``) must cover: on the checks where a person is found, each
sexual kind that reaches its threshold only once the names are blanked for the model, and how
far under the threshold the model's unscaled score was without the people. Exit status 1 when a
decision differs.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
csv.field_size_limit(10_000_000)

Row = tuple[str, str, bool]  # prompt, negative prompt, adult content


def _csv_column(path: Path, column: str, limit: int | None = None) -> list[str]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        values = [row[column] for row in csv.DictReader(handle) if row.get(column)]
    if limit is not None and len(values) > limit:
        values = random.Random(11).sample(values, limit)
    return values


def _tsv_rows(path: Path) -> list[Row]:
    """Prompts of a table of cases: a ``prompt`` column (and ``negative_prompt``), or the fourth
    column of a headerless table."""
    if not path.is_file():
        return []
    lines = [line.rstrip("\n") for line in path.open(encoding="utf-8") if line.strip() and not line.startswith("#")]
    if not lines:
        return []
    header = lines[0].split("\t")
    rows: list[Row] = []
    if "prompt" in header:
        at, neg = header.index("prompt"), header.index("negative_prompt") if "negative_prompt" in header else -1
        for line in lines[1:]:
            cells = line.split("\t")
            if len(cells) > at:
                rows.append((cells[at], cells[neg] if 0 <= neg < len(cells) else "", True))
    elif "name" in header:
        at = header.index("name")
        for line in lines[1:]:
            cells = line.split("\t")
            if len(cells) > at:
                rows += [(f"{cells[at]} nude", "", True), (f"portrait of {cells[at]}", "", True)]
    else:
        rows = [(line.split("\t")[3], "", True) for line in lines if len(line.split("\t")) > 3]
    return rows


def sources(shared: Path, limit: int | None, traffic_seed: int = 23) -> Iterator[tuple[str, list[Row]]]:
    dev = shared / "eval" / "ncii_dev.jsonl"
    if dev.is_file():
        records = [json.loads(line) for line in dev.open(encoding="utf-8")]
        for adult in (True, False):
            name = f"dev set, adult {'on' if adult else 'off'}"
            yield name, [(r["prompt"], r.get("negative_prompt") or "", adult) for r in records]
    data = shared / "data"
    yield (
        "COCO captions",
        [(p, "", True) for p in _csv_column(data / "coco_captions" / "coco_30k.csv", "prompt", 12000)],
    )
    parti = data / "partiprompts" / "PartiPrompts.tsv"
    if parti.is_file():
        with parti.open(encoding="utf-8", newline="") as handle:
            yield "PartiPrompts", [(r["Prompt"], "", True) for r in csv.DictReader(handle, delimiter="\t")]
    yield "I2P", [(p, "", True) for p in _csv_column(data / "i2p" / "i2p_4703.csv", "prompt")]
    nibbler = data / "adversarial_nibbler_attempted" / "nibbler_attempted_prompts.csv"
    yield "Adversarial Nibbler", [(p, "", True) for p in _csv_column(nibbler, "prompt", 9000)]
    ring: list[Row] = []
    for name in ("Nudity_prompt.csv", "NoNudity_prompt.csv"):
        path = data / "ringabell_concept_prompts" / name
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                for r in csv.DictReader(handle):
                    words = [r.get(k, "") for k in ("nudity", "people", "clothes", "location")]
                    ring.append((" ".join(w.strip() for w in words if w and w.strip() != "None"), "", True))
    yield "Ring-A-Bell", ring
    attacks = [(p, "", True) for p in _csv_column(data / "unlearndiffatk" / "nudity.csv", "prompt")]
    for path in sorted((data / "p4d").glob("*.csv")):
        attacks += [(p, "", True) for p in _csv_column(path, "prompt")]
    yield "UnlearnDiffAtk + P4D", attacks
    holdout = ROOT / "eval" / "holdout" / "prompts.jsonl"
    if holdout.is_file():
        rows = [json.loads(line) for line in holdout.open(encoding="utf-8")]
        yield (
            "eval/holdout",
            [(r["prompt"], r.get("negative_prompt") or "", adult) for r in rows for adult in (True, False)],
        )
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from site_traffic import build_site_traffic

    traffic = build_site_traffic(6000, seed=traffic_seed, shared=shared)
    yield "site traffic, adult on", [(t.prompt, t.negative_prompt, True) for t in traffic]
    yield "site traffic, adult off", [(t.prompt, t.negative_prompt, False) for t in traffic[:3000]]
    cases: list[Row] = []
    for path in sorted((ROOT / "tests" / "data").glob("*.tsv")) + sorted((ROOT / "scripts" / "data").glob("*.tsv")):
        cases += _tsv_rows(path)
    cases += [(prompt, negative, not adult) for prompt, negative, adult in cases]
    yield "tables of cases (tests/data, scripts/data), adult on and off", cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=None, help="at most this many prompts per source")
    parser.add_argument("--json", type=Path, default=None, help="write the figures and every difference here")
    parser.add_argument("--only", default=None, help="only the sources whose name holds this text")
    parser.add_argument("--traffic-seed", type=int, default=23, help="seed of the site-traffic mix (default 23)")
    args = parser.parse_args(argv)

    from consentry import CheckRequest, Guard
    from consentry.content import UserContext
    from consentry.detectors.base import Context
    from consentry.text import triage
    from consentry.text.sexual import ASSESSMENT_MEMO, KINDS, SexualAssessment, SexualDetector

    guard = Guard.default().load()
    sexual = guard.detector("sexual")
    assert isinstance(sexual, SexualDetector)
    person_versions = {v for v in guard.detector_versions if v.startswith("person@")}
    differences: list[dict[str, Any]] = []
    figures: list[dict[str, Any]] = []
    needs: list[tuple[float, str, str]] = []
    policy = guard.policy
    # the lowest threshold at which a sexual kind counts for some signal of the policy
    thresholds = {
        kind: min((policy.threshold(s, kind) for s in policy.signals.values() if s.matches_kind(kind)), default=1.0)
        for kind in KINDS
    }
    named = 0
    total = 0
    for name, source_rows in sources(args.shared, args.limit, args.traffic_seed):
        if args.only is not None and args.only not in name:
            continue
        rows = [row for row in source_rows if row[0].strip()][: args.limit]  # a request needs a prompt
        if not rows:
            continue
        differ = person_ran = 0
        for prompt, negative, adult in rows:
            request = CheckRequest(prompt=prompt, negative_prompt=negative, user=UserContext(adult_content=adult))
            full_contexts: list[Context] = []
            full = guard.check(request, every_detector=True, observe=full_contexts.append)
            lazy = guard.check(request)
            if any(v in person_versions for v in lazy.detector_versions):
                person_ran += 1
            same = (full.verdict, full.rule_ids, full.message, full.report) == (
                lazy.verdict,
                lazy.rule_ids,
                lazy.message,
                lazy.report,
            )
            if not same:
                differ += 1
                differences.append(
                    {
                        "source": name,
                        "prompt": prompt,
                        "negative_prompt": negative,
                        "adult_content": adult,
                        "full": [full.verdict, list(full.rule_ids), full.report],
                        "lazy": [lazy.verdict, list(lazy.rule_ids), lazy.report],
                        "skipped": [v for v in lazy.detector_versions if v.endswith(":skipped")],
                    }
                )
            named_in_prompt = any(
                f.family == "person" and f.span is not None and f.span.field == "prompt"
                for f in full_contexts[0].findings
            )
            if named_in_prompt:
                # the margin the model needs: a kind the full run raises to a threshold that the
                # bound without the model's margin leaves under it
                named += 1
                bare = Context(request, guard.policy)
                found = list(sexual.detect(bare))
                without = bare.memoized(ASSESSMENT_MEMO)
                bound = triage.bound(sexual, bare, found, margin=0.0)
                assert isinstance(without, SexualAssessment) and bound is not None
                full_scores = {f.kind: f.score for f in full.findings if f.kind in KINDS}
                for g, kind in enumerate(KINDS):
                    threshold = thresholds[kind]
                    if full_scores.get(kind, 0.0) >= threshold > bound[kind]:
                        needs.append((threshold - without.unscaled_model_scores[g], kind, prompt))
        total += len(rows)
        figures.append({"source": name, "checks": len(rows), "differ": differ, "person_stages_ran": person_ran})
        share = f"{person_ran} ({person_ran / len(rows):.1%})"
        print(f"{name}: {len(rows)} checks, {differ} differ, person stages ran on {share}")
        sys.stdout.flush()
    ran = sum(f["person_stages_ran"] for f in figures)
    print(f"all: {total} checks, {len(differences)} differ, person stages ran on {ran} ({ran / max(total, 1):.1%})")
    needs.sort(reverse=True)
    largest = needs[0][0] if needs else 0.0
    print(
        f"model margin: on {named} checks naming someone, {len(needs)} kinds reach their threshold only by the "
        f"model once the names are blanked; the margin they need: at most {largest:.3f} "
        f"(triage.MODEL_MARGIN = {triage.MODEL_MARGIN})"
    )
    for need, kind, prompt in needs[:10]:
        print(f"  {need:.3f} {kind}: {prompt[:100]}")
    for diff in differences:
        print(json.dumps(diff, ensure_ascii=False))
    if args.json is not None:
        summary = {"figures": figures, "differences": differences, "margin_needed": needs, "named": named}
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
