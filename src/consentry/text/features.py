"""Hashed word and character n-gram features of normalized text, in pure numpy.

The same function feeds training (``training/train_sexual.py``) and inference, so a model
trained on it reads prompts exactly as it was taught. Character n-grams (3 to 5 characters,
over words padded with spaces) are hashed in one vectorised pass (FNV-1a over code points,
64-bit, wrapping); words and word pairs are hashed with CRC-32. Every feature lands in one of
``2**bits`` buckets. Identical on every platform: no Python ``hash()``.
"""

from __future__ import annotations

import re
import zlib
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from consentry.text.normalize import WORD_MARKS

_WORD = re.compile(rf"[\w{WORD_MARKS}]+")  # the words of the lexicon (``consentry.text.lexicon``)
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_CHAR_NS = (3, 4, 5)


def feature_text(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Words of ``text`` joined by single spaces, padded, and each word's span in ``text``."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    return " " + " ".join(text[s:e] for s, e in spans) + " ", spans


def hashed_features(text: str, bits: int) -> npt.NDArray[np.int64]:
    """Bucket indices of every word, word pair and character n-gram of ``text`` (with repeats)."""
    return hashed_word_features(_WORD.findall(text), bits)


# Per word, what its features need: the bucket of the word, and the running CRC-32 of "b:word "
# (a pair's CRC goes on from it: ``zlib.crc32(next_word, running)``) with the next word's bytes.
# Words repeat from prompt to prompt; the table is emptied when it is full.
_WORD_TABLES: dict[int, dict[str, tuple[int, int, bytes]]] = {}
_WORD_TABLE_SIZE = 100_000


def _word_entry(word: str, bits: int) -> tuple[int, int, bytes]:
    table = _WORD_TABLES.setdefault(bits, {})
    entry = table.get(word)
    if entry is None:
        encoded = word.encode()
        entry = (zlib.crc32(b"w:" + encoded) & ((1 << bits) - 1), zlib.crc32(b"b:" + encoded + b" "), encoded)
        if len(table) >= _WORD_TABLE_SIZE:
            table.clear()
        table[word] = entry
    return entry


def hashed_word_features(words: list[str], bits: int) -> npt.NDArray[np.int64]:
    """``hashed_features`` of a text whose words (``_WORD`` matches, in order) are ``words``.

    The same buckets in the same order: the words', the word pairs', then the character
    n-grams' (``char_ngram_buckets`` of the padded words).
    """
    mask = (1 << bits) - 1
    table = _WORD_TABLES.get(bits, {})
    entries = [table.get(w) or _word_entry(w, bits) for w in words]
    ids = [e[0] for e in entries]
    crc32 = zlib.crc32
    ids += [crc32(b[2], a[1]) & mask for a, b in pairwise(entries)]
    char_ids = char_ngram_buckets(" " + " ".join(words) + " ", bits)
    return np.concatenate((np.asarray(ids, dtype=np.int64), char_ids))


_FNV_OFFSETS = np.array([[_FNV_OFFSET ^ np.uint64(n)] for n in _CHAR_NS], dtype=np.uint64)
_SHIFTS = {bits: np.uint64(64 - bits) for bits in range(1, 64)}


def char_ngram_buckets(padded: str, bits: int) -> npt.NDArray[np.int64]:
    """Buckets of the 3-, 4- and 5-character n-grams of ``padded`` (vectorised FNV-1a).

    The three lengths are hashed side by side, one row each: row ``r`` takes the code points at
    offsets ``0 .. n-1`` of each start (``n = _CHAR_NS[r]``), so the rows share the arithmetic
    of their common first offsets; each row keeps the starts its n-grams fit in, and the rows
    are read end to end.
    """
    length = len(padded)
    smallest, largest = _CHAR_NS[0], _CHAR_NS[-1]
    m = length - smallest + 1  # starts of the shortest n-grams: every row's starts are a prefix
    if m <= 0:
        return np.zeros(0, dtype=np.int64)
    # code points, padded with zeros so that every row reads ``m`` of them at every offset
    codes = np.zeros(m + largest - 1, dtype=np.uint64)
    codes[:length] = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32)
    h = np.empty((len(_CHAR_NS), m), dtype=np.uint64)
    h[:] = _FNV_OFFSETS
    xor, multiply, prime = np.bitwise_xor, np.multiply, _FNV_PRIME
    for k in range(largest):
        rows = h if k < smallest else h[_FIRST_ROW[k] :]  # the rows still hashing at offset k
        xor(rows, codes[k : k + m], out=rows)
        multiply(rows, prime, out=rows)
    h >>= _SHIFTS[bits]
    if m >= largest - smallest + 1:  # every row has starts: row r is the first m - r of its line
        flat = h.ravel()
        parts = [flat[r * m : r * m + m - r] for r in range(len(_CHAR_NS))]
    else:
        parts = [h[r, : length - n + 1] for r, n in enumerate(_CHAR_NS) if length - n + 1 > 0]
    return np.concatenate(parts).astype(np.int64)


# for each offset into an n-gram, the first row (n-gram length) that still reads it
_FIRST_ROW = [next(r for r, n in enumerate(_CHAR_NS) if n > k) for k in range(_CHAR_NS[-1])]


def char_ngram_word_index(padded: str) -> npt.NDArray[np.int64]:
    """For each character n-gram in ``char_ngram_buckets`` order, the word it lies in (or -1)."""
    # word number of each character of ``padded`` (-1 for spaces): a word starts at a character
    # other than a space that begins the text or follows a space
    space = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32) == ord(" ")
    first = ~space
    first[1:] &= space[:-1]
    owner = np.cumsum(first, dtype=np.int64) - 1
    owner[space] = -1
    parts = []
    for n in _CHAR_NS:
        m = len(padded) - n + 1
        if m <= 0:
            continue
        # an n-gram belongs to the word of its middle character
        parts.append(owner[np.arange(m) + n // 2])
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(parts)
