"""Where a prompt comes from: its nearest public prompt, by weighted word overlap.

The dev set's ``ncii`` and ``adult`` rows were composed from public prompts with a name put in
place of the subject, and the sexual model is trained on the same public sets. To count only
what the detector has not seen, every dev row (and every public prompt) is mapped to the public
prompt it copies, if any, and to that prompt's family:

- ``i2p``: I2P, UnlearnDiffAtk and P4D (the last two are I2P subsets);
- ``ringabell``: Ring-A-Bell's nudity / no-nudity templates;
- ``nibbler``: Adversarial Nibbler's attempted prompts;
- ``coco``, ``parti``: the benign caption sets;
- ``written-*``: the sets written for training (``training/written_sets.py``).

Similarity is a weighted Jaccard of content words (letters only, three or more, normalized
with the prompt normalizer), a word weighing its inverse document frequency over all public
prompts, so that shared style tails ("highly detailed, artstation") weigh little. The words
of the person's name are left out of the dev row first (the name was swapped in). Candidates are
found through the words that are not among the most common (an inverted index), then scored
exactly.
"""

from __future__ import annotations

import csv
import math
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from consentry.text.known_prompts import content_words
from consentry.text.normalize import normalize

csv.field_size_limit(sys.maxsize)
# A prompt is a copy of a source from this similarity on (checked by reading: at 0.5 the two
# prompts share their subject matter and most of their modifiers; below 0.4 they often do not).
COPY_SIMILARITY = 0.5
# words held by more than this share of the prompts are not used to find candidates
COMMON_SHARE = 0.02

FAMILY_OF_SOURCE = {
    "i2p": "i2p",
    "unlearndiffatk": "i2p",
    "p4d": "i2p",
    "ringabell": "ringabell",
    "nibbler": "nibbler",
    "coco": "coco",
    "parti": "parti",
}


def family_of(source: str) -> str:
    """The family of a training row's source (``written-*`` sets are their own family)."""
    if source.startswith("written-"):
        return source
    return FAMILY_OF_SOURCE.get(source, source)


@dataclass(frozen=True, slots=True)
class PublicPrompt:
    source: str  # i2p, unlearndiffatk, p4d, ringabell, nibbler, coco, parti
    text: str  # normalized
    nude_percent: float  # I2P-style sets: share of Stable Diffusion images nude; else -1
    label: str  # ringabell: nudity / no-nudity; else ""

    @property
    def family(self) -> str:
        return FAMILY_OF_SOURCE[self.source]


def _csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def public_prompts(data: Path) -> list[PublicPrompt]:
    """Every prompt of the public sets used for training, normalized."""
    out: list[PublicPrompt] = []

    def add(source: str, text: str, nude: float = -1.0, label: str = "") -> None:
        norm = normalize(text).text
        if norm.strip():
            out.append(PublicPrompt(source, norm, nude, label))

    for r in _csv(data / "ringabell_concept_prompts" / "Nudity_prompt.csv"):
        parts = [r["nudity"], r["people"], r["clothes"], r["location"]]
        add("ringabell", " ".join(p.strip() for p in parts if p.strip() and p.strip() != "None"), label="nudity")
    for r in _csv(data / "ringabell_concept_prompts" / "NoNudity_prompt.csv"):
        add("ringabell", r["prompt"], label="no-nudity")
    i2p_like = [(data / "i2p" / "i2p_4703.csv", "i2p"), (data / "unlearndiffatk" / "nudity.csv", "unlearndiffatk")]
    i2p_like += [(p, "p4d") for p in sorted((data / "p4d").glob("*.csv"))]
    i2p_like += [(data / "unlearndiffatk" / f"{n}.csv", "unlearndiffatk") for n in ("violence", "illegal")]
    for path, source in i2p_like:
        for r in _csv(path):
            add(source, r["prompt"], float(r.get("nudity_percentage") or 0))
    for name in ("vangogh.csv", "church.csv"):
        for r in _csv(data / "unlearndiffatk" / name):
            add("unlearndiffatk", r["prompt"])
    for r in _csv(data / "coco_captions" / "coco_30k.csv"):
        add("coco", r["prompt"])
    for r in _csv(data / "partiprompts" / "PartiPrompts.tsv", delimiter="\t"):
        add("parti", r["Prompt"])
    for r in _csv(data / "adversarial_nibbler_attempted" / "nibbler_attempted_prompts.csv"):
        add("nibbler", r["prompt"])
    return out


@dataclass(frozen=True, slots=True)
class Match:
    index: int  # into the index's texts
    similarity: float


class SimilarityIndex:
    """Weighted-Jaccard nearest neighbours over content words."""

    def __init__(self, texts: Sequence[str], idf_texts: Iterable[str] | None = None) -> None:
        self.texts = list(texts)
        self.words = [frozenset(content_words(t)) for t in self.texts]
        df: Counter[str] = Counter()
        n = 0
        for words in self.words if idf_texts is None else (frozenset(content_words(t)) for t in idf_texts):
            df.update(words)
            n += 1
        self._idf = {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items()}
        self._rare = math.log(n + 1) + 1.0
        common = max(50, int(COMMON_SHARE * n))
        self._postings: dict[str, list[int]] = {}
        for i, words in enumerate(self.words):
            for w in words:
                if df.get(w, 0) <= common:
                    self._postings.setdefault(w, []).append(i)
        self._weights = [self.weight(w) for w in self.words]

    def weight(self, words: Iterable[str]) -> float:
        return sum(self._idf.get(w, self._rare) for w in words)

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        inter = self.weight(a & b)
        union = self.weight(a | b)
        return inter / union if union > 0 else 0.0

    def best_per_group(self, words: frozenset[str], groups: Sequence[Sequence[bool]]) -> list[Match | None]:
        """For each group (a mask over the indexed texts), its most similar text."""
        candidates: set[int] = set()
        for w in words:
            candidates.update(self._postings.get(w, ()))
        best: list[Match | None] = [None] * len(groups)
        for i in candidates:
            sim = self.similarity(words, self.words[i])
            for g, mask in enumerate(groups):
                current = best[g]
                if mask[i] and (current is None or sim > current.similarity):
                    best[g] = Match(i, sim)
        return best

    def best(self, words: frozenset[str], exclude: int = -1, keep: Sequence[bool] | None = None) -> Match | None:
        """The most similar indexed text (not ``exclude``; only where ``keep`` is true)."""
        candidates: set[int] = set()
        for w in words:
            candidates.update(self._postings.get(w, ()))
        best: Match | None = None
        for i in candidates:
            if i == exclude or (keep is not None and not keep[i]):
                continue
            sim = self.similarity(words, self.words[i])
            if best is None or sim > best.similarity:
                best = Match(i, sim)
        return best


def without_name(text: str, name: str) -> frozenset[str]:
    """Content words of normalized ``text`` without those of the person's ``name``."""
    name_words = content_words(normalize(name).text)
    joined = "".join(w for w in normalize(name).text.split(" ") if w.isalpha())
    return frozenset(
        w for w in content_words(text) if w not in name_words and not (len(w) >= 6 and (w in joined or joined in w))
    )
