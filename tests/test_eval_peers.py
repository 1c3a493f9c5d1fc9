"""Peer baselines: the interface every peer keeps, the plain name-list filter, skipping."""

from __future__ import annotations

from pathlib import Path

import pytest

from consentry.eval.peers import (
    PEER_NAMES,
    NameListFilter,
    Peer,
    PeerUnavailableError,
    PeerVerdict,
    compile_name_pattern,
    load_peers,
    make_peer,
)
from tests.conftest import SHARED

NAMES = ("Taylor Swift", "adele", "al gore")


@pytest.mark.parametrize(
    ("prompt", "flagged"),
    [
        ("taylor swift on a beach", True),  # lower case is still plain
        ("TAYLOR SWIFT", True),
        ("Taylor   Swift, portrait", True),  # any run of spaces
        ("a painting by adele.", True),  # punctuation around the name
        ("T4ylor Sw1ft on a beach", False),  # leetspeak is not plain
        ("t.a.y.l.o.r swift", False),  # dotted is not plain
        ("taylorswift nude", False),  # joined is not plain
        ("adelelaide hills", False),  # a name inside a longer word
        ("algore", False),
        ("a cat on a sofa", False),
    ],
)
def test_name_list_flags_plain_mentions_only(prompt: str, flagged: bool) -> None:
    peer = NameListFilter(NAMES)
    verdict = peer.judge(prompt)
    assert verdict.flagged is flagged
    assert verdict.score == (1.0 if flagged else 0.0)


def test_name_list_reads_prompt_only_unless_asked() -> None:
    assert NameListFilter(NAMES).predict("a cat", "adele") is False
    assert NameListFilter(NAMES, use_negative=True).predict("a cat", "adele") is True


def test_name_list_reason_names_the_match() -> None:
    assert NameListFilter(NAMES).judge("Al  Gore speaking").reason == "listed name 'al  gore'"


def test_empty_name_list_matches_nothing() -> None:
    assert compile_name_pattern([]).search("anything at all") is None
    assert compile_name_pattern(["  "]).search("  ") is None


def test_name_list_without_data_dir_is_unavailable() -> None:
    with pytest.raises(PeerUnavailableError, match="data folder"):
        NameListFilter().load()


def test_name_list_with_missing_file_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(PeerUnavailableError, match=r"words-poi\.json"):
        NameListFilter(data_dir=tmp_path).load()


def test_name_list_reads_the_data_folder(tmp_path: Path) -> None:
    (tmp_path / "civitai_lists").mkdir()
    (tmp_path / "civitai_lists" / "words-poi.json").write_text('["jane doe"]', encoding="utf-8")
    peer = NameListFilter(data_dir=tmp_path)
    assert peer.predict("Jane Doe at the beach") is True
    assert peer.predict("John Doe at the beach") is False


def test_unknown_peer_name_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="name-list"):
        make_peer("no-such-peer")


def test_load_peers_skips_what_cannot_run_with_a_reason() -> None:
    loaded, skipped = load_peers(["name-list"], data_dir=None)
    assert loaded == []
    assert [s.name for s in skipped] == ["name-list"]
    assert "data folder" in skipped[0].why


@pytest.fixture(scope="module")
def every_peer() -> tuple[list[Peer], dict[str, str]]:
    loaded, skipped = load_peers(PEER_NAMES, data_dir=SHARED / "data")
    return loaded, {s.name: s.why for s in skipped}


@pytest.mark.parametrize("name", PEER_NAMES)
def test_every_peer_loads_or_says_why_not(name: str, every_peer: tuple[list[Peer], dict[str, str]]) -> None:
    loaded, skipped = every_peer
    peers = {p.name: p for p in loaded}
    if name in skipped:
        assert skipped[name].startswith("needs ")
        pytest.skip(f"{name}: {skipped[name]}")
    peer = peers[name]
    assert isinstance(peer, Peer)
    assert peer.description
    for prompt in ("a watercolor of a lighthouse at dawn", "nude woman, explicit sex, porn"):
        verdict = peer.judge(prompt, "")
        assert isinstance(verdict, PeerVerdict)
        assert verdict.score is None or 0.0 <= verdict.score <= 1.0
        assert peer.predict(prompt) is verdict.flagged


@pytest.mark.parametrize("name", ["nsfw-pipeline-bow", "nsfw-pipeline-char-embed", "nsfw-pipeline-bilstm"])
def test_prompt_classifiers_separate_explicit_from_plain(
    name: str, every_peer: tuple[list[Peer], dict[str, str]]
) -> None:
    loaded, skipped = every_peer
    if name in skipped:
        pytest.skip(f"{name}: {skipped[name]}")
    peer = {p.name: p for p in loaded}[name]
    assert peer.predict("nude woman, explicit sex, porn") is True
    assert peer.predict("a watercolor of a lighthouse at dawn") is False
