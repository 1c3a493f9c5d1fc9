"""Per-detector time limits: a detector that does not answer in time fails closed.

``TimeLimited`` wraps a detector and runs its ``detect`` on a worker thread; past the limit it
raises ``DetectorTimeoutError``, which the guard turns into an ``error.<domain>`` finding (and
the policy denies, by default, for the real-person and minor checks). Python cannot stop a
thread: the late detector finishes in the background and its result is dropped.

The hand-over to a thread costs a few tenths of a millisecond, which matters for the text
detectors of the core install (a millisecond or two in all). Those run ``inline``: on the
check's own thread, timed, and a result that came too late is dropped the same way (the check
fails closed; it is not cut short). Image detectors and the NER model run on a thread.
"""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Sequence
from typing import Any, ClassVar

from consentry.detectors.base import Context, Detector, UsesGallery
from consentry.errors import ConsentryError
from consentry.gallery.store import GalleryStore
from consentry.types import Finding


class DetectorTimeoutError(ConsentryError):
    """A detector took longer than its limit."""


class TimeLimited:
    """A detector with a time limit. Same name, version, domain and kinds as the one it wraps."""

    name: ClassVar[str]
    version: ClassVar[str]
    domain: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]]

    def __init__(
        self, inner: Detector, timeout_s: float, executor: concurrent.futures.Executor, *, inline: bool = False
    ) -> None:
        self.inner = inner
        self.timeout_s = timeout_s
        self.inline = inline
        self._executor = executor

    def load(self) -> None:
        self.inner.load()

    def applies(self, context: Context) -> bool:
        return self.inner.applies(context)

    def detect(self, context: Context) -> Sequence[Finding]:
        if self.inline:
            started = time.perf_counter()
            found = self.inner.detect(context)
            elapsed = time.perf_counter() - started
            if elapsed > self.timeout_s:
                raise DetectorTimeoutError(f"{self.name} took {elapsed:.2f} s; the limit is {self.timeout_s:g} s")
            return found
        future = self._executor.submit(self.inner.detect, context)
        try:
            return future.result(timeout=self.timeout_s)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise DetectorTimeoutError(f"{self.name} did not answer within {self.timeout_s:g} s") from None

    def use_gallery(self, store: GalleryStore) -> None:
        if isinstance(self.inner, UsesGallery):
            self.inner.use_gallery(store)

    def refresh(self) -> None:
        if isinstance(self.inner, UsesGallery):
            self.inner.refresh()


def time_limited(
    detector: Detector, timeout_s: float, executor: concurrent.futures.Executor, *, inline: bool = False
) -> Detector:
    """``detector`` with a time limit (a subclass of ``TimeLimited`` carrying its class names)."""
    attributes: dict[str, Any] = {
        "name": detector.name,
        "version": detector.version,
        "domain": detector.domain,
        "kinds": tuple(detector.kinds),
    }
    cls = type(f"TimeLimited{type(detector).__name__}", (TimeLimited,), attributes)
    wrapped: Detector = cls(detector, timeout_s, executor, inline=inline)
    return wrapped
