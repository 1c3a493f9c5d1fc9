"""What the store hands back: frozen records, no database objects leak out of the store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

Scope: TypeAlias = Literal["check", "review", "admin"]
# check: the site's checks; review: removal requests (read, accept, reject); admin: everything
SCOPES: tuple[Scope, ...] = ("check", "review", "admin")
PromptLogging: TypeAlias = Literal["hash", "flagged", "all"]
PROMPT_LOGGING: tuple[PromptLogging, ...] = ("hash", "flagged", "all")


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One logged decision. ``prompt`` is None when only its hash was kept."""

    id: str
    created_at: float
    verdict: str
    rule_ids: tuple[str, ...]
    policy_version: str
    detector_versions: tuple[str, ...]
    findings: tuple[dict[str, Any], ...]
    report: bool = False
    message: str = ""
    request_id: str | None = None
    source: str = "api"
    item_ref: str | None = None
    user_id: str | None = None
    tier: str | None = None
    api_key_id: str | None = None
    prompt_sha256: str | None = None
    prompt: str | None = None
    negative_prompt: str | None = None
    images: tuple[dict[str, Any], ...] = ()
    elapsed_ms: float = 0.0
    review_status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at,
            "request_id": self.request_id,
            "source": self.source,
            "item_ref": self.item_ref,
            "user_id": self.user_id,
            "tier": self.tier,
            "api_key_id": self.api_key_id,
            "verdict": self.verdict,
            "message": self.message,
            "rule_ids": list(self.rule_ids),
            "policy_version": self.policy_version,
            "detector_versions": list(self.detector_versions),
            "findings": list(self.findings),
            "report": self.report,
            "prompt_sha256": self.prompt_sha256,
            "prompt": self.prompt,
            "negative_prompt": self.negative_prompt,
            "images": list(self.images),
            "elapsed_ms": self.elapsed_ms,
            "review_status": self.review_status,
        }


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key as stored (the secret itself is shown once, at creation, and never kept)."""

    id: str
    scope: Scope
    name: str = ""
    created_at: float = 0.0
    revoked_at: float | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: Scope) -> bool:
        """``admin`` keys may do everything; ``check`` keys only check; ``review`` keys only
        handle removal requests."""
        return self.active and self.scope in ("admin", scope)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scope": self.scope,
            "name": self.name,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
        }


@dataclass(frozen=True, slots=True)
class UserRecord:
    user_id: str
    denied_count: int = 0
    last_denied_at: float | None = None
    flagged: bool = False
    flagged_at: float | None = None
    flagged_by: str | None = None
    flag_note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "denied_count": self.denied_count,
            "last_denied_at": self.last_denied_at,
            "flagged": self.flagged,
            "flagged_at": self.flagged_at,
            "flagged_by": self.flagged_by,
            "flag_note": self.flag_note,
        }


@dataclass(frozen=True, slots=True)
class AllowEntry:
    id: int
    kind: Literal["phrase", "subject"]
    value: str
    created_at: float
    created_by: str = ""
    reason: str = ""
    decision_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "value": self.value,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "reason": self.reason,
            "decision_id": self.decision_id,
        }


@dataclass(frozen=True, slots=True)
class ReviewAction:
    id: int
    created_at: float
    actor: str
    action: str
    decision_id: str | None = None
    user_id: str | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at,
            "actor": self.actor,
            "action": self.action,
            "decision_id": self.decision_id,
            "user_id": self.user_id,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class DecisionQuery:
    """A search of the decision log; every field narrows it. Newest first."""

    user_id: str | None = None
    verdict: str | None = None
    verdicts: tuple[str, ...] = ()
    rule_id: str | None = None
    since: float | None = None
    until: float | None = None
    source: str | None = None
    review_status: str | None = None
    unreviewed: bool = False
    limit: int = 100
    offset: int = 0
