"""The people matcher's candidate generation: pairs of name tokens looked up by either side, the
name tokens as a set, and the typo readings kept beside a neighbour's reading, each held to the
plain computation it replaces."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consentry.gallery.store import Identity
from consentry.text.normalize import Normalized, normalize
from consentry.text.people_index import AliasEntry, PeopleIndex, damerau, key_hash, within_one
from consentry.text.person import PeopleMatcher, _Reading, _title, _Word, _words


@pytest.fixture(scope="module")
def index() -> PeopleIndex:
    return PeopleIndex.load()


@pytest.fixture(scope="module")
def matcher(index: PeopleIndex) -> PeopleMatcher:
    return PeopleMatcher(index)


def _alias_pairs(index: PeopleIndex, count: int, seed: int) -> list[tuple[str, str]]:
    """Neighbouring tokens of aliases drawn from the compiled file."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    while len(out) < count:
        position = rng.randrange(len(index._alias_off) - 1)
        record = index._alias_blob[index._alias_off[position] : index._alias_off[position + 1]].decode("utf-8")
        _key, _, cells = record.partition("\t")
        tokens = cells.split(";")[0].split(",", 3)[3].split(" ")
        if len(tokens) >= 2:
            k = rng.randrange(len(tokens) - 1)
            out.append((tokens[k], tokens[k + 1]))
    return out


def test_every_pair_of_neighbouring_alias_tokens_is_found_from_either_side(index: PeopleIndex) -> None:
    pairs = [*_alias_pairs(index, 300, seed=1), ("taylor", "swift"), ("emma", "watson"), ("swift", "taylor")]
    for left, right in pairs:
        assert key_hash(right) in index.right_of(key_hash(left)), (left, right)
        assert key_hash(left) in index.left_of(key_hash(right)), (left, right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("le", "bron"),  # "le bron james": a pair as written
        ("lebron", "james"),  # the first two tokens joined, as a prompt may write them
        ("scarlett", "johansson"),
    ],
)
def test_pairs_with_two_tokens_joined_are_found_as_the_compiled_pairs_have_them(
    index: PeopleIndex, left: str, right: str
) -> None:
    assert index.has_pairs([f"{left} {right}"]) == [True]
    assert key_hash(right) in index.right_of(key_hash(left))


def test_pairs_found_by_side_are_the_pairs_has_pairs_answers_yes_for(index: PeopleIndex) -> None:
    rng = random.Random(7)
    tokens = [t for pair in _alias_pairs(index, 200, seed=2) for t in pair]
    shuffled = [(rng.choice(tokens), rng.choice(tokens)) for _ in range(400)]
    pairs = [*_alias_pairs(index, 100, seed=3), *shuffled]
    by_side = [key_hash(b) in index.right_of(key_hash(a)) for a, b in pairs]
    assert by_side == index.has_pairs([f"{a} {b}" for a, b in pairs])
    assert any(by_side) and not all(by_side)  # both answers occur in the sample


def test_the_pairs_by_the_right_token_are_those_by_the_left_with_the_sides_swapped(index: PeopleIndex) -> None:
    by_left = index._pairs_by_left.tolist()
    assert by_left == sorted(set(by_left))  # stored sorted, once each
    swapped = sorted((p & 0xFFFFFFFF) << 32 | p >> 32 for p in by_left)
    assert index._pairs_by_right.tolist() == swapped


def test_pairs_of_the_tables_beside_the_index_are_found_by_side() -> None:
    from consentry.text import people_tables

    extended = PeopleIndex.load()
    before = extended.right_of(key_hash("zzyzx"))
    extended.extend([], [("zzyzxqwvq", _entry("zzyzx", "qwvq"))])
    assert key_hash("qwvq") not in before
    assert key_hash("qwvq") in extended.right_of(key_hash("zzyzx"))  # the cache is emptied by extend
    assert key_hash("zzyzx") in extended.left_of(key_hash("qwvq"))
    people_tables.load(extended, None)
    assert extended._extra_by_left  # the bundled tables add names, and their pairs


