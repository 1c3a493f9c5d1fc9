"""Which detectors a policy can still need, given the findings so far (the guard's lazy detection).

Every rule of a policy needs all the signals of its ``when`` and none of its ``unless``. Before a
detector runs, the guard knows some findings for sure (``final``: made by detectors whose answer
will not change) and, for the rest, only which kinds may still come and how high their scores may
go (``possible``: the kinds of the detectors not yet run, at any score; the kinds of a detector
that ran without the findings it reads, at the upper bound its triage gives). A signal is then

- **on** when a final finding counts for it (by kind, score, role and source, after the
  allow-list), not only by a detector error;
- **off** when no final finding counts and no possible kind could reach its threshold, nor a
  possible error kind raise it;
- **open** otherwise.

A rule is decided when its tier and adult-content conditions leave it out, one of its ``when``
signals is off or one of its ``unless`` signals is on (it cannot match), or when all its ``when``
signals are on and all its ``unless`` signals off (it matches). When every rule is decided, the
verdict, the rules and the report flag are those of a full run whatever the detectors not yet
run would find: they can be skipped. Roles and sources of possible findings are not known, so a
possible kind counts for every role and source (it can only keep a rule open).

``gated`` answers the other question the guard asks, before any check: whether a detector may
wait. It may when every rule its findings can touch also needs, in its ``when``, a signal that
it cannot raise and that a detector running first can (the sexual signal for the person stages).
A detector whose findings can match a rule alone (``lead_kinds``) never waits: a policy with a
rule ``when: [real_person]`` runs the person detectors on every request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from consentry.policy.model import AllowList, Policy, Rule, Signal
from consentry.types import Finding

State = Literal["on", "off", "open"]


@dataclass(frozen=True, slots=True)
class Outlook:
    """What is known before the next detector runs.

    ``final``: findings that will not change. ``possible``: kind -> the highest score a finding of
    that kind may still have (1.0: unknown). ``possible_errors``: error kinds that may still be
    made (a detector not yet run may fail).
    """

    final: Sequence[Finding]
    possible: Mapping[str, float]
    possible_errors: frozenset[str] = frozenset()


SignalIndex = Mapping[str, tuple[tuple[str, float], ...]]


def signal_index(policy: Policy, kinds: Iterable[str]) -> dict[str, tuple[tuple[str, float], ...]]:
    """For each of ``kinds``: the signals it can count for, each with the score it needs there
    (made once per policy and set of detectors; ``open_rules`` reads it)."""
    return {
        kind: tuple(
            (name, policy.threshold(signal, kind))
            for name, signal in policy.signals.items()
            if signal.matches_kind(kind)
        )
        for kind in kinds
    }


def _reachable(policy: Policy, outlook: Outlook, index: SignalIndex | None) -> set[str]:
    """The signals a possible finding could raise, at the highest score it may have."""
    reachable: set[str] = set()
    for kind, score in outlook.possible.items():
        entries = index.get(kind) if index is not None else None
        if entries is None:
            entries = signal_index(policy, (kind,))[kind]
        reachable.update(name for name, threshold in entries if score >= threshold)
    return reachable


def signal_state(
    policy: Policy, signal: Signal, outlook: Outlook, kept: Sequence[Finding], reachable: set[str] | None = None
) -> State:
    """``on``, ``off`` or ``open`` (see the module's docstring); ``kept``: the final findings the
    allow-list leaves; ``reachable``: the signals possible findings could raise (made here when
    not given)."""
    by_error = False
    for finding in kept:
        if finding.kind in signal.errors:
            by_error = True
        elif policy.counts(signal, finding):
            return "on"
    if reachable is None:
        reachable = _reachable(policy, outlook, None)
    could = signal.name in reachable
    if by_error:
        # on by a detector error alone: a finding still to come would change how (the report flag)
        return "open" if could else "on"
    if could or any(kind in signal.errors for kind in outlook.possible_errors):
        return "open"
    return "off"


def applicable_rules(policy: Policy, adult: bool, tier: str | None) -> tuple[Rule, ...]:
    """The rules whose adult-content and tier conditions hold for this request."""
    return tuple(
        rule
        for rule in policy.rules
        if (rule.adult_content is None or rule.adult_content == adult) and (not rule.tiers or tier in rule.tiers)
    )


def open_rules(
    policy: Policy,
    outlook: Outlook,
    *,
    adult: bool,
    tier: str | None,
    texts: Mapping[str, str] | None = None,
    allow_list: AllowList | None = None,
    index: SignalIndex | None = None,
) -> list[Rule]:
    """The rules whose match the findings still to come could change (empty: nothing can).

    ``index``: ``signal_index`` of the possible kinds, when the caller keeps one."""
    texts = texts or {}
    allow = policy.allow_list.merged(allow_list) if allow_list else policy.allow_list
    kept = [f for f in outlook.final if not allow or f.kind.startswith("error.") or allow.suppresses(f, texts) is None]
    states: dict[str, State] = {}
    reachable = _reachable(policy, outlook, index)

    def state(name: str) -> State:
        if name not in states:
            states[name] = signal_state(policy, policy.signals[name], outlook, kept, reachable)
        return states[name]

    undecided: list[Rule] = []
    for rule in applicable_rules(policy, adult, tier):
        when = [state(name) for name in rule.when]
        if "off" in when:
            continue
        unless = [state(name) for name in rule.unless]
        if "on" in unless:
            continue
        if "open" in when or "open" in unless:
            undecided.append(rule)
    return undecided


def signals_raised_by(policy: Policy, kinds: Iterable[str], errors: Iterable[str] = ()) -> frozenset[str]:
    """The names of the signals that findings of ``kinds`` (at some score) or ``errors`` can raise."""
    kinds = tuple(kinds)
    errors = frozenset(errors)
    return frozenset(
        name
        for name, signal in policy.signals.items()
        if any(signal.matches_kind(kind) for kind in kinds) or errors & frozenset(signal.errors)
    )


def lead_kinds(
    policy: Policy, kinds: Iterable[str], errors: Iterable[str] = (), *, adult: bool, tier: str | None
) -> tuple[Rule, ...]:
    """The applicable rules that findings of ``kinds`` (or ``errors``) can match alone: every
    signal of their ``when`` can be raised by them. A detector with such a rule runs up front."""
    raised = signals_raised_by(policy, kinds, errors)
    return tuple(rule for rule in applicable_rules(policy, adult, tier) if set(rule.when) <= raised)


def gated(
    policy: Policy,
    kinds: Iterable[str],
    errors: Iterable[str],
    first: frozenset[str],
    *,
    adult: bool,
    tier: str | None,
) -> bool:
    """Whether every applicable rule that findings of ``kinds`` (or ``errors``) can touch also
    needs a signal they cannot raise and that one of the signals ``first`` (raised by the
    detectors that run first) is; rules no detector can match do not count."""
    own = signals_raised_by(policy, kinds, errors)
    for rule in applicable_rules(policy, adult, tier):
        if not own & (set(rule.when) | set(rule.unless)):
            continue
        if not any(name not in own and name in first for name in rule.when):
            return False
    return True
