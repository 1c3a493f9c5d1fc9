"""The unlisted stage's fast word and leet-token patterns find what their plain definitions find."""

from __future__ import annotations

import random
import re

from consentry.text import unlisted

# the definitions, written letter by letter (slower: the stage uses the patterns of unlisted.py)
WORD_BY_LETTER = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*")
LEET_TOKEN_BY_LETTER = re.compile(r"[^\s,;()\[\]{}<>|\"]*[0134578@$!][^\s,;()\[\]{}<>|\"]*")

ALPHABET = "ab Zé'’-_1 3,.;(]{>|\"\t@$!\u0301ßд\u00a0\x00"


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 16))) for _ in range(count)]


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def test_word_pattern_matches_its_definition() -> None:
    for text in [*random_texts(20_000, 15), "o'brien mary-jane d'-x rock’n’roll x--y 'tis"]:
        assert spans(unlisted._WORD, text) == spans(WORD_BY_LETTER, text), text
        for start in range(len(text) + 1):
            fast, plain = unlisted._WORD.match(text, start), WORD_BY_LETTER.match(text, start)
            assert (fast and fast.span()) == (plain and plain.span()), (text, start)


def test_leet_token_pattern_matches_its_definition() -> None:
    for text in [*random_texts(20_000, 16), "n4k3d 3mma (w4ts0n:1.2) 8k, 1girl @kay_b"]:
        assert spans(unlisted._LEET_TOKEN, text) == spans(LEET_TOKEN_BY_LETTER, text), text


def test_view_reads_leetspeak_in_whole_tokens() -> None:
    prompt = "ph0to of l1nda w4ts0n, 8k, 1girl, (m4ry-j4ne:1.2)"
    view = unlisted.build_view(prompt)
    assert view.text == "photo of linda watson, 8k, 1girl, mary-jane "
    assert view.steps == ("prompt_syntax", "leetspeak")
    assert [prompt[i] for i in view.offsets[:5]] == list("ph0to")
    assert [m.group() for m in unlisted._words(view.text)] == [
        "photo",
        "of",
        "linda",
        "watson",
        "k",
        "girl",
        "mary-jane",
    ]
