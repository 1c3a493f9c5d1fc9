"""Signs of a minor in a prompt: ``minor.age``, ``minor.term``, ``minor.context``, ``minor.negative``.

- ``minor.age``: an explicit age under 18, written any way: ``17yo``, ``17 y/o``, ``a
  16-year-old``, ``aged 15``, ``seventeen``, ``sevn teen``, ``16 años``, ``15 ans``, ``14歳``,
  ``13岁``, ``12살``, ``15 лет``, ``dreizehn Jahre alt``, ``dieciséis años``, a youth noun and a
  number (``boy 12``, ``girl (14)``), a school year (``6th grade``)...
- ``minor.term``: youth nouns (child, kid, teen, schoolgirl, little girl...), anime tags used for
  childlike characters (loli, shota, mesugaki...), in several languages
  (``text/data/minor_terms.tsv``). ``1girl``/``1boy`` and plain "girl"/"boy" are not minors.
- ``minor.context``: school settings (elementary school, kindergarten, school uniform...).
- ``minor.negative``: the negative prompt pushes adulthood away ("adult", "mature", "adult
  body"): read in the negative prompt only. Youth words in the negative prompt push minors
  AWAY and are not a signal.

Each kind is reported once, with the score of its strongest sign and a span on it; the policy
combines minor signals with the sexual ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from consentry.detectors.base import Context, detector_id
from consentry.text.lexicon import Lexicon, load_terms
from consentry.text.normalize import Normalized, normalize
from consentry.types import Finding, Span, TextField

MINOR_KINDS = {"term": 1, "context": 2, "negative": 3, "safe": 0}
LEXICON_FILE = "minor_terms.tsv"
ADULT_AGE = 18

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17,
}  # fmt: skip
# "sevn teen", "fif teen", "seventeen", "sixteen": teens spelled loosely, with or without a space
_TEEN_WORD = (
    r"(?:thir|th1r|four|for|fif|six|siks|sev[ea]?n|sevem|svn|eigh?|nine)\s?teen"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)
_TEEN_VALUES = {"thir": 13, "th1r": 13, "four": 14, "for": 14, "fif": 15, "six": 16, "siks": 16, "svn": 17}
# ages written in words in the other languages of the age units (German, Spanish, French, Italian,
# Portuguese), accents folded as the normalizer folds them; counted only before an age unit
_FOREIGN_NUMBERS = {
    "zehn": 10, "elf": 11, "zwolf": 12, "dreizehn": 13, "vierzehn": 14, "funfzehn": 15, "sechzehn": 16,
    "siebzehn": 17,
    "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16,
    "diecisiete": 17,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "dix sept": 17,
    "dieci": 10, "undici": 11, "dodici": 12, "tredici": 13, "quattordici": 14, "quindici": 15, "sedici": 16,
    "diciassette": 17,
    "dez": 10, "treze": 13, "catorze": 14, "dezesseis": 16, "dezasseis": 16, "dezessete": 17, "dezassete": 17,
}  # fmt: skip
_FOREIGN_WORD = "|".join(sorted((re.escape(w) for w in _FOREIGN_NUMBERS), key=len, reverse=True))
_FOREIGN_UNIT = r"(?:anos|ano|ans|jahre alt|jahre|jahrige|anni)"
# units that follow an age: English and the other languages of the lexicons
_AGE_UNIT = (
    r"(?:yo|y0|y o|yr old|yrs old|yr|yrs|year old|years old|year|years|years of age"
    r"|anos|ano|ans|an|jahre alt|jahre|jahrige|anni|jaar|lat|yasinda|yas|let|лет|года|год"
    r"|歳|才|岁|歲|살)"
)
_AGE_PATTERNS: tuple[tuple[re.Pattern[str], float], ...] = (
    # 17yo, 17 y o, 17 year old, 16 anos, 15 лет, 14歳
    (re.compile(rf"(?<![\w.])(?P<n>\d{{1,2}})\s?(?P<unit>{_AGE_UNIT})(?![\w])"), 0.95),
    # 14歳の, 13岁的, 12살의: no word boundary after units of unspaced scripts
    (re.compile(r"(?<![\w.])(?P<n>\d{1,2})\s?(?P<unit>歳|才|岁|歲|살)"), 0.95),
    # aged 15, age 15, age of 15, looks 12, age: 12
    (re.compile(r"\b(?:aged|age|age of|ages|looks|looking|looks like|appears)\s(?P<n>\d{1,2})(?![\w.])"), 0.9),
    # seventeen year old, sevn teen yo, fifteen years old
    (re.compile(rf"\b(?P<w>{_TEEN_WORD})\s?(?P<unit>{_AGE_UNIT})(?![\w])"), 0.95),
    # aged seventeen, age fifteen
    (re.compile(rf"\b(?:aged|age|age of|looks)\s(?P<w>{_TEEN_WORD})\b"), 0.9),
    # dreizehn jahre alt, dieciseis anos, dix sept ans, quindici anni
    (re.compile(rf"\b(?P<w>{_FOREIGN_WORD})\s(?P<unit>{_FOREIGN_UNIT})(?![\w])"), 0.95),
    # a youth noun and a number: "boy 12", "girl, 12", "girl (12)", "daughter 14"
    (
        re.compile(
            r"\b(?:girl|boy|child|kid|daughter|son|sister|brother|niece|nephew|student|pupil)s?\s?,?\s"
            r"(?P<n>\d{1,2})(?![\w.])"
        ),
        0.85,
    ),
    # 6th grade, 8th grader, in 7th grade: school years below the last two
    (re.compile(r"\b(?P<g>\d{1,2})\s?(?:st|nd|rd|th)\s(?:grade|grader|graders|form|former|formers)\b"), 0.9),
)
# a teen number word alone ("seventeen", "sevn teen") not followed by a counted plural noun
_BARE_TEEN = re.compile(r"\b(?P<w>(?:thir|th1r|four|fif|six|siks|sev[ea]?n|sevem|svn)\s?teen)\b(?!\s\w+s\b)")
# ages are about people: "a 10 year old car" is not a minor
_NOT_PEOPLE = frozenset(
    [
        "car",
        "cars",
        "truck",
        "house",
        "building",
        "tree",
        "trees",
        "wine",
        "whisky",
        "whiskey",
        "scotch",
        "bottle",
        "cheese",
        "dog",
        "dogs",
        "cat",
        "cats",
        "horse",
        "puppy",
        "kitten",
        "company",
        "bridge",
        "church",
        "tradition",
        "painting",
        "photo",
        "photograph",
        "tortoise",
        "turtle",
        "parrot",
        "bike",
        "motorcycle",
        "computer",
        "laptop",
        "phone",
        "recipe",
        "boat",
        "ship",
        "plane",
        "shirt",
        "jacket",
        "shoes",
    ]
)
_UNIT_THAT_NEEDS_OLD = frozenset({"year", "years", "yr", "yrs", "an", "ano", "lat", "let", "jaar"})


# "baby elephants", "baby daikon", "kid goat", "juvenile hawk": young animals and plants
_YOUNG_OF = frozenset({"baby", "babies", "cub", "cubs", "kid", "kids", "juvenile", "newborn", "infant"})
_NOT_HUMAN_WORDS = (
    "elephant giraffe zebra bear lion tiger cat kitten dog puppy cow calf goat sheep lamb horse foal "
    "pony duck duckling chick chicken bird birds penguin owl eagle hawk seal otter panda koala monkey "
    "gorilla chimp deer fawn fox wolf rabbit bunny mouse rat turtle tortoise dolphin whale shark fish "
    "alligator crocodile dinosaur dragon animal animals pig piglet camel kangaroo hippo rhino squirrel "
    "carrot carrots spinach daikon corn potato potatoes tomato tomatoes kale lettuce greens bok choy "
    "bella broccoli plant plants tree trees bottle bottles shower blue pink grand food formula stroller "
    "carriage crib monitor doll dolls toy toys clothes shoes yoda buffalo bison moose elk antelope llama "
    "alpaca ostrich swan goose geese walrus hedgehog raccoon beaver bat bats lizard snake frog"
)
_NOT_HUMAN = frozenset(_NOT_HUMAN_WORDS.split())


def _young_of_a_thing(term: str, before: str, after: str) -> bool:
    """Whether ``term`` is "baby"/"cub"/"kid"... of an animal, a plant or a thing.

    "baby elephants", "baby daikon", "an elephant and its baby" (people have his or her baby).
    """
    if term not in _YOUNG_OF:
        return False
    if before.rstrip(" ").endswith((" its", " it")) or before.rstrip(" ") in ("its", "it"):
        return True
    following = after.lstrip(" ,").split(" ", 1)[0]
    return following in _NOT_HUMAN or following.rstrip("s") in _NOT_HUMAN


@dataclass(frozen=True, slots=True)
class MinorSign:
    kind: str  # age, term, context, negative
    score: float
    start: int  # offsets in the normalized text of ``field``
    end: int
    text: str
    field: TextField = "prompt"


def _teen_value(word: str) -> int | None:
    if word in _FOREIGN_NUMBERS:
        return _FOREIGN_NUMBERS[word]
    word = word.replace(" ", "")
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    if word.endswith("teen"):
        stem = word[:-4]
        if stem.startswith("sev") or stem.startswith("svn"):
            return 17
        if stem.startswith("eig"):
            return 18
        if stem.startswith("nin"):
            return 19
        return _TEEN_VALUES.get(stem)
    return None


_DIGIT = re.compile(r"\d")
# the patterns of ``_AGE_PATTERNS`` that match only where there is a digit
_NEEDS_DIGIT = tuple(r"\d" in pattern.pattern for pattern, _ in _AGE_PATTERNS)
# the others match only where the text holds one of these (a teen or number word, "age", a unit)
_NUMBER_STEMS: tuple[str, ...] = ("teen", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBER_STEMS += ("ten", "eleven", "twelve")
_NEEDS_WORD: tuple[tuple[str, ...], ...] = (
    (),
    (),
    (),
    _NUMBER_STEMS,  # a teen or number word and a unit
    ("age", "looks"),  # aged / age / age of / looks, then a teen word
    ("ano", "ans", "jahr", "anni"),  # a number word of another language, then its unit
    (),
    (),
)


# each list of ``_NEEDS_WORD`` as one pattern: whether the text holds one of its words
_NEEDS_WORD_RE = tuple(re.compile("|".join(map(re.escape, words))) if words else None for words in _NEEDS_WORD)


def find_ages(text: str) -> list[MinorSign]:
    """Explicit ages under 18 in normalized ``text``."""
    signs: list[MinorSign] = []
    digits = _DIGIT.search(text) is not None
    patterns = zip(_AGE_PATTERNS, _NEEDS_DIGIT, _NEEDS_WORD, _NEEDS_WORD_RE, strict=True)
    for (pattern, score), needs_digit, needs_word, needs_word_re in patterns:
        if needs_digit and not digits:
            continue
        if needs_word_re is not None and (
            needs_word_re.search(text) is None if _FAST_PATHS else not any(word in text for word in needs_word)
        ):
            continue
        for m in pattern.finditer(text):
            groups = m.groupdict()
            value: int | None
            if groups.get("g"):
                value = int(groups["g"]) + 5  # a school year: its pupils' age, about
            else:
                value = int(groups["n"]) if groups.get("n") else _teen_value(groups.get("w") or "")
            if value is None or value >= ADULT_AGE:
                continue
            unit = groups.get("unit") or ""
            after = text[m.end() :].split(" ", 2)
            following = after[1] if len(after) > 1 and after[0] == "" else (after[0] if after else "")
            if unit in _UNIT_THAT_NEEDS_OLD:
                # "10 years" alone is a duration, "16 lat" could be anything: require a person reading
                before = text[max(0, m.start() - 12) : m.start()]
                if not re.search(
                    r"\b(?:is|am|are|was|aged|age|she s|he s|girl|boy|girl of|boy of|van|von)\s*$", before
                ):
                    continue
            if following.strip(" ,") in _NOT_PEOPLE:
                continue
            if value == 0:
                continue
            signs.append(MinorSign("age", score, m.start(), m.end(), m.group()))
    for m in _BARE_TEEN.finditer(text) if "teen" in text else ():
        value = _teen_value(m.group("w"))
        if value is not None and value < ADULT_AGE and not any(s.start <= m.start() < s.end for s in signs):
            signs.append(MinorSign("age", 0.6, m.start(), m.end(), m.group()))
    return signs


# ``find_ages`` looks for the words of ``_NEEDS_WORD`` with one pattern each (off: each word in
# turn; tests/test_stage_fast_paths.py compares the two)
_FAST_PATHS = True


# "young Emma Watson", "teenage X": a youth word right before a person found in the prompt
_YOUTH_BEFORE_PERSON = {"young": 0.6, "younger": 0.6, "teenage": 0.9, "teen": 0.9, "little": 0.6, "child": 0.9}
# "X at 14", "when she was 15", "X, 13": an age right after a person (or a pronoun)
_AGE_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:at|at age|aged|age|when (?:she|he|they) (?:was|were|is)|as a|as an?)?\s?(?P<n>\d{1,2})"
    r"(?:\s?(?:yo|y o|years? old|years?))?(?![\w.:%])(?!\s?(?:pm|am|o clock|degrees|percent|km|mph|fps|k\b|mm))"
)
_PRONOUN_AGE = re.compile(
    r"\bwhen (?:she|he|they) (?:was|were|is) (?P<n>\d{1,2})(?![\w.:%])"
    r"|\b(?:she|he) (?:is|was) (?P<m>\d{1,2})(?![\w.:%])"
)


def person_ages(text: str, people: Sequence[tuple[int, int]]) -> list[MinorSign]:
    """Youth read around the people found: "young X", "X at 14", "X when she was 15"."""
    signs: list[MinorSign] = []
    for start, end in people:
        before = text[:start].rstrip(" ,")
        word = before.rsplit(" ", 1)[-1]
        if word in _YOUTH_BEFORE_PERSON:
            signs.append(MinorSign("term", _YOUTH_BEFORE_PERSON[word], len(before) - len(word), len(before), word))
        m = _AGE_AFTER.match(text[end : end + 40])
        if m and int(m.group("n")) < ADULT_AGE and m.group("n") != "0":
            signs.append(
                MinorSign("age", 0.9, end + m.start("n"), end + m.end(), text[end + m.start("n") : end + m.end()])
            )
    for m in _PRONOUN_AGE.finditer(text):
        n = m.group("n") or m.group("m")
        if int(n) < ADULT_AGE:
            signs.append(MinorSign("age", 0.85, m.start(), m.end(), m.group()))
    return signs


def _inside_a_name(sign: MinorSign, people: Sequence[tuple[int, int]]) -> bool:
    """A youth word that is one word of a longer name found in the prompt ("Nina" of "Nina Dobrev",
    "Kid" of "Kid Rock") is part of the name, not a child. A name that is nothing but the youth
    word ("Baby") or that lies inside it stays a sign; ages are never dropped."""
    if sign.kind != "term":
        return False
    return any(
        start <= sign.start and sign.end <= end and (end - start) > (sign.end - sign.start) for start, end in people
    )


class MinorSigns:
    """The minor lexicon and the age patterns. Built once (``load``), then pure."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    @classmethod
    def load(cls) -> MinorSigns:
        return cls(Lexicon(load_terms(LEXICON_FILE, MINOR_KINDS)))

    def in_prompt(self, text: str) -> list[MinorSign]:
        signs = find_ages(text)
        for hit in self.lexicon.find(text):
            kind = "term" if hit.term.grade == 1 else "context" if hit.term.grade == 2 else ""
            if kind and not _young_of_a_thing(hit.text, text[: hit.start], text[hit.end :]):
                signs.append(MinorSign(kind, hit.term.strength, hit.start, hit.end, hit.text))
        return signs

    def in_negative(self, text: str) -> list[MinorSign]:
        return [
            MinorSign("negative", hit.term.strength, hit.start, hit.end, hit.text, "negative_prompt")
            for hit in self.lexicon.find(text)
            if hit.term.grade == 3
        ]


