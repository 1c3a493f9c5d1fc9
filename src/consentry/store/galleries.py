"""The galleries in the SQL database: enrolled identities with their face embeddings, gallery
switches, hash lists and their entries (the ``GalleryStore`` that detectors read)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from consentry.gallery.store import FaceEmbedding, HashEntry, HashList, Identity
from consentry.store.database import Database, rowcount
from consentry.store.models import FaceEmbeddingRow, GallerySwitch, HashEntryRow, HashListRow, IdentityRow

GALLERY_VERSION = "gallery_version"
_HASH_BATCH = 5000


class SqlGalleryStore:
    """The ``GalleryStore`` kept in the SQL database (shared by every instance of the service).

    ``version()`` is asked on every check by detectors that keep an index; it is read from the
    database at most every ``version_ttl_s`` seconds. A change made through this object is seen
    at once; one made by another process (another instance, ``consentry enroll``) within that time.
    """

    def __init__(self, database: Database, *, version_ttl_s: float = 0.5) -> None:
        self.database = database
        self.version_ttl_s = version_ttl_s
        self._version: tuple[int, float] | None = None  # (version, when read)

    def version(self) -> int:
        cached = self._version
        now = time.monotonic()
        if cached is not None and now - cached[1] < self.version_ttl_s:
            return cached[0]
        version = self.database.counter(GALLERY_VERSION)
        self._version = (version, now)
        return version

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A transaction that changes the gallery; the cached version is dropped after it commits."""
        try:
            with self.database.session(drain=False) as s:
                yield s
        finally:
            self._version = None

    # identities
    def add_identity(self, identity: Identity) -> Identity:
        with self._write() as s:
            s.merge(
                IdentityRow(
                    id=identity.id,
                    name=identity.name,
                    aliases=list(identity.aliases),
                    gallery=identity.gallery,
                    enabled=identity.enabled,
                    created_at=identity.created_at,
                )
            )
            Database.bump(s, GALLERY_VERSION)
        return identity

    def get_identity(self, identity_id: str) -> Identity | None:
        with self.database.session(drain=False) as s:
            row = s.get(IdentityRow, identity_id)
            return _identity(row) if row is not None else None

    def list_identities(self, gallery: str | None = None) -> list[Identity]:
        stmt = select(IdentityRow).order_by(IdentityRow.created_at, IdentityRow.id)
        if gallery is not None:
            stmt = stmt.where(IdentityRow.gallery == gallery)
        with self.database.session(drain=False) as s:
            return [_identity(r) for r in s.scalars(stmt)]

    def _set_enabled(self, row: Any, key: str, enabled: bool) -> bool:
        """Switch one identity or hash list on or off; False when there is no such row."""
        with self._write() as s:
            result = s.execute(update(row).where(row.id == key).values(enabled=enabled))
            return self._changed(s, result)

    def _remove(self, row: Any, key: str, child: Any, child_key: Any) -> bool:
        """Remove one identity or hash list and what belongs to it; False when there is none."""
        with self._write() as s:
            s.execute(delete(child).where(child_key == key))
            result = s.execute(delete(row).where(row.id == key))
            return self._changed(s, result)

    @staticmethod
    def _changed(s: Session, result: Any) -> bool:
        changed = rowcount(result) > 0
        if changed:
            Database.bump(s, GALLERY_VERSION)
        return changed

    def set_identity_enabled(self, identity_id: str, enabled: bool) -> bool:
        return self._set_enabled(IdentityRow, identity_id, enabled)

    def remove_identity(self, identity_id: str) -> bool:
        return self._remove(IdentityRow, identity_id, FaceEmbeddingRow, FaceEmbeddingRow.identity_id)

    def add_embeddings(self, embeddings: Sequence[FaceEmbedding]) -> int:
        if not embeddings:
            return 0
        with self._write() as s:
            wanted = {e.identity_id for e in embeddings}
            have = set(s.scalars(select(IdentityRow.id).where(IdentityRow.id.in_(wanted))))
            missing = sorted(wanted - have)
            if missing:
                raise KeyError(f"no identity {missing[0]!r}")
            rows = []
            for e in embeddings:
                vector = np.ascontiguousarray(e.vector, dtype="<f4").reshape(-1)
                rows.append(
                    {
                        "id": e.id,
                        "identity_id": e.identity_id,
                        "model": e.model,
                        "dim": int(vector.shape[0]),
                        "vector": vector.tobytes(),
                    }
                )
            s.execute(insert(FaceEmbeddingRow), rows)
            Database.bump(s, GALLERY_VERSION)
        return len(embeddings)

    def embeddings(self, model: str, *, enabled_only: bool = True) -> list[FaceEmbedding]:
        stmt = (
            select(FaceEmbeddingRow)
            .join(IdentityRow, IdentityRow.id == FaceEmbeddingRow.identity_id)
            .where(FaceEmbeddingRow.model == model)
            .order_by(IdentityRow.created_at, FaceEmbeddingRow.identity_id, FaceEmbeddingRow.id)
        )
        if enabled_only:
            off = select(GallerySwitch.gallery).where(GallerySwitch.enabled.is_(False))
            stmt = stmt.where(IdentityRow.enabled.is_(True), IdentityRow.gallery.not_in(off))
        with self.database.session(drain=False) as s:
            return [
                FaceEmbedding(
                    identity_id=r.identity_id,
                    model=r.model,
                    vector=np.frombuffer(r.vector, dtype="<f4").astype(np.float32),
                    id=r.id,
                )
                for r in s.scalars(stmt)
            ]

    def face_counts(self) -> dict[str, int]:
        """How many face embeddings each identity has (identities without any are left out)."""
        stmt = select(FaceEmbeddingRow.identity_id, func.count()).group_by(FaceEmbeddingRow.identity_id)
        with self.database.session(drain=False) as s:
            return {identity_id: int(n) for identity_id, n in s.execute(stmt)}

    # gallery switches
    def set_gallery_enabled(self, gallery: str, enabled: bool) -> None:
        with self._write() as s:
            s.merge(GallerySwitch(gallery=gallery, enabled=enabled))
            Database.bump(s, GALLERY_VERSION)

    def disabled_galleries(self) -> set[str]:
        with self.database.session(drain=False) as s:
            return set(s.scalars(select(GallerySwitch.gallery).where(GallerySwitch.enabled.is_(False))))

    # hash lists
    def add_hash_list(self, hash_list: HashList) -> HashList:
        with self._write() as s:
            s.merge(
                HashListRow(
                    id=hash_list.id,
                    name=hash_list.name,
                    kind=hash_list.kind,
                    enabled=hash_list.enabled,
                    created_at=hash_list.created_at,
                )
            )
            Database.bump(s, GALLERY_VERSION)
        return hash_list

    def get_hash_list(self, list_id: str) -> HashList | None:
        with self.database.session(drain=False) as s:
            row = s.get(HashListRow, list_id)
            return _hash_list(row) if row is not None else None

    def list_hash_lists(self) -> list[HashList]:
        with self.database.session(drain=False) as s:
            return [_hash_list(r) for r in s.scalars(select(HashListRow).order_by(HashListRow.created_at))]

    def set_hash_list_enabled(self, list_id: str, enabled: bool) -> bool:
        return self._set_enabled(HashListRow, list_id, enabled)

    def remove_hash_list(self, list_id: str) -> bool:
        return self._remove(HashListRow, list_id, HashEntryRow, HashEntryRow.list_id)

    def add_hashes(self, entries: Iterable[HashEntry]) -> int:
        """Add entries in batches, in one transaction (all or nothing)."""
        total = 0
        with self._write() as s:
            known = set(s.scalars(select(HashListRow.id)))
            batch: list[dict[str, Any]] = []
            for entry in entries:
                if entry.list_id not in known:
                    raise KeyError(f"no hash list {entry.list_id!r}")
                batch.append(
                    {
                        "list_id": entry.list_id,
                        "hash_hex": entry.hash_hex,
                        "item_id": entry.item_id,
                        "enabled": entry.enabled,
                    }
                )
                if len(batch) >= _HASH_BATCH:
                    s.execute(insert(HashEntryRow), batch)
                    total += len(batch)
                    batch = []
            if batch:
                s.execute(insert(HashEntryRow), batch)
                total += len(batch)
            if total:
                Database.bump(s, GALLERY_VERSION)
        return total

    def remove_hashes(self, list_id: str, hashes: Iterable[str]) -> int:
        """Remove the given hashes (hex) from one list; returns how many entries went."""
        wanted = [h.lower() for h in hashes]
        removed = 0
        with self._write() as s:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                result = s.execute(
                    delete(HashEntryRow).where(HashEntryRow.list_id == list_id, HashEntryRow.hash_hex.in_(chunk))
                )
                removed += rowcount(result)
            if removed:
                Database.bump(s, GALLERY_VERSION)
        return removed

    def count_hashes(self, list_id: str | None = None) -> int:
        stmt = select(func.count()).select_from(HashEntryRow)
        if list_id is not None:
            stmt = stmt.where(HashEntryRow.list_id == list_id)
        with self.database.session(drain=False) as s:
            return int(s.scalar(stmt) or 0)

    def hashes(self, *, enabled_only: bool = True) -> list[HashEntry]:
        stmt = select(HashEntryRow.list_id, HashEntryRow.hash_hex, HashEntryRow.item_id, HashEntryRow.enabled)
        if enabled_only:
            stmt = stmt.join(HashListRow, HashListRow.id == HashEntryRow.list_id).where(
                HashEntryRow.enabled.is_(True), HashListRow.enabled.is_(True)
            )
        with self.database.session(drain=False) as s:
            return [HashEntry(list_id=a, hash_hex=b, item_id=c, enabled=bool(d)) for a, b, c, d in s.execute(stmt)]


def _identity(row: IdentityRow) -> Identity:
    return Identity(
        id=row.id,
        name=row.name,
        aliases=tuple(row.aliases or ()),
        gallery=row.gallery,
        enabled=bool(row.enabled),
        created_at=row.created_at,
    )


def _hash_list(row: HashListRow) -> HashList:
    return HashList(id=row.id, name=row.name, kind=row.kind, enabled=bool(row.enabled), created_at=row.created_at)
