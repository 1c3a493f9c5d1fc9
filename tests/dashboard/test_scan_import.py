"""A retroactive scan's findings land in the review queue (``consentry review import-scan``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consentry.cli import main
from consentry.errors import InputError
from consentry.guard import Guard
from consentry.scan.scanner import run_scan
from consentry.scan.sources import ScanItem
from consentry.scan.summary import ScanOptions
from consentry.service.dashboard.scan_import import import_scan
from consentry.store import SqlStore, open_store
from tests.conftest import make_png
from tests.dashboard.conftest import PhraseDetector


def phrase_guard() -> Guard:
    return Guard([PhraseDetector()])


@pytest.fixture
def scan_out(tmp_path: Path) -> Path:
    images = tmp_path / "hosted"
    images.mkdir()
    items = []
    for name, prompt in [
        ("a.png", "a nude photo of Ada Lovelace"),  # deny
        ("b.png", "Mayor Quill in lingerie"),  # review
        ("c.png", "a lighthouse at dawn"),  # allow: not queued
    ]:
        (images / name).write_bytes(make_png(8, 8))
        items.append(ScanItem(id=name, prompt=prompt, path=str(images / name), adult_content=True))
    out = tmp_path / "scan"
    options = ScanOptions(parquet=False, report=False, progress=False, quarantine_verdicts=())
    run_scan(items, out, phrase_guard, options)
    return out


def test_review_and_deny_items_are_queued_once_with_their_findings_and_images(scan_out: Path, store: SqlStore) -> None:
    summary = import_scan(store, scan_out, keep_images=True)
    assert (summary.read, summary.imported, summary.known, summary.skipped, summary.images) == (3, 2, 0, 1, 2)
    queued = store.decisions.search(source="scan")
    assert sorted((r.verdict, Path(r.item_ref or "").name) for r in queued) == [("deny", "a.png"), ("review", "b.png")]
    denied = next(r for r in queued if r.verdict == "deny")
    assert denied.rule_ids == ("deny-sexual-real-person",)
    assert denied.prompt == "a nude photo of Ada Lovelace"
    assert {f["kind"] for f in denied.findings} == {"person.named", "sexual.nudity"}
    assert store.decisions.image(denied.id, "output:0") is not None
    again = import_scan(store, scan_out, keep_images=True)
    assert (again.imported, again.known) == (0, 2)
    assert len(store.decisions.search(source="scan")) == 2


def test_without_keep_images_only_hashes_are_kept(scan_out: Path, store: SqlStore) -> None:
    import_scan(store, scan_out / "decisions.jsonl", prompt_logging="hash")
    (denied,) = store.decisions.search(source="scan", verdict="deny")
    assert denied.prompt is None and denied.prompt_sha256
    assert store.decisions.image(denied.id, "output:0") is None
    assert denied.images[0]["sha256"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), ("{not json\n", "line 1: not JSON"), ("[1, 2]\n", "line 1: not a JSON object")],
)
def test_a_missing_or_malformed_file_is_an_input_error(
    tmp_path: Path, store: SqlStore, content: str | None, message: str
) -> None:
    if content is not None:
        (tmp_path / "decisions.jsonl").write_text(content)
    with pytest.raises(InputError, match=message):
        import_scan(store, tmp_path)


def test_the_command_imports_into_the_data_dir(
    scan_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["review", "import-scan", str(scan_out), "--data-dir", str(data), "--keep-images"]) == 0
    assert "2 new items in the review queue (2 with their image)" in capsys.readouterr().out
    with open_store(data) as store:
        assert store.decisions.count(source="scan") == 2
    assert main(["review", "import-scan", str(tmp_path / "nowhere"), "--data-dir", str(data)]) == 66


def test_scan_records_keep_the_fields_the_import_reads(scan_out: Path) -> None:
    record = json.loads((scan_out / "decisions.jsonl").read_text().splitlines()[0])
    for field in ("verdict", "rule_ids", "findings", "prompt", "path", "content_hash", "policy_version"):
        assert field in record
