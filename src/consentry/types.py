"""Core value types: spans, boxes, findings and decisions.

Everything here is a frozen dataclass with no heavy imports, so that every part of
Consentry (detectors, policy, CLI, service, scanner) can share it cheaply.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

Verdict: TypeAlias = Literal["allow", "review", "deny"]
VERDICTS: tuple[Verdict, ...] = ("allow", "review", "deny")
SEVERITY: Mapping[str, int] = MappingProxyType({"allow": 0, "review": 1, "deny": 2})

# Where a finding was made: the prompt, the negative prompt, an input or an output image.
TextField: TypeAlias = Literal["prompt", "negative_prompt"]
EvidenceValue: TypeAlias = str | int | float | bool | tuple[str, ...] | tuple[float, ...] | None

# How a person appears in a request (``evidence["role"]`` of every ``person.*`` finding):
# the subject to be depicted (the meaning when the key is absent), a style reference ("by X"),
# a fictional character's name as written, a live-action character (the finding's subject is
# the actor), a lookalike ("looks like X"), a name in the negative prompt, or a name inside a
# LoRA / embedding identifier.
PersonRole: TypeAlias = Literal["subject", "style", "fictional", "live_action", "lookalike", "negative", "model_tag"]
PERSON_ROLES: tuple[PersonRole, ...] = (
    "subject",
    "style",
    "fictional",
    "live_action",
    "lookalike",
    "negative",
    "model_tag",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in the ORIGINAL text of ``field``."""

    start: int
    end: int
    field: TextField = "prompt"

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "field": self.field}


@dataclass(frozen=True, slots=True)
class Box:
    """A pixel box in the ORIGINAL image: ``image`` is e.g. ``"input:0"`` or ``"output:1"``."""

    x0: int
    y0: int
    x1: int
    y1: int
    image: str = "input:0"

    def __post_init__(self) -> None:
        if self.x1 < self.x0 or self.y1 < self.y0:
            raise ValueError(f"invalid box ({self.x0},{self.y0})-({self.x1},{self.y1})")

    def to_dict(self) -> dict[str, Any]:
        return {"x0": self.x0, "y0": self.y0, "x1": self.x1, "y1": self.y1, "image": self.image}


# the types an evidence value may have, as tuples: ``isinstance`` with ``int | float`` written in
# the call builds the union again on every value (most of the time a finding took to build)
_NUMBERS = (int, float)
_EVIDENCE_TYPES = (str, int, float, bool, tuple, type(None))


@dataclass(frozen=True, slots=True)
class EvidenceKey:
    """One key of a finding kind's evidence: its type, and for text the values it may take.

    ``kind`` is ``"text"``, ``"int"``, ``"number"`` (int or float), ``"flag"`` (bool),
    ``"texts"`` (a tuple of text) or ``"numbers"``; ``None`` is always allowed (not known).
    ``private``: the value is text of the request or a private person's name; ``Finding.redacted``
    drops it (the decision log does, when the operator does not keep prompt text).
    """

    kind: Literal["text", "int", "number", "flag", "texts", "numbers"]
    doc: str
    choices: tuple[str, ...] = ()
    private: bool = False

    def problem(self, value: EvidenceValue) -> str | None:
        """Why ``value`` does not fit, or None."""
        if value is None:
            return None
        kind = self.kind
        if kind == "text":
            fits = isinstance(value, str)
        elif kind == "int":
            fits = isinstance(value, int) and not isinstance(value, bool)
        elif kind == "number":
            fits = isinstance(value, _NUMBERS) and not isinstance(value, bool)
        elif kind == "flag":
            fits = isinstance(value, bool)
        elif kind == "texts":
            fits = isinstance(value, tuple) and all(isinstance(v, str) for v in value)
        elif kind == "numbers":
            fits = isinstance(value, tuple) and all(isinstance(v, _NUMBERS) and not isinstance(v, bool) for v in value)
        else:
            raise KeyError(kind)
        if not fits:
            return f"must be {self.kind}, not {type(value).__name__}"
        if self.choices and value not in self.choices:
            return f"must be one of {', '.join(self.choices)}; got {value!r}"
        return None


def _keys(**keys: EvidenceKey) -> Mapping[str, EvidenceKey]:
    return MappingProxyType(keys)


def _text(doc: str, *choices: str) -> EvidenceKey:
    return EvidenceKey("text", doc, choices)


