"""The committed unlisted-person lexicon is exactly what its build script makes from ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import load_script

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.shared
def test_build_script_reproduces_the_committed_lexicon(shared_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("wordfreq", reason="the 'build' extra is not installed")
    script = load_script(ROOT / "scripts/build_unlisted_lexicon.py")
    out = tmp_path / "lexicon.json.gz"
    assert script.main(["--shared", str(shared_dir), "--out", str(out)]) == 0
    committed = ROOT / "src/consentry/text/data/unlisted_lexicon.json.gz"
    assert out.read_bytes() == committed.read_bytes()
