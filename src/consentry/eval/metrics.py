"""Metrics over the outcomes of one system (Consentry or a peer) on a dataset.

Positive = the example should not go through (expected ``deny`` or ``review``); flagged = the
system did not allow it (``deny`` or ``review``). Recall = flagged positives / positives;
false-positive rate = flagged negatives / negatives; precision = flagged positives / flagged.
Examples with no expectation (labels ``other``, ``unlabelled``) are left out of those three and
appear in the per-label rates only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from consentry.eval.dataset import LABEL_SEVERITY, Example, Expected, _label_order
from consentry.types import Verdict


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one system decided for one example, how long it took, and why (for Consentry)."""

    example: Example
    verdict: Verdict
    elapsed_ms: float
    expected: Expected | None = None
    rule_ids: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    explanation: tuple[str, ...] = ()
    score: float | None = None
    error: str | None = None
    cpu_ms: float | None = None  # process CPU time of the call: steadier than wall time on a busy machine

    @property
    def flagged(self) -> bool:
        return self.verdict != "allow"

    @property
    def positive(self) -> bool | None:
        return None if self.expected is None else self.expected != "allow"

    @property
    def correct(self) -> bool | None:
        return None if self.positive is None else self.positive == self.flagged


@dataclass(frozen=True, slots=True)
class SystemResult:
    """All outcomes of one system on one dataset."""

    system: str
    description: str
    outcomes: tuple[Outcome, ...]
    adult: bool
    versions: tuple[str, ...] = field(default=())


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def latency(values: Sequence[float]) -> dict[str, float | None]:
    if not values:
        return {"p50_ms": None, "p90_ms": None, "p99_ms": None, "mean_ms": None, "max_ms": None}
    array = np.asarray(values, dtype=float)
    return {
        "p50_ms": round(float(np.percentile(array, 50)), 4),
        "p90_ms": round(float(np.percentile(array, 90)), 4),
        "p99_ms": round(float(np.percentile(array, 99)), 4),
        "mean_ms": round(float(array.mean()), 4),
        "max_ms": round(float(array.max()), 4),
    }


