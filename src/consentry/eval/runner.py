"""Run Consentry (a Guard) and the peers over a dataset, one example at a time, timing each call."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from consentry.content import CheckRequest, ImageInput
from consentry.detectors.base import Detector
from consentry.detectors.registry import DetectorSpec, bundled_detector_specs
from consentry.errors import InputError, MissingExtraError
from consentry.eval.dataset import Dataset, Example
from consentry.eval.metrics import Outcome, SystemResult
from consentry.eval.peers import Peer
from consentry.guard import Guard
from consentry.policy import load_policy
from consentry.types import Decision, Finding

Progress = Callable[[int, int], None]


def guard_for(dataset: Dataset, policy: str | Path | None = None) -> Guard:
    """The bundled detectors whose extras are installed, as ``Guard.default``, with an empty gallery.

    When no example carries an image, the image detectors are left out: they would never apply,
    and loading their models takes seconds.
    """
    has_images = any(e.input_images or e.output_images for e in dataset.examples)
    detectors: list[Detector] = []
    unavailable: list[tuple[DetectorSpec, str]] = []
    for spec in bundled_detector_specs():
        if spec.needs == "images" and not has_images:
            continue
        try:
            detectors.append(spec.load_class()())
        except MissingExtraError as exc:
            unavailable.append((spec, str(exc)))
    return Guard(detectors, load_policy(policy) if policy is not None else None, unavailable=unavailable)


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
    return run_guard_settings(guard, dataset, adults=(adult,), name=name, progress=progress)[adult]


def run_guard_settings(
    guard: Guard,
    dataset: Dataset,
    *,
    adults: Sequence[bool] = (False, True),
    name: str = "consentry",
    progress: Progress | None = None,
) -> dict[bool, SystemResult]:
    """Detect once per example, then decide under each adult-content setting (the policy alone differs).

    Detectors report what they see whatever the adult setting (the policy decides), so one detection
    pass serves every setting. Each outcome's time is the detection time plus that setting's decision.
    """
    guard.load()
    outcomes: dict[bool, list[Outcome]] = {adult: [] for adult in adults}
    total = len(dataset.examples)
    for index, example in enumerate(dataset.examples):
        try:
            requests = {adult: _request(example, adult) for adult in adults}
        except InputError as exc:
            for adult in adults:
                outcomes[adult].append(
                    Outcome(example, "allow", 0.0, expected=example.expectation(adult), error=f"bad example: {exc}")
                )
            continue
        started, cpu_started = time.perf_counter(), time.process_time()
        findings = guard.detect(requests[adults[0]])
        detect_ms = (time.perf_counter() - started) * 1000.0
        detect_cpu_ms = (time.process_time() - cpu_started) * 1000.0
        errors = [f for f in findings if f.family == "error"]
        described = tuple(describe_finding(f, example.prompt, example.negative_prompt) for f in findings)
        for adult, request in requests.items():
            started, cpu_started = time.perf_counter(), time.process_time()
            decision: Decision = guard.decide(request, findings)
            elapsed = detect_ms + (time.perf_counter() - started) * 1000.0
            cpu = detect_cpu_ms + (time.process_time() - cpu_started) * 1000.0
            outcomes[adult].append(
                Outcome(
                    example,
                    decision.verdict,
                    elapsed,
                    expected=example.expectation(adult),
                    rule_ids=decision.rule_ids,
                    findings=described,
                    explanation=decision.explanation,
                    error=str(errors[0].evidence.get("error")) if errors else None,
                    cpu_ms=cpu,
                )
            )
        if progress is not None:
            progress(index + 1, total)
    description = f"Consentry (policy {guard.policy.version})"
    return {
        adult: SystemResult(name, description, tuple(rows), adult, versions=guard.detector_versions)
        for adult, rows in outcomes.items()
    }


def run_peer(peer: Peer, dataset: Dataset, *, adult: bool, progress: Progress | None = None) -> SystemResult:
    """A loaded peer on every example: flagged means deny. Peers have no adult-content setting."""
    outcomes: list[Outcome] = []
    total = len(dataset.examples)
    for index, example in enumerate(dataset.examples):
        started, cpu_started = time.perf_counter(), time.process_time()
        verdict = peer.judge(example.prompt, example.negative_prompt)
        elapsed = (time.perf_counter() - started) * 1000.0
        cpu = (time.process_time() - cpu_started) * 1000.0
        outcomes.append(
            Outcome(
                example,
                "deny" if verdict.flagged else "allow",
                elapsed,
                expected=example.expectation(adult),
                findings=(verdict.reason,) if verdict.reason else (),
                score=verdict.score,
                cpu_ms=cpu,
            )
        )
        if progress is not None:
            progress(index + 1, total)
    return SystemResult(peer.name, peer.description, tuple(outcomes), adult)
