"""A committed baseline of Consentry's own metrics, and the regression check against it.

The check fails when recall falls, or the false-positive rate rises, by more than the stated
tolerance (absolute), overall and per label: for a label that should be stopped its flagged
share may fall by at most ``recall`` tolerance; for a label that should pass its flagged share
may rise by at most ``fpr`` tolerance, and never less than two rows of that label (a label of
24 rows gets 2/24 of slack). For a label that should be denied, its DENIED share may fall by at
most the same slack as its flagged share: a change that turns denies into reviews keeps the
flagged share and still fails. Improvements never fail; regenerate the baseline to lock them in
(the command is recorded in the file).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consentry.errors import InputError

BASELINE_FORMAT = 1
DEFAULT_RECALL_TOLERANCE = 0.02
DEFAULT_FPR_TOLERANCE = 0.01
MIN_SLACK_ROWS = 2


@dataclass(frozen=True, slots=True)
class Tolerance:
    """Absolute slack before a change counts as a regression (0.02 = two percentage points)."""

    recall: float = DEFAULT_RECALL_TOLERANCE
    fpr: float = DEFAULT_FPR_TOLERANCE


def make_baseline(
    result: Mapping[str, Any], *, source: str, sample: int | None, tolerance: Tolerance
) -> dict[str, Any]:
    """The parts of a result that the regression check compares, with how to make it again."""
    return {
        "format": BASELINE_FORMAT,
        "dataset": result["dataset"],
        "source": source,
        "sample": sample,
        "n": result["n"],
        "adult": result["adult"],
        "command": result.get("command", ""),
        "policy_version": result["policy_version"],
        "detectors": list(result["detectors"]),
        "tolerance": {"recall": tolerance.recall, "fpr": tolerance.fpr},
        "metrics": {k: result["metrics"][k] for k in ("recall", "precision", "fpr", "tp", "fn", "fp", "tn")},
        "labels": {
            label: {k: counts[k] for k in ("n", "expected", "flag_rate", "deny_rate")}
            for label, counts in result["labels"].items()
        },
        "latency": {k: result["latency"][k] for k in ("p50_ms", "p99_ms")},
    }


def read_baseline(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such baseline file", field="baseline", code="not_found")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}: not JSON (line {exc.lineno}: {exc.msg})", field="baseline") from None
    if not isinstance(data, dict) or data.get("format") != BASELINE_FORMAT:
        raise InputError(f"{p}: not a baseline file of format {BASELINE_FORMAT}", field="baseline")
    return data


def tolerance_of(baseline: Mapping[str, Any]) -> Tolerance:
    raw = baseline.get("tolerance") or {}
    return Tolerance(
        recall=float(raw.get("recall", DEFAULT_RECALL_TOLERANCE)), fpr=float(raw.get("fpr", DEFAULT_FPR_TOLERANCE))
    )


def compare(result: Mapping[str, Any], baseline: Mapping[str, Any], tolerance: Tolerance | None = None) -> list[str]:
    """The regressions of ``result`` against ``baseline`` (empty: no regression), each one line."""
    tol = tolerance if tolerance is not None else tolerance_of(baseline)
    problems: list[str] = []
    if result["n"] != baseline["n"] or bool(result["adult"]) != bool(baseline["adult"]):
        problems.append(
            f"not comparable: {result['n']} rows with adult {result['adult']} vs the baseline's "
            f"{baseline['n']} rows with adult {baseline['adult']} (regenerate: {baseline.get('command', '')})"
        )
        return problems
    names = {d.split("@")[0] for d in result.get("detectors", ())}
    missing = sorted(d for d in baseline.get("detectors", ()) if d.split("@")[0] not in names)
    now, then = result["metrics"], baseline["metrics"]
    if now["recall"] is not None and then["recall"] is not None and now["recall"] < then["recall"] - tol.recall:
        problems.append(f"recall fell from {then['recall']:.4f} to {now['recall']:.4f} (tolerance {tol.recall})")
    if now["fpr"] is not None and then["fpr"] is not None and now["fpr"] > then["fpr"] + tol.fpr:
        problems.append(f"false-positive rate rose from {then['fpr']:.4f} to {now['fpr']:.4f} (tolerance {tol.fpr})")
    for label, base in baseline["labels"].items():
        counts = result["labels"].get(label)
        if counts is None:
            problems.append(f"label {label!r} is missing from the run")
            continue
        was, rate = base["flag_rate"], counts["flag_rate"]
        if was is None or rate is None:
            continue
        # A small label gets at least MIN_SLACK_ROWS rows of slack: one row of 24 is 4%.
        floor = MIN_SLACK_ROWS / base["n"] if base.get("n") else 0.0
        slack = max(tol.recall, floor)
        if base["expected"] in ("deny", "review") and rate < was - slack:
            problems.append(f"{label}: flagged share fell from {was:.4f} to {rate:.4f} (tolerance {slack:.4f})")
        if base["expected"] == "deny":
            denied_was, denied = base.get("deny_rate"), counts.get("deny_rate")
            if denied_was is not None and denied is not None and denied < denied_was - slack:
                problems.append(
                    f"{label}: denied share fell from {denied_was:.4f} to {denied:.4f} (tolerance {slack:.4f}; "
                    f"flagged share {was:.4f} -> {rate:.4f}: denies turned into reviews or allows)"
                )
        slack = max(tol.fpr, floor)
        if base["expected"] == "allow" and rate > was + slack:
            problems.append(f"{label}: flagged share rose from {was:.4f} to {rate:.4f} (tolerance {slack:.4f})")
    if problems and missing:
        problems.append(f"detectors in the baseline but not in this run: {', '.join(missing)} (an extra missing?)")
    return problems
