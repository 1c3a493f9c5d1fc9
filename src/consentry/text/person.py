"""The ``person`` detector: real people named in a prompt, however the name is written.

Two kinds of findings:

- ``person.named``: a person from the bundled people index (``text/data/people_index/``,
  built by ``consentry people build``). ``subject`` is the person id.
- ``person.protected``: an identity an operator registered in the gallery store (a private
  person who asked not to be generated, a streamer, staff), by name and aliases, matched the
  same way, with no rebuild. ``subject`` is the identity id.

The matcher works on the normalized text (``consentry.text.normalize``) and looks every run of
one to four words up by its letters joined together, so that ``Taylor Swift``,
``taylorswift``, ``TaylorSwift``, ``t.a.y.l.o.r swift``, ``tay lor swift``, ``T4yl0r Sw1ft``,
``(taylor swift:1.2)`` and ``Taylor Swift's`` are one key; words that are not in the index are
also tried with one or two typos against the index's name tokens. Each alias carries a kind
(full name, surname first, initial + surname, stage name with its group, handle, other
script...) and an ambiguity grade made at build time from word frequencies, and the score
follows from both and from the evidence in the prompt (capital letters, a stage name's group).

Every finding says how the person appears (``evidence["role"]``: subject, style, fictional,
live_action, lookalike, negative, model_tag; see ``consentry.text.person_role``); the score is
only how sure the match is, and the policy decides what each role means. Names in the negative
prompt are reported with ``field="negative_prompt"`` and the role ``negative``.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, cast

from consentry.detectors.base import Context
from consentry.gallery.store import GalleryStore, Identity
from consentry.text import people_tables
from consentry.text.normalize import REPEATS, Normalized, normalize
from consentry.text.people_index import KIND_NAMES, AliasEntry, PeopleIndex, damerau, key_hash, within_one
from consentry.text.people_scripts import KEY_PEOPLE, ScriptKeys, find_in_scripts
from consentry.text.person_role import film_named, in_model_tag, is_lookalike, model_tag_spans, work_role
from consentry.text.style import is_style_reference
from consentry.types import Finding, Span, TextField

MAX_WINDOW = 5  # words per name, at most ("Omar Abdul Aziz Al Marzooqi")
MAX_KEYS = 64  # spellings tried per run of words (typo and leetspeak readings)
MAX_READINGS = 48
FOUND_CACHE_SIZE = 2048  # texts whose matches are kept  # name tokens a typo away from one word, nearest first
SURE = 0.5  # a match as written this sure wins over an overlapping typo reading
OTHER_NAME_CAP = 0.45  # a typo reading of words that are a common name as written

# Base score of an exact match, by alias kind.
_BASE = {
    "F": 0.95,  # full name
    "S": 0.92,  # short form
    "N": 0.9,  # nickname + surname
    "E": 0.92,  # Spanish form
    "A": 0.9,  # alias from an export
    "R": 0.82,  # surname first
    "I": 0.72,  # initial + surname
    "H": 0.88,  # handle
    "G": 0.95,  # stage name with its group
    "T": 0.6,  # stage name alone
    "K": 0.92,  # other script
    "L": 0.55,  # stage name in another script, alone
    "M": 0.88,  # one-word name
    "C": 0.9,  # a character played by the person (people_tables: characters.tsv)
}
_DETERMINERS = frozenset(["a", "an", "the", "his", "her", "their", "my", "your", "our", "its", "this", "that", "some"])
_PARTICLES = frozenset(
    ["of", "de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "y", "bin", "al", "el"]
)
_TIER_ORDER = {"top": 0, "mid": 1, "current": 2, "tail": 3, "protected": -1}


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """A person found in a text: where (normalized and original), who, and how sure."""

    subject: str  # person id, or identity id for a protected person
    name: str  # canonical name
    kind: str  # "person.named" | "person.protected"
    alias: str  # the alias that matched (normalized tokens)
    alias_kind: str  # full, short, reversed, initial, handle, stage_group, ...
    ambiguity: str  # distinct, ordinary_words, given_name, character
    start: int  # in the original text
    end: int
    score: float
    steps: tuple[str, ...]  # normalization steps the match needed (+ "typo", "joined")
    tier: str
    popularity: float
    sources: tuple[str, ...]
    edits: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "name": self.name,
            "kind": self.kind,
            "alias": self.alias,
            "alias_kind": self.alias_kind,
            "ambiguity": self.ambiguity,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 3),
            "steps": list(self.steps),
            "tier": self.tier,
            "popularity": self.popularity,
            "sources": list(self.sources),
            "edits": self.edits,
        }


_AMBIGUITY_NAMES = {"d": "distinct", "w": "ordinary_words", "g": "given_name", "c": "character"}


class _ReadingFields(NamedTuple):
    token: str
    width: int  # words covered: 1, or 2 for two words read as one token
    edits: int  # typos corrected
    reading: bool  # not the word as written (a typo, or a different split)
    whole: bool  # the words were one word as written (a handle in camel case)
    code: int  # key_hash of the token (pairs of tokens are asked by it)


class _Reading(_ReadingFields):
    """A way to read the word(s) at one position: the word itself or a name token (a tuple: the
    matcher makes and compares many)."""

    __slots__ = ()

    def __new__(cls, token: str, width: int, edits: int, reading: bool, whole: bool = False) -> _Reading:
        return super().__new__(cls, token, width, edits, reading, whole, zlib.crc32(token.encode("utf-8")))


class _Word(NamedTuple):
    text: str
    start: int  # in the normalized text
    end: int
    segment: int  # phrase number: names never run across a boundary


@dataclass(frozen=True, slots=True)
class _WordInfo:
    """What the matcher reads in a word, whatever its place (kept by the word's text)."""

    reading: _Reading  # the word as written
    leet: tuple[_Reading, ...]  # digits read as letters
    doubled: bool  # a letter doubled: drawn out where the normalizer says so
    near: tuple[tuple[bool, str], ...]  # spellings read with typos (only where written as a name: True)
    short: bool  # fewer than four letters (read joined to a neighbour)
    ordinary: bool  # a dictionary word
    letters: bool  # ASCII letters only
    stems: tuple[str, ...]  # without a handle's prefix or suffix ("emmawatsonofficial" -> "emmawatson")
    needs_title: bool  # some spelling is read with typos only where written as a name

    @property
    def marked(self) -> bool:
        """Whether the word's readings depend on how it is written (``_marks``)."""
        return self.needs_title or self.doubled

    @property
    def plain(self) -> bool:
        """Read only as written, whatever its place (most words)."""
        return not (self.leet or self.doubled or self.near)


# How the words of a phrase are written, where their readings depend on it: for each word, written
# as a name (None where it does not matter) and with a letter drawn out; the runs of words written
# as one word in camel case (first word, end word).
_Marks = tuple[tuple[bool | None, ...], tuple[bool, ...], tuple[tuple[int, int], ...]]


def _no_marks(size: int) -> _Marks:
    return (None,) * size, (False,) * size, ()


@dataclass(frozen=True, slots=True)
class _PhraseWindows:
    """The windows of one phrase whose readings make keys to look up (kept by how the phrase is written)."""

    windows: tuple[tuple[int, int, str, int], ...]  # (first word, end word, key, edits), from the phrase's start
    pairs: frozenset[tuple[str, str]]  # pairs of tokens side by side that some name has
    blocked: frozenset[tuple[str, str]]  # pairs some name has, not taken here (two dictionary words)
    readings: tuple[tuple[_Reading, ...], ...]  # the readings kept, where ``blocked`` is not empty
    arrives: bool  # a reading is beside a word
    # the windows where no phrase of the prompt has a reading beside a word (every reading stays), if other
    windows_unpaired: tuple[tuple[int, int, str, int], ...] | None


class _ProtectedAliases:
    """Operator-registered identities, compiled into the same lookup shape as the index."""

    def __init__(self, identities: Iterable[Identity]) -> None:
        self.entries: dict[str, list[tuple[Identity, AliasEntry]]] = {}
        self.tokens: set[str] = set()
        # neighbouring tokens, for combining typo readings: key_hash of a token -> key_hash of the
        # tokens that follow it in some name (``right_of``), and of those that come before it
        self.right_of: dict[int, set[int]] = {}
        self.left_of: dict[int, set[int]] = {}
        self.near_cache: dict[str, tuple[_Reading, ...]] = {}  # the matcher's typo readings, by spelling
        self.found_cache: dict[str, tuple[PersonMatch, ...]] = {}  # the matcher's answers, by text
        self.word_cache: dict[str, _WordInfo] = {}  # what the matcher reads in a word, by its text
        self.joined_cache: dict[str, tuple[_Reading, ...]] = {}  # two words read as one token, by the joined text
        # the windows of a phrase read only as written whose key some name has, by the phrase's words
        self.plain_cache: dict[tuple[str, ...], tuple[tuple[int, int, str], ...]] = {}
        # the windows of a phrase, by its words and how they are written
        self.phrase_cache: dict[tuple[tuple[str, ...], _Marks | None], _PhraseWindows] = {}
        for identity in identities:
            names = [(identity.name, "F"), *((a, "A") for a in identity.aliases)]
            for raw, kind in names:
                tokens = tuple(normalize(raw).text.split(" "))
                if not tokens or tokens == ("",) or "," in tokens:
                    continue
                if len(tokens) >= 2 and kind == "F":
                    reverse = (tokens[-1], *tokens[:-1])
                    self._add(identity, reverse, "R")
                    if len(tokens[0]) > 1:  # initial + surname ("A. Kowalczyk"), + the rest of a longer name
                        self._add(identity, (tokens[0][0], tokens[-1]), "I")
                        if len(tokens) >= 3:
                            self._add(identity, (tokens[0][0], *tokens[1:]), "I")
                self._add(identity, tokens, kind if len(tokens) > 1 or kind != "F" else "M")

    def _add(self, identity: Identity, tokens: tuple[str, ...], kind: str) -> None:
        entry = AliasEntry(person=-1, kind=kind, ambiguity="d", tokens=tokens)
        self.entries.setdefault("".join(tokens), []).append((identity, entry))
        self.tokens.update(t for t in tokens if len(t) >= 4)
        # a short token joined to its neighbour ("Mei-mei" -> "meimei"), as in the index
        self.tokens.update(a + b for a, b in pairwise(tokens) if 2 <= min(len(a), len(b)) < 4 and len(a + b) >= 5)
        pairs = list(pairwise(tokens))
        # and with two tokens joined, as the index has them ("ewa meimei", "meimei sobczak")
        pairs += [(a + b, c) for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)]
        pairs += [(a, b + c) for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)]
        for a, b in pairs:
            left, right = key_hash(a), key_hash(b)
            self.right_of.setdefault(left, set()).add(right)
            self.left_of.setdefault(right, set()).add(left)

    def near_tokens(self, token: str, max_distance: int) -> list[str]:
        return sorted(t for t in self.tokens if t != token and damerau(token, t, max_distance) <= max_distance)


