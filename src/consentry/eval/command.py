"""``consentry eval DATASET``: measure Consentry (and the peers, side by side) on a labelled set.

DATASET is a JSONL/CSV file, ``dev`` (the NCII dev set beside the data folder) or the name of a
public set (``i2p``, ``unlearndiffatk``, ``p4d``, ``ringabell``, ``coco``, ``partiprompts``,
``nibbler``) read from ``--data-dir``. Prints a terminal table (or one JSON object with
``--json``), writes a Markdown/HTML report with plots with ``--report DIR``, and checks or writes
a baseline. Exit code 0, or 1 when ``--baseline`` finds a regression.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consentry.errors import InputError

if TYPE_CHECKING:
    from consentry.eval.dataset import Dataset
    from consentry.eval.metrics import SystemResult
    from consentry.guard import Guard

DEFAULT_DATA_DIR = Path("..") / "shared" / "data"
DEV_SET = Path("..") / "eval" / "ncii_dev.jsonl"  # relative to the data folder


def register(subparsers: Any) -> None:
    from consentry.eval.peers import PEER_NAMES
    from consentry.eval.public import PUBLIC_SETS

    parser = subparsers.add_parser(
        "eval",
        help="measure decisions on a labelled set (recall, FPR, latency), peers side by side",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("dataset", help=f"a .jsonl/.csv file, 'dev', or one of: {', '.join(PUBLIC_SETS)}")
    parser.add_argument("--policy", default=None, metavar="FILE", help="policy file (default: the bundled one)")
    parser.add_argument("--adult", choices=("on", "off"), default="off", help="adult content for every request")
    parser.add_argument(
        "--peers",
        nargs="*",
        default=None,
        metavar="PEER",
        help=f"peers to run side by side (none given: all). Known: {', '.join(PEER_NAMES)}",
    )
    parser.add_argument(
        "--data-dir",
        default=None,
        metavar="DIR",
        help=f"the public data folder (default: {DEFAULT_DATA_DIR}, relative to the current directory)",
    )
    parser.add_argument("--sample", type=int, default=None, metavar="N", help="a fixed, label-stratified sample of N")
    parser.add_argument(
        "--ids",
        default=None,
        metavar="FILE",
        help="only the rows whose id is listed in FILE, one a line (e.g. eval/dev-held-out.txt)",
    )
    parser.add_argument("--tags", default=None, metavar="A,B", help="columns to break down by (default: automatic)")
    parser.add_argument("--misses", type=int, default=10, metavar="N", help="how many worst misses to list")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--report", default=None, metavar="DIR", help="write report.md/.html, results.json, plots")
    parser.add_argument("--no-plots", action="store_true", help="with --report: skip the plots")
    parser.add_argument("--baseline", default=None, metavar="FILE", help="fail (exit 1) on a regression against it")
    parser.add_argument("--write-baseline", default=None, metavar="FILE", help="write this run's metrics as a baseline")
    parser.add_argument("--recall-tolerance", type=float, default=None, help="absolute recall slack (default 0.02)")
    parser.add_argument("--fpr-tolerance", type=float, default=None, help="absolute FPR slack (default 0.01)")
    parser.set_defaults(func=cmd_eval)


def resolve_dataset(name: str, data_dir: Path, tags: Sequence[str] | None = None) -> tuple[Any, str]:
    """(Dataset, source): a file path, ``dev``, or a public set's name."""
    from consentry.eval.dataset import read_dataset
    from consentry.eval.public import PUBLIC_SETS, load_public_set

    path = Path(name)
    if path.is_file():
        return read_dataset(path, tags=tags), str(path)
    if name in ("dev", "ncii-dev", "ncii_dev"):
        dev = Path(os.path.normpath(data_dir / DEV_SET))
        return read_dataset(dev, tags=tags), dev.as_posix()
    if name in PUBLIC_SETS:
        return load_public_set(name, data_dir), name
    if path.suffix.lower() in (".jsonl", ".csv", ".tsv", ".json"):
        raise InputError(f"{path}: no such file", field="dataset", code="not_found")
    raise InputError(f"{name!r} is neither a file nor a known set (known: dev, {', '.join(PUBLIC_SETS)})")


def _command_line(args: argparse.Namespace) -> str:
    parts = ["consentry", "eval", args.dataset]
    if args.data_dir:
        parts += ["--data-dir", args.data_dir]
    if args.policy:
        parts += ["--policy", args.policy]
    parts += ["--adult", args.adult]
    if getattr(args, "ids", None):
        parts += ["--ids", args.ids]
    if args.sample:
        parts += ["--sample", str(args.sample)]
    if args.peers is not None:
        parts += ["--peers", *args.peers]
    return shlex.join(parts)


