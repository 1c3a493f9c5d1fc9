"""Keeps who is protected and what is known: identities (faces, names) and known-NCII hash lists.

The representation (an embedding, a hash) is kept apart from the index that matches it and from
the store that keeps it. ``store.GalleryStore`` is the store interface; ``MemoryGalleryStore`` is
the in-process implementation (tests, one-off CLI runs); the service provides a SQL one.
"""

from consentry.gallery.store import (
    FaceEmbedding,
    GalleryStore,
    HashEntry,
    HashList,
    Identity,
    MemoryGalleryStore,
)

__all__ = ["FaceEmbedding", "GalleryStore", "HashEntry", "HashList", "Identity", "MemoryGalleryStore"]
