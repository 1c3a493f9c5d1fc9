"""Prompt mixes that look like an image-generation site's traffic, built reproducibly.

``build_site_traffic(shared, count, seed)`` returns ``count`` requests (prompt, negative prompt,
mix) drawn with a fixed seed from the public sets in ``../shared`` (or a small built-in set where
``../shared`` is absent), in these shares:

- ``sd`` (35%): long Stable-Diffusion prompts: I2P prompts (Lexica; many with artist names; 40%
  from its "sexual" category, as on a site that allows adult content) with site syntax added:
  quality tags, attention weights ``(phrase:1.2)`` and ``((phrase))``, LoRA and embedding tags,
  ``BREAK``, artist names; half carry a typical negative prompt.
- ``natural`` (25%): Adversarial Nibbler attempted prompts (crowd red-teaming, mostly plain
  sentences).
- ``names`` (25%): a prompt of the two sets above (40% from I2P's "sexual" category) with a real
  person's name put in place of "a woman", "a man", ... (or in front), written in one of the
  spellings below. Names come from Civitai's list, Pantheon (born 1900 or later), the 2012
  Wikipedia list, K-pop idols and Twitch channels.
- ``coco`` (15%): COCO captions.

Spellings (``SPELLINGS``), made here by our own generators: plain, lower case, one typo, two
typos, homoglyphs, zero-width characters, leetspeak, initial + surname, a word split in two,
surname first, a name split by attention weights ``(taylor:1.2) (swift:1.2)``.

The mixes are for measuring speed: which prompts are sexual or name someone is not labelled.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = 15
SEXUAL_SHARE = 0.4  # of the ``sd`` and ``names`` prompts: drawn from I2P's "sexual" category
SHARES = (("sd", 0.35), ("natural", 0.25), ("names", 0.25), ("coco", 0.15))

QUALITY_TAGS = (
    "masterpiece",
    "best quality",
    "ultra detailed",
    "8k",
    "highres",
    "photorealistic",
    "sharp focus",
    "intricate details",
    "cinematic lighting",
    "trending on artstation",
    "octane render",
    "unreal engine 5",
    "raw photo",
    "dslr",
    "film grain",
)
ARTISTS = (
    "greg rutkowski",
    "alphonse mucha",
    "artgerm",
    "wlop",
    "ilya kuvshinov",
    "loish",
    "ross tran",
    "james jean",
    "craig mullins",
    "makoto shinkai",
    "studio ghibli",
    "magali villeneuve",
)
LORA_TAGS = (
    "<lora:add_detail:0.6>",
    "<lora:more_details:0.8>",
    "<lora:epi_noiseoffset2:0.5>",
    "<lora:film_grain_v2:0.4>",
    "<lora:pixel_art_xl_v1.1:1>",
    "<lyco:hipoly3d_v20:0.7>",
    "<lora:detail_tweaker_xl:1.2>",
    "<hypernet:sketch_style:0.5>",
    "embedding:easynegative",
    "<lora:ghibli_style_offset:0.9>",
)
NEGATIVE_PROMPTS = (
    "lowres, bad anatomy, bad hands, text, error, missing fingers, extra digit, cropped, worst quality, "
    "low quality, jpeg artifacts, signature, watermark, blurry",
    "(worst quality:1.4), (low quality:1.4), monochrome, deformed, ugly, disfigured, easynegative",
    "nsfw, nude, lowres, blurry, bad hands, extra limbs",
    "cartoon, 3d, painting, drawing, anime, illustration, out of frame, duplicate",
    "bad-hands-5, ng_deepnegative_v1_75t, (extra fingers:1.2), watermark, username",
)
PLACEHOLDERS = re.compile(r"\b(?:a|the) (?:young )?(?:woman|man|girl|boy|lady|guy|person|model|actress|actor)\b", re.I)
FALLBACK_PROMPTS = (
    "portrait of a woman in a red dress, oil painting, by john singer sargent, highly detailed",
    "a photo of a cat on a sofa",
    "a man walking his dog in the park at sunset",
    "cyberpunk city street at night, neon lights, rain, reflections, 35mm",
    "a woman lying on a bed, soft light, bedroom, film photo",
    "a bowl of fruit on a wooden table, studio lighting",
    "an astronaut riding a horse on the moon, digital art",
    "the girl at the beach, summer, bikini, golden hour",
)
FALLBACK_NAMES = ("Taylor Swift", "Emma Watson", "Barack Obama", "Jennifer Lawrence", "Kim Jisoo", "Pedro Pascal")


@dataclass(frozen=True, slots=True)
class TrafficPrompt:
    mix: str
    prompt: str
    negative_prompt: str = ""
    spelling: str = ""  # for the ``names`` mix: how the name was written


# --- spelling generators -------------------------------------------------------------------------------

_HOMOGLYPHS = dict(zip("aceopxyiAEOPCTHKMBX", "асеорхуіАЕОРСТНКМВХ", strict=True))
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7", "g": "9", "b": "8"}
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060")


def _typo(word: str, rng: random.Random) -> str:
    """One slip in a word of four letters or more: a letter doubled, dropped, replaced or two swapped
    (never the first letter)."""
    if len(word) < 4:
        return word
    position = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("double", "drop", "swap", "replace"))
    if kind == "double":
        return word[: position + 1] + word[position:]
    if kind == "drop":
        return word[:position] + word[position + 1 :]
    if kind == "swap":
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    keys = "qwertyuiopasdfghjklzxcvbnm".replace(word[position].lower(), "")
    return word[:position] + rng.choice(keys) + word[position + 1 :]


def one_typo(name: str, rng: random.Random) -> str:
    words = name.split(" ")
    i = max(range(len(words)), key=lambda k: len(words[k]))
    words[i] = _typo(words[i], rng)
    return " ".join(words)


def two_typos(name: str, rng: random.Random) -> str:
    words = name.split(" ")
    if len(words) >= 2:
        return " ".join(_typo(w, rng) for w in words)
    return _typo(_typo(name, rng), rng)


def homoglyphs(name: str, rng: random.Random) -> str:
    return "".join(_HOMOGLYPHS[c] if c in _HOMOGLYPHS and rng.random() < 0.5 else c for c in name)


def zero_width(name: str, rng: random.Random) -> str:
    out = []
    for i, char in enumerate(name):
        out.append(char)
        if char != " " and i + 1 < len(name) and rng.random() < 0.4:
            out.append(rng.choice(_ZERO_WIDTH))
    return "".join(out)


def leet(name: str, rng: random.Random) -> str:
    return "".join(_LEET.get(c.lower(), c) if rng.random() < 0.7 else c for c in name)


def initials(name: str, rng: random.Random) -> str:
    words = name.split(" ")
    if len(words) < 2:
        return name
    return f"{words[0][0].upper()}. {' '.join(words[1:])}"


def split_word(name: str, rng: random.Random) -> str:
    words = name.split(" ")
    i = max(range(len(words)), key=lambda k: len(words[k]))
    if len(words[i]) >= 4:
        cut = rng.randrange(2, len(words[i]) - 1)
        words[i] = words[i][:cut] + rng.choice((" ", "-", ".", "_")) + words[i][cut:]
    return " ".join(words)


def surname_first(name: str, rng: random.Random) -> str:
    words = name.split(" ")
    if len(words) < 2:
        return name
    reversed_name = " ".join([words[-1], *words[:-1]])
    return reversed_name.lower() if rng.random() < 0.5 else f"{words[-1]}, {' '.join(words[:-1])}"


def attention_split(name: str, rng: random.Random) -> str:
    weight = rng.choice(("1.1", "1.2", "1.3", "1.4"))
    return " ".join(f"({w.lower()}:{weight})" for w in name.split(" "))


SPELLINGS: dict[str, Callable[[str, random.Random], str]] = {
    "plain": lambda name, rng: name,
    "lower": lambda name, rng: name.lower(),
    "typo": one_typo,
    "two_typos": two_typos,
    "homoglyphs": homoglyphs,
    "zero_width": zero_width,
    "leet": leet,
    "initials": initials,
    "split_word": split_word,
    "surname_first": surname_first,
    "attention_split": attention_split,
}


# --- site syntax ---------------------------------------------------------------------------------------


def with_site_syntax(prompt: str, rng: random.Random) -> str:
    """A prompt as a Stable-Diffusion site user writes it: quality tags, weights, LoRA tags, artists."""
    phrases = [p.strip() for p in prompt.split(",") if p.strip()]
    for _ in range(rng.randint(0, 3)):
        if not phrases:
            break
        i = rng.randrange(len(phrases))
        style = rng.random()
        if style < 0.5:
            phrases[i] = f"({phrases[i]}:{rng.choice(('0.8', '1.1', '1.2', '1.3', '1.5'))})"
        elif style < 0.8:
            phrases[i] = f"(({phrases[i]}))"
        else:
            phrases[i] = f"[{phrases[i]}]"
    head = rng.sample(QUALITY_TAGS, rng.randint(1, 5))
    tail = []
    if rng.random() < 0.6:
        tail.append("by " + " and ".join(rng.sample(ARTISTS, rng.randint(1, 3))))
    tail += rng.sample(QUALITY_TAGS, rng.randint(0, 4))
    if rng.random() < 0.2:
        tail.append("BREAK")
        tail += rng.sample(QUALITY_TAGS, 2)
    lora = rng.sample(LORA_TAGS, rng.randint(0, 3))
    return ", ".join(head + phrases + tail) + (" " + " ".join(lora) if lora else "")


def with_name(prompt: str, name: str, rng: random.Random) -> str:
    """Put a name in place of "a woman", "the man", ..., or in front of the prompt."""
    match = PLACEHOLDERS.search(prompt)
    if match is not None:
        return prompt[: match.start()] + name + prompt[match.end() :]
    return f"{name}, {prompt}" if rng.random() < 0.7 else f"photo of {name}, {prompt}"


# --- sources -------------------------------------------------------------------------------------------


def _csv_column(path: Path, column: str) -> list[str]:
    if not path.is_file():
        return []
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        return [row[column].strip() for row in csv.DictReader(handle) if (row.get(column) or "").strip()]


def _names(shared: Path, rng: random.Random) -> list[str]:
    data = shared / "data"
    names: list[str] = []
    poi = data / "civitai_lists" / "words-poi.json"
    if poi.is_file():
        names += [n.title() for n in json.loads(poi.read_text(encoding="utf-8"))]
    pantheon = data / "people_pantheon" / "pantheon_1.0.csv"
    if pantheon.is_file():  # people of the last century or so: the ones prompts name
        with pantheon.open(encoding="utf-8", errors="replace", newline="") as handle:
            names += [
                r["name"]
                for r in csv.DictReader(handle)
                if r["birthyear"].lstrip("-").isdigit() and int(r["birthyear"]) >= 1900
            ]
    titles = data / "people_wikipedia_names_2012" / "people_en_es_wikipedia_titles.tsv"
    if titles.is_file():
        with titles.open(encoding="utf-8") as handle:
            tail = [line.split("\t")[0].strip() for line in handle][1:]
        names += rng.sample(tail, min(4000, len(tail)))
    kpop = data / "people_current" / "kpop_idols" / "kpop_idols_dbkpop_1857.csv"
    names += _csv_column(kpop, "Full Name")
    names += _csv_column(data / "people_current" / "creators_twitch" / "twitchdata-update.csv", "Channel")[:500]
    names = [re.sub(r"\s*\(.*?\)", "", n).strip() for n in names]
    return [n for n in dict.fromkeys(names) if 3 <= len(n) <= 40] or list(FALLBACK_NAMES)


def load_sources(shared: Path = SHARED) -> dict[str, list[str]]:
    """The public prompt sets the mixes draw from (empty lists where ``shared`` lacks them)."""
    data = shared / "data"
    return {
        "i2p": _csv_column(data / "i2p" / "i2p_4703.csv", "prompt"),
        "i2p_sexual": _csv_column(data / "i2p" / "i2p_sexual_subset.csv", "prompt"),
        "nibbler": _csv_column(data / "adversarial_nibbler_attempted" / "nibbler_attempted_prompts.csv", "prompt"),
        "coco": _csv_column(data / "coco_captions" / "coco_30k.csv", "prompt"),
    }


def build_site_traffic(count: int, seed: int = SEED, shared: Path = SHARED) -> list[TrafficPrompt]:
    """``count`` requests in the shares of ``SHARES``, the same for the same seed and data."""
    rng = random.Random(seed)
    sources = load_sources(shared)
    i2p = sources["i2p"] or list(FALLBACK_PROMPTS)
    sexual = sources["i2p_sexual"] or list(FALLBACK_PROMPTS)
    nibbler = sources["nibbler"] or list(FALLBACK_PROMPTS)
    coco = sources["coco"] or list(FALLBACK_PROMPTS)
    names = _names(shared, rng)
    spellings = sorted(SPELLINGS)
    out: list[TrafficPrompt] = []
    for mix, share in SHARES:
        for _ in range(round(count * share)):
            if mix == "sd":
                negative = rng.choice(NEGATIVE_PROMPTS) if rng.random() < 0.5 else ""
                carrier = rng.choice(sexual) if rng.random() < SEXUAL_SHARE else rng.choice(i2p)
                out.append(TrafficPrompt(mix, with_site_syntax(carrier, rng), negative))
            elif mix == "natural":
                out.append(TrafficPrompt(mix, rng.choice(nibbler)))
            elif mix == "coco":
                out.append(TrafficPrompt(mix, rng.choice(coco)))
            else:
                spelling = rng.choice(spellings)
                name = SPELLINGS[spelling](rng.choice(names), rng)
                draw = rng.random()
                carrier = rng.choice(sexual if draw < SEXUAL_SHARE else i2p if draw < 0.7 else nibbler)
                if rng.random() < 0.4:
                    carrier = with_site_syntax(carrier, rng)
                out.append(TrafficPrompt(mix, with_name(carrier, name, rng), spelling=spelling))
    rng.shuffle(out)
    return out
