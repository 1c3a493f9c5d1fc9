"""Bring a retroactive scan's findings into the review queue.

``consentry scan`` writes ``decisions.jsonl`` in its output folder; ``consentry review import-scan``
records each item it denied or held for review in the decision log with ``source = "scan"`` and the
item's path as ``item_ref``, so that moderators review scan findings in the same queue as live
checks. Importing the same scan again adds nothing: an item is known by the hash of its content.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consentry.content import MAX_IMAGE_BYTES, CheckRequest, ImageInput, sniff_image_format
from consentry.errors import InputError
from consentry.jsonl import read_jsonl
from consentry.store import LogOptions, PromptLogging, SqlStore
from consentry.types import Decision, Finding

QUEUED = ("review", "deny")
SCAN_FILE = "decisions.jsonl"


@dataclass(frozen=True, slots=True)
class ImportSummary:
    read: int  # records in the file
    imported: int  # new review/deny items recorded
    known: int  # already imported before
    skipped: int  # allowed, errors, or without a content hash
    images: int  # images kept with the imported items


def scan_records(source: Path) -> Iterator[dict[str, Any]]:
    """The records of a scan's ``decisions.jsonl`` (``source`` is the file or the output folder)."""
    path = source / SCAN_FILE if source.is_dir() else source
    if not path.is_file():
        raise InputError(f"{path}: no such file (give a scan's output folder or its {SCAN_FILE})", code="not_found")
    yield from read_jsonl(path)


def _image(path: str | None) -> ImageInput | None:
    if not path:
        return None
    file = Path(path)
    try:
        if not file.is_file() or file.stat().st_size > MAX_IMAGE_BYTES:
            return None
        data = file.read_bytes()
    except OSError:
        return None
    if sniff_image_format(data[:16]) is None:
        return None
    return ImageInput(data, role="output", name=file.name)


def import_scan(
    store: SqlStore,
    source: Path,
    *,
    keep_images: bool = False,
    prompt_logging: PromptLogging = "flagged",
) -> ImportSummary:
    """Record the scan's review and deny items in the decision log (see the module docs)."""
    read = imported = known = skipped = images = 0
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal imported, known, images
        seen = store.decisions.known_request_ids("scan", [f"scan:{r['content_hash']}" for r in batch])
        for record in batch:
            request_id = f"scan:{record['content_hash']}"
            if request_id in seen:
                known += 1
                continue
            seen.add(request_id)
            image = _image(record.get("path"))  # its hash and size are logged; its bytes only if kept
            try:
                request = CheckRequest(
                    record.get("prompt") or "",
                    record.get("negative_prompt") or "",
                    output_images=[image] if image is not None else [],
                    request_id=request_id,
                )
            except InputError:  # nothing to show (no prompt, image gone): keep the findings anyway
                request = None
            decision = Decision(
                verdict=record["verdict"],
                message="",
                rule_ids=tuple(record.get("rule_ids") or ()),
                policy_version=str(record.get("policy_version") or ""),
                findings=tuple(Finding.from_dict(f) for f in record.get("findings") or ()),
                report=bool(record.get("report")),
                detector_versions=tuple(record.get("detector_versions") or ()),
            )
            options = LogOptions(
                prompt_logging=prompt_logging,
                source="scan",
                item_ref=str(record.get("path") or record.get("id") or "")[:500] or None,
                keep_images=keep_images and image is not None,
            )
            store.decisions.record(decision, request, options)
            imported += 1
            images += keep_images and image is not None
        batch.clear()

    for record in scan_records(source):
        read += 1
        if record.get("verdict") not in QUEUED or not record.get("content_hash"):
            skipped += 1
            continue
        batch.append(record)
        if len(batch) >= 500:
            flush()
    flush()
    return ImportSummary(read, imported, known, skipped, images)
