"""The detector interface and the per-check context shared by all detectors."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

from consentry.content import CheckRequest
from consentry.gallery.store import GalleryStore
from consentry.policy.model import Policy, Signal
from consentry.types import Finding

T = TypeVar("T")


@functools.cache
def _default_policy() -> Policy:
    from consentry.policy.loader import default_policy

    return default_policy()


class Context:
    """One check in progress: the request, the findings so far, and a memo of shared work.

    Detectors run in order and see what earlier ones found (``findings``), so that a costly
    detector (e.g. named-entity recognition) can run only when a cheap one made it relevant.
    Such gates read the loaded ``policy`` (``signal_on``, ``min_score``): a later detector runs
    when what is found so far counts for the policy's signal, at the policy's thresholds, so
    that no detector hides a threshold of its own. ``memo`` computes a value once per check
    (e.g. the normalized prompt, a decoded image) and shares it between detectors.
    """

    __slots__ = ("_memo", "findings", "policy", "request")

    def __init__(self, request: CheckRequest, policy: Policy | None = None) -> None:
        self.request = request
        self.policy: Policy = policy if policy is not None else _default_policy()
        self.findings: list[Finding] = []
        self._memo: dict[str, Any] = {}

    def _signal(self, name: str) -> Signal:
        """The policy's signal ``name``; the default policy's when the loaded one has none of that name."""
        signal = self.policy.signals.get(name)
        if signal is None:
            signal = _default_policy().signals[name]
        return signal

    def signal_on(self, *names: str) -> bool:
        """Whether a finding so far counts for one of the policy's signals ``names`` (not by error)."""
        signals = [self._signal(name) for name in names]
        return any(self.policy.counts(signal, f) for signal in signals for f in self.findings)

    def min_score(self, signal: str, kind: str) -> float:
        """The score a finding of ``kind`` needs to count for the policy's signal ``signal``."""
        return self.policy.threshold(self._signal(signal), kind)

    def memoized(self, key: str) -> Any:
        """What ``memo`` already holds for ``key``, or None (nothing is computed)."""
        return self._memo.get(key)

    def remember(self, key: str, value: object) -> None:
        """Keep ``value`` under ``key`` for the rest of the check, replacing what was there (a
        detector's intermediate result that the guard's triage reads, e.g. the sexual assessment)."""
        self._memo[key] = value

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    def has(self, prefix: str, min_score: float = 0.0) -> bool:
        """Whether a finding whose kind starts with ``prefix`` was made with at least ``min_score``."""
        return any(f.kind.startswith(prefix) and f.score >= min_score for f in self.findings)


@runtime_checkable
class Detector(Protocol):
    """A detector finds one family of things and reports them as findings.

    - ``name``/``version`` identify it in every finding (``detector_id``).
    - ``domain`` is what it checks (``person``, ``sexual``, ``minor``, ``nudity``, ``face``,
      ``hash``); when it fails, the guard reports an ``error.<domain>`` finding and the policy
      decides (fail closed for the real-person and minor checks by default).
    - ``kinds`` lists every finding kind it may report (checked by the contract tests).
    - ``reads`` (optional, see ``reads_of``) lists the families of earlier findings it reads
      (``("person",)`` for the sexual and minor detectors). The guard skips a detector only when
      no rule of the policy can need its kinds, nor those of any later detector that reads them.
    - The constructor does no I/O; ``load()`` loads models or indexes, once, idempotently.
    - ``applies`` says whether the request has anything for it (cheap; no model calls).
    - ``detect`` never decides; it reports, with spans into the ORIGINAL text or boxes in the
      original image.
    """

    name: ClassVar[str]
    version: ClassVar[str]
    domain: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]]

    def load(self) -> None: ...

    def applies(self, context: Context) -> bool: ...

    def detect(self, context: Context) -> Sequence[Finding]: ...


@runtime_checkable
class UsesGallery(Protocol):
    """A detector that matches against a gallery (enrolled faces, protected names, hash lists).

    ``use_gallery`` only remembers the store (no I/O); ``load`` and ``refresh`` read it and
    (re)build the detector's index. ``refresh`` is how galleries are hot-reloaded.
    """

    def use_gallery(self, store: GalleryStore) -> None: ...

    def refresh(self) -> None: ...


ALL_FAMILIES = ("*",)


def reads_of(detector: Detector, default: tuple[str, ...] = ALL_FAMILIES) -> tuple[str, ...]:
    """The families of earlier findings ``detector`` reads: its ``reads`` attribute, else
    ``default`` (the guard passes the registry's entry). A detector about which nothing is said
    is taken to read every family (``ALL_FAMILIES``): nothing it could see is skipped ahead of it.
    """
    reads = getattr(detector, "reads", None)
    if reads is None:
        return default
    return tuple(str(family) for family in reads)


def reads_family(reads: tuple[str, ...], family: str) -> bool:
    return family in reads or "*" in reads


def detector_id(detector: Detector | type[Detector]) -> str:
    """``name@version``, as carried by every finding the detector makes."""
    return f"{detector.name}@{detector.version}"
