"""The scan driver: list the items, consult the checkpoint, run an engine, write the outputs.

The driver owns the checkpoint and the outputs; the engines only map ``process_batch`` over
tasks. Each task carries the item and what the checkpoint holds for it, so a worker on a
cluster needs no access to the checkpoint file.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from consentry.errors import InputError
from consentry.guard import Guard
from consentry.scan.checkpoint import Checkpoint
from consentry.scan.engine import GuardFactory, Record, Task, run_local, run_ray
from consentry.scan.output import write_jsonl, write_parquet, write_quarantine
from consentry.scan.process import ERROR, error_record
from consentry.scan.report import write_report
from consentry.scan.sources import ScanItem
from consentry.scan.summary import ScanOptions, ScanSummary, write_summary

CHECKPOINT_NAME = "checkpoint.sqlite"


def _tasks(items: Sequence[ScanItem], checkpoint: Checkpoint) -> tuple[list[Task], list[Record]]:
    """Tasks for the engine, and error records for ids seen twice (the first one is scanned)."""
    stored = checkpoint.stored(item.id for item in items if not item.error)
    seen: dict[str, int] = {}
    tasks: list[Task] = []
    duplicates: list[Record] = []
    for index, item in enumerate(items):
        if item.id in seen:
            record = error_record(item, f"duplicate id (first at item {seen[item.id] + 1}); not scanned twice")
            record["index"] = index
            duplicates.append(record)
            continue
        seen[item.id] = index
        previous = stored.get(item.id)
        tasks.append(
            {
                "index": index,
                "item": item.to_dict(),
                "stored": None
                if previous is None
                else {
                    "content_hash": previous.content_hash,
                    "detector_state": previous.detector_state,
                    "findings": previous.findings,
                },
            }
        )
    return tasks, duplicates


def _progress(total: int, enabled: bool | None, stream: TextIO) -> Any:
    try:
        from tqdm import tqdm
    except ModuleNotFoundError:
        return None
    disable = (not stream.isatty()) if enabled is None else not enabled
    return tqdm(total=total, file=stream, unit="item", smoothing=0.1, disable=disable, dynamic_ncols=True)


def run_scan(
    items: Iterable[ScanItem],
    out: str | Path,
    guard: Guard | GuardFactory,
    options: ScanOptions | None = None,
    *,
    stream: TextIO | None = None,
) -> ScanSummary:
    """Scan every item with the guard; write decisions, the quarantine list and the report to ``out``.

    ``guard`` is a Guard (local engine only) or a picklable callable that builds one (either
    engine: the Ray engine builds one per actor).
    """
    options = options or ScanOptions()
    if isinstance(guard, Guard):
        if options.engine == "ray":
            raise InputError(
                "the Ray engine builds a Guard per actor: pass a factory (e.g. DefaultGuard())", field="guard"
            )
        instance = guard
        guard_factory: GuardFactory = lambda: instance  # noqa: E731
    else:
        guard_factory = guard
    stream = stream or sys.stderr
    unknown = set(options.quarantine_verdicts) - {"allow", "review", "deny", ERROR}
    if unknown:
        raise InputError(
            f"unknown quarantine verdict(s) {', '.join(sorted(unknown))}: use deny, review, allow or error",
            field="quarantine_verdicts",
        )
    if options.quarantine_move is not None and options.quarantine_copy is not None:
        raise InputError("choose one of --quarantine-move and --quarantine-copy", field="quarantine")
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    listed = list(items)
    checkpoint = Checkpoint(out_dir / CHECKPOINT_NAME)
    records: dict[int, Record] = {}
    bar = None
    try:
        tasks, duplicates = _tasks(listed, checkpoint)
        for record in duplicates:
            records[record["index"]] = record
        bar = _progress(len(listed), options.progress, stream)
        if bar is not None:
            bar.update(len(duplicates))
        if options.engine == "ray":
            results = run_ray(
                tasks,
                guard_factory,
                workers=options.workers,
                batch_size=options.batch_size,
                address=options.ray_address,
                runtime_env=options.ray_runtime_env,
            )
        elif options.engine == "local":
            results = run_local(tasks, guard_factory, workers=options.workers, batch_size=options.batch_size)
        else:
            raise InputError(f"unknown engine {options.engine!r} (local or ray)", field="engine")
        since_flush = 0
        for record in results:
            records[record["index"]] = record
            checkpoint.put(record)
            since_flush += 1
            if since_flush >= 64:
                checkpoint.flush()
                since_flush = 0
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        checkpoint.close()
    ordered = [records[i] for i in sorted(records)]
    write_jsonl(ordered, out_dir / "decisions.jsonl")
    if options.parquet:
        write_parquet(ordered, out_dir / "decisions.parquet")
    quarantined = write_quarantine(
        ordered,
        out_dir / "quarantine.csv",
        verdicts=options.quarantine_verdicts,
        move_to=options.quarantine_move,
        copy_to=options.quarantine_copy,
        root=options.root,
    )
    elapsed = time.perf_counter() - started
    verdicts = Counter(r["verdict"] for r in ordered)
    rules = Counter(rule for r in ordered for rule in r["rule_ids"])
    summary = ScanSummary(
        total=len(ordered),
        verdicts=dict(verdicts),
        rules=dict(rules),
        detected=sum(r.get("findings_from") == "detectors" for r in ordered),
        reused=sum(r.get("findings_from") == "checkpoint" for r in ordered),
        errors=verdicts.get(ERROR, 0),
        elapsed_s=elapsed,
        out=out_dir,
        quarantined=len(quarantined),
        to_report=sum(bool(r.get("report")) for r in ordered),
        records=tuple(ordered),
    )
    write_summary(summary, out_dir / "summary.json", options)
    if options.report:
        write_report(summary, out_dir / "report.html", options=options, quarantine=quarantined)
    return summary
