"""What a scan is asked to do (``ScanOptions``) and what it did (``ScanSummary``, ``summary.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from consentry.scan.process import ERROR

Engine = Literal["local", "ray"]


@dataclass(frozen=True, slots=True)
class ScanOptions:
    engine: Engine = "local"
    workers: int = 1
    batch_size: int = 16
    ray_address: str | None = None
    ray_runtime_env: dict[str, Any] | None = None
    quarantine_verdicts: tuple[str, ...] = ("deny",)
    quarantine_move: Path | None = None
    quarantine_copy: Path | None = None
    root: Path | None = None  # the scanned folder (quarantine keeps paths relative to it)
    parquet: bool = True
    report: bool = True
    report_limit: int = 500
    progress: bool | None = None  # None: only when standard error is a terminal
    source_label: str = ""


@dataclass(frozen=True, slots=True)
class ScanSummary:
    total: int
    verdicts: dict[str, int]
    rules: dict[str, int]
    detected: int  # items the detectors ran on
    reused: int  # items re-decided on stored findings
    errors: int
    elapsed_s: float
    out: Path
    quarantined: int
    to_report: int = 0  # items whose rule says they must be reported (e.g. sexual content with a minor)
    records: tuple[dict[str, Any], ...] = field(repr=False, default=())

    @property
    def rate(self) -> float:
        return self.total / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def lines(self) -> list[str]:
        order = ("deny", "review", "allow", ERROR)
        counts = ", ".join(f"{v} {self.verdicts.get(v, 0)}" for v in order)
        out = [
            f"scanned {self.total} items in {self.elapsed_s:.1f} s ({self.rate:.1f} items/s): {counts}",
            f"detectors ran on {self.detected}; {self.reused} re-decided on stored findings",
        ]
        if self.rules:
            out.append("rules: " + ", ".join(f"{rule} {n}" for rule, n in sorted(self.rules.items())))
        if self.to_report:
            out.append(f"TO REPORT: {self.to_report} items matched a rule that requires reporting (see 'report')")
        out.append(f"quarantine list: {self.quarantined} items; outputs in {self.out}")
        return out


def write_summary(summary: ScanSummary, target: Path, options: ScanOptions) -> None:
    """``summary.json``: the numbers of the run, for scripts and dashboards."""
    data = {
        "total": summary.total,
        "verdicts": dict(sorted(summary.verdicts.items())),
        "rules": dict(sorted(summary.rules.items())),
        "detected": summary.detected,
        "re_decided": summary.reused,
        "errors": summary.errors,
        "to_report": summary.to_report,
        "quarantined": summary.quarantined,
        "elapsed_s": round(summary.elapsed_s, 3),
        "items_per_s": round(summary.rate, 3),
        "engine": options.engine,
        "workers": options.workers,
        "policy_versions": sorted({str(r["policy_version"]) for r in summary.records if r.get("policy_version")}),
        "detector_versions": sorted({d for r in summary.records for d in r.get("detector_versions") or ()}),
    }
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    temporary.replace(target)
