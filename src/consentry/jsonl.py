"""Reading JSON Lines files (a data set, a scan manifest, a scan's decisions) one object a line,
with the same precise errors everywhere: the file, the line number and what is wrong."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from consentry.errors import InputError


def json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """``(line number, object)`` for each line that is not blank, or ``(line number, why)`` for a
    line that is not a JSON object (the caller decides whether that ends the read). A file that
    is not UTF-8 raises ``InputError``."""
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, f"{path}: line {number}: not JSON ({exc.msg})"
                    continue
                if isinstance(row, dict):
                    yield number, row
                else:
                    yield number, f"{path}: line {number}: not a JSON object"
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start})") from None


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON Lines file; ``InputError`` at the first line that is not one."""
    for _, row in json_lines(path):
        if isinstance(row, str):
            raise InputError(row)
        yield row
