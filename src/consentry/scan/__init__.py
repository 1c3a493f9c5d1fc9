"""Runs ``Guard.check`` over everything a site already hosts (retroactive scans).

``consentry scan PATH --out DIR`` (see docs/scan.md). The library entry point is ``run_scan``.
"""

from consentry.scan.engine import DefaultGuard, GuardFactory
from consentry.scan.process import ERROR, process_item
from consentry.scan.scanner import run_scan
from consentry.scan.sources import ScanItem, folder_items, items_from, manifest_items, sql_items
from consentry.scan.summary import ScanOptions, ScanSummary

__all__ = [
    "ERROR",
    "DefaultGuard",
    "GuardFactory",
    "ScanItem",
    "ScanOptions",
    "ScanSummary",
    "folder_items",
    "items_from",
    "manifest_items",
    "process_item",
    "run_scan",
    "sql_items",
]
