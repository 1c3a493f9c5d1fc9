"""Build ``text/data/people/characters.tsv``: characters played by real actors.

Sources, each row keeps its own:

1. ``scripts/data/characters_by_hand.tsv``: written by hand, the film or series' English
   Wikipedia article for each row (book and screen characters; comic and game characters with
   ``adapted`` = 1, who are the actor only where the film is named).
2. The two character -> actor tables of ../shared/data/people_current/actors_characters
   (triviadraft, hand-curated from Wikipedia cast lists; TMDB cast of 100 top-rated films):
   characters of two words or more, not voice roles, not robots, apes or aliens; characters of
   films adapted from comics, strips and toys are marked ``adapted``.

Each actor must be a person of the bundled index (found by name, as ``people_tables`` resolves
them); a character played by several actors goes to the one with the most billed rows.

Usage: python scripts/build_people_tables.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import collections
import csv
from pathlib import Path

from consentry.text.people_index import PeopleIndex
from consentry.text.people_tables import _tokens, load

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "consentry" / "text" / "data" / "people" / "characters.tsv"
BY_HAND = ROOT / "scripts" / "data" / "characters_by_hand.tsv"
# Films whose characters were first drawn (comics, strips, toys) or are not human.
ADAPTED = (
    "dick tracy",
    "flash gordon",
    "the phantom",
    "the shadow",
    "red sonja",
    "conan",
    "zorro",
    "lone ranger",
    "rocketeer",
    "darkman",
    "power rangers",
)
NOT_HUMAN = ("transformers", "bumblebee", "planet of the apes", "predator", "alien")
# Characters whose face on screen is a mask, a suit or a puppet: not the actor's likeness.
MASKED = ("darth vader", "chewbacca", "robocop", "yoda", "the predator", "boba fett", "stormtrooper")
NOT_A_NAME = (
    "'s ",
    "' ",
    "lt.",
    "sgt.",
    "himself",
    "herself",
    "voice",
    "uncredited",
    "narrator",
    "guard",
    "soldier",
    "officer",
    "#",
    "double",
    "reference",
    "young ",
    "older ",
    "/",
    " of ",
    " as ",
)


def _hand_rows() -> list[dict[str, str]]:
    lines = [line for line in BY_HAND.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _shared_rows(data: Path) -> list[dict[str, str]]:
    base = data / "people_current" / "actors_characters"
    out: list[dict[str, str]] = []
    with (base / "triviadraft_character_actor.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            movie = row["movie"].casefold()
            if any(word in movie for word in NOT_HUMAN):
                continue
            out.append(
                {
                    "character": row["character"],
                    "actor": row["actor"],
                    "work": row["movie"],
                    "adapted": "1" if any(word in movie for word in ADAPTED) else "0",
                    "source": "github.com/triviadraft/triviadraft.github.io (collect_data.js)",
                }
            )
    with (base / "tmdb_top_movies_cast_character.csv").open(encoding="utf-8", newline="") as handle:
        tmdb = list(csv.DictReader(handle))
    animated = {row["tmdb_movie_id"] for row in tmdb if "(voice)" in row["character"]}  # a voice cast: animation
    for row in tmdb:
        if row["tmdb_movie_id"] not in animated:
            out.append(
                {
                    "character": row["character"],
                    "actor": row["actor"],
                    "work": f"tmdb:{row['tmdb_movie_id']}",
                    "adapted": "0",
                    "source": "github.com/Asarar92/Movie_API_SF (src/movieCast.js, TMDB)",
                }
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="the shared data folder")
    args = parser.parse_args()
    index = PeopleIndex.load()
    load(index)  # the added people and aliases (characters.tsv is about to be rewritten)
    chosen: dict[str, dict[str, str]] = {}
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    shared = _shared_rows(args.data)
    for row in shared:
        counts[(" ".join(_tokens(row["character"])), row["actor"])] += 1
    hand = _hand_rows()
    from_hand: set[str] = set()
    for row in [*hand, *shared]:
        by_hand = row in hand
        character = row["character"].strip()
        tokens = _tokens(character)
        if (
            not 2 <= len(tokens) <= 4
            or not character[:1].isupper()
            or any(word in f" {character.casefold()} " for word in NOT_A_NAME)
            or any(c.isdigit() for c in character)
            or not character.isascii()
            or "(" in character
            or character.casefold() in MASKED
            or tokens[0] in ("a", "an", "the", "agent", "officer", "doctor", "dr", "mr", "mrs", "miss")
            or (not by_hand and all(t in index.words for t in tokens))  # "A Blind Girl", "Agent Smith"
            or _actor(index, character, well_known=True) is not None  # a real person played by an actor
        ):
            continue
        key = " ".join(tokens)
        if key in chosen and (key in from_hand or counts[(key, chosen[key]["actor"])] >= counts[(key, row["actor"])]):
            continue
        person = _actor(index, row["actor"])
        if person is None:
            continue
        chosen[key] = {**row, "character": character, "id": person}
        if by_hand:
            from_hand.add(key)
    lines = [
        "# Characters played by real actors: built by scripts/build_people_tables.py (do not edit; edit its inputs).",
        "character\tid\tactor\twork\tadapted\tsource",
    ]
    for key in sorted(chosen):
        row = chosen[key]
        lines.append("\t".join([row["character"], row["id"], row["actor"], row["work"], row["adapted"], row["source"]]))
    OUT.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{len(chosen)} characters -> {OUT.relative_to(ROOT)}")


def _actor(index: PeopleIndex, name: str, *, well_known: bool = False) -> str | None:
    tokens = _tokens(name)
    key = "".join(tokens)
    entries = [e for e in index.lookup([key]).get(key, ()) if e.kind in "FMSGAHE"]
    if well_known:
        entries = [e for e in entries if index.person(e.person).tier in ("top", "mid", "current")]
    if not entries:
        return None
    tiers = ("top", "mid", "current", "tail")
    best = min(entries, key=lambda e: (tiers.index(index.person(e.person).tier), -index.person(e.person).popularity))
    return index.person(best.person).id


if __name__ == "__main__":
    main()
