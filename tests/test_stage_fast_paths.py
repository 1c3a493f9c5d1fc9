"""Fast paths of the sexual and minor stages and of the policy give the answers of the plain
computations they replace (each reference below is the computation as it was first written)."""

from __future__ import annotations

import fnmatch
import re
import zlib
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consentry.policy.model import _matches_any
from consentry.text import features, minor
from consentry.text.lexicon import COMMON_SHORT_WORDS, Lexicon, Term, _negated, load_terms, word_spans
from consentry.text.sexual import LEXICON_FILE, SexualIntentModel
from consentry.text.sexual_context import (
    _CONTEXT_WORDS,
    _PASSIVE,
    _PHRASE_FIRST,
    _SUCKING,
    _UNDRESSING_WORDS,
    AMBIGUOUS,
    PERSON_VERBS,
)

WORDISH = st.text(alphabet="abcdeinorstuxy é日本😀1", min_size=0, max_size=80)


def _features_reference(text: str, bits: int) -> npt.NDArray[np.int64]:
    """``hashed_features`` as first written: every word and pair hashed, one n-gram length at a time."""
    spans = [(m.start(), m.end()) for m in features._WORD.finditer(text)]
    padded = " " + " ".join(text[s:e] for s, e in spans) + " "
    words = [text[s:e] for s, e in spans]
    mask = (1 << bits) - 1
    word_ids = [zlib.crc32(b"w:" + w.encode()) & mask for w in words]
    word_ids += [zlib.crc32(b"b:" + (a + " " + b).encode()) & mask for a, b in pairwise(words)]
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    parts = [np.asarray(word_ids, dtype=np.int64)]
    for n in (3, 4, 5):
        m = len(codes) - n + 1
        if m <= 0:
            continue
        h = np.full(m, np.uint64(0xCBF29CE484222325) ^ np.uint64(n), dtype=np.uint64)
        for k in range(n):
            h = (h ^ codes[k : k + m]) * np.uint64(0x100000001B3)
        parts.append((h >> np.uint64(64 - bits)).astype(np.int64))
    return np.concatenate(parts)


@settings(max_examples=300)
@given(WORDISH, st.sampled_from([17, 12, 5]))
def test_hashed_features_are_the_buckets_in_the_order_of_the_plain_computation(text: str, bits: int) -> None:
    fast = features.hashed_features(text, bits)
    assert fast.dtype == np.int64
    assert fast.tolist() == _features_reference(text, bits).tolist()
    # a second time, from the table of words seen before
    assert features.hashed_features(text, bits).tolist() == fast.tolist()


@pytest.mark.parametrize("text", ["", "   ", "a", "ab", "a b", "nude beach", "日本 a 😀 b1"])
def test_hashed_features_of_short_texts_are_those_of_the_plain_computation(text: str) -> None:
    assert features.hashed_features(text, 17).tolist() == _features_reference(text, 17).tolist()


def test_the_table_of_words_is_emptied_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "_WORD_TABLE_SIZE", 3)
    for text in ["one two three four five", "six seven", "one two three four five"]:
        assert features.hashed_features(text, 11).tolist() == _features_reference(text, 11).tolist()
    assert len(features._WORD_TABLES[11]) <= 3


def test_model_probabilities_of_words_are_those_of_the_text() -> None:
    model = SexualIntentModel.load()
    for text in ["a woman on a beach , nude", "", "masterpiece best quality 8k", "x"]:
        words = [w for w, _, _ in word_spans(text)]
        assert model.word_probabilities(words).tolist() == model.probabilities(text).tolist()


# --- the lexicon ---------------------------------------------------------------------------------


