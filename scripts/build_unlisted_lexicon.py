"""Build the lexicon of the unlisted-person detector (``src/consentry/text/data/unlisted_lexicon.json.gz``).

The lexicon holds three compact lists, all lower-case:

- ``given``: given names seen at least ``--min-given`` times as the first word of a person's name
  in the people lists of ``../shared/data`` (Wikipedia biographies in English and Spanish,
  Pantheon, VGGFace2, VoxCeleb, FIFA and Olympic athletes, US Congress).
- ``given_strong``: the given names that are more often a name than an English word: their
  strength ``log10(1 + times seen as a given name) - (Zipf frequency - 3)`` is at least
  ``--strong`` ("jessica", "anna", "priya" are strong; "rose", "summer", "pan", "sunset" are not).
  Only strong given names count as a name without capitals or without other evidence.
- ``surnames``: last words of the same names, seen at least ``--min-surname`` times and not
  much more often an English word (strength as above >= -0.35: "park", "lee", "miller" stay;
  "home", "bear", "holding" do not).
- ``ordinary``: English words of Zipf frequency >= ``--word-zipf`` (``wordfreq``) that are not
  strong given names: a span made only of these is not taken for a name ("Summer Vibes").
- ``common``: the ordinary words of Zipf frequency >= 4.3 ("holding", "bear", "park"): a lower-case
  one after a strong given name is not taken for a surname ("jessica holding a cup").
- ``fictional``: fictional characters and mythological figures: the character column of the
  character->actor tables in ``people_current/actors_characters`` plus the hand list in
  ``FICTIONAL_BY_HAND`` below (anime, games, cartoons, comics, myth). Single-word characters
  whose name is also a common given name ("Heywood" stays, "Red" and "Anna" do not) are kept
  only when they are in the hand list, so that a private "Anna" is never taken for a character.
- ``brands``: brands and labels named after people ("Calvin Klein", "Victoria's Secret"): a
  reference to the brand, not a person depicted (hand list ``BRANDS`` below).

Run from the repository root (needs ``wordfreq`` at build time only):

    python scripts/build_unlisted_lexicon.py --shared ../shared
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

COMMON_ZIPF = 4.3
SURNAME_STRENGTH = -0.35
OUT = Path("src/consentry/text/data/unlisted_lexicon.json.gz")

# Well-known characters of anime, games, cartoons, comics, literature, film and myth, written
# as people write them in prompts. Kept by hand; add to it freely (one name a string).
# fmt: off
FICTIONAL_BY_HAND: tuple[str, ...] = (
    # games
    "Lara Croft", "Princess Peach", "Peach", "Princess Zelda", "Zelda", "Link", "Samus Aran", "Samus",
    "Tifa Lockhart", "Tifa", "Aerith Gainsborough", "Aerith", "Yuffie", "Cloud Strife", "Sephiroth",
    "Jill Valentine", "Claire Redfield", "Ada Wong", "Leon Kennedy", "Chun-Li", "Chun Li", "Cammy", "Cammy White",
    "Mai Shiranui", "Kitana", "Mileena", "Jade", "Sonya Blade", "Bayonetta", "Tracer", "Mercy", "D.Va",
    "Widowmaker", "Ashe", "Kiriko", "Ellie", "Abby Anderson", "Aloy", "Ciri", "Yennefer", "Triss Merigold",
    "Geralt", "Geralt of Rivia", "Shepard", "Liara", "Miranda Lawson", "Tali", "Master Chief", "Cortana",
    "Mario", "Luigi", "Princess Daisy", "Rosalina", "Bowser", "Wario", "Sonic", "Amy Rose", "Rouge the Bat",
    "Kasumi", "Ayane", "Lady Dimitrescu", "Alcina Dimitrescu", "Nathan Drake", "Elena Fisher", "Chloe Frazer",
    "Kratos", "Atreus", "Freya", "Faith Connors", "Jinx", "Vi", "Ahri", "Lux", "Miss Fortune", "Caitlyn",
    "Raven", "Quiet", "Eve", "2B", "A2", "Kainé", "Isabelle", "Palutena", "Lucina", "Camilla", "Tharja",
    "Marie Rose", "Honoka", "Nico Robin", "Juri Han", "Morrigan Aensland", "Morrigan", "Felicia",
    "Lilith Aensland", "Ivy Valentine", "Taki", "Sophitia", "Nina Williams", "Anna Williams", "Christie Monteiro",
    "Yoshimitsu", "Pyrrha", "Hornet", "Madeline", "Kirby", "Pikachu", "Gardevoir", "Lopunny", "Misty", "Serena",
    "Jessie", "Nurse Joy", "Officer Jenny", "Dawn", "May", "Cynthia", "Nessa", "Marnie", "Raihan", "Ash Ketchum",
    "Steve", "Alex", "Alucard", "Dante", "Lady", "Trish", "Ezio", "Aveline", "Kassandra", "Evie Frye",
    "Sheva Alomar", "Rebecca Chambers", "Moira Burton", "Sherry Birkin", "Ashley Graham", "Mia Winters",
    # anime and manga
    "Hatsune Miku", "Miku", "Asuka Langley", "Asuka Langley Soryu", "Rei Ayanami", "Misato Katsuragi",
    "Sailor Moon", "Usagi Tsukino", "Sailor Mercury", "Sailor Mars", "Sailor Venus", "Sailor Jupiter",
    "Nami", "Boa Hancock", "Yamato", "Nico Robin", "Hinata Hyuga", "Hinata", "Sakura Haruno", "Tsunade",
    "Naruto", "Sasuke", "Goku", "Vegeta", "Bulma", "Android 18", "Videl", "Chi-Chi", "Erza Scarlet",
    "Lucy Heartfilia", "Mikasa Ackerman", "Mikasa", "Annie Leonhart", "Makima", "Power", "Power",
    "Zero Two", "Rem", "Ram", "Emilia", "Megumin", "Aqua", "Darkness", "Yor Forger", "Anya Forger",
    "Nezuko", "Nezuko Kamado", "Mitsuri Kanroji", "Shinobu Kocho", "Marin Kitagawa", "Rias Gremory",
    "Akeno Himejima", "Asuna", "Asuna Yuuki", "Kirito", "Sinon", "Holo", "Violet Evergarden", "Saber",
    "Rin Tohsaka", "Tohru", "Kanna", "Albedo", "Shalltear", "Raphtalia", "Mai Sakurajima", "Chika Fujiwara",
    "Kaguya Shinomiya", "Rukia Kuchiki", "Orihime Inoue", "Yoruichi", "Motoko Kusanagi", "Faye Valentine",
    "Revy", "Lum", "Nausicaa", "San", "Kiki", "Chihiro", "Totoro", "Frieren", "Fern", "Ryuko Matoi",
    "Satsuki Kiryuin", "Himiko Toga", "Ochaco Uraraka", "Momo Yaoyorozu", "Tsuyu Asui", "Midnight",
    "Bakugo", "Deku", "Ganyu", "Raiden Shogun", "Keqing", "Hu Tao", "Lumine", "Eula", "Yae Miko",
    "Kafka", "March 7th", "Firefly", "Belle Delphine",
    # cartoons, comics and film
    "Jessica Rabbit", "Betty Boop", "Velma", "Velma Dinkley", "Daphne Blake", "Daphne", "Elsa", "Anna of Arendelle",
    "Ariel", "Jasmine", "Belle", "Cinderella", "Snow White", "Aurora", "Rapunzel", "Mulan", "Pocahontas",
    "Tiana", "Moana", "Merida", "Esmeralda", "Megara", "Meg", "Tinker Bell", "Wonder Woman", "Diana Prince",
    "Harley Quinn", "Poison Ivy", "Catwoman", "Selina Kyle", "Batgirl", "Supergirl", "Power Girl",
    "Starfire", "Raven", "Zatanna", "Black Widow", "Natasha Romanoff", "Scarlet Witch", "Wanda Maximoff",
    "Storm", "Rogue", "Jean Grey", "Emma Frost", "Mystique", "Psylocke", "She-Hulk", "Jennifer Walters",
    "Gwen Stacy", "Spider-Gwen", "Mary Jane", "Mary Jane Watson", "Black Cat", "Felicia Hardy", "Elektra",
    "Captain Marvel", "Carol Danvers", "Gamora", "Nebula", "Mantis", "Thor", "Loki", "Hela", "Valkyrie",
    "Batman", "Superman", "Spider-Man", "Iron Man", "Tony Stark", "Peter Parker", "Bruce Wayne",
    "Clark Kent", "Lois Lane", "Deadpool", "Wolverine", "Homer Simpson", "Marge Simpson", "Lisa Simpson",
    "Lois Griffin", "Meg Griffin", "Peter Griffin", "Princess Leia", "Leia Organa", "Rey", "Padme Amidala",
    "Padmé", "Ahsoka Tano", "Ahsoka", "Hermione Granger", "Hermione", "Ginny Weasley", "Harry Potter",
    "Luna Lovegood", "Daenerys Targaryen", "Daenerys", "Cersei Lannister", "Arya Stark", "Sansa Stark",
    "Khaleesi", "Buffy", "Buffy Summers", "Xena", "Red Sonja", "Vampirella", "Ripley", "Ellen Ripley",
    "Sarah Connor", "Trinity", "Leeloo", "Barbie", "Ken", "Lola Bunny", "Gwen Tennyson", "Kim Possible",
    "Shego", "Sam", "Clover", "Alex", "Star Butterfly", "Marceline", "Princess Bubblegum", "Korra",
    "Azula", "Katara", "Toph", "Ty Lee", "Mai", "Frankie Stein", "Draculaura", "Bloom", "Stella", "Tecna",
    "Sherlock Holmes", "James Bond", "Indiana Jones", "Alice", "Alice in Wonderland", "Dorothy Gale",
    "Little Red Riding Hood", "Goldilocks", "Pinocchio", "Peter Pan", "Wendy Darling", "Mrs Claus",
    "Santa Claus", "Mrs. Claus", "Shrek", "Fiona", "Princess Fiona", "Mirabel", "Isabela Madrigal",
    # myth, religion, folklore and fantasy types used as names
    "Lilith", "Venus", "Aphrodite", "Athena", "Artemis", "Hera", "Persephone", "Medusa", "Gaia", "Freyja",
    "Frigg", "Hel", "Isis", "Cleopatra", "Nefertiti", "Eve", "Adam", "Helen of Troy", "Galatea", "Pandora",
    "Psyche", "Eros", "Cupid", "Zeus", "Apollo", "Ares", "Hades", "Poseidon", "Kali", "Lakshmi", "Durga",
    "Amaterasu", "Kitsune", "Succubus", "Lamia", "Circe", "Calypso", "Morgana", "Morgan le Fay",
    "Guinevere", "Nimue", "Juliet", "Ophelia", "Lady Godiva", "Godiva", "Salome", "Delilah", "Bathsheba",
    "Mona Lisa", "Olympia", "Leda", "Danae", "Susanna",
    # artworks named like people
    "Venus de Milo", "Birth of Venus", "The Birth of Venus", "Girl with a Pearl Earring", "Olympia",
)
# Brands and labels named after people: a reference to the brand, not a person depicted.
BRANDS: tuple[str, ...] = (
    "Calvin Klein", "Victoria Secret", "Victoria's Secret", "Victorias Secret", "Ralph Lauren", "Tommy Hilfiger",
    "Louis Vuitton", "Christian Dior", "Hugo Boss", "Vera Wang", "Coco Chanel", "Marc Jacobs", "Michael Kors",
    "Kate Spade", "Tom Ford", "Dolce Gabbana", "Dolce & Gabbana", "Giorgio Armani", "Yves Saint Laurent",
    "Jean Paul Gaultier", "Agent Provocateur", "Alexander McQueen", "Stella McCartney", "Vivienne Westwood",
    "Jimmy Choo", "Christian Louboutin", "Mercedes Benz", "Mercedes-Benz", "Ben & Jerry", "Betty Crocker",
    "Dr Pepper", "Dr. Martens", "Tim Hortons", "Wendy", "Fredericks of Hollywood", "Frederick's of Hollywood",
    "Ann Summers", "Savage X Fenty", "Hanky Panky", "Honey Birdette", "Guess", "Marie Claire", "Harper's Bazaar",
)
# fmt: on


def _fold(text: str) -> str:
    """Lower-case, accents dropped, runs of spaces collapsed: the form the detector compares."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain).strip().lower()


