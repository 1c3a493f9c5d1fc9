"""What a page shows about one decision, built from the stored record (no database objects)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

from consentry.gallery.store import GalleryStore
from consentry.service.dashboard.highlight import Mark, family_of, highlight_html
from consentry.store.records import DecisionRecord, ReviewAction, UserRecord

# Review actions on a decision that settle it (the queue hides settled ones by default).
SETTLING = ("confirm", "overturn")


def when(timestamp: float | None) -> str:
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True, slots=True)
class FindingRow:
    kind: str
    family: str
    score: float
    detector: str
    reason: str
    where: str  # the span's text, or the image box
    matched: str  # the matched person or gallery entry, for the moderator
    evidence: str


@dataclass(frozen=True, slots=True)
class ImageView:
    ref: str
    role: str
    name: str
    format: str
    size: int
    sha256: str
    stored: bool


@dataclass(frozen=True, slots=True)
class AllowCandidate:
    kind: str  # "phrase" or "subject"
    value: str
    why: str


@dataclass(frozen=True, slots=True)
class QueueItem:
    record: DecisionRecord
    created: str
    prompt_html: Markup | None
    negative_html: Markup | None
    findings: tuple[FindingRow, ...]
    images: tuple[ImageView, ...]
    candidates: tuple[AllowCandidate, ...]
    reviews: tuple[ReviewAction, ...]
    user: UserRecord | None
    families: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def settled(self) -> bool:
        return self.record.review_status in SETTLING


def _marks(findings: Sequence[Mapping[str, Any]], field: str) -> list[Mark]:
    marks = []
    for f in findings:
        span = f.get("span")
        if not isinstance(span, Mapping) or span.get("field", "prompt") != field:
            continue
        try:
            start, end = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            continue
        kind = str(f.get("kind", "other.unknown"))
        marks.append(Mark(start, end, family_of(kind), f"{kind} {float(f.get('score', 0.0)):.2f}"))
    return marks


def _matched(finding: Mapping[str, Any], gallery: GalleryStore | None) -> str:
    """The person or gallery entry a finding matched (not the grade of a sexual or minor term)."""
    kind = str(finding.get("kind", ""))
    if family_of(kind) != "person" and not kind.startswith("hash."):
        return ""
    subject = finding.get("subject")
    evidence = finding.get("evidence") or {}
    parts = []
    if subject:
        identity = gallery.get_identity(str(subject)) if gallery is not None else None
        if identity is not None:
            state = "" if identity.enabled else ", disabled"
            parts.append(f"{identity.name} (protected identity {identity.id}, gallery {identity.gallery}{state})")
        else:
            parts.append(str(subject))
    list_id = evidence.get("list") if isinstance(evidence, Mapping) else None
    if list_id and gallery is not None:
        named = [h for h in gallery.list_hash_lists() if h.id == str(list_id)]
        if named:
            state = "" if named[0].enabled else ", disabled"
            parts.append(f"hash list {named[0].name!r}{state}")
            list_id = None
    for key in ("list", "item_id", "identity", "name"):
        value = evidence.get(key) if isinstance(evidence, Mapping) else None
        if key == "list" and list_id is None:
            continue
        if value not in (None, "") and str(value) not in parts:
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


def _where(finding: Mapping[str, Any], texts: Mapping[str, str | None]) -> str:
    span, box = finding.get("span"), finding.get("box")
    if isinstance(span, Mapping):
        text = texts.get(str(span.get("field", "prompt")))
        if text is not None:
            return repr(text[int(span.get("start", 0)) : int(span.get("end", 0))])
        return f"characters {span.get('start')}-{span.get('end')} (text not kept)"
    if isinstance(box, Mapping):
        return f"{box.get('image')} ({box.get('x0')},{box.get('y0')})-({box.get('x1')},{box.get('y1')})"
    return ""


def _evidence(finding: Mapping[str, Any]) -> str:
    evidence = finding.get("evidence") or {}
    if not isinstance(evidence, Mapping):
        return ""
    shown = []
    for key, value in list(evidence.items())[:6]:
        text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        shown.append(f"{key}={text[:80]}")
    return "; ".join(shown)


_CLAUSE_ENDS = frozenset(",;.:|()[]{}<>\n")
CONTEXT_WORDS = 3  # words of context offered on each side of a name


def context_phrase(text: str, start: int, end: int, taken: Sequence[tuple[int, int]]) -> str | None:
    """The span ``[start, end)`` with up to ``CONTEXT_WORDS`` words of context on each side,
    within its clause and without any word of ``taken`` (the spans of other findings: a sexual
    term or a sign of a minor is never part of an allow-list phrase). None when there is no
    context word: a name alone would unprotect the person wherever it appears."""

    def free(a: int, b: int) -> bool:
        return not any(a < t_end and t_start < b for t_start, t_end in taken)

    def words_from(position: int, step: int) -> int:
        edge, count = position, 0
        while count < CONTEXT_WORDS:
            i = edge - 1 if step < 0 else edge
            while 0 <= i < len(text) and text[i] == " ":
                i += step
            j = i
            while 0 <= j < len(text) and text[j] not in _CLAUSE_ENDS and not text[j].isspace():
                j += step
            word = (j + 1, i + 1) if step < 0 else (i, j)
            if word[0] >= word[1] or not free(*word):
                break
            edge, count = word[0] if step < 0 else word[1], count + 1
        return edge

    left, right = words_from(start, -1), words_from(end, 1)
    if (left, right) == (start, end):
        return None
    return " ".join(text[left:right].split())


def _candidates(record: DecisionRecord) -> list[AllowCandidate]:
    """What an overturn may add to the allow-list with one click: for each person a decision
    matched, the name with the words around it in the prompt (scoped: the entry suppresses that
    person only inside that phrase).

    No subject is offered: allowing a person by id would unprotect them in every prompt, sexual
    ones too. No sexual term or minor signal is offered either, nor any phrase holding one. The
    server checks the same (``Actions.overturn``); other phrases may be typed in.
    """
    seen: set[str] = set()
    out = []
    for f in record.findings:
        kind = str(f.get("kind", ""))
        span = f.get("span")
        if family_of(kind) != "person" or not isinstance(span, Mapping):
            continue
        field = span.get("field", "prompt")
        text = record.negative_prompt if field == "negative_prompt" else record.prompt
        if text is None:
            continue
        taken = [
            (int(o["span"].get("start", 0)), int(o["span"].get("end", 0)))
            for o in record.findings
            if family_of(str(o.get("kind", ""))) != "person"
            and isinstance(o.get("span"), Mapping)
            and o["span"].get("field", "prompt") == field
        ]
        phrase = context_phrase(text, int(span.get("start", 0)), int(span.get("end", 0)), taken)
        if phrase and phrase.lower() not in seen:
            seen.add(phrase.lower())
            out.append(AllowCandidate("phrase", phrase, f"{kind} in this context only"))
    return out


def queue_item(
    record: DecisionRecord,
    *,
    stored_refs: set[tuple[str, str]],
    reviews: Sequence[ReviewAction] = (),
    user: UserRecord | None = None,
    gallery: GalleryStore | None = None,
) -> QueueItem:
    texts = {"prompt": record.prompt, "negative_prompt": record.negative_prompt}
    findings = sorted(record.findings, key=lambda f: -float(f.get("score", 0.0)))
    rows = tuple(
        FindingRow(
            kind=str(f.get("kind", "")),
            family=family_of(str(f.get("kind", ""))),
            score=float(f.get("score", 0.0)),
            detector=str(f.get("detector", "")),
            reason=str(f.get("reason", "")),
            where=_where(f, texts),
            matched=_matched(f, gallery),
            evidence=_evidence(f),
        )
        for f in findings
    )
    images = tuple(
        ImageView(
            ref=str(i.get("ref", "")),
            role=str(i.get("role", "")),
            name=str(i.get("name", "")),
            format=str(i.get("format", "")),
            size=int(i.get("bytes", 0) or 0),
            sha256=str(i.get("sha256", "")),
            stored=(record.id, str(i.get("ref", ""))) in stored_refs,
        )
        for i in record.images
    )
    families = tuple(sorted({r.family for r in rows if r.family != "other"}))
    return QueueItem(
        record=record,
        created=when(record.created_at),
        prompt_html=highlight_html(record.prompt, _marks(record.findings, "prompt")) if record.prompt else None,
        negative_html=(
            highlight_html(record.negative_prompt, _marks(record.findings, "negative_prompt"))
            if record.negative_prompt
            else None
        ),
        findings=rows,
        images=images,
        candidates=tuple(_candidates(record)),
        reviews=tuple(reviews),
        user=user,
        families=families,
    )
