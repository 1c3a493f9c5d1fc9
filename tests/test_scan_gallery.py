"""A scan uses the site's galleries: a known-NCII hash list finds hosted copies, and a gallery change re-detects."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("cv2")
pytest.importorskip("sqlalchemy")

from consentry.cli import main
from tests.image_support import FIXTURES


def _records(out: Path) -> dict[str, dict[str, object]]:
    lines = (out / "decisions.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines)}


def test_scan_finds_listed_hashes_and_re_detects_after_the_list_is_switched_off(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("obama_a.jpg", "obama_b.jpg"):
        shutil.copy(FIXTURES / name, site / name)
    data_dir = str(tmp_path / "data")
    assert main(["hash", "--json", str(FIXTURES / "obama_b.jpg")]) == 0
    listed = json.loads(capsys.readouterr().out)["pdq"]
    (tmp_path / "list.csv").write_text(f"id,hash\ncase-7,{listed}\n")
    assert main(["hashlist", "import", "partner-list", str(tmp_path / "list.csv"), "--data-dir", data_dir]) == 0
    list_id = capsys.readouterr().out.split()[0]

    out = tmp_path / "out"
    assert main(["scan", str(site), "--out", str(out), "--data-dir", data_dir, "--no-progress"]) == 1
    first = _records(out)
    assert "deny-known-ncii" in first["obama_b.jpg"]["rule_ids"]  # type: ignore[operator]
    assert "deny-known-ncii" not in first["obama_a.jpg"]["rule_ids"]  # type: ignore[operator]

    assert main(["hashlist", "disable", list_id, "--data-dir", data_dir]) == 0
    main(["scan", str(site), "--out", str(out), "--data-dir", data_dir, "--no-progress"])
    second = _records(out)
    assert {r["findings_from"] for r in second.values()} == {"detectors"}  # the gallery changed: detect again
    assert "deny-known-ncii" not in second["obama_b.jpg"]["rule_ids"]  # type: ignore[operator]
