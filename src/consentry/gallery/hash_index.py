"""An in-memory index of PDQ hashes: exact Hamming-radius search over millions of hashes.

PDQ hashes are 256 bits, kept as four uint64 words per hash. Two exact ways to search:

- a linear scan: XOR against every row and a popcount; 1M hashes
  is 32 MB of memory traffic, ~20 ms on one core;
- multi-index hashing (Norouzi et al., 2012), used when the radius is at most 31: the hash is
  cut into 16 chunks of 16 bits; two hashes within 31 bits must agree on some chunk up to one
  bit (else they differ by at least 2 x 16 = 32). A query looks up its chunk and the 16
  one-bit variants of it in each chunk's table (272 lookups), then checks the few candidates
  exactly. Same answers as the scan, about a hundred times faster at 1M hashes; the tables cost
  4 bytes per hash per chunk (64 MB at 1M).

``benchmarks/bench_image.py`` measures both side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from consentry.gallery.store import HashEntry

PDQ_BITS = 256
PDQ_HEX = PDQ_BITS // 4
DEFAULT_RADIUS = 31  # PDQ's published matching threshold
_BLOCK = 262_144
_CHUNKS = 16  # 16-bit chunks: exact for radius <= 2 * _CHUNKS - 1
MIH_MAX_RADIUS = 2 * _CHUNKS - 1


def hex_to_words(hash_hex: str) -> npt.NDArray[np.uint64]:
    """A 64-hex-digit PDQ hash as four big-endian uint64 words."""
    text = hash_hex.strip().lower()
    if len(text) != PDQ_HEX or any(c not in "0123456789abcdef" for c in text):
        raise ValueError(f"a PDQ hash is {PDQ_HEX} hex digits, got {hash_hex[:80]!r}")
    return np.array([int(text[i : i + 16], 16) for i in range(0, PDQ_HEX, 16)], dtype=np.uint64)


def words_to_hex(words: npt.NDArray[np.uint64]) -> str:
    return "".join(f"{int(w):016x}" for w in words)


_BYTE_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def popcount(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint8]:
    """Set bits per uint64 (``numpy.bitwise_count`` on numpy 2, a byte table before that)."""
    if hasattr(np, "bitwise_count"):
        counted: npt.NDArray[np.uint8] = np.bitwise_count(words)
        return counted
    as_bytes = np.ascontiguousarray(words).view(np.uint8).reshape(*words.shape, 8)
    table: npt.NDArray[np.uint8] = _BYTE_POPCOUNT[as_bytes].sum(axis=-1, dtype=np.uint8)
    return table


def hamming(a_hex: str, b_hex: str) -> int:
    return int(popcount(hex_to_words(a_hex) ^ hex_to_words(b_hex)).sum())


@dataclass(frozen=True, slots=True)
class HashHit:
    list_id: str
    item_id: str
    hash_hex: str
    distance: int


class HashIndex:
    """Exact Hamming-radius search over PDQ hashes."""

    def __init__(self) -> None:
        self._words: npt.NDArray[np.uint64] = np.zeros((0, 4), dtype=np.uint64)
        self._entries: list[HashEntry] = []
        # per chunk: row numbers sorted by the chunk's value, and where each value starts
        self._order: list[npt.NDArray[np.int32]] = []
        self._starts: list[npt.NDArray[np.int64]] = []

    def __len__(self) -> int:
        return int(self._words.shape[0])

    @classmethod
    def build(cls, entries: Sequence[HashEntry]) -> HashIndex:
        index = cls()
        if entries:
            index._words = cls.pack([e.hash_hex for e in entries])
            index._entries = list(entries)
            index._build_tables()
        return index

    def _build_tables(self) -> None:
        chunks = self._chunks(self._words)
        self._order, self._starts = [], []
        for j in range(_CHUNKS):
            column = chunks[:, j]
            order = np.argsort(column, kind="stable").astype(np.int32)
            self._order.append(order)
            self._starts.append(np.searchsorted(column[order], np.arange(65537), side="left"))

    @staticmethod
    def _chunks(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint16]:
        """(n, 4) uint64 words as (n, 16) 16-bit chunks (most significant first)."""
        big = np.ascontiguousarray(words.astype(">u8"))
        return big.view(">u2").astype(np.uint16).reshape(-1, _CHUNKS)

    @staticmethod
    def pack(hashes: Sequence[str]) -> npt.NDArray[np.uint64]:
        """Many hex hashes as an (n, 4) uint64 array (vectorised; validates every hash)."""
        if not hashes:
            return np.zeros((0, 4), dtype=np.uint64)
        raw = np.array([h.strip().lower() for h in hashes])
        bad = [h for h in raw[:] if len(h) != PDQ_HEX]
        if bad:
            raise ValueError(f"a PDQ hash is {PDQ_HEX} hex digits, got {bad[0][:80]!r}")
        try:
            data = bytes.fromhex("".join(raw.tolist()))
        except ValueError:
            for h in raw:
                hex_to_words(h)  # names the bad one
            raise
        return np.frombuffer(data, dtype=">u8").astype(np.uint64).reshape(-1, 4)

    def distances(self, words: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        """The Hamming distance from ``words`` to every hash in the index."""
        out = np.empty(len(self), dtype=np.int64)
        for start in range(0, len(self), _BLOCK):
            block = self._words[start : start + _BLOCK]
            out[start : start + len(block)] = popcount(block ^ words).sum(axis=1, dtype=np.int64)
        return out

    def candidates(self, words: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        """Rows that agree with ``words`` on some 16-bit chunk up to one bit (a superset of
        every row within 31 bits)."""
        keys = self._chunks(words.reshape(1, 4))[0]
        flips = np.concatenate(([0], 1 << np.arange(16))).astype(np.int64)
        pieces: list[npt.NDArray[np.int32]] = []
        for j in range(_CHUNKS):
            starts, order = self._starts[j], self._order[j]
            for value in (int(keys[j]) ^ flips).tolist():
                lo, hi = int(starts[value]), int(starts[value + 1])
                if hi > lo:
                    pieces.append(order[lo:hi])
        if not pieces:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(pieces)).astype(np.int64)

    @classmethod
    def of_words(cls, words: npt.NDArray[np.uint64]) -> HashIndex:
        """An index of packed hashes (``pack``) without entries: search it with ``search_rows``,
        which answers row numbers (for callers that keep what each row is themselves)."""
        index = cls()
        if len(words):
            index._words = np.ascontiguousarray(words, dtype=np.uint64).reshape(-1, 4)
            index._build_tables()
        return index

    def candidates_many(self, words: npt.NDArray[np.uint64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """``candidates`` of several hashes at once ((k, 4) words), without a Python loop per
        lookup: the 17 values of each chunk of every hash are looked up together, and the rows of
        all their buckets gathered in one step per chunk. Returns (row, which hash) pairs (a row
        may come more than once)."""
        keys = self._chunks(words.reshape(-1, 4)).astype(np.int64)  # (k, 16)
        flips = np.concatenate(([0], 1 << np.arange(16))).astype(np.int64)
        owner = np.repeat(np.arange(len(keys), dtype=np.int64), len(flips))
        rows: list[npt.NDArray[np.int32]] = []
        owners: list[npt.NDArray[np.int64]] = []
        for j in range(_CHUNKS):
            values = (keys[:, j, None] ^ flips[None, :]).ravel()
            starts = self._starts[j]
            lo, hi = starts[values], starts[values + 1]
            lengths = hi - lo
            total = int(lengths.sum())
            if total:
                skip = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths)
                rows.append(self._order[j][skip + np.arange(total)])
                owners.append(np.repeat(owner, lengths))
        if not rows:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        return np.concatenate(rows).astype(np.int64), np.concatenate(owners)

    def search_many(
        self, hashes: Sequence[str], *, radius: int = DEFAULT_RADIUS
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Rows within ``radius`` bits of ANY of ``hashes`` and their smallest distance to them
        (nearest first): one search for the variants of an image. Exact; multi-index up to radius
        31, a scan beyond."""
        empty = np.zeros(0, dtype=np.int64)
        if len(self) == 0 or not hashes:
            return empty, empty
        queries = self.pack(hashes)
        if radius > MIH_MAX_RADIUS:
            rows = np.arange(len(self), dtype=np.int64)
            best = np.min(np.stack([self.distances(q) for q in queries]), axis=0)
        else:
            pairs, owners = self.candidates_many(queries)
            near = popcount(self._words[pairs] ^ queries[owners]).sum(axis=1, dtype=np.int64)
            keep = near <= radius
            pairs, near = pairs[keep], near[keep]
            by_row = np.lexsort((near, pairs))  # each row's nearest first
            pairs, near = pairs[by_row], near[by_row]
            first = np.ones(len(pairs), dtype=bool)
            first[1:] = pairs[1:] != pairs[:-1]
            rows, best = pairs[first], near[first]
        keep = best <= radius
        rows, best = rows[keep], best[keep]
        order = np.argsort(best, kind="stable")
        return rows[order].astype(np.int64), best[order].astype(np.int64)

    def search(
        self, hash_hex: str, *, radius: int = DEFAULT_RADIUS, limit: int = 5, method: str = "auto"
    ) -> list[HashHit]:
        """Hashes within ``radius`` bits of ``hash_hex``, nearest first (at most ``limit``).

        ``method``: ``"mih"`` (multi-index, radius <= 31), ``"scan"``, or ``"auto"`` (mih when it
        is exact for the radius).
        """
        rows, distances = self.search_rows(hash_hex, radius=radius, limit=limit, method=method)
        return [
            HashHit(self._entries[r].list_id, self._entries[r].item_id, self._entries[r].hash_hex, d)
            for r, d in zip(rows.tolist(), distances.tolist(), strict=True)
        ]

    def search_rows(
        self, hash_hex: str, *, radius: int = DEFAULT_RADIUS, limit: int | None = None, method: str = "auto"
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Row numbers of the hashes within ``radius`` bits, nearest first, and their distances."""
        empty = np.zeros(0, dtype=np.int64)
        if len(self) == 0:
            if method not in ("auto", "mih", "scan"):
                raise ValueError(f"unknown search method {method!r}")
            return empty, empty
        if method not in ("auto", "mih", "scan"):
            raise ValueError(f"unknown search method {method!r}")
        words = hex_to_words(hash_hex)
        if method == "mih" and radius > MIH_MAX_RADIUS:
            raise ValueError(f"multi-index search is exact up to radius {MIH_MAX_RADIUS}, not {radius}")
        if method == "scan" or (method == "auto" and radius > MIH_MAX_RADIUS):
            d = self.distances(words)
            rows = np.flatnonzero(d <= radius)
        else:
            rows = self.candidates(words)
            d = np.zeros(len(self), dtype=np.int64)
            d[rows] = popcount(self._words[rows] ^ words).sum(axis=1, dtype=np.int64)
            rows = rows[d[rows] <= radius]
        rows = rows[np.argsort(d[rows], kind="stable")][:limit]
        return rows.astype(np.int64), d[rows].astype(np.int64)
