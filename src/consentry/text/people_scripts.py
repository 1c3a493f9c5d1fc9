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

People of those regions written in their own script are looked up in the index by their romanised
name: Chinese and Korean by their syllables (``find_native``), Japanese by the readings of a names
dictionary, JMnedict (``find_japanese``, ``data/japanese_names.tsv.gz``).
"""

from __future__ import annotations

import gzip
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise, product
from pathlib import Path

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
    ("ch", "s"),  # a romanised ch (Чарлиз, ชาร์ลีซ); a Latin ch is read before (_LATIN_CHOICES)
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
    (re.compile(r"(?<=o)t$"), ("t", "")),  # Margot -> Марго, 마고
    (re.compile(r"(?<=[^aeiou])e(?=s?$)"), ("e", "")),  # Reeves -> Ривз, Cruise -> Круз
    (re.compile(r"ee"), ("i",)),  # Reeves -> Ривз
    (re.compile(r"ea"), ("ea", "i")),  # Keanu -> Киану, Dean -> Дин
    (re.compile(r"^kn"), ("n", "kn")),  # Knightley -> Найтли (a silent k)
    (re.compile(r"igh"), ("i", "ai")),  # Knightley -> Найтли, 나이틀리 (the i of night)
    (re.compile(r"ei"), ("e", "i")),  # Keira -> Кира, Neil -> Нил
]
_RTL = re.compile("[\u0590-\u06ff]")
_DEVANAGARI = re.compile("[\u0900-\u097f]")
_DEVANAGARI_SIGNS = re.compile("[\u093e-\u094c\u0962\u0963]")  # the vowel signs (matras)
_VOWEL_LETTERS = re.compile("[\u0627\u0622\u0623\u0625\u0648\u064a\u0649\u05d0\u05d5\u05d9]|\u05d4$")  # or a final he
_MIDDLE_DOTS = "\u00b7\u30fb\u2027\u2022\uff65\u0387"
_LATIN = re.compile(r"[A-Za-z]")


_VOWELS = {"a": "a", "e": "e", "i": "i", "y": "i", "o": "o", "u": "o"}


_TWO_SYLLABLES = frozenset(("io", "ia", "eo", "ua", "uo", "oa", "ao", "ea"))  # Rubio, Ariana; not Robbie, Keira


def _classes(romanised: str, vowels: bool = False, collapse: bool = True) -> str:
    """The consonant classes of a romanised text (``TLSPT``); with ``vowels``, its vowels too (``teLoSiPT``),
    a run of vowels written as its first (or its first two where they are two syllables: ``LoPio``);
    without ``collapse``, a run of one class written as often as it is (Arabic and Hebrew do not write
    the vowel between ``m`` and ``n`` of Portman)."""
    text = romanised.lower()
    for old, new in _DIGRAPHS:
        text = text.replace(old, new)
    key: list[str] = []
    previous = ""
    for char in text:
        cls = _CLASSES.get(char)
        if cls is None:
            vowel = _VOWELS.get(char) if vowels else None
            if vowel is not None:
                after_vowel = bool(key) and key[-1] in "aeio"
                second = after_vowel and (len(key) < 2 or key[-2] not in "aeio") and previous + char in _TWO_SYLLABLES
                if not after_vowel or second:
                    key.append(vowel)
            previous = char
            continue
        previous = char
        if key and key[-1] == cls and (collapse or not vowels):
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
    # a double vav is the consonant v; a single vav and a yod are mostly vowels; a geresh makes
    # gimel j, tsadi ch and zayin zh (ג'ניפר, Jennifer)
    text = text.replace("\u05d2'", "j").replace("\u05d2\u05f3", "j")
    text = text.replace("\u05e6'", "ch").replace("\u05e6\u05f3", "ch")
    text = text.replace("\u05d6'", "j").replace("\u05d6\u05f3", "j")
    text = re.sub("(?<![\u05d0-\u05ea])\u05d5(?=[\u05d5\u05d9\u05d0])", "w", text)  # וינסלט, וויל: a w, not a vowel
    text = re.sub("(?<![\u05d0-\u05ea])\u05d0(?=\u05d5)", "", text)  # אוליביה: alef carries the vowel
    text = re.sub("\u05d4(?![\u05d0-\u05ea])", "a", text)  # a final he writes a vowel (גרנדה, Grande)
    text = text.replace("\u05d5\u05d5", "\u05d1").replace("\u05d9\u05d9", "i")
    return text.replace("\u05d5", "o").replace("\u05d9", "i").replace("\u05d0", "a").replace("\u05e2", "")


# Thai: consonants by the sound they write in a transliteration (aspirated kh, th, ph are k, t, p; อ
# carries a vowel), vowels by their sound; a vowel written before its consonant (เ แ โ ใ ไ) is read
# after it, and the thanthakhat (์) silences the letter it stands on (การ์, พิตต์).
_THAI_CONSONANTS = {
    "ก": "k",
    "ข": "k",
    "ฃ": "k",
    "ค": "k",
    "ฅ": "k",
    "ฆ": "k",
    "ง": "ng",
    "จ": "j",
    "ฉ": "ch",
    "ช": "ch",
    "ซ": "s",
    "ฌ": "ch",
    "ญ": "y",
    "ฎ": "d",
    "ฏ": "t",
    "ฐ": "t",
    "ฑ": "t",
    "ฒ": "t",
    "ณ": "n",
    "ด": "d",
    "ต": "t",
    "ถ": "t",
    "ท": "t",
    "ธ": "t",
    "น": "n",
    "บ": "b",
    "ป": "p",
    "ผ": "p",
    "ฝ": "f",
    "พ": "p",
    "ฟ": "f",
    "ภ": "p",
    "ม": "m",
    "ย": "y",
    "ร": "r",
    "ล": "l",
    "ว": "w",
    "ศ": "s",
    "ษ": "s",
    "ส": "s",
    "ห": "h",
    "ฬ": "l",
    "อ": "_",
    "ฮ": "h",
}
_THAI_VOWELS = {
    "\u0e30": "a",
    "\u0e31": "a",
    "\u0e32": "a",
    "\u0e33": "am",
    "\u0e34": "i",
    "\u0e35": "i",
    "\u0e36": "u",
    "\u0e37": "u",
    "\u0e38": "u",
    "\u0e39": "u",
    "\u0e24": "ri",
    "\u0e45": "",
}
_THAI_BEFORE = {"\u0e40": "e", "\u0e41": "e", "\u0e42": "o", "\u0e43": "ai", "\u0e44": "ai"}
_THAI_SILENT = "\u0e4c"
_THAI_STARTS = frozenset(_THAI_CONSONANTS) | frozenset(_THAI_BEFORE)
_ARABIC_VOWELS = str.maketrans(
    {
        "\u0629": "a",
        "\u0627": "a",
        "\u0622": "a",
        "\u0623": "a",
        "\u0625": "a",
        "\u0648": "o",
        "\u064a": "i",
        "\u0649": "a",
    }
)


def _thai(text: str, silent: bool = False, schwa: str = "e") -> str:
    """A Thai word's sounds; ``schwa``: the vowel เ-อ (of -er and -or) as e or o."""
    out: list[str] = []  # one item per letter, so that a thanthakhat can silence one
    pending = ""  # a vowel written before its consonant
    skip = 0
    for i, char in enumerate(text):
        if skip:
            skip -= 1
            continue
        if char == "\u0e2d" and pending == "" and out and out[-1].endswith("e") and text[i - 2 : i - 1] == "\u0e40":
            out[-1] = out[-1][:-1] + schwa  # เลอ: the vowel of -er, -or
            continue
        if char in _THAI_BEFORE:
            pending += _THAI_BEFORE[char]
        elif char in _THAI_CONSONANTS:
            sound = _THAI_CONSONANTS[char]
            if sound == "_":  # อ: a vowel's carrier at the start of a syllable, else the vowel o
                sound = "o" if out and not pending and out[-1][-1:] not in "aeiou" else ""
            if (
                pending
                and text[i + 1 : i + 2] in ("\u0e23", "\u0e25")
                and text[i + 2 : i + 3] in _THAI_CONSONANTS
                and text[i + 3 : i + 4] != _THAI_SILENT  # เบลล์ (Bell): the second l is silent, no cluster
            ):
                out.append(sound)  # แบรด: b, r, then the vowel (a cluster)
                continue
            if pending == "e" and text[i + 1 : i + 3] == "\u0e35\u0e22":
                out.append(sound + "ia")  # เวีย: the vowel ia (Olivia)
                pending = ""
                skip = 2
                continue
            out.append(sound + pending)
            pending = ""
        elif char in _THAI_VOWELS:
            out.append(_THAI_VOWELS[char])
        elif char == _THAI_SILENT and silent:
            continue  # the letter as written: a transliteration writes a silent letter of the Latin name
        elif char == _THAI_SILENT:
            while out and out[-1] in ("i", "u", "a"):  # ธุ์: the vowel goes with its letter
                out.pop()
            if out:
                out.pop()
        elif "\u0e00" <= char <= "\u0e7f":
            continue  # tone marks, the short-vowel mark, digits
        else:
            out.append(pending + char)
            pending = ""
    return "".join(out) + pending


