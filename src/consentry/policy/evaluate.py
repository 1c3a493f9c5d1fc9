"""Evaluate a policy over findings. Pure: no models, no I/O; tested with hand-made findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from consentry.policy.model import AllowList, Policy, Signal
from consentry.types import SEVERITY, Decision, Finding, Verdict, role_of


@dataclass(frozen=True, slots=True)
class SignalState:
    name: str
    on: bool
    via_error: bool  # raised only by a detector error (fail closed)
    findings: tuple[Finding, ...]
    other_roles: tuple[Finding, ...] = ()  # of the signal's kinds and score, but in a role it does not count


def _signal_state(policy: Policy, signal: Signal, findings: Sequence[Finding]) -> SignalState:
    if not findings:
        return SignalState(signal.name, False, False, ())
    candidates = [
        f
        for f in findings
        if signal.matches_kind(f.kind) and f.score >= policy.threshold(signal, f.kind) and signal.matches_source(f)
    ]
    hits = tuple(f for f in candidates if signal.matches_role(f))
    other_roles = tuple(f for f in candidates if not signal.matches_role(f))
    errors = tuple(f for f in findings if f.kind in signal.errors)
    return SignalState(signal.name, bool(hits or errors), not hits and bool(errors), hits + errors, other_roles)


def evaluate(
    policy: Policy,
    findings: Sequence[Finding],
    *,
    texts: Mapping[str, str] | None = None,
    adult_content: bool | None = None,
    tier: str | None = None,
    allow_list: AllowList | None = None,
) -> Decision:
    """Map findings to a Decision: the most severe matching rule wins.

    ``texts`` (prompt and negative prompt) lets phrase allow-list entries match; ``allow_list``
    adds run-time entries (e.g. from the moderator dashboard) to the policy's own.
    """
    texts = texts or {}
    allow = policy.allow_list.merged(allow_list) if allow_list else policy.allow_list
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    explanation: list[str] = []
    for finding in findings:
        entry = allow.suppresses(finding, texts) if allow else None
        if entry is not None and not finding.kind.startswith("error."):
            suppressed.append(finding)
            explanation.append(f"allow-list entry {entry!r} suppresses {finding.kind} ({finding.reason})")
        else:
            kept.append(finding)

    adult = policy.adult_content.enabled(tier, adult_content)
    states = {name: _signal_state(policy, signal, kept) for name, signal in policy.signals.items()}
    for state in states.values():
        if state.on:
            kinds = ", ".join(sorted({f.kind for f in state.findings}))
            suffix = " (detector error: failing closed)" if state.via_error else ""
            explanation.append(f"signal {state.name}: on from {kinds}{suffix}")
        # a person taken out of a signal by a role other than the subject's (e.g. a style)
        left_out = sorted({f"{f.kind} (role {role_of(f)})" for f in state.other_roles if role_of(f) != "subject"})
        if left_out:
            explanation.append(f"signal {state.name}: not counted, role not listed: {', '.join(left_out)}")

    matched = []
    for rule in policy.rules:
        if rule.adult_content is not None and rule.adult_content != adult:
            continue
        if rule.tiers and tier not in rule.tiers:
            continue
        if not all(states[name].on for name in rule.when):
            continue
        if any(states[name].on for name in rule.unless):
            continue
        matched.append(rule)

    used: dict[int, Finding] = {}
    if not matched:
        verdict: Verdict = "allow"
        message = policy.allow_message
        report = False
        explanation.append("no rule matched: allow")
    else:
        matched.sort(key=lambda r: -SEVERITY[r.verdict])  # stable: file order within a verdict
        top = matched[0]
        verdict = top.verdict
        message = top.message
        report = False
        for rule in matched:
            via_error = any(states[name].via_error for name in rule.when)
            if rule.report and not via_error and rule.verdict == "deny":
                report = True
            for name in rule.when:
                for f in states[name].findings:
                    used[id(f)] = f
            condition = " + ".join(rule.when)
            note = " (fail closed on a detector error)" if via_error else ""
            explanation.append(f"rule {rule.id} (line {rule.line}): {condition} -> {rule.verdict}{note}")
    adult_note = "on" if adult else "off"
    explanation.append(f"adult content {adult_note} for tier {tier or 'default'}")
    ordered = [f for f in kept if id(f) in used] + [f for f in kept if id(f) not in used]
    return Decision(
        verdict=verdict,
        message=message,
        rule_ids=tuple(rule.id for rule in matched),
        policy_version=policy.version,
        findings=tuple(ordered),
        explanation=tuple(explanation),
        report=report,
        suppressed=tuple(suppressed),
    )
