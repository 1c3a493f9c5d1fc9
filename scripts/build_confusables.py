"""Compile Unicode's confusables.txt into the small table the text normalizer ships with.

Keeps only single code points (outside ASCII, not already turned into ASCII by NFKC) whose
confusable skeleton is one or two ASCII letters or digits, e.g. Cyrillic 'а' -> 'a', Greek
'ο' -> 'o', Cherokee 'Ꭺ' -> 'A'. The output is a tab-separated file of code point (hex) and
target, sorted, with a header naming the source.

    python scripts/build_confusables.py ../shared/data/obfuscation_and_blocklists/unicode_confusables_v14.txt
"""

from __future__ import annotations

import argparse
import hashlib
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "consentry" / "text" / "data" / "confusables.tsv"


def build(source: Path) -> list[tuple[int, str]]:
    table: dict[int, str] = {}
    for raw in source.read_text(encoding="utf-8-sig").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(";")]
        codes = [int(x, 16) for x in parts[0].split()]
        target = "".join(chr(int(x, 16)) for x in parts[1].split())
        if len(codes) != 1 or codes[0] < 128 or not (target.isascii() and target.isalnum()) or len(target) > 2:
            continue
        char = chr(codes[0])
        if unicodedata.normalize("NFKC", char).isascii():
            continue
        table[codes[0]] = target
    return sorted(table.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="Unicode confusables.txt (UTS #39)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.source)
    digest = hashlib.sha256(args.source.read_bytes()).hexdigest()
    lines = [
        "# Confusable characters with an ASCII skeleton, compiled by scripts/build_confusables.py",
        "# from Unicode confusables.txt version 14.0.0 (UTS #39), Unicode License v3.",
        f"# source sha256 {digest}",
    ]
    lines += [f"{code:04X}\t{target}" for code, target in rows]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out.name}: {len(rows)} entries")


if __name__ == "__main__":
    main()
