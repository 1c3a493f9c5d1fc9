"""Graded term lexicons matched on normalized prompt words.

A lexicon is data (``text/data/*.tsv``): one term per line with a grade, a strength and flags.
Terms are normalized with the prompt normalizer when the lexicon loads, so a term and a prompt
always meet in the same form (``Nackt`` and ``n4ckt`` both become ``nackt``). Matching walks
the words of the normalized prompt and looks terms up by their first word, so its cost does not
grow with the size of the lexicon. Terms of scripts written without spaces (Chinese, Japanese,
Thai) or with prefixes joined to the word (Hebrew) are matched as substrings, only when the
prompt holds such characters.

``safe`` terms are benign phrases that contain sexual-looking words ("breast cancer", "nude
lipstick", "sex pistols"); they mask their words: no other term may match inside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from consentry.text.normalize import WORD_MARKS, Normalized, normalize

GRADES = ("none", "suggestive", "nudity", "explicit")
_GRADE_CODES = {"S": 1, "N": 2, "X": 3, "safe": 0}
# An ambiguous word ("cock", "dick") written in disguise ("c0ck", "d!ck", "c.o.c.k") is no rooster.
OBFUSCATED_STRENGTH = 0.85
NEGATORS = frozenset({"no", "not", "non", "without", "zero", "never", "nor"})
_WORD = re.compile(rf"[\w{WORD_MARKS}]+")
# Scripts written without spaces between words (Thai, kana, Han), and Hebrew, which joins its
# prefixes to the word ("בביקיני": "in a bikini"): their ``sub`` terms are matched as substrings.
_UNSPACED = re.compile(r"[\u0590-\u05ff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon entry, in normalized form."""

    lang: str
    grade: int  # 0 = safe (a masking phrase), 1 suggestive, 2 nudity, 3 explicit
    strength: float
    words: tuple[str, ...]
    prefix: bool = False  # the last word matches any word starting with it
    negatable: bool = False
    substring: bool = False
    source: str = ""  # the term as written in the lexicon file
    obfuscated: float = 0.0  # the strength when its letters were disguised (leet, separators, look-alikes)

    @property
    def safe(self) -> bool:
        return self.grade == 0


@dataclass(frozen=True, slots=True)
class Hit:
    """A term found in a normalized text: ``[start, end)`` are offsets in the normalized text."""

    term: Term
    start: int
    end: int
    text: str  # the normalized words that matched
    field: str = "prompt"  # the text the offsets are in: "prompt" or "negative_prompt"


def read_terms(
    lines: Iterable[str], origin: str = "lexicon", grade_codes: Mapping[str, int] = _GRADE_CODES
) -> list[Term]:
    """Parse lexicon lines (``lang, grade, strength, flags, term``; ``#`` starts a comment).

    ``grade_codes`` maps the grade column to a number; 0 is reserved for ``safe`` phrases.
    """
    terms: list[Term] = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 5:
            raise ValueError(f"{origin}:{number}: expected 5 tab-separated columns, got {len(parts)}")
        lang, grade_code, strength_text, flags_text, source = parts
        if grade_code not in grade_codes:
            raise ValueError(f"{origin}:{number}: unknown grade {grade_code!r}")
        strength = float(strength_text)
        if not 0.0 <= strength <= 1.0:
            raise ValueError(f"{origin}:{number}: strength must be in 0..1")
        flags = set() if flags_text == "-" else set(flags_text.split(","))
        unknown = flags - {"neg", "sub", "obf"}
        if unknown:
            raise ValueError(f"{origin}:{number}: unknown flags {sorted(unknown)}")
        prefix = source.endswith("*")
        body = source[:-1] if prefix else source
        if "sub" in flags:
            words: tuple[str, ...] = (normalize(body).text.replace(" ", ""),)
        else:
            words = tuple(w for w in normalize(body).text.split(" ") if w and w != ",")
        if not words or not words[0]:
            raise ValueError(f"{origin}:{number}: the term {source!r} is empty once normalized")
        terms.append(
            Term(
                lang=lang,
                grade=grade_codes[grade_code],
                strength=strength,
                words=words,
                prefix=prefix,
                negatable="neg" in flags,
                substring="sub" in flags,
                source=source,
                obfuscated=OBFUSCATED_STRENGTH if "obf" in flags else 0.0,
            )
        )
    return terms


def load_terms(filename: str, grade_codes: Mapping[str, int] = _GRADE_CODES) -> list[Term]:
    """Read a lexicon file shipped in ``consentry/text/data``."""
    path = resources.files("consentry.text").joinpath("data", filename)
    with path.open(encoding="utf-8") as handle:
        return read_terms(handle, origin=filename, grade_codes=grade_codes)


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """The words of a normalized text with their offsets (phrase-boundary commas excluded)."""
    if not text.isascii() or not _FAST_PATHS:
        return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    # ASCII: a word character is a letter, a digit or "_", so a piece between spaces made of letters
    # and digits is one word; the others (",", "a_b", "x-y") are read by the pattern
    spans: list[tuple[str, int, int]] = []
    at = 0
    for piece in text.split(" "):
        if piece.isalnum():
            spans.append((piece, at, at + len(piece)))
        elif piece and piece != ",":
            spans += [(m.group(), at + m.start(), at + m.end()) for m in _WORD.finditer(piece)]
        at += len(piece) + 1
    return spans


