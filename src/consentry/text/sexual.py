"""Sexual intent in the prompt: one graded signal (none / suggestive / nudity / explicit).

Two layers read the normalized prompt:

- a graded lexicon (``text/data/sexual_terms.tsv``, 28 languages, euphemisms, benign phrases
  that mask look-alike words) gives explainable spans;
- a linear model over hashed word and character n-grams (``text/data/sexual_model.npz``,
  trained by ``training/train_sexual.py``) gives a probability for each grade and catches
  wordings the lexicon does not list;
- word use (``consentry.text.sexual_context``): ambiguous words by their neighbours, verbs
  with a person as object, undressing edits, the negative prompt, disguised words;
- optionally (not by default), a list of public prompts known to produce nude images
  (``consentry.text.known_prompts``) finds copies of them with the subject swapped for a name.

For each grade the score is the probability that the prompt reaches at least that grade: the
larger of the model's cumulative probability and the strength of the strongest term of that
grade or above. One finding is reported per grade reached (score of at least ``REPORT_FLOOR``,
a floor for noise, not a decision: the policy compares scores with its own thresholds).

Of the negative prompt only one thing is read: "nsfw, nude" there asks for a clean image, but a
negative prompt that pushes every garment away and says nothing against nudity asks for nudity
(``consentry.text.sexual_context.negative_prompt_hits``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from consentry.detectors.base import Context, detector_id
from consentry.text.features import char_ngram_word_index, feature_text, hashed_features, hashed_word_features
from consentry.text.known_prompts import KnownPrompts, is_content_word
from consentry.text.lexicon import GRADES, Hit, Lexicon, Term, load_terms, text_words, word_spans
from consentry.text.normalize import Normalized, normalize
from consentry.text.sexual_context import context_hits, disguised_words, english_words, negative_prompt_hits
from consentry.types import Finding, Span

MODEL_FILE = "sexual_model.npz"
LEXICON_FILE = "sexual_terms.tsv"
REPORT_FLOOR = 0.2
# below this many words the model's scores are scaled down (words / SHORT_TEXT_WORDS)
SHORT_TEXT_WORDS = 3
# The model was trained on English prompts: on a text most of whose words are in another language
# ("tempo quente, crianças nadando na piscina") its hashed n-grams are noise, read as nudity as often
# as not. Where at least this share of the model's words (three or more) are not English, its
# scores count in proportion to the English words; the lexicon reads the other languages.
FOREIGN_SHARE = 0.6
KINDS = ("sexual.suggestive", "sexual.nudity", "sexual.explicit")
ASSESSMENT_MEMO = "sexual:assessment"  # the check's last assessment, for the guard's triage


class SexualIntentModel:
    """The trained linear model: 4 grades over hashed n-grams. Pure numpy at inference."""

    def __init__(self, weights: npt.NDArray[np.float32], bias: npt.NDArray[np.float32], bits: int) -> None:
        self.weights = weights
        self.bias = bias
        self.bits = bits

    @classmethod
    def load(cls, path: str | None = None) -> SexualIntentModel:
        if path is None:
            raw = resources.files("consentry.text").joinpath("data", MODEL_FILE).read_bytes()
        else:
            with open(path, "rb") as handle:
                raw = handle.read()
        with np.load(io.BytesIO(raw), allow_pickle=False) as data:
            return cls(data["weights"].astype(np.float32), data["bias"].astype(np.float32), int(data["bits"]))

    def logits(self, text: str) -> npt.NDArray[np.float32]:
        return self._logits(hashed_features(text, self.bits))

    def _logits(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        if len(ids) == 0:
            return self.bias.copy()
        # the rows added in float32 one after the other, in the order of ``ids`` (as
        # ``weights[ids].sum(axis=0)`` adds them; a running sum costs a quarter of that)
        summed: npt.NDArray[np.float32] = np.add.accumulate(self.weights.take(ids, axis=0), axis=0)[-1]
        return summed / np.float32(np.sqrt(len(ids))) + self.bias

    def probabilities(self, text: str) -> npt.NDArray[np.float64]:
        """P(grade) for none, suggestive, nudity, explicit."""
        return self._probabilities(self._logits(hashed_features(text, self.bits)))

    def word_probabilities(self, words: list[str]) -> npt.NDArray[np.float64]:
        """``probabilities`` of a text whose words (``lexicon.word_spans``) are ``words``."""
        return self._probabilities(self._logits(hashed_word_features(words, self.bits)))

    def word_cumulative(self, words: list[str]) -> tuple[float, float, float]:
        """P(at least suggestive), P(at least nudity), P(explicit) of the text of ``words``: the
        sums of ``word_probabilities``, to the last bit, in Python floats."""
        logits = self._logits(hashed_word_features(words, self.bits)).tolist()
        top = max(logits)
        e = np.exp([value - top for value in logits]).tolist()
        total = e[0] + e[1] + e[2] + e[3]  # as numpy adds four numbers: in order
        p1, p2, p3 = e[1] / total, e[2] / total, e[3] / total
        return (p1 + p2 + p3, p2 + p3, p3)

    @staticmethod
    def _probabilities(logits: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        z = logits.astype(np.float64)
        z -= z.max()
        e = np.exp(z)
        out: npt.NDArray[np.float64] = e / e.sum()
        return out

    def word_contributions(self, text: str, grade: int) -> list[tuple[int, float]]:
        """(word number, contribution) of each word of ``text`` towards ``grade`` or above."""
        padded, spans = feature_text(text)
        words = [text[s:e] for s, e in spans]
        if not words:
            return []
        ids = hashed_features(text, self.bits)
        rows = self.weights[ids]  # only the features present: the full table is large
        values = (rows[:, grade:].mean(axis=1) - rows[:, :grade].mean(axis=1)) / np.sqrt(len(ids))
        n = len(words)
        owners = np.concatenate(
            (
                np.arange(n),
                np.arange(n - 1),  # a word pair counts for its first word
                char_ngram_word_index(padded),
            )
        )
        totals = np.zeros(n)
        keep = owners >= 0
        np.add.at(totals, owners[keep], values[keep])
        return sorted(((i, float(v)) for i, v in enumerate(totals)), key=lambda p: -p[1])


@dataclass(frozen=True, slots=True)
class SexualAssessment:
    """What the prompt reaches: per-grade scores and what drove them (normalized offsets)."""

    scores: tuple[float, float, float]  # at least suggestive, at least nudity, explicit
    model_scores: tuple[float, float, float]
    lexicon_scores: tuple[float, float, float]
    hits: tuple[Hit, ...]
    model_text: str
    # the model's scores before the short-text and foreign-language scaling (read by the triage)
    unscaled_model_scores: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def grade(self) -> int:
        """The highest grade whose score is at least 0.5 (0 = none)."""
        return max((g + 1 for g, s in enumerate(self.scores) if s >= 0.5), default=0)


class SexualIntent:
    """Lexicon + model over normalized text. Built once (``load``), then pure."""

    def __init__(self, lexicon: Lexicon, model: SexualIntentModel) -> None:
        self.lexicon = lexicon
        self.model = model
        self._english: frozenset[str] | None = None  # read on first use (see ``english_share``)

    @classmethod
    def load(cls) -> SexualIntent:
        return cls(Lexicon(load_terms(LEXICON_FILE)), SexualIntentModel.load())

    def assess(
        self,
        normalized_text: str,
        extra_hits: Sequence[Hit] = (),
        normalized: Normalized | None = None,
        people: Sequence[tuple[int, int]] = (),
        names: Sequence[tuple[int, int]] = (),
        words: Sequence[tuple[str, int, int]] | None = None,
    ) -> SexualAssessment:
        """Scores of ``normalized_text``; ``extra_hits`` are terms found by the caller (see below).

        With ``normalized`` (the text's normalization record), an ambiguous term written in
        disguise counts at its ``obfuscated`` strength ("c0ck" is no rooster), except inside the
        names of ``people`` found there ("D.i.c.k.B.u.t.k.u.s" is Dick Butkus). ``names`` (the
        people found with confidence) are blanked for the model, as in training: who is named
        says nothing about what is asked for. ``words``: ``word_spans(normalized_text)``, when the
        caller has them.
        """
        if words is None:
            words = word_spans(normalized_text)
        hits, masked = self.lexicon.scan(normalized_text, words)
        if normalized is not None:
            hits = [hit if any(s <= hit.start < e for s, e in people) else disguised(hit, normalized) for hit in hits]
        hits += extra_hits
        blanked = [*masked, *names]
        text = blank_spans(normalized_text, blanked)
        # the model reads the words left once safe phrases and names are blanked
        model_words = [w for w, _, _ in (word_spans(text) if blanked else words)]
        cumulative = self.model.word_cumulative(model_words)
        unscaled = cumulative
        # one or two words are too little evidence for the model ("love", "molecule"): shrink
        count = len(model_words)
        if count < SHORT_TEXT_WORDS:
            cumulative = (
                cumulative[0] * count / SHORT_TEXT_WORDS,
                cumulative[1] * count / SHORT_TEXT_WORDS,
                cumulative[2] * count / SHORT_TEXT_WORDS,
            )
        english = self._english_share_up_to(model_words, 1 - FOREIGN_SHARE)
        if english is not None:
            cumulative = (cumulative[0] * english, cumulative[1] * english, cumulative[2] * english)
        lexicon = [0.0, 0.0, 0.0]
        for hit in hits:
            for g in range(hit.term.grade):
                lexicon[g] = max(lexicon[g], hit.term.strength)
        scores = tuple(max(m, x) for m, x in zip(cumulative, lexicon, strict=True))
        return SexualAssessment(
            scores=(scores[0], scores[1], scores[2]),
            model_scores=cumulative,
            lexicon_scores=(lexicon[0], lexicon[1], lexicon[2]),
            hits=tuple(hits),
            model_text=text,
            unscaled_model_scores=unscaled,
        )

    def _english_share_up_to(self, words: Sequence[str], most: float) -> float | None:
        """``english_share(words)`` where it is ``most`` or less, else None: the words are looked
        up until more than ``most`` of them are English (most prompts: a few words in)."""
        if not _FAST_PATHS:
            share = self.english_share(words)
            return share if share <= most else None
        counted = [w for w in words if len(w) > 1 and (w.isalpha() or not any(c.isdigit() for c in w))]
        if len(counted) < 3:
            return 1.0 if most >= 1.0 else None
        if self._english is None:
            self._english = english_words() | {w for t in self.lexicon.terms if t.lang == "en" for w in t.words}
        english = self._english
        enough = most * len(counted)  # more English words than this: the share is above ``most``
        found = 0
        for word in counted:
            if word in english:
                found += 1
                if found > enough:
                    return None
        share = found / len(counted)
        return share if share <= most else None

    def english_share(self, words: Sequence[str]) -> float:
        """The share of ``words`` (of two characters or more, no digits) that are English; 1.0
        when fewer than three such words."""
        # a word of letters alone has no digit (no character is both), so most words skip the scan
        counted = [w for w in words if len(w) > 1 and (w.isalpha() or not any(c.isdigit() for c in w))]
        if len(counted) < 3:
            return 1.0
        if self._english is None:
            # the dictionary and the words of the lexicon's English terms ("nsfw", "upskirt")
            self._english = english_words() | {w for t in self.lexicon.terms if t.lang == "en" for w in t.words}
        return sum(map(self._english.__contains__, counted)) / len(counted)


# ``assess`` stops reading a prompt's words for English once the share cannot be foreign (off:
# every word read; tests/test_stage_fast_paths.py compares the two)
_FAST_PATHS = True
_DISGUISES = frozenset({"leet", "separators", "confusables"})


def disguised(hit: Hit, normalized: Normalized) -> Hit:
    """The hit at its ``obfuscated`` strength where its letters were written in disguise."""
    term = hit.term
    if term.obfuscated <= term.strength or not _DISGUISES.intersection(normalized.steps_in(hit.start, hit.end)):
        return hit
    return Hit(
        replace(term, strength=term.obfuscated, source=f"{term.source} (disguised)"), hit.start, hit.end, hit.text
    )


def blank_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` replaced by spaces (offsets are kept)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


class SexualDetector:
    """Reports ``sexual.suggestive``, ``sexual.nudity`` and ``sexual.explicit`` for the prompt."""

    name: ClassVar[str] = "sexual"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "sexual"
    kinds: ClassVar[tuple[str, ...]] = KINDS

    def __init__(self, known_prompts: KnownPrompts | None = None) -> None:
        """``known_prompts``: a list of known nudity prompts to match (default: none).

        The bundled list (``KnownPrompts.load()``) is not used by default since 2026-12: on
        prompts it was not built from it raised no rating (``training/known_list_value.py``).
        """
        self._intent: SexualIntent | None = None
        self._known = known_prompts

    def load(self) -> None:
        if self._intent is None:
            self._intent = SexualIntent.load()

    def applies(self, context: Context) -> bool:
        return bool(context.request.prompt.strip())

    def detect(self, context: Context) -> Sequence[Finding]:
        self.load()
        assert self._intent is not None
        prompt = context.request.prompt
        normalized = context.memo("normalized:prompt", lambda: normalize(prompt))
        words = text_words(normalized.text)
        people = person_ranges(normalized, context)
        names = person_ranges(normalized, context, NAME_MASK_SIGNAL)
        extra = person_euphemisms(normalized, people)
        if self._known is not None:
            extra += known_prompt_hits(normalized, people, self._known)
        read = context_hits(normalized.text, names, words) + disguised_words(prompt, normalized)
        read += person_scenes(normalized.text, names)
        # a word inside a person's name is part of the name ("Dick Cavett", "D1ck V4n Dyk3")
        extra += [h for h in read if not any(s <= h.start < e for s, e in names)]
        texts = {"prompt": normalized}
        negative_text = context.request.negative_prompt
        if negative_text.strip():
            negative = context.memo("normalized:negative_prompt", lambda: normalize(negative_text))
            texts["negative_prompt"] = negative
            extra += [replace(h, field="negative_prompt") for h in negative_prompt_hits(negative.text)]
        assessment = self._intent.assess(normalized.text, extra, normalized, people, names, words)
        context.remember(ASSESSMENT_MEMO, assessment)
        return findings_for(assessment, texts, self._intent.model, detector_id(type(self)))


# "bare Kim Jongwoon on the beach", "uncovered Larry Holmes": an adjective that means unclothed
# right before a person found by an earlier detector. Alone these words are too common ("bare
# trees", "exposed brick") to be in the lexicon.
PERSON_EUPHEMISMS = {"bare": 0.8, "uncovered": 0.75, "exposed": 0.75, "stripped": 0.7, "unveiled": 0.6}


# Scenes that imply undress or intimacy when said of a real person ("Zendaya in the shower",
# "X under the sheets"), too common alone to be in the lexicon ("a bathroom with a shower", "two
# kids taking a bath", "a girl on her knees planting flowers"): suggestive, only when a person was
# found in the prompt with confidence.
PERSON_SCENES = {
    **dict.fromkeys(("in the shower", "taking a shower", "showering", "taking a bath", "in the bath"), 0.6),
    **dict.fromkeys(("in the bathtub", "in a bathtub", "bubble bath", "under the sheets", "in bed with him"), 0.6),
    **dict.fromkeys(("in bed with a man", "in bed with her boyfriend", "in bed with her husband"), 0.6),
    **dict.fromkeys(("wrapped in a sheet", "wrapped in a bedsheet", "on her knees", "tan lines"), 0.65),
    **dict.fromkeys(("in the sauna", "in a hot tub", "in the hot tub", "in a jacuzzi", "sunbathing"), 0.55),
}
_AFTER_PREDICATE = frozenset(("", ",", "on", "in", "at", "and", "except", "but", "with", "under", "by", "for", "while"))
# The same for scenes that say nudity or sex of a real person ("X completely bare", "X mooning
# the crowd", "X hooking up with"): too common alone ("a completely bare room", "the moon").
PERSON_NUDE_SCENES = {
    **dict.fromkeys(("completely bare", "fully bare", "totally bare", "showing everything", "mooning"), (2, 0.75)),
    **dict.fromkeys(("nothing covering her", "flashing the camera", "flashing the crowd", "spread wide"), (2, 0.75)),
    **dict.fromkeys(("hooking up with", "hooks up with", "hooked up with", "one night stand with"), (3, 0.7)),
}


def person_scenes(text: str, names: Sequence[tuple[int, int]]) -> list[Hit]:
    """Hits for the scenes of ``PERSON_SCENES`` and ``PERSON_NUDE_SCENES`` in a prompt that names a person."""
    if not names:
        return []
    padded = f" {text} "
    hits: list[Hit] = []
    present = set(text.split(" "))
    for phrase, grade, strength, needs in _SCENES:
        if not needs <= present:
            continue  # a word of the phrase is not in the text
        at = padded.find(f" {phrase} ")
        if at >= 0 and phrase.endswith(" bare"):
            # said of the person ("X completely bare, on the beach"), not of a thing ("a bare room")
            following = padded[at + len(phrase) + 2 :].split(" ", 1)[0]
            at = at if following in _AFTER_PREDICATE else -1
        if at >= 0:
            term = Term("en", grade, strength, (), source=f"{phrase} (a person)")
            hits.append(Hit(term, at, at + len(phrase), phrase))
    return hits


_SCENES = [(phrase, 1, strength, frozenset(phrase.split(" "))) for phrase, strength in PERSON_SCENES.items()]
_SCENES += [
    (phrase, grade, strength, frozenset(phrase.split(" "))) for phrase, (grade, strength) in PERSON_NUDE_SCENES.items()
]


# People found sure enough to count for this signal of the loaded policy (by their score) are
# blanked for the model; ``training/train_sexual.py`` blanks at the default policy's threshold.
NAME_MASK_SIGNAL = "real_person"
NAME_MASK_MIN_SCORE = 0.5  # the default policy's real_person threshold, for training


def person_ranges(normalized: Normalized, context: Context, sure_for: str | None = None) -> list[tuple[int, int]]:
    """Where the people found by earlier detectors are, as ranges of the normalized prompt.

    With ``sure_for`` (a signal of the policy), only people found at that signal's threshold.
    """
    ranges = []
    for finding in context.findings:
        span = finding.span
        if finding.family != "person" or span is None or span.field != "prompt":
            continue
        if sure_for is not None and finding.score < context.min_score(sure_for, finding.kind):
            continue
        ranges.append((normalized.from_original(span.start), normalized.from_original(span.end)))
    return ranges


def person_euphemisms(normalized: Normalized, people: Sequence[tuple[int, int]]) -> list[Hit]:
    """Hits for an unclothed-meaning adjective just before a person named in the prompt."""
    hits: list[Hit] = []
    for position, _ in people:
        before = normalized.text[:position].rstrip(" ")
        for article in (" a", " the", " an"):
            if before.endswith(article):
                before = before[: -len(article)].rstrip(" ")
        word = before.rsplit(" ", 1)[-1]
        if word in PERSON_EUPHEMISMS:
            start = len(before) - len(word)
            term = Term("en", 2, PERSON_EUPHEMISMS[word], (word,), source=f"{word} + a person")
            hits.append(Hit(term, start, len(before), word))
    return hits


# A known nudity prompt counts from this similarity on; its strength is the similarity less
# KNOWN_MARGIN, at most KNOWN_MAX (so 0.55 is the least similarity that reaches 0.5).
KNOWN_MIN_SIMILARITY = 0.45
KNOWN_MARGIN = 0.05
KNOWN_MAX = 0.9


def known_prompt_hits(normalized: Normalized, people: Sequence[tuple[int, int]], known: KnownPrompts) -> list[Hit]:
    """A nudity hit when the prompt, without the people in it, is a near copy of a known nudity prompt."""
    words = [
        (word, start, end)
        for word, start, end in word_spans(normalized.text)
        if is_content_word(word) and not any(s <= start < e for s, e in people)
    ]
    match = known.best({w for w, _, _ in words})
    if match is None or match.similarity < KNOWN_MIN_SIMILARITY:
        return []
    shared = [(start, end) for word, start, end in words if word in match.shared]
    strength = round(min(KNOWN_MAX, match.similarity - KNOWN_MARGIN), 3)
    label = (
        f"known prompt ({match.prompt.source}, {match.prompt.nude_percent:.0f}% of images nude, "
        f"similarity {match.similarity:.2f}): {match.prompt.text[:80]}"
    )
    term = Term("en", 2, strength, (), source=label)
    return [Hit(term, shared[0][0], shared[-1][1], label)]


def findings_for(
    assessment: SexualAssessment,
    texts: Normalized | dict[str, Normalized],
    model: SexualIntentModel,
    detector: str,
) -> list[Finding]:
    """One finding per grade reached; ``texts``: the normalized prompt (and negative prompt) by field."""
    if isinstance(texts, Normalized):
        texts = {"prompt": texts}
    normalized = texts["prompt"]
    findings: list[Finding] = []
    words: list[tuple[int, int]] | None = None  # of the model's text, when a finding needs them
    for g, kind in enumerate(KINDS):
        score = assessment.scores[g]
        if score < REPORT_FLOOR:
            continue
        grade = g + 1
        supporting = sorted((h for h in assessment.hits if h.term.grade >= grade), key=lambda h: -h.term.strength)
        top_words: list[tuple[int, int]] = []
        ngrams: list[str] = []
        if assessment.model_scores[g] >= REPORT_FLOOR:
            if words is None:
                words = [(m_start, m_end) for _, m_start, m_end in _words(assessment.model_text)]
            for index, value in model.word_contributions(assessment.model_text, grade)[:3]:
                if value <= 0:
                    break
                start, end = words[index]
                top_words.append((start, end))
                ngrams.append(assessment.model_text[start:end])
        field = "prompt"
        if supporting:
            start, end, field = supporting[0].start, supporting[0].end, supporting[0].field
            reason = "sexual-terms" if assessment.lexicon_scores[g] >= assessment.model_scores[g] else "sexual-model"
        elif top_words:
            start, end = top_words[0]
            reason = "sexual-model"
        else:
            start = end = -1
            reason = "sexual-model"
        span = None
        if start >= 0:
            o_start, o_end = texts.get(field, normalized).to_original(start, end)
            if o_end > o_start:
                span = Span(o_start, o_end, "negative_prompt" if field == "negative_prompt" else "prompt")
        findings.append(
            Finding(
                kind=kind,
                score=round(score, 4),
                detector=detector,
                reason=reason,
                span=span,
                subject=GRADES[grade],
                evidence={
                    "terms": tuple(dict.fromkeys(h.text for h in supporting))[:5],
                    "term_languages": tuple(dict.fromkeys(h.term.lang for h in supporting))[:5],
                    "ngrams": tuple(ngrams),
                    "model_score": round(assessment.model_scores[g], 4),
                    "lexicon_score": round(assessment.lexicon_scores[g], 4),
                },
            )
        )
    return findings


def _words(text: str) -> Sequence[tuple[str, int, int]]:
    return text_words(text)
