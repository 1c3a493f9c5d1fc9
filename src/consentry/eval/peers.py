"""Peer baselines: the filters sites use today, behind one small interface.

A peer looks at a prompt and says whether it would block it, with a score where it has one.
Peers are measured side by side with Consentry in ``consentry eval``; they are development and
evaluation tools (the ``eval`` extra), never part of the product.

Every peer sees the PROMPT ONLY by default: the negative prompt lists what the user wants to
avoid, and the filters below were built for positive prompts. ``use_negative=True`` makes a
peer read ``prompt + ", " + negative_prompt`` instead (what a naive integration does).

The peers (``PEER_NAMES``):

- ``nsfw-pipeline-bow``, ``nsfw-pipeline-char-embed``, ``nsfw-pipeline-bilstm``: the spaCy
  text classifiers from PyPI ``en-prompt-nsfw-pipeline-*`` (labels ``safe``, ``underage_safe``,
  ``adult``, ``cp``; exclusive classes). Score = P(adult) + P(cp); flagged when >= 0.5.
  The bilstm one needs torch (``pip install torch==2.13.0``), which the ``eval`` extra does not
  pull: it is skipped where torch is absent.
- ``alt-profanity-check``: a linear SVM over a bag of words (offensive language, not sexual
  content as such). Score = its probability; flagged when >= 0.5.
- ``better-profanity``: a word list with leetspeak variants; flagged when any word matches.
- ``name-list``: block any prompt that contains one of Civitai's 1,573 celebrity names
  (``words-poi.json``) written plainly (case-insensitive, whole words, any run of spaces), the
  stand-in for the name lists sites use today. It needs the data folder (``../shared/data``).
"""

from __future__ import annotations

import importlib
import json
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

NAME_LIST_FILE = Path("civitai_lists") / "words-poi.json"


class PeerUnavailableError(Exception):
    """A peer cannot run here (its package or its data is missing); the message says what to do."""


@dataclass(frozen=True, slots=True)
class PeerVerdict:
    """What a peer said about one prompt: blocked or not, its score (0..1) if it has one, and why."""

    flagged: bool
    score: float | None = None
    reason: str = ""


@runtime_checkable
class Peer(Protocol):
    """A baseline filter. Constructors do no I/O; ``load()`` once, then ``judge``/``predict``."""

    name: ClassVar[str]
    description: ClassVar[str]

    def load(self) -> None: ...

    def judge(self, prompt: str, negative_prompt: str = "") -> PeerVerdict: ...

    def predict(self, prompt: str, negative_prompt: str = "") -> bool: ...


