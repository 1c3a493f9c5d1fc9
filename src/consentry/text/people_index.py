"""The compiled people index: loaded in a fraction of a second, looked up by hash.

The index is a folder (``text/data/people_index/``, written by ``consentry people build``) of sorted
text files and uint32 arrays laid out so that git stores a rebuild as a small delta; its layout is
documented in ``people_store``, which reads it into the flat arrays looked up here, so that looking
up costs no per-record Python work:

=================  ===========================================================================
``meta``           UTF-8 JSON: format, inputs, counts
``person_blob``    UTF-8 records ``id\\tname\\ttier\\tpopularity\\tsources\\texternal_ids\\tgroups``
``person_off``     uint32 offsets of each record in ``person_blob`` (n + 1)
``person_ids``     the id of each person (alias records name people by id)
``alias_hash``     uint32 CRC-32 of each alias key (the normalized tokens joined without spaces), sorted
``alias_off``      uint32 offsets into ``alias_blob`` (n + 1), in ``alias_hash`` order
``alias_blob``     UTF-8 records ``key\\tperson id,kind,ambiguity,spaced tokens;...``
``token_hash``     uint32 CRC-32 of each name token used for typo matching, sorted (tokens of four letters
                   or more, and a short token joined to its neighbour: ``mcadams``, ``peipei``)
``token_off``      uint32 offsets into ``token_blob`` (n + 1), in ``token_hash`` order
``token_blob``     UTF-8 name tokens
``delete_hash``    uint32 CRC-32 of each one-letter deletion of those tokens, sorted
``delete_token``   uint32 index (in ``token_hash`` order) of the token each deletion came from
``pair_sides``     uint64 ``crc(left) << 32 | crc(right)`` of each pair of neighbouring alias tokens (``taylor``
                   ``swift``), sorted: typo readings of neighbouring words are combined only where some name
                   has that pair
``words``          UTF-8 ordinary English words, whitespace-separated (ambiguity control at run time)
``frequent``       UTF-8 the 100,000 most frequent English words (names included), whitespace-separated
``characters``     UTF-8 fictional character names (normalized keys), whitespace-separated
=================  ===========================================================================

A hash hit is always confirmed against the stored key, so CRC-32 collisions cost nothing but
time. The kinds and ambiguity grades are documented in docs/detectors/person.md.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ABSENT_CACHE_SIZE = 200_000  # keys known not to be in the compiled file, kept
PARTNER_CACHE_SIZE = 50_000  # tokens whose partners in names are kept (``right_of``, ``left_of``)
DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "people_index"

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One alias of one person under a lookup key."""

    person: int
    kind: str  # one letter, see KIND_NAMES
    ambiguity: str  # d distinct, w ordinary words, g common given name, c fictional character
    tokens: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: str
    name: str
    tier: str
    popularity: float
    sources: tuple[str, ...]
    external_ids: tuple[str, ...]
    groups: tuple[str, ...]  # normalized keys of K-pop groups


KIND_NAMES = {
    "F": "full",
    "S": "short",
    "R": "reversed",
    "I": "initial",
    "N": "nickname",
    "E": "spanish",
    "A": "alias",
    "H": "handle",
    "G": "stage_group",
    "T": "stage",
    "K": "script",
    "L": "script_stage",
    "M": "mononym",
    "C": "character",
}


def key_hash(key: str) -> int:
    return zlib.crc32(key.encode("utf-8"))


def _parse_entries(cells: str, numbers: dict[str, int]) -> tuple[AliasEntry, ...]:
    out = []
    for cell in cells.split(";"):
        person, kind, ambiguity, spaced = cell.split(",", 3)
        out.append(AliasEntry(numbers[person], kind, ambiguity, tuple(spaced.split(" "))))
    return tuple(out)


def _swapped(pairs: U64) -> U64:
    """``pairs`` (``first << 32 | second``) with the halves swapped, sorted."""
    return np.sort((pairs << np.uint64(32)) | (pairs >> np.uint64(32)))


_LOW = np.uint64(0xFFFFFFFF)


def _partners(pairs: U64, code: int) -> frozenset[int]:
    """The second halves of the pairs of ``pairs`` (sorted ``first << 32 | second``) whose first is ``code``."""
    low = np.uint64(code << 32)
    lo = int(np.searchsorted(pairs, low, side="left"))
    hi = int(np.searchsorted(pairs, low | _LOW, side="right"))
    return frozenset((pairs[lo:hi] & _LOW).tolist())