def _entry(*tokens: str) -> AliasEntry:
    return AliasEntry(person=0, kind="F", ambiguity="d", tokens=tokens)


@pytest.mark.parametrize("token", ["taylor", "swift", "ortega", "zzzz", "a", "", "johansson", "portrait"])
def test_is_token_is_has_tokens_for_one_token(index: PeopleIndex, token: str) -> None:
    assert index.is_token(token) == index.has_tokens([token])[0] == (token in _stored_tokens(index))


def _stored_tokens(index: PeopleIndex) -> set[str]:
    offsets = index._token_off.tolist()
    return {index._token_blob[a:b].decode("utf-8") for a, b in itertools.pairwise(offsets)}


def _paired_by_brute_force(
    matcher: PeopleMatcher, words: list[_Word], readings: list[list[_Reading]]
) -> tuple[set[tuple[int, int]], set[tuple[str, str]]]:
    """Every reading beside every reading of the next word, asked of ``has_pairs`` one by one."""
    ordinary = matcher.index.words
    paired: set[tuple[int, int]] = set()
    pairs: set[tuple[str, str]] = set()
    protected = matcher._protected
    for i, options in enumerate(readings):
        for x, left in enumerate(options):
            j = i + left.width
            if j >= len(words) or words[j].segment != words[i].segment:
                continue
            both_words = left.edits > 0 and words[i].text in ordinary and words[j].text in ordinary
            for y, right in enumerate(readings[j]):
                if not (left.reading or right.reading) or (both_words and right.edits > 0):
                    continue
                hit = matcher.index.has_pairs([f"{left.token} {right.token}"])[0] or key_hash(
                    right.token
                ) in protected.right_of.get(key_hash(left.token), set())
                if hit:
                    paired.update([(i, x), (j, y)])
                    pairs.add((left.token, right.token))
    return paired, pairs


PROMPTS = [
    "Rchel Mcaadams on a red carpet",  # a typo in both words
    "portrait of Scarlet Johanson, artstation, highres, by greg rutkowski",
    "Lebron Jmaes dunking, 8k",
    "a photo of Jenifer Lawrense and Emma Watsn at the beach",
    "Tay lor Swfit singing, (masterpiece:1.2), best quality",
    "Bran Adamms, Digital Painting, trending on artstation",
    "T4yl0r Sw1ft in a garden",
    "Kristen Stwart walking a dog in the park",
    # three tokens: the middle and last pair only one way (the reversed alias puts the surname first)
    "Sarah Jesica Parkr in a red dress",
    "Philip Seymor Hofman reading",
    "Catherine Zeta Jnes, oil painting",
]


@pytest.mark.parametrize("prompt", PROMPTS)
def test_readings_kept_are_those_some_name_pairs_with_a_neighbour(matcher: PeopleMatcher, prompt: str) -> None:
    n = normalize(prompt)
    words = _words(n)
    everything = _all_readings(matcher, n, words)
    kept, pairs = matcher._keep_paired(words, everything)
    paired, expected_pairs = _paired_by_brute_force(matcher, words, everything)
    assert pairs == expected_pairs
    for i, options in enumerate(everything):
        assert set(kept[i]) >= {r for x, r in enumerate(options) if r.edits == 0 or (i, x) in paired}
        for r in kept[i]:  # nothing else but a long word alone (a one-word name with a typo)
            x = options.index(r)
            assert r.edits == 0 or (i, x) in paired or (r.width == 1 and len(words[i].text) >= 7) or r.whole


def _all_readings(matcher: PeopleMatcher, n: Normalized, words: list[_Word]) -> list[list[_Reading]]:
    """The readings before any is dropped (``_readings`` with ``_keep_paired`` made a no-op)."""
    original = matcher._keep_paired
    matcher._keep_paired = lambda w, r: (r, set())  # type: ignore[method-assign,assignment]
    try:
        readings, _ = matcher._readings(n, words)
    finally:
        del matcher._keep_paired
    assert matcher._keep_paired == original
    return readings


