"""The people index and matcher, on a small index built from committed Wikidata-style fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from consentry import CheckRequest
from consentry.detectors.base import Context, UsesGallery
from consentry.gallery.store import Identity, MemoryGalleryStore
from consentry.text.people_index import PeopleIndex, damerau
from consentry.text.person import PeopleMatcher, PersonDetector, _slips

FIXTURES = Path(__file__).parent / "fixtures"

pytest.importorskip("wordfreq")


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from consentry.text.people_build import build_index

    out = tmp_path_factory.mktemp("people") / "people_index"
    build_index(
        None,
        out,
        wikidata=[FIXTURES / "people_wikidata.jsonl", FIXTURES / "people_wikidata.tsv"],
        word_list=None,
        log=lambda _: None,
    )
    return out


@pytest.fixture(scope="module")
def matcher(index_path: Path) -> PeopleMatcher:
    return PeopleMatcher(PeopleIndex.load(index_path))


def best(matcher: PeopleMatcher, text: str) -> tuple[str, str, float] | None:
    """(name, original span text, score) of the surest match, or None."""
    matches = matcher.find(text)
    if not matches:
        return None
    m = max(matches, key=lambda m: m.score)
    return m.name, text[m.start : m.end], m.score


FOUND = [
    # (case, prompt, canonical name, span in the prompt)
    ("plain", "photo of Taylor Swift on a beach", "Taylor Swift", "Taylor Swift"),
    ("lower case", "taylor swift on a beach", "Taylor Swift", "taylor swift"),
    ("joined", "taylorswift, 8k", "Taylor Swift", "taylorswift"),
    ("camel case", "TaylorSwift in a red dress", "Taylor Swift", "TaylorSwift"),
    ("dotted", "T.a.y.l.o.r.S.w.i.f.t at the beach", "Taylor Swift", "T.a.y.l.o.r.S.w.i.f.t"),
    ("split inside a word", "tay lor swift at the beach", "Taylor Swift", "tay lor swift"),
    ("leet", "t4yl0r sw1ft portrait", "Taylor Swift", "t4yl0r sw1ft"),
    ("weighted", "(taylor swift:1.3), masterpiece", "Taylor Swift", "taylor swift"),
    ("lora", "<lora:taylor_swift_v2:0.8> portrait", "Taylor Swift", "taylor_swift"),
    ("possessive", "Taylor Swift's dress", "Taylor Swift", "Taylor Swift"),
    ("typo transposed", "Taylro Swift portrait", "Taylor Swift", "Taylro Swift"),
    ("typo missing letter", "Talor Swift portrait", "Taylor Swift", "Talor Swift"),
    ("surname first", "Swift Taylor on stage", "Taylor Swift", "Swift Taylor"),
    ("surname, comma, given name", "Swift, Taylor on stage", "Taylor Swift", "Swift, Taylor"),
    ("Cyrillic capital homoglyph", "\u0422aylor Swift portrait", "Taylor Swift", "\u0422aylor Swift"),
    ("initial and surname", "T. Swift on stage", "Taylor Swift", "T. Swift"),
    ("middle name dropped", "Barack Obama smiling", "Barack Obama", "Barack Obama"),
    ("alias from the export", "Imane Anys streaming", "Pokimane", "Imane Anys"),
    ("handle-like one word", "pokimane streaming", "Pokimane", "pokimane"),
    ("accents dropped", "Beyonce on stage", "Beyoncé", "Beyonce"),
    ("accents kept", "Beyoncé on stage", "Beyoncé", "Beyoncé"),
    ("homoglyphs", "T\u0430ylor Sw\u0456ft portrait", "Taylor Swift", "T\u0430ylor Sw\u0456ft"),
    ("zero width", "Jenna\u200b Ortega portrait", "Jenna Ortega", "Jenna\u200b Ortega"),
    ("other script", "버락 오바마 연설", "Barack Obama", "버락 오바마"),
    ("long tail name", "aleksandra wozniakowska at the park", "Aleksandra Wozniakowska", "aleksandra wozniakowska"),
    ("long tail with a typo", "Aleksandra Wozniakowksa at the park", "Aleksandra Wozniakowska", None),
    ("hyphenated surname", "Ngozi Adebayo-Okafor at work", "Ngozi Adebayo-Okafor", "Ngozi Adebayo-Okafor"),
    ("stage name with group", "Jisoo of Blackpink on stage", "Kim Jisoo", "Jisoo of Blackpink"),
    ("group then stage name", "blackpink jisoo, concert photo", "Kim Jisoo", "blackpink jisoo"),
    ("common-word stage name with group", "Joy of Red Velvet smiling", "Park Sooyoung", "Joy of Red Velvet"),
    ("capitalized ordinary-word name mid-sentence", "a photo of Will Smith eating", "Will Smith", "Will Smith"),
    ("a typo in every word", "Jnna Ortga portrait", "Jenna Ortega", "Jnna Ortga"),
    ("a typo in every word, name split by camel case", "Rchel Mcaadams on skis", "Rachel McAdams", "Rchel Mcaadams"),
    ("a typo where the name splits a word", "Rachel Mcadms on skis", "Rachel McAdams", "Rachel Mcadms"),
    ("a typo that makes a dictionary word, capitalized", "Greg Abbot, portrait", "Greg Abbott", "Greg Abbot"),
    ("a typo and the hyphen moved", "Cehng Pe-ipei at the airport", "Cheng Pei-pei", "Cehng Pe-ipei"),
    ("a short word and its neighbour as one token", "Cheng Peipei at the airport", "Cheng Pei-pei", "Cheng Peipei"),
    ("a name as written beside a sure one", "statue of Venus de Milo John Madden", "John Madden", "John Madden"),
    ("a typo in a word of three letters", "Hubert Beuve-Mry at his desk", "Hubert Beuve-Méry", "Hubert Beuve-Mry"),
]


@pytest.mark.parametrize(("case", "prompt", "name", "span"), FOUND, ids=[f[0] for f in FOUND])
def test_person_is_found(matcher: PeopleMatcher, case: str, prompt: str, name: str, span: str | None) -> None:
    got = best(matcher, prompt)
    assert got is not None, prompt
    assert got[0] == name
    if span is not None:
        assert got[1] == span
    assert got[2] >= 0.5


NOT_FOUND = [
    # (case, prompt): nothing reaches the policy threshold
    ("ordinary words as a verb", "will smith a sword in the forge"),
    ("ordinary colour", "a pink dress on a mannequin"),
    ("ordinary colour capitalized at the start", "Pink flowers in a vase"),
    ("madonna and child lower case", "madonna and child, renaissance painting"),
    ("a duck", "a drake swimming in the pond"),
    ("stage name that is a word, without its group", "joy and happiness, sunny day"),
    ("words joined across a name", "a man on a horse"),
    ("nothing at all", "a bowl of fruit on a table"),
    ("a typo reading of a dictionary word in lower case", "greg abbot, portrait"),
    ("common names as written, a typo away from a lesser-known name", "painting by Michael Whelan"),
    ("surname first with a typo", "Swfit Taylor on stage"),
    ("surname, comma, given name in lower case", "swift, taylor on stage"),
    ("a full name split by a comma", "Taylor, Swift on stage"),
    ("empty", ""),
]


@pytest.mark.parametrize(("case", "prompt"), NOT_FOUND, ids=[f[0] for f in NOT_FOUND])
def test_nothing_is_reported_above_threshold(matcher: PeopleMatcher, case: str, prompt: str) -> None:
    assert all(m.score < 0.5 for m in matcher.find(prompt)), [m.to_dict() for m in matcher.find(prompt)]


def test_ambiguous_names_score_lower_than_distinct_ones(matcher: PeopleMatcher) -> None:
    distinct = best(matcher, "a photo of Jenna Ortega")
    ambiguous = best(matcher, "a photo of Will Smith")
    assert distinct is not None and ambiguous is not None
    assert ambiguous[2] < distinct[2]


def test_typos_score_lower_than_exact(matcher: PeopleMatcher) -> None:
    exact = best(matcher, "Jenna Ortega portrait")
    typo = best(matcher, "Jenan Ortega portrait")
    assert exact is not None and typo is not None
    assert typo[2] < exact[2]


def test_match_carries_steps_and_alias(matcher: PeopleMatcher) -> None:
    (match,) = matcher.find("nude (T4yl0r.Swift:1.2)")
    assert match.subject == "taylor-swift"
    assert "leet" in match.steps
    assert match.alias == "taylor swift"
    assert match.tier == "mid"


def test_two_people_in_one_prompt(matcher: PeopleMatcher) -> None:
    names = [m.name for m in matcher.find("Taylor Swift and Jenna Ortega at a party")]
    assert names == ["Taylor Swift", "Jenna Ortega"]


def test_damerau_counts_a_swap_as_one_edit() -> None:
    assert damerau("taylro", "taylor") == 1
    assert damerau("talor", "taylor") == 1
    assert damerau("abc", "xyz", 1) == 2


# --- the detector ----------------------------------------------------------------------------------------


@pytest.fixture
def detector(index_path: Path) -> PersonDetector:
    detector = PersonDetector(index_path=str(index_path))
    detector.use_gallery(MemoryGalleryStore())
    detector.load()
    return detector


def detect(detector: PersonDetector, prompt: str, negative: str = "") -> list:  # type: ignore[type-arg]
    return list(detector.detect(Context(CheckRequest(prompt=prompt, negative_prompt=negative))))


def test_detector_uses_the_gallery() -> None:
    assert isinstance(PersonDetector(), UsesGallery)


def test_detector_reports_span_in_the_original(detector: PersonDetector) -> None:
    prompt = "masterpiece, (t4yl0r sw1ft:1.3), nude"
    (finding,) = detect(detector, prompt)
    assert finding.kind == "person.named"
    assert finding.span is not None and finding.span.text(prompt) == "t4yl0r sw1ft"
    assert finding.subject == "taylor-swift"
    assert finding.evidence["name"] == "Taylor Swift"
    assert "leet" in finding.evidence["steps"]
    assert finding.score >= 0.5


def test_name_in_negative_prompt_has_the_negative_role(detector: PersonDetector) -> None:
    findings = detect(detector, "a portrait of a woman", "Taylor Swift, blurry")
    assert [f.span.field for f in findings if f.span] == ["negative_prompt"]
    assert [f.evidence["role"] for f in findings] == ["negative"]
    assert findings[0].score >= 0.5  # as sure a match as in the prompt: the role, not the score, says where
    assert findings[0].reason == "named_in_negative_prompt"


def test_protected_person_from_the_gallery(index_path: Path) -> None:
    store = MemoryGalleryStore()
    detector = PersonDetector(index_path=str(index_path))
    detector.use_gallery(store)
    detector.load()
    assert not [f for f in detect(detector, "anna kowalczyk in a bikini") if f.score >= 0.5]
    store.add_identity(Identity(id="id-1", name="Anna Kowalczyk", aliases=("annak_streams",)))
    prompts = ("anna kowalczyk in a bikini", "AnnaKowalczyk", "Anna Kowalcyzk nude", "@annak_streams", "A. Kowalczyk")
    for prompt in prompts:
        findings = [f for f in detect(detector, prompt) if f.kind == "person.protected"]
        assert findings and findings[0].subject == "id-1" and findings[0].score >= 0.5, prompt


def test_protect_adds_a_person_at_run_time(detector: PersonDetector) -> None:
    identity = detector.protect("Marta Zielinska-Nowak", ["martazn"])
    prompt = "portrait of marta zielinska nowak"
    findings = detect(detector, prompt)
    assert [(f.kind, f.subject) for f in findings] == [("person.protected", identity.id)]


def test_disabled_identity_is_not_matched(index_path: Path) -> None:
    store = MemoryGalleryStore()
    store.add_identity(Identity(id="id-2", name="Olek Brzeczyszczykiewicz", enabled=False))
    detector = PersonDetector(index_path=str(index_path))
    detector.use_gallery(store)
    detector.load()
    assert detect(detector, "Olek Brzeczyszczykiewicz") == []


def test_index_knows_its_name_tokens(matcher: PeopleMatcher) -> None:
    index = matcher.index
    assert index.has_tokens(["taylor", "swift", "ortega", "zzzz"]) == [True, True, True, False]
    assert "taylor" in index.near_tokens("taylro", 1)  # a swap
    assert "taylor" in index.near_tokens("tayllor", 1)  # a letter too many
    assert "taylor" in index.near_tokens("talor", 1)  # a letter missing
    assert "taylor" in index.near_tokens("teylor", 1)  # a letter changed


def test_typos_in_two_words_combine_only_into_known_names(matcher: PeopleMatcher) -> None:
    got = best(matcher, "Tayllor Swfit on stage")
    assert got is not None and got[0] == "Taylor Swift"


def test_index_keeps_its_word_lists(matcher: PeopleMatcher) -> None:
    index = matcher.index
    assert {"will", "smith", "pink", "the"} <= index.words
    assert len(index.frequent) > 1000


EXACT_OVER_TYPO = [
    # (case, prompt, the person found, the span): a sure match as written wins over a typo reading that cuts through it
    ("typo reading crossing a name as written", "Venus de Milo John Madden", "John Madden", "John Madden"),
    ("typo reading extending a name as written", "Jenna Ortga portrait", "Jenna Ortega", "Jenna Ortga"),
]


@pytest.mark.parametrize(("case", "prompt", "name", "span"), EXACT_OVER_TYPO, ids=[e[0] for e in EXACT_OVER_TYPO])
def test_typo_readings_yield_to_names_as_written(
    matcher: PeopleMatcher, case: str, prompt: str, name: str, span: str
) -> None:
    matches = matcher.find(prompt)
    assert [(m.name, prompt[m.start : m.end]) for m in matches] == [(name, span)]


def test_typo_score_falls_with_each_typo(matcher: PeopleMatcher) -> None:
    scores = [best(matcher, p) for p in ("Rachel McAdams", "Rachel Mcaadams", "Rchel Mcaadams")]
    assert all(s is not None and s[0] == "Rachel McAdams" for s in scores)
    values = [s[2] for s in scores if s is not None]
    assert values[0] > values[1] > values[2] >= 0.5


def test_protected_name_with_a_short_token_matches_with_a_typo(index_path: Path) -> None:
    store = MemoryGalleryStore()
    store.add_identity(Identity(id="id-3", name="Ewa Mei-mei Sobczak"))
    detector = PersonDetector(index_path=str(index_path))
    detector.use_gallery(store)
    detector.load()
    findings = [f for f in detect(detector, "Ewa Mie-mei Sobczak at the beach") if f.kind == "person.protected"]
    assert findings and findings[0].score >= 0.5


SLIPS = [
    # (case, written words, alias tokens, a slip of the hand inside every word)
    ("letter dropped inside", ["dana", "hadad"], ("diana", "haddad"), True),
    ("letters swapped inside", ["rahcel"], ("rachel",), True),
    ("letters swapped at the end", ["rachle"], ("rachel",), True),
    ("last letter added", ["nick"], ("nic",), False),
    ("letter doubled inside", ["adamms"], ("adams",), True),
    ("first letter changed", ["michael", "whelan"], ("michael", "phelan"), False),
    ("last letter dropped", ["roger", "deakin"], ("roger", "deakins"), False),
    ("letter replaced", ["lina"], ("lisa",), False),
    ("words split differently", ["mcc", "dowell"], ("mc", "dowell", "x"), False),
]


@pytest.mark.parametrize(("case", "written", "tokens", "slip"), SLIPS, ids=[c[0] for c in SLIPS])
def test_slips_of_the_hand(case: str, written: list[str], tokens: tuple[str, ...], slip: bool) -> None:
    assert _slips(written, tokens) is slip
