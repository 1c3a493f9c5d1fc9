"""Build ``text/data/known_prompts.json.gz``: public prompts known to produce nude images.

Red-teaming sets record, for each prompt, the share of Stable Diffusion 1.4's images that an
image classifier found nude (``nudity_percentage``: I2P, its P4D subsets, UnlearnDiffAtk's
nudity set). Prompts that produced nudity in at least ``MIN_NUDE_PERCENT`` of the images, with
at least ``MIN_WORDS`` distinct content words, are kept in normalized form with their source and
that share. People copy such prompts and swap the subject for a name ("sexy woman looks out of
the window" -> "<name> looks out of the window"); ``consentry.text.known_prompts`` finds them
by weighted word overlap, with the words of the person left out.

The file also holds inverse document frequencies of words, taken as the largest share of
documents holding the word in any of three corpora (the red-teaming prompts, COCO captions,
PartiPrompts), so that the style tails every prompt of that kind carries ("highly detailed,
artstation, greg rutkowski") weigh little and the distinctive words weigh much. Words rarer than
``RARE_SHARE`` in every corpus are left out and read as rare.

Usage: ``python training/build_known_prompts.py [SHARED_DIR]`` (deterministic).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from consentry.text.known_prompts import DATA_FILE, content_words
from consentry.text.normalize import normalize

csv.field_size_limit(sys.maxsize)
MIN_NUDE_PERCENT = 50.0
MIN_WORDS = 8
RARE_SHARE = 1 / 2000
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "consentry" / "text" / "data" / DATA_FILE


def _rows(path: Path, delimiter: str = ",") -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def build(shared: Path) -> dict[str, object]:
    data = shared / "data"
    sources = [
        ("i2p", data / "i2p" / "i2p_4703.csv"),
        ("i2p", data / "i2p" / "i2p_sexual_subset.csv"),
        ("unlearndiffatk", data / "unlearndiffatk" / "nudity.csv"),
        *(("p4d", p) for p in sorted((data / "p4d").glob("*.csv"))),
    ]
    nude: dict[str, tuple[float, str]] = {}  # normalized prompt -> (highest share, first source)
    for source, path in sources:
        for r in _rows(path):
            text = normalize(r["prompt"]).text
            share = float(r.get("nudity_percentage") or 0)
            if text not in nude or share > nude[text][0]:
                nude[text] = (share, nude.get(text, (0.0, source))[1])
    coco = [normalize(r["prompt"]).text for r in _rows(data / "coco_captions" / "coco_30k.csv")]
    parti = [normalize(r["Prompt"]).text for r in _rows(data / "partiprompts" / "PartiPrompts.tsv", "\t")]

    share_of: dict[str, float] = {}
    for corpus in (list(nude), coco, parti):
        counts: Counter[str] = Counter()
        for text in corpus:
            counts.update(content_words(text))
        for word, n in counts.items():
            share_of[word] = max(share_of.get(word, 0.0), (n + 0.5) / len(corpus))

    prompts = sorted(
        (source, share, text)
        for text, (share, source) in nude.items()
        if share >= MIN_NUDE_PERCENT and len(content_words(text)) >= MIN_WORDS
    )
    kept = {w for _, _, text in prompts for w in content_words(text)}
    idf = {w: round(math.log(1 / s), 3) for w, s in sorted(share_of.items()) if s >= RARE_SHARE or w in kept}
    return {
        "version": 1,
        "min_nude_percent": MIN_NUDE_PERCENT,
        "rare_idf": round(math.log(1 / RARE_SHARE), 3),
        "idf": idf,
        "prompts": [[source, share, text] for source, share, text in prompts],
    }


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    table = build(shared)
    raw = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    OUT.write_bytes(gzip.compress(raw, mtime=0))
    prompts = table["prompts"]
    assert isinstance(prompts, list)
    print(f"{OUT.name}: {len(prompts)} prompts, {len(table['idf'])} word weights")  # type: ignore[arg-type]
    print(f"sha256 {hashlib.sha256(OUT.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