def _int(doc: str) -> EvidenceKey:
    return EvidenceKey("int", doc)


def _number(doc: str) -> EvidenceKey:
    return EvidenceKey("number", doc)


def _flag(doc: str) -> EvidenceKey:
    return EvidenceKey("flag", doc)


def _texts(doc: str) -> EvidenceKey:
    return EvidenceKey("texts", doc)


_ROLE = EvidenceKey("text", "how the person appears in the request (absent: subject)", tuple(PERSON_ROLES))
_INDEX_MATCH = _keys(
    role=_ROLE,
    character=_text("live_action: the character the actor plays, as written"),
    name=_text("the person's name in the index"),
    alias=_text("the alias that matched"),
    alias_kind=_text("how the alias was made (name, nickname, transliteration, ...)"),
    ambiguity=_text("how much evidence the alias needs (one letter)"),
    steps=_texts("normalizing steps that were needed (leet, homoglyphs, ...)"),
    source=_texts("the lists the person comes from"),
    tier=_text("how famous: top, mid, tail, current, protected"),
    popularity=_number("the person's popularity in the index"),
    edits=_int("spelling edits between the text and the alias"),
    syntax=_text("the prompt syntax the name was found in (lora, embedding, weight, ...)"),
)
# A protected person is one the operator registered, often a private person: their name and the
# alias that matched are private; the id (``subject``) stays.
_PROTECTED_MATCH = _keys(
    **{
        key: EvidenceKey(spec.kind, spec.doc, spec.choices, private=key in ("name", "alias", "character"))
        for key, spec in _INDEX_MATCH.items()
    }
)
_IMAGE_GRADE = _keys(
    grade=_text("the highest image grade scoring 0.5 or more", "none", "suggestive", "nude", "explicit"),
    opennsfw=_number("open_nsfw's raw score"),
    nudenet_exposed=_number("NudeNet's best raw score for an exposed part"),
    looks=_int("how many views of the image were looked at"),
    backends=_texts("the models that ran"),
)
_IMAGE_PART = _keys(raw=_number("the model's raw score"), model=_text("the model"))

# The evidence each finding kind may carry. Finding checks every key listed here (type and
# values) when it is made; the detector contract tests fail on a key that is not listed, so that
# a consumer never parses a key no detector sets (or sets with another meaning).
EVIDENCE: Mapping[str, Mapping[str, EvidenceKey]] = MappingProxyType(
    {
        "person.named": _INDEX_MATCH,
        "person.protected": _PROTECTED_MATCH,
        "person.unlisted": _keys(
            role=_ROLE,
            source=_text("what proposed the name (ner, shape, relation cue)"),
            ner_label=_text("the NER model's label"),
            model=_text("the NER model"),
            in_index=_flag("whether the name is in the people index (always false)"),
            words=_int("words in the name"),
            known_given_name=_flag("whether the first word is a known given name"),
            casing=_text("how the name is written", "title", "lower", "mixed"),
            cue=_text("a relation word before or after the name (coworker, neighbour, ...)"),
            fictional_frame=_text("a word that frames the name as fictional (character, OC, ...)"),
            full_name=_flag("a known given name + a surname-like word, each written with its capital"),
            art_context=_text("a word of the prompt that asks for art rather than a photo (painting, ...)"),
            steps=_texts("normalizing steps that were needed"),
            index_candidate=_text("a weaker people-index match on the same span (its id)"),
            index_score=_number("that match's score"),
        ),
        "person.described": _keys(
            role=_ROLE,
            occupation=_text("the occupation that singles the person out (singer, actress, ...)"),
            link=_text("the word linking it to the work (of, from, who played, ...)"),
        ),
        "sexual.*": _keys(
            terms=_texts("lexicon terms found, strongest first"),
            term_languages=_texts("the languages of those terms"),
            ngrams=EvidenceKey("texts", "the word n-grams of the prompt the model weighed most", private=True),
            model_score=_number("the model's score for this grade"),
            lexicon_score=_number("the lexicon's score for this grade"),
        ),
        "minor.*": _keys(
            terms=EvidenceKey("texts", "the signs of that kind found, as written", private=True),
            field=_text("the text they were found in"),
        ),
        "nudity.exposed": _IMAGE_PART,
        "nudity.covered": _IMAGE_PART,
        "nudity.suggestive": _IMAGE_GRADE,
        "nudity.nude": _IMAGE_GRADE,
        "nudity.explicit": _IMAGE_GRADE,
        "face.match": _keys(
            cosine=_number("cosine similarity to the enrolled face"),
            gallery=_text("the gallery of the identity"),
            model=_text("the embedding model"),
        ),
        "face.photo": _keys(
            faces=_int("faces found"),
            face_confidence=_number("the face detector's confidence for the largest face"),
            flat=_number("share of flat (drawn-looking) area"),
            colours=_number("colours in the face region"),
            monochrome=_flag("whether the image is monochrome"),
            image_role=_text(
                "what the image is for", "img2img", "inpaint", "mask", "face_source", "reference", "output"
            ),
        ),
        "hash.match": _keys(
            distance=_int("Hamming distance to the listed hash"),
            quality=_int("PDQ quality of the image's hash"),
            list=_text("the hash list"),
        ),
        "error.*": _keys(error=_text("what failed (for the operator)")),
    }
)


