"""The command line: readable output, JSON, exit codes 0/1/2 and 64+ for bad usage or input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consentry import Guard
from consentry.cli import main
from consentry.policy import default_policy_text
from tests.helpers import FakeDetector, finding


@pytest.fixture
def fake_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """A guard whose detectors find words by position, so the CLI can be tested without models."""

    class WordDetector(FakeDetector):
        def detect(self, context):  # type: ignore[no-untyped-def]
            out = []
            text = context.request.prompt
            for word, kind in (("nude", "sexual.nudity"), ("lingerie", "sexual.suggestive"), ("Ann", "person.named")):
                at = text.find(word)
                if at >= 0:
                    out.append(finding(kind, span=(at, at + len(word)), subject=word))
            return out

    def default(policy=None):  # type: ignore[no-untyped-def]
        from consentry.policy import load_policy

        return Guard([WordDetector()], load_policy(policy) if policy else None)

    monkeypatch.setattr(Guard, "default", staticmethod(default))


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        (["check", "a cat on a sofa"], 0, "verdict: ALLOW"),
        (["check", "Ann nude on a beach", "--adult"], 1, "verdict: DENY"),
        (["check", "Ann in lingerie", "--adult"], 2, "verdict: REVIEW"),
        (["check", "a nude statue", "--adult"], 0, "verdict: ALLOW"),
        (["check", "a nude statue", "--no-adult"], 1, "adult content is not enabled"),
    ],
)
def test_check_exit_codes_and_output(
    fake_guard: None, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, fragment: str
) -> None:
    assert main(argv) == code
    assert fragment in capsys.readouterr().out


def test_check_highlights_the_triggering_spans(fake_guard: None, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "Ann nude on a beach", "--adult"])
    out = capsys.readouterr().out
    assert "[[Ann]] [[nude]] on a beach" in out
    assert "without their consent" in out


def test_check_json_has_the_documented_fields(fake_guard: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "Ann nude", "--adult", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "deny"
    assert data["rule_ids"] == ["deny-sexual-real-person"]
    assert {"message", "findings", "policy_version"} <= data.keys()
    person = next(f for f in data["findings"] if f["kind"] == "person.named")
    assert person["span"] == {"start": 0, "end": 3, "field": "prompt"}


def test_explain_shows_rules_and_signals(fake_guard: None, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "Ann nude", "--adult", "--explain"])
    out = capsys.readouterr().out
    assert "signal sexual: on" in out and "rule deny-sexual-real-person" in out


def test_check_with_a_custom_policy(fake_guard: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(default_policy_text().replace("verdict: review", "verdict: allow", 1), encoding="utf-8")
    assert main(["check", "Ann in lingerie", "--adult", "--policy", str(policy)]) == 0


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        (["check", ""], 65, "nothing to check"),
        (["check", "x" * 100_000], 65, "limit is"),
        (["check", "cat", "--image-in", "/nonexistent/x.png"], 66, "no such file"),
        (["check", "cat", "--bogus"], 64, "unrecognized arguments"),
        (["check"], 64, "required"),
        ([], 64, ""),
        (["policy", "check", "/nonexistent/policy.yaml"], 78, "no such policy file"),
    ],
)
def test_usage_and_input_errors(
    fake_guard: None, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, fragment: str
) -> None:
    if argv == ["check"] or "--bogus" in argv:
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == code
    else:
        assert main(argv) == code
    captured = capsys.readouterr()
    assert fragment in captured.err
    assert "Traceback" not in captured.err


def test_corrupt_image_file_is_a_data_error(
    fake_guard: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"this is not a png")
    assert main(["check", "cat", "--image-in", str(bad)]) == 65
    assert "broken.png: not a supported image" in capsys.readouterr().err


def test_policy_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(default_policy_text(), encoding="utf-8")
    assert main(["policy", "check", str(good)]) == 0
    assert "OK" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(default_policy_text().replace("rules:", "rulez:"), encoding="utf-8")
    assert main(["policy", "check", str(bad)]) == 78
    err = capsys.readouterr().err
    assert "unknown key 'rulez'" in err and "bad.yaml:" in err
