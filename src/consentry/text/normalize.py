"""Prompt text normalization with an offset map back to the original.

Usage::

    from consentry.text.normalize import normalize

    n = normalize("nude (T4yl0r.Swift:1.3), <lora:emmaWatson_v2:0.8> BREAK")
    n.text                      # 'nude taylor swift , emma watson v2'
    start = n.text.index("taylor swift")
    n.to_original(start, start + len("taylor swift"))   # (6, 18): 'T4yl0r.Swift' in the input
    n.steps                     # every step that changed something, in pipeline order:
                                # ('prompt_syntax', 'lora', 'separators', 'camel_case', 'leet')
    n.steps_in(start, start + 12)   # the steps that touched that part only: ('separators', 'leet')
    n.words()                   # (('nude', 0, 4), ('taylor', 5, 11), ...): words and their spans in n.text

``normalize(text)`` never raises on any ``str``, is idempotent
(``normalize(n.text).text == n.text``) and is pure (cached for repeated prompts).

The normalized text is lower case, words are separated by one space, and phrase boundaries
(``,`` ``;`` ``|`` new lines, ``BREAK``, ``AND``, the edges of prompt-syntax groups) are a
lone ``,`` between spaces, so that a phrase never runs across a boundary. It holds no leading
or trailing space and never two boundaries in a row.

The steps, in order (the names are what ``steps`` and ``steps_in`` report):

``nfkc``
    Unicode NFKC (full-width and mathematical letters, ligatures, superscripts...).
``control``
    Zero-width, bidirectional and other format or control characters are removed.
``confusables``
    Homoglyphs from other scripts (Cyrillic 'а', Greek 'ο', ...) become the ASCII letter they
    imitate, in words that are written in Latin letters or made only of such look-alikes
    (a word written wholly in Cyrillic, Hangul or Han is left as it is). The table is compiled
    from Unicode's confusables.txt (``text/data/confusables.tsv``).
``accents``
    Accents and other combining marks are removed from Latin, Greek and Cyrillic letters
    (``Beyoncé`` -> ``beyonce``, ``ø`` -> ``o``, ``ß`` -> ``ss``); Hangul, kana and Han are kept.
``case``
    Lower case (case folding). Reported for a span only when it was written in odd case
    (``TAYLOR``, ``tAyLoR``), not for an ordinary capital letter.
``prompt_syntax``
    The syntax of the big image UIs is removed: emphasis ``(a)``, ``((a))``, ``[a]``, ``{a}``,
    weights ``(a:1.3)``, NovelAI ``1.2::a::``, alternation ``[a|b]``, prompt editing
    ``[a:b:0.5]``, wildcards ``__a__``, ``BREAK`` and ``AND``, ComfyUI ``embedding:name``.
``lora``
    ``<lora:name:0.8>``, ``<lyco:...>``, ``<hypernet:...>``: the tag goes, its name stays as
    words (``<lora:taylorSwift_v2:0.8>`` -> ``taylor swift v2``).
``separators``
    Separators inside words: letters written one by one with dots, dashes, underscores,
    stars or spaces are joined (``t.a.y.l.o.r`` -> ``taylor``; four or more when separated by
    spaces); other joiners (``.`` ``-`` ``_`` ``*`` ``/``) split a word in two (``tay-lor`` ->
    ``tay lor``; joining such pieces back is the matcher's job).
``camel_case``
    A lower-case letter followed by a capital splits the word (``TaylorSwift`` -> ``taylor swift``).
``leet``
    Digits and symbols inside words are read as letters (``t4yl0r`` -> ``taylor``,
    ``$wift`` -> ``swift``, ``@`` ``!`` ``|`` ``€`` ...). Numbers and counts are left alone
    (``8k``, ``1girl``, ``2girls``, ``1990s``, ``v2``).
``repeats``
    A letter repeated three times or more is written twice (``taylooooor`` -> ``tayloor``).
``possessive``
    ``'s`` and ``s'`` at the end of a word are removed; other apostrophes inside words are
    dropped (``O'Brien`` -> ``obrien``).
``handle``
    ``@`` and ``#`` before a word (social handles and hashtags) are removed.

What it does not do: split run-together words with no capitals (``taylorswift``), spell
check, or transliterate between scripts; those belong to the matchers that use it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

__all__ = ["STEPS", "Normalized", "normalize"]

STEPS: tuple[str, ...] = (
    "nfkc",
    "control",
    "confusables",
    "accents",
    "case",
    "prompt_syntax",
    "lora",
    "separators",
    "camel_case",
    "leet",
    "repeats",
    "possessive",
    "handle",
)
_BIT = {name: 1 << i for i, name in enumerate(STEPS)}
NFKC, CONTROL, CONFUSABLES, ACCENTS, CASE = (_BIT[s] for s in STEPS[:5])
SYNTAX, LORA, SEPARATORS, CAMEL, LEET, REPEATS, POSSESSIVE, HANDLE = (_BIT[s] for s in STEPS[5:])

BOUNDARY = ","


@dataclass(frozen=True, slots=True, eq=False)
class Normalized:
    """A normalized text, with where each of its characters came from in the original.

    ``starts[i]``/``ends[i]`` is the half-open range of original characters that produced
    normalized character ``i`` (a space or boundary that stands for removed text maps to the
    text it replaced). ``flags[i]`` is a bit set of the steps that touched character ``i``.
    """

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    flags: tuple[int, ...]
    removed: int = 0  # step bits of text removed without a trace (e.g. a trailing control character)

    @property
    def steps(self) -> tuple[str, ...]:
        """Every step that changed something, in pipeline order."""
        bits = self.removed
        for flag in self.flags:
            bits |= flag
        return _names(bits)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` range that normalized ``text[start:end]`` came from.

        Raises ``ValueError`` for a range outside ``text`` or an empty one.
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"range [{start}, {end}) is not a non-empty range of the normalized text")
        return self.starts[start], max(self.ends[start:end])

    def steps_in(self, start: int, end: int) -> tuple[str, ...]:
        """The steps that touched normalized ``text[start:end]`` (pipeline order)."""
        bits = 0
        for flag in self.flags[start:end]:
            bits |= flag
        return _names(bits)

    def words(self) -> tuple[tuple[str, int, int], ...]:
        """The words of ``text`` (boundaries included as ``","``) with their ``[start, end)``."""
        return tuple((m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", self.text))

    def from_original(self, position: int) -> int:
        """The index in ``text`` of the first normalized character made from original ``position`` or later."""
        return bisect_right(self.ends, position)


def _names(bits: int) -> tuple[str, ...]:
    return tuple(name for name in STEPS if bits & _BIT[name])


# --- character level: NFKC, control characters, confusables, accents --------------------------------


def _load_confusables() -> dict[str, str]:
    table: dict[str, str] = {}
    text = resources.files("consentry.text").joinpath("data/confusables.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, target = line.split("\t")
        table[chr(int(code, 16))] = target.lower()
    return table


_CONFUSABLES = _load_confusables()
# Letters with no decomposition that still carry an "accent" for a reader of Latin script.
_LATIN_EXTRA = {
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ł": "l",
    "ħ": "h",
    "ı": "i",
    "ŧ": "t",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ŋ": "n",
    "ƒ": "f",
    "ĸ": "k",
    "ſ": "s",
}
_KEEP_MARKS_RANGES = (
    (0x0900, 0x0DFF),  # the scripts of India and Sri Lanka: their vowel signs are letters, not accents
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x109F),  # Tibetan, Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3040, 0x30FF),  # kana
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0xAC00, 0xD7A3),  # Hangul syllables
)


# The marks those scripts write inside words (vowel signs, viramas): part of a word, as letters are.
WORD_MARKS = "".join(
    chr(code)
    for lo, hi in _KEEP_MARKS_RANGES
    for code in range(lo, hi + 1)
    if unicodedata.category(chr(code)).startswith("M")
)


def _is_format_or_control(char: str) -> bool:
    category = unicodedata.category(char)
    return category in ("Cf", "Cc", "Cs", "Co", "Cn") and char not in "\t\n\r"


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> tuple[str, int]:
    """One original character -> (folded text, step bits). Confusables are applied later, per word."""
    if _is_format_or_control(char):
        return "", CONTROL
    bits = 0
    out = unicodedata.normalize("NFKC", char)
    if out != char:
        bits |= NFKC
    folded = out.casefold()
    if folded != out.lower():
        bits |= CASE
    out = folded
    code = ord(char)
    if not any(lo <= code <= hi for lo, hi in _KEEP_MARKS_RANGES):
        stripped = "".join(
            _LATIN_EXTRA.get(c, c) for c in unicodedata.normalize("NFD", out) if not unicodedata.combining(c)
        )
        stripped = unicodedata.normalize("NFC", stripped)
        if stripped != out:
            bits |= ACCENTS
            out = stripped
    # any remaining format characters produced by the decomposition
    out = "".join(c for c in out if not _is_format_or_control(c))
    return out, bits


def _fold(text: str, dropped: list[int], plain: bool) -> tuple[str, list[int], list[int], list[int], list[bool]]:
    """Character-level folding of the whole text, keeping the original case in ``upper``.

    Returns the folded text, the original start and end of each folded character, its step
    bits and whether it was upper case in the input (for camel case and odd-case detection).
    """
    if plain:
        # most prompts (printable ASCII): nothing to fold but the case
        size = len(text)
        return text.lower(), list(range(size)), list(range(1, size + 1)), [0] * size, list(map(str.isupper, text))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    flags: list[int] = []
    upper: list[bool] = []
    for i, char in enumerate(text):
        if char.isascii() and char.isprintable():
            chars.append(char.lower())
            starts.append(i)
            ends.append(i + 1)
            flags.append(0)
            upper.append(char.isupper())
            continue
        if char in "\t\n\r":
            chars.append("\n" if char == "\n" else " ")
            starts.append(i)
            ends.append(i + 1)
            flags.append(0)
            upper.append(False)
            continue
        if unicodedata.combining(char) and chars and not _is_format_or_control(char):
            # a combining mark belongs to the previous character: fold them together
            base_start = starts[-1]
            combined = text[base_start : i + 1]
            folded, bits = _fold_sequence(combined)
            j = len(chars)
            while j > 0 and starts[j - 1] == base_start:
                j -= 1
            was_upper = upper[j] if j < len(upper) else False
            del chars[j:], starts[j:], ends[j:], flags[j:], upper[j:]
            for c in folded:
                chars.append(c)
                starts.append(base_start)
                ends.append(i + 1)
                flags.append(bits)
                upper.append(was_upper)
            continue
        folded, bits = _fold_char(char)
        if not folded:
            if flags:
                flags[-1] |= bits  # the neighbour carries the trace of a removed character
            else:
                dropped[0] |= bits
            continue
        was_upper = char.isupper() and folded != char
        for c in folded:
            chars.append(c)
            starts.append(i)
            ends.append(i + 1)
            flags.append(bits)
            upper.append(was_upper)
    return "".join(chars), starts, ends, flags, upper


@lru_cache(maxsize=4096)
def _fold_sequence(sequence: str) -> tuple[str, int]:
    composed = unicodedata.normalize("NFC", sequence)
    bits = NFKC if composed != sequence else 0
    out = ""
    for char in composed:
        folded, char_bits = _fold_char(char)
        out += folded
        bits |= char_bits
    if out != unicodedata.normalize("NFC", sequence).lower():
        bits |= ACCENTS
    return out, bits


# --- token level: prompt syntax, separators, camel case, leet, repeats ------------------------------

_LORA = re.compile(r"<\s*(?:lora|lyco|lycoris|hypernet|hypernetwork|locon|loha)\s*:\s*([^:<>]*)(?::[^<>]*)?>")
_EMBEDDING = re.compile(r"\bembedding:(?=\S)")
_WEIGHT = re.compile(r":\s*-?\d+(?:\.\d*)?(?=\s*[)\]}>,|]|\s*$)|:\s*-?\.\d+(?=\s*[)\]}>,|])")
_NOVELAI = re.compile(r"(?:(?<![\w.])-?\d+(?:\.\d+)?::|::)")
_KEYWORD = re.compile(r"(?<![A-Za-z])(?:BREAK|AND)(?![A-Za-z])")
_BOUNDARY_CHARS = frozenset(",;:|\n、，；：。!?¡¿")
_SYNTAX_CHARS = frozenset("()[]{}<>\\")
_SYNTAX_OR_UNDERSCORE = re.compile(r"[()\[\]{}<>\\_]")  # the characters the syntax mask looks at

# A word: letters, digits and leet symbols, with joiners inside it (never at its ends).
_WORD_CHAR = rf"[^\W_]|[@$€£¢∆!+'’{WORD_MARKS}]"
_WORD = re.compile(rf"(?:{_WORD_CHAR})+(?:[.\-_*·/'’](?:{_WORD_CHAR})+)*")
_JOINERS = ".-_*·/"
_APOSTROPHES = "'’"

_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "€": "e",
    "£": "l",
    "¢": "c",
    "∆": "a",
    "!": "i",
    "+": "t",
}
_LEET_SYMBOLS = frozenset("@$€£¢∆!+")
# Words that follow a count and must not be read as leetspeak ("2girls", "1boy", "3d").
_COUNTED = frozenset(
    {
        *("girl", "girls", "boy", "boys", "other", "others", "people", "person", "persons"),
        *("man", "men", "woman", "women", "koma", "kids", "cats", "dogs", "legs", "arms"),
        *("hands", "heads", "tails", "eyes", "views", "panel", "panels", "frames"),
    }
)


@dataclass(slots=True)
class _Out:
    chars: list[str]
    starts: list[int]
    ends: list[int]
    flags: list[int]

    def space(self, position: int, boundary: bool, bits: int = 0) -> None:
        """A word separator (or a phrase boundary) standing for text at ``position``."""
        if not self.chars:
            return
        if boundary:
            if self.chars[-1] == BOUNDARY or (len(self.chars) >= 2 and self.chars[-2] == BOUNDARY):
                return
            if self.chars[-1] != " ":
                self._add(" ", position, position, bits)
            self._add(BOUNDARY, position, position, bits)
            return
        if self.chars[-1] not in (" ", BOUNDARY):
            self._add(" ", position, position, bits)

    def word(self, text: str, position: int, starts: list[int], ends: list[int], flags: list[int]) -> None:
        """A word made from the folded text at ``position``, with its original starts and ends."""
        if not text:
            return
        if self.chars and self.chars[-1] != " ":
            self._add(" ", position, position, 0)
        self.chars.extend(text)
        self.starts.extend(starts)
        self.ends.extend(ends)
        self.flags.extend(flags)

    def _add(self, char: str, start: int, end: int, bits: int) -> None:
        self.chars.append(char)
        self.starts.append(start)
        self.ends.append(end)
        self.flags.append(bits)

    def finish(self) -> None:
        while self.chars and self.chars[-1] in (" ", BOUNDARY):
            for seq in (self.chars, self.starts, self.ends, self.flags):
                seq.pop()


def _syntax_mask(text: str) -> tuple[list[int], list[int]]:
    """Per character of the folded text: 0 keep, 1 remove (syntax), 2 boundary; and step bits."""
    kind = [0] * len(text)
    bits = [0] * len(text)

    def mark(start: int, end: int, value: int, step: int) -> None:
        for i in range(start, end):
            kind[i] = max(kind[i], value)
            bits[i] |= step

    for m in _LORA.finditer(text):
        mark(m.start(), m.start(1), 2, LORA)
        mark(m.end(1), m.end(), 2, LORA)
    for m in _EMBEDDING.finditer(text):
        mark(m.start(), m.end(), 1, SYNTAX)
    for m in _WEIGHT.finditer(text):
        mark(m.start(), m.end(), 2, SYNTAX)
    for m in _NOVELAI.finditer(text):
        mark(m.start(), m.end(), 2, SYNTAX)
    for m in _SYNTAX_OR_UNDERSCORE.finditer(text):
        i = m.start()
        char = text[i]
        if char in _SYNTAX_CHARS:
            if kind[i] == 0:
                # "[a|b]", "{a}", "<...>" delimit phrases; "(taylor swift)" is emphasis: a word separator
                kind[i] = 2 if char in "[]{}<>" else 1
                bits[i] |= SYNTAX
        elif text.startswith("__", i) or (i > 0 and text[i - 1] == "_"):
            kind[i] = 1
            bits[i] |= SYNTAX
    return kind, bits


def _keyword_mask(original_case: str, kind: list[int], bits: list[int]) -> None:
    for m in _KEYWORD.finditer(original_case):
        for i in range(m.start(), m.end()):
            kind[i] = 2
            bits[i] |= SYNTAX


def _split_units(word: str) -> list[tuple[int, int]]:
    """Split a word at its joiners; returns unit ranges (joiners excluded)."""
    units: list[tuple[int, int]] = []
    start = 0
    for i, char in enumerate(word):
        if char in _JOINERS:
            if i > start:
                units.append((start, i))
            start = i + 1
    if start < len(word):
        units.append((start, len(word)))
    return units


def _is_single_letter(word: str, start: int, end: int) -> bool:
    piece = word[start:end]
    return len(piece) == 1 and (piece.isalpha() or piece in _LEET)


def _process_word(
    word: str,
    offset: int,
    upper: list[bool],
    out_pieces: list[tuple[str, list[int], int]],
) -> None:
    """Turn one word (folded, lower case) into one or more output words.

    Appends ``(text, positions in the folded text, bits)`` per output word; ``positions`` has
    one folded-text index per output character.
    """
    if word.isalpha():
        # one plain word (most words): no joiners, nothing spelled out
        positions = list(range(offset, offset + len(word)))
        if not any(upper[offset + 1 : offset + len(word)]):
            _finish_word(word, positions, 0, out_pieces)  # no capital inside: no camel case to split
            return
        for piece, piece_positions, piece_bits in _split_camel(word, positions, upper):
            _finish_word(piece, piece_positions, piece_bits, out_pieces)
        return
    units = _split_units(word)
    groups: list[list[tuple[int, int]]] = []
    for unit in units:
        if groups and _is_single_letter(word, *unit) and _is_single_letter(word, *groups[-1][-1]):
            groups[-1].append(unit)
        else:
            groups.append([unit])
    # a run of single characters is a word spelled out only if it is mostly letters ("f/1.4" is not)
    split: list[list[tuple[int, int]]] = []
    for group in groups:
        letters = sum(1 for s, _ in group if word[s].isalpha())
        if len(group) > 1 and (letters < 2 or letters * 2 < len(group)):
            split.extend([unit] for unit in group)
        else:
            split.append(group)
    for index, group in enumerate(split):
        bits = SEPARATORS if len(group) > 1 else 0
        # a word split at a joiner other than a hyphen ("tay.lor", "taylor_swift")
        before = word[split[index - 1][-1][1] : group[0][0]] if index else ""
        after = word[group[-1][1] : split[index + 1][0][0]] if index + 1 < len(split) else ""
        if (before and before != "-") or (after and after != "-"):
            bits |= SEPARATORS
        text = "".join(word[s:e] for s, e in group)
        positions = [offset + i for s, e in group for i in range(s, e)]
        for piece, piece_positions, piece_bits in _split_camel(text, positions, upper):
            _finish_word(piece, piece_positions, bits | piece_bits, out_pieces)


def _odd_case(folded: str, positions: list[int], upper: list[bool]) -> bool:
    """Capitals after the first letter of a word: "TAYLOR", "tAyLoR" (but not "O'Brien")."""
    if not any(map(upper.__getitem__, positions[1:])):
        return False  # most words: no capital after the first character
    letters = [p for p in positions if folded[p].isalpha()]
    if len(letters) < 2:
        return False
    if all(upper[p] for p in letters):
        return True
    return any(upper[b] and not upper[a] and folded[a].isalpha() for a, b in pairwise(positions))


def _split_camel(text: str, positions: list[int], upper: list[bool]) -> list[tuple[str, list[int], int]]:
    pieces: list[tuple[str, list[int], int]] = []
    start = 0
    for i in range(1, len(text)):
        if upper[positions[i]] and not upper[positions[i - 1]] and text[i - 1].isalpha() and text[i].isalpha():
            pieces.append((text[start:i], positions[start:i], CAMEL))
            start = i
    if not pieces:
        return [(text, positions, 0)]
    pieces.append((text[start:], positions[start:], CAMEL))
    if any(len(piece) < 2 for piece, _, _ in pieces):
        return [(text, positions, 0)]  # "tAyLoR", "iPhone": not words joined in camel case
    return pieces


def _finish_word(text: str, positions: list[int], bits: int, out: list[tuple[str, list[int], int]]) -> None:
    # possessives and apostrophes
    if "'" in text or "’" in text:
        keep = [i for i, c in enumerate(text) if c not in _APOSTROPHES]
        stripped = "".join(text[i] for i in keep)
        bits |= POSSESSIVE
        if len(text) >= 3 and text[-2] in _APOSTROPHES and text[-1] == "s":
            keep = [i for i in range(len(text) - 2) if text[i] not in _APOSTROPHES]
            stripped = "".join(text[i] for i in keep)
        text, positions = stripped, [positions[i] for i in keep]
        if not text:
            return
    # handles and hashtags are taken care of by the caller; leetspeak here
    if text == "$$":
        # a lone "$$" is the middle of a word cut in pieces ("pu $$ y", "a $$"), not money
        text, bits = "ss", bits | LEET
    if not text.isalpha():
        decoded = _decode_leet(text)
        if decoded != text:
            bits |= LEET
            text = decoded
        # leet symbols left at the ends are punctuation
        lo, hi = 0, len(text)
        while lo < hi and text[lo] in _LEET_SYMBOLS:
            lo += 1
        while hi > lo and text[hi - 1] in _LEET_SYMBOLS:
            hi -= 1
        if (lo, hi) != (0, len(text)):
            text, positions = text[lo:hi], positions[lo:hi]
        if not text:
            return
    # repeated letters
    if len(text) >= 3 and _REPEATS.search(text):
        keep = [i for i in range(len(text)) if not (i >= 2 and text[i] == text[i - 1] == text[i - 2])]
        text = "".join(text[i] for i in keep)
        positions = [positions[i] for i in keep]
        bits |= REPEATS
    out.append((text, positions, bits))


_REPEATS = re.compile(r"([^\W\d_])\1\1")


# one to three digits between two letters ("t4ylor", "t33n", "b00bs"): leet, not a count
_INNER_DIGITS = re.compile(r"[^\W\d_][0-9]{1,3}[^\W\d_]")


def _decode_leet(word: str) -> str:
    letters = sum(1 for c in word if c.isalpha())
    if letters == 0:
        return word
    has_symbol = any(c in _LEET_SYMBOLS for c in word)
    digits = [i for i, c in enumerate(word) if c.isdigit()]
    if not digits and not has_symbol:
        return word
    if digits and not has_symbol:
        inner = _INNER_DIGITS.search(word) is not None
        if not inner:
            head = len(word) - len(word.lstrip("0123456789"))
            tail = len(word) - len(word.rstrip("0123456789"))
            rest = word[head : len(word) - tail]
            if not rest.isalpha():
                return word
            leet_head = word[:head] in ("0", "1", "3", "4", "5", "7")
            leet_tail = word[len(word) - tail :] in ("0", "1", "3", "4")
            if head and tail and leet_head and leet_tail and len(rest) >= 2:
                pass  # "3mm4": both ends
            elif head and not tail and leet_head and len(rest) >= 3 and rest not in _COUNTED:
                pass  # "5anghyuk": a leading leet letter
            elif tail and not head and leet_tail and len(rest) >= 3:
                pass  # "kylel4": a trailing leet vowel
            else:
                return word
    chars = list(word)
    for i, c in enumerate(chars):
        if c in _LEET:
            # a symbol only stands for a letter next to a letter (or another leet character)
            left = i > 0 and (chars[i - 1].isalpha() or chars[i - 1] in _LEET)
            right = i + 1 < len(chars) and (chars[i + 1].isalpha() or chars[i + 1] in _LEET)
            if c in "!+" and not (left and right):
                continue
            if left or right:
                chars[i] = _LEET[c]
    return "".join(chars)


def _apply_confusables(text: str, flags: list[int], upper: list[bool]) -> str:
    """Map homoglyphs to ASCII in words written in Latin letters or made only of look-alikes.

    A capital is looked up as it was written: Cyrillic 'Т' imitates 'T' though its lower case
    'т' imitates nothing, so the folded 'т' of an original 'Т' still becomes 't'.
    """
    if text.isascii():
        return text
    chars = list(text)

    def target_of(i: int) -> str | None:
        target = _CONFUSABLES.get(chars[i])
        if target is None and upper[i]:
            target = _CONFUSABLES.get(chars[i].upper())
        return target

    for m in re.finditer(r"[^\W_]+", text):
        word = m.group()
        if word.isascii():
            continue
        targets = [target_of(i) for i in range(m.start(), m.end())]
        if all(t is None for t in targets):
            continue
        latin = any(c.isascii() and c.isalpha() for c in word)
        all_mapped = all(c.isascii() or t is not None for c, t in zip(word, targets, strict=True))
        if not (latin or all_mapped):
            continue
        for i, target in zip(range(m.start(), m.end()), targets, strict=True):
            if target is not None and len(target) == 1:
                chars[i] = target
                flags[i] |= CONFUSABLES
    return "".join(chars)


# --- the pipeline --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def normalize(text: str) -> Normalized:
    """Normalize ``text`` for matching; see the module documentation for the steps."""
    if not isinstance(text, str):
        raise TypeError(f"normalize() takes a str, not {type(text).__name__}")
    dropped = [0]
    ascii_printable = text.isascii() and text.isprintable()
    folded, fstarts, fends, fflags, upper = _fold(text, dropped, ascii_printable)
    folded = _apply_confusables(folded, fflags, upper)
    kind, sbits = _syntax_mask(folded)
    # BREAK / AND are only keywords in capitals: look at the case of the original characters.
    if "break" in folded or "and" in folded:  # the keywords, folded
        # printable ASCII folds to its lower case, character for character: its case is the text's
        cased = (
            text
            if ascii_printable and _FAST_PATHS
            else "".join(c.upper() if u else c for c, u in zip(folded, upper, strict=True))
        )
        _keyword_mask(cased, kind, sbits)

    out = _Out([], [], [], [])
    pieces: list[tuple[str, list[int], int]] = []
    marked = any(kind)  # any prompt syntax at all
    plain = not marked and ascii_printable  # folded position p is original p
    pos = 0
    n = len(folded)
    chars, out_starts, out_ends, out_flags = out.chars, out.starts, out.ends, out.flags
    while pos < n:
        if folded[pos] == " " and kind[pos] != 2 and _FAST_PATHS:
            pos += 1  # a space starts no word and is no boundary: nothing to write (see below)
            continue
        if ascii_printable and _FAST_PATHS and kind[pos] == 0:
            # a run of plain words apart by a space or a comma and a space ("best quality, a
            # photo of a woman"), each written as the shortcut for plain words below writes it,
            # at once: letters only, no capital inside a word, no letter three times, no syntax,
            # not a hashtag. A space inside stands for itself, a comma and its space for " , ":
            # the comma's position twice, then the next word's; each as ``_separator_positions``
            # would map it.
            run = _PLAIN_RUN.match(folded, pos)
            if run is not None:
                end = run.end()
                written = run.group()
                if (
                    " " in written
                    and (pos == 0 or folded[pos - 1] != "#")
                    and _CAPITAL_INSIDE.search(text, pos, end) is None
                    and _REPEATS.search(folded, pos, end) is None
                    and (not marked or not any(kind[pos:end]))
                ):
                    if chars and chars[-1] != " ":
                        out._add(" ", pos, pos, 0)
                    at = pos
                    comma = written.find(", ")
                    while comma >= 0:
                        c = pos + comma
                        out_starts.extend(range(at, c))
                        out_ends.extend(range(at + 1, c + 1))
                        out_starts += (c, c, c + 2)
                        out_ends += (c + 1, c + 1, c + 3)
                        at = c + 2
                        comma = written.find(", ", comma + 2)
                    out_starts.extend(range(at, end))
                    out_ends.extend(range(at + 1, end + 1))
                    if at != pos:
                        written = written.replace(", ", " , ")
                    chars.extend(written)
                    out_flags.extend([0] * len(written))
                    chars.append(" ")
                    out_starts.append(end)
                    out_ends.append(end)
                    out_flags.append(0)
                    pos = end
                    continue
        # separators and syntax until the next word character
        m = _WORD.match(folded, pos) if kind[pos] == 0 else None
        if m is None:
            if kind[pos] == 2 or folded[pos] in _BOUNDARY_CHARS:
                out.space(pos, True, sbits[pos])
            elif chars and chars[-1] not in _SPACES:
                # (never so: each word is followed by a space; kept for what ``space`` would do)
                out.space(pos, False, sbits[pos] if kind[pos] == 1 or not folded[pos].isspace() else 0)
            pos += 1
            continue
        # the word runs until its regex match ends or syntax begins
        end = m.end()
        if marked:
            for j in range(pos, end):
                if kind[j] != 0:
                    end = j
                    break
        word = folded[pos:end]
        lead_bits = 0
        # handles and hashtags: '@name', '#name'
        if (pos > 0 and folded[pos - 1] == "#") or (word.startswith("@") and len(word) > 1 and word[1].isalpha()):
            lead_bits = HANDLE
            if word.startswith("@"):
                word = word[1:]
                pos += 1
        elif (
            ascii_printable
            and _FAST_PATHS
            and word.isalpha()
            and not any(upper[pos + 1 : end])
            and (len(word) < 3 or _REPEATS.search(word) is None)
        ):
            # most words: letters only, no capital inside, nothing to undo; the original
            # character of folded position p is p, and the word is followed by a space
            # (``out.word`` then ``out.space``, written out)
            if chars and chars[-1] != " ":
                out._add(" ", pos, pos, 0)
            chars.extend(word)
            out_starts.extend(range(pos, end))
            out_ends.extend(range(pos + 1, end + 1))
            out_flags.extend([0] * len(word))
            chars.append(" ")
            out_starts.append(end)
            out_ends.append(end)
            out_flags.append(0)
            pos = end
            continue
        pieces.clear()
        _process_word(word, pos, upper, pieces)
        for piece_text, positions, piece_bits in pieces:
            bits = piece_bits | lead_bits | (CASE if _odd_case(folded, positions, upper) else 0)
            if plain:
                out.word(piece_text, positions[0], positions, [p + 1 for p in positions], [bits] * len(positions))
            else:
                out.word(
                    piece_text,
                    positions[0],
                    [fstarts[p] for p in positions],
                    [fends[p] for p in positions],
                    [fflags[p] | sbits[p] | bits for p in positions],
                )
            out.space(positions[-1] + 1, False)
        pos = end
    out.finish()
    _join_spaced_letters(out)
    # Map the separators' folded positions to original positions.
    starts, ends = _separator_positions(out, fstarts, fends, len(text))
    return Normalized(
        original=text,
        text="".join(out.chars),
        starts=tuple(starts),
        ends=tuple(ends),
        flags=tuple(out.flags),
        removed=dropped[0] | _all_bits(sbits) | (0 if out.flags else _all_bits(fflags)),
    )


def _all_bits(*lists: list[int]) -> int:
    bits = 0
    for values in lists:
        if any(values):  # most are all zeros
            for value in set(values):
                bits |= value
    return bits


def _separator_positions(out: _Out, fstarts: list[int], fends: list[int], length: int) -> tuple[list[int], list[int]]:
    """Separators were recorded with folded positions (start == end); words with original ones."""
    starts = list(out.starts)
    ends = list(out.ends)
    size = len(fstarts)
    for m in _SEPARATOR.finditer("".join(out.chars)):  # out.chars holds one character an item
        i = m.start()
        position = starts[i]
        if position == ends[i]:
            original = fstarts[position] if position < size else length
            starts[i] = original
            ends[i] = original + 1 if original < length else length
    return starts, ends


_SEPARATOR = re.compile("[ ,]")
# Plain words apart by a space or a comma and a space, the last one a whole word (``_WORD`` would not go on past it)
_PLAIN_RUN = re.compile(rf"[a-z]+(?:,? [a-z]+)*(?!{_WORD_CHAR}|[.\-_*·/'’](?:{_WORD_CHAR}))")
# a capital after a letter: inside a word
_CAPITAL_INSIDE = re.compile(r"[A-Za-z][A-Z]")
# The shortcuts of ``normalize`` for printable ASCII and plain words (off: the general steps, which
# give the same answer; tests/test_stage_fast_paths.py compares the two).
_FAST_PATHS = True
_SPACES = (" ", BOUNDARY)


def _join_spaced_letters(out: _Out) -> None:
    """Join four or more single letters separated by single spaces ("t a y l o r")."""
    text = "".join(out.chars)
    if " " not in text:
        return
    for m in reversed(list(re.finditer(r"(?<!\S)[^\W\d_](?: [^\W\d_]){3,}(?!\S)", text))):
        remove = [i for i in range(m.start(), m.end()) if text[i] == " "]
        for i in reversed(remove):
            for seq in (out.chars, out.starts, out.ends, out.flags):
                del seq[i]
        end = m.end() - len(remove)
        for i in range(m.start(), end):
            out.flags[i] |= SEPARATORS
        # the joined word may now repeat a letter three times ("a a a a" -> "aa")
        i = m.start() + 2
        while i < end:
            if out.chars[i] == out.chars[i - 1] == out.chars[i - 2]:
                for seq in (out.chars, out.starts, out.ends, out.flags):
                    del seq[i]
                out.flags[i - 1] |= REPEATS
                end -= 1
            else:
                i += 1
        text = "".join(out.chars)