def label_counts(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """``n``, ``denied``, ``reviewed``, ``allowed``, ``deny_rate``, ``flag_rate``, expectation, latency."""
    n = len(outcomes)
    denied = sum(o.verdict == "deny" for o in outcomes)
    reviewed = sum(o.verdict == "review" for o in outcomes)
    expectations = sorted({o.expected or "none" for o in outcomes})
    scored = [o for o in outcomes if o.correct is not None]
    times = [o.elapsed_ms for o in outcomes]
    lat = latency(times)
    return {
        "n": n,
        "denied": denied,
        "reviewed": reviewed,
        "allowed": n - denied - reviewed,
        "errors": sum(o.error is not None for o in outcomes),
        "deny_rate": _rate(denied, n),
        "flag_rate": _rate(denied + reviewed, n),
        "expected": expectations[0] if len(expectations) == 1 else "/".join(expectations),
        "accuracy": _rate(sum(bool(o.correct) for o in scored), len(scored)),
        "p50_ms": lat["p50_ms"],
        "p99_ms": lat["p99_ms"],
    }


def confusion(outcomes: Iterable[Outcome]) -> dict[str, Any]:
    tp = fn = fp = tn = 0
    for o in outcomes:
        if o.positive is None:
            continue
        if o.positive:
            tp += o.flagged
            fn += not o.flagged
        else:
            fp += o.flagged
            tn += not o.flagged
    recall = _rate(tp, tp + fn)
    precision = _rate(tp, tp + fp)
    f1 = round(2 * recall * precision / (recall + precision), 4) if recall and precision else None
    return {
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "tn": tn,
        "n_scored": tp + fn + fp + tn,
        "recall": recall,
        "precision": precision,
        "fpr": _rate(fp, fp + tn),
        "f1": f1,
        "accuracy": _rate(tp + tn, tp + fn + fp + tn),
    }


def by_label(outcomes: Iterable[Outcome]) -> dict[str, list[Outcome]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[o.example.label].append(o)
    return {label: groups[label] for label in sorted(groups, key=_label_order)}


def tag_breakdown(outcomes: Sequence[Outcome]) -> dict[str, dict[str, dict[str, Any]]]:
    """tag -> value -> {n, recall, fpr, labels: {label: counts}}; a row counts once per value it carries."""
    groups: dict[str, dict[str, list[Outcome]]] = defaultdict(lambda: defaultdict(list))
    for o in outcomes:
        for tag, values in o.example.tags.items():
            for value in values:
                groups[tag][value].append(o)
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for tag in sorted(groups):
        result[tag] = {}
        for value in sorted(groups[tag]):
            members = groups[tag][value]
            matrix = confusion(members)
            result[tag][value] = {
                "n": len(members),
                "recall": matrix["recall"],
                "fpr": matrix["fpr"],
                "labels": {label: label_counts(rows) for label, rows in by_label(members).items()},
            }
    return result


def summarize(result: SystemResult) -> dict[str, Any]:
    """Everything the report shows for one system, as plain JSON-ready data."""
    outcomes = result.outcomes
    lat = latency([o.elapsed_ms for o in outcomes])
    return {
        "system": result.system,
        "description": result.description,
        "n": len(outcomes),
        "adult": result.adult,
        "labels": {label: label_counts(rows) for label, rows in by_label(outcomes).items()},
        "metrics": confusion(outcomes),
        "latency": lat,
        "cpu": latency([o.cpu_ms for o in outcomes if o.cpu_ms is not None]),
        "p50_ms": lat["p50_ms"],
        "p99_ms": lat["p99_ms"],
        "tags": tag_breakdown(outcomes),
        "errors": sum(o.error is not None for o in outcomes),
    }


def _miss_dict(o: Outcome) -> dict[str, Any]:
    return {
        "id": o.example.id,
        "label": o.example.label,
        "expected": o.expected,
        "verdict": o.verdict,
        "prompt": o.example.prompt,
        "negative_prompt": o.example.negative_prompt,
        "tags": {k: list(v) for k, v in o.example.tags.items()},
        "rule_ids": list(o.rule_ids),
        "findings": list(o.findings),
        "explanation": list(o.explanation),
        "error": o.error,
    }


def worst_misses(result: SystemResult, limit: int = 10) -> dict[str, Any]:
    """The misses that matter most, with their explanations.

    False negatives first by how bad the label's miss is (NCII and minors before adult content),
    spread across tag values (one per tier/obfuscation before a second of any), then false
    positives, the same way.
    """
    misses = [o for o in result.outcomes if o.correct is False]
    negatives = [o for o in misses if o.positive]
    positives = [o for o in misses if not o.positive]
    return {
        "n_false_negatives": len(negatives),
        "n_false_positives": len(positives),
        "false_negatives": [_miss_dict(o) for o in _spread(negatives, limit)],
        "false_positives": [_miss_dict(o) for o in _spread(positives, limit)],
    }


def _spread(outcomes: Sequence[Outcome], limit: int) -> list[Outcome]:
    by_severity: dict[int, dict[tuple[Any, ...], list[Outcome]]] = defaultdict(dict)
    for o in sorted(outcomes, key=lambda o: _label_order(o.example.label)):
        key = (o.example.label, tuple(sorted(o.example.tags.items())))
        by_severity[LABEL_SEVERITY.get(o.example.label, 5)].setdefault(key, []).append(o)
    chosen: list[Outcome] = []
    for severity in sorted(by_severity):
        groups = list(by_severity[severity].values())
        depth = 0
        while len(chosen) < limit and any(len(g) > depth for g in groups):
            for group in groups:
                if len(group) > depth and len(chosen) < limit:
                    chosen.append(group[depth])
            depth += 1
    return chosen


def per_label_table(summaries: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows of (label, system) with n, flag/deny rates and latency: the side-by-side view."""
    rows: list[dict[str, Any]] = []
    labels: list[str] = []
    for summary in summaries.values():
        labels.extend(label for label in summary["labels"] if label not in labels)
    for label in sorted(labels, key=_label_order):
        for system, summary in summaries.items():
            counts = summary["labels"].get(label)
            if counts is None:
                continue
            rows.append({"label": label, "system": system, **counts})
    return rows
