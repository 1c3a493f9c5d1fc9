"""The PDQ hash index: multi-index search agrees with the linear scan; hash-list files parse."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consentry.errors import InputError
from consentry.gallery.hash_index import HashIndex, hamming, hex_to_words, popcount, words_to_hex
from consentry.gallery.hash_list_file import import_hash_list, parse_hash_list
from consentry.gallery.store import HashEntry, MemoryGalleryStore

RNG = np.random.default_rng(7)


def _random_hashes(n: int) -> list[str]:
    raw = RNG.integers(0, 256, size=(n, 32), dtype=np.uint8)
    return [row.tobytes().hex() for row in raw]


def _flip(hash_hex: str, bits: list[int]) -> str:
    words = hex_to_words(hash_hex).copy()
    for bit in bits:
        words[bit // 64] ^= np.uint64(1) << np.uint64(63 - bit % 64)
    return words_to_hex(words)


HASHES = _random_hashes(3000)
INDEX = HashIndex.build([HashEntry("list-a", h, f"item-{i}") for i, h in enumerate(HASHES)])


@pytest.mark.parametrize(
    ("flipped", "found"),
    [(0, True), (1, True), (16, True), (30, True), (31, True), (32, False), (60, False)],
)
def test_search_finds_hashes_within_31_bits_and_not_beyond(flipped: int, found: bool) -> None:
    query = _flip(HASHES[42], list(range(0, 256, 256 // max(flipped, 1)))[:flipped] if flipped else [])
    assert hamming(query, HASHES[42]) == flipped
    hits = INDEX.search(query)
    assert (hits[:1] and hits[0].item_id == "item-42" and hits[0].distance == flipped) or not found
    assert bool(hits) is found


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 255), max_size=40, unique=True), st.integers(0, len(HASHES) - 1))
def test_multi_index_search_returns_exactly_what_the_scan_returns(bits: list[int], row: int) -> None:
    query = _flip(HASHES[row], bits)
    assert INDEX.search(query, method="mih", limit=50) == INDEX.search(query, method="scan", limit=50)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.integers(0, 255), max_size=40, unique=True), st.integers(0, len(HASHES) - 1)),
        min_size=1,
        max_size=14,
    ),
    st.sampled_from([8, 20, 31, 40]),
)
def test_searching_many_hashes_at_once_finds_the_nearest_distance_to_any(
    queries: list[tuple[list[int], int]], radius: int
) -> None:
    hashes = [_flip(HASHES[row], bits) for bits, row in queries]
    rows, distances = INDEX.search_many(hashes, radius=radius)
    expected: dict[int, int] = {}
    for h in hashes:
        d = INDEX.distances(hex_to_words(h))
        for row in np.flatnonzero(d <= radius).tolist():
            expected[row] = min(int(d[row]), expected.get(row, 999))
    assert dict(zip(rows.tolist(), distances.tolist(), strict=True)) == expected
    assert distances.tolist() == sorted(distances.tolist())


def test_searching_many_in_an_empty_index_or_for_nothing_finds_nothing() -> None:
    assert [len(a) for a in HashIndex().search_many(HASHES[:2])] == [0, 0]
    assert [len(a) for a in INDEX.search_many([])] == [0, 0]


def test_radius_beyond_31_falls_back_to_the_scan() -> None:
    query = _flip(HASHES[3], list(range(40)))
    assert INDEX.search(query, radius=45)[0].distance == 40
    with pytest.raises(ValueError, match="exact up to radius 31"):
        INDEX.search(query, radius=45, method="mih")


def test_popcount_matches_python() -> None:
    words = RNG.integers(0, 2**63, size=(50, 4), dtype=np.uint64)
    assert popcount(words).astype(int).tolist() == [[bin(int(w)).count("1") for w in row] for row in words]


def test_empty_index_finds_nothing() -> None:
    assert HashIndex.build([]).search(HASHES[0]) == []


@pytest.mark.parametrize("bad", ["", "abc", "g" * 64, "a" * 63, "a" * 65])
def test_malformed_hash_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="64 hex digits"):
        hex_to_words(bad)


H1, H2 = "a" * 64, "0123456789abcdef" * 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{H1}\n{H2}\n", [(H1, ""), (H2, "")]),
        (f"# a comment\n\n{H1.upper()}\n", [(H1, "")]),
        (f"{H1},case-1\n{H2},case-2\n", [(H1, "case-1"), (H2, "case-2")]),
        (f"case-1,{H1}\n", [(H1, "case-1")]),
        (f"id,hash\nc1,{H1}\nc2,{H2}\n", [(H1, "c1"), (H2, "c2")]),
        (f"pdq,quality,content_id\n{H1},100,x9\n", [(H1, "x9")]),
        ("", []),
    ],
    ids=["plain lines", "comments and upper case", "hash,id", "id,hash", "header id,hash", "header pdq", "empty"],
)
def test_hash_list_file_forms_parse(text: str, expected: list[tuple[str, str]]) -> None:
    assert parse_hash_list(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"{H1}\nnot-a-hash\n", "list.csv:2: 'not-a-hash' is not a 64-digit PDQ hash"),
        ("name,score\nx,1\n", "list.csv:1: neither a PDQ hash nor a header"),
        (f"hash\n{H1}\n{H1[:-1]}\n", "list.csv:3:"),
    ],
)
def test_hash_list_file_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_hash_list(text, "list.csv")


def test_import_appends_to_a_list_by_name_and_refuses_a_bad_file_whole() -> None:
    store = MemoryGalleryStore()
    first, added = import_hash_list(store, "partner", f"{H1},a\n")
    again, added_again = import_hash_list(store, "partner", f"{H2},b\n")
    assert (added, added_again) == (1, 1)
    assert first.id == again.id and store.count_hashes(first.id) == 2
    with pytest.raises(InputError, match=r"new\.txt:2"):
        import_hash_list(store, "partner", f"{H1}\nbad\n", "new.txt")
    assert store.count_hashes(first.id) == 2
