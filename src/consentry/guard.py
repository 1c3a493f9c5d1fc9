"""``Guard.check(request) -> Decision``: the one pipeline the CLI, the service and the scanner call."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from consentry.content import CheckRequest
from consentry.detectors.base import ALL_FAMILIES, Context, Detector, UsesGallery, detector_id, reads_family, reads_of
from consentry.detectors.registry import DetectorSpec, bundled_detector_specs
from consentry.errors import ConsentryError, MissingExtraError
from consentry.gallery.store import GalleryStore, MemoryGalleryStore
from consentry.policy import AllowList, Policy, default_policy, evaluate, load_policy
from consentry.policy.outlook import Outlook, SignalIndex, gated, open_rules, signal_index, signals_raised_by
from consentry.types import Decision, Finding

log = logging.getLogger("consentry")
_IMAGE_DOMAINS = frozenset({"nudity", "face", "hash"})


class Guard:
    """Runs the detectors that apply (each once), then the policy.

    ``check`` runs a detector only when a rule of the policy could still need its findings
    (``consentry.policy.outlook``): the person stages, which every rule of the default policy
    needs together with a sexual, suggestive, minor or image signal, are skipped where none of
    those can be on. The sexual and minor detectors read the people found; where the people
    stages may be skipped they first run without them, and ``consentry.text.triage`` bounds how
    far the people could raise their scores. The decision (verdict, rules, message, report) is
    the one a run of every detector gives; its explanation names the detectors skipped, and its
    ``detector_versions`` mark them (``name@version:skipped``). ``detect`` and
    ``check(every_detector=True)`` run every detector that applies: findings kept to be decided
    again later, under another policy or adult setting, come from ``detect``.

    Construction does no I/O; ``load()`` loads every detector's models once (``check`` calls it
    on first use). A Guard is safe to share between threads: detectors are read-only after
    ``load()``, and the policy and the run-time allow-list are replaced atomically.
    """

    def __init__(
        self,
        detectors: Sequence[Detector],
        policy: Policy | None = None,
        *,
        gallery: GalleryStore | None = None,
        unavailable: Sequence[tuple[DetectorSpec, str]] = (),
    ) -> None:
        self.detectors: tuple[Detector, ...] = tuple(detectors)
        self.policy: Policy = policy if policy is not None else default_policy()
        self.gallery: GalleryStore = gallery if gallery is not None else MemoryGalleryStore()
        for detector in self.detectors:
            if isinstance(detector, UsesGallery):
                detector.use_gallery(self.gallery)
        self.unavailable = tuple(unavailable)
        self.allow_list = AllowList()
        self._loaded = False
        self._lock = threading.Lock()
        self._versions: tuple[tuple[Detector, ...] | None, tuple[str, ...]] = (None, ())
        self._plans: dict[tuple[int, int, bool, str | None], _Plan] = {}

    @classmethod
    def default(cls, policy: Policy | str | Path | None = None, gallery: GalleryStore | None = None) -> Guard:
        """The bundled detectors whose extras are installed, and the default (or given) policy.

        ``gallery`` is where protected identities and hash lists are kept (default: an empty
        in-memory store).
        """
        detectors: list[Detector] = []
        unavailable: list[tuple[DetectorSpec, str]] = []
        for spec in bundled_detector_specs():
            try:
                detectors.append(spec.load_class()())
            except MissingExtraError as exc:
                unavailable.append((spec, str(exc)))
        if isinstance(policy, str | Path):
            policy = load_policy(policy)
        return cls(detectors, policy, gallery=gallery, unavailable=unavailable)

    def load(self) -> Guard:
        """Load every detector's models and indexes, once.

        A detector whose optional extra turns out to be missing while loading (its heavy
        modules are imported lazily) is set aside as unavailable: the rest of the guard works,
        and a request that needs it fails closed for its domain.
        """
        with self._lock:
            if not self._loaded:
                ready: list[Detector] = []
                unavailable = list(self.unavailable)
                for detector in self.detectors:
                    try:
                        detector.load()
                    except MissingExtraError as exc:
                        log.info("detector %s unavailable: %s", detector_id(detector), exc)
                        unavailable.append((_spec_of(detector), str(exc)))
                        continue
                    except Exception as exc:  # a model that cannot load: fail closed, do not crash
                        log.exception("detector %s failed to load", detector_id(detector))
                        spec = replace(_spec_of(detector), needs="always")
                        unavailable.append((spec, f"failed to load: {type(exc).__name__}: {exc}"))
                        continue
                    ready.append(detector)
                self.detectors = tuple(ready)
                self.unavailable = tuple(unavailable)
                self._loaded = True
        return self

    def refresh_galleries(self) -> None:
        """Re-read the gallery store into the detectors' indexes (hot reload, no restart)."""
        for detector in self.detectors:
            if isinstance(detector, UsesGallery):
                detector.refresh()

    def detector(self, name: str) -> Detector:
        for detector in self.detectors:
            if detector.name == name:
                return detector
        raise KeyError(f"no detector named {name!r} (have: {', '.join(d.name for d in self.detectors)})")

    @property
    def detector_versions(self) -> tuple[str, ...]:
        detectors = self.detectors
        if self._versions[0] is not detectors:  # made again only when the detectors change
            self._versions = (detectors, tuple(detector_id(d) for d in detectors))
        return self._versions[1]

    def allow(self, phrases: Iterable[str] = (), subjects: Iterable[str] = ()) -> None:
        """Add run-time allow-list entries (reviewed false positives) without touching the file.

        Run-time subjects never cover a person finding (see ``AllowList``): a person is allowed
        in context, by a phrase, or everywhere only by the policy file.
        """
        self.allow_list = self.allow_list.merged(AllowList.of(phrases, other_subjects=subjects))

    def detect(self, request: CheckRequest, *, observe: Callable[[Context], object] | None = None) -> list[Finding]:
        """Run the detectors that apply and return their findings (errors become findings).
        ``observe`` is handed the check's context at the end (what the detectors decoded and
        hashed, in ``context.memo``), for work that reuses it."""
        if not self._loaded:
            self.load()
        context = Context(request, self.policy)
        for detector in self.detectors:
            context.findings.extend(_run(detector, context))
        context.findings.extend(self._unavailable_findings(request))
        if observe is not None:
            observe(context)
        return context.findings

    def _unavailable_findings(self, request: CheckRequest) -> list[Finding]:
        has_images = bool(request.input_images or request.output_images)
        return [
            _error_finding(spec.domain, f"{spec.domain}@unavailable", why)
            for spec, why in self.unavailable
            if spec.needs == "always" or (spec.needs == "images" and has_images)
        ]

    def check(
        self,
        request: CheckRequest,
        *,
        observe: Callable[[Context], object] | None = None,
        every_detector: bool = False,
    ) -> Decision:
        """Detect, then evaluate the policy: the one pipeline (``observe``: see ``detect``).

        A detector runs only when a rule of the policy could need its findings (see the class);
        ``every_detector`` runs every detector that applies, as ``detect`` does.
        """
        started = time.perf_counter()
        if every_detector:
            findings = self.detect(request, observe=observe)
            skipped: list[Detector] = []
        else:
            findings, skipped = self._detect_lazily(request, observe)
        return self.decide(request, findings, elapsed_ms=(time.perf_counter() - started) * 1000.0, skipped=skipped)

    def _plan(self, adult: bool, tier: str | None) -> _Plan:
        """Which detectors this request may skip, and which run first without what they read."""
        policy, detectors = self.policy, self.detectors
        key = (id(policy), id(detectors), adult, tier)
        plan = self._plans.get(key)
        if plan is None or plan.policy is not policy or plan.detectors is not detectors:
            plan = _make_plan(policy, detectors, adult, tier)
            if len(self._plans) > 64:
                self._plans.clear()
            self._plans[key] = plan
        return plan

    def _detect_lazily(
        self, request: CheckRequest, observe: Callable[[Context], object] | None
    ) -> tuple[list[Finding], list[Detector]]:
        """The findings of the detectors some rule could need, and the detectors skipped.

        First every detector that is not deferred runs (a reader of a deferred detector's findings
        without them, and its triage bounds what it could find with them). Then, in the order of a
        full run, each deferred detector runs unless no rule can still need it or any detector
        after it; a detector that ran first is run again where what it reads has changed.
        """
        if not self._loaded:
            self.load()
        policy = self.policy
        tier = request.user.tier
        adult = policy.adult_content.enabled(tier, request.user.adult_content)
        plan = self._plan(adult, tier)
        if not plan.deferred:
            return self.detect(request, observe=observe), []
        from consentry.text import triage

        detectors = plan.detectors
        context = Context(request, policy)
        if any(triage.likely_needs_people(plan.inner[i], context) for i in plan.triaged):
            # a plainly sexual prompt: the people will be needed; every detector in order
            for detector in detectors:
                context.findings.extend(_run(detector, context))
            context.findings.extend(self._unavailable_findings(request))
            if observe is not None:
                observe(context)
            return context.findings, []
        outputs: dict[int, list[Finding]] = {}
        seen: dict[int, list[Finding]] = {}
        bounds: dict[int, dict[str, float]] = {}
        for i, detector in enumerate(detectors):
            if i in plan.deferred:
                continue
            seen[i] = _visible(context.findings, plan.reads[i])
            found = _run(detector, context)
            outputs[i] = found
            context.findings.extend(found)
            if i in plan.triaged:
                bound = None
                if not any(f.kind.startswith("error.") for f in found):
                    bound = triage.bound(plan.inner[i], context, found)
                bounds[i] = bound if bound is not None else dict.fromkeys(detector.kinds, 1.0)
        unavailable = self._unavailable_findings(request)
        has_images = bool(request.input_images or request.output_images)
        texts = {"prompt": request.prompt, "negative_prompt": request.negative_prompt}
        findings: list[Finding] = []
        context.findings = findings
        skipped: list[Detector] = []
        stopped = False
        for i, detector in enumerate(detectors):
            if i in plan.deferred:
                if not stopped:
                    outlook = _outlook(plan, i, findings, outputs, bounds, unavailable, has_images)
                    stopped = not open_rules(
                        policy,
                        outlook,
                        adult=adult,
                        tier=tier,
                        texts=texts,
                        allow_list=self.allow_list,
                        index=plan.signals,
                    )
                if stopped:
                    if (has_images or i not in plan.image_only) and _would_apply(detector, context):
                        skipped.append(detector)
                    continue
                findings.extend(_run(detector, context))
            else:
                found = outputs[i]
                if i in seen and _visible(findings, plan.reads[i]) != seen[i]:
                    found = _run(detector, context)
                findings.extend(found)
        findings.extend(unavailable)
        if observe is not None:
            observe(context)
        return findings, skipped

    def decide(
        self,
        request: CheckRequest,
        findings: Sequence[Finding],
        *,
        elapsed_ms: float = 0.0,
        skipped: Sequence[Detector] = (),
    ) -> Decision:
        """Evaluate the policy on findings already made (a re-scan after a policy change uses this).

        ``skipped``: detectors ``check`` did not run, named in the explanation and marked in
        ``detector_versions`` (``name@version:skipped``)."""
        decision = evaluate(
            self.policy,
            findings,
            texts={"prompt": request.prompt, "negative_prompt": request.negative_prompt},
            adult_content=request.user.adult_content,
            tier=request.user.tier,
            allow_list=self.allow_list,
        )
        if not skipped:
            return _with(decision, self.detector_versions, elapsed_ms)
        names = [detector_id(d) for d in skipped]
        versions = tuple(f"{v}:skipped" if v in names else v for v in self.detector_versions)
        note = f"skipped {', '.join(names)}: no rule of the policy could need their findings"
        explanation = (*decision.explanation, note)
        return replace(decision, detector_versions=versions, elapsed_ms=elapsed_ms, explanation=explanation)


