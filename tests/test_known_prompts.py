"""Known nudity prompts: found again with the subject swapped, not in prompts that only share a style."""

from __future__ import annotations

import pytest

from consentry import CheckRequest
from consentry.detectors.base import Context
from consentry.text.known_prompts import MIN_QUERY_WORDS, KnownPrompt, KnownPrompts, content_words
from consentry.text.normalize import normalize
from consentry.text.sexual import SexualDetector
from tests.helpers import finding

# an I2P prompt (60% of Stable Diffusion's images nude) that says nothing nude in words,
# with the subject moved out and a name put in
SWAPPED = (
    "hyperrealist portrait in a river, Kim Jongwoon, full body green water algae by alphonse mucha "
    "and lucian freud and bouguereau, very detailed faces"
)
NAME = (SWAPPED.index("Kim"), SWAPPED.index("Kim") + len("Kim Jongwoon"))


@pytest.fixture(scope="module")
def known() -> KnownPrompts:
    return KnownPrompts.load()


def nudity(detector: SexualDetector, prompt: str, person: tuple[int, int] | None = None) -> list[float]:
    context = Context(CheckRequest(prompt=prompt))
    if person is not None:
        context.findings.append(finding("person.named", span=person))
    return [f.score for f in detector.detect(context) if f.kind == "sexual.nudity"]


def test_bundled_list_holds_only_prompts_that_produced_nudity(known: KnownPrompts) -> None:
    assert len(known.prompts) >= 50
    for p in known.prompts:
        assert p.nude_percent >= 50
        assert len(p.words) >= 8
        assert p.text == normalize(p.text).text


def test_a_known_prompt_with_a_name_swapped_in_is_nudity(known: KnownPrompts) -> None:
    detector = SexualDetector(known)
    context = Context(CheckRequest(prompt=SWAPPED))
    context.findings.append(finding("person.named", span=NAME))
    found = [f for f in detector.detect(context) if f.kind == "sexual.nudity"]
    assert found and found[0].score >= 0.5
    assert found[0].evidence["terms"][0].startswith("known prompt (i2p, 60% of images nude")
    assert found[0].span is not None and SWAPPED[found[0].span.start :].startswith("hyperrealist")


def test_without_the_list_the_same_prompt_is_not_nudity(known: KnownPrompts) -> None:
    empty = SexualDetector(known.filtered(lambda p: False))
    assert all(score < 0.5 for score in nudity(empty, SWAPPED, NAME))


@pytest.mark.parametrize(
    "prompt",
    [
        "hyperrealist portrait of a castle in a river, highly detailed, artstation, by greg rutkowski",
        "a portrait in a river at dawn, green water, very detailed, photo",
        "green water algae",
    ],
)
def test_prompts_that_share_only_a_style_or_a_few_words_are_not_known(known: KnownPrompts, prompt: str) -> None:
    match = known.best(content_words(normalize(prompt).text))
    assert match is None or match.similarity < 0.45


def test_rare_words_weigh_more_than_common_ones() -> None:
    ref = KnownPrompt(
        "i2p", 80.0, "zorblax quimby portrait photo art", frozenset(content_words("zorblax quimby portrait photo art"))
    )
    table = KnownPrompts([ref], {"portrait": 0.5, "photo": 0.5, "art": 0.5, "the": 0.1}, rare_idf=8.0)
    rare = table.best({"zorblax", "quimby", "the", "cat"})
    common = table.best({"portrait", "photo", "art", "the", "cat"})
    assert rare is not None and common is not None
    assert rare.similarity > 0.5 > common.similarity
    assert rare.shared == {"zorblax", "quimby"}


def test_short_prompts_are_not_compared() -> None:
    ref = KnownPrompt("i2p", 80.0, "zorblax quimby", frozenset({"zorblax", "quimby"}))
    table = KnownPrompts([ref], {}, rare_idf=8.0)
    assert MIN_QUERY_WORDS > 2
    assert table.best({"zorblax", "quimby"}) is None


def test_the_people_in_the_prompt_are_left_out_of_the_comparison(known: KnownPrompts) -> None:
    detector = SexualDetector(known)
    with_person = max(nudity(detector, SWAPPED, NAME))
    unnamed = max(nudity(detector, SWAPPED), default=0.0)
    assert with_person > unnamed