# Kinds whose ``subject`` is text of the request (a private person's name as written, a sign of a
# minor as written), not an id: ``Finding.redacted`` replaces it with its SHA-256.
PRIVATE_SUBJECTS: tuple[str, ...] = ("person.unlisted", "minor.*")


def _private_subject(kind: str) -> bool:
    return any(kind == p or (p.endswith(".*") and kind.startswith(p[:-1])) for p in PRIVATE_SUBJECTS)


def evidence_schema(kind: str) -> Mapping[str, EvidenceKey] | None:
    """The evidence keys a finding of ``kind`` may carry, or None for a kind with no schema."""
    schema = EVIDENCE.get(kind)
    if schema is not None:
        return schema
    for pattern, keys in EVIDENCE.items():
        if pattern.endswith(".*") and kind.startswith(pattern[:-1]):
            return keys
    return None


def evidence_problems(kind: str, evidence: Mapping[str, EvidenceValue], *, strict: bool = False) -> list[str]:
    """What in ``evidence`` does not fit the schema of ``kind``.

    Listed keys must have their type and values; with ``strict``, a key that is not listed is a
    problem too (the contract tests use it; at run time an unlisted key is detail for people
    reading a log, which nothing may rely on).
    """
    schema = evidence_schema(kind)
    if schema is None:
        return [f"{kind}: no evidence schema"] if strict and evidence else []
    problems = []
    for key, value in evidence.items():
        spec = schema.get(key)
        if spec is None:
            if strict:
                problems.append(f"{kind}: evidence key {key!r} is not in the schema")
            continue
        problem = spec.problem(value)
        if problem is not None:
            problems.append(f"{kind}: evidence {key!r} {problem}")
    return problems


def _freeze_evidence(kind: str, evidence: Mapping[str, Any] | None) -> Mapping[str, EvidenceValue]:
    frozen: dict[str, EvidenceValue] = {}
    for key, raw in (evidence or {}).items():
        value = tuple(raw) if isinstance(raw, list) else raw
        if not isinstance(value, _EVIDENCE_TYPES):
            raise TypeError(f"evidence {key!r} must be a scalar or a tuple, not {type(value).__name__}")
        frozen[str(key)] = value
    problems = evidence_problems(kind, frozen)
    if problems:
        raise ValueError("; ".join(problems))
    return MappingProxyType(frozen)


