"""An in-memory index of enrolled face embeddings: exact cosine search by one matrix product.

Why brute force: at 100,000 identities x 128 dimensions the gallery is a 51 MB float32 matrix,
and one query is a single BLAS matrix-vector product (a few milliseconds on one core; see
``benchmarks/bench_image.py``). That is exact (no recall lost to an approximate index), builds
in well under a second, needs no extra dependency, and updates by rebuilding. An approximate
index (hnswlib, faiss) pays off only well past a million faces.

Several embeddings per identity are kept as separate rows; a query reports the best row per
identity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from consentry.gallery.store import FaceEmbedding


@dataclass(frozen=True, slots=True)
class FaceHit:
    identity_id: str
    similarity: float  # cosine similarity, -1..1


class FaceIndex:
    """Exact cosine search over unit-length embeddings of one model."""

    def __init__(self, dimension: int = 128) -> None:
        self.dimension = dimension
        self._matrix: npt.NDArray[np.float32] = np.zeros((0, dimension), dtype=np.float32)
        self._owners: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self._identity_ids: list[str] = []

    def __len__(self) -> int:
        return int(self._matrix.shape[0])

    @property
    def identities(self) -> int:
        return len(self._identity_ids)

    @classmethod
    def build(cls, embeddings: Sequence[FaceEmbedding], dimension: int = 128) -> FaceIndex:
        index = cls(dimension)
        if not embeddings:
            return index
        ids: dict[str, int] = {}
        owners = np.fromiter((ids.setdefault(e.identity_id, len(ids)) for e in embeddings), dtype=np.int32)
        matrix = np.stack([np.asarray(e.vector, dtype=np.float32).reshape(-1) for e in embeddings])
        if matrix.shape[1] != dimension:
            raise ValueError(f"embeddings have {matrix.shape[1]} dimensions; the index expects {dimension}")
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        index._matrix = np.ascontiguousarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)
        index._owners = owners
        index._identity_ids = list(ids)
        return index

    def search(self, query: npt.NDArray[np.float32], *, k: int = 3, min_similarity: float = -1.0) -> list[FaceHit]:
        """The ``k`` most similar identities (best embedding each), most similar first."""
        if len(self) == 0:
            return []
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        q = q / max(float(np.linalg.norm(q)), 1e-12)
        scores = self._matrix @ q
        # Take more rows than k, since one identity may own several of the best rows.
        take = min(len(scores), k * 4)
        top = np.argpartition(-scores, take - 1)[:take] if take < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top])]
        hits: list[FaceHit] = []
        seen: set[int] = set()
        for row in top:
            owner = int(self._owners[row])
            if owner in seen:
                continue
            similarity = float(scores[row])
            if similarity < min_similarity:
                break
            seen.add(owner)
            hits.append(FaceHit(self._identity_ids[owner], similarity))
            if len(hits) == k:
                break
        return hits
