"""The guard runs a detector only when a rule of the policy could need it; decisions do not change."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import ClassVar

import pytest

from consentry import CheckRequest, Guard
from consentry.content import UserContext
from consentry.detectors.base import Context
from consentry.policy import default_policy, default_policy_text, parse_policy
from consentry.policy.outlook import Outlook, lead_kinds, open_rules
from consentry.types import Decision, Finding
from tests.helpers import FakeDetector, finding


class People:
    """A person detector that says what it reads (nothing) and what it finds."""

    name: ClassVar[str] = "people"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "person"
    kinds: ClassVar[tuple[str, ...]] = ("person.named",)
    reads: ClassVar[tuple[str, ...]] = ()

    def __init__(self, found: Sequence[Finding] = (), fail: Exception | None = None) -> None:
        self.found = list(found)
        self.fail = fail
        self.calls = 0

    def load(self) -> None:
        pass

    def applies(self, context: Context) -> bool:
        return bool(context.request.prompt)

    def detect(self, context: Context) -> Sequence[Finding]:
        self.calls += 1
        if self.fail is not None:
            raise self.fail
        return self.found


class Words:
    """A sexual detector that reads nothing earlier (so it runs first without any triage)."""

    name: ClassVar[str] = "words"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "sexual"
    kinds: ClassVar[tuple[str, ...]] = ("sexual.suggestive", "sexual.nudity", "sexual.explicit")
    reads: ClassVar[tuple[str, ...]] = ()

    def __init__(self, found: Sequence[Finding] = ()) -> None:
        self.found = list(found)
        self.calls = 0

    def load(self) -> None:
        pass

    def applies(self, context: Context) -> bool:
        return bool(context.request.prompt)

    def detect(self, context: Context) -> Sequence[Finding]:
        self.calls += 1
        return self.found


def _request(prompt: str = "a portrait", adult: bool = True) -> CheckRequest:
    return CheckRequest(prompt=prompt, user=UserContext(adult_content=adult))


def _same(a: Decision, b: Decision) -> bool:
    return (a.verdict, a.rule_ids, a.message, a.report) == (b.verdict, b.rule_ids, b.message, b.report)


PERSON_ALONE = default_policy_text().replace(
    "rules:\n",
    "rules:\n  - id: review-any-real-person\n    when: [real_person]\n    verdict: review\n"
    "    message: held for review\n",
    1,
)


def test_person_stage_is_skipped_when_nothing_sexual_or_minor_can_be_found() -> None:
    people, words = People([finding("person.named")]), Words()
    guard = Guard([people, words])
    decision = guard.check(_request())
    assert people.calls == 0 and words.calls == 1
    assert decision.verdict == "allow"
    assert "people@1:skipped" in decision.detector_versions
    assert any(line.startswith("skipped people@1") for line in decision.explanation)
    full = guard.check(_request(), every_detector=True)
    assert people.calls == 1 and _same(decision, full)
    assert "people@1" in full.detector_versions


@pytest.mark.parametrize("adult", [True, False])
def test_person_stage_runs_when_the_prompt_is_sexual(adult: bool) -> None:
    people, words = People([finding("person.named")]), Words([finding("sexual.nudity")])
    decision = Guard([people, words]).check(_request(adult=adult))
    assert people.calls == 1
    assert "deny-sexual-real-person" in decision.rule_ids
    assert ("deny-adult-disabled" in decision.rule_ids) is not adult


def test_a_sexual_score_under_every_threshold_does_not_run_the_person_stage() -> None:
    people, words = People([finding("person.named")]), Words([finding("sexual.nudity", 0.3)])
    assert Guard([people, words]).check(_request()).verdict == "allow"
    assert people.calls == 0
    # the same score counts under a policy whose threshold is lower: the person stage runs
    lower = parse_policy(default_policy_text().replace("thresholds: {}", "thresholds: {sexual.nudity: 0.25}"))
    decision = Guard([people, words], lower).check(_request())
    assert people.calls == 1 and decision.rule_ids == ("deny-sexual-real-person",)


def test_a_policy_with_a_rule_on_a_person_alone_runs_the_person_stage_on_every_request() -> None:
    policy = parse_policy(PERSON_ALONE)
    people, words = People([finding("person.named")]), Words()
    guard = Guard([people, words], policy)
    for prompt in ("a portrait", "a cat on a mat", "a bowl of fruit"):
        assert guard.check(_request(prompt)).rule_ids == ("review-any-real-person",)
    assert people.calls == 3
    assert Guard([People(), Words()], policy).check(_request()).verdict == "allow"


@pytest.mark.parametrize("sexual", [True, False])
def test_a_failing_person_stage_fails_closed_exactly_as_in_a_full_run(sexual: bool) -> None:
    found = [finding("sexual.nudity")] if sexual else []
    people = People(fail=RuntimeError("index missing"))
    guard = Guard([people, Words(found)])
    lazy, full = guard.check(_request()), guard.check(_request(), every_detector=True)
    assert _same(lazy, full)
    assert (lazy.verdict == "deny") is sexual
    if sexual:  # it was needed: it ran, failed, and the policy failed closed on its error
        assert "error.person" in {f.kind for f in lazy.findings}


def test_a_detector_that_does_not_say_what_it_reads_is_never_skipped() -> None:
    undeclared = FakeDetector([finding("person.named")])
    Guard([undeclared, Words()]).check(_request())
    assert undeclared.calls == 1


class Nudity:
    """An image detector: applies only to a request with output images."""

    name: ClassVar[str] = "looks"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "nudity"
    kinds: ClassVar[tuple[str, ...]] = ("nudity.nude", "nudity.suggestive")
    reads: ClassVar[tuple[str, ...]] = ()

    def __init__(self, found: Sequence[Finding] = ()) -> None:
        self.found = list(found)

    def load(self) -> None:
        pass

    def applies(self, context: Context) -> bool:
        return bool(context.request.output_images)

    def detect(self, context: Context) -> Sequence[Finding]:
        return self.found


@pytest.mark.parametrize("nude", [True, False])
def test_a_nude_output_image_runs_the_person_stage_for_its_prompt(png_bytes: bytes, nude: bool) -> None:
    from consentry import ImageInput

    people = People([finding("person.named")])
    guard = Guard([people, Words(), Nudity([finding("nudity.nude", image="output:0")] if nude else [])])
    request = CheckRequest(
        prompt="Ann on a beach", output_images=[ImageInput(png_bytes, role="output")], adult_content=True
    )
    decision = guard.check(request)
    assert _same(decision, guard.check(request, every_detector=True))
    assert decision.rule_ids == (("deny-sexual-real-person",) if nude else ())
    assert people.calls == (2 if nude else 1)  # the full run above ran it once in both cases


def test_detectors_behind_the_services_time_limits_are_skipped_alike() -> None:
    import concurrent.futures

    from consentry.service.timeouts import time_limited

    people, words = People([finding("person.named")]), Words()
    with concurrent.futures.ThreadPoolExecutor(1) as executor:
        limited = [time_limited(d, 5.0, executor, inline=True) for d in (people, words)]
        decision = Guard(limited).check(_request())
    assert people.calls == 0 and words.calls == 1
    assert "people@1:skipped" in decision.detector_versions


def test_detect_runs_every_detector_for_findings_decided_again_later() -> None:
    # the scan and the evaluation keep findings and decide them again under other settings
    people, words = People([finding("person.named")]), Words([finding("sexual.nudity", 0.3)])
    guard = Guard([people, words])
    findings = guard.detect(_request())
    assert people.calls == 1
    assert "person.named" in {f.kind for f in findings}
    lower = parse_policy(default_policy_text().replace("thresholds: {}", "thresholds: {sexual.nudity: 0.25}"))
    guard.policy = lower
    assert guard.decide(_request(), findings).rule_ids == ("deny-sexual-real-person",)


@pytest.mark.parametrize("every", [False, True])
def test_the_check_command_can_run_every_detector(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], every: bool
) -> None:
    from consentry.cli import main

    def default(policy: object = None) -> Guard:
        return Guard([People([finding("person.named", span=(0, 3))]), Words()])

    monkeypatch.setattr(Guard, "default", staticmethod(default))
    assert main(["check", "Ann in a portrait", "--json", *(["--every-detector"] if every else [])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert ("person.named" in {f["kind"] for f in data["findings"]}) is every
    assert data["detector_versions"] == (["people@1", "words@1"] if every else ["people@1:skipped", "words@1"])


def test_the_bundled_readers_of_people_are_those_the_triage_knows() -> None:
    from consentry.detectors.registry import bundled_detector_specs

    specs = {spec.target.rsplit(":", 1)[1]: spec.reads for spec in bundled_detector_specs()}
    assert specs["SexualDetector"] == ("person",) and specs["MinorDetector"] == ("person",)
    assert specs["PersonDetector"] == ()
    assert all(specs[name] == () for name in ("NudityDetector", "FaceDetector", "HashMatchDetector"))


# --- the policy's side, with hand-made findings ---


def test_open_rules_none_when_no_sexual_minor_or_image_signal_can_be_on() -> None:
    policy = default_policy()
    outlook = Outlook([], {"person.named": 1.0, "sexual.nudity": 0.45}, frozenset({"error.person"}))
    assert open_rules(policy, outlook, adult=True, tier=None) == []


def test_open_rules_name_the_rules_a_person_could_change() -> None:
    policy = default_policy()
    outlook = Outlook([finding("sexual.nudity")], {"person.named": 1.0}, frozenset({"error.person"}))
    ids = {rule.id for rule in open_rules(policy, outlook, adult=True, tier=None)}
    assert "deny-sexual-real-person" in ids
    assert "deny-adult-disabled" not in ids  # adult content on: it cannot match
    closed = Outlook([finding("sexual.nudity"), finding("person.named")], {}, frozenset())
    assert open_rules(policy, closed, adult=True, tier=None) == []


def test_open_rules_a_possible_score_counts_from_the_threshold_on() -> None:
    policy = default_policy()
    under = Outlook([], {"sexual.suggestive": 0.49, "minor.term": 1.0}, frozenset())
    at = Outlook([], {"sexual.suggestive": 0.5, "minor.term": 1.0}, frozenset())
    assert open_rules(policy, under, adult=True, tier=None) == []
    assert [r.id for r in open_rules(policy, at, adult=True, tier=None)] == ["deny-suggestive-minor"]


def test_open_rules_an_allow_listed_final_finding_does_not_count() -> None:
    text = default_policy_text().replace("phrases: []", 'phrases: ["madonna and child"]')
    madonna = finding("person.named", span=(0, 7))
    outlook = Outlook([madonna], {"sexual.nudity": 1.0}, frozenset())
    texts = {"prompt": "Madonna and child, nude"}
    opened = open_rules(default_policy(), outlook, adult=True, tier=None, texts=texts)
    assert [rule.id for rule in opened] == ["deny-sexual-real-person", "review-suggestive-real-person"]
    assert open_rules(parse_policy(text), outlook, adult=True, tier=None, texts=texts) == []


def test_lead_kinds_finds_the_rules_a_detector_matches_alone() -> None:
    assert lead_kinds(default_policy(), ("person.named",), ("error.person",), adult=True, tier=None) == ()
    alone = lead_kinds(parse_policy(PERSON_ALONE), ("person.named",), ("error.person",), adult=True, tier=None)
    assert [rule.id for rule in alone] == ["review-any-real-person"]
    sexual = ("sexual.nudity",)
    assert [r.id for r in lead_kinds(default_policy(), sexual, (), adult=False, tier=None)] == ["deny-adult-disabled"]
    assert lead_kinds(default_policy(), sexual, (), adult=True, tier=None) == ()


# --- the bundled detectors: prompts whose sexual or minor reading depends on a name ---


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard.default().load()


@pytest.mark.parametrize(
    "prompt",
    [
        # a word of the name is no sexual word ("Dick"), with and without a sexual context
        "Dick Van Dyke smiling at the camera",
        "Dick Van Dyke riding a horse on the beach",
        "dick van dyke and his hard dick",
        "Dick Cavett interviewing a guest, 1970s",
        # a scene that is suggestive only said of a person
        "Zendaya in the shower, photo",
        "Ryan Gosling taking a bath, film still",
        "a bathroom with a shower, interior design photo",
        "two kids taking a bath in a tub",
        # an adjective before a person ("bare X")
        "bare Kim Jongwoon on the beach",
        "bare trees in the winter forest",
        "exposed brick wall in a loft",
        # a person as the object of a verb, a garment after a name
        "riding Margot Robbie in bed",
        "Jisoo's skirt pulled down",
        "Jisoo's skirt in the wind, street photo",
        # youth and ages around a person
        "young Emma Watson in a bikini",
        "Emma Watson at 14 in a swimsuit",
        "Taylor Swift, 15, posing on a bed",
        "young trees in a little garden",
        "a photo from 1999 of a city at 12 pm",
        "a portrait of Barack Obama",
        "Barack Obama giving a speech, photo",
        "Barack Obama giving his wife head",
        "two men taking turns on Margot Robbie",
    ],
)
@pytest.mark.parametrize("adult", [True, False])
def test_lazy_decision_is_the_full_one_on_prompts_that_depend_on_a_name(guard: Guard, prompt: str, adult: bool) -> None:
    request = _request(prompt, adult)
    assert _same(guard.check(request), guard.check(request, every_detector=True))


def test_a_scene_said_of_a_person_runs_the_person_stage(guard: Guard) -> None:
    decision = guard.check(_request("Zendaya in the shower, photo"))
    assert decision.verdict == "review"
    assert not any(v.endswith(":skipped") and v.startswith("person@") for v in decision.detector_versions)


def test_a_plain_portrait_skips_the_person_stage(guard: Guard) -> None:
    decision = guard.check(_request("Barack Obama giving a speech, photo"))
    assert decision.verdict == "allow"
    assert any(v.startswith("person@") and v.endswith(":skipped") for v in decision.detector_versions)
    assert any(line.startswith("skipped person@") for line in decision.explanation)