@dataclass(frozen=True, slots=True)
class _Plan:
    """For one policy, set of detectors, adult setting and tier: ``deferred``, the detectors
    run only when a rule can need them (no rule matches on their findings alone); ``triaged``,
    those that run before a deferred detector whose findings they read, and whose triage bounds
    what they could find with them; ``reads``, what each detector reads."""

    policy: Policy
    detectors: tuple[Detector, ...]
    deferred: frozenset[int]
    triaged: frozenset[int]
    reads: tuple[tuple[str, ...], ...]
    image_only: frozenset[int]  # bundled detectors that apply only to a request with images
    inner: tuple[Detector, ...]  # the detectors that wrappers (time limits) run
    signals: SignalIndex  # the signals each kind counts for, at what score


def _make_plan(policy: Policy, detectors: tuple[Detector, ...], adult: bool, tier: str | None) -> _Plan:
    from consentry.text import triage

    inner = [_unwrapped(d) for d in detectors]
    reads = tuple(reads_of(d, _registry_reads(d)) for d in inner)
    families = [{kind.split(".", 1)[0] for kind in d.kinds} for d in detectors]
    # In order, a detector waits (is deferred) when every rule it can touch also needs a signal
    # that a detector running first can raise; one that does not say what it reads never waits.
    raised = [signals_raised_by(policy, d.kinds, [f"error.{d.domain}"]) for d in detectors]
    deferred: set[int] = set()
    for i, d in enumerate(detectors):
        if not _declares_reads(inner[i]):
            continue
        first = frozenset().union(*(raised[j] for j in range(len(detectors)) if j != i and j not in deferred))
        if gated(policy, d.kinds, [f"error.{d.domain}"], first, adult=adult, tier=tier):
            deferred.add(i)

    def read_by(j: int, i: int) -> bool:
        return any(reads_family(reads[j], family) for family in families[i]) or "*" in reads[j]

    while True:
        triaged = {
            j for j in range(len(detectors)) if j not in deferred and any(read_by(j, i) for i in deferred if i < j)
        }
        # a detector that runs first and reads what is not final there must be one the triage
        # bounds, reading deferred detectors only; otherwise nothing before it is deferred
        blocked = next(
            (
                j
                for j in range(len(detectors))
                if j not in deferred
                and any(read_by(j, i) for i in deferred | triaged if i < j)
                and not (
                    j in triaged and triage.can_triage(inner[j]) and not any(read_by(j, i) for i in triaged if i < j)
                )
            ),
            None,
        )
        if blocked is None:
            break
        deferred -= set(range(blocked))
    image_only = frozenset(i for i, d in enumerate(inner) if (spec := _bundled_spec(d)) and spec.needs == "images")
    signals = signal_index(policy, {kind for d in detectors for kind in d.kinds})
    return _Plan(policy, detectors, frozenset(deferred), frozenset(triaged), reads, image_only, tuple(inner), signals)