def romanised_key(word: str) -> str:
    """The consonant key of a word in another script (its first reading)."""
    return _classes(_romanised(word))


def romanised_sound(word: str) -> str:
    """The consonant classes and vowels of a word in another script (its first reading)."""
    return _sound(word, _romanised(word))


def _sound(word: str, text: str) -> str:
    # Japanese vowels put between consonants dropped: ``suuifuto`` -> ``swift``
    if any("\u3040" <= c <= "\u30ff" for c in word):
        text = re.sub(r"(?<=[bcdfghjkmnprstvwz])u(?=[bcdfghjkmnprstvwz]|$)", "", text)
        text = re.sub(r"(?<=[td])o(?=[bcdfghjkmnprstvwz]|$)", "", text)
    if _RTL.search(word):  # e and i, o and u are one letter; neighbouring consonants may have had a vowel
        return _classes(text, vowels=True, collapse=False).replace("e", "i")
    return _classes(text, vowels=True)


@lru_cache(maxsize=1 << 14)
def readings(word: str) -> tuple[tuple[str, str], ...]:
    """The (consonant key, sound) of each reading of a word in another script: one, but for Chinese
    (pinyin j and q write a foreign k or g as often as a j: 基努 Keanu, 杰西卡 Jessica)."""
    text = _romanised(word)
    texts = [text]
    if any("\u4e00" <= c <= "\u9fff" for c in word):
        chunks = re.split(r"[jq](?=[iy])", text)
        if 1 < len(chunks) <= 4:
            texts = []
            for choice in product("jk", repeat=len(chunks) - 1):
                # read as k, the i of jia, qia is the palatal's (斯嘉丽: Scarlett's ka)
                filled = [
                    c + (chunk[1:] if c == "k" and chunk[1:2] in _VOWELS else chunk)
                    for c, chunk in zip(choice, chunks[1:], strict=True)
                ]
                texts.append(chunks[0] + "".join(filled))
        if 0 < text.count("w") <= 2:  # 维, 威, 沃 write a v as often as a w (里维斯, Reeves)
            texts += [t.replace("w", "v") for t in texts]
    if any("\u0e00" <= c <= "\u0e7f" for c in word) and _THAI_SILENT in word:
        texts.append(_thai(word, silent=True))  # ลอว์เรนซ์: Lawrence, w and ce silent
    if any("\u0e00" <= c <= "\u0e7f" for c in word) and "\u0e2d" in word:
        texts.append(_thai(word, schwa="o"))  # เทย์เลอร์: Taylor
    if any("\u0e00" <= c <= "\u0e7f" for c in word):
        # ว writes a v as well as a w (โอลิเวีย, Olivia); ไ ใ an i as well as ai (ไวลด์, Wilde); เ-อ, the
        # vowel of -er and -or, an o as well as an e (เทย์เลอร์, Taylor)
        for old, new in (("w", "v"), ("ai", "i"), ("eo", "o")):
            if old in text and len(texts) < 8:
                texts += [t.replace(old, new) for t in texts]
    if any("\u0370" <= c <= "\u03ff" or "\u1f00" <= c <= "\u1fff" for c in word):
        # inside a word mp and nt are mb, nd (Τραμπ, Trump) or b, d (Ρόμπι, Robbie; Μπραντ, Brad); χ writes
        # a foreign h as well as a k (Χιου Τζάκμαν)
        # a foreign h as well as a k (Χιου Τζάκμαν); γκ inside a word ng, or g (Μέγκαν, Megan)
        for old, choices in (("mp", ("mb", "b")), ("nt", ("nd", "d")), ("ch", ("k", "h")), ("gk", ("ng", "g"))):
            if old in text:
                texts = [t.replace(old, c) for t in texts for c in choices]
    if any("\u0400" <= c <= "\u04ff" for c in word):
        if "\u0451" in word.lower():  # ё is written e in Latin as often as yo (Хрущёв, Khrushchev)
            texts += [t.replace("yo", "e") for t in texts]
        if "g" in text:  # Г writes a foreign h as well as a g (Генри, Henry; Гарри, Harry)
            texts += [t.replace("g", "h") for t in texts]
        if re.match(r"u[aeio]", text):  # У before a vowel is a w (Уайлд, Wilde; Уилл, Will)
            texts += [t[1:] for t in texts]
    if "\u062c" in word:  # ج writes a g as well as a j (جرين, Green)
        texts += [t.replace("j", "g") for t in texts]
    if _DEVANAGARI.search(word) and re.search(r"(?<![aeiou])v", text):
        # व at the start of a word or after a consonant is w as often as v (विल, Will; स्विफ्ट, Swift)
        texts += [re.sub(r"(?<![aeiou])v", "w", t) for t in texts]
    if _DEVANAGARI.search(word) and "kh" in text:
        texts += [t.replace("kh", "k") for t in texts]  # ख is an aspirated k, and क ह a k and a silent h
    out: dict[tuple[str, str], None] = {}
    for variant in texts:
        key = _classes(variant)
        out.setdefault((key, _sound(word, variant)), None)
        if _RTL.search(word):  # two letters of one class may be one sound of the name (סקרלט: the rl of Scarlett)
            out.setdefault((key, _classes(variant, vowels=True).replace("e", "i")), None)
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _romanised(word: str) -> str:
    from anyascii import anyascii

    if any("\uac00" <= c <= "\ud7a3" for c in word):
        word = _hangul(word)
    if any("\u0590" <= c <= "\u05ff" for c in word):
        word = _hebrew(word)
    if any("\u0e00" <= c <= "\u0e7f" for c in word):
        word = _thai(word)
    if any("\u0600" <= c <= "\u06ff" for c in word):
        # غ writes a foreign g (غراندي, Grande); alef, waw and ya write long vowels (or w, y: not consonants
        # of a key either way)
        word = re.sub("(?<![\u0621-\u064a])\u0648(?=[\u0627\u064a\u0648])", "w", word.replace("\u063a", "g"))
        # an alef that carries the vowel written after it is no vowel of its own (إيما, Emma; أوليفيا, Olivia)
        word = re.sub("(?<![\u0621-\u064a])[\u0627\u0623\u0625](?=[\u064a\u0648])", "", word)
        word = word.translate(_ARABIC_VOWELS)  # a w before a vowel letter (وينسلت, Winslet) stays a w
    if len(word) > 1 and all("\u4e00" <= c <= "\u9fff" for c in word):
        return _pinyin(word)
    text = anyascii(word).lower()
    if any("\u4e00" <= c <= "\u9fff" for c in word):
        # pinyin: q, x, c and z are hissing sounds, r is a liquid, er a syllable of its own
        text = text.replace("er", "l").replace("q", "s").replace("x", "s").replace("c", "s")
    if any("\u0370" <= c <= "\u03ff" for c in word):
        # Greek: mp, nt and gk are b, d and g at the start of a word (inside it: readings); ou is u,
        # gi before a vowel y (Γιόχανσον), gou before one w (Γουάτσον)
        text = text.replace("oy", "u").replace("ntz", "nj").replace("tz", "j")
        text = re.sub(r"\bmp", "b", text)
        text = re.sub(r"\bnt", "d", text)
        text = re.sub(r"\bgk", "g", text)  # inside a word: ng or g (readings)
        text = re.sub(r"\bgi(?=[aeiou])", "y", text)
        text = re.sub(r"\bgu(?=[aeio])", "w", text)
    return text


