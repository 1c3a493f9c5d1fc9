"""False names in other scripts: obscene words of other languages, alone and in random pairs.

    python scripts/eval_people_scripts_fp.py [--shared ../shared] [--pairs N] [--list] [--common]

The words are the LDNOOBW lists (../shared/data/obfuscation_and_blocklists/ldnoobw_all_languages.csv)
of Arabic, Persian, Hindi, Japanese, Korean, Russian, Thai and Chinese: exactly the words that
stand beside a name in a sexual prompt. Each list's terms and N random pairs of them (seed 1) go
through the people matcher; a prompt with any person found at >= 0.5 is a false name (no term is a
person). This is where the consonant keys of ``consentry.text.people_scripts`` are weakest: it is
how Arabic-script and Hebrew reading was found to be unsafe and left out.

``--common``: ordinary words instead, the 3,000 most frequent of Russian, Greek, Arabic, Hebrew,
Hindi, Chinese, Japanese and Korean (``wordfreq``, the ``build`` extra; its data CC BY-SA 4.0): N
random pairs and N random triples of each language (``--seed``, 1), joined as the language writes them (no
space in Chinese and Japanese), the pairs of Russian and Greek also with capitals, as a name is
written. A word list of real text is not a person either, except where it draws one by chance (the
lists hold names: listed with ``--list``). ``--rank-from 20000``: the words ranked 20,000 to 23,000
instead, rarer than any list the matcher holds (native_words.txt.gz has the top 20,000's).
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from consentry.text.person import PersonDetector

LANGUAGES = ("ar", "fa", "hi", "ja", "ko", "ru", "th", "zh")
COMMON_LANGUAGES = ("ru", "el", "ar", "he", "hi", "zh", "ja", "ko")
COMMON_WORDS = 3000


def common_prompts(language: str, count: int, rng: random.Random, rank_from: int = 0) -> list[str]:
    """Random pairs and triples of a language's frequent words (of its own script, no digits): the
    ``COMMON_WORDS`` from rank ``rank_from`` on."""
    from wordfreq import top_n_list

    ranked = top_n_list(language, rank_from + COMMON_WORDS)[rank_from:]
    words = [w for w in ranked if not w.isascii() and w.isalpha()]
    glue = "" if language in ("zh", "ja") else " "
    prompts = [glue.join(rng.sample(words, 2)) for _ in range(count)]
    prompts += [glue.join(rng.sample(words, 3)) for _ in range(count)]
    if language in ("ru", "el"):
        prompts += [" ".join(w.capitalize() for w in rng.sample(words, 2)) for _ in range(count)]
    return prompts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--pairs", type=int, default=300, metavar="N", help="random pairs per language")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--common", action="store_true", help="frequent words of eight languages instead")
    parser.add_argument("--seed", type=int, default=1, help="of the random pairs")
    parser.add_argument(
        "--rank-from", type=int, default=0, metavar="N", help="with --common: the words from rank N on (not the top)"
    )
    args = parser.parse_args()
    terms: dict[str, list[str]] = {}
    if not args.common:
        path = args.shared / "data" / "obfuscation_and_blocklists" / "ldnoobw_all_languages.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["lang"] in LANGUAGES:
                    terms.setdefault(row["lang"], []).append(row["term"])
    detector = PersonDetector()
    detector.load()
    matcher = detector.matcher()
    rng = random.Random(args.seed)
    total = found = 0
    print(f"{'language':8} {'prompts':>8} {'with a name':>12}")
    for language in COMMON_LANGUAGES if args.common else LANGUAGES:
        words = terms.get(language, [])
        if args.common:
            prompts = common_prompts(language, args.pairs, rng, args.rank_from)
        else:
            prompts = words + [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(args.pairs)] if words else []
        hits = [(p, [m.name for m in matcher.find(p) if m.score >= 0.5]) for p in prompts]
        hits = [h for h in hits if h[1]]
        total += len(prompts)
        found += len(hits)
        print(f"{language:8} {len(prompts):>8} {len(hits):>12}")
        if args.list:
            for prompt, names in hits:
                print(f"    {prompt!r} -> {names}")
    print(f"{'all':8} {total:>8} {found:>12}  ({found / max(total, 1):.2%})")


if __name__ == "__main__":
    main()
