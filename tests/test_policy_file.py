"""Policy files: the default one is valid; malformed ones get file, line and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from consentry.errors import PolicyError
from consentry.policy import default_policy, default_policy_text, load_policy, parse_policy


def test_default_policy_has_the_documented_rule_ids() -> None:
    ids = {rule.id for rule in default_policy().rules}
    assert {"deny-sexual-real-person", "deny-sexual-minor", "deny-adult-disabled"} <= ids


def test_default_policy_round_trips_through_a_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(default_policy_text(), encoding="utf-8")
    assert load_policy(path).rules == default_policy().rules


def test_default_policy_roles() -> None:
    signals = default_policy().signals
    assert signals["real_person"].roles == ("subject", "lookalike", "model_tag")
    assert signals["character_likeness"].roles == ("live_action",)
    assert signals["sexual"].roles == ()


def test_a_zero_min_score_is_kept() -> None:
    text = _with("    min_score: 0.5\n    errors: [error.minor]", "    min_score: 0\n    errors: [error.minor]")
    assert parse_policy(text).signals["minor"].min_score == 0.0


def _problems(text: str) -> list[str]:
    with pytest.raises(PolicyError) as info:
        parse_policy(text, "site.yaml")
    return info.value.problems


def _with(old: str, new: str) -> str:
    text = default_policy_text()
    assert old in text
    return text.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# (case, text edit (old, new), expected fragment of the message, needle whose line must be named)
BAD = [
    ("unknown top key", ("adult_content:\n", "adult_contnet:\n"), "unknown key 'adult_contnet'", "adult_contnet:"),
    (
        "unknown rule key",
        ("    verdict: deny\n    report: true\n", "    verdict: deny\n    reprot: true\n"),
        "unknown key 'reprot'",
        "reprot:",
    ),
    ("bad verdict", ("    verdict: review\n", "    verdict: maybe\n"), "must be one of allow, review, deny", "maybe"),
    (
        "unknown signal in rule",
        ("when: [sexual, minor]", "when: [sexual, minors]"),
        "unknown signal 'minors'",
        "when: [sexual, minors]",
    ),
    (
        "score out of range",
        ("    min_score: 0.5\n    errors: [error.minor]", "    min_score: 1.5\n    errors: [error.minor]"),
        "between 0 and 1",
        "min_score: 1.5",
    ),
    ("adult flag not boolean", ("default: false", "default: nope"), "true or false", "default: nope"),
    (
        "duplicate rule id",
        ("id: deny-suggestive-minor", "id: deny-sexual-minor"),
        "used twice",
        "id: deny-sexual-minor\n    when: [suggestive",
    ),
    ("bad error kind", ("errors: [error.minor]", "errors: [minor]"), "must be an error kind", "errors: [minor]"),
    (
        "unknown role",
        ("roles: [subject, lookalike, model_tag]   #", "roles: [subject, lookalikes, model_tag]   #"),
        "unknown role 'lookalikes'",
        "roles: [subject, lookalikes",
    ),
    (
        "role listed twice",
        ("roles: [live_action]", "roles: [live_action, live_action]"),
        "'live_action' is listed twice",
        "roles: [live_action, live_action]",
    ),
    ("empty roles", ("roles: [live_action]", "roles: []"), "at least one role", "roles: []"),
    ("roles not a list", ("roles: [live_action]", "roles: {a: 1}"), "must be a list of text", "roles: {a: 1}"),
]


@pytest.mark.parametrize(("case", "edit", "fragment", "needle"), BAD, ids=[b[0] for b in BAD])
def test_malformed_policy_names_file_line_and_problem(
    case: str, edit: tuple[str, str], fragment: str, needle: str
) -> None:
    text = _with(*edit)
    problems = _problems(text)
    assert any(fragment in p for p in problems), problems
    line = _line_of(text, needle)
    assert any(p.startswith(f"site.yaml:{line}:") and fragment in p for p in problems), (line, problems)


def test_yaml_syntax_error_gives_line_and_column() -> None:
    problems = _problems("version: '1'\nsignals: [\n")
    assert problems[0].startswith("site.yaml:3:") and "YAML syntax error" in problems[0]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("- a\n- b\n", "must be a mapping"),
        ("version: '1'\nsignals: {}\n", "'rules' is required"),
        ("signals: {}\nrules: []\n", "'version' is required"),
        (
            "version: '1'\nsignals: {}\nrules:\n  - id: Bad_Id\n    when: []\n    verdict: deny\n    message: m\n",
            "slug",
        ),
        ("version: '1'\nsignals: {}\nrules:\n  - id: x\n    when: [a]\n    verdict: deny\n", "needs a 'message'"),
        ("version: '1'\nversion: '2'\nsignals: {}\nrules: []\n", "duplicate key 'version'"),
    ],
)
def test_structural_problems(text: str, fragment: str) -> None:
    assert any(fragment in p for p in _problems(text))


def test_every_problem_is_reported_at_once() -> None:
    text = _with("adult_content:\n", "adult_contnet:\n").replace("verdict: review", "verdict: maybe", 1)
    assert len(_problems(text)) >= 2


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="no such policy file"):
        load_policy(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"version: '1'\n\xff\xfe\n")
    with pytest.raises(PolicyError, match=r"bad.yaml:2: not valid UTF-8"):
        load_policy(bad)


@pytest.mark.parametrize(("value", "expected"), [("3", "3"), ("2026.11", "2026.11"), ("'site-1'", "site-1")])
def test_version_may_be_a_number_or_text(value: str, expected: str) -> None:
    text = default_policy_text().replace('version: "2026.12-default.3"', f"version: {value}", 1)
    assert parse_policy(text).version == expected


@pytest.mark.parametrize("value", ["", "[1, 2]", "''"])
def test_version_must_be_given(value: str) -> None:
    text = default_policy_text().replace('version: "2026.12-default.3"', f"version: {value}", 1)
    problems = _problems(text)
    assert len([p for p in problems if "version" in p]) == 1, problems