class PeopleMatcher:
    """Finds people of a ``PeopleIndex`` (and protected identities) in a text."""

    def __init__(self, index: PeopleIndex) -> None:
        self.index = index
        self._protected = _ProtectedAliases(())
        self._script_keys: ScriptKeys | None = None
        self.diminutives: dict[str, tuple[str, ...]] = {}  # "timmy" -> ("timothee", "timothy"): people_tables
        self._typo_readings: dict[tuple[str, int], _Reading] = {}  # a name token read with typos, by distance

    def script_keys(self) -> ScriptKeys:
        """The consonant keys of the best-known people, for names in other scripts (made on first use)."""
        if self._script_keys is None:
            index = self.index
            numbers = [*range(min(KEY_PEOPLE, index.stored_people())), *range(index.stored_people(), len(index))]
            self._script_keys = ScriptKeys([(n, index.person(n).name) for n in numbers], self._native_lookup)
        return self._script_keys

    def _native_lookup(self, keys: Sequence[str]) -> dict[str, list[int]]:
        """The people whose full name is each key, a name in its own order first, then reversed (Chinese and
        Korean names in their script)."""
        found = self.index.lookup(keys).items()
        return {k: [e.person for kind in "FR" for e in v if e.kind == kind] for k, v in found}

    def set_protected(self, identities: Iterable[Identity]) -> None:
        self._protected = _ProtectedAliases(identities)

    def forget(self) -> None:
        """Empty the memory of per-prompt work (typo readings, words, phrases, answers by text), so
        that a benchmark's passes start alike; the index's memory of keys is kept."""
        protected = self._protected
        for cache in (
            protected.near_cache,
            protected.found_cache,
            protected.word_cache,
            protected.joined_cache,
            protected.plain_cache,
            protected.phrase_cache,
        ):
            cache.clear()
        self.index._near_cache.clear()

    def _near(self, spelling: str) -> tuple[_Reading, ...]:
        """Name tokens one or two typos from ``spelling`` (index and protected), nearest first, as
        readings of one word (``token``, ``edits``: the distance)."""
        protected = self._protected  # one set of identities for the whole reading
        cache = protected.near_cache
        cached = cache.get(spelling)
        if cached is not None:
            return cached
        limit = _max_edits(spelling)
        first = spelling[:1]
        scored = [(distance, t[:1] != first, t) for t, distance in self.index.near_distances(spelling, limit)]
        if protected.tokens:
            scored += [
                (1 if within_one(spelling, t) else 2, t[:1] != first, t) for t in protected.near_tokens(spelling, limit)
            ]
        scored.sort()
        readings = self._typo_readings
        if len(readings) >= 200_000:
            readings.clear()
        cached = tuple(
            readings.get((token, distance))
            or readings.setdefault((token, distance), _Reading(token, 1, distance, True))
            for distance, _, token in scored[:MAX_READINGS]
        )
        if len(cache) >= 50_000:
            cache.clear()
        cache[spelling] = cached
        return cached

    def _typo_spelling(self, spelling: str) -> bool | None:
        """Whether a spelling is read with typos: None if never (short, digits, another script), else
        whether only where written as a name (True: a dictionary word, or a frequent word that is no
        name token: "volumetric")."""
        index = self.index
        ordinary = index.words
        if not (
            (len(spelling) >= 4 or (len(spelling) == 3 and spelling not in ordinary))
            and spelling.isalpha()
            and spelling.isascii()
        ):
            return None
        return spelling in ordinary or (spelling in index.frequent and not index.is_token(spelling))

    def _word_info(self, text: str) -> _WordInfo:
        """What is read in a word whatever its place (kept by its text)."""
        cache = self._protected.word_cache
        info = cache.get(text)
        if info is not None:
            return info
        leet: tuple[_Reading, ...] = ()
        if not text.isalpha() and any(c.isdigit() for c in text):
            leet = tuple(_Reading(v, 1, 0, True) for v in _leet_variants(text))
        near: list[tuple[bool, str]] = []
        for spelling in (text, *(r.token for r in leet)):
            needs_title = self._typo_spelling(spelling)
            if needs_title is not None:
                near.append((needs_title, spelling))
        info = _WordInfo(
            reading=_Reading(text, 1, 0, False),
            leet=leet,
            doubled=_DOUBLED.search(text) is not None,
            near=tuple(near),
            short=len(text) < 4,
            ordinary=text in self.index.words,
            letters=text.isalpha() and text.isascii(),
            stems=_handle_stems(text, self.index.words),
            needs_title=any(flag for flag, _ in near),
        )
        if len(cache) >= 100_000:
            cache.clear()
        cache[text] = info
        return info

    def _joined(self, joined: str) -> tuple[_Reading, ...]:
        """Two neighbouring words read as one name token: as joined, and a typo away (kept by the joined text)."""
        cache = self._protected.joined_cache
        found = cache.get(joined)
        if found is None:
            exact = self.index.is_token(joined) or joined in self._protected.tokens
            found = (
                *((_Reading(joined, 2, 0, True),) if exact else ()),
                *(_Reading(r.token, 2, r.edits, True) for r in self._near(joined)),
            )
            if len(cache) >= 50_000:
                cache.clear()
            cache[joined] = found
        return found

    def _infos(self, words: list[_Word]) -> list[_WordInfo]:
        cache = self._protected.word_cache
        infos: list[_WordInfo] = []
        for w in words:
            info = cache.get(w.text)
            infos.append(info if info is not None else self._word_info(w.text))
        return infos

    def _marks(self, n: Normalized, words: Sequence[_Word], infos: Sequence[_WordInfo], camel: bool) -> _Marks | None:
        """What the readings of ``words`` take from the text as written besides the words: drawn-out
        letters and capitals where they matter, and handles written in camel case (``camel``: the
        prompt has camel case somewhere). None where nothing matters (most phrases)."""
        if not camel and not any(info.needs_title or info.doubled for info in infos):
            return None
        titled: list[bool | None] = [None] * len(words)
        repeats = [False] * len(words)
        for i, info in enumerate(infos):
            if not (info.needs_title or info.doubled):
                continue
            w = words[i]
            if info.doubled:  # a letter drawn out, as the normalizer says ("repeats" in its steps)
                repeats[i] = any(flag & REPEATS for flag in n.flags[w.start : w.end])
            if info.needs_title or repeats[i]:
                start = n.starts[w.start]  # a small letter first as written: not a name
                first = n.original[start : start + 1]
                titled[i] = not (first.isalpha() and not first.isupper()) and _title(_original_word(n, w))
        runs: list[tuple[int, int]] = []
        i = 0 if camel else len(words)
        while i < len(words) - 1:
            run = i + 1
            while run < len(words) and _same_written_word(n, words[run - 1], words[run]):
                run += 1
            if 2 <= run - i <= MAX_WINDOW:
                joined = "".join(w.text for w in words[i:run])
                if (
                    len(joined) >= 7
                    and joined.isalpha()
                    and joined.isascii()
                    and _camel_joined(_original_word_span(n, words[i:run]))
                ):
                    runs.append((i, run))
            i = run
        if not runs and not any(repeats) and all(t is None for t in titled):
            return None
        return tuple(titled), tuple(repeats), tuple(runs)

    def _readings(
        self, n: Normalized, words: list[_Word], infos: list[_WordInfo] | None = None
    ) -> tuple[list[list[_Reading]], set[tuple[str, str]]]:
        """What each word may stand for: itself, its leet readings, and name tokens a typo away,
        those that no name pairs with a neighbour's reading dropped (``_keep_paired``)."""
        if infos is None:
            infos = self._infos(words)
        marks = self._marks(n, words, infos, _CAMEL.search(n.original) is not None) or _no_marks(len(words))
        return self._keep_paired(words, self._all_readings(words, infos, marks))

    def _all_readings(self, words: Sequence[_Word], infos: Sequence[_WordInfo], marks: _Marks) -> list[list[_Reading]]:
        """What each word may stand for: itself, its leet readings, and name tokens a typo away.

        ``readings[i]`` starts at word ``i``; a reading covers one word, or two neighbouring
        words where one is short ("Mcc Dowell", "Pe-ipei", "Min-oo" for "mcdowell", "peipei",
        "minwoo"): a name's tokens are not always split where the prompt splits them.

        What a word's text allows is kept by the text (``_word_info``); what depends on how it is
        written (``marks``: drawn-out letters, a capital, camel case) is read by ``_marks``.
        """
        titled, repeats, camel_runs = marks
        readings: list[list[_Reading]] = [[info.reading] for info in infos]
        for i, info in enumerate(infos):
            if not (info.leet or info.doubled or info.near):
                continue
            row = readings[i]
            if info.leet:
                row.extend(info.leet)
            near = info.near
            if repeats[i]:
                text = words[i].text
                # a letter drawn out ("Jooohn", "Swiiift"): the normalizer keeps two of the run,
                # the name may have one; read with the run as one letter, no typo
                row.extend(_Reading(v, 1, 0, True) for v in _undoubled(text))
                # the normalizer made three letters two ("Wynnna" -> "wynna"); the typo was one
                # letter away from the three ("Wynonna")
                tripled = [(self._typo_spelling(v), v) for v in _tripled(text)]
                near += tuple((flag, v) for flag, v in tripled if flag is not None)
            for needs_title, spelling in near:
                # a word of the dictionary is a name with a typo only where it is written as a
                # name ("Greg Abbot", "Bran Adamms"); in lower case it is the word itself
                if needs_title and not titled[i]:
                    continue
                row.extend(self._near(spelling))
        # two neighbouring words read as one name token, where one is short and not both are words
        pairs_asked: list[tuple[int, str]] = []
        for i in range(len(words) - 1):
            left, right = infos[i], infos[i + 1]
            if (
                not (left.short or right.short)
                or not (left.letters and right.letters)
                or (left.ordinary and right.ordinary)
                or words[i].segment != words[i + 1].segment
            ):
                continue
            joined = words[i].text + words[i + 1].text
            if len(joined) >= 4:
                pairs_asked.append((i, joined))
        # a handle written in camel case ("SilentSentr", "NiteNighhtKid"): the whole written word
        # read as a name token a typo away
        for i, run in camel_runs:
            joined = "".join(w.text for w in words[i:run])
            readings[i].extend(
                _Reading(r.token, run - i, r.edits, True, True) for r in self._near(joined) if r.token[:1] == joined[:1]
            )
        for i, joined in pairs_asked:
            readings[i].extend(self._joined(joined))
        return readings

    def _keep_paired(
        self, words: list[_Word], readings: list[list[_Reading]]
    ) -> tuple[list[list[_Reading]], set[tuple[str, str]]]:
        """The readings kept and the pairs of tokens found (``_pair_readings``)."""
        kept, pairs, _, _ = self._pair_readings(words, readings)
        return kept, pairs

    def _pair_readings(
        self, words: Sequence[_Word], readings: list[list[_Reading]], drop_alone: bool = False
    ) -> tuple[list[list[_Reading]], set[tuple[str, str]], set[tuple[str, str]], bool]:
        """Drop typo readings that no name pairs with a neighbour's reading; also the pairs of
        tokens found, those some name has that were not taken (two typo readings of two
        dictionary words side by side), and whether any reading was beside a word.

        Where no reading is beside a word, every reading stays, unless ``drop_alone`` (a phrase
        of a prompt where readings are beside words elsewhere: the prompt's readings are dropped
        as a whole).

        A reading that is not the word itself joins its neighbour only where some name has
        that pair of tokens (``has_pairs``); a reading alone is kept only if long enough to be a
        one-word name. This keeps the number of keys to look up small.

        The pairs are found from whichever side has fewer readings: each of its readings' partners
        in names (``PeopleIndex.right_of``, ``left_of``) against the other side's tokens, so that
        the cost follows the readings, not their product.
        """
        count = len(words)
        # the readings that end before each word (word, reading, the reading), where either side
        # has a reading that is not the word as written: other pairs are never asked, so only the
        # words with readings other than themselves and the words just before them are visited
        arriving: dict[int, list[tuple[int, int, _Reading]]] = {}
        for i, options in enumerate(readings):
            if len(options) == 1:
                continue
            segment = words[i].segment
            if i > 0 and len(readings[i - 1]) == 1 and words[i - 1].segment == segment:
                arriving.setdefault(i, []).append((i - 1, 0, readings[i - 1][0]))  # the word before, as written
            for x, left in enumerate(options):
                j = i + left.width
                if j < count and words[j].segment == segment and (left.reading or len(readings[j]) > 1):
                    arriving.setdefault(j, []).append((i, x, left))
        if not arriving and not drop_alone:
            return readings, set(), set(), False  # no reading beside a word: every reading stays
        paired: set[tuple[int, int]] = set()
        pairs: set[tuple[str, str]] = set()
        blocked: set[tuple[str, str]] = set()  # pairs some name has, not taken for two dictionary words
        ordinary = self.index.words
        right_of, left_of = self._right_of, self._left_of
        for j, lefts in arriving.items():
            rights = readings[j]
            word_j = words[j].text
            found: list[tuple[tuple[int, int, _Reading], int, _Reading]]
            if len(rights) <= len(lefts):
                left_codes: dict[int, list[tuple[int, int, _Reading]]] = {}
                for item in lefts:
                    left_codes.setdefault(item[2].code, []).append(item)
                found = [
                    (item, y, right)
                    for y, right in enumerate(rights)
                    for c in left_of(right.code).intersection(left_codes)
                    for item in left_codes[c]
                ]
            else:
                right_codes: dict[int, list[tuple[int, _Reading]]] = {}
                for y, right in enumerate(rights):
                    right_codes.setdefault(right.code, []).append((y, right))
                found = [
                    (item, y, right)
                    for item in lefts
                    for c in right_of(item[2].code).intersection(right_codes)
                    for y, right in right_codes[c]
                ]
            for (i, x, left), y, right in found:
                if not (left.reading or right.reading):
                    continue
                # two typo readings side by side only where one of the words is no dictionary
                # word ("Rchel Mcaadams", "Bran Adamms"), not across two ("Digital Painting")
                if right.edits > 0 and left.edits > 0 and words[i].text in ordinary and word_j in ordinary:
                    blocked.add((left.token, right.token))
                    continue
                paired.add((i, x))
                paired.add((j, y))
                pairs.add((left.token, right.token))
        kept: list[list[_Reading]] = []
        for i, options in enumerate(readings):
            if len(options) == 1:
                kept.append(options)
                continue
            alone = 0
            row = []
            for x, r in enumerate(options):
                if r.edits == 0 or (i, x) in paired:
                    row.append(r)
                elif ((r.width == 1 and len(words[i].text) >= 7) or r.whole) and alone < 4:
                    alone += 1  # a one-word name with a typo ("Schwarzeneger", "NiteNighhtKid")
                    row.append(r)
            kept.append(row)
        return kept, pairs, blocked, bool(arriving)

    def _right_of(self, code: int) -> frozenset[int] | set[int]:
        found = self.index.right_of(code)
        protected = self._protected.right_of.get(code)
        return found | protected if protected else found

    def _left_of(self, code: int) -> frozenset[int] | set[int]:
        found = self.index.left_of(code)
        protected = self._protected.left_of.get(code)
        return found | protected if protected else found

    def find(self, text: str, normalized: Normalized | None = None) -> list[PersonMatch]:
        """The people in ``text`` (``normalized``: ``normalize(text)``, when the caller has it).

        The answers for the last texts seen are kept (sites send the same negative prompt, and
        the same prompt for a batch of images, again and again); they are forgotten when the
        protected identities change.
        """
        cache = self._protected.found_cache
        cached = cache.get(text)
        if cached is not None:
            return list(cached)
        found = self._find(text, normalized)
        if len(cache) >= FOUND_CACHE_SIZE:
            cache.clear()
        cache[text] = tuple(found)
        return found

    def _plain_runs(self, phrases: list[list[str | None]], also: Sequence[str] = ()) -> None:
        """Find the windows of every run of words read only as written (``None``: a word with other
        readings) of these phrases that is not kept yet (``_plain_hits``), with one lookup for all
        (and for the keys ``also``, which the index then knows when they are asked again)."""
        cache = self._protected.plain_cache
        missing: dict[tuple[str, ...], list[tuple[int, int, str]]] = {}
        for alone in phrases:
            count = len(alone)
            k = 0
            while k < count:
                if alone[k] is None:
                    k += 1
                    continue
                run_end = k + 1
                while run_end < count and alone[run_end] is not None:
                    run_end += 1
                tokens = cast("tuple[str, ...]", tuple(alone[k:run_end]))
                if tokens not in cache and tokens not in missing:
                    missing[tokens] = _plain_windows(tokens)
                k = run_end
        if not missing:
            return
        asked = {key for windows in missing.values() for _, _, key in windows}
        found = self.index.lookup(list(asked.union(also)))
        entries = self._protected.entries
        if len(cache) >= 50_000:
            cache.clear()
        for tokens, windows in missing.items():
            cache[tokens] = tuple(w for w in windows if w[2] in found or w[2] in entries)

    def _plain_hits(self, tokens: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
        """The windows of 1..5 words of a phrase read only as written whose key (the words joined)
        is an alias of the index or of a protected identity: (first word, end word, key), in the order
        the matcher visits windows (kept by the phrase's words)."""
        cache = self._protected.plain_cache
        cached = cache.get(tokens)
        if cached is not None:
            return cached
        windows = _plain_windows(tokens)
        found = self.index.lookup(list({key for _, _, key in windows}))
        protected = self._protected
        hits = tuple(w for w in windows if w[2] in found or w[2] in protected.entries)
        if len(cache) >= 50_000:
            cache.clear()
        cache[tokens] = hits
        return hits

    def _windows_of(
        self,
        words: Sequence[_Word],
        readings: list[list[_Reading]],
        pairs: set[tuple[str, str]] | frozenset[tuple[str, str]],
        windows: list[tuple[int, int, str, int]],
    ) -> None:
        """Every window of 1..5 words inside a phrase, with its readings (a typo reading joins its
        neighbour only where some name has that pair of tokens), whose key may be a name: appended
        to ``windows`` in the order of their first word.

        A run of words read only as written (most words; sites send the same phrases again and
        again): the windows inside it whose key some name has are kept by the run's words
        (``_plain_hits``); a window that reaches a word with other readings goes on through them.
        """
        count = len(words)
        segments = [w.segment for w in words]
        # the word as written where it is its only reading (most words), else None
        alone = [options[0].token if len(options) == 1 else None for options in readings]
        k = 0
        while k < count:
            if alone[k] is None:  # a word with other readings: the windows that start there
                self._reading_windows(words, readings, pairs, k, k, "", windows)
                k += 1
                continue
            segment = segments[k]
            run_end = k + 1
            while run_end < count and alone[run_end] is not None and segments[run_end] == segment:
                run_end += 1
            hits = self._plain_hits(cast("tuple[str, ...]", tuple(alone[k:run_end])))
            reaching = run_end < count and segments[run_end] == segment  # the run ends at a word with readings
            if not reaching:
                windows.extend((k + a, k + b, key, 0) for a, b, key in hits)
                k = run_end
                continue
            h = 0
            for i in range(k, run_end):
                while h < len(hits) and hits[h][0] + k == i:
                    a, b, key = hits[h]
                    windows.append((k + a, k + b, key, 0))
                    h += 1
                if run_end - i < MAX_WINDOW:
                    key = "".join(cast("list[str]", alone[i:run_end]))
                    self._reading_windows(words, readings, pairs, i, run_end, key, windows)
            k = run_end

    def _phrases_windows(
        self, n: Normalized, words: list[_Word], infos: list[_WordInfo], also: Sequence[str] = ()
    ) -> list[tuple[int, int, str, int]]:
        """The windows of every phrase (words between two boundaries: names never run across one), each
        phrase's kept by how it is written (``_PhraseWindows``): (first word, end word, key, edits).
        ``also``: keys the caller will look up, asked of the index together with the phrases' own."""
        camel = _CAMEL.search(n.original) is not None
        bounds: list[tuple[int, int]] = []
        first = 0
        for k in range(1, len(words)):
            if words[k].segment != words[k - 1].segment:
                bounds.append((first, k))
                first = k
        bounds.append((first, len(words)))
        cache = self._protected.phrase_cache
        keys: list[tuple[tuple[str, ...], _Marks | None]] = []
        phrases: list[_PhraseWindows | None] = []
        texts = [w.text for w in words]
        # the words whose readings depend on how they are written (most phrases have none)
        marked = [k for k, info in enumerate(infos) if info.marked]
        m = 0
        for lo, hi in bounds:
            while m < len(marked) and marked[m] < lo:
                m += 1
            marks = None
            if camel or (m < len(marked) and marked[m] < hi):
                marks = self._marks(n, words[lo:hi], infos[lo:hi], camel)
            key = (tuple(texts[lo:hi]), marks)
            keys.append(key)
            phrases.append(cache.get(key))
        if None in phrases:
            self._find_phrases(words, infos, bounds, keys, phrases, also)
        done = cast("list[_PhraseWindows]", phrases)
        pairs: set[tuple[str, str]] | None = None
        windows: list[tuple[int, int, str, int]] = []
        beside = any(phrase.arrives for phrase in done)  # else every reading stays (``_pair_readings``)
        for (lo, hi), phrase in zip(bounds, done, strict=True):
            found: Sequence[tuple[int, int, str, int]] = phrase.windows
            if not beside and phrase.windows_unpaired is not None:
                found = phrase.windows_unpaired
            elif phrase.blocked:
                # a pair not taken here (two dictionary words) but taken elsewhere in the prompt is
                # taken here too: the pairs are the prompt's
                if pairs is None:
                    pairs = set().union(*(p.pairs for p in done))
                if (phrase.blocked & pairs) - phrase.pairs:
                    again: list[tuple[int, int, str, int]] = []
                    self._windows_of(words[lo:hi], [list(r) for r in phrase.readings], pairs, again)
                    named = self.index.lookup(list({key for _, _, key, _ in again}))
                    entries = self._protected.entries
                    found = [w for w in again if w[2] in named or w[2] in entries]
            if lo:
                windows.extend((lo + a, lo + b, key, edits) for a, b, key, edits in found)
            else:
                windows.extend(found)
        return windows

    def _find_phrases(
        self,
        words: list[_Word],
        infos: list[_WordInfo],
        bounds: list[tuple[int, int]],
        keys: list[tuple[tuple[str, ...], _Marks | None]],
        phrases: list[_PhraseWindows | None],
        also: Sequence[str] = (),
    ) -> None:
        """The windows of the phrases not kept yet (``phrases[k]`` is None), with one lookup for
        the runs of words read as written of all of them; kept."""
        made: dict[int, tuple[list[_Word], list[list[_Reading]], set[tuple[str, str]], set[tuple[str, str]], bool]] = {}
        unpaired: dict[int, list[list[_Reading]]] = {}
        for k, phrase in enumerate(phrases):
            if phrase is not None:
                continue
            lo, hi = bounds[k]
            size = hi - lo
            marks = keys[k][1] or _no_marks(size)
            readings = self._all_readings(words[lo:hi], infos[lo:hi], marks)
            kept, pairs, blocked, arrives = self._pair_readings(words[lo:hi], readings, drop_alone=True)
            made[k] = (words[lo:hi], kept, pairs, blocked, arrives)
            if not arrives and kept != readings:
                unpaired[k] = readings  # the readings where no phrase of the prompt has one beside a word
        self._plain_runs(
            [
                [o[0].token if len(o) == 1 else None for o in kept]
                for kept in [*(m[1] for m in made.values()), *unpaired.values()]
            ],
            also,
        )
        cache = self._protected.phrase_cache
        if len(cache) >= 50_000:
            cache.clear()
        made_windows: dict[int, tuple[list[tuple[int, int, str, int]], list[tuple[int, int, str, int]] | None]] = {}
        asked: set[str] = set()
        for k, (phrase_words, kept, pairs, _, _) in made.items():
            windows: list[tuple[int, int, str, int]] = []
            self._windows_of(phrase_words, kept, pairs, windows)
            alone: list[tuple[int, int, str, int]] | None = None
            if k in unpaired:
                alone = []
                self._windows_of(phrase_words, unpaired[k], set(), alone)
            made_windows[k] = (windows, alone)
            asked.update(key for _, _, key, _ in windows)
            if alone is not None:
                asked.update(key for _, _, key, _ in alone)
        # only the windows whose key some name has are kept (the others find nobody)
        found = self.index.lookup(list(asked))
        entries = self._protected.entries

        def named(windows: list[tuple[int, int, str, int]]) -> tuple[tuple[int, int, str, int], ...]:
            return tuple(w for w in windows if w[2] in found or w[2] in entries)

        for k, (_, kept, pairs, blocked, arrives) in made.items():
            windows, alone = made_windows[k]
            phrase = _PhraseWindows(
                windows=named(windows),
                pairs=frozenset(pairs),
                blocked=frozenset(blocked),
                readings=tuple(tuple(r) for r in kept) if blocked else (),
                arrives=arrives,
                windows_unpaired=named(alone) if alone is not None else None,
            )
            cache[keys[k]] = phrases[k] = phrase

    def _reading_windows(
        self,
        words: Sequence[_Word],
        readings: list[list[_Reading]],
        pairs: set[tuple[str, str]] | frozenset[tuple[str, str]],
        i: int,
        start: int,
        key: str,
        windows: list[tuple[int, int, str, int]],
    ) -> None:
        """The windows that start at word ``i`` and go on through the readings of word ``start`` (the
        words before it read as written, ``key``): every reading, and a typo reading beside its
        neighbour only where some name has that pair of tokens. Appended to ``windows``."""
        count = len(words)
        segment = words[i].segment
        last_word = min(i + MAX_WINDOW, count)
        # keys by the word they end before (key, edits, last token, last is a reading)
        last = readings[start - 1][0].token if start > i else ""
        states: dict[int, list[tuple[str, int, str, bool]]] = {start: [(key, 0, last, False)]}
        for p in range(start, last_word + 1):
            here = states.pop(p, None)
            if here is None:
                continue
            if p > start:
                if len(here) == 1:
                    windows.append((i, p, here[0][0], here[0][1]))
                else:
                    windows.extend((i, p, key, edits) for key, edits, _, _ in here)
            if p == last_word or words[p].segment != segment:
                continue
            options = readings[p]
            if len(options) == 1 and len(here) == 1:  # the word as written, after one key
                key, edits, last, reading = here[0]
                if not (last and reading and (last, options[0].token) not in pairs):
                    token = options[0].token
                    states.setdefault(p + 1, []).append((key + token, edits, token, False))
                continue
            for r in options:
                end = p + r.width
                if end > last_word or words[end - 1].segment != segment:
                    continue
                max_edits = 3 if end - i >= 3 else 2  # a typo a word, at most three in a name
                out = states.setdefault(end, [])
                for key, edits, last, reading in here:
                    if len(out) >= MAX_KEYS:
                        break
                    if edits + r.edits > max_edits:
                        continue
                    if last and (reading or r.reading) and (last, r.token) not in pairs:
                        continue
                    out.append((key + r.token, edits + r.edits, r.token, r.reading))

    def _find(self, text: str, normalized: Normalized | None) -> list[PersonMatch]:
        n = normalized if normalized is not None else normalize(text)
        words = _words(n)
        if not words:
            return []
        infos = self._infos(words)
        boundaries = _boundaries(n, words) if words[-1].segment else []
        comma = _comma_windows(n, words, boundaries)
        # "(taylor:1.2) (swift:1.2)", "[emma:watson:0.5]", "emma BREAK watson": a name split by
        # prompt syntax alone (no comma as written) is read across the split
        others = [(first, end, key, 0) for first, end, key in _syntax_windows(n, words, boundaries)]
        # a handle with a suffix, written as one word ("emmawatsonofficial", "scarlettjohansson123")
        others.extend((i, i + 1, stem, 0) for i, info in enumerate(infos) if info.stems for stem in info.stems)
        # "Timmy Chalamet", "Flo Pugh": a given name's diminutive, read as the given name (scored apart)
        if self.diminutives:
            others.extend(_diminutive_windows(words, self.diminutives))
        # the phrases' windows; the keys of the others are asked of the index with the phrases' new runs
        windows = self._phrases_windows(n, words, infos, [key for _, _, key, _ in others] + [k for _, _, k in comma])
        windows.extend(others)
        keys_to_find = list({key for _, _, key, _ in windows} | {key for _, _, key in comma})
        found = self.index.lookup(keys_to_find)
        matches: list[PersonMatch] = []
        protected_entries = self._protected.entries
        for first, end, key, edits in windows:
            for entry in found.get(key, ()):
                match = self._score(n, words, first, end, entry, edits, protected=None)
                if match is not None:
                    matches.append(match)
            if not protected_entries:
                continue
            for identity, entry in protected_entries.get(key, ()):
                match = self._score(n, words, first, end, entry, edits, protected=identity)
                if match is not None:
                    matches.append(match)
        # "Swift, Taylor": a surname, a comma, the given name, as lists write names; only a name's
        # surname-first form, as written, and only with capitals (else a score below the threshold)
        for first, end, key in comma:
            candidates: list[tuple[Identity | None, AliasEntry]] = [(None, e) for e in found.get(key, ())]
            candidates.extend(self._protected.entries.get(key, ()))
            for owner, entry in candidates:
                if entry.kind != "R":
                    continue
                match = self._score(n, words, first, end, entry, 0, protected=owner)
                if match is not None:
                    if not any(c.isupper() for c in text[match.start : match.end]):
                        match = replace(match, score=min(match.score, 0.45))  # "swift, taylor": a list's order
                    matches.append(match)
        if not text.isascii():
            matches.extend(self._in_scripts(text))
        return _resolve(matches)

    def _in_scripts(self, text: str) -> list[PersonMatch]:
        """Western names written in other scripts ("테일러 스위프트"), by their consonant keys."""
        out = []
        for found in find_in_scripts(text, self.script_keys()):
            person = self.index.person(found.person)
            out.append(
                PersonMatch(
                    subject=person.id,
                    name=person.name,
                    kind="person.named",
                    alias=found.key,
                    alias_kind="transliteration",
                    ambiguity="distinct",
                    start=found.start,
                    end=found.end,
                    score=0.7 if found.dropped else 0.85,
                    steps=("transliterated", found.script),
                    tier=person.tier,
                    popularity=person.popularity,
                    sources=person.sources,
                )
            )
        return out

    def _score(
        self,
        n: Normalized,
        words: list[_Word],
        first: int,
        end: int,
        entry: AliasEntry,
        edits: int,
        protected: Identity | None,
    ) -> PersonMatch | None:
        window = words[first:end]
        span_words = [w.text for w in window]
        alias_len = len(entry.tokens)
        joined = len(window) != alias_len
        ordinary = self.index.words
        if (
            joined
            and len(window) > alias_len
            and all(
                w in ordinary and not (len(w) == 1 and _initial_written(n, x))
                for w, x in zip(span_words, window, strict=True)
            )
        ):
            return None  # "a man" is not "Aman"; "M. J. Walker" is M.J. Walker
        frequent = self.index.frequent
        # an initial joined to the surname inside a model tag ("<lyco:eWatson-10>", "embedding:jlawrence_ti"):
        # a model's file name, where no article and no ordinary word is written
        tagged_initial = (
            joined
            and not edits
            and len(window) == 1 < alias_len
            and len(entry.tokens[0]) == 1
            and _in_model_tag(n, window[0])
        )
        if joined and len(window) == 1 < alias_len:
            token = span_words[0]
            if token in ordinary or token in frequent or len(token) < 6:
                return None  # "huge" is not "Hu Ge", "florida" not "Flo Rida"
            if (
                any(len(t) < 2 for t in entry.tokens)
                and not tagged_initial
                and not _camel_joined(_original_word(n, window[0]))
                and not _spelled_out(n, window)
            ):
                return None  # "cross" is not "C. Ross"; "EunofTwoX" is Eun of Two X, "m i k e  k .  l e e" Mike K. Lee
        starts, ends, text = n.starts, n.ends, n.original
        original = [text[starts[w.start] : max(ends[w.start : w.end])] for w in window]
        capitalized = all(
            _title(o) or _after_hyphen(n, word)
            for o, w, word in zip(original, span_words, window, strict=True)
            if w not in _PARTICLES
        )
        corrected = [w for w in span_words if w not in entry.tokens] if edits else []
        handle_as_written = entry.kind == "H" and alias_len > 1 and _one_word(n, window)
        if (
            edits
            and entry.ambiguity != "d"
            and not (entry.ambiguity == "g" and alias_len > 1)
            and not (handle_as_written and _camel_joined(_original_word_span(n, window)))
            and not (
                entry.ambiguity == "w"
                and alias_len > 1
                and capitalized
                and not any(w in ordinary or w in frequent for w in corrected)
            )
        ):
            # typos only on distinct names, given name + word ("Chirs Rock"), handles
            # ("SilentSentr"), and names of words written as a name with words that are no
            # words ("Chubby Chekcer", not "Black Hloe")
            return None
        if edits and entry.kind == "R":
            return None  # surname first is how lists write names; with a typo it is a guess ("Slide Park")
        if edits and len(window) == 1 < alias_len:
            return None  # one word with a typo is not a name of several ("Sanfrancisco" is not "Sa, Francisco")
        if edits and alias_len == 1:
            token = "".join(span_words)  # one word, or a handle in camel case
            if len(token) < 7 or token in frequent or token[:1] != entry.tokens[0][:1]:
                return None  # one word with a typo: only long, rare words ("racoon" is not "Rayoon")
        if (
            len(entry.tokens[0]) == 1
            and alias_len > 1
            and (
                (edits and not (_initial_with_period(n, window[0]) and _slips(span_words, entry.tokens)))
                or not (_initial_written(n, window[0]) or tagged_initial)
            )
        ):
            # an initial: not the article "a" ("A Texas Longhorn"), written as an initial, with
            # its period where the rest has a typo ("H. Jnoes")
            return None
        score = _BASE.get(entry.kind, 0.8)
        if (
            not edits
            and not joined
            and alias_len > 1
            and span_words[0] != entry.tokens[0]
            and entry.tokens[0] in self.diminutives.get(span_words[0], ())
        ):
            # a diminutive for the given name ("Timmy Chalamet"): only of a full name of the best-known
            # people, with the rest as written, the diminutive written as a name or the rest no word;
            # a rest of ordinary words only for the top tier ("Meg Fox", not "Teddy Bear": Edward Bear)
            rest_ordinary = all(t in ordinary for t in entry.tokens[1:])
            person_tier = "protected" if protected is not None else self.index.person(entry.person).tier
            if (
                entry.kind != "F"
                or span_words[1:] != list(entry.tokens[1:])
                or person_tier not in ("top", "current")
                or (rest_ordinary and person_tier != "top")
                or not (_title(_original_word(n, window[0])) or not rest_ordinary)
            ):
                return None
            score = _BASE["N"] * 0.95
        if entry.kind == "S" and len(entry.tokens[0]) == 1 < alias_len:
            # a short form that is an initial and a surname ("J Lawrence" of James Alexander Lawrence)
            # is as sure as any initial + surname: the most famous holder wins, not the first listed
            score = _BASE["I"]
        if not capitalized and any(w in ordinary for w in corrected):
            return None  # a dictionary word read as a name with a typo only in a capitalized name
        at_phrase_start = first == 0 or words[first - 1].segment != window[0].segment
        if entry.kind == "I" and not capitalized and not tagged_initial:
            return None  # an initial and a surname are written with capitals ("T. Swift")
        tier = "protected" if protected is not None else self.index.person(entry.person).tier
        if entry.kind == "H" and alias_len > 1 and not capitalized:
            a, b = n.to_original(window[0].start, window[-1].end)
            if any(c.isspace() for c in n.original[a:b]) and not _spelled_out(n, window):
                return None  # the handle "A_Seagull" is not "a seagull"
        following = words[end].text if end < len(words) and words[end].segment == window[-1].segment else ""
        if entry.kind in ("T", "L"):
            groups = self._groups(entry, protected)
            text_keys = (
                {w.text for w in words} | {"".join(x.text for x in words[k : k + 3]) for k in range(len(words))}
                if groups
                else set()
            )
            if groups and any(g in text_keys for g in groups):
                score = 0.9
            elif (
                entry.kind == "T"
                and entry.ambiguity == "g"
                and not edits
                and tier in ("top", "current")
                and not any(w in ordinary for w in span_words)
            ):
                # a stage name that is a given name but no English word ("Jennie", "Sana", "Jimin"), of
                # an idol whose fame the index knows (popularity >= 0.75: "Leo" of VIXX, 0.51, is not, nor
                # "Sakura", 0.72, a famous cartoon's name too):
                # written as a name it is the idol, whom a generator knows, rather than anyone of that
                # name; in lower case only for the best known (popularity >= 0.9)
                popularity = self.index.person(entry.person).popularity if protected is None else 0.0
                if popularity >= 0.75:
                    score = 0.55 if capitalized else (0.5 if popularity >= 0.9 else 0.15)
                else:
                    score = 0.3 if capitalized else 0.15
            elif entry.ambiguity != "d":
                score = 0.3 if capitalized else 0.15
        if entry.kind == "R" and not capitalized:
            # surname first is how lists write names, rarely prompts; for the best-known people,
            # with a distinct name, it is still the likelier reading ("swift taylor naked")
            well_known = tier in ("top", "mid", "protected") and entry.ambiguity == "d" and not edits
            score = min(score, 0.6 if well_known else 0.45)
        ambiguity = entry.ambiguity
        if (
            ambiguity == "w"
            and len(entry.tokens[0]) == 1 < alias_len
            and _initial_with_period(n, window[0])
            and any(t not in ordinary for t in entry.tokens[1:])
        ):
            ambiguity = "d"  # "A. Ralph Epperson": an initial with its period is no article
        if ambiguity == "w" and tagged_initial and any(t not in ordinary for t in entry.tokens[1:]):
            ambiguity = "d"  # "<lora:aGrande-000012>": a model's file name holds no article
        if ambiguity == "w" and handle_as_written:
            ambiguity = "d"  # "DizzyKitten" written as the handle it is, not "dizzy kitten"
        if ambiguity == "w":
            preceded = first > 0 and not at_phrase_start and _title(_original_word(n, words[first - 1]))
            if following in _DETERMINERS:
                score = min(score, 0.1)  # "will smith a sword"
            elif alias_len == 1:
                # one ordinary word: a capital away from the start of a phrase, not inside a
                # longer capitalized name ("New York"), is the least evidence we accept
                score = min(score, 0.55 if capitalized and not at_phrase_start and not preceded else 0.2)
            elif capitalized:
                score = min(score, {"tail": 0.45, "current": 0.55}.get(tier, 0.75))
            elif tier in ("top", "protected") and span_words[0] not in _DETERMINERS:
                score = min(score, 0.5)  # "tom petty" in lower case: the famous name is the likelier reading
            else:
                score = min(score, 0.35)
        elif ambiguity == "g" and alias_len > 1:
            # a common given name and an ordinary word: "David Wheeler", "Grant Park", "Chris Rock"
            if edits and not capitalized:
                return None
            if not capitalized:
                # lower case: 0.45 when the given name is also a word ("grant park"), unless
                # the person is one of the most famous ("tom petty")
                word_first = span_words[0] in ordinary and tier not in ("top", "protected")
                score = min(score, 0.45 if word_first else 0.55)
        elif ambiguity == "g" and entry.kind not in ("T", "L", "G"):
            if capitalized and not at_phrase_start:
                score = min(score, 0.6 if tier in ("top", "mid", "protected") else 0.45)
            elif capitalized:
                score = min(score, 0.5)
            elif tier == "top" and alias_len == 1 and not edits and span_words[0] not in ordinary:
                score = min(score, 0.5)  # "adele", "ciara": a one-word name of Civitai's list, no English word
            else:
                score = min(score, 0.3)
        elif ambiguity == "c":
            score = min(score, 0.2)
        if joined:
            score *= 0.95
        if edits:
            score -= 0.1 * edits
            if not joined:
                # a changed first letter is a rarer slip than one inside the word, and a letter
                # replaced is a likelier sign of another name than one doubled, dropped or swapped
                # ("Jeng Dahhyun" is Jeong Dahyun rather than Jung Daehyun)
                pairs = list(zip(span_words, entry.tokens, strict=True))
                score -= 0.05 * sum(w[:1] != t[:1] for w, t in pairs)
                score -= 0.03 * sum(w != t and len(w) == len(t) and sorted(w) != sorted(t) for w, t in pairs)
            if alias_len == 1:
                score -= 0.1
            doubtful = (tier == "tail" or edits >= 2) and not _slips(span_words, entry.tokens)
            if doubtful and self._written_as_other_name(span_words, corrected, frequent, ordinary):
                score = min(score, OTHER_NAME_CAP)
            if _other_changes(span_words, entry.tokens) >= 2 and all(w in frequent for w in span_words):
                # common words as written, each changed at an end or replaced: "Nic Cage" is no Nick Cave
                score = min(score, OTHER_NAME_CAP)
        steps = set(n.steps_in(window[0].start, window[-1].end))
        if joined:
            steps.add("joined")
        if edits:
            steps.add("typo")
        start, stop = n.to_original(window[0].start, window[-1].end)
        if protected is not None:
            subject, name, kind = protected.id, protected.name, "person.protected"
            tier, popularity = "protected", 0.0
            sources: tuple[str, ...] = ("gallery:" + protected.gallery,)
            score += 0.03  # the operator asked for this person: a little more sure
        else:
            person = self.index.person(entry.person)
            subject, name, kind = person.id, person.name, "person.named"
            tier, popularity = person.tier, person.popularity
            sources = person.sources
        return PersonMatch(
            subject=subject,
            name=name,
            kind=kind,
            alias=" ".join(entry.tokens),
            alias_kind=KIND_NAMES.get(entry.kind, entry.kind),
            ambiguity=_AMBIGUITY_NAMES[entry.ambiguity],
            start=start,
            end=stop,
            score=max(0.0, min(1.0, score)),
            steps=tuple(sorted(steps)),
            tier=tier,
            popularity=popularity,
            sources=sources,
            edits=edits,
        )

    def _written_as_other_name(
        self, span_words: list[str], corrected: list[str], frequent: frozenset[str], ordinary: frozenset[str]
    ) -> bool:
        """Whether the words as written are a name of their own: every word a frequent name token,
        and a word read as a typo is a common name as it is ("Michael Whelan" is not "Michael
        Phelan", "Harley Davidson" is not "Charley Davison"). Asked for the least known people
        (tier ``tail``) and for two typos or more: "Drew Cary" is still Drew Carey."""
        if not any(w in frequent and w not in ordinary for w in corrected):
            return False
        if any(w not in frequent for w in span_words):
            return False  # a rare word ("Maia Villalon"): the typo reading is the likelier one
        tokens = self._protected.tokens
        return all(
            hit or w in tokens or (len(w) <= 3 and w not in ordinary)  # short names are no typo tokens ("Nic")
            for w, hit in zip(span_words, self.index.has_tokens(span_words), strict=True)
        )

    def _groups(self, entry: AliasEntry, protected: Identity | None) -> tuple[str, ...]:
        if protected is not None or entry.person < 0:
            return ()
        return self.index.person(entry.person).groups


_ROLE_REASONS = {
    "style": "artist_named_as_style",
    "fictional": "fictional_character_named",
    "negative": "named_in_negative_prompt",
    "live_action": "live_action_character_named",
    "lookalike": "real_person_likeness",
    "model_tag": "real_person_model_tag",
}


def load_fictional_names() -> frozenset[str]:
    """Names of fictional characters and mythological figures, normalized and joined ("laracroft"):
    the ``fictional`` list of the unlisted-person lexicon (``scripts/build_unlisted_lexicon.py``)."""
    import gzip
    import json

    raw = resources.files("consentry.text").joinpath("data/unlisted_lexicon.json.gz").read_bytes()
    names = json.loads(gzip.decompress(raw))["fictional"]
    return frozenset(normalize(name).text.replace(" ", "") for name in names)


# Alias kinds that name the person as the person (not a stage name alone, a reordering or an initial).
_OWN_NAME_KINDS = frozenset("FSNEAHGMK")
WELL_KNOWN_TIERS = frozenset(["top", "mid", "current"])


def real_people_removed(names: frozenset[str], index: PeopleIndex) -> frozenset[str]:
    """The fictional names that are not the own name of a well-known person of the index.

    A person of the ``top``, ``mid`` or ``current`` tier is a real person whatever a film or a
    game named a character ("Belle Delphine", "Sarah Connor"): a name on a fictional list would
    otherwise let a sexual prompt about them through. Little-known people (``tail``) who share a
    famous character's name stay behind the character ("Lara Croft").
    """
    found = index.lookup(sorted(names))
    real = {
        key
        for key, entries in found.items()
        if any(e.kind in _OWN_NAME_KINDS and index.person(e.person).tier in WELL_KNOWN_TIERS for e in entries)
    }
    return names - real


# Tiers of the people most often targeted: Civitai's celebrity list and today's creators, idols,
# athletes, actors and politicians. None of them is a style, whatever their other work.
SUBJECT_TIERS = frozenset(["top", "current"])


def style_artists_of(ids: frozenset[str], index: PeopleIndex) -> frozenset[str]:
    """The style list without people of the ``top`` and ``current`` tiers ("by Yoko Ono" is about her)."""
    keys = {pid: re.sub(r"-\d+$", "", pid).replace("-", "") for pid in ids}
    found = index.lookup(sorted(set(keys.values())))
    kept = set()
    for pid, key in keys.items():
        people = {index.person(e.person) for e in found.get(key, ())}
        if any(p.id == pid and p.tier not in SUBJECT_TIERS for p in people):
            kept.add(pid)
    return frozenset(kept)


def load_style_artists() -> frozenset[str]:
    """Ids of indexed artists who are named as a style in prompts (built by
    ``scripts/build_style_artists.py``)."""
    text = resources.files("consentry.text").joinpath("data/style_artists.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def _in_model_tag(n: Normalized, word: _Word) -> bool:
    """Whether the word stands inside a model identifier as written (``<lora:...>``, ``embedding:...``)."""
    a, b = n.to_original(word.start, word.end)
    return in_model_tag(model_tag_spans(n.original), a, b)


def _title(word: str) -> bool:
    """Written with a capital first letter and not all in capitals ("Swift", "McDonald", "T.")."""
    letters = [c for c in word if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    # all capitals counts only for initials and short acronyms ("B.I.G.", "TJ"), not shouting
    return len(letters) <= 3 or not all(c.isupper() for c in letters)


def _initial_written(n: Normalized, word: _Word) -> bool:
    """An initial in the original: "T." or "T" (a capital that is not "A" or "I")."""
    a, b = n.to_original(word.start, word.end)
    letter = n.original[a:b]
    if b < len(n.original) and n.original[b] == ".":
        return letter[:1].isupper() or letter[:1] not in "ai"
    return letter[:1].isupper() and letter.upper() not in ("A", "I")


_CAMEL = re.compile(r"[a-z][A-Z]")  # camel case, as in handles (ASCII only: they are read only then)
_DOUBLED = re.compile(r"([a-z])\1")
_DOTTED_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?")


def _initial_with_period(n: Normalized, word: _Word) -> bool:
    """Initials written with their periods: "A." (also "4."), "A.J." joined to its name."""
    a, b = n.to_original(word.start, word.end)
    if b - a == 1:
        return b < len(n.original) and n.original[b] == "."
    return _DOTTED_INITIALS.fullmatch(n.original[a:b]) is not None


def _camel_joined(word: str) -> bool:
    """Words joined in camel case ("EunofTwoX", "TaylorSwift"): a capital right after a small letter."""
    return any(a.islower() and b.isupper() for a, b in pairwise(word))


def _after_hyphen(n: Normalized, word: _Word) -> bool:
    """The second part of a hyphenated name, which is often written in lower case ("Yo-won")."""
    a, _ = n.to_original(word.start, word.end)
    return a > 0 and n.original[a - 1] in "-\u2010\u2011"


_SPELLED_OUT = re.compile(r"\w(?:[\s._\-*]+\w)+")


def _spelled_out(n: Normalized, window: list[_Word]) -> bool:
    """The words were written a letter at a time ("a s m o d a i t v", "m.i.k.e  k.  l.e.e")."""
    if len(window) != 1 or "separators" not in n.steps_in(window[0].start, window[0].end):
        return False
    a, b = n.to_original(window[0].start, window[0].end)
    written = n.original[a:b]
    return _SPELLED_OUT.fullmatch(written) is not None and all(len(p) == 1 for p in re.findall(r"\w+", written))


def _one_word(n: Normalized, window: list[_Word]) -> bool:
    a, b = n.to_original(window[0].start, window[-1].end)
    return not any(c.isspace() for c in n.original[a:b])


def _original_word_span(n: Normalized, window: Sequence[_Word]) -> str:
    a, b = n.to_original(window[0].start, window[-1].end)
    return n.original[a:b]


def _original_word(n: Normalized, word: _Word) -> str:
    a, b = n.to_original(word.start, word.end)
    return n.original[a:b]


_LEET_CHOICES = {"0": "o", "1": "il", "2": "z", "3": "e", "4": "a", "5": "s", "6": "gb", "7": "t", "8": "b", "9": "g"}


def _leet_variants(word: str) -> list[str]:
    """Readings of a word with digits as letters ("b455377" -> "bassett"), at most four."""
    variants = [""]
    for char in word:
        choices = _LEET_CHOICES.get(char, char)
        variants = [v + c for v in variants for c in choices][:4]
    return [v for v in variants if v != word and v.isalpha()]


def _slips(written: list[str], tokens: tuple[str, ...]) -> bool:
    """Whether every word differs from its token by a slip of the hand: a letter doubled or
    dropped inside the word, or two neighbours swapped, the first letter kept ("Dana Hadad" for
    "Diana Haddad"). A changed first letter, a letter added or dropped at the end, or a letter
    replaced by another rather makes another name as written ("Whelan" is not "Phelan", "Deakin"
    is not "Deakins", "Hong Kong" is not "Dong Dong")."""
    return len(written) == len(tokens) and _other_changes(written, tokens) == 0


def _other_changes(written: list[str], tokens: tuple[str, ...]) -> int:
    """How many words differ from their token by more than a slip inside the word (0 when the
    words and tokens do not line up one to one)."""
    if len(written) != len(tokens):
        return 0
    count = 0
    for word, token in zip(written, tokens, strict=True):
        if word == token:
            continue
        if word[:1] != token[:1]:
            count += 1  # the first letter changed
        elif len(word) == len(token):
            count += sorted(word) != sorted(token)  # a letter replaced; letters swapped are a slip
        elif word[-1:] != token[-1:]:
            count += 1  # a letter added or dropped at the end: often another name ("Deakin", "Deakins")
    return count


def _same_written_word(n: Normalized, left: _Word, right: _Word) -> bool:
    """Whether two words were one word as written (split by camel case, a hyphen, a period)."""
    if left.segment != right.segment:
        return False
    end, start = n.ends[left.end - 1], n.starts[right.start]
    return not any(c.isspace() for c in n.original[end:start])


def _undoubled(word: str) -> list[str]:
    """The word with some of its doubled letters written once (every choice of up to three)."""
    doubled = [p for p in range(len(word) - 1) if word[p] == word[p + 1]][:3]
    out = []
    for mask in range(1, 1 << len(doubled)):
        drop = {p for bit, p in enumerate(doubled) if mask >> bit & 1}
        out.append("".join(c for p, c in enumerate(word) if p not in drop))
    return out


def _tripled(word: str) -> list[str]:
    """The word with one of its doubled letters written three times, at most two ways."""
    return [word[: p + 1] + word[p:] for p in range(len(word) - 1) if word[p] == word[p + 1]][:2]


def _max_edits(token: str) -> int:
    """Typos allowed in a word, scaled to its length."""
    if len(token) >= 9:
        return 2
    return 1


def _boundaries(n: Normalized, words: list[_Word]) -> list[tuple[int, str]]:
    """The phrase boundaries between neighbouring words: (the word before, the text as written between them)."""
    out: list[tuple[int, str]] = []
    starts, ends, original = n.starts, n.ends, n.original
    for k in range(len(words) - 1):
        left, right = words[k], words[k + 1]
        if right.segment == left.segment + 1:
            out.append((k, original[max(ends[left.start : left.end]) : starts[right.start]]))
    return out


def _comma_windows(
    n: Normalized, words: list[_Word], boundaries: list[tuple[int, str]] | None = None
) -> list[tuple[int, int, str]]:
    """Windows of one or two words before a comma and one or two after it: "Swift, Taylor",
    "De Niro, Robert". Only where the boundary is a comma as written (not ``BREAK`` or ``|``)."""
    if "," not in n.original:
        return []  # the fast path of most prompts: no comma as written
    if boundaries is None:
        boundaries = _boundaries(n, words)
    return _windows_across(words, boundaries, lambda between: between.strip() == ",")


def _windows_across(
    words: list[_Word], boundaries: list[tuple[int, str]], separates: Callable[[str], bool]
) -> list[tuple[int, int, str]]:
    """Windows of one or two words on each side of a phrase boundary whose text as written
    (between the two words) ``separates`` accepts."""
    out: list[tuple[int, int, str]] = []
    for k, between in boundaries:
        if not separates(between):
            continue
        left, right = words[k], words[k + 1]
        for before in (1, 2):
            first = k + 1 - before
            if first < 0 or words[first].segment != left.segment:
                break
            for after in (1, 2):
                end = k + 1 + after
                if end > len(words) or words[end - 1].segment != right.segment:
                    break
                out.append((first, end, "".join(w.text for w in words[first:end])))
    return out


# What may stand between two parts of a name split by prompt syntax: brackets, weights, the
# alternation bar, the keywords BREAK and AND (no comma, no other word).
_SYNTAX_ONLY = re.compile(r"(?:[\s()\[\]{}:|.\d]|BREAK|AND)+")


def _syntax_windows(
    n: Normalized, words: list[_Word], boundaries: list[tuple[int, str]] | None = None
) -> list[tuple[int, int, str]]:
    """Windows of one or two words on each side of a phrase boundary made by prompt syntax alone,
    and across a comma between two bracketed groups that hold the parts whole: "(Taylor), (Swift:1.3)",
    "((ana)), ((de armas:1.4))"."""
    if not any(c in n.original for c in "()[]{}:|") and "BREAK" not in n.original and "AND" not in n.original:
        return []
    if boundaries is None:
        boundaries = _boundaries(n, words)
    out = _windows_across(words, boundaries, lambda between: _SYNTAX_ONLY.fullmatch(between) is not None)
    if "," in n.original and any(c in n.original for c in "([{"):
        for first, end, key in _windows_across(
            words, boundaries, lambda between: _GROUPS_COMMA.fullmatch(between) is not None
        ):
            a = n.starts[words[first].start]
            b = max(n.ends[words[end - 1].start : words[end - 1].end])
            if _GROUP_OPENS.search(n.original[:a]) and _GROUP_CLOSES.match(n.original[b:]):
                out.append((first, end, key))
    return out


# A comma between two bracketed groups, with the first group's weight: "), (", ":1.1)), ((".
_GROUPS_COMMA = re.compile(r"[\s:.\d]*[)\]}]+\s*,\s*[(\[{]+\s*")
_GROUP_OPENS = re.compile(r"[(\[{]\s*$")
_GROUP_CLOSES = re.compile(r"[\s:.\d]*[)\]}]")


# Suffixes of social handles and model names written onto a name ("emmawatsonofficial").
_HANDLE_SUFFIX = re.compile(r"(?:official|offical|real|fans|fanpage|fanclub|daily|updates|hq|xo|tv|ig|lora|xl)?\d*$")
# Prefixes of social handles written onto a name ("itssydneysweeney", "thezendaya", "realjennaortega").
_HANDLE_PREFIX = re.compile(r"^(?:thereal|its|itz|the|real|iam|im|official|hey|just)")


def _plain_windows(tokens: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Every window of 1..5 words of a run read as written: (first word, end word, the words joined)."""
    windows: list[tuple[int, int, str]] = []
    size = len(tokens)
    for a in range(size):
        key = ""
        for b in range(a, min(a + MAX_WINDOW, size)):
            key += tokens[b]
            windows.append((a, b + 1, key))
    return windows


def _handle_stems(text: str, ordinary: frozenset[str]) -> tuple[str, ...]:
    """A written word without a handle's prefix or suffix, to look up (at least seven letters left);
    never a dictionary word ("theatrical", "therapist", "impression")."""
    if len(text) < 9 or text in ordinary:
        return ()
    stem = _HANDLE_SUFFIX.sub("", text)
    stems = {stem, _HANDLE_PREFIX.sub("", stem)}
    stems.discard(text)
    return tuple(stem for stem in sorted(stems) if len(stem) >= 7 and stem.isalpha() and stem not in ordinary)


def _diminutive_windows(words: list[_Word], diminutives: dict[str, tuple[str, ...]]) -> list[tuple[int, int, str, int]]:
    """A diminutive and the one or two words after it, looked up with each given name it stands for
    ("Timmy Chalamet" -> "timotheechalamet", "timothychalamet")."""
    out: list[tuple[int, int, str, int]] = []
    for i, word in enumerate(words[:-1]):
        names = diminutives.get(word.text)
        if names is None:
            continue
        rest = ""
        for end in range(i + 1, min(i + 3, len(words))):
            if words[end].segment != word.segment:
                break
            rest += words[end].text
            out.extend((i, end + 1, name + rest, 0) for name in names)
    return out


def _words(n: Normalized) -> list[_Word]:
    out: list[_Word] = []
    segment = 0
    position = 0
    text = n.text
    for piece in text.split(" "):
        if piece == ",":
            segment += 1
        elif piece:
            out.append(_Word(piece, position, position + len(piece), segment))
        position += len(piece) + 1
    return out


def _resolve(matches: list[PersonMatch]) -> list[PersonMatch]:
    """Keep the best match for each stretch of text: longer, then surer, then more famous.

    A typo reading never wins over a sure match as written of the same words ("Will Smith" is
    not "Bill Smith") or of words it cuts through ("Venus de Milo John Madden" is not "de Milio,
    John"); it may extend one ("Juan Carlos Koprivva" is Juan Carlos Kopriva).
    """
    sure = [(m.start, m.end) for m in matches if not m.edits and m.score >= SURE]
    if sure:
        matches = [m for m in matches if not m.edits or not any(_yields(m, a, b) for a, b in sure)]
    matches.sort(
        key=lambda m: (
            -(m.end - m.start),
            -m.score,
            m.edits,
            _TIER_ORDER.get(m.tier, 9),
            -m.popularity,
            m.subject,
        )
    )
    kept: list[PersonMatch] = []
    for match in matches:
        # a protected identity is never hidden behind an index match of the same words
        rivals = [k for k in kept if match.start < k.end and k.start < match.end]
        if rivals and (match.kind != "person.protected" or any(k.kind == "person.protected" for k in rivals)):
            continue
        kept.append(match)
    kept.sort(key=lambda m: (m.start, m.kind))
    return kept


def _yields(match: PersonMatch, start: int, end: int) -> bool:
    """Whether a typo reading gives way to a sure match as written at ``[start, end)``: it overlaps
    it without extending it."""
    if not (start < match.end and match.start < end):
        return False
    return not (match.start <= start and end <= match.end and match.end - match.start > end - start)


class PersonDetector:
    """Finds real people named in the prompt: ``person.named`` (index) and ``person.protected`` (gallery)."""

    name: ClassVar[str] = "person"
    version: ClassVar[str] = "1.0"
    domain: ClassVar[str] = "person"
    kinds: ClassVar[tuple[str, ...]] = ("person.named", "person.protected")

    def __init__(self, index_path: str | None = None, tables: str | None = None) -> None:
        self._index_path = index_path
        self._tables_path = tables
        self.tables = people_tables.Tables()
        self._matcher: PeopleMatcher | None = None
        self._style_artists: frozenset[str] = frozenset()
        self._fictional: frozenset[str] = frozenset()
        self._store: GalleryStore | None = None
        self._store_version: int | None = None
        self._lock = threading.Lock()

    # --- lifecycle ----------------------------------------------------------------------------------------

    def load(self) -> None:
        with self._lock:
            if self._matcher is None:
                index = PeopleIndex.load(self._index_path)
                if self._index_path is None or self._tables_path is not None:
                    # the bundled tables name people of the bundled index
                    folder = Path(self._tables_path) if self._tables_path is not None else None
                    self.tables = people_tables.load(index, folder)
                self._matcher = PeopleMatcher(index)
                self._matcher.diminutives = self.tables.diminutives
                self._style_artists = style_artists_of(load_style_artists(), index)
                self._fictional = real_people_removed(load_fictional_names(), self._matcher.index)
        self.refresh()

    def use_gallery(self, store: GalleryStore) -> None:
        self._store = store
        self._store_version = None

    def refresh(self) -> None:
        """Re-read the protected identities' names and aliases from the gallery store."""
        matcher = self._matcher
        if matcher is None or self._store is None:
            return
        store = self._store
        with self._lock:
            version = store.version()
            disabled = store.disabled_galleries()
            identities = [i for i in store.list_identities() if i.enabled and i.gallery not in disabled]
            matcher.set_protected(identities)
            self._store_version = version

    def protect(self, name: str, aliases: Sequence[str] = (), *, gallery: str = "default") -> Identity:
        """Register a protected person by name and aliases, effective at once (no rebuild).

        Needs a gallery store (the Guard gives its own); the identity is added there, so that
        other processes that share the store see it after their next ``refresh()``.
        """
        import uuid

        if self._store is None:
            from consentry.gallery.store import MemoryGalleryStore

            self._store = MemoryGalleryStore()
        identity = self._store.add_identity(
            Identity(id=f"protected:{uuid.uuid4().hex[:12]}", name=name, aliases=tuple(aliases), gallery=gallery)
        )
        if self._matcher is not None:
            self.refresh()
        return identity

    # --- detection ----------------------------------------------------------------------------------------

    def applies(self, context: Context) -> bool:
        request = context.request
        return bool(request.prompt.strip() or request.negative_prompt.strip())

    def matcher(self) -> PeopleMatcher:
        if self._matcher is None:
            self.load()
        assert self._matcher is not None
        return self._matcher

    def detect(self, context: Context) -> Sequence[Finding]:
        matcher = self.matcher()
        if self._store is not None and self._store.version() != self._store_version:
            self.refresh()
        request = context.request
        findings: list[Finding] = []
        for field in ("prompt", "negative_prompt"):
            text = request.text(field)
            if not text.strip():
                continue
            n = context.memo(f"normalized:{field}", partial(normalize, text))
            matches = matcher.find(text, n)
            if not matches:
                continue
            tags = model_tag_spans(text)
            for match in matches:
                findings.append(self._finding(match, "prompt" if field == "prompt" else "negative_prompt", text, tags))
        return findings

    def role(self, match: PersonMatch, field: TextField, text: str, tags: list[tuple[int, int]]) -> str:
        """How the person appears in the text (see ``consentry.text.person_role``)."""
        if field == "negative_prompt":
            return "negative"
        if match.alias_kind == "character":
            character = self.tables.characters.get(match.alias)
            if (
                character is not None
                and character.adapted
                and not film_named(text, match.end, character.work, match.start)
            ):
                return "fictional"  # "Wonder Woman" is the comic's; "Wonder Woman (2017)" is Gal Gadot
            return "live_action"
        if match.kind == "person.named" and match.subject in self.tables.not_people:
            return "fictional"  # a cartoon character or a virtual singer that a source list holds as an artist
        if match.kind == "person.named" and self._is_fictional(match, text):
            # "Lara Croft" as written is a game's heroine, not Laura Croft a typo away; a little-known
            # person who shares a famous character's name is not the likelier reading either
            return "fictional"
        if (work := work_role(text, match.start, match.end)) is not None:
            return work  # "Michelangelo's David", "Calvin Klein underwear", "Rembrandt lighting"
        if in_model_tag(tags, match.start, match.end):
            return "model_tag"
        if (
            match.kind == "person.named"
            and match.subject in self._style_artists
            and is_style_reference(text, match.start, match.end)
        ):
            return "style"
        if is_lookalike(text, match.start, match.end):
            return "lookalike"
        return "subject"

    def _is_fictional(self, match: PersonMatch, text: str) -> bool:
        if not (match.edits or match.tier == "tail"):
            return False  # a well-known person as written is that person, whatever a story named a character
        return normalize(text[match.start : match.end]).text.replace(" ", "") in self._fictional

    def _finding(
        self, match: PersonMatch, field: TextField, text: str, tags: list[tuple[int, int]] | None = None
    ) -> Finding:
        score = match.score
        reason = "protected_person_named" if match.kind == "person.protected" else "real_person_named"
        role = self.role(match, field, text, tags if tags is not None else model_tag_spans(text))
        # the score is only how sure the match is; how the person appears is the role, and the
        # policy decides what each role means (no caps here)
        reason = _ROLE_REASONS.get(role, reason)
        return Finding(
            kind=match.kind,
            score=round(score, 4),
            detector=f"{self.name}@{self.version}",
            reason=reason,
            span=Span(match.start, match.end, field),
            subject=match.subject,
            evidence={
                "role": role,
                **({"character": text[match.start : match.end]} if match.alias_kind == "character" else {}),
                "name": match.name,
                "alias": match.alias,
                "alias_kind": match.alias_kind,
                "ambiguity": match.ambiguity,
                "steps": match.steps,
                "source": match.sources,
                "tier": match.tier,
                "popularity": match.popularity,
                "edits": match.edits,
            },
        )
