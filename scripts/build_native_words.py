"""Build the frequent two-character words of Chinese and Korean (``src/consentry/text/data/native_words.txt.gz``).

A Chinese or Korean person's name of two characters (王菲, 현빈) is also, as often as not, a word of
the language (关于 "about" is Guan Yu, 이용 "use" is Lee Yong). The matcher reads a two-character name
only where it is not one of these words: the words of two characters among the ``--top`` most frequent
of Chinese and of Korean (``wordfreq``), one a line.

Source and licence: wordfreq (https://github.com/rspeer/wordfreq), code Apache-2.0, word-frequency
data CC BY-SA 4.0. The list holds only words.

Run from the repository root (needs ``wordfreq``, the ``build`` extra, at build time only):

    python scripts/build_native_words.py
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
from pathlib import Path

OUT = Path("src/consentry/text/data/native_words.txt.gz")


def main() -> None:
    from wordfreq import top_n_list

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=20_000, help="most frequent words of each language")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    words: set[str] = set()
    for language, low, high in (("zh", "\u4e00", "\u9fff"), ("ko", "\uac00", "\ud7a3")):
        words.update(w for w in top_n_list(language, args.top) if len(w) == 2 and all(low <= c <= high for c in w))
    args.out.write_bytes(gzip.compress(("\n".join(sorted(words)) + "\n").encode("utf-8"), mtime=0))
    print(f"{len(words)} words -> {args.out}")
    print(f"sha256 {hashlib.sha256(args.out.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
