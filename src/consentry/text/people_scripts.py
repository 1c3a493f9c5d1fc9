"""Names written in other scripts: a Western name in Hangul, kana, Chinese characters, Cyrillic,
Greek, Arabic, Hebrew, Devanagari or Thai ("테일러 스위프트", "泰勒·斯威夫特", "Тейлор Свифт").

A transliteration keeps a name's consonants and changes its vowels: Korean and Japanese add
vowels between consonants (``seuwipeuteu``, ``suuifuto``), Arabic and Hebrew write few of them.
So a name is looked up by a **consonant key**: the name is romanised (``anyascii``, ISC; Hangul by
its own jamo, which says how a final consonant sounds), its letters mapped to seven classes of
consonants (lips ``P``, teeth ``T``, back ``K``, hissing ``S``, liquids ``L``, nasals ``N``) and
vowels, ``h``, ``w`` and ``y`` dropped, runs of one class written once. "Taylor Swift",
"Teylor Svift", "teilleo seuwipeuteu", "TaiLei SiWeiFuTe" and "tylwr swyft" all give ``TLSPT``.

The keys of the best-known people (the first ``KEY_PEOPLE`` of the index: the ``top`` and
``mid`` tiers, then the best-known of ``current``) are made from their Latin names on first use,
with the variants a letter's sound allows (``j`` as in John or as in Johansson, ``ch``, ``th``,
``c``, ``g``); a transliteration that drops one consonant (Chinese "WoSen" for Watson) is looked
up among the keys with one class dropped, for keys long enough. Where several people share a key,
the best-known is the reading.

Words are what the script delimits: words between spaces (and a name's middle dot ``·`` ``・``);
Chinese and Japanese write a foreign name as one run of characters, which is looked up whole,
and Chinese text with no dot is searched for a run of characters that is a long key only.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise, product

KEY_PEOPLE = 25_000
MIN_KEY = 4  # consonant classes, at least, for a match (three with a name's middle dot)
_CLASSES = {
    **dict.fromkeys("bpfv", "P"),
    **dict.fromkeys("td", "T"),
    **dict.fromkeys("kgcq", "K"),
    **dict.fromkeys("szj", "S"),
    **dict.fromkeys("lr", "L"),
    **dict.fromkeys("mn", "N"),
}
# Two or three letters that are one sound, before the letters are classed (longest first).
_DIGRAPHS = [
    ("dzh", "j"),
    ("tch", "s"),
    ("sch", "s"),
    ("ght", "t"),
    ("sh", "s"),
    ("zh", "j"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("qu", "kw"),
    ("ng", "n"),
    ("dj", "j"),
    ("dz", "j"),
    ("gh", ""),
    ("x", "ks"),
]
_LATIN_CHOICES = [
    # (pattern, readings): a Latin spelling whose sound the other scripts write in more than one way
    (re.compile(r"ch"), ("s", "k")),  # Charlize / Christopher
    (re.compile(r"th"), ("t", "s")),  # Smith -> スミス
    (re.compile(r"j"), ("j", "y")),  # Jennifer / Johansson
    (re.compile(r"g(?=[eiy])"), ("g", "j")),  # Gigi, George
    (re.compile(r"c(?=[eiy])"), ("s",)),  # Alice, Vince
    (re.compile(r"(?<=[aeiou])r(?![aeiouy])"), ("r", "")),  # Taylor -> テイラー, Roberts -> 로버츠
    (re.compile(r"t(?=s\b|s$)"), ("t", "")),  # Roberts -> 로버츠 (ts written as one sound)
    (re.compile(r"(?<=s)w(?=[aeiouy])"), ("w", "v")),  # Swift -> Свифт
]
_MIDDLE_DOTS = "\u00b7\u30fb\u2027\u2022\uff65\u0387"
_LATIN = re.compile(r"[A-Za-z]")


_VOWELS = {"a": "a", "e": "e", "i": "i", "y": "i", "o": "o", "u": "o"}


def _classes(romanised: str, vowels: bool = False) -> str:
    """The consonant classes of a romanised text (``TLSPT``); with ``vowels``, its vowels too (``teLoSiPT``),
    a run of vowels written as its first."""
    text = romanised.lower()
    for old, new in _DIGRAPHS:
        text = text.replace(old, new)
    key: list[str] = []
    for char in text:
        cls = _CLASSES.get(char)
        if cls is None:
            vowel = _VOWELS.get(char) if vowels else None
            if vowel is not None and not (key and key[-1] in "aeio"):
                key.append(vowel)
            continue
        if key and key[-1] == cls:
            continue
        key.append(cls)
    return "".join(key)


@lru_cache(maxsize=1 << 16)
def latin_keys(name: str) -> frozenset[str]:
    """The consonant keys of a Latin name, one for each reading of its ambiguous letters (at most 16)."""
    return frozenset(_classes(v) for v in _latin_spellings(name)) - {""}


@lru_cache(maxsize=1 << 16)
def latin_sounds(name: str) -> frozenset[str]:
    """The consonant classes and vowels of a Latin name, for each reading of its ambiguous letters."""
    return frozenset(_classes(v, vowels=True) for v in _latin_spellings(name)) - {""}


def _latin_spellings(name: str) -> list[str]:
    text = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if c.isascii() and (c.isalpha() or c == " "))
    text = re.sub(r"\s+", "", text)
    parts: list[list[str]] = [[text]]
    for pattern, readings in _LATIN_CHOICES:
        next_parts: list[list[str]] = []
        for pieces in parts:
            joined = "\u0000".join(pieces)
            if not pattern.search(joined) or len(readings) == 1:
                next_parts.append([pattern.sub(readings[0], joined)])
                continue
            chunks = pattern.split(joined)
            for choice in product(readings, repeat=min(len(chunks) - 1, 2)):
                filled = chunks[0]
                for i, chunk in enumerate(chunks[1:]):
                    filled += choice[min(i, len(choice) - 1)] + chunk
                next_parts.append([filled])
        parts = next_parts[:16]
    return [p[0].replace("\u0000", "") for p in parts]


# --- Hangul: by its jamo ---------------------------------------------------------------------------------

_INITIAL = [
    "k",
    "k",
    "n",
    "t",
    "t",
    "l",
    "m",
    "p",
    "p",
    "s",
    "s",
    "_",
    "j",
    "j",
    "s",
    "k",
    "t",
    "p",
    "h",
]  # ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
# finals: none ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
_FINAL = [
    "_",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "n",
    "t",
    "t",
    "k",
    "t",
    "p",
    "_",
]


# medials, in jamo order (a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i); eu, the vowel
# Korean puts between consonants of a foreign word, is written as none
_MEDIAL = ["a", "e", "a", "e", "o", "e", "o", "e", "o", "a", "e", "e", "o", "u", "o", "e", "i", "u", "_", "i", "i"]


def _hangul(text: str) -> str:
    out = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            initial, medial, final = code // 588, code % 588 // 28, code % 28
            out.append(
                _INITIAL[initial].replace("_", "") + _MEDIAL[medial].replace("_", "") + _FINAL[final].replace("_", "")
            )
        else:
            out.append(char)
    return "".join(out)


def _hebrew(text: str) -> str:
    # a double vav is the consonant v; a single vav and a yod are mostly vowels
    return text.replace("\u05d5\u05d5", "\u05d1").replace("\u05d5", "").replace("\u05d9", "")


def romanised_key(word: str) -> str:
    """The consonant key of a word in another script."""
    return _classes(_romanised(word))


def romanised_sound(word: str) -> str:
    """The consonant classes and vowels of a word in another script (Japanese vowels put between
    consonants dropped: ``suuifuto`` -> ``swift``)."""
    text = _romanised(word)
    if any("\u3040" <= c <= "\u30ff" for c in word):
        text = re.sub(r"(?<=[bcdfghjkmnprstvwz])u(?=[bcdfghjkmnprstvwz]|$)", "", text)
        text = re.sub(r"(?<=[td])o(?=[bcdfghjkmnprstvwz]|$)", "", text)
    return _classes(text, vowels=True)


@lru_cache(maxsize=1 << 14)
def _romanised(word: str) -> str:
    from anyascii import anyascii

    if any("\uac00" <= c <= "\ud7a3" for c in word):
        word = _hangul(word)
    if any("\u0590" <= c <= "\u05ff" for c in word):
        word = _hebrew(word)
    text = anyascii(word).lower()
    if any("\u4e00" <= c <= "\u9fff" for c in word):
        # pinyin: q, x, c and z are hissing sounds, r is a liquid, er a syllable of its own
        text = text.replace("er", "l").replace("q", "s").replace("x", "s").replace("c", "s")
    if any("\u0370" <= c <= "\u03ff" for c in word):
        # Greek: mp and nt at the start of a word are b and d; gk is g
        text = text.replace("mp", "b").replace("nt", "d").replace("gk", "g").replace("tz", "j")
        text = re.sub(r"\bgou(?=[aeio])", "w", text)  # Γουάτσον: w
    if any("\u0900" <= c <= "\u097f" for c in word):
        text = text.replace("v", "w")  # व is w as often as v
    return text


# --- the words of a text ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScriptWord:
    text: str
    start: int
    end: int
    script: str
    dotted: bool  # joined to the next word by a name's middle dot


_SCRIPT_WORD = re.compile(
    "(?P<kana>[\u3040-\u30fa\u30fc-\u30ff\u31f0-\u31ff]+)"
    "|(?P<han>[\u3400-\u4dbf\u4e00-\u9fff]+)"
    "|(?P<hangul>[\uac00-\ud7a3]+)"
    # Greek, Cyrillic, Hebrew (with its geresh), Arabic, Devanagari, Thai, with their marks
    "|(?P<other>[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f]"
    "[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f\u0300-\u036f'\u05f3]*)"
)


def script_words(text: str) -> list[ScriptWord]:
    """Runs of letters of one non-Latin script, with their spans; a middle dot or a space ends a word."""
    words: list[ScriptWord] = []
    n = len(text)
    for match in _SCRIPT_WORD.finditer(text):
        kind = match.lastgroup or ""
        i, j = match.span()
        words.append(ScriptWord(text[i:j], i, j, kind, j < n and text[j] in _MIDDLE_DOTS))
    return words


# --- the key table ---------------------------------------------------------------------------------------


def _close(a: str, b: str) -> bool:
    """Keys equal, or one class dropped from one of them."""
    if a == b:
        return True
    if abs(len(a) - len(b)) != 1:
        return False
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(_collapse(longer[:i] + longer[i + 1 :]) == shorter for i in range(len(longer)))


@dataclass(frozen=True, slots=True)
class _Name:
    number: int
    words: tuple[frozenset[str], ...]  # the keys of each word of the name, one per reading
    sounds: tuple[frozenset[str], ...]  # the same with vowels
    shortened: bool = False  # first and last word of a longer name


_VOWEL_SET = frozenset("aeio")


def sound_distance(a: str, b: str) -> float:
    """Edit distance of two sounds where vowels are cheap (0.4 to add, drop or change) and consonants not (1)."""
    previous = [0.0]
    for char in b:
        previous.append(previous[-1] + (0.4 if char in _VOWEL_SET else 1.0))
    for x in a:
        x_cost = 0.4 if x in _VOWEL_SET else 1.0
        current = [previous[0] + x_cost]
        for j, y in enumerate(b, 1):
            y_cost = 0.4 if y in _VOWEL_SET else 1.0
            if x == y:
                change = 0.0
            elif x in _VOWEL_SET and y in _VOWEL_SET:
                change = 0.4
            else:
                change = 1.0
            current.append(min(previous[j] + x_cost, current[j - 1] + y_cost, previous[j - 1] + change))
        previous = current
    return previous[-1]


MAX_SOUND_DISTANCE = 0.1  # per letter of the name's sound
MAX_SOUND_DISTANCE_DOTTED = 0.2  # a name's middle dot is evidence of its own (kana: vowels added and long)
MIN_SOUND = 7  # letters of a name's sound, at least (consonant classes and vowels)


class ScriptKeys:
    """Consonant keys of the best-known people of an index, word by word, made on first use."""

    def __init__(self, names: list[tuple[int, str]]) -> None:
        self._names = names
        self._by_first: dict[str, list[_Name]] | None = None
        self._lock = threading.Lock()

    def _build(self) -> dict[str, list[_Name]]:
        with self._lock:
            if self._by_first is not None:
                return self._by_first
            by_first: dict[str, list[_Name]] = {}
            for number, name in self._names:
                words = [w for w in re.split(r"[\s\-]+", name.strip()) if w and not w.endswith(".")]
                if not 2 <= len(words) <= 4:
                    continue  # a one-word name is too short a key; four words are rarely transliterated whole
                forms = [words] if len(words) <= 3 else []
                if len(words) >= 3:
                    forms.append([words[0], words[-1]])  # "Sarah Parker" of "Sarah Jessica Parker"
                for form in forms:
                    keys = tuple(latin_keys(w) for w in form)
                    if any(not k for k in keys) or sum(min(map(len, k)) for k in keys) < MIN_KEY - 1:
                        continue
                    entry = _Name(number, keys, tuple(latin_sounds(w) for w in form), len(form) < len(words))
                    firsts = set(keys[0])
                    for key in keys[0]:
                        firsts.update(_collapse(key[:i] + key[i + 1 :]) for i in range(len(key)))
                    for key in firsts:
                        by_first.setdefault(key, []).append(entry)
            self._by_first = by_first
            return by_first

    def find(self, keys: list[str], dotted: bool, sounds: list[str] | None = None) -> tuple[int, bool] | None:
        """The best-known person whose name's words have ``keys`` (each equal or a class apart, at most
        one word not equal); with whether a word was not equal. None if no one."""
        table = self._build()
        total = sum(len(k) for k in keys)
        if total < (MIN_KEY - 1 if dotted else MIN_KEY) or not all(keys):
            return None
        if not dotted and (sum(len(k) >= 2 for k in keys) < len(keys) - 1 or max(map(len, keys)) < 3):
            return None  # words of a sentence are short keys ("на столе"); a name has a long word at least
        loose_allowed = 1 if dotted or total >= 7 else 0
        candidates: dict[int, _Name] = {}
        for first in {keys[0], *(_collapse(keys[0][:i] + keys[0][i + 1 :]) for i in range(len(keys[0])))}:
            for entry in table.get(first, ()):
                if len(entry.words) == len(keys):
                    candidates[entry.number] = entry
        best: tuple[float, int, bool, int] | None = None  # (sound distance, words not equal, shortened, number)
        for number, entry in candidates.items():
            loose = 0
            for key, readings in zip(keys, entry.words, strict=True):
                if key in readings:
                    continue
                if any(_close(key, r) for r in readings) and len(key) >= 2:
                    loose += 1
                else:
                    loose = 99
                    break
            if loose > loose_allowed:
                continue
            distance = 0.0
            if sounds is not None:
                # the vowels too: a name's consonants are shared by many names ("Nicole Kidman", "Michael Keaton")
                length = 0
                for sound, readings in zip(sounds, entry.sounds, strict=True):
                    nearest = min(readings, key=lambda r: sound_distance(sound, r))
                    distance += sound_distance(sound, nearest)
                    length += len(nearest)
                distance /= max(length, 1)
                if distance > (MAX_SOUND_DISTANCE_DOTTED if dotted else MAX_SOUND_DISTANCE) or length < MIN_SOUND:
                    continue
            if best is None or (distance, loose, entry.shortened, number) < best:
                best = (distance, loose, entry.shortened, number)
        if best is None:
            return None
        return best[3], best[1] > 0


def _collapse(key: str) -> str:
    out: list[str] = []
    for char in key:
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class ScriptMatch:
    person: int
    start: int
    end: int
    key: str
    dropped: bool
    script: str


_KOREAN_PARTICLES = ("의", "는", "은", "가", "이", "를", "을", "와", "과", "도", "랑")


def find_in_scripts(text: str, keys: ScriptKeys) -> list[ScriptMatch]:
    """Names of ``keys``' people written in other scripts in ``text``: two to four neighbouring words."""
    if text.isascii():
        return []
    words = script_words(text)
    if len(words) < 2:
        return []
    found: list[ScriptMatch] = []
    for i in range(len(words)):
        for width in (2, 3):
            window = words[i : i + width]
            if len(window) < width or len({w.script for w in window}) != 1:
                continue
            gaps = [text[a.end : b.start] for a, b in pairwise(window)]
            if any(_LATIN.search(gap) or "," in gap or len(gap) > 2 for gap in gaps):
                continue
            script = window[0].script
            if script in ("han", "kana") and not all(w.dotted for w in window[:-1]):
                continue  # Chinese and Japanese write a foreign name's parts with a middle dot
            if script == "other" and any(len(w.text) < 3 for w in window):
                continue  # "на", "στο": a name's words are longer
            if script == "hangul" and any(len(w.text) < 2 for w in window):
                continue  # a word of one syllable ("톰 행크스", Tom Hanks) is left out: too many words are one
            lasts = [window[-1].text]
            if script == "hangul" and lasts[0].endswith(_KOREAN_PARTICLES) and len(lasts[0]) > 2:
                lasts.append(lasts[0][:-1])
            if script == "han":
                # "泰勒·斯威夫特裸体": what follows the name is written on without a space
                lasts.extend(lasts[0][:-k] for k in range(1, min(len(lasts[0]) - 1, 4) + 1))
            for last in lasts:
                parts = [*(w.text for w in window[:-1]), last]
                part_keys = [romanised_key(p) for p in parts]
                if any("\u0590" <= c <= "\u06ff" for c in parts[0]):
                    break  # Hebrew, Arabic: with few vowels written, consonants alone match random word pairs
                sounds = [romanised_sound(p) for p in parts] if script != "han" else None
                hit = keys.find(part_keys, dotted=script in ("han", "kana"), sounds=sounds)
                if hit is not None:
                    end = window[-1].start + len(last)
                    found.append(ScriptMatch(hit[0], window[0].start, end, " ".join(part_keys), hit[1], script))
                    break
    return _longest(found)


def _longest(matches: list[ScriptMatch]) -> list[ScriptMatch]:
    kept: list[ScriptMatch] = []
    for match in sorted(matches, key=lambda m: (-(m.end - m.start), m.dropped, m.start)):
        if not any(match.start < k.end and k.start < match.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)
