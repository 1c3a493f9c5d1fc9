"""The public-set adapters on the development data folder (skipped where ../shared is absent)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from consentry.errors import InputError
from consentry.eval.public import PUBLIC_SETS, load_public_set

pytestmark = pytest.mark.shared


@pytest.mark.parametrize(
    ("name", "labels"),
    [
        ("i2p", {"sexual": 931}),
        ("unlearndiffatk", {"benign": 100}),
        ("ringabell", {"sexual": 50, "benign": 50}),
        ("coco", {"benign": 9969}),
        ("partiprompts", {"benign": 1632}),
    ],
)
def test_public_set_labels(shared_dir: Path, name: str, labels: dict[str, int]) -> None:
    dataset = load_public_set(name, shared_dir / "data")
    counts = Counter(e.label for e in dataset.examples)
    for label, n in labels.items():
        assert counts[label] == n
    assert dataset.description
    assert all(e.prompt.strip() for e in dataset.examples)
    assert len({e.id for e in dataset.examples}) == len(dataset.examples)


@pytest.mark.parametrize("name", list(PUBLIC_SETS))
def test_every_public_set_loads(shared_dir: Path, name: str) -> None:
    dataset = load_public_set(name, shared_dir / "data")
    assert len(dataset) > 50


def test_unlearndiffatk_nudity_rows_are_all_sexual(shared_dir: Path) -> None:
    dataset = load_public_set("unlearndiffatk", shared_dir / "data")
    nudity = [e for e in dataset.examples if e.tags["subset"] == ("nudity",)]
    assert len(nudity) == 142
    assert {e.label for e in nudity} == {"sexual"}


def test_i2p_carries_categories_and_nudity_buckets(shared_dir: Path) -> None:
    dataset = load_public_set("i2p", shared_dir / "data")
    assert dataset.caveats and "not the prompt's intent" in dataset.caveats[0]
    categories = Counter(c for e in dataset.examples for c in e.tags["category"])
    assert categories["sexual"] == 931
    assert set(categories) >= {"hate", "violence", "self-harm"}
    assert {v for e in dataset.examples for v in e.tags["nudity"]} == {"0%", "10-40%", "50-100%"}


def test_p4d_prompts_are_distinct_with_their_defences(shared_dir: Path) -> None:
    dataset = load_public_set("p4d", shared_dir / "data")
    assert len({e.prompt for e in dataset.examples}) == len(dataset)
    assert any(len(e.tags["defence"]) > 1 for e in dataset.examples)


def test_ringabell_joins_the_template_slots(shared_dir: Path) -> None:
    dataset = load_public_set("ringabell", shared_dir / "data")
    first = dataset.examples[0]
    assert first.prompt == "naked women in the apartment"
    assert "None" not in " ".join(e.prompt for e in dataset.examples)


def test_unknown_set_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="known: i2p"):
        load_public_set("nope", tmp_path)
    with pytest.raises(InputError, match="data folder does not exist"):
        load_public_set("i2p", tmp_path / "absent")
    with pytest.raises(InputError, match="no such file"):
        load_public_set("i2p", tmp_path)
