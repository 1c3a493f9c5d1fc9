"""The face index: exact cosine search, best embedding per identity, k and floors."""

from __future__ import annotations

import numpy as np
import pytest

from consentry.gallery.face_index import FaceIndex
from consentry.gallery.store import FaceEmbedding


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


RNG = np.random.default_rng(3)
PEOPLE = {f"id-{i}": _unit(RNG.normal(size=128)) for i in range(200)}


def _embeddings() -> list[FaceEmbedding]:
    out = []
    for identity, vector in PEOPLE.items():
        out.append(FaceEmbedding(identity, "m", vector))
        out.append(FaceEmbedding(identity, "m", _unit(vector + RNG.normal(scale=0.03, size=128))))
    return out


INDEX = FaceIndex.build(_embeddings())


def test_index_counts_rows_and_identities() -> None:
    assert len(INDEX) == 400
    assert INDEX.identities == 200


@pytest.mark.parametrize("who", ["id-0", "id-57", "id-199"])
def test_a_noisy_view_finds_its_identity_first(who: str) -> None:
    query = _unit(PEOPLE[who] + RNG.normal(scale=0.02, size=128))
    hits = INDEX.search(query, k=3)
    assert hits[0].identity_id == who
    assert hits[0].similarity > 0.8 > hits[1].similarity


def test_each_identity_is_reported_once_even_with_several_embeddings() -> None:
    hits = INDEX.search(PEOPLE["id-5"], k=10)
    assert len({h.identity_id for h in hits}) == len(hits) == 10
    assert hits == sorted(hits, key=lambda h: -h.similarity)


def test_min_similarity_cuts_the_list() -> None:
    assert [h.identity_id for h in INDEX.search(PEOPLE["id-9"], k=5, min_similarity=0.9)] == ["id-9"]


def test_query_need_not_be_normalised() -> None:
    assert INDEX.search(PEOPLE["id-3"] * 7.5, k=1)[0].similarity == pytest.approx(1.0, abs=1e-5)


def test_empty_index_and_wrong_dimension() -> None:
    assert FaceIndex.build([]).search(PEOPLE["id-1"]) == []
    with pytest.raises(ValueError, match="dimensions"):
        FaceIndex.build([FaceEmbedding("x", "m", np.ones(64, dtype=np.float32))])
