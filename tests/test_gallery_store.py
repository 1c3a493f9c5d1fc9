"""The in-memory gallery store: switches per identity, gallery and hash list; removal."""

from __future__ import annotations

import numpy as np
import pytest

from consentry.gallery import FaceEmbedding, HashEntry, HashList, Identity, MemoryGalleryStore


def _vec() -> np.ndarray:
    return np.ones(4, dtype=np.float32)


def test_identity_switches_and_removal() -> None:
    store = MemoryGalleryStore()
    store.add_identity(Identity("a", "Anna K", ("annak",), gallery="staff"))
    store.add_identity(Identity("b", "Bo"))
    store.add_embeddings([FaceEmbedding("a", "m", _vec()), FaceEmbedding("b", "m", _vec())])
    assert {e.identity_id for e in store.embeddings("m")} == {"a", "b"}
    store.set_identity_enabled("a", False)
    assert {e.identity_id for e in store.embeddings("m")} == {"b"}
    store.set_identity_enabled("a", True)
    store.set_gallery_enabled("staff", False)
    assert {e.identity_id for e in store.embeddings("m")} == {"b"}
    assert store.embeddings("other-model") == []
    before = store.version()
    assert store.remove_identity("b")
    assert store.version() > before
    assert not store.remove_identity("b")
    assert store.embeddings("m", enabled_only=False)[0].identity_id == "a"


def test_embeddings_need_an_identity() -> None:
    with pytest.raises(KeyError):
        MemoryGalleryStore().add_embeddings([FaceEmbedding("nobody", "m", _vec())])


def test_hash_lists() -> None:
    store = MemoryGalleryStore()
    store.add_hash_list(HashList("l1", "known"))
    store.add_hash_list(HashList("l2", "other"))
    assert store.add_hashes([HashEntry("l1", "ab" * 32, "x"), HashEntry("l2", "cd" * 32)]) == 2
    assert store.count_hashes() == 2 and store.count_hashes("l1") == 1
    store.set_hash_list_enabled("l2", False)
    assert [h.list_id for h in store.hashes()] == ["l1"]
    store.remove_hash_list("l1")
    assert store.count_hashes() == 1
    with pytest.raises(KeyError):
        store.add_hashes([HashEntry("missing", "00" * 32)])


def test_live_index_rebuilds_only_when_the_store_changes() -> None:
    from consentry.gallery.live import LiveIndex

    builds: list[int] = []

    def build(store: MemoryGalleryStore) -> int:  # type: ignore[override]
        builds.append(store.version())
        return len(store.list_identities())

    live = LiveIndex(build, 0)  # type: ignore[arg-type]
    store = MemoryGalleryStore()
    live.use(store)
    assert live.current() == 0
    assert live.current() == 0
    assert len(builds) == 1
    store.add_identity(Identity("a", "Anna"))
    assert live.current() == 1
    assert len(builds) == 2
