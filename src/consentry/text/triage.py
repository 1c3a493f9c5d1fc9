"""How high the sexual and minor detectors' scores could go once the people are found.

The sexual and minor detectors read the people found before them (``reads = ("person",)``): the
sexual model reads the prompt with the names blanked ("Dick Van Dyke"), and some of their rules
need a person ("bare X", "X in the shower", "riding X", "X's skirt off", "young X", "X at 14").
The guard may run them first without the people (the people matcher is the costly stage) and ask
here for an upper bound of each kind's score with any people at all. Where the bound is under
every threshold that could matter, the policy needs no people for this request.

What can change with people, and how it is bounded (every rule of ``sexual.py``,
``sexual_context.py`` and ``minor.py`` that reads a person is listed here; a new one must be):

- lexicon hits inside a person keep their plain strength instead of the disguised one, and words
  inside a name are no hit ("Dick Cavett"), a youth word inside a longer name is no sign ("Kid
  Rock"): people only lower these, so the scores without people bound them;
- ``person_euphemisms`` ("bare X"): a word of ``PERSON_EUPHEMISMS`` after a space counts at its
  strength as nudity;
- ``person_scenes`` ("X in the shower"): the scenes found as if a person were named;
- ``context_hits``: the verbs with a person as object (``PERSON_VERBS``), "give ... a blow/head",
  "take turns with", "doing it" count as explicit at any strength (score bound 1.0) where the
  words each rule needs occur; ``undressing`` ("Jisoo's skirt off") reads people only as "a name
  ends just before this garment": each garment is read both ways, and the stronger hits kept;
- the model reads the words left once the names are blanked: its score before the short-text and
  foreign-language scaling (which only lower it), plus ``MODEL_MARGIN``;
- ``person_ages``: a youth word of ``_YOUTH_BEFORE_PERSON`` after a space, or an age of its
  pattern (under 18) anywhere, make ``minor.term`` or ``minor.age`` possible at any score.

``tests/test_triage.py`` holds these bounds to the detectors run with people, over random prompts
built from the word tables; ``scripts/compare_lazy_guard.py`` compares whole decisions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from consentry.detectors.base import Context, Detector
from consentry.text import minor as minor_module
from consentry.text import sexual as sexual_module
from consentry.text import sexual_context
from consentry.text.lexicon import Hit, text_words
from consentry.text.normalize import Normalized, normalize
from consentry.types import Finding

# How far blanking the names may lift the model's score for a grade above its unscaled score
# without them. Not a proof: a measured bound with room. On the 21,208 checks of
# ``scripts/compare_lazy_guard.py`` (adult content on) whose prompt names someone, 6 reach 0.5
# only by the model once the names are blanked, from at least 0.226 without them ("Elle Fanning
# dressed in nothing": five words, three once blanked): the largest rise that mattered, 0.274.
MODEL_MARGIN = 0.4

_SEXUAL_KINDS = sexual_module.KINDS
_EUPHEMISM = re.compile(r"(?:^| )(?:" + "|".join(map(re.escape, sexual_module.PERSON_EUPHEMISMS)) + ")")
_EUPHEMISM_STRENGTH = max(sexual_module.PERSON_EUPHEMISMS.values())
# the words at which ``context_hits`` reads people (besides ``undressing``), each with the words
# its rule needs besides (none: any)
_PERSON_VERBS = frozenset(sexual_context.PERSON_VERBS)
_NEEDS: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset(sexual_context._GIVING), frozenset({"blow", "blows", "head"})),  # "giving X a blow"
    (frozenset({"take", "takes", "taking", "took"}), frozenset({"turns"})),  # "taking turns on X"
    (frozenset({"doing"}), frozenset({"it"})),  # "X and her boyfriend doing it on the beach"
)
_GARMENTS = sexual_context.GARMENTS

_YOUTH = re.compile(r"(?:^| )(?:" + "|".join(map(re.escape, minor_module._YOUTH_BEFORE_PERSON)) + ")")
# the age pattern read after a person, from its age on, tried at every position
_AGE_PATTERN = minor_module._AGE_AFTER.pattern
_AGE_ANYWHERE = re.compile("(?=" + _AGE_PATTERN[_AGE_PATTERN.index("(?P<n>") :] + ")")


def can_triage(detector: Detector) -> bool:
    """Whether ``bound`` knows ``detector`` (the bundled sexual and minor detectors)."""
    return isinstance(detector, sexual_module.SexualDetector | minor_module.MinorDetector)


def bound(
    detector: Detector, context: Context, found: Sequence[Finding], *, margin: float | None = None
) -> dict[str, float] | None:
    """Kind -> the highest score ``detector`` could give it with any people found, given what it
    found without them (``found``, in ``context``); None when it cannot say (run the people).
    ``margin``: the model's (default ``MODEL_MARGIN``)."""
    if isinstance(detector, sexual_module.SexualDetector):
        return sexual_bound(detector, context, found, MODEL_MARGIN if margin is None else margin)
    if isinstance(detector, minor_module.MinorDetector):
        return minor_bound(context, found)
    return None