def _progress(label: str) -> Any:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if done == total or done % 200 == 0:
            end = "\n" if done == total else ""
            print(f"\r{label}: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def result_object(
    dataset: Dataset, ours: SystemResult, guard: Guard, *, source: str, command: str = "", misses: int = 10
) -> dict[str, Any]:
    """The result object for Consentry's run (what ``--json`` prints, before the peers are added)."""
    from consentry.eval.metrics import summarize, worst_misses

    summary = summarize(ours)
    result: dict[str, Any] = {
        "dataset": dataset.name,
        "source": source,
        "description": dataset.description,
        "caveats": list(dataset.caveats),
        "command": command,
        "policy_version": guard.policy.version,
        "detectors": list(guard.detector_versions),
        "unavailable_detectors": {spec.domain: why for spec, why in guard.unavailable},
        "label_order": list(dataset.labels),
        **{k: v for k, v in summary.items() if k != "description"},
        "system_description": summary["description"],
        "worst_misses": worst_misses(ours, misses),
    }
    result["n"] = len(dataset)
    return result


def evaluate(args: argparse.Namespace) -> dict[str, Any]:
    """Run the evaluation the arguments describe and return the result object (what --json prints)."""
    from consentry.eval.metrics import summarize
    from consentry.eval.peers import load_peers
    from consentry.eval.runner import guard_for, run_guard, run_peer

    data_dir = Path(args.data_dir) if args.data_dir else DEFAULT_DATA_DIR
    tags = [t.strip() for t in args.tags.split(",") if t.strip()] if args.tags else None
    dataset, source = resolve_dataset(args.dataset, data_dir, tags)
    if getattr(args, "ids", None):
        from consentry.eval.dataset import read_ids

        dataset = dataset.only(read_ids(args.ids), "held out" if "held-out" in str(args.ids) else "listed")
    dataset = dataset.sample(args.sample)
    adult = args.adult == "on"

    guard = guard_for(dataset, args.policy)
    ours = run_guard(guard, dataset, adult=adult, progress=_progress("consentry"))
    result = result_object(dataset, ours, guard, source=source, command=_command_line(args), misses=args.misses)
    peers: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    if args.peers is not None:
        loaded, skipped_list = load_peers(args.peers or None, data_dir=data_dir)
        skipped = {s.name: s.why for s in skipped_list}
        for peer in loaded:
            peers[peer.name] = summarize(run_peer(peer, dataset, adult=adult, progress=_progress(peer.name)))
    result["peers"] = peers
    result["skipped_peers"] = skipped
    return result


def cmd_eval(args: argparse.Namespace) -> int:
    from consentry.eval.baseline import Tolerance, compare, make_baseline, read_baseline, tolerance_of
    from consentry.eval.peers import PEER_NAMES
    from consentry.eval.report import render_terminal, write_report

    for name in args.peers or ():
        if name not in PEER_NAMES:
            raise InputError(f"unknown peer {name!r} (known: {', '.join(PEER_NAMES)})", field="peers")
    baseline = read_baseline(args.baseline) if args.baseline else None
    result = evaluate(args)

    problems: list[str] = []
    if baseline is not None:
        tol = tolerance_of(baseline)
        tol = Tolerance(
            recall=args.recall_tolerance if args.recall_tolerance is not None else tol.recall,
            fpr=args.fpr_tolerance if args.fpr_tolerance is not None else tol.fpr,
        )
        problems = compare(result, baseline, tol)
        result["baseline"] = {"file": args.baseline, "regressions": problems}
    if args.write_baseline:
        tol = Tolerance()
        tol = Tolerance(
            recall=args.recall_tolerance if args.recall_tolerance is not None else tol.recall,
            fpr=args.fpr_tolerance if args.fpr_tolerance is not None else tol.fpr,
        )
        data = make_baseline(result, source=result["source"], sample=args.sample, tolerance=tol)
        data["command"] = f"{result['command']} --write-baseline {args.write_baseline}"
        if getattr(args, "ids", None):
            data["ids"] = args.ids
        Path(args.write_baseline).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    if args.report:
        written = write_report(result, args.report, plots=not args.no_plots)
        print(f"report: {written[2] if len(written) > 2 else written[0]}", file=sys.stderr)

    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        sys.stdout.write(render_terminal(result))
        if baseline is not None:
            print(f"\nbaseline {args.baseline}: " + ("no regression" if not problems else "REGRESSION"))
            for problem in problems:
                print(f"  {problem}")
    return 1 if problems else 0