# Chinese writes a foreign consonant with no vowel after it by one of a few characters, whose own vowel
# is not the name's (斯威夫特 s-wei-f-t, Swift; 汤姆 tang-m, Tom; 格兰德 g-lan-d, Grande): the table of the
# Xinhua transliteration standard, consonant alone.
_CHINESE_BARE = {
    "布": "b", "普": "p", "德": "d", "特": "t", "格": "g", "克": "k", "夫": "f", "弗": "f", "斯": "s", "丝": "s",
    "兹": "z", "茨": "ts", "什": "sh", "士": "sh", "奇": "ch", "姆": "m", "恩": "n", "尔": "r", "赫": "h",
}  # fmt: skip
# pinyin finals as the vowel of the foreign syllable they write (杰 jie: Jack's a; 奥 ao: Audrey's au)
_PINYIN_FINALS = (
    ("yue", "yo"),
    ("ie", "e"),
    ("ao", "o"),
    ("ou", "o"),
    ("uo", "o"),
    ("ue", "e"),
    ("ei", "e"),
    ("yi", "i"),
)


def _pinyin(word: str) -> str:
    """A Chinese transliteration as the foreign sounds it writes: a consonant alone where its character
    writes one (before another consonant or at the end), pinyin's q, x, c, z as hissing sounds, its
    finals as the vowel they stand for."""
    from anyascii import anyascii

    syllables = [anyascii(c).lower() for c in word]
    out: list[str] = []
    for i, (char, syllable) in enumerate(zip(word, syllables, strict=True)):
        after = syllables[i + 1][:1] if i + 1 < len(syllables) else ""
        bare = _CHINESE_BARE.get(char)
        if bare is not None and (not after or after not in "aeiouy"):
            out.append(bare)
            continue
        if syllable == "er":
            out.append("er" if after else "r")
            continue
        sound = syllable
        for old, new in _PINYIN_FINALS:
            sound = sound.replace(old, new)
        out.append(sound.replace("q", "s").replace("x", "s").replace("c", "s"))
    return "".join(out).replace("er", "l")


