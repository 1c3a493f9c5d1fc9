"""The policy as data: signals (which findings count), rules (what they lead to), an allow-list."""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from consentry.types import FINDING_SOURCES, PERSON_ROLES, Finding, Verdict, role_of, source_of


@functools.lru_cache(maxsize=8192)
def _matches_any(kind: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``kind`` matches one of the shell-style ``patterns`` (remembered: kinds are few)."""
    return any(fnmatch.fnmatchcase(kind, pattern) for pattern in patterns)


def _norm_phrase(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True, slots=True)
class Signal:
    """A named condition over findings: any finding of one of ``kinds`` at ``min_score`` or more.

    ``errors`` lists ``error.<domain>`` kinds that also satisfy the signal: this is how the
    policy fails closed when a detector could not run. ``roles``, when given, keeps only the
    findings whose role (``evidence["role"]``, ``subject`` when absent) is listed: a person named
    as a style reference or in the negative prompt need not count as the person depicted.
    ``sources``, when given, keeps only the findings made in those places (``prompt``,
    ``negative_prompt``, ``input`` images, ``output`` images): the look of a photo to be edited
    need not count as what the request asks for.
    """

    name: str
    kinds: tuple[str, ...]
    min_score: float = 0.5
    errors: tuple[str, ...] = ()
    line: int = 0
    roles: tuple[str, ...] = ()  # empty: every role
    sources: tuple[str, ...] = ()  # empty: everywhere

    def __post_init__(self) -> None:
        unknown = [role for role in self.roles if role not in PERSON_ROLES]
        if unknown:
            raise ValueError(f"signal {self.name!r}: unknown role(s) {unknown} (roles: {', '.join(PERSON_ROLES)})")
        unknown = [source for source in self.sources if source not in FINDING_SOURCES]
        if unknown:
            known = ", ".join(FINDING_SOURCES)
            raise ValueError(f"signal {self.name!r}: unknown source(s) {unknown} (sources: {known})")

    def matches_kind(self, kind: str) -> bool:
        return _matches_any(kind, self.kinds)

    def matches_role(self, finding: Finding) -> bool:
        return not self.roles or role_of(finding) in self.roles

    def matches_source(self, finding: Finding) -> bool:
        """A finding that does not say where it was made counts wherever (fail closed)."""
        if not self.sources:
            return True
        source = source_of(finding)
        return source is None or source in self.sources


@dataclass(frozen=True, slots=True)
class Rule:
    """When all signals in ``when`` hold and none in ``unless``, the rule gives ``verdict``."""

    id: str
    when: tuple[str, ...]
    verdict: Verdict
    message: str
    unless: tuple[str, ...] = ()
    adult_content: bool | None = None  # None: whatever the setting
    tiers: tuple[str, ...] = ()  # empty: every tier
    report: bool = False
    description: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class AllowList:
    """Phrases and subjects an operator reviewed as false positives.

    - A phrase suppresses a finding whose span it covers, where it occurs in the same text, and
      only when it says more than the finding's own text: "madonna and child" covers "Madonna",
      while "Madonna" alone covers nothing. An entry is scoped to the context it was reviewed in,
      so no phrase unprotects a person wherever the name appears.
    - A subject (a person id or name, a hash-list item) suppresses every finding that carries it.
      ``subjects`` (the policy file's, the operator's versioned choice) apply to every finding;
      ``other_subjects`` (entries added at run time, from the dashboard or the admin API) never
      to a person finding: nothing done at run time unprotects a person everywhere, in sexual
      prompts too.
    """

    phrases: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    other_subjects: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls, phrases: Iterable[str] = (), subjects: Iterable[str] = (), other_subjects: Iterable[str] = ()
    ) -> AllowList:
        def clean(values: Iterable[str]) -> frozenset[str]:
            return frozenset(v for v in (_norm_phrase(x) for x in values) if v)

        return cls(clean(phrases), clean(subjects), clean(other_subjects))

    def merged(self, other: AllowList) -> AllowList:
        return AllowList(
            self.phrases | other.phrases, self.subjects | other.subjects, self.other_subjects | other.other_subjects
        )

    def __bool__(self) -> bool:
        return bool(self.phrases or self.subjects or self.other_subjects)

    def suppresses(self, finding: Finding, texts: Mapping[str, str]) -> str | None:
        """The allow-list entry that suppresses ``finding``, or None."""
        subjects = self.subjects if finding.family == "person" else self.subjects | self.other_subjects
        if finding.subject is not None and _norm_phrase(finding.subject) in subjects:
            return finding.subject
        name = finding.evidence.get("name")  # an indexed or registered person's name (typed evidence)
        if isinstance(name, str) and _norm_phrase(name) in subjects:
            return name
        span = finding.span
        if span is None or not self.phrases:
            return None
        text = texts.get(span.field, "")
        for phrase in self.phrases:
            pattern = r"\s+".join(re.escape(word) for word in phrase.split())
            for match in re.finditer(pattern, text, flags=re.IGNORECASE):
                covers = match.start() <= span.start and span.end <= match.end()
                if covers and (match.start(), match.end()) != (span.start, span.end):
                    return phrase
        return None


@dataclass(frozen=True, slots=True)
class AdultContent:
    """Whether adult content (sexual content without a real person) is on, per user tier."""

    default: bool = False
    tiers: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))

    def enabled(self, tier: str | None, requested: bool | None) -> bool:
        if requested is not None:
            return requested
        if tier is not None and tier in self.tiers:
            return self.tiers[tier]
        return self.default


@dataclass(frozen=True, slots=True)
class Policy:
    version: str
    signals: Mapping[str, Signal]
    rules: tuple[Rule, ...]
    adult_content: AdultContent = AdultContent()
    thresholds: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    allow_list: AllowList = AllowList()
    allow_message: str = ""
    source: str = "<policy>"

    def counts(self, signal: Signal, finding: Finding) -> bool:
        """Whether ``finding`` counts for ``signal``: its kind, its score and its role."""
        return (
            signal.matches_kind(finding.kind)
            and finding.score >= self.threshold(signal, finding.kind)
            and signal.matches_role(finding)
            and signal.matches_source(finding)
        )

    def threshold(self, signal: Signal, kind: str) -> float:
        """The score a finding of ``kind`` needs to count for ``signal``."""
        if kind in self.thresholds:
            return self.thresholds[kind]
        for pattern, value in self.thresholds.items():
            if _matches_any(kind, (pattern,)):
                return value
        return signal.min_score

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