def _outlook(
    plan: _Plan,
    at: int,
    findings: Sequence[Finding],
    outputs: dict[int, list[Finding]],
    bounds: dict[int, dict[str, float]],
    unavailable: Sequence[Finding],
    has_images: bool,
) -> Outlook:
    """What is known before the deferred detector ``at``: the findings so far and those of later
    detectors that will not change, and what the rest could still find."""
    final = [*findings]
    possible: dict[str, float] = {}
    errors: set[str] = set()
    for j in range(at, len(plan.detectors)):
        detector = plan.detectors[j]
        if j in plan.deferred:
            if j in plan.image_only and not has_images:
                continue  # it will not apply
            possible.update(dict.fromkeys(detector.kinds, 1.0))
            errors.add(f"error.{detector.domain}")
        elif j in plan.triaged:
            for kind, score in bounds[j].items():
                possible[kind] = max(possible.get(kind, 0.0), score)
        else:
            final += outputs[j]
    final += unavailable
    return Outlook(final, possible, frozenset(errors))


def _visible(findings: Sequence[Finding], reads: tuple[str, ...]) -> list[Finding]:
    if not reads:
        return []
    if "*" in reads:
        return list(findings)
    return [f for f in findings if f.family in reads]


def _run(detector: Detector, context: Context) -> list[Finding]:
    """``detector``'s findings when it applies (a failure becomes an error finding: fail closed)."""
    try:
        if not detector.applies(context):
            return []
        return list(detector.detect(context))
    except ConsentryError as exc:
        return [_error_finding(detector.domain, detector_id(detector), str(exc))]
    except Exception as exc:  # a detector bug must fail closed, not crash the site
        log.exception("detector %s failed", detector_id(detector))
        return [_error_finding(detector.domain, detector_id(detector), f"{type(exc).__name__}: {exc}")]


