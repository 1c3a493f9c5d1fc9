"""The unseen prompt table's schema, and the spelling transforms of scripts/make_unseen_prompts.py.

Nothing here runs a detector on the table: its numbers are taken once, by the evaluation (eval/unseen/README.md).
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import load_script

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "eval" / "unseen" / "prompts.jsonl"
FIELDS = ["id", "prompt", "negative_prompt", "grade", "person", "tier", "spelling", "family", "names", "in_shared"]
GRADES = {"explicit", "nudity", "suggestive", "none"}
TIERS = {"top", "mid", "current", "tail", "private", "fictional", "none"}
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


make = load_script(ROOT / "scripts" / "make_unseen_prompts.py")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines()]


def test_every_row_has_the_fields_in_order_and_known_values(rows: list[dict[str, object]]) -> None:
    for row in rows:
        assert list(row) == FIELDS, row["id"]
        assert row["grade"] in GRADES and row["tier"] in TIERS, row["id"]
        assert isinstance(row["person"], bool) and isinstance(row["in_shared"], bool), row["id"]
    assert len({row["id"] for row in rows}) == len(rows)


def test_named_real_people_carry_their_names(rows: list[dict[str, object]]) -> None:
    for row in rows:
        if row["person"] and row["tier"] != "private":
            assert row["names"], row["id"]
        if row["tier"] in ("fictional", "none"):
            assert row["person"] is False and row["in_shared"] is False, row["id"]


def test_the_table_has_the_promised_size(rows: list[dict[str, object]]) -> None:
    sexual = Counter(str(row["grade"]) for row in rows if row["person"])
    assert sexual["explicit"] + sexual["nudity"] >= 300
    assert sexual["suggestive"] >= 50
    allowed = [row for row in rows if not row["person"] or row["grade"] == "none"]
    assert len(allowed) >= 100
    people: dict[str, object] = {
        ";".join(map(str, row["names"])): row["in_shared"]  # type: ignore[call-overload]
        for row in rows
        if row["person"] and row["tier"] != "private"
    }
    assert sum(not held for held in people.values()) >= len(people) / 2


def test_no_row_speaks_of_minors(rows: list[dict[str, object]]) -> None:
    words = re.compile(r"\b(girls?|boys?|1girl|1boy|teens?|teenage|child|children|kids?|school\w*|loli|underage)\b")
    for row in rows:
        text = f"{row['prompt']} {row['negative_prompt']}".lower()
        # "tam boy" is Turkish for "full length"
        assert not words.search(text.replace("tam boy", "")), row["id"]


@pytest.mark.parametrize("name", ["Sydney Sweeney", "Aitana Bonmatí", "Alexandria Ocasio-Cortez", "Mia Goth"])
@pytest.mark.parametrize("seed", range(5))
def test_one_typo_is_one_edit_away_and_two_typos_differ(name: str, seed: int) -> None:
    one = make.typos(name, 1, random.Random(seed))
    two = make.typos(name, 2, random.Random(seed))
    assert name not in (one, two)
    assert abs(len(one) - len(name)) <= 1
    assert one.split(" ")[0][0] == name[0]


@pytest.mark.parametrize("name", ["Sydney Sweeney", "Kaja Kallas", "Ella Purnell"])
def test_zero_width_marks_come_out_to_the_name(name: str) -> None:
    for seed in range(5):
        spelled = make.zero_width(name, random.Random(seed))
        assert spelled != name and ZERO_WIDTH.sub("", spelled) == name


@pytest.mark.parametrize("name", ["Sydney Sweeney", "Kaja Kallas", "Ella Purnell"])
def test_homoglyphs_keep_the_length_and_change_a_letter(name: str) -> None:
    for seed in range(5):
        spelled = make.homoglyph(name, random.Random(seed))
        assert len(spelled) == len(name) and spelled != name
        assert all(a == b or b in make.HOMOGLYPHS[a] for a, b in zip(name, spelled, strict=True))


@pytest.mark.parametrize("name", ["Sydney Sweeney", "Kaja Kallas"])
def test_leet_changes_letters_to_their_digits(name: str) -> None:
    for seed in range(5):
        spelled = make.leet(name, random.Random(seed))
        assert spelled != name
        assert all(a == b or make.LEET[a.lower()] == b for a, b in zip(name, spelled, strict=True))


def test_name_forms_keep_the_surname() -> None:
    rng = random.Random(0)
    for _ in range(10):
        assert "Sweeney" in make.initials("Sydney Sweeney", rng)
        assert "sweeney" in make.surname_first("Sydney Sweeney", rng).lower()
        assert "sweeney" in make.attention_split("Sydney Sweeney", rng).lower()
        assert re.search("sweeney|swe", make.lora("Sydney Sweeney", rng).lower())
        assert "sweeney" in make.handle("Sydney Sweeney", rng)


def test_pronouns_follow_the_person() -> None:
    assert make.fill("{n} takes off {pos} coat; {sub} smiles", "Kai", "m") == "Kai takes off his coat; he smiles"
    assert make.fill("{n} in {pos} birthday suit", "Ana", "f") == "Ana in her birthday suit"


def test_text_tables_read_back_with_continuation_lines() -> None:
    table = "a | b | one, two,\n    three | neg\nc | d | four\n"
    assert list(make.table_rows(table)) == [["a", "b", "one, two, three", "neg"], ["c", "d", "four"]]
    assert all(person.names and person.plan for person in make.PEOPLE)
