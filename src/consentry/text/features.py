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
    padded, spans = feature_text(text)
    words = [text[s:e] for s, e in spans]
    mask = (1 << bits) - 1
    word_ids = [zlib.crc32(b"w:" + w.encode()) & mask for w in words]
    word_ids += [zlib.crc32(b"b:" + (a + " " + b).encode()) & mask for a, b in pairwise(words)]
    char_ids = char_ngram_buckets(padded, bits)
    return np.concatenate((np.asarray(word_ids, dtype=np.int64), char_ids))


def char_ngram_buckets(padded: str, bits: int) -> npt.NDArray[np.int64]:
    """Buckets of the 3-, 4- and 5-character n-grams of ``padded`` (vectorised FNV-1a)."""
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    parts = []
    shift = np.uint64(64 - bits)
    for n in _CHAR_NS:
        m = len(codes) - n + 1
        if m <= 0:
            continue
        h = np.full(m, _FNV_OFFSET ^ np.uint64(n), dtype=np.uint64)
        for k in range(n):
            h = (h ^ codes[k : k + m]) * _FNV_PRIME
        parts.append((h >> shift).astype(np.int64))
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(parts)


def char_ngram_word_index(padded: str) -> npt.NDArray[np.int64]:
    """For each character n-gram in ``char_ngram_buckets`` order, the word it lies in (or -1)."""
    # word number of each character of ``padded`` (-1 for spaces)
    owner = np.full(len(padded), -1, dtype=np.int64)
    word = -1
    inside = False
    for i, char in enumerate(padded):
        if char == " ":
            inside = False
            continue
        if not inside:
            word += 1
            inside = True
        owner[i] = word
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
