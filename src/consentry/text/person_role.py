"""How a person named in a prompt appears in it: the ``role`` of a ``person.*`` finding.

The people detector reports who is named and how sure it is; the role says what the prompt does
with the name, and the policy decides what each role means (``roles:`` on a signal, see
docs/policy.md). The roles:

``subject``
    the person is to be depicted (the meaning when a finding carries no role).
``style``
    an artist or photographer named as the style ("by X", "photo by X", "in the style of X");
    only for people on the style list (``style_artists.txt``): "nude, by emma watson" stays
    ``subject``.
``fictional``
    the words as written are a fictional character's name ("Lara Croft", a typo away from a
    real Laura Croft).
``live_action``
    a character played by a real actor ("Hermione Granger"): the finding's subject is the actor.
``lookalike``
    "looks like X", "X lookalike", "X's face on ...".
``negative``
    the name is in the negative prompt.
``model_tag``
    inside a LoRA / LyCORIS / embedding / hypernetwork identifier (``<lora:emma_watson_v3:0.8>``).

This module holds the text tests for ``lookalike`` and ``model_tag``; ``style`` is in
``consentry.text.style``.
"""

from __future__ import annotations

import re

from consentry.types import PERSON_ROLES

ROLES = PERSON_ROLES

# An identifier of a model add-on: A1111 tags, ComfyUI's embedding:NAME, a bare textual-inversion file name.
_MODEL_TAG = re.compile(
    r"<\s*(?:lora|lyco|lycoris|hypernet|hypernetwork|locon|loha|lokr|ti|embedding)\s*:[^<>]*>"
    r"|\bembedding:[^\s,;|()\[\]{}<>]+"
    r"|\b[\w.\-]+\.(?:safetensors|ckpt|pt)\b",
    re.IGNORECASE,
)

_LOOKALIKE_BEFORE = re.compile(
    r"\b(?:look(?:s|ing)?\s+(?:a\s+(?:lot|bit)\s+)?(?:just\s+|exactly\s+)?like|resembl(?:es|ing|e)|"
    r"(?:a\s+)?look[\s-]?alike\s+(?:of|for)|doppelg(?:a|ä)nger\s+of|double\s+of|(?:with|has|having)\s+the\s+face\s+of|"
    r"face\s+of|in\s+the\s+likeness\s+of|likeness\s+of|similar\s+to|cosplay(?:ing)?\s+as)\s*$",
    re.IGNORECASE,
)
_LOOKALIKE_AFTER = re.compile(
    r"^\s*(?:'s?|’s?)?\s*(?:look[\s-]?alike|doppelg(?:a|ä)nger|face\s+(?:on|swap(?:ped)?|onto)|"
    r"(?:type\s+)?face\b|likeness\b)",
    re.IGNORECASE,
)


def model_tag_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a model identifier (``<lora:...>``, ``embedding:...``, ``x.safetensors``)."""
    if "<" not in text and ":" not in text and "." not in text:
        return []
    return [m.span() for m in _MODEL_TAG.finditer(text)]


def in_model_tag(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def is_lookalike(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is written as a likeness ("looks like X", "X's face on")."""
    before = text[max(0, start - 50) : start]
    after = text[end : end + 40]
    return bool(_LOOKALIKE_BEFORE.search(before) or _LOOKALIKE_AFTER.search(after))


_FILM_AFTER = re.compile(
    r"^\W{0,3}(?:\(?\s*(?:19|20)\d\d\b|(?:the\s+)?(?:movie|film|live[\s-]?action|tv\s+series|series)\b)",
    re.IGNORECASE,
)
_FILM_ANYWHERE = re.compile(r"\b(?:from|in)\s+the\s+(?:\d{4}\s+)?(?:movie|film|live[\s-]?action)\b", re.IGNORECASE)


def film_named(text: str, end: int, work: str, start: int | None = None) -> bool:
    """Whether a character's name at ``text[start:end]`` comes with its film: a year, "movie", the title
    (elsewhere than the name itself: "Wonder Woman" is the character of "Wonder Woman")."""
    if _FILM_AFTER.search(text[end : end + 30]) or _FILM_ANYWHERE.search(text):
        return True
    rest = text[:start] + " " + text[end:] if start is not None else text[end:]
    title = re.sub(r"\W+", " ", work).strip().casefold()
    return bool(title) and title in re.sub(r"\W+", " ", rest).casefold()


