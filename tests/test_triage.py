"""The triage's bounds hold: with any person found, the sexual and minor scores stay under them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consentry import CheckRequest
from consentry.detectors.base import Context
from consentry.text import minor as minor_module
from consentry.text import sexual as sexual_module
from consentry.text import sexual_context, triage
from consentry.text.minor import MinorDetector
from consentry.text.sexual import ASSESSMENT_MEMO, SexualAssessment, SexualDetector
from consentry.types import Finding, Span


@pytest.fixture(scope="module")
def sexual() -> SexualDetector:
    detector = SexualDetector()
    detector.load()
    return detector


@pytest.fixture(scope="module")
def minor() -> MinorDetector:
    detector = MinorDetector()
    detector.load()
    return detector


def _person(prompt: str, name: str) -> list[Finding]:
    at = prompt.find(name)
    if at < 0:
        return []
    span = Span(at, at + len(name), "prompt")
    return [Finding(kind="person.named", score=0.95, detector="person@test", reason="hand-made", span=span)]


def _contexts(prompt: str, name: str) -> tuple[Context, Context]:
    request = CheckRequest(prompt=prompt)
    with_people = Context(request)
    with_people.findings.extend(_person(prompt, name))
    return Context(request), with_people


def _rule_bound(sexual: SexualDetector, bare: Context, found: list[Finding]) -> dict[str, float]:
    """The bound of the rules alone: the model's margin taken out, so the model cannot hide a miss."""
    bound = triage.bound(sexual, bare, found, margin=-1.0)
    assert bound is not None
    return bound


# Words the person rules key on, and words around them, to build prompts from
_KEYED = sorted(
    {
        *sexual_module.PERSON_EUPHEMISMS,
        *sexual_context.PERSON_VERBS,
        *minor_module._YOUTH_BEFORE_PERSON,
        "giving",
        "gives",
        "blow",
        "head",
        "take",
        "taking",
        "turns",
        "doing",
        "it",
    }
)
_SCENES = sorted({*sexual_module.PERSON_SCENES, *sexual_module.PERSON_NUDE_SCENES})
_GARMENTS = sorted(sexual_context.GARMENTS)
_AROUND = ["a", "the", "her", "his", "on", "in", "with", "at", "off", "down", "pulled", "lifting", "s", ","]
_AROUND += ["beach", "photo", "bed", "at 14", "aged 15", "13", "when she was 16", "19", "0", "8k", "1.2"]
_NAMES = ["Taylor Swift", "Kim Jongwoon", "Dick Van Dyke", "Margot Robbie", "Jisoo"]
_WORDS = st.sampled_from(_KEYED + _SCENES + _GARMENTS + _AROUND)


@settings(max_examples=300, deadline=None)
@given(before=st.lists(_WORDS, max_size=5), after=st.lists(_WORDS, max_size=6), name=st.sampled_from(_NAMES))
def test_people_never_raise_a_score_over_the_bound(
    sexual: SexualDetector,
    minor: MinorDetector,
    before: list[str],
    after: list[str],
    name: str,
) -> None:
    prompt = " ".join([*before, name, *after])
    bare, with_people = _contexts(prompt, name)
    found = list(sexual.detect(bare))
    bound = _rule_bound(sexual, bare, found)
    sexual.detect(with_people)
    full = with_people.memoized(ASSESSMENT_MEMO)
    assert isinstance(full, SexualAssessment)
    for kind, lexicon in zip(sexual_module.KINDS, full.lexicon_scores, strict=True):
        assert lexicon <= bound[kind] + 1e-9, (prompt, kind)
    minor_found = list(minor.detect(bare))
    minor_bound = triage.minor_bound(bare, minor_found)
    for f in minor.detect(with_people):
        assert f.score <= minor_bound[f.kind] + 1e-9, (prompt, f.kind)


