"""Hand-made findings, a fake detector for tests that need no models, and scripts loaded as modules."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import ClassVar

from consentry.detectors.base import Context
from consentry.types import Box, Finding, Span


def finding(
    kind: str,
    score: float = 0.9,
    *,
    span: tuple[int, int] | None = None,
    subject: str | None = None,
    field: str = "prompt",
    role: str | None = None,
    evidence: dict[str, str] | None = None,
    image: str | None = None,
) -> Finding:
    """A finding made by hand; ``image`` (e.g. ``"input:0"``) gives it a box in that image."""
    extra: dict[str, str] = dict(evidence or {})
    if role is not None:
        extra["role"] = role
    return Finding(
        kind=kind,
        score=score,
        detector="test@1",
        reason="hand-made",
        span=Span(span[0], span[1], field) if span else None,  # type: ignore[arg-type]
        box=Box(0, 0, 10, 10, image) if image else None,
        subject=subject,
        evidence=extra,
    )


class FakeDetector:
    """Reports fixed findings; optionally raises, to test failing closed."""

    name: ClassVar[str] = "fake"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "person"
    kinds: ClassVar[tuple[str, ...]] = ("person.named",)

    def __init__(
        self, findings: Sequence[Finding] = (), *, fail: Exception | None = None, domain: str = "person"
    ) -> None:
        self.findings = list(findings)
        self.fail = fail
        self.loads = 0
        self.calls = 0
        self.seen: list[list[Finding]] = []
        self.instance_domain = domain

    def load(self) -> None:
        self.loads += 1

    def applies(self, context: Context) -> bool:
        return bool(context.request.prompt)

    def detect(self, context: Context) -> Sequence[Finding]:
        self.calls += 1
        self.seen.append(list(context.findings))
        if self.fail is not None:
            raise self.fail
        return self.findings


def load_script(path: Path) -> ModuleType:
    """The Python file at ``path`` (a script, an example) loaded as a module named after its stem.

    The module is registered in ``sys.modules``: dataclasses look their module up by name.
    """
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
