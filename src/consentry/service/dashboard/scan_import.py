"""Bring a retroactive scan's findings into the review queue.

``consentry scan`` writes ``decisions.jsonl`` in its output folder; ``consentry review import-scan``
records each item it denied or held for review in the decision log with ``source = "scan"`` and the
item's path as ``item_ref``, so that moderators review scan findings in the same queue as live
checks. Importing the same scan again adds nothing: an item is known by the hash of its content.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consentry.content import MAX_IMAGE_BYTES, CheckRequest, ImageInput, sniff_image_format
from consentry.errors import InputError
from consentry.store import LogOptions, PromptLogging, SqlStore
from consentry.types import Box, Decision, Finding, Span

QUEUED = ("review", "deny")
SCAN_FILE = "decisions.jsonl"


@dataclass(frozen=True, slots=True)
class ImportSummary:
    read: int  # records in the file
    imported: int  # new review/deny items recorded
    known: int  # already imported before
    skipped: int  # allowed, errors, or without a content hash
    images: int  # images kept with the imported items


def _finding(data: Mapping[str, Any]) -> Finding:
    span, box = data.get("span"), data.get("box")
    return Finding(
        kind=str(data["kind"]),
        score=float(data["score"]),
        detector=str(data["detector"]),
        reason=str(data.get("reason", "")),
        span=Span(int(span["start"]), int(span["end"]), span.get("field", "prompt")) if span else None,
        box=Box(int(box["x0"]), int(box["y0"]), int(box["x1"]), int(box["y1"]), str(box["image"])) if box else None,
        subject=data.get("subject"),
        evidence=data.get("evidence") or {},
    )


def scan_records(source: Path) -> Iterator[dict[str, Any]]:
    """The records of a scan's ``decisions.jsonl`` (``source`` is the file or the output folder)."""
    path = source / SCAN_FILE if source.is_dir() else source
    if not path.is_file():
        raise InputError(f"{path}: no such file (give a scan's output folder or its {SCAN_FILE})", code="not_found")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise InputError(f"{path}:{number}: a record must be a JSON object")
            yield record


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
                findings=tuple(_finding(f) for f in record.get("findings") or ()),
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
