"""The checkpoint store: what a scan has already done, kept in SQLite in the output folder.

Per item id: the content hash, the detector state (versions, missing detectors, gallery
version) and the findings. An interrupted scan commits every few items, so running the same
command again continues where it stopped; after a policy change, items whose content and
detectors did not change are re-decided on their stored findings without running a detector.
Errors are not kept: a fixed file is retried on the next run.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from consentry.scan.process import ERROR, Stored

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    detector_state TEXT NOT NULL,
    findings TEXT NOT NULL,
    verdict TEXT NOT NULL,
    policy_version TEXT,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Checkpoint:
    """A SQLite file of per-item findings; ``put`` buffers, ``flush`` commits."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = sqlite3.connect(self.path)
        self._db.executescript(SCHEMA)
        self._pending: list[tuple[Any, ...]] = []

    def stored(self, ids: Iterable[str]) -> dict[str, Stored]:
        """The stored state of those ids that have one."""
        wanted = list(ids)
        out: dict[str, Stored] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT id, content_hash, detector_state, findings FROM items WHERE id IN ({marks})",
                chunk,
            )
            for item_id, digest, state, findings in rows:
                out[item_id] = Stored(digest, state, findings)
        return out

    def put(self, record: Mapping[str, Any]) -> None:
        if record["verdict"] == ERROR or record.get("content_hash") is None:
            return
        self._pending.append(
            (
                record["id"],
                record["content_hash"],
                record["detector_state"],
                json.dumps(record["detected_findings"], ensure_ascii=False, sort_keys=True),
                record["verdict"],
                record["policy_version"],
                time.time(),
            )
        )

    def flush(self) -> None:
        if self._pending:
            self._db.executemany(
                "INSERT OR REPLACE INTO items (id, content_hash, detector_state, findings, verdict, policy_version,"
                " updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                self._pending,
            )
            self._pending.clear()
        self._db.commit()

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def count(self) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM items").fetchone()
        return int(row[0])

    def close(self) -> None:
        self.flush()
        self._db.close()