class _PeerBase:
    """Shared plumbing: ``predict`` from ``judge``, which text a peer reads, the loaded check."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def __init__(self, *, use_negative: bool = False) -> None:
        self.use_negative = use_negative
        self._loaded = False

    def _text(self, prompt: str, negative_prompt: str) -> str:
        if self.use_negative and negative_prompt:
            return f"{prompt}, {negative_prompt}"
        return prompt

    def _require_loaded(self) -> None:
        if not self._loaded:
            self.load()

    def load(self) -> None:
        raise NotImplementedError

    def judge(self, prompt: str, negative_prompt: str = "") -> PeerVerdict:
        raise NotImplementedError

    def predict(self, prompt: str, negative_prompt: str = "") -> bool:
        """True when the peer would block (flag) the prompt."""
        return self.judge(prompt, negative_prompt).flagged


def _import(module: str, package: str, extra_hint: str = "pip install 'consentry[eval]'") -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = getattr(exc, "name", None) or module
        why = f"needs the package {package!r} (missing module {missing!r}): {extra_hint}"
        raise PeerUnavailableError(why) from None


class SpacyPromptClassifier(_PeerBase):
    """One of the ``en-prompt-nsfw-pipeline-*`` spaCy pipelines (weights ship in the package)."""

    module: ClassVar[str] = ""
    package: ClassVar[str] = ""
    needs_torch: ClassVar[bool] = False
    flagged_labels: ClassVar[tuple[str, ...]] = ("adult", "cp")
    threshold: ClassVar[float] = 0.5

    def __init__(self, *, use_negative: bool = False) -> None:
        super().__init__(use_negative=use_negative)
        self._nlp: Any = None

    def load(self) -> None:
        if self._loaded:
            return
        if self.needs_torch:
            torch = _import("torch", "torch", "pip install torch==2.13.0 (the CPU build; not in any extra)")
            torch.set_num_threads(1)  # one request at a time, like the other peers: no thread pool per call
        module = _import(self.module, self.package)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # spaCy warns that the pipeline was built with an older spaCy
            self._nlp = module.load()
        self._loaded = True

    def judge(self, prompt: str, negative_prompt: str = "") -> PeerVerdict:
        self._require_loaded()
        cats: dict[str, float] = self._nlp(self._text(prompt, negative_prompt)).cats
        score = min(1.0, max(0.0, sum(float(cats.get(label, 0.0)) for label in self.flagged_labels)))
        top = max(cats, key=lambda label: cats[label]) if cats else ""
        return PeerVerdict(flagged=score >= self.threshold, score=score, reason=f"top class {top}")


class NsfwPipelineBow(SpacyPromptClassifier):
    name = "nsfw-pipeline-bow"
    description = "en-prompt-nsfw-pipeline-bow (spaCy bag-of-words classifier; adult+cp >= 0.5)"
    module = "en_prompt_nsfw_pipeline_bow"
    package = "en-prompt-nsfw-pipeline-bow"


class NsfwPipelineCharEmbed(SpacyPromptClassifier):
    name = "nsfw-pipeline-char-embed"
    description = "en-prompt-nsfw-pipeline-char-embed (spaCy character-embedding classifier; adult+cp >= 0.5)"
    module = "en_prompt_nsfw_pipeline_char_embed"
    package = "en-prompt-nsfw-pipeline-char-embed"


class NsfwPipelineBilstm(SpacyPromptClassifier):
    name = "nsfw-pipeline-bilstm"
    description = "en-prompt-nsfw-pipeline-bilstm (spaCy BiLSTM classifier, needs torch; adult+cp >= 0.5)"
    module = "en_prompt_nsfw_pipeline_bilstm"
    package = "en-prompt-nsfw-pipeline-bilstm"
    needs_torch = True


class AltProfanityCheck(_PeerBase):
    name = "alt-profanity-check"
    description = "alt-profanity-check (linear SVM on words; offensive language; probability >= 0.5)"
    threshold: ClassVar[float] = 0.5

    def __init__(self, *, use_negative: bool = False) -> None:
        super().__init__(use_negative=use_negative)
        self._predict_prob: Callable[[list[str]], Any] | None = None

    def load(self) -> None:
        if self._loaded:
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scikit-learn may warn about the pickled model's version
            module = _import("profanity_check", "alt-profanity-check")
        self._predict_prob = module.predict_prob
        self._loaded = True

    def judge(self, prompt: str, negative_prompt: str = "") -> PeerVerdict:
        self._require_loaded()
        assert self._predict_prob is not None
        score = float(self._predict_prob([self._text(prompt, negative_prompt)])[0])
        return PeerVerdict(flagged=score >= self.threshold, score=score, reason="profanity probability")


class BetterProfanity(_PeerBase):
    name = "better-profanity"
    description = "better-profanity (word list with leetspeak variants; any match)"

    def __init__(self, *, use_negative: bool = False) -> None:
        super().__init__(use_negative=use_negative)
        self._profanity: Any = None

    def load(self) -> None:
        if self._loaded:
            return
        module = _import("better_profanity", "better-profanity")
        filter_ = module.Profanity()
        filter_.load_censor_words()
        self._profanity = filter_
        self._loaded = True

    def judge(self, prompt: str, negative_prompt: str = "") -> PeerVerdict:
        self._require_loaded()
        flagged = bool(self._profanity.contains_profanity(self._text(prompt, negative_prompt)))
        return PeerVerdict(flagged=flagged, score=1.0 if flagged else 0.0, reason="word list" if flagged else "")


class NameListFilter(_PeerBase):
    """Blocks any prompt that contains a listed name written plainly (what list filters do today).

    Plainly: case-insensitive, as whole words, with any run of white space between the words of a
    name. No other normalization: ``T4ylor Sw1ft``, ``t.a.y.l.o.r`` and ``taylorswift`` get through.
    """

    name = "name-list"
    description = "plain name-list filter (Civitai words-poi.json, 1,573 names; any plain mention)"

    def __init__(
        self,
        names: Iterable[str] | None = None,
        *,
        data_dir: str | Path | None = None,
        use_negative: bool = False,
    ) -> None:
        super().__init__(use_negative=use_negative)
        self._names = tuple(names) if names is not None else None
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self._pattern: re.Pattern[str] | None = None

    def load(self) -> None:
        if self._loaded:
            return
        names = self._names
        if names is None:
            if self.data_dir is None:
                raise PeerUnavailableError("needs the data folder (give --data-dir, e.g. ../shared/data)")
            path = self.data_dir / NAME_LIST_FILE
            if not path.is_file():
                raise PeerUnavailableError(f"needs {NAME_LIST_FILE} under the data folder {self.data_dir}")
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
                raise PeerUnavailableError(f"{path}: expected a JSON list of names")
            names = tuple(raw)
        self._pattern = compile_name_pattern(names)
        self._loaded = True

    def judge(self, prompt: str, negative_prompt: str = "") -> PeerVerdict:
        self._require_loaded()
        assert self._pattern is not None
        match = self._pattern.search(self._text(prompt, negative_prompt))
        if match is None:
            return PeerVerdict(flagged=False, score=0.0)
        return PeerVerdict(flagged=True, score=1.0, reason=f"listed name {match.group(0).lower()!r}")


def compile_name_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``names`` as whole words (any spaces between words)."""
    parts = sorted({" ".join(n.split()).lower() for n in names if n.strip()}, key=len, reverse=True)
    if not parts:
        return re.compile(r"(?!x)x")  # matches nothing
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in part.split(" ")) for part in parts)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


