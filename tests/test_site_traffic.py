"""The site-traffic mixes of benchmarks/site_traffic.py: reproducible, and each spelling does what it says."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import site_traffic


@pytest.mark.parametrize(
    ("spelling", "name", "check"),
    [
        ("lower", "Margot Robbie", lambda out: out == "margot robbie"),
        ("typo", "Margot Robbie", lambda out: out != "Margot Robbie" and out[:1] == "M"),
        (
            "two_typos",
            "Pedro Pascal",
            lambda out: all(a != b for a, b in zip(out.split(), ["Pedro", "Pascal"], strict=True)),
        ),
        ("homoglyphs", "Ana Maria Ocampo", lambda out: out != "Ana Maria Ocampo" and len(out) == 16),
        (
            "zero_width",
            "Kim Jisoo Lee",
            lambda out: (
                out.replace("\u200b", "").replace("\u200c", "").replace("\u200d", "").replace("\u2060", "")
                == "Kim Jisoo Lee"
                and out != "Kim Jisoo Lee"
            ),
        ),
        ("leet", "Sarah Tessier", lambda out: any(c.isdigit() for c in out)),
        ("initials", "Nadia Okonkwo", lambda out: out == "N. Okonkwo"),
        (
            "split_word",
            "Nadia Okonkwo",
            lambda out: (
                out.replace(" ", "").replace("-", "").replace(".", "").replace("_", "") == "NadiaOkonkwo"
                and out != "Nadia Okonkwo"
            ),
        ),
        ("surname_first", "Nadia Okonkwo", lambda out: out in ("okonkwo nadia", "Okonkwo, Nadia")),
        ("attention_split", "Nadia Okonkwo", lambda out: out.startswith("(nadia:1.") and "(okonkwo:1." in out),
    ],
)
def test_spelling_generator_changes_the_name_as_named(spelling: str, name: str, check: object) -> None:
    for seed in range(20):
        out = site_traffic.SPELLINGS[spelling](name, random.Random(seed))
        assert callable(check) and check(out), (seed, out)


def test_site_syntax_keeps_the_prompt_words() -> None:
    out = site_traffic.with_site_syntax("a red fox, snowy forest, dawn", random.Random(3))
    for words in ("red fox", "snowy forest", "dawn"):
        assert words in out


def test_the_mixes_are_the_same_for_the_same_seed_and_differ_for_another(tmp_path: Path) -> None:
    # an empty directory stands for a clone without ../shared: the built-in prompts are used
    first = site_traffic.build_site_traffic(200, seed=1, shared=tmp_path)
    assert first == site_traffic.build_site_traffic(200, seed=1, shared=tmp_path)
    assert first != site_traffic.build_site_traffic(200, seed=2, shared=tmp_path)
    counts = {mix: sum(p.mix == mix for p in first) for mix, _ in site_traffic.SHARES}
    assert counts == {"sd": 70, "natural": 50, "names": 50, "coco": 30}