@dataclass(frozen=True, slots=True)
class Finding:
    """What one detector saw: a kind, a score in 0..1 and where it is.

    ``kind`` is a dotted, documented name (``person.named``, ``sexual.explicit``,
    ``minor.age``, ``nudity.exposed``, ``face.match``, ``hash.match``, ``error.person``...).
    ``subject`` names what was matched (a person id, a phrase, a gallery entry) so that the
    policy's allow-list can refer to it. ``evidence`` holds detector-specific details
    (scalars and tuples only) for the moderator view.
    """

    kind: str
    score: float
    detector: str
    reason: str
    span: Span | None = None
    box: Box | None = None
    subject: str | None = None
    evidence: Mapping[str, EvidenceValue] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if not self.kind or "." not in self.kind:
            raise ValueError(f"finding kind must be dotted (e.g. 'person.named'), got {self.kind!r}")
        if not 0.0 <= float(self.score) <= 1.0:
            raise ValueError(f"finding score must be in 0..1, got {self.score!r}")
        if "@" not in self.detector:
            raise ValueError(f"detector must be 'name@version', got {self.detector!r}")
        object.__setattr__(self, "score", float(self.score))
        object.__setattr__(self, "evidence", _freeze_evidence(self.kind, self.evidence))

    @property
    def family(self) -> str:
        """The first part of the kind: ``person``, ``sexual``, ``minor``, ``error``..."""
        return self.kind.split(".", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "score": round(self.score, 4),
            "detector": self.detector,
            "reason": self.reason,
            "span": self.span.to_dict() if self.span else None,
            "box": self.box.to_dict() if self.box else None,
            "subject": self.subject,
            "evidence": {k: list(v) if isinstance(v, tuple) else v for k, v in self.evidence.items()},
        }

    def redacted(self) -> Finding:
        """This finding with no text of the request and no private name in it.

        Evidence keys the schema marks ``private`` are dropped, as is every key of a kind with
        no schema (nothing says what they hold); a subject that is text of the request (an
        unlisted name, a sign of a minor as written) becomes ``sha256:<hex>`` of itself. Ids of
        indexed people, scores, spans (offsets) and boxes stay.
        """
        schema = evidence_schema(self.kind)
        if schema is None:
            evidence: dict[str, EvidenceValue] = {}
        else:
            evidence = {k: v for k, v in self.evidence.items() if k in schema and not schema[k].private}
        subject = self.subject
        if subject is not None and _private_subject(self.kind) and not subject.startswith("sha256:"):
            subject = "sha256:" + hashlib.sha256(subject.encode("utf-8")).hexdigest()
        if subject == self.subject and len(evidence) == len(self.evidence):
            return self
        return replace(self, subject=subject, evidence=evidence)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """The inverse of ``to_dict`` (a finding read back from a log, a checkpoint or a scan's
        output). A missing key raises ``KeyError``; a value out of range ``ValueError``."""
        span, box = data.get("span"), data.get("box")
        return cls(
            kind=str(data["kind"]),
            score=float(data["score"]),
            detector=str(data["detector"]),
            reason=str(data.get("reason", "")),
            span=Span(int(span["start"]), int(span["end"]), span.get("field", "prompt")) if span else None,
            box=Box(int(box["x0"]), int(box["y0"]), int(box["x1"]), int(box["y1"]), str(box["image"])) if box else None,
            subject=data.get("subject"),
            evidence=data.get("evidence") or {},
        )


# Where a finding was made: a text field, or an input or output image (``Box.image``'s prefix).
FindingSource: TypeAlias = Literal["prompt", "negative_prompt", "input", "output"]
FINDING_SOURCES: tuple[FindingSource, ...] = ("prompt", "negative_prompt", "input", "output")


def source_of(finding: Finding) -> FindingSource | None:
    """Where ``finding`` was made (its span's field or its box's image), or None when it says not."""
    if finding.span is not None:
        return finding.span.field
    if finding.box is not None:
        prefix = finding.box.image.split(":", 1)[0]
        for known in ("input", "output"):
            if prefix == known:
                return known
    return None


def role_of(finding: Finding) -> PersonRole:
    """The role a finding gives its person: ``evidence["role"]``, ``subject`` when absent.

    A person finding's role is checked when it is made; elsewhere (a finding of another kind
    with a key of that name) anything but a known role counts as ``subject``.
    """
    role = finding.evidence.get("role")
    for known in PERSON_ROLES:
        if role == known:
            return known
    return "subject"


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of ``Guard.check``.

    ``message`` is for the person who made the request (no scores, no rule names);
    ``explanation`` and ``findings`` are for the operator and the moderator.
    """

    verdict: Verdict
    message: str
    rule_ids: tuple[str, ...]
    policy_version: str
    findings: tuple[Finding, ...] = ()
    explanation: tuple[str, ...] = ()
    report: bool = False
    suppressed: tuple[Finding, ...] = ()
    detector_versions: tuple[str, ...] = ()
    elapsed_ms: float = 0.0

    @property
    def allowed(self) -> bool:
        return self.verdict == "allow"

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "message": self.message,
            "rule_ids": list(self.rule_ids),
            "policy_version": self.policy_version,
            "report": self.report,
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": [f.to_dict() for f in self.suppressed],
            "explanation": list(self.explanation),
            "detector_versions": list(self.detector_versions),
            "elapsed_ms": round(self.elapsed_ms, 3),
        }