PeerFactory = Callable[[Path | None], _PeerBase]

_FACTORIES: dict[str, PeerFactory] = {
    NsfwPipelineBow.name: lambda data_dir: NsfwPipelineBow(),
    NsfwPipelineCharEmbed.name: lambda data_dir: NsfwPipelineCharEmbed(),
    NsfwPipelineBilstm.name: lambda data_dir: NsfwPipelineBilstm(),
    AltProfanityCheck.name: lambda data_dir: AltProfanityCheck(),
    BetterProfanity.name: lambda data_dir: BetterProfanity(),
    NameListFilter.name: lambda data_dir: NameListFilter(data_dir=data_dir),
}

PEER_NAMES: tuple[str, ...] = tuple(_FACTORIES)


def make_peer(name: str, data_dir: str | Path | None = None) -> Peer:
    """A peer by name (not loaded). ``KeyError`` with the known names for an unknown one."""
    try:
        factory = _FACTORIES[name]
    except KeyError:
        raise KeyError(f"unknown peer {name!r} (known: {', '.join(PEER_NAMES)})") from None
    return factory(Path(data_dir) if data_dir is not None else None)


@dataclass(frozen=True, slots=True)
class SkippedPeer:
    name: str
    why: str


def load_peers(
    names: Sequence[str] | None = None, data_dir: str | Path | None = None
) -> tuple[list[Peer], list[SkippedPeer]]:
    """Make and load the named peers (default: all); the ones that cannot run are skipped, with why."""
    loaded: list[Peer] = []
    skipped: list[SkippedPeer] = []
    for name in names if names is not None else PEER_NAMES:
        peer = make_peer(name, data_dir)
        try:
            peer.load()
        except PeerUnavailableError as exc:
            skipped.append(SkippedPeer(name, str(exc)))
            continue
        loaded.append(peer)
    return loaded, skipped