@pytest.mark.parametrize(
    ("prompt", "name", "kind"),
    [
        # the person's rules: each raises a kind only with the person
        ("bare Kim Jongwoon on the beach", "Kim Jongwoon", "sexual.nudity"),
        ("Zendaya in the shower, photo", "Zendaya", "sexual.suggestive"),
        ("Zendaya completely bare, on the beach", "Zendaya", "sexual.nudity"),
        ("riding Margot Robbie in bed", "Margot Robbie", "sexual.explicit"),
        ("Jisoo's skirt pulled down", "Jisoo", "sexual.nudity"),
        ("giving Margot Robbie head, pov", "Margot Robbie", "sexual.explicit"),
    ],
)
def test_a_reading_that_needs_the_person_is_inside_the_bound(
    sexual: SexualDetector, prompt: str, name: str, kind: str
) -> None:
    bare, with_people = _contexts(prompt, name)
    found = list(sexual.detect(bare))
    bound = _rule_bound(sexual, bare, found)
    full = {f.kind: f.score for f in sexual.detect(with_people)}
    assert full.get(kind, 0.0) > {f.kind: f.score for f in found}.get(kind, 0.0)  # the person raised it
    assert bound[kind] >= full[kind]


@pytest.mark.parametrize(
    ("prompt", "name", "kind"),
    [
        ("young Emma Watson in a bikini", "Emma Watson", "minor.term"),
        ("Emma Watson at 14 in a swimsuit", "Emma Watson", "minor.age"),
        ("Taylor Swift, 15, posing on a bed", "Taylor Swift", "minor.age"),
        ("teenage Kim Jongwoon at the beach", "Kim Jongwoon", "minor.term"),
    ],
)
def test_a_youth_read_around_the_person_is_inside_the_bound(
    minor: MinorDetector, prompt: str, name: str, kind: str
) -> None:
    bare, with_people = _contexts(prompt, name)
    found = list(minor.detect(bare))
    full = {f.kind: f.score for f in minor.detect(with_people)}
    assert full[kind] > {f.kind: f.score for f in found}.get(kind, 0.0)
    assert triage.minor_bound(bare, found)[kind] >= full[kind]


@pytest.mark.parametrize(
    "prompt",
    [
        "a cat on a mat",
        "bare trees in the winter forest",  # no person: "bare" still opens the bound (a name may follow)
        "a photo from 1999 of a city at 12 pm",
        "Barack Obama giving a speech, photo",
    ],
)
def test_without_the_words_of_a_rule_the_bound_is_the_score_with_the_margin(
    sexual: SexualDetector, prompt: str
) -> None:
    bare = Context(CheckRequest(prompt=prompt))
    found = list(sexual.detect(bare))
    bound = triage.bound(sexual, bare, found)
    assessment = bare.memoized(ASSESSMENT_MEMO)
    assert bound is not None and isinstance(assessment, SexualAssessment)
    for kind, model, lexicon in zip(
        sexual_module.KINDS, assessment.unscaled_model_scores, assessment.lexicon_scores, strict=True
    ):
        expected = max(lexicon, min(1.0, model + triage.MODEL_MARGIN))
        if prompt.startswith("bare") and kind != "sexual.explicit":
            expected = max(expected, *sexual_module.PERSON_EUPHEMISMS.values())
        assert bound[kind] == pytest.approx(max(expected, {f.kind: f.score for f in found}.get(kind, 0.0)))


def test_a_list_of_known_prompts_cannot_be_bounded() -> None:
    from consentry.text.known_prompts import KnownPrompts

    detector = SexualDetector(known_prompts=KnownPrompts([], {}, 0.0))
    detector.load()
    bare = Context(CheckRequest(prompt="a cat on a mat"))
    assert triage.bound(detector, bare, list(detector.detect(bare))) is None


@pytest.mark.parametrize(
    ("prompt", "likely"),
    [
        ("Taylor Swift topless on a beach", True),
        ("nude woman, oil painting", True),
        ("a cat on a mat", False),
        ("Dick Van Dyke smiling at the camera", False),
        ("Zendaya in the shower, photo", False),  # a scene of a person: no one-word term
    ],
)
def test_a_plainly_sexual_prompt_runs_every_detector_in_order(
    sexual: SexualDetector, prompt: str, likely: bool
) -> None:
    assert triage.likely_needs_people(sexual, Context(CheckRequest(prompt=prompt))) is likely
