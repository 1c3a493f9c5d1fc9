"""``person.described``: a real person referred to by description, not by name.

"the singer of Shake It Off", "the lead actress of Euphoria", "the youngest member of
Blackpink", "the wife of the prime minister", "the streamer from my city": no name list can
catch these, yet they point at one real person. This detector finds the shape of such a
reference: a definite determiner, a role noun (singer, actress, streamer, wife, member...) and
a link word (of, from, in, who, on) followed by what identifies them.

It runs only when an earlier detector found the prompt sexual, like the unlisted-person
detector, and reports with a moderate score: a description is weaker evidence than a name
("the princess of the mushroom kingdom" is a fictional character), so the default policy sends
it to review rather than denying it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from consentry.detectors.base import Context, detector_id
from consentry.text.normalize import normalize
from consentry.types import Finding, Span

ROLES = (
    "singer",
    "lead singer",
    "vocalist",
    "rapper",
    "pop star",
    "popstar",
    "rock star",
    "idol",
    "actress",
    "actor",
    "lead actress",
    "lead actor",
    "star",
    "comedian",
    "host",
    "presenter",
    "anchor",
    "newsreader",
    "weather girl",
    "streamer",
    "youtuber",
    "tiktoker",
    "influencer",
    "instagram model",
    "model",
    "athlete",
    "player",
    "tennis player",
    "footballer",
    "gymnast",
    "swimmer",
    "skater",
    "goalkeeper",
    "captain",
    "politician",
    "senator",
    "congresswoman",
    "congressman",
    "president",
    "vice president",
    "prime minister",
    "first lady",
    "governor",
    "mayor",
    "minister",
    "queen",
    "princess",
    "prince",
    "king",
    "duchess",
    "ceo",
    "founder",
    "wife",
    "husband",
    "girlfriend",
    "boyfriend",
    "daughter",
    "son",
    "sister",
    "brother",
    "mother",
    "mom",
    "widow",
    "ex wife",
    "ex girlfriend",
    "member",
    "youngest member",
    "oldest member",
    "frontwoman",
    "frontman",
    "drummer",
    "guitarist",
    "bassist",
    "dancer",
    "cheerleader",
    "teacher",
    "coach",
    "nurse",
    "doctor",
    "neighbor",
    "neighbour",
    "boss",
    "coworker",
    "classmate",
    "roommate",
    "cousin",
    "aunt",
    "niece",
)
LINKS = ("of", "from", "in", "on", "who", "that", "at")
DETERMINERS = ("the", "that", "this")
# Roles that need something that looks like a proper title after them to count ("the star of
# the show" is generic; "the star of Titanic" points at someone).
_GENERIC_OBJECTS = frozenset(
    {"the", "a", "an", "my", "our", "show", "picture", "image", "scene", "night", "party", "story", "sea", "sky"}
)

_ROLE_RE = "|".join(sorted((re.escape(r) for r in ROLES), key=len, reverse=True))
_PATTERN = re.compile(
    rf"\b(?:{'|'.join(DETERMINERS)})\s+(?:(?:famous|popular|real|former|current|new|young)\s+)?"
    rf"(?P<role>{_ROLE_RE})\s+(?P<link>{'|'.join(LINKS)})\s+(?P<object>[^,]+)"
)
# Runs when what was found so far (text or image) counts for one of these signals of the policy.
GATE_SIGNALS = ("sexual", "suggestive")


class DescribedPersonDetector:
    """Finds descriptions that single out one real person ("the singer of Shake It Off")."""

    name: ClassVar[str] = "described"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "person"
    kinds: ClassVar[tuple[str, ...]] = ("person.described",)

    def load(self) -> None:
        """Nothing to load: the patterns are compiled at import."""

    def applies(self, context: Context) -> bool:
        return bool(context.request.prompt.strip()) and context.signal_on(*GATE_SIGNALS)

    def detect(self, context: Context) -> Sequence[Finding]:
        prompt = context.request.prompt
        normalized = context.memo("normalized:prompt", lambda: normalize(prompt))
        covered = [
            (f.span.start, f.span.end)
            for f in context.findings
            if f.kind.startswith("person.") and f.span is not None and f.span.field == "prompt"
        ]
        findings: list[Finding] = []
        for match in _PATTERN.finditer(normalized.text):
            object_words = match.group("object").split()
            first = object_words[0] if object_words else ""
            if not object_words or (first in _GENERIC_OBJECTS and len(object_words) == 1):
                continue
            stop = match.start("object") + len(match.group("object").rstrip())
            start, end = normalized.to_original(match.start(), stop)
            if any(s < end and start < e for s, e in covered):
                continue  # already a named person: the name is the stronger finding
            generic = first in _GENERIC_OBJECTS and object_words[-1] in _GENERIC_OBJECTS
            score = 0.35 if generic else 0.6
            findings.append(
                Finding(
                    kind="person.described",
                    score=score,
                    detector=detector_id(self),
                    reason="description_of_a_person",
                    span=Span(start, end, "prompt"),
                    subject=None,
                    evidence={"occupation": match.group("role"), "link": match.group("link")},
                )
            )
        return findings
