"""Reading hash-list files: one PDQ hash per line, or CSV with a hash column and an id column.

Accepted forms (blank lines and ``#`` comments are skipped):

    a3f1...64 hex digits...
    a3f1...,case-1234                 (hash, id)
    id,hash                           (a header row names the columns; any order,
    case-1234,a3f1...                  "hash"/"pdq"/"signal" and "id"/"item_id"/"case")

Errors name the line: ``list.csv:12: 'xyz' is not a 64-digit PDQ hash``.
"""

from __future__ import annotations

import csv
import io
import uuid

from consentry.errors import InputError
from consentry.gallery.hash_index import PDQ_HEX
from consentry.gallery.store import GalleryStore, HashEntry, HashList

_HASH_HEADERS = ("hash", "pdq", "signal", "pdq_hash", "hash_hex")
_ID_HEADERS = ("id", "item_id", "case", "case_id", "content_id")
_HEX = frozenset("0123456789abcdef")


def _is_hash(text: str) -> bool:
    t = text.strip().lower()
    return len(t) == PDQ_HEX and set(t) <= _HEX


def parse_hash_list(text: str, source: str = "<list>") -> list[tuple[str, str]]:
    """(hash_hex, item_id) pairs from a hash-list file's text."""
    rows = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not rows:
        return []
    hash_col, id_col = 0, 1
    first_number, first_line = rows[0]
    header = [cell.strip().lower() for cell in next(csv.reader(io.StringIO(first_line)))]
    if not any(_is_hash(cell) for cell in header):
        hash_col = next((i for i, cell in enumerate(header) if cell in _HASH_HEADERS), -1)
        if hash_col < 0:
            raise InputError(
                f"{source}:{first_number}: neither a PDQ hash nor a header with a hash column "
                f"({', '.join(_HASH_HEADERS)})",
                field="hash_list",
            )
        id_col = next((i for i, cell in enumerate(header) if cell in _ID_HEADERS), -1)
        rows = rows[1:]
    elif not _is_hash(header[0]) and len(header) > 1 and _is_hash(header[1]):
        hash_col, id_col = 1, 0
    out: list[tuple[str, str]] = []
    for number, line in rows:
        cells = [cell.strip() for cell in next(csv.reader(io.StringIO(line)))]
        if hash_col >= len(cells) or not _is_hash(cells[hash_col]):
            shown = cells[hash_col] if hash_col < len(cells) else line.strip()
            raise InputError(f"{source}:{number}: {shown[:80]!r} is not a 64-digit PDQ hash", field="hash_list")
        item_id = cells[id_col] if 0 <= id_col < len(cells) else ""
        out.append((cells[hash_col].lower(), item_id))
    return out


def import_hash_list(store: GalleryStore, name: str, text: str, source: str = "<list>") -> tuple[HashList, int]:
    """Parse a hash-list file and add its hashes to the list called ``name`` (created if new).

    The whole file is checked before anything is written. Returns the list and how many hashes
    were added.
    """
    pairs = parse_hash_list(text, source)
    existing = next((h for h in store.list_hash_lists() if h.name == name), None)
    hash_list = existing or store.add_hash_list(HashList(id=uuid.uuid4().hex[:16], name=name))
    added = store.add_hashes(HashEntry(hash_list.id, h, item_id) for h, item_id in pairs)
    return hash_list, added
