"""The rules that read sexual intent from word use: ambiguous words, undressing, the negative prompt, disguises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consentry.text.normalize import normalize
from consentry.text.sexual_context import context_hits, disguised_words, negative_prompt_hits


def top_grade(prompt: str) -> int:
    n = normalize(prompt)
    hits = context_hits(n.text) + disguised_words(prompt, n)
    return max((h.term.grade for h in hits if h.term.strength >= 0.5), default=0)


@pytest.mark.parametrize(
    ("prompt", "grade"),
    [
        ("she is choking on his cock", 3),
        ("a rooster, a hen and a cock in the barn", 0),
        ("his dick was throbbing", 3),
        ("moby dick, a whale at sea, oil painting", 0),
        ("licking her pussy", 3),
        ("a pussy willow branch in a vase", 0),
        ("bare tits on the beach", 2),
        ("three blue tits on a branch", 0),
        ("spreading her ass on the bed", 2),
        ("a wild ass in the desert", 0),
        ("a sticky facial from two men", 3),
        ("a facial mask treatment at the salon", 0),
        ("she is riding him slowly", 3),
        ("she is riding a horse at dawn", 0),
        ("blowing her boss in the office", 3),
        ("blowing out the candles", 0),
        ("getting railed by her roommate", 3),
        ("the city council railed against the plan", 0),
        ("pounded by the waves on the rocks", 0),
        ("taking off her underwear", 2),
        ("taking a dress to the dry cleaner", 0),
        ("her bra removed", 2),
        ("a man without a shirt playing frisbee", 0),
        ("make the blouse see-through", 2),
        ("a sheer curtain in the window", 0),
        ("showing her nipples", 2),
        ("a chart of breast cancer screening", 0),
        ("her leaked private photos", 2),
        ("leaked documents on a desk", 0),
        ("she was n|_|d3 in bed", 2),
        ("a p*rn star", 3),
        ("a nvde model", 2),
        ("s e x on the beach", 3),
        ("the v-neck sweater", 0),
        ("pulling down her knickers", 2),
        ("raising her top for the camera", 2),
        ("fondling her nipples", 3),
        ("a woman lifting a box", 0),
        ("squeezing oranges for juice", 0),
        ("lying in bed with nothing on", 2),
        ("their sextapes", 3),
        ("blowing him a kiss from the balcony", 0),
        ("giving oral to her boyfriend", 3),
        ("she receives oral on the sofa", 3),
        ("an oral presentation at school", 0),
        ("sucking a big one on the bed", 3),
        ("sucking him in the car", 3),
        ("a baby sucking on a pacifier", 0),
        ("a kid sucking his thumb", 0),
        ("the boxer gives the man a blow to the head", 0),
        ("her manager screwed him over", 0),
    ],
)
def test_grade_read_from_use(prompt: str, grade: int) -> None:
    assert top_grade(prompt) == grade


@pytest.mark.parametrize(
    ("negative", "asks_for_nudity"),
    [
        ("clothes, underwear", True),
        ("bra, panties, swimsuit", True),
        ("(clothing:1.4), blurry", True),
        ("shirt, jeans", True),
        ("ugly clothes, blurry, lowres", False),
        ("nsfw, nude, clothes, bra", False),
        ("naked, underwear", False),
        ("blurry, bad anatomy, extra fingers", False),
        ("bikini", False),
        ("", False),
    ],
)
def test_negative_prompt_that_pushes_garments_away(negative: str, asks_for_nudity: bool) -> None:
    assert bool(negative_prompt_hits(normalize(negative).text)) is asks_for_nudity


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=40))
def test_rules_never_raise_and_stay_inside_the_text(prompt: str, negative: str) -> None:
    n = normalize(prompt)
    for hit in context_hits(n.text) + disguised_words(prompt, n):
        assert 0 <= hit.start <= hit.end <= len(n.text)
        assert 0.0 <= hit.term.strength <= 1.0
    negative_text = normalize(negative).text
    for hit in negative_prompt_hits(negative_text):
        assert 0 <= hit.start <= hit.end <= len(negative_text)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["nude", "naked", "porn", "topless"]), st.integers(min_value=0, max_value=3))
def test_a_masked_letter_is_still_the_word(word: str, position: int) -> None:
    masked = word[:position] + "*" + word[position + 1 :]
    assert top_grade(f"a photo, {masked}, studio light") >= 2
