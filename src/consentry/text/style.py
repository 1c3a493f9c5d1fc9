"""Artists named as a style ("by Greg Rutkowski", "in the style of Alphonse Mucha").

A prompt that names an artist as a style asks for the artist's manner, not for a picture of
the artist. The people detector and the unlisted-person detector both use this to tell a
style reference from the person depicted.
"""

from __future__ import annotations

import re

# What stands just before a style reference.
STYLE_BEFORE = re.compile(
    r"\b(?:by|art\s+by|artwork\s+by|painted\s+by|drawn\s+by|illustrated\s+by|photographed\s+by|shot\s+by|"
    r"style\s+of|in\s+the\s+style\s+of|inspired\s+by|artist|artists|trending\s+on\s+artstation\s+by)\s*(?:,\s*)?$",
    re.IGNORECASE,
)
# A name further on in a list of artists ("by Greg Rutkowski, Craig Mullins and Alphonse Mucha").
STYLE_LIST_BEFORE = re.compile(
    r"\b(?:by|style\s+of|artists?|inspired\s+by)\s+(?:[^,.;()|:]{2,40}?(?:\s*,\s*|\s+and\s+|\s*&\s*|\s*\+\s*)){1,12}$",
    re.IGNORECASE,
)
# What follows a style reference: "britt marling style", "in Sean Archer's style".
STYLE_AFTER = re.compile(r"^\s*(?:'s)?\s*(?:art\s*)?style\b", re.IGNORECASE)


def is_style_reference(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (a name) is written as a style ("by X", "X style")."""
    before = text[max(0, start - 80) : start]
    after = text[end : end + 60]
    return bool(STYLE_BEFORE.search(before) or STYLE_LIST_BEFORE.search(before) or STYLE_AFTER.search(after))
