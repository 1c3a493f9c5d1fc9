"""The bundled people index: people from every source, in spellings the dev set does not use."""

from __future__ import annotations

import json
from typing import cast

import pytest

from consentry import CheckRequest
from consentry.cli import main
from consentry.guard import Guard
from consentry.text.people_index import PeopleIndex, within_one
from consentry.text.person import PeopleMatcher, PersonDetector


@pytest.fixture(scope="module")
def matcher() -> PeopleMatcher:
    return PeopleMatcher(PeopleIndex.load())


def found(matcher: PeopleMatcher, prompt: str) -> list[str]:
    return [m.name for m in matcher.find(prompt) if m.score >= 0.5]


FOUND = [
    # (case, prompt, a canonical name that must be found)
    ("civitai list, possessive", "Scarlett Johansson's red carpet look", "Scarlett Johansson"),
    ("pantheon, accents and capitals", "PORTRAIT OF ÁNGELA MERKEL", "Angela Merkel"),
    ("surname first with capitals", "Obama Barack giving a speech", "Barack Obama"),
    ("k-pop group's stage name", "BLACKPINK's Jennie on stage", "Kim Jennie"),
    ("k-pop birth name in Hangul", "김제니 화보", "Kim Jennie"),
    ("twitch handle", "xQcOW streaming at night", "xQcOW"),
    ("congress nickname", "Bernie Sanders at a rally", "Bernie Sanders"),
    ("olympian in IOC order", "Simone Biles on the beam", "Simone Biles"),
    # FIFA's short name "L. Messi" is also the initial + surname of the top tier's Lionel Messi, who wins
    ("fifa short name", "L. Messi in a tuxedo", "Lionel Messi"),
    ("nba player with typo", "Lebron Jmaes dunking", "LeBron James"),
    ("spaced letters", "s c a r l e t t   johansson", "Scarlett Johansson"),
    ("zero-width inside", "Emma Wat\u200bson portrait", "Emma Watson"),
    ("leet with symbols", "3mm@ w@t$on portrait", "Emma Watson"),
    ("lora tag", "<lora:emma_watson_v1:0.7> portrait", "Emma Watson"),
    ("spanish wikipedia form", "Juan Pablo II en el balcón", "Pope John Paul II"),
    ("a typo in every word, camel-case surname", "Elen Degeneers hosting a show", "Ellen DeGeneres"),
    ("a typo on a very common given name", "Chirs Hemsworth as Thor", "Chris Hemsworth"),
    ("hyphenated given name, lower case after the hyphen", "Lee Yo-won on a red carpet", "Lee Yo-won"),
    ("a name as written, not a typo reading of it (Bill Smith)", "a photo of Will Smith at the premiere", "Will Smith"),
    ("an initial with its period, in leetspeak", "4. Ralph 3pperson giving a lecture", "A. Ralph Epperson"),
    ("initials and name dotted with ellipses", "M...J...W.a.l.k.e.r dribbling", "M.J. Walker"),
    ("stage name and group joined in camel case", "EunofTwoX on stage", "Choi Eunmi"),
    ("a deleted letter leaves three in a row", "Shannn Elizabeth on a beach", "Shannon Elizabeth"),
    ("a short word and its neighbour read as one token", "Wo-ah of CRAXY on stage", "Kim Chaewon"),
    ("a most famous name in lower case, given name also a word", "tom hanks on a beach", "Tom Hanks"),
    ("initials joined to the name, with periods", "A.J.Schable reading", "A. J. Schable"),
    ("common names as written, each a slip inside the word", "Dana Hadad singing on stage", "Diana Haddad"),
    ("a handle in camel case with a typo", "NiteNighhtKid streaming", "NiteNightKid"),
    ("a name of words, capitalized, typos making no words", "Chbuby Chekcer dancing", "Chubby Checker"),
    ("an initial with its period and a typo in the surname", "H. Jnoes reading", "H. Jones"),
    ("a typo in a three-letter part of a hyphenated name", "Jean-Pul Hchon speaking", "Jean-Paul Huchon"),
    ("letters swapped at the end of each word", "Ousmaen Diegn dunking", "Ousmane Dieng"),
    ("a letter doubled and one dropped rather than two replaced", "Jeng Dahhyun on stage", "Jeong Dahyun"),
    ("letters drawn out in every word", "Jooon Booon Jooovi on stage", "Jon Bon Jovi"),
    ("a drawn-out letter that the name has once", "Taaaylor Swiiift at the beach", "Taylor Swift"),
    ("a handle spelled out a letter at a time", "a s m o d a i t v photo, full body", "AsmodaiTV"),
    ("spelled out with a middle initial", "m i c h a e l  k .  s i m p s o n at a desk", "Michael K. Simpson"),
]