class PeopleIndex:
    """Looks up alias keys and name tokens; reads person records on demand."""

    def __init__(self, arrays: dict[str, Any]) -> None:
        self.meta: dict[str, Any] = json.loads(bytes(arrays["meta"]).decode("utf-8"))
        self._person_blob: bytes | bytearray = arrays["person_blob"]  # as read (no copy)
        self._person_off: U32 = arrays["person_off"]
        self._person_numbers: dict[str, int] = {pid: n for n, pid in enumerate(arrays["person_ids"])}
        self._alias_hash: U32 = arrays["alias_hash"]
        self._alias_off: U32 = arrays["alias_off"]
        self._alias_blob: bytes | bytearray = arrays["alias_blob"]  # as read (no copy)
        self._token_hash: U32 = arrays["token_hash"]
        self._token_off: U32 = arrays["token_off"]
        self._token_blob: bytes | bytearray = arrays["token_blob"]  # as read (no copy)
        self._delete_hash: U32 = arrays["delete_hash"]
        self._delete_token: U32 = arrays["delete_token"]
        self.words: frozenset[str] = frozenset(bytes(arrays["words"]).decode("utf-8").split())
        self.frequent: frozenset[str] = frozenset(bytes(arrays["frequent"]).decode("utf-8").split())
        self.characters: frozenset[str] = frozenset(bytes(arrays["characters"]).decode("utf-8").split())
        self._entries_cache: dict[str, tuple[AliasEntry, ...]] = {}
        # keys and tokens asked before: most of a site's prompt words come back (answers are final
        # until ``extend``)
        self._absent: set[str] = set()
        self._tokens_known: dict[str, bool] = {}
        self._near_cache: dict[tuple[str, int], tuple[tuple[str, int], ...]] = {}
        self._base_people = len(self._person_off) - 1
        # the tables added after the build (``extend``): small, read from text files at load
        self._extra_people: list[PersonRecord] = []
        self._extra_aliases: dict[str, tuple[AliasEntry, ...]] = {}
        self._extra_tokens: set[str] = set()
        self._extra_deletes: dict[str, set[str]] = {}  # a token and its one-letter deletions -> tokens
        # for the matcher's candidate generation: the name tokens as a set, and the pairs of
        # neighbouring alias tokens by either side (``right_of``, ``left_of``; stored by the left
        # token, sorted by the right one here)
        offsets = self._token_off.tolist()
        blob = self._token_blob
        # the name tokens in ``token_hash`` order (the deletions point at them), and as a set
        self._tokens: list[str] = [blob[a:b].decode("utf-8") for a, b in pairwise(offsets)]
        self._token_set: frozenset[str] = frozenset(self._tokens)
        self._pairs_by_left: U64 = arrays["pair_sides"]
        self._pairs_by_right: U64 = _swapped(self._pairs_by_left)
        self._extra_by_left: dict[int, set[int]] = {}
        self._extra_by_right: dict[int, set[int]] = {}
        self._right_cache: dict[int, frozenset[int]] = {}
        self._left_cache: dict[int, frozenset[int]] = {}

    @classmethod
    def load(cls, path: str | Path | None = None) -> PeopleIndex:
        """Read an index folder (default: the bundled index)."""
        from consentry.text import people_store

        return cls(people_store.read(Path(path) if path is not None else DEFAULT_PATH))

    def __len__(self) -> int:
        return self._base_people + len(self._extra_people)

    def stored_people(self) -> int:
        """How many people the compiled file holds (those of ``extend`` come after them)."""
        return self._base_people

    def extend(self, people: Sequence[PersonRecord], aliases: Iterable[tuple[str, AliasEntry]]) -> list[int]:
        """Add people and aliases from tables kept beside the compiled file (``people_tables``).

        ``people`` get the numbers returned (in order); an alias's ``person`` is any person's
        number, of the compiled file or added here. The aliases' tokens join the typo readings
        and the pairs of neighbouring tokens, as those of the compiled file do.
        """
        first = len(self)
        self._extra_people.extend(people)
        merged: dict[str, list[AliasEntry]] = {k: list(v) for k, v in self._extra_aliases.items()}
        for key, entry in aliases:
            bucket = merged.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)
            tokens = entry.tokens
            if entry.kind not in ("K", "L"):
                self._extra_tokens.update(t for t in tokens if len(t) >= 4 and t.isalpha())
                self._extra_tokens.update(
                    a + b for a, b in pairwise(tokens) if 2 <= min(len(a), len(b)) < 4 and len(a + b) >= 5
                )
            for a, b in pairwise(tokens):
                left, right = key_hash(a), key_hash(b)
                self._extra_by_left.setdefault(left, set()).add(right)
                self._extra_by_right.setdefault(right, set()).add(left)
        self._extra_aliases = {k: tuple(v) for k, v in merged.items()}
        for token in self._extra_tokens:
            for variant in {token} | {token[:i] + token[i + 1 :] for i in range(len(token))}:
                self._extra_deletes.setdefault(variant, set()).add(token)
        self._entries_cache.clear()
        self._absent.clear()
        self._tokens_known.clear()
        self._near_cache.clear()
        self._right_cache.clear()
        self._left_cache.clear()
        return list(range(first, first + len(people)))

    # --- aliases ----------------------------------------------------------------------------------------

    def lookup(self, keys: Sequence[str]) -> dict[str, tuple[AliasEntry, ...]]:
        """The entries of every key that is in the index (one vectorized search for all keys)."""
        found: dict[str, tuple[AliasEntry, ...]] = {}
        all_keys = keys
        cached, absent = self._entries_cache, self._absent
        keys = []
        for key in all_keys:
            entries = cached.get(key)
            if entries is not None:
                found[key] = entries
            elif key not in absent:
                keys.append(key)
        if len(absent) >= ABSENT_CACHE_SIZE:
            absent.clear()
        if keys:
            crc = zlib.crc32
            hashes = np.fromiter((crc(k.encode("utf-8")) for k in keys), dtype=np.uint32, count=len(keys))
            size = len(self._alias_hash)
            positions = np.searchsorted(self._alias_hash, hashes)
            positions[positions >= size] = 0
            hit = self._alias_hash[positions] == hashes
            for key, h in zip(keys, hit.tolist(), strict=True):
                if not h:
                    absent.add(key)  # not in the compiled file (asked again, it is not searched)
            for k in np.flatnonzero(hit).tolist():
                key = keys[k]
                entries = self._stored_entries(key, int(hashes[k]), int(positions[k]))
                if entries is None:
                    absent.add(key)  # not in the compiled file (asked again, it is not searched)
                else:
                    found[key] = entries
        if self._extra_aliases:
            for key in all_keys:
                extra = self._extra_aliases.get(key)
                if extra is not None:
                    found[key] = found.get(key, ()) + extra
        return found

    def _stored_entries(self, key: str, code: int, first: int) -> tuple[AliasEntry, ...] | None:
        """The entries of ``key`` in the compiled file, whose hash ``code`` is at ``first`` of ``alias_hash``."""
        pos, size = first, len(self._alias_hash)
        while pos < size and int(self._alias_hash[pos]) == code:
            record = self._alias_blob[self._alias_off[pos] : self._alias_off[pos + 1]].decode("utf-8")
            stored, _, cells = record.partition("\t")
            if stored == key:
                entries = self._entries_cache.get(key)
                if entries is None:
                    entries = _parse_entries(cells, self._person_numbers)
                    if len(self._entries_cache) < 100_000:
                        self._entries_cache[key] = entries
                return entries
            pos += 1
        return None

    # --- name tokens (typo matching) ---------------------------------------------------------------------

    def has_pairs(self, pairs: Sequence[str]) -> list[bool]:
        """Whether some name has each pair of neighbouring tokens (``"taylor swift"``); may err towards yes
        (two tokens of one CRC-32)."""
        out = []
        for pair in pairs:
            left, _, right = pair.partition(" ")
            out.append(key_hash(right) in self.right_of(key_hash(left)))
        return out

    def right_of(self, code: int) -> frozenset[int]:
        """``key_hash`` of every token that follows the token of hash ``code`` in some name
        (``right_of(key_hash("taylor"))`` holds ``key_hash("swift")``): the pairs ``has_pairs``
        knows, looked up by their left token. May err towards yes, as ``has_pairs`` does."""
        found = self._right_cache.get(code)
        if found is None:
            found = _partners(self._pairs_by_left, code)
            extra = self._extra_by_left.get(code)
            if extra:
                found |= extra
            if len(self._right_cache) >= PARTNER_CACHE_SIZE:
                self._right_cache.clear()
            self._right_cache[code] = found
        return found

    def left_of(self, code: int) -> frozenset[int]:
        """``key_hash`` of every token that comes before the token of hash ``code`` in some name."""
        found = self._left_cache.get(code)
        if found is None:
            found = _partners(self._pairs_by_right, code)
            extra = self._extra_by_right.get(code)
            if extra:
                found |= extra
            if len(self._left_cache) >= PARTNER_CACHE_SIZE:
                self._left_cache.clear()
            self._left_cache[code] = found
        return found

    def is_token(self, token: str) -> bool:
        """Whether ``token`` is a name token of the typo readings (``has_tokens`` for one token)."""
        return token in self._token_set or token in self._extra_tokens

    def has_tokens(self, tokens: Sequence[str]) -> list[bool]:
        known, extra = self._token_set, self._extra_tokens
        return [token in known or token in extra for token in tokens]

    def near_tokens(self, token: str, max_distance: int) -> tuple[str, ...]:
        """Name tokens within ``max_distance`` edits (Damerau) of ``token``, via one-letter deletions."""
        return tuple(name for name, _ in self.near_distances(token, max_distance))

    def near_distances(self, token: str, max_distance: int) -> tuple[tuple[str, int], ...]:
        """``near_tokens`` with each token's distance (1, or 2 where not one edit away)."""
        key = (token, max_distance)
        cached = self._near_cache.get(key)
        if cached is None:
            cached = self._near_tokens(token, max_distance)
            if len(self._near_cache) >= 50_000:
                self._near_cache.clear()
            self._near_cache[key] = cached
        return cached

    def _near_tokens(self, token: str, max_distance: int) -> tuple[tuple[str, int], ...]:
        variants = {token} | {token[:i] + token[i + 1 :] for i in range(len(token))}
        # a deletion of the token (or the token) is a name token
        names = {v for v in variants if v in self._token_set}
        # the token itself or one of its deletions equals a deletion of a name token
        crc = zlib.crc32
        hashes = np.fromiter((crc(v.encode("utf-8")) for v in variants), dtype=np.uint32, count=len(variants))
        deletes = self._delete_hash
        lo = np.searchsorted(deletes, hashes)
        hi = np.searchsorted(deletes, hashes, side="right")
        positions: set[int] = set()
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):  # the entries of each hash found
            if a < b:
                positions.update(self._delete_token[a:b].tolist())
        tokens = self._tokens
        names.update(tokens[position] for position in positions)
        out: dict[str, int] = {}
        for name in names:
            if name == token or abs(len(name) - len(token)) > max_distance:
                continue
            if within_one(token, name):
                out[name] = 1
            elif max_distance > 1 and damerau(token, name, max_distance) <= max_distance:
                out[name] = 2
        extra: set[str] = set()
        for variant in variants:
            extra.update(self._extra_deletes.get(variant, ()))
        for name in sorted(extra):
            if name == token or name in out or abs(len(name) - len(token)) > max_distance:
                continue
            if within_one(token, name):
                out[name] = 1
            elif max_distance > 1 and damerau(token, name, max_distance) <= max_distance:
                out[name] = 2
        return tuple(sorted(out.items()))

    # --- people --------------------------------------------------------------------------------------------

    def person(self, index: int) -> PersonRecord:
        if index >= self._base_people:
            return self._extra_people[index - self._base_people]
        return self._stored_person(index)

    @lru_cache(maxsize=4096)  # noqa: B019 - the index lives as long as the process
    def _stored_person(self, index: int) -> PersonRecord:
        record = self._person_blob[self._person_off[index] : self._person_off[index + 1]].decode("utf-8")
        pid, name, tier, popularity, sources, external, groups = record.split("\t")
        return PersonRecord(
            id=pid,
            name=name,
            tier=tier,
            popularity=float(popularity),
            sources=tuple(s for s in sources.split(",") if s),
            external_ids=tuple(s for s in external.split(",") if s),
            groups=tuple(g for g in groups.split("|") if g),
        )


def within_one(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one edit apart (insert, delete, substitute, swap neighbours)."""
    if len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:  # the first difference: one letter replaced, or two neighbours swapped
                if a[i + 1 :] == b[i + 1 :]:
                    return True
                return a[i + 2 :] == b[i + 2 :] and x == b[i + 1 : i + 2] and a[i + 1 : i + 2] == y
        return False
    if abs(len(a) - len(b)) != 1:
        return False
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    for i, (x, y) in enumerate(zip(shorter, longer, strict=False)):
        if x != y:
            return longer[i + 1 :] == shorter[i:]
    return True


def damerau(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment edit distance (insert, delete, substitute, swap neighbours)."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
