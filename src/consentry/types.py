"""Core value types: spans, boxes, findings and decisions.

Everything here is a frozen dataclass with no heavy imports, so that every part of
Consentry (detectors, policy, CLI, service, scanner) can share it cheaply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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


def _freeze_evidence(evidence: Mapping[str, Any] | None) -> Mapping[str, EvidenceValue]:
    frozen: dict[str, EvidenceValue] = {}
    for key, raw in (evidence or {}).items():
        value = tuple(raw) if isinstance(raw, list) else raw
        if not isinstance(value, str | int | float | bool | tuple | None):
            raise TypeError(f"evidence {key!r} must be a scalar or a tuple, not {type(value).__name__}")
        frozen[str(key)] = value
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
        object.__setattr__(self, "evidence", _freeze_evidence(self.evidence))

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


def role_of(finding: Finding) -> PersonRole:
    """The role a finding gives its person: ``evidence["role"]``, ``subject`` when absent.

    An unknown role counts as ``subject``: a detector's typo must not take a person out of the
    checks that protect them.
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
