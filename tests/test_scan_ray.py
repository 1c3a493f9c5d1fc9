"""The Ray engine gives the same decisions as the local engine on a generated gallery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consentry.scan import ERROR, ScanOptions, folder_items, run_scan
from tests.conftest import SHARED
from tests.scan_fixtures import FakeGuard, build_gallery

pytest.importorskip("ray.data")


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_ray_engine_matches_local_engine_on_a_gallery_of_hundreds(tmp_path: Path) -> None:
    # public-domain art and labelled prompts from ../shared when it is there, synthetic otherwise
    shared = SHARED if SHARED.is_dir() else None
    info = build_gallery(tmp_path / "gallery", count=240, shared=shared)
    guard = FakeGuard(info["names"])  # type: ignore[arg-type]
    local = run_scan(folder_items(tmp_path / "gallery"), tmp_path / "local", guard, ScanOptions(workers=2))
    ray = run_scan(
        folder_items(tmp_path / "gallery"),
        tmp_path / "ray",
        guard,
        ScanOptions(engine="ray", workers=2, batch_size=16, parquet=False, report=False),
    )
    assert local.total == ray.total == 243
    assert (tmp_path / "local" / "decisions.jsonl").read_bytes() == (tmp_path / "ray" / "decisions.jsonl").read_bytes()
    records = [json.loads(line) for line in (tmp_path / "ray" / "decisions.jsonl").open()]
    verdicts = {r["verdict"] for r in records}
    assert {"allow", "deny", ERROR} <= verdicts
    assert sum(r["verdict"] == ERROR for r in records) == 3
    assert ray.detected == local.detected == 240
