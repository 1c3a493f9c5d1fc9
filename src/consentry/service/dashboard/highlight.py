"""The prompt with the spans that triggered a decision marked, as safe HTML.

A pure function of the text and the findings' spans. Every character of the prompt is escaped;
spans may overlap (a name inside a sexual phrase): the text is cut at every span boundary and each
piece is wrapped in one ``<mark>`` per family that covers it, outermost first in a fixed order.
Colour is never the only cue: each family has its own underline style, and a visible text tag
(``person``, ``sexual``, ``minor``) follows the last piece of every span.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from consentry.types import Finding

# Finding family -> the highlight family shown to the moderator.
FAMILIES: dict[str, str] = {
    "person": "person",
    "face": "person",
    "sexual": "sexual",
    "nudity": "sexual",
    "minor": "minor",
}
# Nesting order when spans overlap (outermost first), and the order of tags at one position.
ORDER: tuple[str, ...] = ("minor", "sexual", "person", "other")


def family_of(kind: str) -> str:
    """``person.named`` -> ``person``; ``nudity.exposed`` -> ``sexual``; unknown -> ``other``."""
    return FAMILIES.get(kind.split(".", 1)[0], "other")


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted range ``[start, end)`` of the original text."""

    start: int
    end: int
    family: str
    label: str  # shown as a tooltip, e.g. "person.named 0.93"


def marks_from_findings(findings: Iterable[Finding], field: str = "prompt") -> list[Mark]:
    """The marks for one text field from the findings that have a span into it."""
    marks = []
    for finding in findings:
        span = finding.span
        if span is None or span.field != field:
            continue
        marks.append(Mark(span.start, span.end, family_of(finding.kind), f"{finding.kind} {finding.score:.2f}"))
    return marks


def _valid(marks: Sequence[Mark], length: int) -> list[Mark]:
    """Marks clamped to the text; empty or inverted ones dropped; exact duplicates merged."""
    seen: dict[tuple[int, int, str], list[str]] = {}
    for mark in marks:
        start, end = max(0, mark.start), min(length, mark.end)
        if start >= end:
            continue
        family = mark.family if mark.family in ORDER else "other"
        labels = seen.setdefault((start, end, family), [])
        if mark.label not in labels:
            labels.append(mark.label)
    return [Mark(s, e, f, "; ".join(labels)) for (s, e, f), labels in seen.items()]


def highlight_html(text: str, marks: Sequence[Mark]) -> Markup:
    """``text`` as HTML with ``marks`` highlighted. Safe to insert into a page as it is."""
    valid = _valid(marks, len(text))
    if not valid:
        return Markup(escape(text))
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    out: list[str] = []
    for start, end in itertools.pairwise(cuts):
        covering = [m for m in valid if m.start <= start and end <= m.end]
        piece = str(escape(text[start:end]))
        if not covering:
            out.append(piece)
            continue
        families = sorted({m.family for m in covering}, key=ORDER.index)
        opened = []
        for family in families:
            labels = "; ".join(m.label for m in covering if m.family == family)
            opened.append(f'<mark class="hl hl-{family}" title="{escape(labels)}">')
        out.append("".join(opened) + piece + "</mark>" * len(opened))
        ending = sorted({m.family for m in covering if m.end == end}, key=ORDER.index)
        out.extend(f'<span class="hl-tag hl-tag-{family}">{family}</span>' for family in ending)
    return Markup("".join(out))


def highlight_findings(text: str, findings: Iterable[Finding], field: str = "prompt") -> Markup:
    return highlight_html(text, marks_from_findings(findings, field))
