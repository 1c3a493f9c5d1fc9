"""Policy tests with hand-made findings: each rule, precedence, adult on/off, fail-closed, allow-list."""

from __future__ import annotations

import pytest

from consentry.policy import AllowList, default_policy, evaluate
from consentry.types import Finding, Span
from tests.helpers import finding

POLICY = default_policy()

# (case, finding kinds, adult_content, expected verdict, expected first rule id or None, report)
CASES = [
    ("nothing found allows", [], False, "allow", None, False),
    ("real person alone allows", ["person.named"], False, "allow", None, False),
    ("sexual + named person denies", ["sexual.nudity", "person.named"], True, "deny", "deny-sexual-real-person", False),
    (
        "explicit + protected person denies",
        ["sexual.explicit", "person.protected"],
        True,
        "deny",
        "deny-sexual-real-person",
        False,
    ),
    (
        "image nudity + enrolled face, neither located, denies as a real photo",
        ["nudity.exposed", "face.match"],
        True,
        "deny",
        "deny-sexualised-real-photo",
        False,
    ),
    (
        "sexual prompt + real photo input denies",
        ["sexual.nudity", "face.photo"],
        True,
        "deny",
        "deny-sexualised-real-photo",
        False,
    ),
    ("sexual + minor denies and reports", ["sexual.explicit", "minor.age"], True, "deny", "deny-sexual-minor", True),
    (
        "sexual + minor denies even with adult off",
        ["sexual.nudity", "minor.term"],
        False,
        "deny",
        "deny-sexual-minor",
        True,
    ),
    ("suggestive + minor denies", ["sexual.suggestive", "minor.age"], True, "deny", "deny-suggestive-minor", False),
    ("minor alone allows", ["minor.age"], False, "allow", None, False),
    ("adult content on allows fictional nudity", ["sexual.nudity"], True, "allow", None, False),
    ("adult content off denies nudity", ["sexual.nudity"], False, "deny", "deny-adult-disabled", False),
    (
        "suggestive + real person reviews",
        ["sexual.suggestive", "person.named"],
        True,
        "review",
        "review-suggestive-real-person",
        False,
    ),
    ("suggestive alone allows with adult off", ["sexual.suggestive"], False, "allow", None, False),
    (
        "sexual + unlisted person at a full name's score denies",
        ["sexual.nudity", "person.unlisted"],
        True,
        "deny",
        "deny-sexual-unlisted-full-name",
        False,
    ),
    ("known NCII hash denies and reports", ["hash.match"], True, "deny", "deny-known-ncii", True),
    (
        "person detector error + sexual fails closed",
        ["sexual.nudity", "error.person"],
        True,
        "deny",
        "deny-sexual-real-person",
        False,
    ),
    (
        "minor detector error + sexual fails closed without report",
        ["sexual.nudity", "error.minor"],
        True,
        "deny",
        "deny-sexual-minor",
        False,
    ),
    ("person detector error without sexual allows", ["error.person"], True, "allow", None, False),
    (
        "sexual detector error + person fails closed",
        ["error.sexual", "person.named"],
        True,
        "deny",
        "deny-sexual-real-person",
        False,
    ),
]


@pytest.mark.parametrize(("case", "kinds", "adult", "verdict", "rule", "report"), CASES, ids=[c[0] for c in CASES])
def test_default_policy_rules(
    case: str, kinds: list[str], adult: bool, verdict: str, rule: str | None, report: bool
) -> None:
    decision = evaluate(POLICY, [finding(k) for k in kinds], adult_content=adult)
    assert decision.verdict == verdict
    assert (decision.rule_ids[0] if decision.rule_ids else None) == rule
    assert decision.report is report
    assert decision.policy_version == POLICY.version
    if verdict != "allow":
        assert decision.message
        assert "rule" not in decision.message.lower() and "score" not in decision.message.lower()


