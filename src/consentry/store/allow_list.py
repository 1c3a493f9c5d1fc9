"""The operator's allow-list: phrases and subjects a moderator found to be false positives."""

from __future__ import annotations

import time
from typing import Literal

from sqlalchemy import delete, select

from consentry.errors import InputError
from consentry.store.database import Database, rowcount
from consentry.store.models import AllowEntryRow
from consentry.store.records import AllowEntry

ALLOW_VERSION = "allow_version"


class AllowListEntries:
    """Add, list and remove allow-list entries; ``version()`` moves on with every change."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add(
        self,
        kind: Literal["phrase", "subject"],
        value: str,
        *,
        created_by: str = "",
        reason: str = "",
        decision_id: str | None = None,
    ) -> AllowEntry:
        if kind not in ("phrase", "subject"):
            raise InputError(f"an allow-list entry is a 'phrase' or a 'subject', not {kind!r}", field="kind")
        value = " ".join(value.split())
        if not value:
            raise InputError("an allow-list entry needs a non-empty value", field="value")
        row = AllowEntryRow(
            kind=kind,
            value=value,
            created_at=time.time(),
            created_by=created_by,
            reason=reason,
            decision_id=decision_id,
        )
        with self.database.session() as s:
            s.add(row)
            self.database.bump(s, ALLOW_VERSION)
            s.flush()
            return _allow(row)

    def list(self) -> list[AllowEntry]:
        with self.database.session() as s:
            return [_allow(r) for r in s.scalars(select(AllowEntryRow).order_by(AllowEntryRow.id))]

    def remove(self, entry_id: int) -> bool:
        with self.database.session() as s:
            removed = rowcount(s.execute(delete(AllowEntryRow).where(AllowEntryRow.id == entry_id))) > 0
            if removed:
                self.database.bump(s, ALLOW_VERSION)
            return removed

    def version(self) -> int:
        """Changes whenever the allow-list changes (lets every instance reload it)."""
        return self.database.counter(ALLOW_VERSION)


def _allow(row: AllowEntryRow) -> AllowEntry:
    kind: Literal["phrase", "subject"] = "subject" if row.kind == "subject" else "phrase"
    return AllowEntry(
        id=row.id,
        kind=kind,
        value=row.value,
        created_at=row.created_at,
        created_by=row.created_by,
        reason=row.reason,
        decision_id=row.decision_id,
    )
