"""An index built from a gallery store and rebuilt whenever the store changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from consentry.gallery.store import GalleryStore, MemoryGalleryStore

IndexT = TypeVar("IndexT")


class LiveIndex(Generic[IndexT]):
    """Keeps ``build(store)`` current: ``current()`` rebuilds when ``store.version()`` moved.

    This is how detectors that match galleries (enrolled faces, hash lists) pick up an
    enrollment, a switch or a removal without a restart.
    """

    def __init__(self, build: Callable[[GalleryStore], IndexT], empty: IndexT) -> None:
        self._build = build
        self.store: GalleryStore = MemoryGalleryStore()
        self.index: IndexT = empty
        self._version: int | None = None
        self._lock = threading.Lock()

    def use(self, store: GalleryStore) -> None:
        """Read from ``store`` from now on (no I/O: the next ``current()`` rebuilds)."""
        self.store = store
        self._version = None

    def refresh(self) -> IndexT:
        """Rebuild from the store now."""
        with self._lock:
            version = self.store.version()
            self.index = self._build(self.store)
            self._version = version
            return self.index

    def current(self) -> IndexT:
        """The index, rebuilt first if the store changed since the last build."""
        if self._version != self.store.version():
            return self.refresh()
        return self.index
