"""The committed unlisted-person lexicon is exactly what its build script makes from ../shared."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.shared
def test_build_script_reproduces_the_committed_lexicon(shared_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("wordfreq", reason="the 'build' extra is not installed")
    spec = importlib.util.spec_from_file_location("build_unlisted_lexicon", ROOT / "scripts/build_unlisted_lexicon.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path / "lexicon.json.gz"
    assert script.main(["--shared", str(shared_dir), "--out", str(out)]) == 0
    committed = ROOT / "src/consentry/text/data/unlisted_lexicon.json.gz"
    assert out.read_bytes() == committed.read_bytes()
