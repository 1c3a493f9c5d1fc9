"""Fast paths of the prompt gate give the same answers as the plain computations they replace."""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consentry.text.normalize import normalize
from consentry.text.people_index import PeopleIndex, key_hash

TOKENS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéñ", min_size=1, max_size=12)


@pytest.fixture(scope="module")
def index() -> PeopleIndex:
    return PeopleIndex.load()


@given(TOKENS, TOKENS)
def test_pair_hash_computed_on_from_the_left_token_is_the_key_hash_of_the_pair(left: str, right: str) -> None:
    # the matcher hashes "left right" as crc32(right, crc32("left ")): the index's key_hash of the pair
    assert zlib.crc32(right.encode(), zlib.crc32(f"{left} ".encode())) == key_hash(f"{left} {right}")


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(TOKENS, TOKENS), max_size=40))
def test_pair_hits_are_the_pairs_has_pairs_answers_yes_for(index: PeopleIndex, pairs: list[tuple[str, str]]) -> None:
    known = ["taylor swift", "emma watson", "swift taylor", "jennifer lawrence"]
    texts = [f"{a} {b}" for a, b in pairs] + known
    expected = [k for k, hit in enumerate(index.has_pairs(texts)) if hit]
    assert index.pair_hits([key_hash(t) for t in texts]) == expected
    assert set(range(len(pairs), len(texts))) <= set(expected)  # real names' pairs are found


def test_pair_hits_of_nothing_is_nothing(index: PeopleIndex) -> None:
    assert index.pair_hits([]) == []


@given(st.text(max_size=80), st.data())
def test_to_original_is_the_first_start_and_the_last_end_of_the_range(text: str, data: st.DataObject) -> None:
    n = normalize(text)
    if not n.text:
        return
    start = data.draw(st.integers(0, len(n.text) - 1))
    end = data.draw(st.integers(start + 1, len(n.text)))
    assert n.to_original(start, end) == (n.starts[start], max(n.ends[i] for i in range(start, end)))