def test_most_severe_rule_wins_and_all_matches_are_listed() -> None:
    decision = evaluate(
        POLICY, [finding("sexual.nudity"), finding("person.named"), finding("minor.age")], adult_content=False
    )
    assert decision.verdict == "deny"
    assert decision.rule_ids[0] == "deny-sexual-minor"
    assert {"deny-sexual-real-person", "deny-adult-disabled"} <= set(decision.rule_ids)
    assert decision.report


def test_deny_outranks_review() -> None:
    decision = evaluate(POLICY, [finding("sexual.suggestive"), finding("person.named"), finding("hash.match")])
    assert decision.verdict == "deny"
    assert decision.rule_ids == ("deny-known-ncii", "review-suggestive-real-person")


@pytest.mark.parametrize(("score", "verdict"), [(0.49, "allow"), (0.5, "deny"), (0.95, "deny")])
def test_signal_threshold_is_inclusive(score: float, verdict: str) -> None:
    decision = evaluate(POLICY, [finding("sexual.nudity"), finding("person.named", score)], adult_content=True)
    assert decision.verdict == verdict


def test_per_kind_threshold_overrides_signal_threshold() -> None:
    from dataclasses import replace
    from types import MappingProxyType

    strict = replace(POLICY, thresholds=MappingProxyType({"person.named": 0.8}))
    findings = [finding("sexual.nudity"), finding("person.named", 0.7)]
    assert evaluate(POLICY, findings, adult_content=True).verdict == "deny"
    assert evaluate(strict, findings, adult_content=True).verdict == "allow"


def test_adult_content_follows_tier_when_request_is_silent() -> None:
    from dataclasses import replace
    from types import MappingProxyType

    from consentry.policy import AdultContent

    tiered = replace(POLICY, adult_content=AdultContent(False, MappingProxyType({"premium": True})))
    nude = [finding("sexual.nudity")]
    assert evaluate(tiered, nude, tier="premium").verdict == "allow"
    assert evaluate(tiered, nude, tier="free").verdict == "deny"
    assert evaluate(tiered, nude).verdict == "deny"
    assert evaluate(tiered, nude, tier="free", adult_content=True).verdict == "allow"


def test_allow_list_phrase_covering_the_span_suppresses_the_finding() -> None:
    text = "Madonna and child, renaissance painting, nude"
    findings = [finding("person.named", span=(0, 7), subject="madonna"), finding("sexual.nudity", span=(41, 45))]
    assert evaluate(POLICY, findings, texts={"prompt": text}, adult_content=True).verdict == "deny"
    allow = AllowList.of(phrases=["madonna  and CHILD"])
    decision = evaluate(POLICY, findings, texts={"prompt": text}, adult_content=True, allow_list=allow)
    assert decision.verdict == "allow"
    assert [f.kind for f in decision.suppressed] == ["person.named"]
    assert any("allow-list" in line for line in decision.explanation)


def test_allow_list_phrase_elsewhere_in_the_text_does_not_suppress() -> None:
    text = "Madonna nude. madonna and child"
    findings = [finding("person.named", span=(0, 7)), finding("sexual.nudity", span=(8, 12))]
    allow = AllowList.of(phrases=["madonna and child"])
    assert evaluate(POLICY, findings, texts={"prompt": text}, adult_content=True, allow_list=allow).verdict == "deny"


def test_allow_list_subject_suppresses_by_person_id() -> None:
    findings = [finding("person.named", subject="Q42"), finding("sexual.nudity")]
    allow = AllowList.of(subjects=["q42"])
    assert evaluate(POLICY, findings, adult_content=True, allow_list=allow).verdict == "allow"


def test_allow_list_never_suppresses_detector_errors() -> None:
    error = finding("error.person", subject="anything")
    allow = AllowList.of(subjects=["anything"])
    decision = evaluate(POLICY, [error, finding("sexual.nudity")], adult_content=True, allow_list=allow)
    assert decision.verdict == "deny"