# the shortcut of ``word_spans`` for ASCII text (off: the pattern alone; tests/test_stage_fast_paths.py)
_FAST_PATHS = True


@lru_cache(maxsize=64)
def text_words(text: str) -> tuple[tuple[str, int, int], ...]:
    """``word_spans`` of ``text``, remembered for the last texts (the stages of a check read the
    same normalized prompt)."""
    return tuple(word_spans(text))


class Lexicon:
    """Finds the terms of a lexicon in normalized text."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = tuple(terms)
        self._by_first: dict[str, list[Term]] = {}
        self._prefix_single: dict[str, list[Term]] = {}
        self._prefix_lengths: list[int] = []
        substrings: dict[str, list[Term]] = {}
        for term in self.terms:
            if term.substring:
                substrings.setdefault(term.words[0], []).append(term)
            elif term.prefix and len(term.words) == 1:
                self._prefix_single.setdefault(term.words[0], []).append(term)
            else:
                self._by_first.setdefault(term.words[0], []).append(term)
        for entries in self._by_first.values():
            entries.sort(key=lambda t: -len(t.words))  # longest phrase first
        self._prefix_lengths = sorted({len(k) for k in self._prefix_single}, reverse=True)
        self._substrings = substrings
        # per word: the terms that may start at it (``_starting``); ``_NO_TERMS`` for most words
        self._starts: dict[str, tuple[tuple[Term, ...], tuple[Term, ...]]] = {}
        self._substring_re = (
            re.compile("|".join(re.escape(k) for k in sorted(substrings, key=len, reverse=True)))
            if substrings
            else None
        )

    def _starting(self, word: str) -> tuple[tuple[Term, ...], tuple[Term, ...]]:
        """The terms that may start at ``word``: by their first word, and one-word prefixes it has.

        Remembered per word (words repeat from prompt to prompt; the table is emptied when full).
        """
        entry = self._starts.get(word)
        if entry is None:
            prefixed = tuple(
                term
                for length in self._prefix_lengths
                if length <= len(word)
                for term in self._prefix_single.get(word[:length], ())
            )
            first = tuple(self._by_first.get(word, ()))
            entry = (first, prefixed) if first or prefixed else _NO_TERMS
            if len(self._starts) >= _STARTS_SIZE:
                self._starts.clear()
            self._starts[word] = entry
        return entry

    def _terms_at(self, words: Sequence[tuple[str, int, int]], i: int) -> Iterable[tuple[Term, int]]:
        """(term, number of words) for every term that starts at word ``i``."""
        first, prefixed = self._starting(words[i][0])
        for term in first:
            n = len(term.words)
            if i + n > len(words):
                continue
            ok = True
            for k in range(1, n):
                candidate = words[i + k][0]
                expected = term.words[k]
                if k == n - 1 and term.prefix:
                    if not candidate.startswith(expected):
                        ok = False
                        break
                elif candidate != expected:
                    ok = False
                    break
            if ok:
                yield term, n
        for term in prefixed:
            yield term, 1

    def find(self, text: str, words: Sequence[tuple[str, int, int]] | None = None) -> list[Hit]:
        """Every term in ``text`` (normalized), safe phrases excluded and masking their words."""
        return self.scan(text, words)[0]

    def scan(
        self, text: str, words: Sequence[tuple[str, int, int]] | None = None
    ) -> tuple[list[Hit], list[tuple[int, int]]]:
        """The terms found in ``text`` (normalized) and the spans of the safe phrases in it.

        ``words``: ``word_spans(text)``, when the caller has them.
        """
        if words is None:
            words = text_words(text)
        found: list[Hit] = []
        masked: list[tuple[int, int]] = []
        starts = self._starts
        empty = _NO_TERMS
        # only the words some term starts with (most words start none)
        at = [i for i, word in enumerate(words) if starts.get(word[0]) is not empty]
        joined = _joined_fragments(words)
        for run, indices in ((words, at), (joined, range(len(joined)))):  # joined: one-word terms, see _terms_at
            for i in indices:
                for term, n in self._terms_at(run, i):
                    start, end = run[i][1], run[i + n - 1][2]
                    if term.safe:
                        masked.append((start, end))
                        continue
                    if term.negatable and _negated(run, i):
                        continue
                    found.append(Hit(term, start, end, text[start:end]))
        if self._substring_re is not None and not text.isascii() and _UNSPACED.search(text):
            for match in self._substring_re.finditer(text):
                for term in self._substrings[match.group()]:
                    if term.safe:
                        masked.append((match.start(), match.end()))
                    else:
                        found.append(Hit(term, match.start(), match.end(), match.group()))
        if masked:
            found = [h for h in found if not any(s <= h.start and h.end <= e for s, e in masked)]
        return found, masked


_NO_TERMS: tuple[tuple[Term, ...], tuple[Term, ...]] = ((), ())
_STARTS_SIZE = 100_000


# Common English words of one to three letters: a stretch made only of these is real words.
_COMMON_SHORT = """a i o an am as at be by do go he hi if in is it me my no of oh ok on or ox so to up us we
    ad ah ai aw ax eh em er ex ha id la lo ma mm mr ms pa pi re ti tv uh um uk vs ya ye yo
    the and for are but not you all any can had her was one our out day get has him his how man
    men new now old see two way who boy did its let put say she too use dad mom car cat dog pen
    bus sea sun sky end top low hot ice box bed hat cap cup tea egg leg arm eye ear lip fat fit
    bar pub art war age air bag bat bay bee bow cow cry cut dry due far fan few fly fox fun gap
    gas god gun hen hip hit hug ink jar jaw joy key kid kit lab lap law lay lie log lot mad map
    mat mix mob mud mug net nut oak oil own pan pat pay pet pie pig pin pit pop pot rag ram rat
    raw ray rib rod row rug run sad saw set sew shy sin sip sit ski son spa spy sub tab tag tan
    tap tar tax tie tin tip toe ton toy tub tug van vet wax web wet why win wit won yak yam zoo
    got via per try ask bit big bad red tow ion led mid non pro six ten net off yes yet ago
    sat ran ate met hid fed led won lit dug dye eat gym hay hey ill inn kin lad lid mat nap
    nod oar odd ore owl pad paw pea peg ply pod pry pun pup rig rim rip rob rot rub rye sag
    sap sod sow sty sum tad tee toy urn use vow wag wok woe yaw yew zip"""
COMMON_SHORT_WORDS = frozenset(_COMMON_SHORT.split())


def _negated(words: Sequence[tuple[str, int, int]], i: int) -> bool:
    """Whether one of the two words before word ``i`` negates it ("no nudity", "not fully nude")."""
    return any(words[j][0] in NEGATORS for j in range(max(0, i - 2), i))


def _joined_fragments(words: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Runs of short pieces joined back into one word ("pu ss y" -> "pussy", "nak ed" -> "naked").

    The normalizer joins letters written one by one; a word cut into pieces of two or three
    letters is left for the matcher. Every stretch of two to six neighbouring pieces of at most
    three letters each that spells at least five letters is tried as one word.
    """
    last = _LAST_JOINED[0]
    if last[0] is words:
        return last[1]  # the words of the text the last lexicon read (``text_words``)
    # the short pieces, by their number among the words: a run is a stretch of neighbours
    shorts = [k for k, (word, _, _) in enumerate(words) if 0 < len(word) <= 3 and word.isalpha()]
    out: list[tuple[str, int, int]] = []
    if len(shorts) < 2:
        if isinstance(words, tuple):
            _LAST_JOINED[0] = (words, out)
        return out
    run: list[tuple[str, int, int]] = []
    previous = -2
    for k in shorts:
        word = words[k]
        if run and k == previous + 1 and word[1] - run[-1][2] <= 3:
            run.append(word)
        else:
            if len(run) > 1:  # a run of one piece joins nothing
                _join_run(run, out)
            run = [word]
        previous = k
    if len(run) > 1:
        _join_run(run, out)
    if isinstance(words, tuple):
        _LAST_JOINED[0] = (words, out)
    return out


# The words (a tuple, as ``text_words`` keeps them) and the joined pieces of the last text read:
# the sexual and the minor stages read the same words of a prompt, one after the other.
_LAST_JOINED: list[tuple[object, list[tuple[str, int, int]]]] = [(None, [])]


def _join_run(run: Sequence[tuple[str, int, int]], out: list[tuple[str, int, int]]) -> None:
    """Every stretch of two to six pieces of ``run`` ("show me her pu ss y": "pussy") that spells
    five letters or more and is not only common words ("a pen is here" does not spell "penis",
    "men in a" not "menina")."""
    if sum(len(w[0]) for w in run) < 5:
        return  # too few letters in the whole run
    for i in range(len(run)):
        for j in range(i + 2, min(len(run), i + 6) + 1):
            stretch = run[i:j]
            joined = "".join(w[0] for w in stretch)
            if len(joined) >= 5 and not all(w[0] in COMMON_SHORT_WORDS for w in stretch):
                out.append((joined, stretch[0][1], stretch[-1][2]))


def normalized(text: str) -> Normalized:
    """The normalized form of ``text`` (cached by the normalizer)."""
    return normalize(text)