_WORD = re.compile(r"^[^\W\d_]{2,}$")


def _person_names(shared: Path) -> Iterator[str]:
    data = shared / "data"
    with (data / "people_wikipedia_names_2012/people_en_es_wikipedia_titles.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            yield row["name_eng"]
            yield row["name_spa"]
    with (data / "people_pantheon/pantheon_1.0.csv").open(encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            yield row["name"]
    with (data / "people_vggface2_identities/vggface2_identities_clean.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            yield row["Name_spaces"]
    with (data / "people_current/face_dataset_identities/vox1_meta.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            yield row["Class_name"].replace("_", " ")
    with (data / "people_current/athletes_football_fifa19/fifa19_players.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            yield row["full_name"]
    for name in ("paris2024_athletes.csv", "rio2016_athletes.csv"):
        path = data / "people_current/athletes_olympics" / name
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                yield _olympic_name(row.get("PersonName") or row.get("name") or "")
    with (data / "people_current/us_congress_legislators/legislators-current.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            yield f"{row.get('first_name', '')} {row.get('last_name', '')}"


def _olympic_name(raw: str) -> str:
    """``"ALEKSANYAN Artur"`` -> ``"Artur Aleksanyan"`` (family name in capitals first)."""
    words = raw.split()
    family = [w for w in words if w.isupper() and len(w) > 1]
    given = [w for w in words if w not in family]
    return " ".join(given + [w.title() for w in family])


def _characters(shared: Path) -> Iterator[str]:
    folder = shared / "data/people_current/actors_characters"
    for name in ("triviadraft_character_actor.csv", "tmdb_top_movies_cast_character.csv"):
        with (folder / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for piece in re.split(r"\s*/\s*|\s+\(|\)", row["character"]):
                    part = re.sub(r"[\"']", "", piece).strip()
                    if part and not part.lower().startswith(("himself", "herself", "voice", "self")):
                        yield part


def build(shared: Path, min_given: int, min_surname: int, word_zipf: float, strong_at: float) -> dict[str, object]:
    from wordfreq import top_n_list, zipf_frequency

    given: Counter[str] = Counter()
    surnames: Counter[str] = Counter()
    for raw in _person_names(shared):
        words = [w for w in _fold(re.sub(r"\(.*?\)|,.*$", "", raw)).split() if _WORD.match(w)]
        if len(words) < 2:
            continue
        given[words[0]] += 1
        surnames[words[-1]] += 1
    given_names = sorted(w for w, n in given.items() if n >= min_given)
    strong = sorted(w for w in given_names if math.log10(1 + given[w]) - (zipf_frequency(w, "en") - 3.0) >= strong_at)
    surname_list = sorted(
        w
        for w, n in surnames.items()
        if n >= min_surname and math.log10(1 + n) - (zipf_frequency(w, "en") - 3.0) >= SURNAME_STRENGTH
    )
    strong_set = set(strong)
    ordinary = sorted(
        w
        for w in top_n_list("en", 60000)
        if _WORD.match(w) and w not in strong_set and zipf_frequency(w, "en") >= word_zipf
    )

    given_set = set(given_names)
    hand = {_fold(n) for n in FICTIONAL_BY_HAND}
    brands = sorted({_fold(n) for n in BRANDS})
    from_tables = set()
    for character in _characters(shared):
        folded = _fold(character)
        words = folded.split()
        if not words or not all(_WORD.match(w) for w in words):
            continue
        if len(words) == 1 and (folded in given_set or zipf_frequency(folded, "en") >= 3.0):
            continue  # "Red", "Anna": a common given name or word alone is not evidence of fiction
        from_tables.add(folded)
    fictional = sorted(hand | from_tables)
    return {
        "about": "built by scripts/build_unlisted_lexicon.py; lower-case, accents dropped",
        "given": given_names,
        "given_strong": strong,
        "ordinary": ordinary,
        "common": sorted(w for w in ordinary if zipf_frequency(w, "en") >= COMMON_ZIPF),
        "surnames": surname_list,
        "fictional": fictional,
        "brands": brands,
        "counts": {
            "given": len(given_names),
            "given_strong": len(strong),
            "ordinary": len(ordinary),
            "surnames": len(surname_list),
            "fictional_by_hand": len(hand),
            "fictional_from_tables": len(from_tables),
            "fictional": len(fictional),
            "brands": len(brands),
        },
    }


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-given", type=int, default=3)
    parser.add_argument("--min-surname", type=int, default=3)
    parser.add_argument("--word-zipf", type=float, default=3.0)
    parser.add_argument("--strong", type=float, default=0.5)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not (args.shared / "data").is_dir():
        print(f"no data folder under {args.shared}", file=sys.stderr)
        return 66
    lexicon = build(args.shared, args.min_given, args.min_surname, args.word_zipf, args.strong)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(lexicon, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    # mtime=0 keeps the file byte-identical between builds of the same data
    with args.out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(payload)
    print(json.dumps(lexicon["counts"]), f"-> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
