"""Artists named as a style are not the person depicted; the same names as subjects still are."""

from __future__ import annotations

import pytest

from consentry import CheckRequest, Guard
from consentry.text.person import PersonDetector, load_style_artists
from consentry.text.style import is_style_reference


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard([PersonDetector()]).load()


def _named(guard: Guard, prompt: str) -> dict[str, tuple[float, str]]:
    findings = guard.detect(CheckRequest(prompt=prompt))
    return {
        prompt[f.span.start : f.span.end].lower(): (f.score, str(f.evidence["role"]))
        for f in findings
        if f.span and f.kind == "person.named"
    }


@pytest.mark.parametrize(
    ("prompt", "name", "depicted"),
    [
        ("a nude elf queen, art by alphonse mucha and greg rutkowski", "alphonse mucha", False),
        ("nude nymph, oil painting by William-Adolphe Bouguereau", "william-adolphe bouguereau", False),
        ("reclining venus in the style of Peter Paul Rubens", "peter paul rubens", False),
        ("a bather, by greg rutkowski, alphonse mucha and caravaggio", "caravaggio", False),
        ("Alphonse Mucha nude", "alphonse mucha", True),
        ("a portrait of Caravaggio in his studio", "caravaggio", True),
        ("nude, by emma watson", "emma watson", True),  # an actress, not an artist: still a person
        ("emma watson nude, by alphonse mucha", "emma watson", True),
    ],
)
def test_style_references_to_artists(guard: Guard, prompt: str, name: str, depicted: bool) -> None:
    scores = _named(guard, prompt)
    assert name in scores, scores
    _, role = scores[name]
    assert (role == "subject") is depicted, role  # the role says whether the person is depicted, not the score


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("art by X", "X", True),
        ("in the style of X", "X", True),
        ("by Greg Rutkowski, Craig Mullins and X", "X", True),
        ("X style portrait", "X", True),
        ("X on a beach", "X", False),
        ("a photo of X", "X", False),
    ],
)
def test_is_style_reference(text: str, name: str, expected: bool) -> None:
    start = text.index(name)
    assert is_style_reference(text, start, start + len(name)) is expected


def test_the_artist_list_holds_artists_and_no_likely_subjects() -> None:
    artists = load_style_artists()
    assert {"alphonse-mucha", "caravaggio", "william-adolphe-bouguereau"} <= artists
    assert not {"emma-watson", "taylor-swift", "chou-tzuyu"} & artists