def _would_apply(detector: Detector, context: Context) -> bool:
    """Whether a skipped detector would have applied (so it is named as skipped)."""
    try:
        return bool(detector.applies(context))
    except Exception:  # only for the explanation: name it
        return True


def _unwrapped(detector: Detector) -> Detector:
    """The detector a wrapper (e.g. the service's time limit, ``inner``) runs."""
    inner = getattr(detector, "inner", None)
    while isinstance(inner, Detector):
        detector = inner
        inner = getattr(detector, "inner", None)
    return detector


def _bundled_spec(detector: Detector) -> DetectorSpec | None:
    cls = type(detector)
    for spec in bundled_detector_specs():
        if spec.target == f"{cls.__module__}:{cls.__name__}":
            return spec
    return None


def _declares_reads(detector: Detector) -> bool:
    return getattr(detector, "reads", None) is not None or _bundled_spec(detector) is not None


def _registry_reads(detector: Detector) -> tuple[str, ...]:
    spec = _bundled_spec(detector)
    return spec.reads if spec is not None else ALL_FAMILIES


def _spec_of(detector: Detector) -> DetectorSpec:
    """The registry entry of a detector (or one made up for a detector from elsewhere)."""
    cls = type(detector)
    for spec in bundled_detector_specs():
        if spec.target == f"{cls.__module__}:{cls.__name__}":
            return spec
    needs = "images" if detector.domain in _IMAGE_DOMAINS else "text"
    return DetectorSpec(f"{cls.__module__}:{cls.__name__}", detector.domain, needs=needs)


def _error_finding(domain: str, detector: str, why: str) -> Finding:
    return Finding(
        kind=f"error.{domain}",
        score=1.0,
        detector=detector,
        reason="detector_error",
        evidence={"error": why[:500]},
    )


def _with(decision: Decision, versions: tuple[str, ...], elapsed_ms: float) -> Decision:
    return replace(decision, detector_versions=versions, elapsed_ms=elapsed_ms)
