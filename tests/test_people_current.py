"""The current-tier people of added.tsv and the fifth of them kept out of the index."""

from __future__ import annotations

from pathlib import Path

import pytest

from consentry.text.people_tables import _OWN_NAME, _tokens
from consentry.text.person import PersonDetector
from tests.helpers import load_script

ROOT = Path(__file__).resolve().parents[1]
ADDED = ROOT / "src" / "consentry" / "text" / "data" / "people" / "added.tsv"
HELDOUT = ROOT / "scripts" / "data" / "current_heldout.tsv"
FIELDS = frozenset(
    {"creator", "music", "screen", "tv and news", "sport", "politics", "model", "beauty pageant", "other"}
)

eval_current = load_script(ROOT / "scripts" / "eval_current.py")


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return lines[0].split("\t"), [line.split("\t") for line in lines[1:]]


@pytest.fixture(scope="module")
def detector() -> PersonDetector:
    detector = PersonDetector()
    detector.load()
    return detector


@pytest.mark.parametrize("path", [ADDED, HELDOUT], ids=["added", "heldout"])
def test_table_rows_are_sorted_unique_and_complete(path: Path) -> None:
    header, rows = _rows(path)
    assert header[:7] == ["id", "name", "tier", "popularity", "source", "region", "field"]
    ids = [row[0] for row in rows]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for row in rows:
        assert len(row) == len(header), row
        _, name, tier, popularity, source, region, field = row[:7]
        assert tier == "current", row
        assert 0.0 < float(popularity) <= 1.0, row
        assert source.startswith("en.wikipedia.org/wiki/"), row
        assert len(region) == 2 and region.isupper(), row
        assert field in FIELDS, row
        assert _tokens(name), row


def test_no_held_out_person_is_in_the_added_table() -> None:
    _, added = _rows(ADDED)
    _, heldout = _rows(HELDOUT)
    added_keys = {"".join(_tokens(row[1])) for row in added}
    assert not {row[0] for row in added} & {row[0] for row in heldout}
    assert not added_keys & {"".join(_tokens(row[1])) for row in heldout}


def test_held_out_people_stay_out_of_the_index(detector: PersonDetector) -> None:
    """The held-out fifth measures people the index has never seen: none may be added by own name."""
    _, heldout = _rows(HELDOUT)
    index = detector.matcher().index
    keys = ["".join(_tokens(row[1])) for row in heldout]
    found = index.lookup(keys)
    known = [key for key in keys if any(entry.kind in _OWN_NAME for entry in found.get(key, ()))]
    assert known == []


@pytest.mark.parametrize(
    ("prompt", "subject"),
    [
        ("Afra Saraçoğlu nude on a bed", "afra-saracoglu"),
        ("afra saracoglu topless", "afra-saracoglu"),
        ("Kiara Advani in lingerie", "kiara-advani"),
        ("Julie of Kiss of Life bikini photo", "julie-han"),
        ("masterpiece, (Itziar Ituño:1.2), nsfw", "itziar-ituno"),
        ("Kathryn Bernardo naked, 8k", "kathryn-bernardo"),
    ],
)
def test_added_people_are_found_as_themselves(detector: PersonDetector, prompt: str, subject: str) -> None:
    matches = [m for m in detector.matcher().find(prompt) if m.score >= 0.5]
    assert [m.subject for m in matches] == [subject]


@pytest.mark.parametrize(
    "prompt",
    [
        "a vase of amber rose petals on a table",
        "an iris, law books and a lamp on a desk",
        "a ruby rose brooch on a velvet cushion",
    ],
)
def test_added_names_of_ordinary_words_are_not_read_in_lower_case(detector: PersonDetector, prompt: str) -> None:
    assert [m.subject for m in detector.matcher().find(prompt) if m.score >= 0.5] == []


def test_eval_reads_only_rows_with_a_region(tmp_path: Path) -> None:
    table = tmp_path / "people.tsv"
    table.write_text(
        "# comment\nid\tname\ttier\tpopularity\tsource\tregion\tfield\n"
        "a-b\tA B\tcurrent\t0.60\ten.wikipedia.org/wiki/A_B\tKR\tmusic\n"
        "c-d\tC D\tcurrent\t0.60\ten.wikipedia.org/wiki/C_D\t\t\n",
        encoding="utf-8",
    )
    people = list(eval_current.read_people(table))
    assert [(p.id, p.name, p.region, p.field) for p in people] == [("a-b", "A B", "KR", "music")]
    assert all("{}" in template for template in eval_current.PROMPTS.values())


@pytest.mark.parametrize("path", [ADDED, HELDOUT], ids=["added", "heldout"])
def test_every_region_has_an_area(path: Path) -> None:
    regions = {person.region for person in eval_current.read_people(path)}
    assert sorted(r for r in regions if r not in eval_current.AREA_OF) == []