def test_findings_used_by_the_deciding_rules_come_first() -> None:
    findings = [finding("minor.age", 0.2), finding("person.named"), finding("sexual.nudity")]
    decision = evaluate(POLICY, findings, adult_content=True)
    assert [f.kind for f in decision.findings][:2] == ["person.named", "sexual.nudity"]


# Roles: (case, person finding kind, role or None, other finding kinds, adult, expected verdict, first rule)
ROLE_CASES = [
    ("no role counts as the subject", "person.named", None, ["sexual.nudity"], True, "deny", "deny-sexual-real-person"),
    (
        "subject + sexual denies",
        "person.named",
        "subject",
        ["sexual.explicit"],
        True,
        "deny",
        "deny-sexual-real-person",
    ),
    (
        "lookalike + sexual denies",
        "person.named",
        "lookalike",
        ["sexual.nudity"],
        True,
        "deny",
        "deny-sexual-real-person",
    ),
    (
        "model tag + sexual denies",
        "person.named",
        "model_tag",
        ["sexual.nudity"],
        True,
        "deny",
        "deny-sexual-real-person",
    ),
    ("protected lookalike + sexual denies", "person.protected", "lookalike", ["sexual.nudity"], True, "deny", None),
    ("style + sexual with adult on allows", "person.named", "style", ["sexual.nudity"], True, "allow", None),
    ("style + sexual with adult off is only adult", "person.named", "style", ["sexual.nudity"], False, "deny", None),
    ("fictional + sexual with adult on allows", "person.named", "fictional", ["sexual.nudity"], True, "allow", None),
    ("negative + sexual with adult on allows", "person.named", "negative", ["sexual.explicit"], True, "allow", None),
    (
        "live-action character + sexual reviews",
        "person.named",
        "live_action",
        ["sexual.nudity"],
        True,
        "review",
        "review-sexual-live-action-character",
    ),
    ("live-action character alone allows", "person.named", "live_action", [], True, "allow", None),
    (
        "live-action character + suggestive allows",
        "person.named",
        "live_action",
        ["sexual.suggestive"],
        True,
        "allow",
        None,
    ),
    ("style + suggestive allows", "person.named", "style", ["sexual.suggestive"], True, "allow", None),
    (
        "lookalike + suggestive reviews",
        "person.named",
        "lookalike",
        ["sexual.suggestive"],
        True,
        "review",
        "review-suggestive-real-person",
    ),
    ("negative unlisted name + sexual allows", "person.unlisted", "negative", ["sexual.nudity"], True, "allow", None),
    (
        "subject unlisted name at a full name's score + sexual denies",
        "person.unlisted",
        "subject",
        ["sexual.nudity"],
        True,
        "deny",
        "deny-sexual-unlisted-full-name",
    ),
    ("style described person + sexual allows", "person.described", "style", ["sexual.nudity"], True, "allow", None),
    (
        "minor rule ignores the person's role",
        "person.named",
        "style",
        ["sexual.nudity", "minor.age"],
        True,
        "deny",
        None,
    ),
]


@pytest.mark.parametrize(
    ("case", "kind", "role", "others", "adult", "verdict", "rule"), ROLE_CASES, ids=[c[0] for c in ROLE_CASES]
)
def test_default_policy_conditions_on_the_person_role(
    case: str, kind: str, role: str | None, others: list[str], adult: bool, verdict: str, rule: str | None
) -> None:
    findings = [finding(kind, role=role), *(finding(k) for k in others)]
    decision = evaluate(POLICY, findings, adult_content=adult)
    assert decision.verdict == verdict, decision.explanation
    if rule is not None:
        assert decision.rule_ids[0] == rule


def test_real_person_in_any_role_beside_the_subject_still_denies() -> None:
    findings = [
        finding("person.named", role="style", subject="a"),
        finding("person.named", role="subject", subject="b"),
        finding("sexual.nudity"),
    ]
    decision = evaluate(POLICY, findings, adult_content=True)
    assert decision.verdict == "deny"
    assert decision.rule_ids[0] == "deny-sexual-real-person"