@pytest.mark.parametrize(("case", "prompt", "name"), FOUND, ids=[f[0] for f in FOUND])
def test_bundled_index_finds(matcher: PeopleMatcher, case: str, prompt: str, name: str) -> None:
    names = found(matcher, prompt)
    assert any(n.lower().replace("é", "e") == name.lower().replace("é", "e") for n in names), names


CLEAN = [
    ("everyday caption", "A man riding a wave on top of a surfboard."),
    ("kitchen", "A kitchen with a stove, a sink and a huge pan of chili."),
    ("landmark", "a giant gorilla at the top of the Empire State Building"),
    ("duck", "a drake and a hen on a pond"),
    ("colour", "a pink dress, a rose in a vase, joy"),
    ("verb reading", "will smith a sword at the forge"),
    ("booru tags", "1girl, solo, long hair, looking at viewer, smile, 8k, masterpiece"),
    ("camera", "photo, f/1.4, ISO 200, 1/160s, 85mm, Canon EOS R5"),
    ("a brand of two common names", "a red Harley Davidson parked outside"),
    ("a painting of two common names", "Mona Lisa smiling, oil on panel"),
    ("a city of two short names", "night market in Hong Kong"),
    ("a city written joined", "Sanfrancisco skyline at night"),
    ("an artist not in the index, a typo away from one who is", "a study after Michael Whelan, book cover"),
    ("title case caption", "Beautiful Woman Standing In A Field, Digital Art"),
    ("a word that splits into an initial and a name", "a wooden cross on a hill at dusk"),
    ("a hyphenated word, a changed first letter away from a name", "the yin-yang symbol"),
    ("a name as written, its last letter away from another", "Roger Deakin, writer"),
    ("common words as written, each changed at an end or replaced", "Nic Cage in a movie"),
    ("an initial and a name, a changed first letter away from another", "j. todd portrait"),
    ("ordinary words with a typo", "Black Hloe in space"),
    ("a word drawn out", "a goooood dog and a cuuute cat"),
    ("a word spelled out", "c.r.o.s.s on a hill at dusk"),
]


@pytest.mark.parametrize(("case", "prompt"), CLEAN, ids=[c[0] for c in CLEAN])
def test_bundled_index_stays_quiet(matcher: PeopleMatcher, case: str, prompt: str) -> None:
    assert found(matcher, prompt) == []


def test_within_one_edit() -> None:
    assert within_one("taylor", "taylro")
    assert within_one("taylor", "talor")
    assert within_one("taylor", "tayllor")
    assert within_one("taylor", "tayler")
    assert not within_one("taylor", "tyalro")
    assert not within_one("taylor", "swift")


def test_guard_protects_a_person_at_run_time() -> None:
    guard = Guard([PersonDetector()])
    person = cast(PersonDetector, guard.detector("person"))
    identity = person.protect("Zofia Wierzbicka-Kowal", ["zofiawk"])
    findings = guard.detect(CheckRequest(prompt="zofia wierzbicka kowal at the beach"))
    assert ("person.protected", identity.id) in [(f.kind, f.subject) for f in findings]
    assert guard.gallery.get_identity(identity.id) is not None


def test_cli_people_find(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["people", "find", "photo of T4yl0r Sw1ft"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    match = json.loads(line)
    assert match["name"] == "Taylor Swift" and "leet" in match["steps"]
