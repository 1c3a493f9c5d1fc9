"""Every bundled model or list with a SOURCE.md (first line: ``# file name``) has the sha256 it states."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

SOURCES = sorted((Path(__file__).parents[1] / "src" / "consentry").rglob("*.SOURCE.md"))


def test_there_are_source_files() -> None:
    assert len(SOURCES) >= 2


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_sha256_matches(source: Path) -> None:
    stated = re.search(r"sha256: ([0-9a-f]{64})", source.read_text(encoding="utf-8"))
    assert stated, f"{source.name} states no sha256"
    name = source.read_text(encoding="utf-8").splitlines()[0].removeprefix("# ").strip()
    data = source.with_name(name)
    assert hashlib.sha256(data.read_bytes()).hexdigest() == stated.group(1)