def _scan_reference(lexicon: Lexicon, text: str) -> tuple[list[tuple[str, int, int]], list[tuple[int, int]]]:
    """``Lexicon.scan`` as first written: every word and every joined stretch tried."""

    def terms_at(words: Sequence[tuple[str, int, int]], i: int) -> Iterable[tuple[Term, int]]:
        word = words[i][0]
        for term in lexicon._by_first.get(word, ()):
            n = len(term.words)
            if i + n > len(words):
                continue
            ok = all(
                words[i + k][0].startswith(term.words[k])
                if k == n - 1 and term.prefix
                else words[i + k][0] == term.words[k]
                for k in range(1, n)
            )
            if ok:
                yield term, n
        for length in lexicon._prefix_lengths:
            if length <= len(word):
                for term in lexicon._prefix_single.get(word[:length], ()):
                    yield term, 1

    def joined_fragments(words: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        run: list[tuple[str, int, int]] = []
        for word in [*words, ("", -1, -1)]:
            if word[0] and len(word[0]) <= 3 and word[0].isalpha() and (not run or word[1] - run[-1][2] <= 3):
                run.append(word)
                continue
            for i in range(len(run)):
                for j in range(i + 2, min(len(run), i + 6) + 1):
                    stretch = run[i:j]
                    joined = "".join(w[0] for w in stretch)
                    if len(joined) >= 5 and not all(w[0] in COMMON_SHORT_WORDS for w in stretch):
                        out.append((joined, stretch[0][1], stretch[-1][2]))
            run = [word] if word[0] and len(word[0]) <= 3 and word[0].isalpha() else []
        return out

    words = word_spans(text)
    found: list[tuple[str, int, int]] = []
    masked: list[tuple[int, int]] = []
    starts = [(words, i) for i in range(len(words))]
    joined = joined_fragments(words)
    starts += [(joined, i) for i in range(len(joined))]
    for run, i in starts:
        for term, n in terms_at(run, i):
            start, end = run[i][1], run[i + n - 1][2]
            if term.safe:
                masked.append((start, end))
            elif not (term.negatable and _negated(run, i)):
                found.append((term.source, start, end))
    if masked:
        found = [h for h in found if not any(s <= h[1] and h[2] <= e for s, e in masked)]
    return found, masked


@pytest.fixture(scope="module")
def sexual_lexicon() -> Lexicon:
    return Lexicon(load_terms(LEXICON_FILE))


def _lexicon_words(lexicon: Lexicon) -> list[str]:
    words = sorted({w for term in lexicon.terms if not term.substring for w in term.words})
    return [*words[::7], "no", "not", "a", "pu", "ss", "y", "nak", "ed", "the", "of", "pen", "is", "breast", "cancer"]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_lexicon_scan_finds_what_trying_every_word_finds(sexual_lexicon: Lexicon, data: st.DataObject) -> None:
    vocabulary = [*_lexicon_words(sexual_lexicon), "masterpiece", "xyz", "nudes", "nudity"]
    words = data.draw(st.lists(st.sampled_from(vocabulary), max_size=25))
    text = " ".join(words)
    found, masked = sexual_lexicon.scan(text)
    assert ([(h.term.source, h.start, h.end) for h in found], masked) == _scan_reference(sexual_lexicon, text)


@pytest.mark.parametrize(
    "text",
    [
        "show me her pu ss y",
        "a pen is here",
        "nak ed woman, no nudity",
        "not fully nude, breast cancer awareness",
        "s e x y nude beach",
        "nudes of her , topless",
    ],
)
def test_lexicon_scan_of_written_cases_is_that_of_trying_every_word(sexual_lexicon: Lexicon, text: str) -> None:
    found, masked = sexual_lexicon.scan(text)
    assert ([(h.term.source, h.start, h.end) for h in found], masked) == _scan_reference(sexual_lexicon, text)


def test_the_lexicon_forgets_its_words_when_its_table_is_full(
    sexual_lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consentry.text import lexicon as module

    fresh = Lexicon(sexual_lexicon.terms)
    monkeypatch.setattr(module, "_STARTS_SIZE", 2)
    for text in ["nude beach at night", "topless woman", "nude beach at night"]:
        found, masked = fresh.scan(text)
        assert ([(h.term.source, h.start, h.end) for h in found], masked) == _scan_reference(fresh, text)
    assert len(fresh._starts) <= 2


# --- word-use rules, ages, the policy's kind patterns ---------------------------------------------


def test_every_word_a_context_rule_starts_at_is_visited() -> None:
    starts = {*AMBIGUOUS, *PERSON_VERBS, "oral", *_SUCKING, *_PASSIVE, *_PHRASE_FIRST}
    starts |= {"give", "gives", "giving", "gave", "leak", "leaks", "leaked", "hacked", "stolen"}
    starts |= {"take", "takes", "taking", "took", "doing", "nothing"}
    assert starts <= _CONTEXT_WORDS
    assert {"clothes", "bra", "towel", "breasts", "tits", "everything", "remove", "peel"} <= _UNDRESSING_WORDS
    assert not {"covered", "t", "clothed", "dressed"} & _UNDRESSING_WORDS


@given(st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=60))
def test_age_patterns_said_to_need_a_digit_never_match_without_one(text: str) -> None:
    for (pattern, _), needs_digit in zip(minor._AGE_PATTERNS, minor._NEEDS_DIGIT, strict=True):
        if needs_digit:
            assert pattern.search(text) is None


@pytest.mark.parametrize(
    "text",
    ["a 16 year old girl", "girl (12) on a bench", "sevn teen years old", "dreizehn jahre alt", "a woman aged 30"],
)
def test_ages_are_those_found_trying_every_pattern(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from consentry.text.normalize import normalize

    normalized = normalize(text).text
    fast = minor.find_ages(normalized)
    _every_age_pattern(monkeypatch)
    assert fast == minor.find_ages(normalized)
    assert bool(fast) == ("30" not in text)


def _every_age_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(minor, "_NEEDS_DIGIT", (False,) * len(minor._AGE_PATTERNS))
    monkeypatch.setattr(minor, "_NEEDS_WORD", ((),) * len(minor._AGE_PATTERNS))
    monkeypatch.setattr(minor, "_NEEDS_WORD_RE", (None,) * len(minor._AGE_PATTERNS))


AGE_PIECES = st.sampled_from(
    [
        *minor._NUMBER_STEMS,
        "thir",
        "sevn",
        "fif",
        "dreizehn",
        "dix sept",
        "quince",
        "anos",
        "ans",
        "jahre alt",
        "anni",
        "aged",
        "age of",
        "looks",
        "yo",
        "years old",
        "year old",
        "girl",
        "she is",
        " ",
        " ",
        "1",
        "7",
        "14",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(AGE_PIECES, max_size=12).map(" ".join))
def test_ages_of_pattern_pieces_are_those_found_trying_every_pattern(text: str) -> None:
    fast = minor.find_ages(text)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _every_age_pattern(monkeypatch)
        assert fast == minor.find_ages(text)


@given(st.text(max_size=60))
def test_age_patterns_said_to_need_a_word_never_match_without_one(text: str) -> None:
    for (pattern, _), needs in zip(minor._AGE_PATTERNS, minor._NEEDS_WORD, strict=True):
        if needs and not any(word in text for word in needs):
            assert pattern.search(text) is None
    if "teen" not in text:
        assert minor._BARE_TEEN.search(text) is None


@given(st.sampled_from(["sexual.nudity", "minor.age", "person.named", "error.person", "x.y"]), st.data())
def test_kind_patterns_match_as_fnmatch_does(kind: str, data: st.DataObject) -> None:
    patterns = tuple(data.draw(st.lists(st.sampled_from(["sexual.*", "minor.*", "person.named", "*", "x.?"]))))
    assert _matches_any(kind, patterns) == any(fnmatch.fnmatchcase(kind, p) for p in patterns)


def test_no_digit_pattern_is_the_unicode_digit_class() -> None:
    assert minor._DIGIT.pattern == re.compile(r"\d").pattern


# --- the normalizer's shortcuts for printable ASCII -----------------------------------------------

_SYNTAX_PIECES = ["BREAK", "AND", "and", "<lora:", "embedding:", "::", "1.2", "  ", "ooo", "A'S", "Taylor", "nude"]
PROMPT_PIECES = st.sampled_from([*"aAbBzZ tT,;:|\n()[]{}<>\\_-.*/'@#$!+0123456789é\u200b", *_SYNTAX_PIECES])


@settings(max_examples=400, deadline=None)
@given(st.lists(PROMPT_PIECES, max_size=30).map("".join))
def test_normalize_shortcuts_give_what_the_general_steps_give(text: str) -> None:
    from consentry.text import normalize as module

    fast = module.normalize.__wrapped__(text)
    try:
        module._FAST_PATHS = False
        plain = module.normalize.__wrapped__(text)
    finally:
        module._FAST_PATHS = True
    assert (fast.text, fast.starts, fast.ends, fast.flags, fast.removed) == (
        plain.text,
        plain.starts,
        plain.ends,
        plain.flags,
        plain.removed,
    )


# --- the sexual model's sum and disguised words, piece by piece -----------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "xy", "nude", "é", "日本", "c0ck", "i", "of"]), max_size=12))
def test_model_buckets_of_short_words_are_those_of_the_plain_computation(words: list[str]) -> None:
    # one and two letters: n-grams that run across two spaces, rows of a short text left empty
    text = " ".join(words)
    assert features.hashed_word_features(words, 13).tolist() == _features_reference(text, 13).tolist()


def _model_cumulative_reference(model: SexualIntentModel, words: list[str]) -> tuple[float, float, float]:
    ids = features.hashed_word_features(words, model.bits)
    logits = model.bias.copy() if len(ids) == 0 else model.weights[ids].sum(axis=0) / np.float32(np.sqrt(len(ids)))
    if len(ids):
        logits = logits + model.bias
    z = logits.astype(np.float64)
    z -= z.max()
    e = np.exp(z)
    probs = e / e.sum()
    return (float(probs[1:].sum()), float(probs[2:].sum()), float(probs[3]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["woman", "nude", "beach", "sex", "cat", "8k", "masterpiece", "a"]), max_size=40))
def test_model_cumulative_scores_are_those_of_summing_the_rows_at_once(words: list[str]) -> None:
    model = _model()
    assert model.word_cumulative(words) == _model_cumulative_reference(model, words)


_MODEL: list[SexualIntentModel] = []


def _model() -> SexualIntentModel:
    if not _MODEL:
        _MODEL.append(SexualIntentModel.load())
    return _MODEL[0]


DISGUISE_PIECES = st.sampled_from(
    [
        *["n|_|d3", "nu|)e", "p*rn", "f*cked", "nvde", "s e x", "c u m", "s.e.x", "nu_de", "na-ked", "p.orn"],
        *["click", "kum", "c0ck", "d!ck", "8k", "1.2", "(nude:1.2)", "nude", "sex", "porn", "~", "_", "-", "."],
        *[" ", " ", "  ", ",", "\t", "\n", "\u3000", "a", "x", "4", "$", "|", "#", "*", "é"],
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(DISGUISE_PIECES, max_size=16).map("".join))
def test_disguised_words_read_piece_by_piece_are_those_of_the_whole_prompt(text: str) -> None:
    from consentry.text import sexual_context
    from consentry.text.normalize import normalize

    normalized = normalize(text)
    fast = sexual_context.disguised_words(text, normalized)
    again = sexual_context.disguised_words(text, normalized)  # from the table of pieces
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(sexual_context, "_FAST_PATHS", False)
        plain = sexual_context.disguised_words(text, normalized)
    assert fast == plain
    assert again == plain


def test_disguised_words_of_written_cases_are_those_of_the_whole_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    from consentry.text import sexual_context
    from consentry.text.normalize import normalize

    texts = ["Emma W4ts0n n|_|d3, 8k", "a p*rn star (p.orn:1.2)", "nvde on the beach", "s e x  na-ked", "clean photo"]
    fast = [sexual_context.disguised_words(t, normalize(t)) for t in texts]
    monkeypatch.setattr(sexual_context, "_FAST_PATHS", False)
    assert fast == [sexual_context.disguised_words(t, normalize(t)) for t in texts]
    assert [len(found) > 0 for found in fast] == [True, True, True, True, False]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b1", "_", "x_y", ",", " ", "  ", "-", "é", "日本", "it's", "8k", "\t"]), max_size=20
    )
)
def test_word_spans_of_ascii_text_are_those_of_the_pattern(pieces: list[str]) -> None:
    from consentry.text import lexicon

    text = " ".join(pieces)
    fast = word_spans(text)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(lexicon, "_FAST_PATHS", False)
        assert fast == word_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "masterpiece, best quality, a photo of a woman, on a beach",
        "A Photo of Taylor Swift, at night, 8k",
        "a cat's toy, x-ray, the cat!, #tag words here",
        "helllo there, BREAK and AND more, (nude:1.2), a, b",
    ],
)
def test_normalize_runs_of_plain_words_give_what_the_general_steps_give(text: str) -> None:
    from consentry.text import normalize as module

    fast = module.normalize.__wrapped__(text)
    try:
        module._FAST_PATHS = False
        plain = module.normalize.__wrapped__(text)
    finally:
        module._FAST_PATHS = True
    assert (fast.text, fast.starts, fast.ends, fast.flags, fast.removed) == (
        plain.text,
        plain.starts,
        plain.ends,
        plain.flags,
        plain.removed,
    )


