"""``consentry enroll``, ``consentry hash`` and ``consentry hashlist`` against a SQLite data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("cv2")
pytest.importorskip("sqlalchemy")

from consentry.cli import main
from tests.image_support import FIXTURES, encode, synthetic


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    return str(tmp_path / "data")


def test_enroll_list_switch_and_remove(capsys: pytest.CaptureFixture[str], data_dir: str, tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    blank.write_bytes(encode(synthetic("gradient", 64)))
    code, out, err = _run(
        capsys, "enroll", "--name", "Barack Obama", "--alias", "Obama", "--gallery", "officials",
        str(FIXTURES / "obama_a.jpg"), str(FIXTURES / "obama_b.jpg"), str(blank), "--data-dir", data_dir, "--json",
    )  # fmt: skip
    assert code == 0, err
    enrolled = json.loads(out)
    assert enrolled["faces"] == 2 and enrolled["skipped"] == 1
    assert "blank.png: no face found" in err
    identity = enrolled["id"]

    code, out, _ = _run(capsys, "enroll", "--list", "--json", "--data-dir", data_dir)
    [row] = json.loads(out)
    assert row == {
        "id": identity, "name": "Barack Obama", "aliases": ["Obama"], "gallery": "officials",
        "enabled": True, "gallery_enabled": True, "faces": 2,
    }  # fmt: skip

    assert _run(capsys, "enroll", "--disable", identity, "--data-dir", data_dir)[0] == 0
    assert _run(capsys, "enroll", "--disable-gallery", "officials", "--data-dir", data_dir)[0] == 0
    code, out, _ = _run(capsys, "enroll", "--list", "--data-dir", data_dir)
    assert f"{identity}  off" in out
    assert _run(capsys, "enroll", "--remove", identity, "--data-dir", data_dir)[0] == 0
    assert _run(capsys, "enroll", "--list", "--data-dir", data_dir)[1] == ""
    code, _, err = _run(capsys, "enroll", "--remove", identity, "--data-dir", data_dir)
    assert code == 65 and "no identity" in err


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["enroll", "photo.jpg"], 64, "needs --name"),
        (["enroll", "--name", "X", "missing.jpg"], 66, "no such file"),
    ],
)
def test_enroll_usage_errors(
    capsys: pytest.CaptureFixture[str], data_dir: str, argv: list[str], code: int, message: str
) -> None:
    got, _, err = _run(capsys, *argv, "--data-dir", data_dir)
    assert got == code and message in err


def test_hash_prints_pdq_and_quality(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    code, out, err = _run(capsys, "hash", str(FIXTURES / "obama_a.jpg"), str(bad))
    assert code == 65 and "bad.png" in err
    digest, quality, name = out.split()
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert quality == "quality=100" and name.endswith("obama_a.jpg")


def test_hashlist_import_then_check_denies_a_listed_image(
    capsys: pytest.CaptureFixture[str], data_dir: str, tmp_path: Path
) -> None:
    code, out, _ = _run(capsys, "hash", "--json", str(FIXTURES / "obama_b.jpg"))
    listed = json.loads(out)["pdq"]
    csv_file = tmp_path / "list.csv"
    csv_file.write_text(f"id,hash\ncase-7,{listed}\ncase-8,{'0' * 64}\n")
    code, out, _ = _run(capsys, "hashlist", "import", "partner-list", str(csv_file), "--data-dir", data_dir)
    assert code == 0 and "imported 2 hashes" in out
    list_id = out.split()[0]
    code, out, _ = _run(capsys, "hashlist", "list", "--data-dir", data_dir)
    assert f"{list_id}  on" in out and "partner-list" in out

    image = str(FIXTURES / "obama_b.jpg")
    code, out, _ = _run(capsys, "check", "a portrait", "--image-out", image, "--data-dir", data_dir, "--json")
    decision = json.loads(out)
    assert code == 1 and decision["rule_ids"] == ["deny-known-ncii"]
    assert any(f["subject"] == f"{list_id}:case-7" for f in decision["findings"])

    assert _run(capsys, "hashlist", "disable", list_id, "--data-dir", data_dir)[0] == 0
    assert _run(capsys, "check", "a portrait", "--image-out", image, "--data-dir", data_dir)[0] == 0
    assert _run(capsys, "hashlist", "remove", list_id, "--data-dir", data_dir)[0] == 0
    assert _run(capsys, "hashlist", "remove", list_id, "--data-dir", data_dir)[0] == 65


def test_hashlist_import_reports_the_bad_line(
    capsys: pytest.CaptureFixture[str], data_dir: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("a" * 64 + "\nnope\n")
    code, _, err = _run(capsys, "hashlist", "import", "x", str(bad), "--data-dir", data_dir)
    assert code == 65 and "bad.txt:2: 'nope' is not a 64-digit PDQ hash" in err
