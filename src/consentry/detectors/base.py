"""The detector interface and the per-check context shared by all detectors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

from consentry.content import CheckRequest
from consentry.gallery.store import GalleryStore
from consentry.types import Finding

T = TypeVar("T")


class Context:
    """One check in progress: the request, the findings so far, and a memo of shared work.

    Detectors run in order and see what earlier ones found (``findings``), so that a costly
    detector (e.g. named-entity recognition) can run only when a cheap one made it relevant.
    ``memo`` computes a value once per check (e.g. the normalized prompt, a decoded image) and
    shares it between detectors.
    """

    __slots__ = ("_memo", "findings", "request")

    def __init__(self, request: CheckRequest) -> None:
        self.request = request
        self.findings: list[Finding] = []
        self._memo: dict[str, Any] = {}

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


def detector_id(detector: Detector | type[Detector]) -> str:
    """``name@version``, as carried by every finding the detector makes."""
    return f"{detector.name}@{detector.version}"
