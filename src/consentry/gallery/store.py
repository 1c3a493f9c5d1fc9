"""The gallery store interface and an in-memory implementation.

A protected *identity* is a person who must not be generated sexually: a private person who
asked, a streamer, staff. It has a name and aliases (matched in prompts by the people detector)
and zero or more face embeddings (matched in images). Embeddings are kept, never photos.

A *hash list* is a bank of perceptual hashes of known non-consensual images (PDQ, hex).
Identities and lists each belong to a named gallery; galleries, identities, lists and entries
each have an on/off switch.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Identity:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    gallery: str = "default"
    enabled: bool = True
    created_at: float = field(default_factory=time.time)


@dataclass(frozen=True, slots=True)
class FaceEmbedding:
    identity_id: str
    model: str  # e.g. "sface-int8@2021dec"
    vector: Vector = field(repr=False)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True, slots=True)
class HashList:
    id: str
    name: str
    kind: str = "pdq"
    enabled: bool = True
    created_at: float = field(default_factory=time.time)


@dataclass(frozen=True, slots=True)
class HashEntry:
    list_id: str
    hash_hex: str
    item_id: str = ""
    enabled: bool = True


class GalleryStore(Protocol):
    """Where galleries are kept. Implementations must be safe to call from several threads."""

    # identities (names, aliases, faces)
    def add_identity(self, identity: Identity) -> Identity: ...
    def get_identity(self, identity_id: str) -> Identity | None: ...
    def list_identities(self, gallery: str | None = None) -> list[Identity]: ...
    def set_identity_enabled(self, identity_id: str, enabled: bool) -> bool: ...
    def remove_identity(self, identity_id: str) -> bool: ...
    def add_embeddings(self, embeddings: Sequence[FaceEmbedding]) -> int: ...
    def embeddings(self, model: str, *, enabled_only: bool = True) -> list[FaceEmbedding]: ...

    # gallery switches
    def set_gallery_enabled(self, gallery: str, enabled: bool) -> None: ...
    def disabled_galleries(self) -> set[str]: ...

    # hash lists
    def add_hash_list(self, hash_list: HashList) -> HashList: ...
    def list_hash_lists(self) -> list[HashList]: ...
    def set_hash_list_enabled(self, list_id: str, enabled: bool) -> bool: ...
    def remove_hash_list(self, list_id: str) -> bool: ...
    def add_hashes(self, entries: Iterable[HashEntry]) -> int: ...
    def count_hashes(self, list_id: str | None = None) -> int: ...
    def hashes(self, *, enabled_only: bool = True) -> list[HashEntry]: ...

    def version(self) -> int:
        """A number that changes whenever anything changes (lets indexes know when to rebuild)."""
        ...


class MemoryGalleryStore:
    """A ``GalleryStore`` in memory: for tests and single-process use."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._identities: dict[str, Identity] = {}
        self._embeddings: list[FaceEmbedding] = []
        self._disabled_galleries: set[str] = set()
        self._lists: dict[str, HashList] = {}
        self._hashes: list[HashEntry] = []
        self._version = 0

    def _bump(self) -> None:
        self._version += 1

    def version(self) -> int:
        return self._version

    def add_identity(self, identity: Identity) -> Identity:
        with self._lock:
            self._identities[identity.id] = identity
            self._bump()
            return identity

    def get_identity(self, identity_id: str) -> Identity | None:
        return self._identities.get(identity_id)

    def list_identities(self, gallery: str | None = None) -> list[Identity]:
        with self._lock:
            return [i for i in self._identities.values() if gallery is None or i.gallery == gallery]

    def set_identity_enabled(self, identity_id: str, enabled: bool) -> bool:
        with self._lock:
            if identity_id not in self._identities:
                return False
            self._identities[identity_id] = replace(self._identities[identity_id], enabled=enabled)
            self._bump()
            return True

    def remove_identity(self, identity_id: str) -> bool:
        with self._lock:
            if self._identities.pop(identity_id, None) is None:
                return False
            self._embeddings = [e for e in self._embeddings if e.identity_id != identity_id]
            self._bump()
            return True

    def add_embeddings(self, embeddings: Sequence[FaceEmbedding]) -> int:
        with self._lock:
            for e in embeddings:
                if e.identity_id not in self._identities:
                    raise KeyError(f"no identity {e.identity_id!r}")
            self._embeddings.extend(embeddings)
            self._bump()
            return len(embeddings)

    def embeddings(self, model: str, *, enabled_only: bool = True) -> list[FaceEmbedding]:
        with self._lock:
            out = []
            for e in self._embeddings:
                identity = self._identities.get(e.identity_id)
                if e.model != model or identity is None:
                    continue
                if enabled_only and (not identity.enabled or identity.gallery in self._disabled_galleries):
                    continue
                out.append(e)
            return out

    def set_gallery_enabled(self, gallery: str, enabled: bool) -> None:
        with self._lock:
            if enabled:
                self._disabled_galleries.discard(gallery)
            else:
                self._disabled_galleries.add(gallery)
            self._bump()

    def disabled_galleries(self) -> set[str]:
        return set(self._disabled_galleries)

    def add_hash_list(self, hash_list: HashList) -> HashList:
        with self._lock:
            self._lists[hash_list.id] = hash_list
            self._bump()
            return hash_list

    def list_hash_lists(self) -> list[HashList]:
        return list(self._lists.values())

    def set_hash_list_enabled(self, list_id: str, enabled: bool) -> bool:
        with self._lock:
            if list_id not in self._lists:
                return False
            self._lists[list_id] = replace(self._lists[list_id], enabled=enabled)
            self._bump()
            return True

    def remove_hash_list(self, list_id: str) -> bool:
        with self._lock:
            if self._lists.pop(list_id, None) is None:
                return False
            self._hashes = [h for h in self._hashes if h.list_id != list_id]
            self._bump()
            return True

    def add_hashes(self, entries: Iterable[HashEntry]) -> int:
        with self._lock:
            batch = list(entries)
            for entry in batch:
                if entry.list_id not in self._lists:
                    raise KeyError(f"no hash list {entry.list_id!r}")
            self._hashes.extend(batch)
            self._bump()
            return len(batch)

    def count_hashes(self, list_id: str | None = None) -> int:
        return sum(1 for h in self._hashes if list_id is None or h.list_id == list_id)

    def hashes(self, *, enabled_only: bool = True) -> list[HashEntry]:
        with self._lock:
            if not enabled_only:
                return list(self._hashes)
            on = {k for k, v in self._lists.items() if v.enabled}
            return [h for h in self._hashes if h.enabled and h.list_id in on]
