"""``Guard.check(request) -> Decision``: the one pipeline the CLI, the service and the scanner call."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from consentry.content import CheckRequest
from consentry.detectors.base import Context, Detector, UsesGallery, detector_id
from consentry.detectors.registry import DetectorSpec, bundled_detector_specs
from consentry.errors import ConsentryError, MissingExtraError
from consentry.gallery.store import GalleryStore, MemoryGalleryStore
from consentry.policy import AllowList, Policy, default_policy, evaluate, load_policy
from consentry.types import Decision, Finding

log = logging.getLogger("consentry")
_IMAGE_DOMAINS = frozenset({"nudity", "face", "hash"})


class Guard:
    """Runs the detectors that apply (each once), then the policy.

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
            try:
                if not detector.applies(context):
                    continue
                context.findings.extend(detector.detect(context))
            except ConsentryError as exc:
                context.findings.append(_error_finding(detector.domain, detector_id(detector), str(exc)))
            except Exception as exc:  # a detector bug must fail closed, not crash the site
                log.exception("detector %s failed", detector_id(detector))
                context.findings.append(
                    _error_finding(detector.domain, detector_id(detector), f"{type(exc).__name__}: {exc}")
                )
        has_images = bool(request.input_images or request.output_images)
        for spec, why in self.unavailable:
            if spec.needs == "always" or (spec.needs == "images" and has_images):
                context.findings.append(_error_finding(spec.domain, f"{spec.domain}@unavailable", why))
        if observe is not None:
            observe(context)
        return context.findings

    def check(self, request: CheckRequest, *, observe: Callable[[Context], object] | None = None) -> Decision:
        """Detect, then evaluate the policy: the one pipeline (``observe``: see ``detect``)."""
        started = time.perf_counter()
        findings = self.detect(request, observe=observe)
        return self.decide(request, findings, elapsed_ms=(time.perf_counter() - started) * 1000.0)

    def decide(self, request: CheckRequest, findings: Sequence[Finding], *, elapsed_ms: float = 0.0) -> Decision:
        """Evaluate the policy on findings already made (a re-scan after a policy change uses this)."""
        decision = evaluate(
            self.policy,
            findings,
            texts={"prompt": request.prompt, "negative_prompt": request.negative_prompt},
            adult_content=request.user.adult_content,
            tier=request.user.tier,
            allow_list=self.allow_list,
        )
        return _with(decision, self.detector_versions, elapsed_ms)


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
