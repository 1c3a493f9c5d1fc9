"""Build the common words of other languages (``src/consentry/text/data/foreign_words.txt.gz``).

The unlisted-person stage reads a capitalised or unknown word that is not English as a possible
name, so in a prompt written in another language ordinary words became "private people"
("una mujer desnuda en la playa", "nackte Frau im Garten"). This list holds the words of Zipf
frequency >= ``--zipf`` in at least one of ``LANGUAGES`` (``wordfreq``), folded as the stage folds
them (lower-case, accents dropped), without the English ordinary words the lexicon already has.
A word that the stage's own lists know as a given name or a surname
(``unlisted_lexicon.json.gz``) is left out unless it is a very frequent word of its language
(Zipf >= ``--name-zipf``: "una", "uma", "de", "mar"), so that "Carmen", "Giulia", "Kaya" or
"Fischer" still read as names.

Lines starting with ``=`` hold the English ordinary words that are much more frequent in another
language (Zipf >= 5 there and at least 1 above English: "la", "de", "sur", "femme", "der"): they
tell no language apart, so the stage leaves them out when it measures how much of a prompt is in
another language.

Source and licence: wordfreq (https://github.com/rspeer/wordfreq), code Apache-2.0, word-frequency
data CC BY-SA 4.0 (built from Wikipedia, subtitles, news, books, web text, Twitter and Reddit, as
its README describes). The list holds only words, one a line.

Run from the repository root (needs ``wordfreq`` at build time only; it ships its data):

    python scripts/build_foreign_words.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

OUT = Path("src/consentry/text/data/foreign_words.txt.gz")
LEXICON = Path("src/consentry/text/data/unlisted_lexicon.json.gz")
LANGUAGES = ("es", "pt", "fr", "it", "de", "nl", "pl", "tr", "id", "ru", "sv", "da", "nb", "fi", "cs", "hu", "ro")
_WORD = re.compile(r"^[^\W\d_]{2,}$")


def _fold(text: str) -> str:
    """Lower-case, accents dropped: the form the detector compares."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip().lower()


def build(lexicon: dict[str, list[str]], zipf: float, name_zipf: float) -> tuple[list[str], list[str]]:
    from wordfreq import top_n_list, zipf_frequency

    best: dict[str, float] = {}
    for language in LANGUAGES:
        for word in top_n_list(language, 100_000):
            frequency = zipf_frequency(word, language)
            if frequency < zipf:
                break  # the list is sorted by frequency
            folded = _fold(word)
            if _WORD.match(folded) and frequency > best.get(folded, 0.0):
                best[folded] = frequency
    english = set(lexicon["ordinary"])
    names = set(lexicon["given"]) | set(lexicon["surnames"])
    foreign = sorted(w for w, f in best.items() if w not in english and (w not in names or f >= name_zipf))
    neutral = sorted(w for w, f in best.items() if w in english and f >= 5.0 and f >= zipf_frequency(w, "en") + 1.0)
    return foreign, neutral


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--lexicon", type=Path, default=LEXICON)
    parser.add_argument("--zipf", type=float, default=3.5)
    parser.add_argument("--name-zipf", type=float, default=5.6)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not args.lexicon.is_file():
        print(f"no lexicon at {args.lexicon}", file=sys.stderr)
        return 66
    lexicon = json.loads(gzip.decompress(args.lexicon.read_bytes()))
    words, neutral = build(lexicon, args.zipf, args.name_zipf)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical between builds of the same data
    with args.out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(("\n".join([*words, *(f"={w}" for w in neutral)]) + "\n").encode("utf-8"))
    print(f"{len(words)} words, {len(neutral)} shared with English -> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
