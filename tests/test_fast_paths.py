"""Fast paths of the prompt gate give the same answers as the plain computations they replace."""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given
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


@given(st.text(max_size=80), st.data())
def test_to_original_is_the_first_start_and_the_last_end_of_the_range(text: str, data: st.DataObject) -> None:
    n = normalize(text)
    if not n.text:
        return
    start = data.draw(st.integers(0, len(n.text) - 1))
    end = data.draw(st.integers(start + 1, len(n.text)))
    assert n.to_original(start, end) == (n.starts[start], max(n.ends[i] for i in range(start, end)))


PROMPTISH = st.text(alphabet=st.sampled_from(list("aBz _-,()[]{}<>\\|:.1é\u200bAND BREAK")), max_size=60)


def _syntax_mask_reference(text: str) -> tuple[list[int], list[int]]:
    """The syntax mask as it was written first: every character visited."""
    from consentry.text import normalize as module

    kind, bits = [0] * len(text), [0] * len(text)

    def mark(start: int, end: int, value: int, step: int) -> None:
        for i in range(start, end):
            kind[i] = max(kind[i], value)
            bits[i] |= step

    for m in module._LORA.finditer(text):
        mark(m.start(), m.start(1), 2, module.LORA)
        mark(m.end(1), m.end(), 2, module.LORA)
    for m in module._EMBEDDING.finditer(text):
        mark(m.start(), m.end(), 1, module.SYNTAX)
    for m in module._WEIGHT.finditer(text):
        mark(m.start(), m.end(), 2, module.SYNTAX)
    for m in module._NOVELAI.finditer(text):
        mark(m.start(), m.end(), 2, module.SYNTAX)
    for i, char in enumerate(text):
        if char in module._SYNTAX_CHARS and kind[i] == 0:
            kind[i] = 2 if char in "[]{}<>" else 1
            bits[i] |= module.SYNTAX
        elif char == "_" and (text.startswith("__", i) or (i > 0 and text[i - 1] == "_")):
            kind[i] = 1
            bits[i] |= module.SYNTAX
    return kind, bits


@given(PROMPTISH)
def test_syntax_mask_visits_only_syntax_characters_and_agrees_with_the_full_scan(text: str) -> None:
    from consentry.text.normalize import _syntax_mask

    assert _syntax_mask(text) == _syntax_mask_reference(text)


@given(st.lists(st.tuples(st.sampled_from(list("ab ,")), st.integers(0, 30), st.integers(0, 3)), max_size=40))
def test_separator_positions_agree_with_a_scan_of_every_character(items: list[tuple[str, int, int]]) -> None:
    from consentry.text.normalize import _Out, _separator_positions

    chars = [c for c, _, _ in items]
    starts = [s for _, s, _ in items]
    ends = [s + (0 if c in " ," and d == 0 else d) for c, s, d in items]
    fstarts, fends, length = list(range(0, 40, 2)), list(range(1, 41, 2)), 40
    out = _Out(chars, starts, ends, [0] * len(chars))
    expected_starts, expected_ends = list(starts), list(ends)
    for i, char in enumerate(chars):
        if char in (" ", ",") and starts[i] == ends[i]:
            original = fstarts[starts[i]] if starts[i] < len(fstarts) else length
            expected_starts[i] = original
            expected_ends[i] = min(length, original + 1) if original < length else length
    assert _separator_positions(out, fstarts, fends, length) == (expected_starts, expected_ends)


def test_people_matcher_answers_a_text_seen_before_as_the_first_time(index: PeopleIndex) -> None:
    from consentry.text.person import PeopleMatcher

    matcher = PeopleMatcher(index)
    texts = ["Taylor Swift on a beach", "lowres, bad hands, Emma Watson", "a cat on a sofa", "t4yl0r sw1ft, nude"]
    first = [matcher.find(t) for t in texts]
    fresh = PeopleMatcher(index)
    assert first == [fresh.find(t) for t in texts]
    assert first == [matcher.find(t) for t in texts]  # the second time from the cache
    assert [m.subject for m in first[0]] and not first[2]


def test_people_matcher_forgets_its_answers_when_protected_people_change(index: PeopleIndex) -> None:
    from consentry.gallery.store import Identity
    from consentry.text.person import PeopleMatcher

    matcher = PeopleMatcher(index)
    text = "Zofia Wrzesniewska-Kowal in a red dress"
    assert not [m for m in matcher.find(text) if m.kind == "person.protected"]
    matcher.set_protected([Identity(id="p1", name="Zofia Wrzesniewska-Kowal")])
    assert [m.subject for m in matcher.find(text) if m.kind == "person.protected"] == ["p1"]
    matcher.set_protected([])
    assert not [m for m in matcher.find(text) if m.kind == "person.protected"]


def test_lookup_answers_a_key_asked_before_as_the_first_time_and_extend_forgets_the_misses() -> None:
    from consentry.text.people_index import AliasEntry, PersonRecord

    fresh = PeopleIndex.load()
    keys = ["taylorswift", "zzqxwvnotaname", "emmawatson", "bestquality"]
    first = fresh.lookup(keys)
    assert set(first) == {"taylorswift", "emmawatson"}
    assert fresh.lookup(keys) == first == PeopleIndex.load().lookup(keys)
    # a key that was missing is found once a table adds it
    record = PersonRecord("test-zz", "Zz Qxwv", "tail", 0.0, ("test",), (), ())
    (number,) = fresh.extend([record], ())
    fresh.extend((), [("zzqxwvnotaname", AliasEntry(number, "F", "d", ("zzqxwv", "notaname")))])
    assert [e.person for e in fresh.lookup(keys)["zzqxwvnotaname"]] == [number]
