"""What a scan writes: decisions (JSONL and Parquet) and the quarantine list (with move or copy).

Files are written to a temporary name and renamed, so a reader never sees half a file.
Quarantine never deletes: it lists, and on request moves or copies the files aside.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from consentry.errors import MissingExtraError

# Fields of decisions.jsonl, in order. ``findings`` carries spans (into prompt/negative_prompt) and boxes;
# ``suppressed`` the findings the policy's allow-list set aside.
OUTPUT_FIELDS = (
    "id",
    "path",
    "verdict",
    "rule_ids",
    "kinds",
    "scores",
    "findings",
    "suppressed",
    "report",
    "error",
    "prompt",
    "negative_prompt",
    "prompt_source",
    "policy_version",
    "detector_versions",
    "content_hash",
    "findings_from",
)


def output_record(record: dict[str, Any]) -> dict[str, Any]:
    """The public form of a record (no engine bookkeeping, no timings: engines agree byte for byte)."""
    return {name: record.get(name) for name in OUTPUT_FIELDS}


def _replace_atomically(target: Path, write: Any) -> None:
    temporary = target.with_name(f".{target.name}.tmp")
    write(temporary)
    os.replace(temporary, target)


def write_jsonl(records: Iterable[dict[str, Any]], target: Path) -> None:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(output_record(record), ensure_ascii=False, sort_keys=False) + "\n")

    _replace_atomically(target, write)


def write_parquet(records: Sequence[dict[str, Any]], target: Path) -> None:
    """One row per item; list columns for rule ids and kinds, JSON text for findings and scores."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ModuleNotFoundError as exc:
        raise MissingExtraError("writing Parquet", "scan", exc.name or "pyarrow") from None
    rows = [output_record(r) for r in records]
    schema = pa.schema(
        [
            ("id", pa.string()),
            ("path", pa.string()),
            ("verdict", pa.string()),
            ("rule_ids", pa.list_(pa.string())),
            ("kinds", pa.list_(pa.string())),
            ("max_score", pa.float64()),
            ("scores", pa.string()),
            ("findings", pa.string()),
            ("suppressed", pa.string()),
            ("report", pa.bool_()),
            ("error", pa.string()),
            ("prompt", pa.string()),
            ("negative_prompt", pa.string()),
            ("prompt_source", pa.string()),
            ("policy_version", pa.string()),
            ("detector_versions", pa.list_(pa.string())),
            ("content_hash", pa.string()),
            ("findings_from", pa.string()),
        ]
    )
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    for row in rows:
        for name in schema.names:
            if name == "max_score":
                columns[name].append(max(row["scores"].values(), default=None))
            elif name in ("scores", "findings", "suppressed"):
                columns[name].append(json.dumps(row[name], ensure_ascii=False))
            else:
                columns[name].append(row[name])
    table = pa.table(columns, schema=schema)
    _replace_atomically(target, lambda path: pq.write_table(table, path))


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _destination(record: dict[str, Any], root: Path | None, folder: Path) -> Path:
    source = Path(record["path"])
    if root is not None:
        try:
            return folder / source.resolve().relative_to(root.resolve())
        except ValueError:
            pass
    stem = _UNSAFE.sub("_", str(record["id"])).strip("._") or "item"
    name = stem if stem.lower().endswith(source.suffix.lower()) else stem + source.suffix
    return folder / name


def _free(path: Path) -> Path:
    if not path.exists():
        return path
    for n in range(1, 10_000):
        candidate = path.with_name(f"{path.stem}.{n}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(path)


def write_quarantine(
    records: Sequence[dict[str, Any]],
    target: Path,
    *,
    verdicts: Sequence[str] = ("deny",),
    move_to: Path | None = None,
    copy_to: Path | None = None,
    root: Path | None = None,
) -> list[dict[str, Any]]:
    """List the items whose verdict is in ``verdicts``; move or copy their files (never delete).

    Moved or copied files keep their path relative to ``root`` (the scanned folder) when they are
    under it; an existing file at the destination is never overwritten (a ``.N`` suffix is added).
    """
    folder = move_to or copy_to
    action = "move" if move_to else "copy" if copy_to else "list"
    entries: list[dict[str, Any]] = []
    for record in records:
        if record["verdict"] not in verdicts:
            continue
        entry = {
            "id": record["id"],
            "path": record.get("path") or "",
            "verdict": record["verdict"],
            "rule_ids": " ".join(record.get("rule_ids") or ()),
            "report": "yes" if record.get("report") else "",
            "action": action if record.get("path") else "list",
            "quarantined_to": "",
            "problem": "",
        }
        if folder is not None and record.get("path"):
            source = Path(record["path"])
            destination = _free(_destination(record, root, folder))
            try:
                destination.parent.mkdir(parents=True, exist_ok=True)
                if move_to is not None:
                    shutil.move(str(source), str(destination))
                else:
                    shutil.copy2(source, destination)
                entry["quarantined_to"] = str(destination)
            except OSError as exc:
                entry["problem"] = f"{type(exc).__name__}: {exc.strerror or exc}"
        entries.append(entry)

    def write(path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(
                handle,
                fieldnames=["id", "path", "verdict", "rule_ids", "report", "action", "quarantined_to", "problem"],
            )
            writer.writeheader()
            writer.writerows(entries)

    _replace_atomically(target, write)
    return entries
