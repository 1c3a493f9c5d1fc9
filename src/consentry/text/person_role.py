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
