"""The takedown record as files: the items of accepted requests (for the site's removal) and the
compliance report, as rows and as CSV that a spreadsheet will not run as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from consentry.store.takedowns import Takedown

# matches removed on accept: copies (same bytes, near PDQ) and the items named; a face match is
# another image of the same person, shown to the moderator but not removed by the accept
REMOVED_VIA = ("sha256", "pdq", "content_ref")

EXPORT_COLUMNS = ("takedown_id", "accepted_at", "item_ref", "user_id", "decision_id", "via", "distance")


def export_rows(takedowns: Sequence[Takedown]) -> list[dict[str, Any]]:
    """The matched items of accepted requests, one row per item (for the site's removal)."""
    return [
        {
            "takedown_id": t.id,
            "accepted_at": t.decided_at,
            "item_ref": m.item_ref,
            "user_id": m.user_id,
            "decision_id": m.decision_id,
            "via": m.via,
            "distance": m.distance,
        }
        for t in takedowns
        if t.status == "accepted"
        for m in t.matches
        if m.item_ref and m.via in REMOVED_VIA
    ]


# The columns of a takedown report (``Report.to_dict()``) as CSV, in order.
REPORT_COLUMNS = (
    "since",
    "until",
    "received",
    "accepted",
    "rejected",
    "open",
    "overdue",
    "decided_late",
    "median_hours_to_removal",
    "max_hours_to_removal",
)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_safe(row.get(k)) for k in columns})
    return out.getvalue()


def _csv_safe(value: object) -> object:
    """Cells that a spreadsheet would run as a formula are quoted with a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value
