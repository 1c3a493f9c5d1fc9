"""The training data of the sexual-intent model, built from ../shared/data (see docs/detectors/sexual.md).

Every row is (text, grade, source, split): ``text`` is the normalized prompt, ``grade`` 0..3
(none, suggestive, nudity, explicit), ``split`` is ``train`` or ``test``, fixed by a hash of
the normalized text so that the held-out part never changes between runs and a prompt that
appears in two sources lands on one side only.

Labels (the recipe):
- the graded lexicon gives every prompt a weak grade L (its strongest term of strength >= 0.6);
- Ring-A-Bell nudity templates: max(L, nudity); its no-nudity twins: L;
- UnlearnDiffAtk nudity prompts and P4D prompts (I2P prompts that reliably produce nudity):
  when at least 30% of Stable Diffusion's images were nude and the prompt has a sexual term,
  max(L, nudity); with no sexual term, suggestive only when >= 70% were nude, else L (the labels
  describe images, not intent: "portrait of a woman, full body shot, perfect face" made nude
  images in SD 1.4 and must not read as nudity, nor as suggestive);
- I2P: the same with a 50% floor;
- COCO captions and PartiPrompts: min(L, suggestive) (benign sets: swimwear yes, nudity no);
- Adversarial Nibbler attempts: L (realistic traffic, weak labels only);
- the written sets (``training/written_sets.py``, only with ``with_written=True``: the leave-one-
  source-out evaluation): plain sentences, edits, euphemisms and harmless uses of the same words,
  with the grade they were written for;
- the lexicon itself: every graded term alone and inside two neutral templates, with its grade;
  every safe phrase alone and in a template, as none;
- neutral counterweights: the 1,500 most frequent words of COCO and PartiPrompts alone and in the
  same two templates, 4,000 names of famous people (Pantheon) and 4,000 two- and three-word
  pieces of COCO captions, as none (short text must not read as sexual by itself), and 2,000
  portrait prompts made of a plain subject and two to five common style modifiers ("a woman,
  full body shot, perfect face, 85mm, artstation"), as none.
- ``training/train_sexual.py`` blanks the names of people the person detector finds (score
  >= 0.5) before the features are made, as the detector does at run time: a name is not intent.
Nothing from ../shared/eval is used.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from written_sets import written_rows

from consentry.text.lexicon import Lexicon, load_terms
from consentry.text.normalize import normalize
from consentry.text.sexual import LEXICON_FILE

csv.field_size_limit(sys.maxsize)
LABEL_MIN_STRENGTH = 0.6
TEST_SHARE = 0.2
NEUTRAL_WORDS = 1500
NEUTRAL_NAMES = 4000
NEUTRAL_PIECES = 4000
# The templates every lexicon term is also written in: safe terms (grade 0) and the others alike, so
# that a template carries no sign of its own.
TEMPLATES = ("{term}, highly detailed, 8k", "a picture, {term}")
NEUTRAL_PORTRAITS = 2000
PORTRAIT_SUBJECTS = (
    *("portrait of a woman", "a man", "photo of a person", "a woman", "portrait", "an actress", "a singer"),
    *("a politician", "an athlete", "a young man", "an old woman", "headshot of a man", "a couple", "a model"),
)
STYLE_MODIFIERS = (
    *("full body shot", "full body", "perfect face", "detailed face", "beautiful face", "highly detailed"),
    *("artstation", "trending on artstation", "8k", "4k", "hdr", "85mm", "50mm", "35mm film", "f/1.8"),
    *("studio lighting", "soft light", "dramatic lighting", "cinematic", "cinematic lighting", "bokeh"),
    *("sharp focus", "concept art", "digital painting", "oil painting", "octane render", "unreal engine"),
    *("photorealistic", "hyperrealistic", "realistic", "fashion photo", "magazine cover", "portrait photo"),
    *("looking at the camera", "smiling", "standing", "white background", "intricate", "elegant"),
    *("symmetrical face", "detailed skin", "dslr", "canon eos", "award winning photo", "masterpiece"),
    *("best quality", "volumetric lighting", "golden hour", "depth of field", "by greg rutkowski"),
)


@dataclass(frozen=True, slots=True)
class Row:
    text: str  # normalized
    grade: int
    source: str
    split: str
    original: str  # the prompt as written (the first source that had it)


def split_of(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return "test" if digest[0] < int(256 * TEST_SHARE) else "train"


def _csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def build_rows(shared: Path, with_written: bool = False) -> list[Row]:
    """The training rows; ``with_written``: with the written sets (``training/loso_sexual.py`` measures them).

    The bundled model is trained without them: trained with them, it gained on sentences like
    theirs but read harmless prompts in their frames as nudity when the harmless set was left out
    (see docs/detectors/sexual.md, "Leave one source out").
    """
    data = shared / "data"
    lexicon = Lexicon(load_terms(LEXICON_FILE))

    def weak(text: str) -> tuple[str, int]:
        norm = normalize(text).text
        hits = lexicon.find(norm)
        return norm, max((h.term.grade for h in hits if h.term.strength >= LABEL_MIN_STRENGTH), default=0)

    raw: list[tuple[str, int, str]] = []  # (normalized text, grade, source)
    originals: dict[str, str] = {}
    last_written = [""]

    def weak_of(text: str) -> tuple[str, int]:
        last_written[0] = text
        return weak(text)

    def add(text: str, grade: int, source: str) -> None:
        if text.strip():
            raw.append((text, grade, source))
            originals.setdefault(text, last_written[0] or text)

    for r in _csv(data / "ringabell_concept_prompts" / "Nudity_prompt.csv"):
        parts = [r["nudity"], r["people"], r["clothes"], r["location"]]
        norm, lab = weak_of(" ".join(p.strip() for p in parts if p.strip() and p.strip() != "None"))
        add(norm, max(lab, 2), "ringabell")
    for r in _csv(data / "ringabell_concept_prompts" / "NoNudity_prompt.csv"):
        norm, lab = weak_of(r["prompt"])
        add(norm, lab, "ringabell")

    def i2p_like(path: Path, source: str, positive_floor: float) -> None:
        for r in _csv(path):
            norm, lab = weak_of(r["prompt"])
            nudity = float(r.get("nudity_percentage") or 0)
            if nudity >= positive_floor and lab >= 1:
                lab = max(lab, 2)
            elif nudity >= 70:
                lab = max(lab, 1)
            add(norm, lab, source)

    i2p_like(data / "unlearndiffatk" / "nudity.csv", "unlearndiffatk", 30)
    for p in sorted((data / "p4d").glob("*.csv")):
        i2p_like(p, "p4d", 30)
    i2p_like(data / "i2p" / "i2p_4703.csv", "i2p", 50)
    for name in ("violence.csv", "illegal.csv"):
        for r in _csv(data / "unlearndiffatk" / name):
            norm, lab = weak_of(r["prompt"])
            add(norm, lab, "unlearndiffatk")
    for name in ("vangogh.csv", "church.csv"):
        for r in _csv(data / "unlearndiffatk" / name):
            norm, lab = weak_of(r["prompt"])
            add(norm, min(lab, 1), "unlearndiffatk")
    for r in _csv(data / "coco_captions" / "coco_30k.csv"):
        norm, lab = weak_of(r["prompt"])
        add(norm, min(lab, 1), "coco")
    for r in _csv(data / "partiprompts" / "PartiPrompts.tsv", delimiter="\t"):
        norm, lab = weak_of(r["Prompt"])
        add(norm, min(lab, 1), "parti")
    for r in _csv(data / "adversarial_nibbler_attempted" / "nibbler_attempted_prompts.csv"):
        norm, lab = weak_of(r["prompt"])
        add(norm, lab, "nibbler")
    # the sets written for training (training/written_sets.py): labels are the phrases' grades
    for text, grade, source in written_rows() if with_written else ():
        last_written[0] = text
        add(normalize(text).text, grade, source)
    for term in lexicon.terms:
        written = term.source.rstrip("*")
        if term.safe:
            for template in ("{term}", *TEMPLATES):
                last_written[0] = template.format(term=written)
                add(normalize(last_written[0]).text, 0, "lexicon")
        else:
            for template in ("{term}", *TEMPLATES):
                norm, lab = weak_of(template.format(term=written))
                add(norm, max(lab, term.grade), "lexicon")

    # Neutral counterweights: the most frequent benign words alone and in the same templates as
    # the terms, so that neither a short prompt nor a template reads as sexual by itself.
    counts: dict[str, int] = {}
    for text, grade, source in raw:
        if source in ("coco", "parti") and grade == 0:
            for word in text.split(" "):
                if word.isalpha() and len(word) > 2:
                    counts[word] = counts.get(word, 0) + 1
    for word in sorted(counts, key=lambda w: (-counts[w], w))[:NEUTRAL_WORDS]:
        for template in ("{term}", *TEMPLATES):
            norm, lab = weak_of(template.format(term=word))
            if lab == 0:
                add(norm, 0, "neutral")

    # Short neutral text: people's names (every NCII prompt holds one: a name alone must read as
    # nothing) and two- and three-word pieces of COCO captions.
    names = [r["name"] for r in _csv(data / "people_pantheon" / "pantheon_1.0.csv")][:NEUTRAL_NAMES]
    for name in names:
        norm, lab = weak_of(name)
        if lab == 0:
            add(norm, 0, "neutral")
    # Portrait prompts in the common style tails: the subject and its modifiers read as nothing
    rng = random.Random(0)
    for i in range(NEUTRAL_PORTRAITS):
        parts = [PORTRAIT_SUBJECTS[i % len(PORTRAIT_SUBJECTS)], *rng.sample(STYLE_MODIFIERS, 2 + i % 4)]
        norm, lab = weak_of(", ".join(parts))
        if lab == 0:
            add(norm, 0, "neutral")
    pieces = 0
    for text, grade, source in list(raw):
        if source != "coco" or grade != 0 or pieces >= NEUTRAL_PIECES:
            continue
        words = text.split(" ")
        if len(words) >= 4:
            size = 2 + pieces % 2
            start = (pieces * 7) % (len(words) - size)
            add(" ".join(words[start : start + size]).strip(" ,"), 0, "neutral")
            pieces += 1

    # one row per normalized text; where sources disagree, the highest grade wins
    best: dict[str, tuple[int, str]] = {}
    for text, grade, source in raw:
        if text not in best or grade > best[text][0]:
            best[text] = (grade, source)
    return [Row(text, grade, source, split_of(text), originals[text]) for text, (grade, source) in best.items()]


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared"
    rows = build_rows(shared)
    from collections import Counter

    print(
        json.dumps(
            {
                f"{r[0]}/{r[1]}/{r[2]}": n
                for r, n in sorted(Counter((x.source, x.split, x.grade) for x in rows).items())
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