# Famous artworks whose title holds a name, and the figures they show: "Michelangelo's David", "the
# Venus de Milo", "La Maja Desnuda". A figure's name is read as the artwork only where the prompt
# says it is one (a statue, a painting, a museum, an artist's possessive): "David nude" stays a name.
ARTWORK_TITLES = (
    *("venus de milo", "venus of urbino", "venus of willendorf", "birth of venus", "rokeby venus", "la maja desnuda"),
    *("maja desnuda", "la maja vestida", "mona lisa", "the thinker", "the kiss", "psyche revived", "sleeping venus"),
    *("sleeping hermaphroditus", "leda and the swan", "apollo and daphne", "venus and adonis", "the three graces"),
    *("olympia", "david"),
)
ARTWORK_FIGURES = frozenset(
    {"david", "venus", "olympia", "psyche", "danae", "leda", "bathsheba", "susanna", "judith", "lucretia", "pieta"}
    | {"hermaphroditus", "perseus", "apollo", "daphne", "adonis", "cupid", "maja", "galatea", "andromeda", "flora"}
    | {"diana", "eve", "adam", "madonna", "medusa", "mona lisa", "la maja", "venus de milo", "the thinker"}
)
# Brands named after people: the name as written is the product ("Calvin Klein underwear").
BRAND_NAMES = (
    *("calvin klein", "louis vuitton", "tommy hilfiger", "ralph lauren", "hugo boss", "harley davidson"),
    *("harley-davidson", "victoria's secret", "victorias secret", "mary jane", "mary janes", "christian dior"),
    *("yves saint laurent", "giorgio armani", "vera wang", "tory burch", "michael kors", "marc jacobs"),
    *("kate spade", "jimmy choo", "christian louboutin", "dr martens", "dr. martens", "doc martens", "ray-ban"),
    *("ray ban", "levi strauss", "jack daniels", "jack daniel's", "john deere", "kodak portra"),
)
_ARTWORK_CONTEXT = re.compile(
    r"\b(?:statues?|sculptures?|sculpted|marble|bronze|paintings?|painted|fresco|museum|gallery|galleria|"
    r"accademia|louvre|uffizi|prado|artworks?|renaissance|baroque|classical|masterpiece\s+by|by\s+[A-Z][a-z]+)\b",
)
_POSSESSIVE_BEFORE = re.compile(r"\b[A-Z][\w-]+(?:'s|’s|')\s+(?:the\s+)?$")
_POSSESSIVE_AFTER = re.compile(r"^(?:'s|’s|')\s+(?:the\s+)?([A-Za-z]+(?:\s+[A-Za-z]+){0,2})")
_LIGHTING_AFTER = re.compile(r"^\s+(?:lighting|light|style\s+lighting)\b", re.IGNORECASE)


def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE)


_BRANDS = _phrases(BRAND_NAMES)
_TITLES = _phrases(ARTWORK_TITLES[:-2])  # the titles that are no single figure's name
# a word of a brand, of a title or a figure: only a name holding one is looked at further
_BRAND_WORDS = frozenset(w.strip(".") for b in BRAND_NAMES for w in b.split())
_TITLE_WORDS = frozenset(w for t in (*ARTWORK_TITLES, *ARTWORK_FIGURES) for w in t.split()) - {"the", "of", "and", "de"}


def _within(text: str, start: int, end: int, phrases: re.Pattern[str]) -> bool:
    """Whether ``text[start:end]`` lies inside one of the ``phrases`` as written in ``text``."""
    return any(m.start() <= start and end <= m.end() for m in phrases.finditer(text))


def work_role(text: str, start: int, end: int) -> str | None:
    """How a name at ``text[start:end]`` that is an artwork, a brand or an artist's mark is read, or None.

    ``fictional``: a figure of a famous artwork in a prompt about art ("statue of David",
    "Michelangelo's David", "the Venus de Milo"), or a brand ("Calvin Klein underwear", "Mary Jane
    shoes"). ``style``: the artist of the artwork that follows ("Michelangelo's David") or a lighting
    named after a painter ("Rembrandt lighting")."""
    name = " ".join(text[start:end].casefold().split())
    words = set(name.split())
    if words & _BRAND_WORDS and _within(text, start, end, _BRANDS):
        return "fictional"
    if words & _TITLE_WORDS:
        if _within(text, start, end, _TITLES):
            return "fictional"
        before = text[max(0, start - 40) : start]
        if name in ARTWORK_FIGURES and (_ARTWORK_CONTEXT.search(text) or _POSSESSIVE_BEFORE.search(before)):
            return "fictional"
    after = text[end : end + 40]
    if after[:1] in {"'", "’"}:
        possessive = _POSSESSIVE_AFTER.match(after)
        if possessive is not None:
            work = possessive.group(1).casefold()
            works = (*ARTWORK_TITLES, *ARTWORK_FIGURES)
            if any(work == t or work.startswith(t + " ") or t.endswith(" " + work) for t in works):
                return "style"
    if "light" in after[:20].casefold() and _LIGHTING_AFTER.match(after):
        return "style"
    return None
