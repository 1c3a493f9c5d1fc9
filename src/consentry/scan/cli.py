"""``consentry scan PATH --out DIR [--engine local|ray]``.

Exit codes: 0 nothing flagged, 1 at least one deny, 2 reviews or errors (and no deny);
64 usage, 65 bad input, 66 missing input, 78 configuration; 130 interrupted (run the same
command again to continue from the checkpoint).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from consentry.cli import UsageError
from consentry.scan.process import ERROR


def _workers(args: argparse.Namespace) -> int:
    if args.workers is not None:
        if args.workers < 0:
            raise UsageError("--workers must be 0 (every CPU) or more")
        return int(args.workers) if args.workers or args.engine == "ray" else (os.cpu_count() or 1)
    if args.engine == "ray":
        return 0 if args.ray_address else 2
    return 1


def cmd_scan(args: argparse.Namespace) -> int:
    from consentry.scan.engine import DefaultGuard
    from consentry.scan.scanner import run_scan
    from consentry.scan.sources import items_from, with_user_defaults
    from consentry.scan.summary import ScanOptions

    exclude = [p for p in (args.out, args.quarantine_move, args.quarantine_copy) if p]
    items = items_from(
        args.path, sql=args.sql, database_url=args.database_url, image_root=args.image_root, exclude=exclude
    )
    if args.tier is not None or args.adult is not None:
        items = with_user_defaults(items, tier=args.tier, adult_content=args.adult)
    root = Path(args.path) if args.path and Path(args.path).is_dir() else None
    options = ScanOptions(
        engine=args.engine,
        workers=_workers(args),
        batch_size=args.batch_size,
        ray_address=args.ray_address,
        quarantine_verdicts=tuple(v.strip() for v in args.quarantine_verdicts.split(",") if v.strip()),
        quarantine_move=Path(args.quarantine_move) if args.quarantine_move else None,
        quarantine_copy=Path(args.quarantine_copy) if args.quarantine_copy else None,
        root=root,
        parquet=not args.no_parquet,
        report=not args.no_report,
        report_limit=args.report_limit,
        progress=args.progress,
        source_label=f"source: {args.sql if args.sql else args.path}",
    )
    try:
        summary = run_scan(items, args.out, DefaultGuard(args.policy, args.gallery_database or args.data_dir), options)
    except KeyboardInterrupt:
        print(
            "consentry: scan interrupted; what was done is in the checkpoint: run the same command to continue",
            file=sys.stderr,
        )
        return 130
    for line in summary.lines():
        print(line, file=sys.stderr)
    if summary.verdicts.get("deny"):
        return 1
    if summary.verdicts.get("review") or summary.verdicts.get(ERROR):
        return 2
    return 0


def register(subparsers: Any) -> None:
    scan = subparsers.add_parser(
        "scan",
        help="check everything a site already hosts (a folder, a manifest or a SQL query)",
        description="Run the guard over hosted images and prompts; write decisions, a report and a quarantine list.",
    )
    scan.add_argument("path", nargs="?", help="a folder of images, or a manifest (.csv, .jsonl, .parquet)")
    scan.add_argument("--out", required=True, metavar="DIR", help="output folder (decisions, report, checkpoint)")
    scan.add_argument("--engine", choices=("local", "ray"), default="local", help="where to run (default: local)")
    scan.add_argument(
        "--workers",
        type=int,
        default=None,
        help="parallel checks: local threads (default 1) or Ray actors (default 2; on a cluster, one per CPU);"
        " 0 = every CPU",
    )
    scan.add_argument("--batch-size", type=int, default=16, help="items per batch (default: 16)")
    scan.add_argument("--ray-address", default=None, help="join a Ray cluster (e.g. ray://head:10001 or auto)")
    scan.add_argument("--sql", default=None, help="a query whose rows are items (columns id, prompt, ...)")
    scan.add_argument("--database-url", default=None, help="SQLAlchemy URL for --sql")
    scan.add_argument("--image-root", default=None, help="folder that relative image paths in query rows start from")
    scan.add_argument("--policy", default=None, metavar="FILE", help="policy file (default: the bundled one)")
    scan.add_argument(
        "--adult",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="adult content on/off for items whose source does not say (default: the policy's setting)",
    )
    scan.add_argument("--tier", default=None, help="user tier for items whose source does not say")
    scan.add_argument("--data-dir", default=None, metavar="DIR", help="galleries from this data directory")
    scan.add_argument(
        "--gallery-database", default=None, metavar="URL", help="galleries from this database (enrolled faces, hashes)"
    )
    scan.add_argument(
        "--quarantine-verdicts", default="deny", help="verdicts that go on the quarantine list (default: deny)"
    )
    where = scan.add_mutually_exclusive_group()
    where.add_argument("--quarantine-move", metavar="DIR", help="move quarantined files there (never deletes)")
    where.add_argument("--quarantine-copy", metavar="DIR", help="copy quarantined files there")
    scan.add_argument("--no-parquet", action="store_true", help="do not write decisions.parquet")
    scan.add_argument("--no-report", action="store_true", help="do not write report.html")
    scan.add_argument("--report-limit", type=int, default=500, help="flagged items shown in the report")
    scan.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None, help="progress bar (default: on a terminal)"
    )
    scan.set_defaults(func=cmd_scan)
