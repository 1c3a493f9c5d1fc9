"""``consentry review import-scan``: put a scan's findings in the dashboard's review queue."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import consentry.service.dashboard  # noqa: F401  (raises MissingExtraError without the server extra)
from consentry.service.cli import _add_database_options, _open


def cmd_import_scan(args: argparse.Namespace) -> int:
    from consentry.service.dashboard.scan_import import import_scan

    with _open(args) as store:
        summary = import_scan(
            store, Path(args.source), keep_images=args.keep_images, prompt_logging=args.prompt_logging
        )
    print(
        f"{summary.imported} new items in the review queue ({summary.images} with their image); "
        f"{summary.known} imported before; {summary.skipped} allowed or failed of {summary.read} scanned"
    )
    return 0


def register(sub: Any) -> None:
    review = sub.add_parser("review", help="the moderators' review queue (see docs/dashboard.md)")
    review_sub = review.add_subparsers(dest="review_command", metavar="ACTION", parser_class=sub._parser_class)
    imports = review_sub.add_parser("import-scan", help="queue a scan's denied and held items for review")
    imports.add_argument("source", help="the scan's output folder (or its decisions.jsonl)")
    _add_database_options(imports)
    imports.add_argument(
        "--keep-images",
        action="store_true",
        help="store each item's image so moderators can see it (blurred until revealed)",
    )
    imports.add_argument(
        "--prompt-logging",
        choices=("hash", "flagged", "all"),
        default="flagged",
        help="keep the prompt text (default: yes, these are all denied or held items) or only its hash",
    )
    imports.set_defaults(func=cmd_import_scan)
