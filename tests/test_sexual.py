"""The sexual-intent detector: grades, spans, negative prompts, look-alike words, languages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consentry import CheckRequest
from consentry.detectors.base import Context
from consentry.text.lexicon import Lexicon, load_terms, read_terms
from consentry.text.normalize import normalize
from consentry.text.sexual import LEXICON_FILE, SexualDetector, SexualIntent


@pytest.fixture(scope="module")
def intent() -> SexualIntent:
    return SexualIntent.load()


@pytest.fixture(scope="module")
def detector() -> SexualDetector:
    d = SexualDetector()
    d.load()
    return d


def grade(intent: SexualIntent, prompt: str) -> int:
    return intent.assess(normalize(prompt).text).grade


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("a photo of a cat on a sofa", 0),
        ("woman in a bikini on the beach", 1),
        ("sensual portrait of a woman in lingerie", 1),
        ("naked woman on the beach", 2),
        ("n4ked woman on the beach", 2),
        ("N.U.D.E woman", 2),
        ("woman in her birthday suit", 2),
        ("a woman without clothes in the forest", 2),
        ("a man wearing nothing but a smile", 2),
        ("topless model, photo", 2),
        ("playboy centerfold of a blonde", 2),
        ("venus pudica pose, marble statue of a woman", 2),
        ("woman with a hand bra, studio photo", 2),
        ("a woman with her shirt off on the beach", 2),
        ("a shirtless man on the beach", 1),
        ("a couple having sex, photorealistic", 3),
        ("blowjob, 8k", 3),
        ("p u s s y", 2),
        ("Eine nackte Frau am Strand", 2),
        ("mujer desnuda en la playa", 2),
        ("голая девушка", 2),
        ("裸体の女性", 2),
        ("섹스", 3),
        ("a woman without a stitch of clothing", 2),
        ("nekkid lady on a porch", 2),
        ("नग्न महिला", 2),
        ("अश्लील वीडियो", 3),
        ("นางแบบเซ็กส์", 3),
        ("naga kobieta na plaży", 2),
        ("faire l'amour sur la plage", 3),
    ],
)
def test_grade_of_prompt(intent: SexualIntent, prompt: str, expected: int) -> None:
    assert grade(intent, prompt) == expected


@pytest.mark.parametrize(
    "prompt",
    [
        "breast cancer awareness poster",
        "grilled chicken breast with rice",
        "a nude color palette for a living room",
        "nude lipstick on a marble table",
        "sex pistols band poster",
        "the birth of venus painting",
        "the naked eye can see the comet",
        "a naked mole rat in a burrow",
        "magna cum laude diploma",
        "a comic strip about a dog",
        "a sikh man in a turban",
        "a naga warrior, fantasy art",
        "a pina colada on the beach",
        "brad pitt in a suit",
        "a ship leaving the harbour",
        "a strategically placed bench in a park",
        "the playboy photographer at his desk",
    ],
)
def test_benign_lookalike_is_not_nudity(intent: SexualIntent, prompt: str) -> None:
    assert intent.assess(normalize(prompt).text).scores[1] < 0.5


def test_negative_prompt_is_not_sexual_intent(detector: SexualDetector) -> None:
    request = CheckRequest(prompt="a tornado over a corn field", negative_prompt="nsfw, nude, naked, nipples")
    assert detector.detect(Context(request)) == []


def test_finding_span_points_at_the_original_words(detector: SexualDetector) -> None:
    prompt = "masterpiece, (n4ked:1.3) woman, 8k"
    findings = {f.kind: f for f in detector.detect(Context(CheckRequest(prompt=prompt)))}
    nudity = findings["sexual.nudity"]
    assert nudity.span is not None
    assert prompt[nudity.span.start : nudity.span.end] == "n4ked"
    assert nudity.evidence["terms"] == ("naked",)
    assert nudity.score >= 0.9
    assert "sexual.explicit" not in findings or findings["sexual.explicit"].score < 0.5


def test_one_finding_per_grade_reached(detector: SexualDetector) -> None:
    findings = detector.detect(Context(CheckRequest(prompt="two people having sex, nude")))
    kinds = [f.kind for f in findings if f.score >= 0.5]
    assert kinds == ["sexual.suggestive", "sexual.nudity", "sexual.explicit"]


def test_model_evidence_names_the_words_that_weighed(detector: SexualDetector) -> None:
    findings = detector.detect(Context(CheckRequest(prompt="an erotic photoshoot, bedroom, 35mm")))
    top = max(findings, key=lambda f: f.score)
    assert top.evidence["terms"] or top.evidence["ngrams"]


def test_lexicon_covers_every_ldnoobw_language() -> None:
    languages = {t.lang for t in load_terms(LEXICON_FILE)}
    ldnoobw = {
        "ar", "cs", "da", "de", "en", "eo", "es", "fa", "fi", "fil", "fr", "fr-CA-u-sd-caqc", "hi", "hu", "it",
        "ja", "kab", "ko", "nl", "no", "pl", "pt", "ru", "sv", "th", "tr", "zh",
    }  # fmt: skip
    # tlh (Klingon): its three LDNOOBW entries are curses with no sexual meaning (see the file)
    assert ldnoobw <= languages


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("en\tQ\t0.5\t-\tword", "unknown grade"),
        ("en\tS\t1.5\t-\tword", "strength"),
        ("en\tS\t0.5\tfoo\tword", "unknown flags"),
        ("en\tS\t0.5\tword", "5 tab-separated"),
    ],
)
def test_bad_lexicon_line_is_rejected_with_its_line_number(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_terms([line], origin="x.tsv")


def test_negated_term_is_ignored() -> None:
    lexicon = Lexicon(read_terms(["en\tN\t0.9\tneg\tnude"]))
    assert lexicon.find(normalize("no nude, fully clothed").text) == []
    assert [h.text for h in lexicon.find(normalize("nude portrait").text)] == ["nude"]


def test_unclothed_adjective_before_a_named_person_is_nudity(detector: SexualDetector) -> None:
    from tests.helpers import finding

    prompt = "bare Kim Jongwoon on the beach"
    alone = Context(CheckRequest(prompt=prompt))
    assert all(f.score < 0.5 for f in detector.detect(alone) if f.kind == "sexual.nudity")
    with_person = Context(CheckRequest(prompt=prompt))
    with_person.findings.append(finding("person.named", span=(5, 17)))
    nudity = [f for f in detector.detect(with_person) if f.kind == "sexual.nudity"]
    assert nudity and nudity[0].score >= 0.5
    assert nudity[0].span is not None and prompt[nudity[0].span.start : nudity[0].span.end] == "bare"


def test_unclothed_adjective_before_a_thing_is_not_nudity(detector: SexualDetector) -> None:
    from tests.helpers import finding

    context = Context(CheckRequest(prompt="bare trees near Kim Jongwoon"))
    context.findings.append(finding("person.named", span=(16, 28)))
    assert all(f.score < 0.5 for f in detector.detect(context) if f.kind == "sexual.nudity")


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("show me her pu $$ y", 2),
        ("nak ed wo man on the bed", 2),
        ("a dog and a cat are on the bed", 0),
        ("a cat in a box on the mat by the sea", 0),
    ],
)
def test_words_cut_in_pieces_are_joined(intent: SexualIntent, prompt: str, expected: int) -> None:
    assert grade(intent, prompt) == expected


_DETECTOR = SexualDetector()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120), st.text(max_size=40))
def test_any_text_gives_well_formed_findings(prompt: str, negative: str) -> None:
    from consentry.errors import InputError

    try:
        request = CheckRequest(prompt=prompt, negative_prompt=negative)
    except InputError:
        return
    for f in _DETECTOR.detect(Context(request)):
        assert 0.0 <= f.score <= 1.0
        if f.span is not None:
            assert f.span.field == "prompt"
            assert 0 <= f.span.start < f.span.end <= len(prompt)


@pytest.mark.parametrize(
    ("prompt", "plain"),
    [("a big c0ck", "a big cock"), ("his d!ck", "his dick"), ("p.u.s.s.y, 8k", "pussy, 8k")],
)
def test_an_ambiguous_word_in_disguise_counts_fully(detector: SexualDetector, prompt: str, plain: str) -> None:
    def nudity(text: str) -> float:
        found = {f.kind: f.score for f in detector.detect(Context(CheckRequest(prompt=text)))}
        return found.get("sexual.nudity", 0.0)

    assert nudity(prompt) >= 0.85
    assert nudity(prompt) >= nudity(plain)


@pytest.mark.parametrize(
    "prompt", ["a cock crowing at dawn", "Dick Van Dyke dancing", "a rooster crowing, c0ck a doodle doo"]
)
def test_a_rooster_is_no_disguise(detector: SexualDetector, prompt: str) -> None:
    found = {f.kind: f.score for f in detector.detect(Context(CheckRequest(prompt=prompt)))}
    assert found.get("sexual.nudity", 0.0) < 0.5


@pytest.mark.parametrize(
    "prompt",
    [
        "Taylor Swift at a click of the camera, 4k photo",  # "cl" can stand for "d" in a disguise
        "a click wheel on an mp3 player, 1080p",
        "two clicks away, 8k render",
        "clicking the shutter at sunset, 35mm",
    ],
)
def test_a_word_that_only_looks_like_a_disguise_is_that_word(detector: SexualDetector, prompt: str) -> None:
    found = {f.kind: f.score for f in detector.detect(Context(CheckRequest(prompt=prompt)))}
    assert found.get("sexual.nudity", 0.0) < 0.5


# One nudity phrase and one sexual-act or pornography phrase in each language of the LDNOOBW lists
# that has sexual terms (Klingon has none; Kabyle and Québécois French are covered by the lexicon's
# own rows), written as a speaker would, not as the lexicon lists it.
LANGUAGES = [
    ("cs", "nahá žena", "porno video"),
    ("da", "nøgen kvinde", "porno"),
    ("de", "nackte Frau", "Geschlechtsverkehr"),
    ("eo", "nuda virino", "seksumado"),
    ("es", "mujer desnuda", "sexo oral"),
    ("fa", "زن برهنه", "سکس"),
    ("fi", "alaston nainen", "seksiä"),
    ("fil", "hubad na babae", "kantutan"),
    ("fr", "femme nue", "faire l'amour"),
    ("hi", "नग्न महिला", "अश्लील वीडियो"),
    ("hu", "meztelen nő", "szex"),
    ("it", "donna nuda", "fare sesso"),
    ("ja", "全裸の女性", "セックス"),
    ("ko", "알몸 여자", "섹스"),
    ("nl", "naakte vrouw", "seks"),
    ("no", "naken kvinne", "porno"),
    ("pl", "naga kobieta", "seks"),
    ("pt", "mulher nua", "sexo"),
    ("ru", "голая женщина", "секс"),
    ("sv", "naken kvinna", "porr"),
    ("th", "ผู้หญิงเปลือย", "เซ็กส์"),
    ("tr", "çıplak kadın", "seks"),
    ("ar", "امرأة عارية", "إباحية"),
    ("zh", "裸体女人", "做爱"),
]


@pytest.mark.parametrize(("lang", "nude", "act"), LANGUAGES, ids=[row[0] for row in LANGUAGES])
def test_languages_of_the_lexicon(intent: SexualIntent, lang: str, nude: str, act: str) -> None:
    assert grade(intent, nude) >= 2
    assert grade(intent, act) == 3
