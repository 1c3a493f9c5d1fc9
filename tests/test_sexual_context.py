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


# The rules written for tests/data/sexual_meaning_cases_2.tsv, on cases they were not written for
# (three or more to each rule, and the same words used harmlessly).
@pytest.mark.parametrize(
    ("prompt", "grade"),
    [
        # cues of "cock"/"dick": lips, face, wrapping
        ("her lips wrapped around his thick dick", 3),
        ("slapping her face with his cock", 3),
        ("a cock rubbing against her face", 3),
        ("a cock with a red face in the barn", 0),
        # "balls" by its neighbours
        ("licking his balls", 3),
        ("cupping his hairy balls", 3),
        ("she sucked his balls", 3),
        ("licking the tennis balls clean, a puppy", 0),
        # verbs with a person as object: pound, bang, nail, lick
        ("he is pounding her, bent over the desk", 3),
        ("banging his girlfriend in the car", 3),
        ("nailing the neighbour all night", 3),
        ("she keeps licking him", 3),
        ("blowing her handsome coach", 3),
        ("banging the drum at a parade", 0),
        ("nailing the landing on the balance beam", 0),
        ("licking her ice cream cone", 0),
        ("pounding the dough on the counter", 0),
        # giving a person head
        ("she gave him head in the car", 3),
        ("giving her boyfriend head", 3),
        ("gives her coach some head", 3),
        ("giving him a head start in the race", 0),
        ("gave her husband a head massage", 0),
        # the newer passives
        ("got nailed by the pool guy", 3),
        ("being drilled by her trainer", 3),
        ("getting boned on the couch", 3),
        ("the lid got nailed shut", 0),
        ("she nailed it at the audition", 0),
        ("he got screwed over by the bank", 0),
        # taking turns with a person
        ("three men taking turns with her", 3),
        ("the guys took turns on him", 3),
        ("the kids take turns with the ball", 0),
        # "nothing on" closing a clause
        ("lying on the sofa, nothing on", 2),
        ("she has nothing on, in bed", 2),
        ("nothing on the table is broken", 0),
        ("there is nothing on tv tonight", 0),
        # phrases
        ("getting dicked down hard", 3),
        ("she sucked off the pizza guy", 3),
        ("taking her from behind on the couch", 3),
        ("bared it all for the magazine", 2),
        ("posing in the altogether", 2),
        ("a photo taken from behind the stage", 0),
        # undressing: peel, pulled down, into nothing, everything worn, upper and lower garments
        ("peeling off her tights", 2),
        ("her skirt pulled down", 2),
        ("her bra yanked off", 2),
        ("turn her dress into nothing", 2),
        ("swap the swimsuit for bare skin", 2),
        ("take off everything he has on", 2),
        ("remove his shirt and jeans", 2),
        ("her robe falls open", 2),
        ("take off his hat and gloves", 0),
        ("the blinds pulled down at night", 0),
        ("turn the swimsuit into a dress", 0),
        ("take off everything from the shelf", 0),
        # a body part with "exposed", "visible"
        ("with her breasts exposed", 2),
        ("nipples visible", 2),
        ("buttocks uncovered", 2),
        ("exposed brick wall", 0),
        # leaked, hacked, stolen private images; not when said to be dressed
        ("hacked selfies of her", 2),
        ("stolen private pics", 2),
        ("leaked photos, fully dressed on stage", 0),
        # a separator inside a word
        ("she is na_ked", 2),
        ("p_orn video", 3),
        ("top_less on a boat", 2),
        ("snake_case variable names", 0),
        # third table: a garment around the ankles or pushed aside, "fingered", "69 with"
        ("her shorts around her knees", 2),
        ("jeans down her thighs", 2),
        ("with her knickers at her ankles", 2),
        ("a scarf around her neck", 0),
        ("moving her bikini bottom aside", 2),
        ("her thong pulled aside", 2),
        ("she pushed the lingerie aside", 2),
        ("getting fingered on the bed", 3),
        ("being fingered by her boyfriend", 3),
        ("she got fingered in the car", 3),
        ("the pianist fingered the keys", 0),
        ("doing 69 on the sofa", 3),
        ("the couple doing a 69", 3),
        ("a 69 with her girlfriend", 3),
        ("route 69 through the desert", 0),
    ],
)
def test_rules_of_the_second_table_on_new_cases(prompt: str, grade: int) -> None:
    assert top_grade(prompt) == grade


def test_doing_it_counts_only_of_a_person_found() -> None:
    text = normalize("Kim Lee and her boyfriend doing it in the car").text
    assert max(h.term.grade for h in context_hits(text, [(0, 7)])) == 3
    assert not context_hits(text)
    own = normalize("Kim Lee doing it on her own").text
    assert not context_hits(own, [(0, 7)])


@pytest.mark.parametrize(
    ("negative", "asks_for_nudity"),
    [
        ("tank top, crop top, shorts", True),
        ("swim trunks, t shirt", True),
        ("bikini top, lowres", False),
        ("bad hands, top view, blurry", False),
    ],
)
def test_negative_items_of_several_garment_words(negative: str, asks_for_nudity: bool) -> None:
    assert bool(negative_prompt_hits(normalize(negative).text)) is asks_for_nudity


def test_the_objects_of_person_verbs_are_separate_words() -> None:
    # every object a verb can take stays one word of its own (a lost space joins two words)
    from consentry.text.sexual_context import _PERSON_OBJECTS

    assert {"wife", "fan", "girlfriend", "dad"} <= _PERSON_OBJECTS
    assert all(len(word) <= 12 for word in _PERSON_OBJECTS)