_STRONG: dict[int, frozenset[str]] = {}  # by id of a sexual lexicon: its strong one-word terms


def likely_needs_people(detector: Detector, context: Context) -> bool:
    """Whether the prompt has a one-word sexual term of strength 0.5 or more ("nude", "topless"):
    then the people will most likely be needed, and running every detector in order saves running
    the sexual detector twice. Only a choice of order: the decision is the same either way."""
    if not isinstance(detector, sexual_module.SexualDetector):
        return False
    intent = getattr(detector, "_intent", None)
    lexicon = getattr(intent, "lexicon", None)
    if lexicon is None or not context.request.prompt.strip():
        return False
    strong = _STRONG.get(id(lexicon))
    if strong is None:
        terms = lexicon.terms
        strong = frozenset(t.words[0] for t in terms if len(t.words) == 1 and t.grade >= 1 and t.strength >= 0.5)
        _STRONG[id(lexicon)] = strong
    prompt = context.request.prompt
    normalized = context.memo("normalized:prompt", lambda: normalize(prompt))
    return any(word in strong for word, _, _ in text_words(normalized.text))


def _scores(found: Sequence[Finding], kinds: Sequence[str]) -> dict[str, float]:
    scores = dict.fromkeys(kinds, 0.0)
    for finding in found:
        if finding.kind in scores:
            scores[finding.kind] = max(scores[finding.kind], finding.score)
    return scores


def _raise(scores: dict[str, float], grade: int, strength: float) -> None:
    """A hit of ``grade`` counts for that grade and every lower one."""
    for kind in _SEXUAL_KINDS[:grade]:
        scores[kind] = max(scores[kind], strength)


def sexual_bound(
    detector: sexual_module.SexualDetector, context: Context, found: Sequence[Finding], margin: float = MODEL_MARGIN
) -> dict[str, float] | None:
    scores = _scores(found, _SEXUAL_KINDS)
    if not context.request.prompt.strip():
        return scores  # it does not apply, with people or without
    assessment = context.memoized(sexual_module.ASSESSMENT_MEMO)
    normalized = context.memoized("normalized:prompt")
    if getattr(detector, "_known", None) is not None:
        return None  # a list of known prompts is matched without the people's words
    if not isinstance(assessment, sexual_module.SexualAssessment) or not isinstance(normalized, Normalized):
        return None
    for kind, model, lexicon in zip(
        _SEXUAL_KINDS, assessment.unscaled_model_scores, assessment.lexicon_scores, strict=True
    ):
        scores[kind] = max(scores[kind], lexicon, min(1.0, model + margin))
    text = normalized.text
    words = text_words(text)
    if _EUPHEMISM.search(text):
        _raise(scores, 2, _EUPHEMISM_STRENGTH)
    for hit in sexual_module.person_scenes(text, [(0, 0)]):
        _raise(scores, hit.term.grade, hit.term.strength)
    present = {word for word, _, _ in words}
    if present & _PERSON_VERBS or any(present & starts and present & needs for starts, needs in _NEEDS):
        _raise(scores, 3, 1.0)
    garments = [start for word, start, _ in words if word in _GARMENTS]
    if garments:
        for hit in _undressing_after_a_name(text, words, garments):
            _raise(scores, hit.term.grade, hit.term.strength)
    return scores


def _undressing_after_a_name(text: str, words: Sequence[tuple[str, int, int]], garments: Sequence[int]) -> list[Hit]:
    """``undressing`` with a name ending just before every garment (the rule reads a name only so)."""
    ends = [(0, start - gap) for start in garments for gap in range(4)]
    return sexual_context.undressing(text, list(words), ends)


def minor_bound(context: Context, found: Sequence[Finding]) -> dict[str, float]:
    kinds = ("minor.age", "minor.term", "minor.context", "minor.negative")
    scores = _scores(found, kinds)
    normalized = context.memoized("normalized:prompt")
    text = normalized.text if isinstance(normalized, Normalized) else ""
    if not text:
        return scores
    if _YOUTH.search(text):
        scores["minor.term"] = 1.0
    if any(c.isdigit() for c in text) and _has_young_age(text):
        scores["minor.age"] = 1.0
    return scores


def _has_young_age(text: str) -> bool:
    for match in _AGE_ANYWHERE.finditer(text):
        n = match.group("n")
        if int(n) < minor_module.ADULT_AGE and n != "0":
            return True
    return False


def describe(bounds: Mapping[str, float]) -> str:
    """``kind <= score`` for the kinds that could be found, for the decision's explanation."""
    shown = [f"{kind} <= {score:.2f}" for kind, score in sorted(bounds.items()) if score > 0]
    return ", ".join(shown) or "nothing"