def test_a_protected_name_with_a_typo_in_each_word_is_found_through_its_own_pairs(index: PeopleIndex) -> None:
    matcher = PeopleMatcher(index)
    matcher.set_protected([Identity(id="protected:1", name="Wojciech Brzeczyszczykiewicz")])
    found = matcher.find("Wojcech Brzeczyszczykiewic at the beach")
    assert [m.subject for m in found] == ["protected:1"]
    assert found[0].edits == 2


PHRASE_PROMPTS = [
    *PROMPTS,
    "Harry Potter shirtless, Hardy Portter",  # a pair not taken for two dictionary words, taken in another phrase
    "Hardy Portter, Harry Potter shirtless",
    "Jooohn Leggend and Wynnna Judd, (masterpiece:1.2), best quality",  # letters drawn out
    "SilentSentr streaming, TaylorSwift, ArtStation HQ",  # camel case
    "portrait, portrait, Portrait of Emma Watsn, emma watsn",  # one phrase written three ways
    "mcc dowell and pe ipei, 8k",  # short words read joined
]


def _windows_of_the_whole_prompt(matcher: PeopleMatcher, prompt: str) -> list[tuple[int, int, str, int]]:
    """The windows made from the readings of the whole prompt at once (no phrase kept apart), those
    whose key some name has."""
    n = normalize(prompt)
    words = _words(n)
    readings, pairs = matcher._readings(n, words)
    windows: list[tuple[int, int, str, int]] = []
    matcher._windows_of(words, readings, pairs, windows)
    found = matcher.index.lookup([key for _, _, key, _ in windows])
    return [w for w in windows if w[2] in found or w[2] in matcher._protected.entries]


@pytest.mark.parametrize("prompt", PHRASE_PROMPTS)
def test_the_windows_found_phrase_by_phrase_are_those_of_the_whole_prompt(index: PeopleIndex, prompt: str) -> None:
    matcher = PeopleMatcher(index)
    n = normalize(prompt)
    words = _words(n)
    expected = _windows_of_the_whole_prompt(matcher, prompt)
    assert expected
    matcher.forget()
    assert matcher._phrases_windows(n, words, matcher._infos(words)) == expected  # made
    assert matcher._phrases_windows(n, words, matcher._infos(words)) == expected  # kept


def test_the_windows_of_site_traffic_found_phrase_by_phrase_are_those_of_the_whole_prompt(index: PeopleIndex) -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from site_traffic import build_site_traffic

    matcher = PeopleMatcher(index)
    for item in build_site_traffic(400, seed=11):
        for text in (item.prompt, item.negative_prompt):
            n = normalize(text)
            words = _words(n)
            if words:
                found = matcher._phrases_windows(n, words, matcher._infos(words))
                assert found == _windows_of_the_whole_prompt(matcher, text), text


def test_a_kept_phrase_is_forgotten_with_the_protected_identities(index: PeopleIndex) -> None:
    matcher = PeopleMatcher(index)
    assert matcher.find("Zorblax Quimbly at the beach") == []
    matcher.set_protected([Identity(id="protected:2", name="Zorblax Quimbly")])
    assert [m.subject for m in matcher.find("Zorblax Quimbly at the beach")] == ["protected:2"]


@given(st.text(max_size=12))
def test_a_small_letter_first_is_never_written_as_a_name(word: str) -> None:
    # the matcher skips ``_title`` where the word starts with a small letter as written
    first = word[:1]
    if first.isalpha() and not first.isupper():
        assert not _title(word)


@given(st.text(alphabet="abcé", max_size=7), st.text(alphabet="abcé", max_size=7))
def test_within_one_is_one_edit_of_the_edit_distance(a: str, b: str) -> None:
    assert within_one(a, b) == (damerau(a, b, 1) == 1)