# --- the words of a text ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScriptWord:
    text: str
    start: int
    end: int
    script: str
    dotted: bool  # joined to the next word by a name's middle dot


_SCRIPT_WORD = re.compile(
    "(?P<kana>[\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff]+)"
    "|(?P<hiragana>[\u3040-\u309f]+)"
    "|(?P<han>[\u3400-\u4dbf\u4e00-\u9fff]+)"
    "|(?P<hangul>[\uac00-\ud7a3]+)"
    # Greek, Cyrillic, Hebrew (with its geresh), Arabic, Devanagari, Thai, with their marks
    "|(?P<thai>[\u0e00-\u0e7f]+)"
    "|(?P<other>[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f]"
    "[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0300-\u036f'\u05f3]*)"
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
    return (b if len(a) > len(b) else a) in _dropped(a if len(a) > len(b) else b)


@lru_cache(maxsize=1 << 16)
def _dropped(key: str) -> frozenset[str]:
    """A key with each one of its classes dropped (neighbours of one class then written once)."""
    return frozenset(_collapse(key[:i] + key[i + 1 :]) for i in range(len(key)))


@dataclass(frozen=True, slots=True)
class _Name:
    number: int
    words: tuple[frozenset[str], ...]  # the keys of each word of the name, one per reading
    sounds: tuple[frozenset[str], ...]  # the same with vowels
    shortened: bool = False  # first and last word of a longer name
    rank: int = 0  # place in the list of people, best-known first


_VOWEL_SET = frozenset("aeio")


def sound_distance(a: str, b: str, unwritten: str = "", vowel_change: float = 0.4, dropped: float = 1.0) -> float:
    """Edit distance of two sounds where vowels are cheap (0.4 to add, drop or change: ``vowel_change``) and
    consonants not (1; one of ``b`` missing from ``a`` costs ``dropped``); a vowel of ``b`` in ``unwritten``
    missing from ``a`` costs 0.1 (Arabic and Hebrew write few vowels, Devanagari not a consonant's own a)."""
    insert = {c: (0.1 if c in unwritten else 0.4) if c in _VOWEL_SET else dropped for c in set(b)}
    previous = [0.0]
    for char in b:
        previous.append(previous[-1] + insert[char])
    for x in a:
        x_cost = 0.4 if x in _VOWEL_SET else 1.0
        current = [previous[0] + x_cost]
        for j, y in enumerate(b, 1):
            y_cost = insert[y]
            if x == y:
                change = 0.0
            elif x in _VOWEL_SET and y in _VOWEL_SET:
                change = min(
                    vowel_change, 0.2 if x + y in ("ae", "ea") else 0.4
                )  # English a is often ae: 앤, Энн, แอนน์
            else:
                change = 1.0
            current.append(min(previous[j] + x_cost, current[j - 1] + y_cost, previous[j - 1] + change))
        previous = current
    return previous[-1]


MAX_SOUND_DISTANCE = 0.1  # per letter of the name's sound
NARROW_PEOPLE = 2_000  # the best-known, for Arabic, Hebrew and Thai (Civitai's list comes first)
MAX_SOUND_DISTANCE_NARROW = 0.07  # Arabic, Hebrew, Thai: vowels unwritten or written loosely
MAX_SOUND_DISTANCE_STRICT = 0.04  # short words, or words written without a capital
MAX_SOUND_DISTANCE_SHORT = 0.03  # a name of few consonants (three classes; four in Arabic and Hebrew)
MAX_SOUND_DISTANCE_CHINESE = 0.3  # Chinese characters write a syllable where the name has a sound
MAX_SOUND_DISTANCE_DOTTED = 0.2  # a name's middle dot is evidence of its own (kana: vowels added and long)
MIN_SOUND = 7  # letters of a name's sound, at least (consonant classes and vowels)
MIN_SOUND_DOTTED = 5  # with a name's middle dot (约翰尼·德普, Johnny Depp)
MIN_CONSONANTS = 5  # consonant classes of a name read by its consonants alone (Arabic, Hebrew), at least


class ScriptKeys:
    """Consonant keys of the best-known people of an index, word by word, made on first use."""

    def __init__(
        self, names: list[tuple[int, str]], lookup: Callable[[Sequence[str]], dict[str, list[int]]] | None = None
    ) -> None:
        """``names``: (number, Latin name) of the best-known people, best-known first; ``lookup``: the
        people whose name (letters joined, lower case: ``zhangziyi``) is each key, for the names of
        Chinese and Korean people written in their own script."""
        self._names = names
        self.lookup = lookup
        self._tables: tuple[list[_Name], dict[str, frozenset[int]], dict[str, frozenset[int]]] | None = None
        self._memo: dict[tuple[frozenset[str], bool, bool], frozenset[int]] = {}
        self._lock = threading.Lock()

    def _build(self) -> tuple[list[_Name], dict[str, frozenset[int]], dict[str, frozenset[int]]]:
        """The names, and the names by the key of their first and of their last word (each key also with
        a class dropped)."""
        with self._lock:
            if self._tables is not None:
                return self._tables
            entries: list[_Name] = []
            by_first: dict[str, list[int]] = {}
            by_last: dict[str, list[int]] = {}
            for rank, (number, name) in enumerate(self._names):
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
                    sounds = tuple(latin_sounds(w) for w in form)
                    entries.append(_Name(number, keys, sounds, len(form) < len(words), rank))
                    for table, word in ((by_first, keys[0]), (by_last, keys[-1])):
                        for key in set(word).union(*map(_dropped, word)):
                            table.setdefault(key, []).append(len(entries) - 1)
            self._tables = (
                entries,
                {k: frozenset(v) for k, v in by_first.items()},
                {k: frozenset(v) for k, v in by_last.items()},
            )
            return self._tables

    def _with_keys(self, keys: frozenset[str], table: dict[str, frozenset[int]], loose: bool) -> frozenset[int]:
        """The names whose word of ``table`` has one of ``keys`` (or, ``loose``, a key a class apart); the
        answers kept, as neighbouring windows share a word."""
        memo = (keys, table is self._build()[2], loose)
        found = self._memo.get(memo)
        if found is None:
            if loose:
                keys = keys.union(*map(_dropped, keys))
            found = frozenset().union(*(table.get(key, frozenset()) for key in keys))
            if len(self._memo) >= 4096:
                self._memo.clear()
            self._memo[memo] = found
        return found

    def find(
        self,
        words: list[tuple[tuple[str, str], ...]],
        mode: str,
        unwritten: str = "",
        narrow: bool = False,
        cut: bool = False,
    ) -> tuple[int, bool, float] | None:
        """The person whose name's words sound like ``words`` (the readings of each word: consonant
        key and sound): each word's consonants equal (in the ``loose`` and ``dotted`` modes one word may
        be a class apart), then the vowels close; with whether a word was a class apart, and the
        distance. The nearest name wins, then the better-known person. ``mode``: ``dotted`` (a name's
        middle dot), ``loose``, ``strict`` (consonants equal) or ``consonants`` (Arabic, Hebrew: the
        consonants alone, equal, for a long enough name). ``narrow``: only the ``NARROW_PEOPLE`` best-known
        (for scripts that leave vowels unwritten, whose words match more names). None if no one."""
        entries, by_first, by_last = self._build()
        if not words or not all(words):
            return None
        shortest = [min(len(k) for k, _ in w) for w in words]
        total = sum(shortest)
        # a short name (Emma Stone in Arabic, Lady Gaga in Hangul) is matched by random words unless its
        # sound is near equal
        short = False
        if cut:
            if total < MIN_CONSONANTS or min(shortest) < 2:
                return None
        elif mode == "consonants":
            if total < MIN_CONSONANTS - 1 or min(shortest) < 1:
                return None
            short = total < MIN_CONSONANTS or min(shortest) < 2
        elif mode in ("dotted", "chinese"):
            if total < MIN_KEY - 1 or min(shortest) < 1:
                return None
        else:
            if total < MIN_KEY - 1 or min(shortest) < 1:
                return None
            short = total < MIN_KEY
        if mode in ("loose", "strict") and sum(n >= 2 for n in shortest) < len(words) - 1:
            return None  # words of a sentence are short keys ("на столе"); a name has a long word at least
        loose_allowed = 1 if mode in ("dotted", "chinese") or (mode == "loose" and total >= 7 and not narrow) else 0
        # the names whose first and last words have the keys (or a class apart): one set against the other
        firsts = self._with_keys(frozenset(key for key, _ in words[0]), by_first, bool(loose_allowed))
        lasts = (
            self._with_keys(frozenset(key for key, _ in words[-1]), by_last, bool(loose_allowed)) if firsts else firsts
        )
        candidates: dict[int, _Name] = {}
        for i in firsts & lasts if len(firsts) <= len(lasts) else lasts & firsts:
            entry = entries[i]
            if len(entry.words) == len(words) and not (narrow and entry.rank >= NARROW_PEOPLE):
                candidates[entry.number] = entry
        best: tuple[float, int, bool, int] | None = None  # (sound distance, words not equal, shortened, number)
        word_keys = [frozenset(key for key, _ in word) for word in words]
        long_keys = [frozenset(key for key in keys if len(key) >= 2) for keys in word_keys]
        shorter = [frozenset().union(*map(_dropped, keys)) for keys in long_keys]  # a class dropped from the text's
        for number, entry in candidates.items():
            loose = 0
            for keys, longer, fewer, latin in zip(word_keys, long_keys, shorter, entry.words, strict=True):
                if not keys.isdisjoint(latin):
                    continue
                if loose_allowed and (
                    not fewer.isdisjoint(latin) or any(not longer.isdisjoint(_dropped(r)) for r in latin)
                ):
                    loose += 1  # one class more or fewer than the Latin name's
                else:
                    loose = 99
                    break
            if loose > loose_allowed:
                continue
            distance = 0.0
            costs = (0.2, 0.5) if mode == "chinese" else (0.4, 1.0)  # Chinese: vowels loose, a final consonant left out
            # the vowels too: a name's consonants are shared by many names ("Nicole Kidman", "Michael Keaton")
            length = 0
            for word, latin_sounds_ in zip(words, entry.sounds, strict=True):
                near, sound_length = min(
                    (
                        (
                            sound_distance(
                                sound, r.replace("e", "i") if mode == "consonants" else r, unwritten, *costs
                            ),
                            len(r),
                        )
                        for _, sound in word
                        for r in latin_sounds_
                    ),
                )
                distance += near
                length += sound_length
            distance /= max(length, 1)
            limit = {
                "dotted": MAX_SOUND_DISTANCE_DOTTED,
                "chinese": MAX_SOUND_DISTANCE_CHINESE,
                "strict": MAX_SOUND_DISTANCE_STRICT,
            }.get(mode, MAX_SOUND_DISTANCE)
            if narrow:
                limit = MAX_SOUND_DISTANCE_STRICT if cut else MAX_SOUND_DISTANCE_NARROW
            if short:
                limit = min(limit, MAX_SOUND_DISTANCE_SHORT)
            if entry.shortened and mode not in ("dotted", "chinese"):
                limit = min(limit, MAX_SOUND_DISTANCE_STRICT)  # a name's middle word left out: rarely so written
            if distance > limit or length < (MIN_SOUND_DOTTED if mode in ("dotted", "chinese") else MIN_SOUND):
                continue
            if best is None or (distance, loose, entry.shortened, number) < best:
                best = (distance, loose, entry.shortened, number)
        if best is None:
            return None
        return best[3], best[1] > 0, best[0]


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
    distance: float = 0.0


_KOREAN_PARTICLES = ("의", "는", "은", "가", "이", "를", "을", "와", "과", "도", "랑")
_JOINED = ("han", "thai")  # scripts that write the words around a name joined to it
MAX_CUT = 8  # characters of a joined word cut off around a name, at most


def _cuts(word: str, script: str, first: bool, last: bool) -> list[tuple[str, int]]:
    """A window's word as written, and the parts of it a name can be where the script joins words:
    (text, offset of the text in the word)."""
    out = [(word, 0)]
    if script in _JOINED and len(word) > 2:
        least = 2 if script == "thai" else 1  # a Thai word has two letters at least
        if first:  # "一张詹妮弗": what comes before the name
            cuts = range(max(least, len(word) - MAX_CUT), len(word) - 1)
            out.extend((word[k:], k) for k in cuts if script != "thai" or _thai_boundary(word, k))
        if last:  # "斯威夫特裸体": what comes after it
            cuts = range(least, min(len(word) - 2, MAX_CUT) + 1)
            out.extend((word[:-k], 0) for k in cuts if script != "thai" or _thai_boundary(word, len(word) - k))
    elif script == "hangul" and last and word.endswith(_KOREAN_PARTICLES) and len(word) > 2:
        out.append((word[:-1], 0))
    return out


def _thai_boundary(word: str, k: int) -> bool:
    """Whether a Thai word can end before ``word[k]`` and another begin with it: not after a vowel
    written before its consonant, not before a vowel, tone or silencing mark that belongs to the letter
    before it."""
    return word[k - 1] not in _THAI_BEFORE and word[k] in _THAI_STARTS


def find_in_scripts(text: str, keys: ScriptKeys) -> list[ScriptMatch]:
    """Names of ``keys``' people written in other scripts in ``text``: two or three neighbouring words."""
    if text.isascii():
        return []
    words = script_words(text)
    found: list[ScriptMatch] = []
    for i in range(len(words)):
        for width in (2, 3):
            window = words[i : i + width]
            if len(window) < width or len({w.script for w in window}) != 1 or len({w.text for w in window}) < width:
                continue  # a name's words in one script, not one word twice ("کون کون")
            gaps = [text[a.end : b.start] for a, b in pairwise(window)]
            if any(_LATIN.search(gap) or "," in gap or len(gap) > 2 for gap in gaps):
                continue
            script = window[0].script
            dotted = all(w.dotted for w in window[:-1])
            if script in ("han", "kana") and not dotted:
                continue  # Chinese and Japanese write a foreign name's parts with a middle dot
            rtl = bool(_RTL.search(window[0].text))
            if script == "other" and not rtl and any(len(w.text) < 3 for w in window):
                continue  # "на", "στο": a name's words are longer
            if rtl and not all(_VOWEL_LETTERS.search(w.text) or len(romanised_key(w.text)) >= 4 for w in window):
                continue  # a foreign name in Arabic or Hebrew writes its vowels (جينيفر, ג'ניפר); most words do not
            mode = {"han": "chinese", "kana": "dotted"}.get(script, "consonants" if rtl else "loose")
            if any(w.text[0].islower() for w in window):
                mode = "strict"  # Cyrillic and Greek write a name with capitals; "Зимний лес" is no name
            if script == "hangul" and any(len(w.text) < 2 for w in window):
                mode = "strict"  # a word of one syllable ("톰 크루즈", Tom Cruise): many words are one
            if script == "hangul" and all(w.text in _native_words() for w in window):
                mode = "strict"  # frequent words of two syllables ("같이 결과")
            if _DEVANAGARI.search(window[0].text) and not any(_DEVANAGARI_SIGNS.search(w.text) for w in window):
                mode = "strict"  # no vowel sign: words of a consonant's own a ("समय सफर"); a name writes its vowels
            # Arabic, Hebrew, Devanagari (a consonant's own a) and Thai leave vowels unwritten
            unwritten = (
                "aeio" if rtl else "ao" if script == "thai" else "a" if _DEVANAGARI.search(window[0].text) else ""
            )
            narrow = rtl or script == "thai"
            firsts = _cuts(window[0].text, script, first=True, last=width == 1)
            lasts = _cuts(window[-1].text, script, first=False, last=True)
            middle = [readings(w.text) for w in window[1:-1]]
            # the longest parts first: what the name is, not a shorter name inside it
            pairs = sorted(product(firsts, lasts), key=lambda p: len(p[0][0]) + len(p[1][0]), reverse=True)
            best: ScriptMatch | None = None
            for (first, offset), (last, _) in pairs:
                # a name cut out of the words joined to it is held to a stricter distance where vowels are unwritten
                cut = narrow and (first, last) != (window[0].text, window[-1].text)
                hit = keys.find([readings(first), *middle, readings(last)], mode, unwritten, narrow, cut)
                if hit is None:
                    continue
                parts = [first, *(w.text for w in window[1:-1]), last]
                key = " ".join(readings(p)[0][0] for p in parts)
                start, end = window[0].start + offset, window[-1].start + len(last)
                match = ScriptMatch(hit[0], start, end, key, hit[1], script, hit[2])
                # the longest: what the name is, not a shorter name inside it (the pairs come longest first);
                # but a name a consonant class apart with words cut off is passed over for one equal
                if best is None or (best.dropped and not match.dropped):
                    best = match
                if not best.dropped or (first, last) == (window[0].text, window[-1].text):
                    break
            if best is not None:
                found.append(best)
    return _resolve(found + find_native(text, keys) + find_japanese(text, keys))


def _resolve(matches: list[ScriptMatch]) -> list[ScriptMatch]:
    """Of overlapping names, the nearest in sound, then the one with its consonants equal, then the longest."""
    kept: list[ScriptMatch] = []
    for match in sorted(matches, key=lambda m: (round(m.distance, 3), m.dropped, -(m.end - m.start), m.start)):
        if not any(match.start < k.end and k.start < match.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


# --- Chinese and Korean people in their own script -------------------------------------------------------

# The most common surnames: a Chinese or Korean name of a person starts with one (章子怡, 송혜교).
_CHINESE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "巩舒章习倪葛鲁柳欧温关庞伍佟甘安岳邢裴翁齐霍易殷常乔柴申鞠"
)
_KOREAN_SURNAMES = {
    "김": ("kim", "gim"),
    "이": ("lee", "yi", "rhee", "i"),
    "박": ("park", "bak", "pak"),
    "최": ("choi", "choe"),
    "정": ("jung", "jeong", "chung"),
    "강": ("kang", "gang"),
    "조": ("cho", "jo"),
    "윤": ("yoon", "yun"),
    "장": ("jang", "chang"),
    "임": ("lim", "im"),
    "한": ("han",),
    "오": ("oh", "o"),
    "서": ("seo", "suh"),
    "신": ("shin", "sin"),
    "권": ("kwon", "gwon"),
    "황": ("hwang",),
    "안": ("ahn", "an"),
    "송": ("song",),
    "전": ("jeon", "jun", "chun"),
    "홍": ("hong",),
    "유": ("yoo", "yu"),
    "고": ("ko", "go"),
    "문": ("moon", "mun"),
    "양": ("yang",),
    "손": ("son", "sohn"),
    "배": ("bae",),
    "백": ("baek", "paik"),
    "허": ("heo", "huh"),
    "남": ("nam",),
    "심": ("shim", "sim"),
    "노": ("noh", "roh"),
    "하": ("ha",),
    "성": ("sung", "seong"),
    "차": ("cha",),
    "주": ("joo", "ju"),
    "우": ("woo", "u"),
    "민": ("min",),
    "류": ("ryu", "yoo"),
    "나": ("na", "ra"),
    "진": ("jin",),
    "지": ("ji",),
    "구": ("koo", "gu"),
    "공": ("gong", "kong"),
    "현": ("hyun",),
    "채": ("chae",),
    "원": ("won",),
    "천": ("chun", "cheon"),
    "방": ("bang",),
    "봉": ("bong",),
    "변": ("byun", "byeon"),
    "엄": ("um", "eom"),
    "곽": ("kwak", "gwak"),
    "석": ("seok", "suk"),
    "선": ("sun", "seon"),
    "마": ("ma",),
    "길": ("gil", "kil"),
    "연": ("yeon", "yun"),
    "표": ("pyo",),
    "명": ("myung", "myeong"),
    "기": ("ki", "gi"),
    "반": ("ban",),
    "왕": ("wang",),
    "옥": ("ok",),
    "탁": ("tak",),
    "육": ("yook", "yuk"),
    "염": ("yeom", "yum"),
    "여": ("yeo", "yuh"),
    "추": ("choo", "chu"),
    "도": ("do", "doh"),
}
# each jamo's spellings in the romanisations people use (Revised, McCune-Reischauer, their own)
_KOREAN_INITIALS = (
    ("g", "k"), ("kk",), ("n",), ("d", "t"), ("tt",), ("r", "l"), ("m",), ("b", "p"), ("pp",), ("s", "sh"),
    ("ss",), ("",), ("j", "ch"), ("jj",), ("ch",), ("k",), ("t",), ("p",), ("h",),
)  # fmt: skip
_KOREAN_MEDIALS = (
    ("a",), ("ae",), ("ya",), ("yae",), ("eo", "u"), ("e",), ("yeo", "yu"), ("ye",), ("o",), ("wa",), ("wae",),
    ("oe",), ("yo",), ("u", "oo"), ("wo",), ("we",), ("wi",), ("yu",), ("eu",), ("ui",), ("i",),
)  # fmt: skip
_KOREAN_FINALS = (
    ("",), ("k", "g"), ("k",), ("k",), ("n",), ("n",), ("n",), ("t",), ("l",), ("l",), ("m",), ("l",), ("l",),
    ("l",), ("l",), ("l",), ("m",), ("b", "p"), ("p",), ("t",), ("t",), ("ng",), ("t",), ("t",), ("k",), ("t",),
    ("p",), ("t",),
)  # fmt: skip
MAX_NATIVE_KEYS = 512  # spellings of one written name looked up, at most
NATIVE_SHORT = 30_000  # a name of two characters is read only for people of this rank (top, mid, current)


def _korean_syllable(char: str) -> tuple[str, ...]:
    code = ord(char) - 0xAC00
    initial, medial, final = code // 588, code % 588 // 28, code % 28
    return tuple(
        i + m + f for i in _KOREAN_INITIALS[initial] for m in _KOREAN_MEDIALS[medial] for f in _KOREAN_FINALS[final]
    )


def _native_keys(text: str, script: str) -> list[str]:
    """The spellings of a Chinese or Korean name written in its script, surname first and last."""
    if script == "han":
        syllables = [tuple(_romanised(c).lower() for c in text)]
        surname, given = syllables[0][:1], ["".join(syllables[0][1:])]
        first = list(surname)
    else:
        first = list(_KOREAN_SURNAMES.get(text[0], ()))
        given = ["".join(p) for p in product(*(_korean_syllable(c) for c in text[1:]))]
    keys = [f + g for f in first for g in given] + [g + f for f in first for g in given]
    return keys[:MAX_NATIVE_KEYS]


NATIVE_WORDS = Path(__file__).parent / "data" / "native_words.txt.gz"


@lru_cache(maxsize=1)
def _native_words() -> frozenset[str]:
    """Frequent Chinese and Korean words of two characters (scripts/build_native_words.py): not names."""
    return frozenset(gzip.decompress(NATIVE_WORDS.read_bytes()).decode("utf-8").split())


def find_native(text: str, keys: ScriptKeys) -> list[ScriptMatch]:
    """Chinese and Korean people written in their own script, looked up by their romanised name: three
    Chinese characters that start with a common surname, inside longer text too (章子怡裸体), or two
    written apart (巩俐), for the best-known; a Korean word of three syllables that starts with one
    (송혜교, with a particle after it), or of two, for the best-known. A name of two characters that is a
    frequent word (关于, 이용) is not read."""
    if keys.lookup is None:
        return []
    spans: list[tuple[int, int, str, list[str]]] = []
    for word in script_words(text):
        if word.script == "han":
            run = word.text
            for i, char in enumerate(run):
                if char not in _CHINESE_SURNAMES:
                    continue
                for length in (3,) if len(run) > 2 else (2,):  # a name of two characters written apart
                    if i + length <= len(run):
                        part = run[i : i + length]
                        spans.append((word.start + i, word.start + i + length, "han", _native_keys(part, "han")))
        elif word.script == "hangul" and word.text[0] in _KOREAN_SURNAMES:
            for part in {word.text, word.text[:-1] if word.text.endswith(_KOREAN_PARTICLES) else word.text}:
                if len(part) in (2, 3):
                    spans.append((word.start, word.start + len(part), "hangul", _native_keys(part, "hangul")))
    words = _native_words()
    spans = [span for span in spans if span[1] - span[0] > 2 or text[span[0] : span[1]] not in words]
    if not spans:
        return []
    found = keys.lookup(sorted({k for *_, ks in spans for k in ks}))
    out: list[ScriptMatch] = []
    for start, end, script, spellings in spans:
        # the name as the person's own record writes it first (lookup's order), surname first as written
        people = [p for k in spellings for p in found.get(k, ()) if end - start > 2 or p < NATIVE_SHORT]
        if people:
            out.append(ScriptMatch(people[0], start, end, spellings[0], False, script))
    return out


# --- Japanese people in their own script ---------------------------------------------------------------

JAPANESE_NAMES = Path(__file__).parent / "data" / "japanese_names.tsv.gz"
_JAPANESE_LETTERS = "\u3041-\u3096\u30a1-\u30fa\u30fc\u3005\u30f6\u4e00-\u9fff"  # kana, kanji
_JAPANESE_RUN = re.compile(f"[{_JAPANESE_LETTERS}]+(?:[ \u3000\u30fb][{_JAPANESE_LETTERS}]+)?")
_KANJI = re.compile("[\u3005\u4e00-\u9fff]")
_NAME_GAP = " \u3000\u30fb"  # a space or a middle dot between surname and given name, at most one


@dataclass(frozen=True, slots=True)
class _JapaneseNames:
    surnames: dict[str, tuple[str, ...]]  # written form -> romanised readings
    given: dict[str, tuple[str, ...]]
    lengths: dict[str, tuple[int, ...]]  # a surname's first character -> the lengths of its forms, longest first


@lru_cache(maxsize=1)
def _japanese_names() -> _JapaneseNames:
    surnames: dict[str, tuple[str, ...]] = {}
    given: dict[str, tuple[str, ...]] = {}
    lengths: dict[str, set[int]] = {}
    for line in gzip.decompress(JAPANESE_NAMES.read_bytes()).decode("utf-8").splitlines():
        form, kind, readings = line.split("\t")
        if kind == "s":
            surnames[form] = tuple(readings.split(","))
            lengths.setdefault(form[0], set()).add(len(form))
        elif len(form) > 1 or _KANJI.match(form):  # a given name of one kana is a particle
            given[form] = tuple(readings.split(","))
    return _JapaneseNames(surnames, given, {c: tuple(sorted(n, reverse=True)) for c, n in lengths.items()})


def find_japanese(text: str, keys: ScriptKeys) -> list[ScriptMatch]:
    """Japanese people written in their own script (宮崎駿, 浜崎あゆみ, 大坂なおみ): a surname of the names
    table followed by one of its given names, with a kanji in the name, read by the names dictionary's
    readings and looked up in the index by their romanised name (either order), inside longer text too."""
    if keys.lookup is None or not _KANJI.search(text):
        return []
    names = _japanese_names()
    spans: list[tuple[int, int, list[str]]] = []
    for run in _JAPANESE_RUN.finditer(text):
        chunk, base = run.group(), run.start()
        for i, char in enumerate(chunk):
            for length in names.lengths.get(char, ()):
                surname = names.surnames.get(chunk[i : i + length])
                if surname is None:
                    continue
                j = i + length
                if chunk[j : j + 1] in tuple(_NAME_GAP):
                    j += 1
                for size in range(4, 0, -1):
                    part = chunk[j : j + size]
                    given = names.given.get(part) if len(part) == size else None
                    name = chunk[i : j + size]
                    if given is None or len(name) < 3 or not _KANJI.search(name):
                        continue  # a name of two characters is any two of a sentence's
                    if size == 1 and _KANJI.match(chunk[j + 1 : j + 2]):
                        continue  # a given name of one kanji ends the word (宮崎駿の), or it is any kanji
                    spellings = [s + g for s in surname for g in given] + [g + s for s in surname for g in given]
                    spans.append((base + i, base + j + size, spellings[:MAX_NATIVE_KEYS]))
    if not spans:
        return []
    found = keys.lookup(sorted({k for *_, ks in spans for k in ks}))
    out: list[ScriptMatch] = []
    for start, end, spellings in spans:
        people = [(p, k) for k in spellings for p in found.get(k, ())]
        if people:
            out.append(ScriptMatch(people[0][0], start, end, people[0][1], False, "japanese"))
    return out
