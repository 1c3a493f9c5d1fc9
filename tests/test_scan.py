"""The scanner on the local engine: sources, outputs, errors, checkpoint and re-scans, quarantine, CLI."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from consentry import CheckRequest, Guard, ImageInput, InputError
from consentry.cli import main
from consentry.policy import default_policy_text, load_policy
from consentry.scan import ERROR, ScanItem, ScanOptions, folder_items, items_from, run_scan
from consentry.scan.report import blurred_thumbnail, highlight
from tests.scan_fixtures import FakeGuard, RedFinder, WordFinder, build_gallery, save_with_prompt


def _read(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "decisions.jsonl").read_text(encoding="utf-8").splitlines()]


def _by_id(out: Path) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in _read(out)}


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("gallery")
    return folder, build_gallery(folder, count=40)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Four images: benign, sexual + a name (A1111), red image (ComfyUI), prompt in EXIF."""
    folder = tmp_path / "site"
    folder.mkdir()
    save_with_prompt(Image.new("RGB", (32, 32), (20, 90, 200)), folder / "a", "a1111", "a lighthouse at dawn", "")
    save_with_prompt(Image.new("RGB", (32, 32), (20, 90, 200)), folder / "b", "a1111", "Ann Example nude", "lowres")
    save_with_prompt(Image.new("RGB", (32, 32), (240, 20, 30)), folder / "c", "comfyui", "a red wall", "")
    save_with_prompt(Image.new("RGB", (32, 32), (20, 200, 90)), folder / "d", "exif-jpeg", "naked, 8k", "")
    return folder


