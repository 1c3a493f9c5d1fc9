"""Small people tables kept beside the compiled index, read at load time.

The compiled index (the folder ``people_index/``) is large and changes only when its source lists do;
what is curated by hand or built from small tables lives in plain, sorted TSV files under
``text/data/people/``, so that a change to one of them stores a small delta in git and needs no
rebuild. Each row names its source. The files (tab-separated, a header line, ``#`` comments):

``added.tsv``       ``id  name  tier  popularity  source``: people the source lists miss (creators,
                    models, idols by their birth names).
``aliases.tsv``     ``id  name  alias  kind  source``: nicknames, stage names and handles of a person
                    of the index or of ``added.tsv`` (``kind``: ``nickname`` or ``handle``).
``characters.tsv``  ``character  id  actor  work  adapted  source``: a character played by a real
                    actor; ``adapted`` is 1 for a character first drawn or written elsewhere (a comic,
                    a game, a cartoon: "Wonder Woman"), who is the actor only with the film named.
``not_people.tsv``  ``id  name  what  source``: entries of the source lists that are no real person
                    (cartoon characters, virtual singers): a match of one is a fictional name.
``diminutives.tsv`` ``diminutive  given  source``: given-name diminutives ("Timmy": Timothy, Timothee),
                    ``given`` comma-separated; the matcher reads "Timmy Chalamet" as Timothee Chalamet,
                    for people of the top and current tiers only.

A row whose person the index does not hold under that id and name is reported by ``load`` (and
fails the tests), never silently matched to someone else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from consentry.text.normalize import normalize
from consentry.text.people_index import AliasEntry, PeopleIndex, PersonRecord

KIND_LETTERS = {"nickname": "A", "handle": "H", "character": "C"}
_OWN_NAME = frozenset("FMSGAHE")


@dataclass(frozen=True, slots=True)
class Character:
    """A character played by a real actor."""

    character: str
    actor_id: str
    work: str
    adapted: bool
    source: str


@dataclass(slots=True)
class Tables:
    """What ``load`` added to an index."""

    people: int = 0
    aliases: int = 0
    characters: dict[str, Character] = field(default_factory=dict)  # normalized tokens, spaced -> character
    not_people: frozenset[str] = frozenset()  # ids of index entries that are no real person
    unresolved: list[str] = field(default_factory=list)  # rows whose person the index does not hold
    diminutives: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "timmy" -> ("timothee", "timothy")


def _rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


def _tokens(text: str) -> tuple[str, ...]:
    words = normalize(text).text.split(" ")
    if "," in words or words == [""]:
        return ()
    return tuple(words)


def _read(directory: Path | None, name: str) -> str:
    if directory is not None:
        path = directory / name
        return path.read_text("utf-8") if path.is_file() else ""
    resource = resources.files("consentry.text").joinpath("data/people").joinpath(name)
    return resource.read_text("utf-8") if resource.is_file() else ""


def _ambiguity(tokens: tuple[str, ...], index: PeopleIndex) -> str:
    """``w`` when every token is an ordinary word ("Wonder Woman"), else ``d`` ("Scarjo", "Tay Tay")."""
    return "w" if all(t in index.words for t in tokens) else "d"


def resolve(index: PeopleIndex, person_id: str, name: str) -> int | None:
    """The number of the person ``person_id`` of the index, found by their name."""
    tokens = _tokens(name)
    key = "".join(tokens)
    for entry in index.lookup([key]).get(key, ()):
        if entry.kind in _OWN_NAME and index.person(entry.person).id == person_id:
            return entry.person
    return None


def load(index: PeopleIndex, directory: Path | None = None) -> Tables:
    """Add the tables of ``directory`` (default: the bundled ``text/data/people``) to ``index``."""
    tables = Tables()
    added: list[PersonRecord] = []
    for row in _rows(_read(directory, "added.tsv")):
        person_id, name, tier, popularity, source = (row + [""] * 5)[:5]
        key = "".join(_tokens(name))
        if not key or any(e.kind in _OWN_NAME for e in index.lookup([key]).get(key, ())):
            tables.unresolved.append(f"added.tsv: {name!r} is already in the index or has no letters")
            continue
        added.append(PersonRecord(person_id, name, tier, float(popularity or 0), (source,), (), ()))
    numbers = index.extend(added, ())
    by_id = {p.id: n for p, n in zip(added, numbers, strict=True)}
    aliases: list[tuple[str, AliasEntry]] = []
    for p, n in zip(added, numbers, strict=True):
        tokens = _tokens(p.name)
        kind = "M" if len(tokens) == 1 else "F"
        ambiguity = _ambiguity(tokens, index)  # "Amber Rose", "Iris Law": ordinary words, as the index grades them
        aliases.append(("".join(tokens), AliasEntry(n, kind, ambiguity, tokens)))
        if len(tokens) == 2:
            aliases.append(("".join(reversed(tokens)), AliasEntry(n, "R", ambiguity, (tokens[1], tokens[0]))))
    index.extend((), aliases)
    tables.people = len(added)
    aliases = []
    for row in _rows(_read(directory, "aliases.tsv")):
        person_id, name, alias, kind, _source = (row + [""] * 5)[:5]
        number = by_id.get(person_id)
        if number is None:
            number = resolve(index, person_id, name)
        tokens = _tokens(alias)
        if number is None or not tokens or kind not in KIND_LETTERS:
            tables.unresolved.append(f"aliases.tsv: {person_id} {name!r} -> {alias!r}")
            continue
        aliases.append(("".join(tokens), AliasEntry(number, KIND_LETTERS[kind], _ambiguity(tokens, index), tokens)))
    for row in _rows(_read(directory, "characters.tsv")):
        character, person_id, actor, work, adapted, source = (row + [""] * 6)[:6]
        number = by_id.get(person_id)
        if number is None:
            number = resolve(index, person_id, actor)
        tokens = _tokens(character)
        if number is None or len(tokens) < 2:
            tables.unresolved.append(f"characters.tsv: {character!r} -> {person_id} {actor!r}")
            continue
        aliases.append(("".join(tokens), AliasEntry(number, "C", _ambiguity(tokens, index), tokens)))
        tables.characters[" ".join(tokens)] = Character(character, person_id, work, adapted == "1", source)
    index.extend((), aliases)
    tables.aliases = len(aliases)
    not_people: set[str] = set()
    for row in _rows(_read(directory, "not_people.tsv")):
        person_id, name = (row + [""] * 2)[:2]
        if resolve(index, person_id, name) is None:
            tables.unresolved.append(f"not_people.tsv: {person_id} {name!r}")
            continue
        not_people.add(person_id)
    tables.not_people = frozenset(not_people)
    tables.diminutives = read_diminutives(_read(directory, "diminutives.tsv"))
    return tables


def read_diminutives(text: str) -> dict[str, tuple[str, ...]]:
    """``diminutives.tsv`` as a map from the diminutive to the given names it stands for (normalized)."""
    out: dict[str, set[str]] = {}
    for row in _rows(text):
        diminutive, given = (row + [""] * 2)[:2]
        short = _tokens(diminutive)
        names = [_tokens(g) for g in given.split(",")]
        if len(short) != 1:
            continue
        out.setdefault(short[0], set()).update(n[0] for n in names if len(n) == 1 and n[0] != short[0])
    return {k: tuple(sorted(v)) for k, v in out.items() if v}
