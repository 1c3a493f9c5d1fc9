"""Run Consentry (a Guard) and the peers over a dataset, one example at a time, timing each call."""

from __future__ import annotations

import time
from collections.abc import Callable

from consentry.content import CheckRequest, ImageInput
from consentry.errors import InputError
from consentry.eval.dataset import Dataset, Example
from consentry.eval.metrics import Outcome, SystemResult
from consentry.eval.peers import Peer
from consentry.guard import Guard
from consentry.types import Decision, Finding

Progress = Callable[[int, int], None]


def _request(example: Example, adult: bool) -> CheckRequest:
    inputs = [ImageInput.from_path(p, role="img2img") for p in example.input_images]
    outputs = [ImageInput.from_path(p, role="output") for p in example.output_images]
    return CheckRequest(
        example.prompt,
        example.negative_prompt,
        input_images=inputs,
        output_images=outputs,
        adult_content=adult,
        request_id=example.id,
    )


def describe_finding(finding: Finding, prompt: str, negative: str) -> str:
    """``kind score -> subject 'matched text' [reason; detector]`` for the misses list."""
    text = ""
    if finding.span is not None:
        source = prompt if finding.span.field == "prompt" else negative
        where = "" if finding.span.field == "prompt" else " in negative"
        text = f" {finding.span.text(source)!r}{where}"
    subject = f" -> {finding.subject}" if finding.subject else ""
    return f"{finding.kind} {finding.score:.2f}{subject}{text} [{finding.reason}; {finding.detector}]"


def run_guard(
    guard: Guard, dataset: Dataset, *, adult: bool, name: str = "consentry", progress: Progress | None = None
) -> SystemResult:
    """``guard.check`` on every example (models loaded first, outside the timings)."""
    guard.load()
    outcomes: list[Outcome] = []
    total = len(dataset.examples)
    for index, example in enumerate(dataset.examples):
        expected = example.expectation(adult)
        try:
            request = _request(example, adult)
        except InputError as exc:
            outcomes.append(Outcome(example, "allow", 0.0, expected=expected, error=f"bad example: {exc}"))
            continue
        started = time.perf_counter()
        decision: Decision = guard.check(request)
        elapsed = (time.perf_counter() - started) * 1000.0
        errors = [f for f in decision.findings if f.family == "error"]
        outcomes.append(
            Outcome(
                example,
                decision.verdict,
                elapsed,
                expected=expected,
                rule_ids=decision.rule_ids,
                findings=tuple(describe_finding(f, request.prompt, request.negative_prompt) for f in decision.findings),
                explanation=decision.explanation,
                error=str(errors[0].evidence.get("error")) if errors else None,
            )
        )
        if progress is not None:
            progress(index + 1, total)
    return SystemResult(
        name,
        f"Consentry (policy {guard.policy.version})",
        tuple(outcomes),
        adult,
        versions=guard.detector_versions,
    )


def run_peer(peer: Peer, dataset: Dataset, *, adult: bool, progress: Progress | None = None) -> SystemResult:
    """A loaded peer on every example: flagged means deny. Peers have no adult-content setting."""
    outcomes: list[Outcome] = []
    total = len(dataset.examples)
    for index, example in enumerate(dataset.examples):
        started = time.perf_counter()
        verdict = peer.judge(example.prompt, example.negative_prompt)
        elapsed = (time.perf_counter() - started) * 1000.0
        outcomes.append(
            Outcome(
                example,
                "deny" if verdict.flagged else "allow",
                elapsed,
                expected=example.expectation(adult),
                findings=(verdict.reason,) if verdict.reason else (),
                score=verdict.score,
            )
        )
        if progress is not None:
            progress(index + 1, total)
    return SystemResult(peer.name, peer.description, tuple(outcomes), adult)