def test_folder_scan_writes_one_decision_per_item_with_prompts_from_metadata(
    gallery: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, info = gallery
    summary = run_scan(folder_items(folder), tmp_path / "out", FakeGuard(info["names"]))
    records = _read(tmp_path / "out")
    assert len(records) == summary.total == len(info["expected"]) + info["corrupt"]
    for record in records:
        assert {"id", "verdict", "rule_ids", "findings", "kinds", "scores", "error"} <= set(record)
        if record["id"] in info["expected"]:
            assert (record["prompt"], record["negative_prompt"]) == info["expected"][record["id"]]
            assert record["verdict"] in ("allow", "review", "deny")
    assert {r["id"] for r in records if r["verdict"] == ERROR} == {
        "corrupt/truncated.png",
        "corrupt/not_an_image.jpg",
        "corrupt/empty.png",
    }
    assert all(r["error"] for r in records if r["verdict"] == ERROR)
    for name in ("decisions.jsonl", "decisions.parquet", "report.html", "quarantine.csv", "checkpoint.sqlite"):
        assert (tmp_path / "out" / name).is_file()
    numbers = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert numbers["total"] == summary.total and numbers["errors"] == 3
    assert sum(numbers["verdicts"].values()) == summary.total


@pytest.mark.parametrize(
    ("item_id", "verdict", "rules", "kinds"),
    [
        ("a.png", "allow", [], []),
        ("b.png", "deny", ["deny-adult-disabled", "deny-sexual-real-person"], ["person.named", "sexual.nudity"]),
        ("c.png", "deny", ["deny-adult-disabled"], ["nudity.exposed"]),
        ("d.jpg", "deny", ["deny-adult-disabled"], ["sexual.nudity"]),
    ],
)
def test_each_item_gets_the_guards_decision(
    small: Path, tmp_path: Path, item_id: str, verdict: str, rules: list[str], kinds: list[str]
) -> None:
    run_scan(folder_items(small), tmp_path / "out", FakeGuard())
    record = _by_id(tmp_path / "out")[item_id]
    assert (record["verdict"], sorted(record["rule_ids"]), record["kinds"]) == (verdict, rules, kinds)
    request = CheckRequest(
        prompt=record["prompt"],
        negative_prompt=record["negative_prompt"],
        output_images=[ImageInput((small / item_id).read_bytes(), role="output")],
    )
    expected = Guard([WordFinder(), RedFinder()]).check(request)
    assert record["verdict"] == expected.verdict and record["rule_ids"] == list(expected.rule_ids)


def _manifest_rows(folder: Path) -> list[dict[str, Any]]:
    return [
        {"id": "m1", "prompt": "a lighthouse", "negative_prompt": "", "image_path": "a.png"},
        {"id": "m2", "prompt": "Ann Example nude", "negative_prompt": "x", "image_path": str(folder / "b.png")},
        {"id": "m3", "prompt": "text only, Ann Example naked", "negative_prompt": "", "image_path": ""},
        {"id": "m4", "prompt": "a cat", "negative_prompt": "", "image_path": "missing.png"},
        {"id": "m5", "prompt": "", "negative_prompt": "", "image_path": ""},
    ]


def _write_manifest(folder: Path, kind: str) -> Path:
    rows = _manifest_rows(folder)
    path = folder / f"manifest.{kind}"
    if kind == "csv":
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    elif kind == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet"])
def test_manifest_rows_are_scanned_and_a_missing_file_or_empty_row_is_an_error(
    small: Path, tmp_path: Path, kind: str
) -> None:
    manifest = _write_manifest(small, kind)
    run_scan(items_from(manifest), tmp_path / "out", FakeGuard())
    records = _by_id(tmp_path / "out")
    assert [r["verdict"] for r in records.values()] == ["allow", "deny", "deny", ERROR, ERROR]
    assert "no such file" in records["m4"]["error"]
    assert "nothing to check" in records["m5"]["error"]
    assert records["m2"]["prompt_source"] == "source"  # the manifest's prompt wins over the image's


def test_sql_query_rows_are_scanned(small: Path, tmp_path: Path) -> None:
    database = tmp_path / "site.db"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE generations (gid TEXT, text TEXT, neg TEXT, file TEXT)")
        db.executemany(
            "INSERT INTO generations VALUES (?, ?, ?, ?)",
            [("g1", "a lighthouse", "", "a.png"), ("g2", "Ann Example nude", "", "b.png")],
        )
    items = items_from(
        None,
        sql="SELECT gid AS id, text AS prompt, neg AS negative_prompt, file AS image_path FROM generations",
        database_url=f"sqlite:///{database}",
        image_root=small,
    )
    run_scan(items, tmp_path / "out", FakeGuard())
    assert {r["id"]: r["verdict"] for r in _read(tmp_path / "out")} == {"g1": "allow", "g2": "deny"}


def test_duplicate_ids_are_reported_not_scanned_twice(tmp_path: Path) -> None:
    items = [ScanItem("x", prompt="a cat"), ScanItem("x", prompt="a dog"), ScanItem("y", prompt="a cow")]
    run_scan(items, tmp_path / "out", FakeGuard())
    records = _read(tmp_path / "out")
    assert [(r["id"], r["verdict"]) for r in records] == [("x", "allow"), ("x", ERROR), ("y", "allow")]
    assert "duplicate id" in records[1]["error"]


class _Counting:
    """A guard factory that remembers its detectors, to count detector calls."""

    def __init__(self, inner: FakeGuard, stop_after: int | None = None) -> None:
        self.inner = inner
        self.stop_after = stop_after
        self.guards: list[Guard] = []

    def __call__(self) -> Guard:
        guard = self.inner()
        if self.stop_after is not None:
            words = guard.detectors[1]
            original = words.detect
            limit = self.stop_after

            def detect(context: Any) -> Any:
                if words.calls >= limit:  # type: ignore[attr-defined]
                    raise KeyboardInterrupt
                return original(context)

            words.detect = detect  # type: ignore[method-assign]
        self.guards.append(guard)
        return guard

    @property
    def calls(self) -> int:
        return sum(g.detectors[1].calls for g in self.guards)  # type: ignore[attr-defined]


def test_interrupted_scan_continues_where_it_stopped(gallery: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    folder, info = gallery
    reference = run_scan(folder_items(folder), tmp_path / "reference", FakeGuard(info["names"]))
    first = _Counting(FakeGuard(info["names"]), stop_after=25)
    with pytest.raises(KeyboardInterrupt):
        run_scan(folder_items(folder), tmp_path / "out", first, ScanOptions(batch_size=4))
    second = _Counting(FakeGuard(info["names"]))
    summary = run_scan(folder_items(folder), tmp_path / "out", second, ScanOptions(batch_size=4))
    # everything checked before the interruption came from the checkpoint
    assert summary.reused >= 24
    assert second.calls == summary.detected
    assert summary.detected + summary.reused + summary.errors == summary.total
    assert (tmp_path / "out" / "decisions.jsonl").read_text().replace('"checkpoint"', '"detectors"') == (
        tmp_path / "reference" / "decisions.jsonl"
    ).read_text()
    assert reference.total == summary.total


def test_rescan_after_a_policy_change_only_re_evaluates_the_policy(small: Path, tmp_path: Path) -> None:
    run_scan(folder_items(small), tmp_path / "out", FakeGuard())
    policy_file = tmp_path / "policy.yaml"
    text = default_policy_text()
    policy_file.write_text(text.replace("default: false", "default: true").replace('version: "', 'version: "adult-on-'))
    counting = _Counting(FakeGuard(policy=load_policy(policy_file)))
    summary = run_scan(folder_items(small), tmp_path / "out", counting)
    records = _by_id(tmp_path / "out")
    assert counting.calls == 0 and summary.reused == 4
    assert {k: r["verdict"] for k, r in records.items()} == {
        "a.png": "allow",
        "b.png": "deny",
        "c.png": "allow",
        "d.jpg": "allow",
    }
    assert records["b.png"]["rule_ids"] == ["deny-sexual-real-person"]
    assert all(r["policy_version"].startswith("adult-on-") for r in records.values())
    assert all(r["findings_from"] == "checkpoint" for r in records.values())


@pytest.mark.parametrize(
    ("change", "detected"),
    [
        ("nothing", 0),
        ("detector version", 4),
        ("one image", 1),
    ],
)
def test_rescan_runs_detectors_again_only_where_content_or_detectors_changed(
    small: Path, tmp_path: Path, change: str, detected: int
) -> None:
    run_scan(folder_items(small), tmp_path / "out", FakeGuard())
    factory = FakeGuard(version="2") if change == "detector version" else FakeGuard()
    if change == "one image":
        save_with_prompt(Image.new("RGB", (32, 32), (1, 2, 3)), small / "a", "a1111", "a lighthouse at dusk", "")
    counting = _Counting(factory)
    summary = run_scan(folder_items(small), tmp_path / "out", counting)
    assert summary.detected == counting.calls == detected
    assert summary.reused == 4 - detected


def test_errors_are_not_checkpointed_and_are_retried(small: Path, tmp_path: Path) -> None:
    (small / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    run_scan(folder_items(small), tmp_path / "out", FakeGuard())
    assert _by_id(tmp_path / "out")["broken.png"]["verdict"] == ERROR
    save_with_prompt(Image.new("RGB", (8, 8)), small / "broken", "a1111", "a fixed image", "")
    summary = run_scan(folder_items(small), tmp_path / "out", FakeGuard())
    assert _by_id(tmp_path / "out")["broken.png"]["verdict"] == "allow"
    assert summary.detected == 1


@pytest.mark.parametrize("mode", ["list", "copy", "move"])
def test_quarantine_lists_and_moves_or_copies_denied_files_never_deletes(
    small: Path, tmp_path: Path, mode: str
) -> None:
    target = tmp_path / "quarantine"
    options = ScanOptions(
        root=small,
        quarantine_move=target if mode == "move" else None,
        quarantine_copy=target if mode == "copy" else None,
    )
    before = {p.name: p.read_bytes() for p in small.iterdir()}
    run_scan(folder_items(small), tmp_path / "out", FakeGuard(), options)
    with (tmp_path / "out" / "quarantine.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["id"] for r in rows) == ["b.png", "c.png", "d.jpg"]
    assert all(r["action"] == mode for r in rows)
    if mode == "list":
        assert not target.exists()
    else:
        moved = {p.name: p.read_bytes() for p in target.iterdir()}
        assert moved == {name: before[name] for name in ("b.png", "c.png", "d.jpg")}
        remaining = {p.name for p in small.iterdir()}
        assert remaining == ({"a.png"} if mode == "move" else set(before))


def test_quarantine_never_overwrites_an_existing_file(small: Path, tmp_path: Path) -> None:
    target = tmp_path / "quarantine"
    target.mkdir()
    (target / "b.png").write_bytes(b"already here")
    run_scan(folder_items(small), tmp_path / "out", FakeGuard(), ScanOptions(root=small, quarantine_copy=target))
    assert (target / "b.png").read_bytes() == b"already here"
    assert (target / "b.1.png").read_bytes() == (small / "b.png").read_bytes()


def test_parquet_has_the_same_decisions_as_jsonl(small: Path, tmp_path: Path) -> None:
    run_scan(folder_items(small), tmp_path / "out", FakeGuard())
    table = pq.read_table(tmp_path / "out" / "decisions.parquet").to_pylist()
    records = _read(tmp_path / "out")
    assert [(r["id"], r["verdict"], r["rule_ids"]) for r in table] == [
        (r["id"], r["verdict"], r["rule_ids"]) for r in records
    ]
    assert [json.loads(r["findings"]) for r in table] == [r["findings"] for r in records]


def _high_frequency_energy(image: Image.Image) -> float:
    pixels = np.asarray(image.convert("L"), dtype=np.float32)
    return float(np.abs(np.diff(pixels, axis=0)).mean() + np.abs(np.diff(pixels, axis=1)).mean())


def test_report_thumbnails_are_blurred_and_no_original_is_embedded(tmp_path: Path) -> None:
    checker = np.indices((96, 96)).sum(axis=0) // 4 % 2 * 255
    sharp = Image.fromarray(np.stack([checker] * 3, axis=-1).astype(np.uint8))
    (tmp_path / "site").mkdir()
    save_with_prompt(sharp, tmp_path / "site" / "x", "a1111", "Ann Example nude", "")
    run_scan(folder_items(tmp_path / "site"), tmp_path / "out", FakeGuard())
    html = (tmp_path / "out" / "report.html").read_text()
    original = base64.b64encode((tmp_path / "site" / "x.png").read_bytes()).decode()
    assert original[:200] not in html
    images = re.findall(r'src="data:image/jpeg;base64,([^"]+)"', html)
    assert len(images) == 1
    thumb = Image.open(io.BytesIO(base64.b64decode(images[0])))
    assert max(thumb.size) <= 160
    sharp_thumb = sharp.resize(thumb.size)
    assert _high_frequency_energy(thumb) < 0.1 * _high_frequency_energy(sharp_thumb)
    assert "<mark>Ann Example</mark>" in html and "<mark>nude</mark>" in html
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_report_counts_verdicts_and_rules_with_a_chart(small: Path, tmp_path: Path) -> None:
    (small / "bad.png").write_bytes(b"junk")
    run_scan(folder_items(small), tmp_path / "out", FakeGuard())
    html = (tmp_path / "out" / "report.html").read_text()
    assert "<svg" in html
    assert "<td class='v deny'>deny</td><td>3</td>" in html
    assert "deny-sexual-real-person" in html
    assert "Errors (1)" in html and "bad.png" in html


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("a <b> c", [(2, 5)], "a <mark>&lt;b&gt;</mark> c"),
        ("abcdef", [(0, 2), (1, 4)], "<mark>abcd</mark>ef"),
        ("abc", [(2, 99)], "ab<mark>c</mark>"),
        ("abc", [], "abc"),
    ],
)
def test_highlight_escapes_and_merges_spans(text: str, spans: list[tuple[int, int]], expected: str) -> None:
    assert highlight(text, spans) == expected


def test_blurred_thumbnail_of_an_unreadable_file_is_none(tmp_path: Path) -> None:
    (tmp_path / "x.png").write_bytes(b"junk")
    assert blurred_thumbnail(tmp_path / "x.png") is None


@pytest.fixture(autouse=True)
def no_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Galleries never come from the developer's own data directory."""
    monkeypatch.setenv("CONSENTRY_DATA_DIR", str(tmp_path / "data-dir"))


@pytest.fixture
def cli_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    def default(policy: Any = None, gallery: Any = None) -> Guard:
        return FakeGuard(policy=load_policy(policy) if policy else None)()

    monkeypatch.setattr(Guard, "default", staticmethod(default))


@pytest.mark.parametrize(
    ("files", "code"),
    [
        ({"a": "a lighthouse"}, 0),
        ({"a": "a lighthouse", "b": "Ann Example nude"}, 1),
    ],
)
def test_cli_scan_writes_outputs_and_exits_by_the_most_severe_verdict(
    cli_guard: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], code: int
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name, prompt in files.items():
        save_with_prompt(Image.new("RGB", (16, 16), (0, 0, 200)), site / name, "a1111", prompt, "")
    assert main(["scan", str(site), "--out", str(tmp_path / "out"), "--no-progress"]) == code
    assert len(_read(tmp_path / "out")) == len(files)
    assert (tmp_path / "out" / "report.html").is_file()
    assert f"scanned {len(files)} items" in capsys.readouterr().err


def test_cli_scan_of_a_bad_image_exits_2_and_a_missing_path_exits_66(cli_guard: None, tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "x.png").write_bytes(b"junk")
    assert main(["scan", str(tmp_path / "site"), "--out", str(tmp_path / "out"), "--no-progress"]) == 2
    assert main(["scan", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out2")]) == 66
    assert main(["scan", "--sql", "SELECT 1", "--out", str(tmp_path / "out3")]) == 65


def test_scan_with_the_registered_detectors_runs_whatever_is_installed(small: Path, tmp_path: Path) -> None:
    """Guard.default() may have no image detectors yet: every item still gets a verdict or an error."""
    from consentry.scan import DefaultGuard

    summary = run_scan(folder_items(small), tmp_path / "out", DefaultGuard())
    assert summary.total == 4
    assert all(r["verdict"] in ("allow", "review", "deny", ERROR) for r in _read(tmp_path / "out"))


def test_cli_scan_rejects_an_unknown_quarantine_verdict_and_negative_workers(cli_guard: None, tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    out = str(tmp_path / "out")
    assert main(["scan", str(tmp_path / "site"), "--out", out, "--quarantine-verdicts", "deny,maybe"]) == 65
    assert main(["scan", str(tmp_path / "site"), "--out", out, "--workers", "-1"]) == 64


def test_errors_can_be_put_on_the_quarantine_list(small: Path, tmp_path: Path) -> None:
    (small / "bad.png").write_bytes(b"junk")
    run_scan(folder_items(small), tmp_path / "out", FakeGuard(), ScanOptions(quarantine_verdicts=("deny", ERROR)))
    with (tmp_path / "out" / "quarantine.csv").open() as handle:
        rows = {r["id"]: r["verdict"] for r in csv.DictReader(handle)}
    assert rows == {"b.png": "deny", "bad.png": ERROR, "c.png": "deny", "d.jpg": "deny"}


def test_local_threads_give_the_same_decisions_as_one_worker(
    gallery: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, info = gallery
    run_scan(folder_items(folder), tmp_path / "one", FakeGuard(info["names"]), ScanOptions(batch_size=3))
    run_scan(folder_items(folder), tmp_path / "four", FakeGuard(info["names"]), ScanOptions(workers=4, batch_size=3))
    assert (tmp_path / "one" / "decisions.jsonl").read_bytes() == (tmp_path / "four" / "decisions.jsonl").read_bytes()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"id": "1", "prompt": "p", "negative_prompt": "n", "image_path": "a.png"},
            ("1", "p", "n", "base/a.png", None),
        ),
        ({"ID": 7, "Text": "p", "negative": "n", "file": "/abs/a.png"}, ("7", "p", "n", "/abs/a.png", None)),
        ({"prompt": "no id"}, ("row-3", "no id", None, None, None)),
        ({"id": "u", "image": "https://example.org/a.png"}, ("u", None, None, None, "is a URL")),
        ({"id": "f", "image": "file://x/a.png"}, ("f", None, None, "base/x/a.png", None)),
        ({"id": "nan", "prompt": float("nan")}, ("nan", None, None, None, None)),
    ],
)
def test_manifest_rows_map_column_aliases_to_items(row: dict[str, Any], expected: tuple[Any, ...]) -> None:
    from consentry.scan.sources import item_from_row

    item = item_from_row(row, 3, Path("base"))
    error_fragment = expected[4]
    assert (item.id, item.prompt, item.negative_prompt, item.path) == expected[:4]
    assert (error_fragment is None and item.error is None) or (error_fragment in (item.error or ""))


@pytest.mark.parametrize(
    ("value", "adult"),
    [("true", True), ("1", True), ("no", False), ("", None), ("maybe", None), (True, True), (0, False)],
)
def test_manifest_adult_content_column_is_read_as_a_flag(value: Any, adult: bool | None) -> None:
    from consentry.scan.sources import item_from_row

    assert item_from_row({"id": "x", "prompt": "p", "adult_content": value}, 1, None).adult_content is adult


def test_a_guard_instance_can_be_injected_for_the_local_engine_only(small: Path, tmp_path: Path) -> None:
    guard = FakeGuard()()
    summary = run_scan(folder_items(small), tmp_path / "out", guard)
    assert summary.verdicts == {"allow": 1, "deny": 3}
    assert guard.detectors[1].calls == 4  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="factory"):
        run_scan(folder_items(small), tmp_path / "out2", guard, ScanOptions(engine="ray"))


def test_items_whose_rule_asks_for_reporting_are_marked_in_the_quarantine_list(tmp_path: Path) -> None:
    from consentry.scan.output import write_quarantine

    records = [
        {"id": "a", "path": "", "verdict": "deny", "rule_ids": ["deny-sexual-minor"], "report": True},
        {"id": "b", "path": "", "verdict": "deny", "rule_ids": ["deny-sexual-real-person"], "report": False},
        {"id": "c", "path": "", "verdict": "allow", "rule_ids": [], "report": False},
    ]
    entries = write_quarantine(records, tmp_path / "q.csv")
    assert [(e["id"], e["report"]) for e in entries] == [("a", "yes"), ("b", "")]


def test_cli_scan_skips_its_own_output_and_quarantine_folders_inside_the_scanned_folder(
    cli_guard: None, small: Path
) -> None:
    args = ["scan", str(small), "--out", str(small / "out"), "--quarantine-copy", str(small / "q"), "--no-progress"]
    assert main(args) == 1
    assert main(args) == 1  # the copies in q/ are not scanned the second time
    assert sorted(r["id"] for r in _read(small / "out")) == ["a.png", "b.png", "c.png", "d.jpg"]


def test_rescan_after_an_allow_list_entry_is_removed_sees_the_suppressed_findings_again(
    small: Path, tmp_path: Path
) -> None:
    text = default_policy_text()
    allowing = tmp_path / "allowing.yaml"
    allowing.write_text(text.replace("subjects: []", 'subjects: ["Ann Example"]').replace('version: "', 'version: "a-'))
    run_scan(folder_items(small), tmp_path / "out", FakeGuard(policy=load_policy(allowing)))
    first = _by_id(tmp_path / "out")["b.png"]
    assert first["rule_ids"] == ["deny-adult-disabled"]
    assert [f["kind"] for f in first["suppressed"]] == ["person.named"]
    counting = _Counting(FakeGuard())
    run_scan(folder_items(small), tmp_path / "out", counting)
    again = _by_id(tmp_path / "out")["b.png"]
    assert counting.calls == 0 and again["findings_from"] == "checkpoint"
    assert sorted(again["rule_ids"]) == ["deny-adult-disabled", "deny-sexual-real-person"]
    assert again["suppressed"] == []


@pytest.mark.parametrize(
    ("flags", "verdicts"),
    [
        ([], {"a.png": "allow", "b.png": "deny", "c.png": "deny", "d.jpg": "deny"}),
        (["--adult"], {"a.png": "allow", "b.png": "deny", "c.png": "allow", "d.jpg": "allow"}),
    ],
)
def test_cli_scan_adult_flag_sets_the_user_context_of_a_folder(
    cli_guard: None, small: Path, tmp_path: Path, flags: list[str], verdicts: dict[str, str]
) -> None:
    main(["scan", str(small), "--out", str(tmp_path / "out"), "--no-progress", *flags])
    assert {k: r["verdict"] for k, r in _by_id(tmp_path / "out").items()} == verdicts


def test_user_defaults_do_not_override_what_the_source_says() -> None:
    from consentry.scan.sources import with_user_defaults

    items = [ScanItem("a", "p"), ScanItem("b", "p", tier="free", adult_content=False)]
    out = list(with_user_defaults(items, tier="premium", adult_content=True))
    assert [(i.tier, i.adult_content) for i in out] == [("premium", True), ("free", False)]