@given(st.lists(AGE_PIECES | st.sampled_from(["someone", "often", "stone", "piano", "x"]), max_size=12).map("".join))
def test_the_words_an_age_pattern_needs_are_found_as_each_word_in_turn_finds_them(text: str) -> None:
    for words, pattern in zip(minor._NEEDS_WORD, minor._NEEDS_WORD_RE, strict=True):
        if words:
            assert pattern is not None
            assert (pattern.search(text) is not None) == any(word in text for word in words)
        else:
            assert pattern is None


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="nudeakcslpxbtofhirymjzvg", min_size=1, max_size=8),
    st.sampled_from(["", ","]),
)
def test_a_word_of_letters_reads_as_the_patterns_read_it(word: str, comma: str) -> None:
    from consentry.text import sexual_context

    assert sexual_context._piece_entry(word + comma) == sexual_context._read_piece(word + comma)


@pytest.mark.parametrize("word", ["kum", "nvde", "fvck", "pussj", "phuck", "click", "nude", "sexy", "kock", "dlck"])
def test_words_of_look_alike_letters_read_as_the_patterns_read_them(word: str) -> None:
    from consentry.text import sexual_context

    assert sexual_context._piece_entry(word) == sexual_context._read_piece(word)
    assert sexual_context._piece_entry(word + ",") == sexual_context._read_piece(word + ",")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the", "woman", "beach", "mulher", "praia", "strand", "frau", "x", "8k", "a1"]), max_size=12
    )
)
def test_the_english_share_read_until_it_cannot_be_foreign_is_the_share(words: list[str]) -> None:
    from consentry.text.sexual import FOREIGN_SHARE, SexualIntent

    intent = _intent()
    share = intent.english_share(words)
    expected = share if share <= 1 - FOREIGN_SHARE else None
    assert intent._english_share_up_to(words, 1 - FOREIGN_SHARE) == expected
    assert isinstance(intent, SexualIntent)


_INTENT: list[object] = []


def _intent() -> Any:
    from consentry.text.sexual import SexualIntent

    if not _INTENT:
        _INTENT.append(SexualIntent.load())
    return _INTENT[0]


def _word_index_reference(padded: str) -> list[int]:
    owner = [-1] * len(padded)
    word, inside = -1, False
    for i, char in enumerate(padded):
        if char == " ":
            inside = False
            continue
        if not inside:
            word, inside = word + 1, True
        owner[i] = word
    out: list[int] = []
    for n in (3, 4, 5):
        out += [owner[k + n // 2] for k in range(len(padded) - n + 1)]
    return out


@given(st.text(alphabet="ab 日\t", max_size=30))
def test_the_word_of_each_ngram_is_that_of_a_walk_over_the_characters(padded: str) -> None:
    assert features.char_ngram_word_index(padded).tolist() == _word_index_reference(padded)
