"""Sexual and minor words in other languages and scripts (``tests/data/sexual_multilingual*.tsv``).

Each table row is a prompt written as a speaker of its language writes it, with the grade it asks
for and whether it names a child. Run as a script to print the figures per language::

    python tests/test_sexual_multilingual.py [tests/data/sexual_multilingual_unseen.tsv]
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from consentry import CheckRequest
from consentry.detectors.base import Context
from consentry.text.minor import MinorDetector
from consentry.text.normalize import normalize
from consentry.text.sexual import SexualDetector, SexualIntent

DATA = Path(__file__).parent / "data"
SEEN = DATA / "sexual_multilingual_cases.tsv"
UNSEEN = DATA / "sexual_multilingual_unseen.tsv"
GRADES = ("none", "suggestive", "nudity", "explicit")
KIND_GRADES = {"sexual.suggestive": 1, "sexual.nudity": 2, "sexual.explicit": 3}
SURE = 0.5  # the score at which a grade is read (as ``SexualAssessment.grade``)


@dataclass(frozen=True, slots=True)
class Case:
    lang: str
    grade: int
    minor: bool
    prompt: str


def read_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, grade, minor, prompt = line.split("\t")
        cases.append(Case(lang, GRADES.index(grade), minor == "1", prompt))
    return cases


_SEXUAL = SexualDetector()
_MINOR = MinorDetector()


def read_grade(prompt: str) -> int:
    """The grade the sexual detector reads in ``prompt``."""
    findings = _SEXUAL.detect(Context(CheckRequest(prompt=prompt)))
    return max((KIND_GRADES[f.kind] for f in findings if f.score >= SURE), default=0)


def reads_minor(prompt: str) -> bool:
    """Whether the minor detector reads a youth word or an age under 18 in ``prompt``."""
    findings = _MINOR.detect(Context(CheckRequest(prompt=prompt)))
    return any(f.kind in ("minor.term", "minor.age") and f.score >= SURE for f in findings)


@dataclass
class Tally:
    right: int = 0  # sexual rows read at their grade, controls read as nothing
    rows: int = 0
    missed: int = 0  # sexual rows read below their grade
    false: int = 0  # controls read as sexual
    minors: int = 0
    minor_rows: int = 0


def tally(cases: list[Case]) -> dict[str, Tally]:
    out: dict[str, Tally] = defaultdict(Tally)
    for case in cases:
        t = out[case.lang]
        got = read_grade(case.prompt)
        t.rows += 1
        t.right += got == case.grade
        t.missed += got < case.grade
        t.false += case.grade == 0 and got > 0
        if case.minor:
            t.minor_rows += 1
            t.minors += reads_minor(case.prompt)
    return out


def report(path: Path) -> str:
    tallies = tally(read_cases(path))
    lines = ["lang      right  below  false-on-controls  minors"]
    total = Tally()
    for lang, t in sorted(tallies.items()):
        lines.append(f"{lang:8} {t.right:3}/{t.rows:<3} {t.missed:4}  {t.false:8}          {t.minors}/{t.minor_rows}")
        for field in ("right", "rows", "missed", "false", "minors", "minor_rows"):
            setattr(total, field, getattr(total, field) + getattr(t, field))
    lines.append(
        f"{'all':8} {total.right:3}/{total.rows:<3} {total.missed:4}  {total.false:8}"
        f"          {total.minors}/{total.minor_rows}"
    )
    return "\n".join(lines)


@pytest.mark.parametrize("path", [SEEN, UNSEEN], ids=["seen", "unseen"])
def test_tables_are_well_formed(path: Path) -> None:
    cases = read_cases(path)
    by_lang: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_lang[case.lang].append(case)
    assert len(by_lang) >= 20
    assert all(len(rows) >= 5 for rows in by_lang.values())
    assert len({c.prompt for c in cases}) == len(cases)


SEEN_CASES = read_cases(SEEN)
_INTENT = SexualIntent.load()


def term_grade(prompt: str) -> int:
    """The highest grade of the lexicon terms found in ``prompt`` (the model left out)."""
    hits = _INTENT.lexicon.find(normalize(prompt).text)
    return max((h.term.grade for h in hits if h.term.strength >= SURE), default=0)


@pytest.mark.parametrize("case", SEEN_CASES, ids=[f"{c.lang}-{i}" for i, c in enumerate(SEEN_CASES)])
def test_seen_table_terms_give_each_row_its_grade(case: Case) -> None:
    """The terms read every row at its grade: a look-alike control finds none."""
    assert term_grade(case.prompt) == case.grade
    if case.minor:
        assert reads_minor(case.prompt)


@pytest.mark.parametrize("case", [c for c in SEEN_CASES if c.grade], ids=lambda c: f"{c.lang}-{c.prompt[:12]}")
def test_seen_sexual_rows_reach_their_grade(case: Case) -> None:
    assert read_grade(case.prompt) >= case.grade


def test_unseen_table_reads_most_rows_at_their_grade() -> None:
    """The second table was written after the terms: a floor, not a row-by-row target."""
    totals = tally(read_cases(UNSEEN)).values()
    rows = sum(t.rows for t in totals)
    assert sum(t.right for t in totals) >= 0.8 * rows
    assert sum(t.false for t in totals) <= 2


if __name__ == "__main__":
    print(report(Path(sys.argv[1]) if len(sys.argv) > 1 else SEEN))


@pytest.mark.parametrize(
    ("words", "share"),
    [
        ("a woman in a red dress on the beach", 1.0),
        ("cuaca panas anak anak berenang di kolam", 0.0),
        ("two words", 1.0),  # too few words to say
        ("hot weather 8k nadando piscina", 0.5),  # numbers are not counted
        ("hot weather r2d2 x² nadando piscina", 0.5),  # nor words with a digit, a superscript one too
    ],
)
def test_english_share_of_the_model_words(words: str, share: float) -> None:
    assert _INTENT.english_share(words.split()) == pytest.approx(share, abs=0.01)


@pytest.mark.parametrize(
    "words",
    [
        "sun-kissed beach at dusk, o'clock tower",
        "x² m³ r2d2 ٣ a 4k portrait of a cat",
        "un chat noir dans la neige ½ ⅓",
        "gato 猫 ねこ кошка chat cat",
    ],
)
def test_english_share_counts_as_the_plain_digit_scan(words: str) -> None:
    """Words of letters skip the digit scan; the share is what scanning every word gives."""
    share = _INTENT.english_share(words.split())
    english = _INTENT._english  # read on first use: every text here has three words to count
    assert english is not None
    counted = [w for w in words.split() if len(w) > 1 and not any(c.isdigit() for c in w)]
    assert len(counted) >= 3
    assert share == sum(w in english for w in counted) / len(counted)


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        # harmless prompts in other languages written after the rule: the model alone read the
        # first as nudity (a boy playing football), the next two as nudity, the fourth as suggestive
        ("um menino jogando futebol na praia ao pôr do sol", 0),
        ("žena čte knihu na zahradě, měkké světlo", 0),
        ("isang babae na nagbabasa ng libro sa hardin", 0),
        ("uma mulher lendo um livro no jardim, luz suave", 0),
        ("дети играют в мяч во дворе, жаркий летний день", 0),
        # the terms still read the other languages, and English is read as before
        ("wanita telanjang bulat di kamar tidur", 2),
        ("una pareja haciendo el amor en la playa", 3),
        ("a woman in a bikini on the beach", 1),
    ],
)
def test_the_model_counts_little_on_text_in_another_language(prompt: str, expected: int) -> None:
    assert read_grade(prompt) == expected


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        # words added for the misses of the second table, read in sentences they were not added for
        ("ภาพนู้ดศิลปะของผู้หญิงริมหน้าต่าง", 2),
        ("นางแบบถ่ายนู้ดในป่า", 2),
        ("ถ่ายภาพนู๊ดในห้องนอน", 2),
        ("дівчина кохається з хлопцем у машині", 3),
        ("вона кохається з ним на пляжі вночі", 3),
        ("жінка кохається з чоловіком біля каміна", 3),
        ("una donna si scopa il vicino in cucina", 3),
        ("due ragazzi si scopano in macchina", 3),
        ("lei si scopa il suo capo in ufficio", 3),
        ("dívka v plavkách na pláži", 1),
        ("žena v černých plavkách u moře", 1),
        ("modelka v plavkách na jachtě", 1),
        ("eine barbusige Frau auf dem Balkon", 2),
        ("barbusigen Models am See", 2),
        ("ein barbusiges Model im Garten", 2),
        # and the same words where they are harmless
        ("una ragazza spazza il pavimento con la scopa", 0),
        ("una strega con la scopa vola sulla luna", 0),
        ("ร้านอาหารนูเดิลในกรุงเทพ", 0),
    ],
)
def test_words_added_after_the_second_table(prompt: str, expected: int) -> None:
    assert term_grade(prompt) == expected