def test_live_action_review_gives_way_to_a_real_person_deny() -> None:
    findings = [finding("person.named", role="live_action"), finding("person.named"), finding("sexual.nudity")]
    decision = evaluate(POLICY, findings, adult_content=True)
    assert decision.rule_ids == ("deny-sexual-real-person",)


def test_explanation_names_findings_left_out_for_their_role() -> None:
    decision = evaluate(POLICY, [finding("person.named", role="style"), finding("sexual.nudity")], adult_content=True)
    assert any("real_person: not counted" in line and "role style" in line for line in decision.explanation)


def test_signal_without_roles_counts_every_role() -> None:
    from dataclasses import replace
    from types import MappingProxyType

    signals = dict(POLICY.signals)
    signals["real_person"] = replace(signals["real_person"], roles=())
    lax = replace(POLICY, signals=MappingProxyType(signals))
    findings = [finding("person.named", role="style"), finding("sexual.nudity")]
    assert evaluate(POLICY, findings, adult_content=True).verdict == "allow"
    assert evaluate(lax, findings, adult_content=True).verdict == "deny"


# Photos of real people as inputs: (case, findings as (kind, where), adult, verdict, first rule).
# 'where' is an image ('input:0', 'output:0'), 'prompt', or None (a finding that does not say).
PHOTO_CASES = [
    (
        "suggestive prompt over a photo denies",
        [("face.photo", "input:0"), ("sexual.suggestive", "prompt")],
        True,
        "deny",
        "deny-sexualised-real-photo",
    ),
    (
        "nude prompt over a photo denies",
        [("face.photo", "input:0"), ("sexual.nudity", "prompt")],
        True,
        "deny",
        "deny-sexualised-real-photo",
    ),
    (
        "a suggestive output of a photo denies",
        [("face.photo", "input:0"), ("nudity.suggestive", "output:0")],
        True,
        "deny",
        "deny-sexualised-real-photo",
    ),
    (
        "covered parts in the output of a photo deny",
        [("face.photo", "input:0"), ("nudity.covered", "output:0")],
        False,
        "deny",
        "deny-sexualised-real-photo",
    ),
    (
        "a suggestive input photo with a harmless edit allows",
        [("face.photo", "input:0"), ("nudity.suggestive", "input:0")],
        True,
        "allow",
        None,
    ),
    (
        "a suggestive input photo with a harmless edit allows with adult off",
        [("face.photo", "input:0"), ("nudity.covered", "input:0"), ("nudity.suggestive", "input:0")],
        False,
        "allow",
        None,
    ),
    (
        "a nude input photo denies whatever the prompt",
        [("face.photo", "input:0"), ("nudity.nude", "input:0")],
        True,
        "deny",
        "deny-sexual-real-person",
    ),
    (
        "exposed parts in an input photo deny",
        [("face.photo", "input:0"), ("nudity.exposed", "input:0")],
        True,
        "deny",
        "deny-sexual-real-person",
    ),
    ("a photo with a harmless edit allows", [("face.photo", "input:0")], False, "allow", None),
    (
        "an enrolled face in the input + a suggestive prompt denies",
        [("face.match", "input:0"), ("sexual.suggestive", "prompt")],
        True,
        "deny",
        "deny-sexualised-real-photo",
    ),
    (
        "an enrolled face only in the output + suggestive reviews",
        [("face.match", "output:0"), ("sexual.suggestive", "prompt")],
        True,
        "review",
        "review-suggestive-real-person",
    ),
    (
        "a named person + a suggestive input photo allows",
        [("person.named", "prompt"), ("nudity.suggestive", "input:0")],
        True,
        "allow",
        None,
    ),
    (
        "a minor + a suggestive input image still denies",
        [("minor.age", "prompt"), ("nudity.suggestive", "input:0")],
        True,
        "deny",
        "deny-suggestive-minor",
    ),
    (
        "a face-detector error + a suggestive prompt with a photo fails closed",
        [("error.face", None), ("sexual.suggestive", "prompt")],
        True,
        "deny",
        "deny-sexualised-real-photo",
    ),
    (
        "a sexual-detector error over a photo fails closed",
        [("face.photo", "input:0"), ("error.sexual", None)],
        True,
        "deny",
        "deny-sexualised-real-photo",
    ),
    (
        "a suggestive prompt + a drawing (no photo) with adult off allows",
        [("sexual.suggestive", "prompt")],
        False,
        "allow",
        None,
    ),
]


