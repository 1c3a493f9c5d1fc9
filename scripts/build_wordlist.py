"""Compile the English word list the people-index build uses to tell ordinary words from names.

Reads a SCOWL word list (Debian's ``wamerican``: /usr/share/dict/words) and keeps the words
with an apostrophe-free spelling: lower-case words (ordinary words) and capitalized ones
(proper nouns such as "Madonna", "Venus"). Writes ``src/consentry/text/data/english_words.txt.gz``.

    python scripts/build_wordlist.py /usr/share/dict/words

SCOWL is Copyright 2000-2011 by Kevin Atkinson; permission to use, copy, modify, distribute
and sell these word lists for any purpose is granted provided the copyright notice appears
(see the header of the output file).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "consentry" / "text" / "data" / "english_words.txt.gz"
HEADER = [
    "# English words from SCOWL (Debian wamerican 2020.12.07), compiled by scripts/build_wordlist.py",
    "# Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute and sell these",
    "# word lists, the associated scripts, the output created from the scripts, and its documentation for",
    "# any purpose is hereby granted without fee, provided that the above copyright notice appears in all",
    "# copies and that both that copyright notice and this permission notice appear in supporting",
    "# documentation. Kevin Atkinson makes no representations about the suitability of this array for any",
    '# purpose. It is provided "as is" without express or implied warranty.',
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    raw = args.source.read_bytes()
    words = sorted({w for w in raw.decode("utf-8", "replace").split() if w.isalpha() and w[1:].islower()})
    lines = [*HEADER, f"# source sha256 {hashlib.sha256(raw).hexdigest()}", *words]
    with args.out.open("wb") as handle, gzip.GzipFile(fileobj=handle, mode="wb", mtime=0, filename="") as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{args.out.name}: {len(words)} words")


if __name__ == "__main__":
    main()
