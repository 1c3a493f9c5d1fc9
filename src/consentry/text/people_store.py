"""The people index on disk: a folder of sorted text files and uint32 arrays, laid out for git.

``consentry people build`` writes the folder (``text/data/people_index/``, ``people_build.write_folder``)
and ``PeopleIndex.load`` reads it (``read``). Nothing in it is compressed as a whole and every table is sorted by
a key that does not move when other people are added or removed, so a rebuild that changes a few
people changes a few lines and a few array entries, and git (which compresses and deltifies every
file itself) stores a small delta. The hash-ordered tables are split into 16 shards by the first
hex digit of the CRC-32 (``0`` to ``f``); a shard that did not change is the same git object as before.

==============================  ===============================================================================
``index.json``                  format, counts, the sources read
``stamp.json``                  what the build read: the sha256 of every input file and of the build's code
                                (``consentry people build`` skips the build when it still matches)
``people/<tier>.tsv``           one person a line, ``id  name  tier  popularity  sources  external_ids  groups``;
                                the tiers ``top``, ``mid``, ``current``, ``tail`` in that order, the most
                                popular first within a tier. A person's number at run time is their line in
                                the four files read in that order.
``aliases/<h>.tsv``             ``key  id,kind,ambiguity,spaced tokens;...``: the key is the alias's normalized
                                tokens joined, the person is named by their id; sorted by (CRC-32, key)
``aliases/<h>.u32``             the CRC-32 of each line's key
``tokens/<h>.txt``              the name tokens read for typos, one a line, sorted by (CRC-32, token)
``tokens/<h>.u32``              their CRC-32
``deletions/<h>.u32``           pairs (CRC-32 of a one-letter deletion of a token, CRC-32 of the token), sorted
``pairs/<h>.u64``               every pair of neighbouring alias tokens (and with two of three tokens joined, as
                                a prompt may write them: ``le bron james`` also gives ``lebron james`` and
                                ``le bronjames``) as ``crc(left) << 32 | crc(right)``, sorted, in shards by the
                                left token's hash
``words.txt``                   ordinary English words (ambiguity control at run time), sorted
``frequent.txt``                the 100,000 most frequent English words, sorted
``characters.txt``              fictional character names (normalized keys), sorted
==============================  ===============================================================================

The ``.u32`` and ``.u64`` files are little-endian uint32 and uint64 arrays; the text files are UTF-8, one record a line,
each line ending in a newline. ``read`` turns the folder into the arrays ``PeopleIndex`` looks up
(the same arrays whatever the layout on disk): record blobs without separators with offset arrays,
and the deletions pointing at their token's position. Positions and offsets are computed at load,
never stored, because one added person would shift all of them. A change of this layout bumps
``FORMAT``: the build's stamp holds it, so the bundled index is then stale until rebuilt.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

FORMAT = "consentry-people-index/3"
TIERS = ("top", "mid", "current", "tail")  # the order of the people files (most famous first)
SHARDS = 16
SHARD_NAMES = tuple(f"{i:x}" for i in range(SHARDS))
SHIFT = 28  # a 32-bit hash's first hex digit

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]


def crc(text: str) -> int:
    """CRC-32 of the UTF-8 text (``people_index.key_hash``: the hash of every table here)."""
    return zlib.crc32(text.encode("utf-8"))


# --- reading -----------------------------------------------------------------------------------------------


def _records(paths: Iterable[Path]) -> tuple[bytearray, U32]:
    """Files of newline-ended records -> (the records joined without separators, n + 1 offsets into it).

    The joined records are written into one buffer file by file, so that no second copy of a
    whole table is made while loading."""
    files = list(paths)
    blob = bytearray(sum(path.stat().st_size for path in files))  # the newlines are cut at the end
    offsets = [np.zeros(1, dtype=np.uint32)]
    total = 0
    for path in files:
        raw = path.read_bytes()
        if raw and raw[-1:] != b"\n":
            raise ValueError(f"{path.name} of the people index does not end with a line break")
        newlines = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 10)
        # record i ends at its newline, less the i newlines before it
        offsets.append((newlines - np.arange(len(newlines)) + total).astype(np.uint32))
        size = len(raw) - len(newlines)
        blob[total : total + size] = raw.replace(b"\n", b"")
        total += size
    del blob[total:]
    return blob, np.concatenate(offsets)


def _read_u32(paths: Iterable[Path]) -> U32:
    parts = [np.fromfile(path, dtype="<u4") for path in paths]
    return np.concatenate(parts).astype(np.uint32, copy=False) if parts else np.zeros(0, dtype=np.uint32)


def _read_u64(paths: Iterable[Path]) -> U64:
    parts = [np.fromfile(path, dtype="<u8") for path in paths]
    return np.concatenate(parts).astype(np.uint64, copy=False) if parts else np.zeros(0, dtype=np.uint64)


def read(folder: Path) -> dict[str, Any]:
    """The arrays of ``PeopleIndex`` from an index folder."""
    index_file = folder / "index.json"
    if not index_file.is_file():
        raise FileNotFoundError(f"no people index in {folder} (no index.json)")
    meta = json.loads(index_file.read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise ValueError(f"not a people index of format {FORMAT!r}: {meta.get('format')!r}")

    people_files = [folder / "people" / f"{tier}.tsv" for tier in TIERS]
    person_blob, person_off = _records(people_files)
    # the ids (ASCII: slugs or hashes) start each line; the aliases name people by them
    ids: list[str] = []
    for path in people_files:
        ids += re.sub(rb"\t[^\n]*", b"", path.read_bytes()).decode("ascii").split("\n")[:-1]

    alias_blob, alias_off = _records(folder / "aliases" / f"{s}.tsv" for s in SHARD_NAMES)
    alias_hash = _read_u32(folder / "aliases" / f"{s}.u32" for s in SHARD_NAMES)
    token_blob, token_off = _records(folder / "tokens" / f"{s}.txt" for s in SHARD_NAMES)
    token_hash = _read_u32(folder / "tokens" / f"{s}.u32" for s in SHARD_NAMES)
    if len(alias_hash) != len(alias_off) - 1 or len(token_hash) != len(token_off) - 1:
        raise ValueError(f"the people index in {folder} is inconsistent: a hash file does not match its text")
    deletions = _read_u32(folder / "deletions" / f"{s}.u32" for s in SHARD_NAMES).reshape(-1, 2)
    delete_hash, delete_token = _delete_positions(
        np.ascontiguousarray(deletions[:, 0]),
        deletions[:, 1],
        token_hash,
        lambda position: token_blob[token_off[position] : token_off[position + 1]].decode("utf-8"),
    )
    return {
        "meta": json.dumps(meta).encode("utf-8"),
        "person_blob": person_blob,
        "person_off": person_off,
        "person_ids": ids,
        "alias_hash": alias_hash,
        "alias_off": alias_off,
        "alias_blob": alias_blob,
        "token_hash": token_hash,
        "token_off": token_off,
        "token_blob": token_blob,
        "delete_hash": delete_hash,
        "delete_token": delete_token,
        "pair_sides": _read_u64(folder / "pairs" / f"{s}.u64" for s in SHARD_NAMES),
        "words": (folder / "words.txt").read_bytes(),
        "frequent": (folder / "frequent.txt").read_bytes(),
        "characters": (folder / "characters.txt").read_bytes(),
    }


def _positions(sorted_hashes: U32, hashes: U32, bits: int = 14) -> U32:
    """``np.searchsorted(sorted_hashes, hashes)`` for hashes that are all in ``sorted_hashes``, without a
    binary search per hash: each starts at its bucket (the hash's first ``32 - bits`` bits) and steps on."""
    buckets = np.arange(1 << (32 - bits), dtype=np.uint64) << np.uint64(bits)
    starts = np.searchsorted(sorted_hashes, buckets).astype(np.uint32)
    positions: U32 = starts[hashes >> bits]
    padded = np.append(sorted_hashes, np.uint32(0xFFFFFFFF))
    behind = np.flatnonzero(padded[positions] < hashes)
    while len(behind):
        positions[behind] += 1
        behind = behind[padded[positions[behind]] < hashes[behind]]
    return positions


def _delete_positions(
    delete_hash: U32, token_of: U32, token_hash: U32, token_at: Callable[[int], str]
) -> tuple[U32, U32]:
    """Point each deletion at the position of its token (stored as the token's hash).

    Two tokens with one CRC-32 (a few among 150,000) cannot be told apart by the hash: their
    deletions are made again from the tokens themselves.
    """
    positions = _positions(token_hash, token_of)
    repeated = np.unique(token_hash[1:][token_hash[1:] == token_hash[:-1]])
    if len(repeated) == 0:
        return delete_hash, positions
    made: dict[int, list[int]] = {}  # deletion hash -> the positions of the tokens with that deletion
    for h in repeated.tolist():
        first = int(np.searchsorted(token_hash, h))
        for position in range(first, int(np.searchsorted(token_hash, h, side="right"))):
            token = token_at(position)
            for deletion in {crc(token[:i] + token[i + 1 :]) for i in range(len(token))}:
                made.setdefault(deletion, []).append(position)
    # the stored entries of those tokens (one per deletion hash and token hash) take one position each
    for entry in np.flatnonzero(np.isin(token_of, repeated)).tolist():
        positions[entry] = made[int(delete_hash[entry])].pop()
    extra = sorted((h, position) for h, left in made.items() for position in left)
    if not extra:
        return delete_hash, positions
    # two tokens of one hash with one deletion too (rarer still): entries of their own
    where = np.searchsorted(delete_hash, np.array([h for h, _ in extra], dtype=np.uint32), side="right")
    return (
        np.insert(delete_hash, where, [h for h, _ in extra]).astype(np.uint32),
        np.insert(positions, where, [p for _, p in extra]).astype(np.uint32),
    )
