"""Build the Japanese names table (``src/consentry/text/data/japanese_names.tsv.gz``).

Japanese people are written in kanji (and kana): 宮崎駿, 浜崎あゆみ. A kanji has many readings and a
name's are its own, so the names are read with a names dictionary: JMnedict (the Japanese Names
Dictionary of the Electronic Dictionary Research and Development Group), whose surname and given-name
entries give each written form and its romanised reading (大坂: Oosaka, Osaka; 結衣: Yui).

Only the readings that make a person of the people index are kept: a person whose two-word Latin name
is a JMnedict given name and a JMnedict surname ("Naomi Osaka", either order) keeps the forms of that
surname and of that given name. The table: ``form<TAB>kind<TAB>readings`` with kind ``s`` (surname)
or ``g`` (given name) and the readings comma-separated, lower case, long vowels written once
("oosaka" -> "osaka"). The matcher joins a surname form and a given-name form that follow each other
in a text and looks the reading up in the index (``people_scripts.find_japanese``).

Source and licence: JMnedict, (C) the Electronic Dictionary Research and Development Group, Creative
Commons Attribution-ShareAlike (https://www.edrdg.org/edrdg/licence.html), read from the SQLite file
of the ``jamdict-data`` package (1.5, JMnedict of 2021-04-17) at build time only; the table is a
derived file under the same licence.

Run from the repository root, with the path of ``jamdict.db`` (unpacked from ``jamdict-data``):

    python scripts/build_japanese_names.py path/to/jamdict.db
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import sqlite3
import unicodedata
from collections import defaultdict
from pathlib import Path

from consentry.text.person import PersonDetector

OUT = Path("src/consentry/text/data/japanese_names.tsv.gz")
SURNAME = ("surname",)
GIVEN = ("given", "fem", "masc")
MAX_FORM = 4  # characters of a surname or given-name form, at most


def folded(reading: str) -> str:
    """A romanised reading as a Latin name writes it: lower case, letters only, long vowels once."""
    text = "".join(c for c in unicodedata.normalize("NFKD", reading.lower()) if c.isascii() and c.isalpha())
    return re.sub(r"(?<=o)[ou]|(?<=u)u", "", text)


def entries(db: Path, kinds: tuple[str, ...]) -> dict[str, set[str]]:
    """Written form (kanji, or kana where an entry has no kanji) -> folded readings, for entries of ``kinds``."""
    connection = sqlite3.connect(db)
    marks = ",".join("?" * len(kinds))
    query = f"""
        select coalesce(k.text, a.text), g.text from NETranslation t
        join NETransType y on y.tid = t.ID join NETransGloss g on g.tid = t.ID
        join NEKana a on a.idseq = t.idseq left join NEKanji k on k.idseq = t.idseq
        where y.text in ({marks})
    """
    out: dict[str, set[str]] = defaultdict(set)
    for form, gloss in connection.execute(query, kinds):
        if len(form) <= MAX_FORM and " " not in gloss.strip():
            out[form].add(folded(gloss))
    connection.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jmnedict", type=Path, help="jamdict.db of the jamdict-data package")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    surnames = entries(args.jmnedict, SURNAME)
    given = entries(args.jmnedict, GIVEN)
    surname_readings = {r for rs in surnames.values() for r in rs}
    given_readings = {r for rs in given.values() for r in rs}
    detector = PersonDetector()
    detector.load()
    index = detector.matcher().index
    kept_surnames: set[str] = set()
    kept_given: set[str] = set()
    for number in range(len(index)):
        words = [folded(w) for w in re.split(r"[\s\-]+", index.person(number).name) if w]
        if len(words) != 2:
            continue
        for first, last in (words, words[::-1]):
            if first in given_readings and last in surname_readings:
                kept_given.add(first)
                kept_surnames.add(last)
    rows = []
    for kind, table, kept in (("s", surnames, kept_surnames), ("g", given, kept_given)):
        for form, readings in table.items():
            useful = sorted(readings & kept)
            if useful:
                rows.append(f"{form}\t{kind}\t{','.join(useful)}")
    data = "\n".join(sorted(rows)).encode("utf-8") + b"\n"
    args.out.write_bytes(gzip.compress(data, mtime=0))
    print(f"{len(rows)} forms ({len(kept_surnames)} surnames, {len(kept_given)} given names) -> {args.out}")
    print(f"sha256 {hashlib.sha256(args.out.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