class MinorDetector:
    """Reports ``minor.age``, ``minor.term``, ``minor.context`` and ``minor.negative``."""

    name: ClassVar[str] = "minor"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "minor"
    kinds: ClassVar[tuple[str, ...]] = ("minor.age", "minor.term", "minor.context", "minor.negative")

    REPORT_FLOOR: ClassVar[float] = 0.2

    def __init__(self) -> None:
        self._signs: MinorSigns | None = None

    def load(self) -> None:
        if self._signs is None:
            self._signs = MinorSigns.load()

    def applies(self, context: Context) -> bool:
        request = context.request
        return bool(request.prompt.strip() or request.negative_prompt.strip())

    def detect(self, context: Context) -> Sequence[Finding]:
        self.load()
        assert self._signs is not None
        request = context.request
        prompt = context.memo("normalized:prompt", lambda: normalize(request.prompt))
        negative = context.memo("normalized:negative_prompt", lambda: normalize(request.negative_prompt))
        people = [
            (prompt.from_original(f.span.start), prompt.from_original(f.span.end))
            for f in context.findings
            if f.family == "person"
            and f.span is not None
            and f.span.field == "prompt"
            and f.score >= context.min_score("real_person", f.kind)
        ]
        signs = [s for s in self._signs.in_prompt(prompt.text) if not _inside_a_name(s, people)]
        signs += self._signs.in_negative(negative.text)
        signs += person_ages(prompt.text, people)
        texts: dict[str, Normalized] = {"prompt": prompt, "negative_prompt": negative}
        findings = []
        for kind in ("age", "term", "context", "negative"):
            of_kind = sorted((s for s in signs if s.kind == kind), key=lambda s: (-s.score, s.start))
            if not of_kind or of_kind[0].score < self.REPORT_FLOOR:
                continue
            best = of_kind[0]
            start, end = texts[best.field].to_original(best.start, best.end)
            findings.append(
                Finding(
                    kind=f"minor.{kind}",
                    score=best.score,
                    detector=detector_id(type(self)),
                    reason=f"minor-{kind}",
                    span=Span(start, end, best.field) if end > start else None,
                    subject=best.text,
                    evidence={"terms": tuple(dict.fromkeys(s.text for s in of_kind))[:5], "field": best.field},
                )
            )
        return findings