def _located(kind: str, where: str | None) -> Finding:
    if where is None:
        return finding(kind)
    if where in ("prompt", "negative_prompt"):
        return finding(kind, span=(0, 4), field=where)
    return finding(kind, image=where)


@pytest.mark.parametrize(("case", "found", "adult", "verdict", "rule"), PHOTO_CASES, ids=[c[0] for c in PHOTO_CASES])
def test_photos_of_real_people_as_inputs(
    case: str, found: list[tuple[str, str | None]], adult: bool, verdict: str, rule: str | None
) -> None:
    decision = evaluate(POLICY, [_located(k, w) for k, w in found], adult_content=adult)
    assert decision.verdict == verdict, decision.explanation
    assert (decision.rule_ids[0] if decision.rule_ids else None) == rule


# Allow-list scope: (case, phrases, subjects, run-time subjects, prompt, person span, verdict with adult on)
ALLOW_SCOPE = [
    (
        "a phrase around the name suppresses it",
        ["madonna and child"],
        [],
        [],
        "Madonna and child, nude",
        (0, 7),
        "allow",
    ),
    ("a phrase that is only the name does not", ["madonna"], [], [], "Madonna, nude", (0, 7), "deny"),
    ("a name alone in different case does not", ["MADONNA"], [], [], "madonna nude", (0, 7), "deny"),
    ("the phrase elsewhere does not", ["madonna and child"], [], [], "Madonna nude, madonna and child", (0, 7), "deny"),
    ("a file subject covers the person", [], ["q42"], [], "Madonna nude", (0, 7), "allow"),
    ("a run-time subject never covers a person", [], [], ["q42"], "Madonna nude", (0, 7), "deny"),
    ("a run-time name never covers a person", [], [], ["Madonna Ciccone"], "Madonna nude", (0, 7), "deny"),
]


@pytest.mark.parametrize(
    ("case", "phrases", "subjects", "other", "prompt", "span", "verdict"), ALLOW_SCOPE, ids=[c[0] for c in ALLOW_SCOPE]
)
def test_allow_list_entries_are_scoped(
    case: str,
    phrases: list[str],
    subjects: list[str],
    other: list[str],
    prompt: str,
    span: tuple[int, int],
    verdict: str,
) -> None:
    person = Finding(
        "person.named", 0.9, "t@1", "r", span=Span(*span), subject="q42", evidence={"name": "Madonna Ciccone"}
    )
    nude = prompt.lower().index("nude")
    findings = [person, finding("sexual.nudity", span=(nude, nude + 4))]
    allow = AllowList.of(phrases, subjects, other)
    decision = evaluate(POLICY, findings, texts={"prompt": prompt}, adult_content=True, allow_list=allow)
    assert decision.verdict == verdict


def test_run_time_subjects_still_cover_other_findings() -> None:
    listed = Finding("hash.match", 0.9, "t@1", "r", subject="partner:item-9")
    allow = AllowList.of(other_subjects=["partner:item-9"])
    assert evaluate(POLICY, [listed], allow_list=allow).verdict == "allow"
    assert evaluate(POLICY, [listed]).verdict == "deny"


def test_explanation_does_not_list_subjects_left_out_of_the_character_signal() -> None:
    decision = evaluate(POLICY, [finding("person.named"), finding("sexual.nudity")], adult_content=True)
    assert not any("not counted" in line for line in decision.explanation)
