"""A generated gallery for scan tests, and fake detectors that make the results predictable.

The gallery writes prompts the way the big UIs do (AUTOMATIC1111 ``parameters`` chunk, ComfyUI
``prompt``/``workflow`` chunks, EXIF UserComment in JPEG and WebP), adds public-domain art from
../shared when it is there, synthetic images, and a few corrupt files.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np
from PIL import Image, PngImagePlugin

from consentry import Guard
from consentry.detectors.base import Context
from consentry.policy import Policy
from consentry.types import Box, Finding, Span

FALLBACK_PROMPTS = (
    ("a watercolor of a lighthouse at dawn", ""),
    ("portrait of Ann Example in a suit, studio light", "blurry"),
    ("Ann Example nude on a beach, 8k", "lowres, bad hands"),
    ("a bowl of fruit, oil painting", "nude, nsfw"),
    ("naked woman, fantasy art", ""),
    ("a cat wearing a tiny hat", "text, watermark"),
)
SEXUAL_WORDS = ("nude", "naked", "nsfw", "topless", "nudity", "nakedness")


class WordFinder:
    """Finds sexual words and given names in the prompt, with spans (a stand-in for the text detectors)."""

    name: ClassVar[str] = "words"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "sexual"
    kinds: ClassVar[tuple[str, ...]] = ("sexual.nudity", "person.named")

    def __init__(self, names: Sequence[str] = ("Ann Example",)) -> None:
        self.names = tuple(n for n in names if n)
        self.calls = 0

    def load(self) -> None:
        pass

    def applies(self, context: Context) -> bool:
        return bool(context.request.prompt or context.request.negative_prompt)

    def detect(self, context: Context) -> list[Finding]:
        self.calls += 1
        out: list[Finding] = []
        for field in ("prompt", "negative_prompt"):
            text = context.request.text(field)
            lowered = text.lower()
            for word in SEXUAL_WORDS:
                at = lowered.find(word)
                if at >= 0:
                    out.append(Finding("sexual.nudity", 0.9, "words@1", "word", span=Span(at, at + len(word), field)))
            for name in self.names:
                at = lowered.find(name.lower())
                if at >= 0 and field == "prompt":
                    out.append(
                        Finding("person.named", 0.95, "words@1", "name", span=Span(at, at + len(name)), subject=name)
                    )
        return out


class RedFinder:
    """Calls a mostly red image 'nudity.exposed' (a stand-in for the image detectors)."""

    name: ClassVar[str] = "red"
    version: ClassVar[str] = "1"
    domain: ClassVar[str] = "nudity"
    kinds: ClassVar[tuple[str, ...]] = ("nudity.exposed",)

    def __init__(self) -> None:
        self.calls = 0

    def load(self) -> None:
        pass

    def applies(self, context: Context) -> bool:
        return bool(context.request.output_images)

    def detect(self, context: Context) -> list[Finding]:
        self.calls += 1
        out = []
        for ref, image in context.request.images:
            with Image.open(io.BytesIO(image.data)) as opened:
                pixels = np.asarray(opened.convert("RGB"), dtype=np.float32)
            red, green = float(pixels[..., 0].mean()), float(pixels[..., 1].mean())
            if red > 150 and red > green + 60:
                h, w = pixels.shape[:2]
                out.append(Finding("nudity.exposed", 0.8, "red@1", "red", box=Box(0, 0, w // 2, h // 2, ref)))
        return out


@dataclass(frozen=True)
class FakeGuard:
    """A picklable guard factory (for both engines) with the fake detectors."""

    names: tuple[str, ...] = ("Ann Example",)
    policy: Policy | None = None
    version: str = "1"

    def __call__(self) -> Guard:
        words = WordFinder(self.names)
        if self.version != "1":
            words.version = self.version  # type: ignore[misc]
        return Guard([words, RedFinder()], self.policy)


def a1111_text(prompt: str, negative: str) -> str:
    text = prompt
    if negative:
        text += f"\nNegative prompt: {negative}"
    return text + "\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 64x64, Model: test"


def comfy_graphs(prompt: str, negative: str) -> tuple[str, str]:
    api = {
        "3": {
            "class_type": "KSampler",
            "inputs": {"seed": 1, "positive": ["6", 0], "negative": ["7", 0], "model": ["4", 0]},
        },
        "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "model.safetensors"}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": prompt, "clip": ["4", 1]}},
        "7": {"class_type": "CLIPTextEncode", "inputs": {"text": negative, "clip": ["4", 1]}},
    }
    workflow = {
        "nodes": [
            {"id": 3, "type": "KSampler", "inputs": [{"name": "positive", "link": 1}, {"name": "negative", "link": 2}]},
            {"id": 6, "type": "CLIPTextEncode", "widgets_values": [prompt]},
            {"id": 7, "type": "CLIPTextEncode", "widgets_values": [negative]},
        ],
        "links": [[1, 6, 0, 3, 1, "CONDITIONING"], [2, 7, 0, 3, 2, "CONDITIONING"]],
    }
    return json.dumps(api), json.dumps(workflow)


def user_comment(text: str) -> bytes:
    return b"UNICODE\x00" + text.encode("utf-16-be")


def save_with_prompt(image: Image.Image, path: Path, style: str, prompt: str, negative: str) -> None:
    """Save ``image`` with the prompt written the way ``style`` (a1111, comfyui, exif, none) does."""
    if style == "a1111":
        info = PngImagePlugin.PngInfo()
        info.add_text("parameters", a1111_text(prompt, negative))
        image.save(path.with_suffix(".png"), pnginfo=info)
    elif style == "comfyui":
        info = PngImagePlugin.PngInfo()
        api, workflow = comfy_graphs(prompt, negative)
        info.add_text("prompt", api)
        info.add_text("workflow", workflow)
        image.save(path.with_suffix(".png"), pnginfo=info)
    elif style in ("exif-jpeg", "exif-webp"):
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9286] = user_comment(a1111_text(prompt, negative))
        suffix = ".jpg" if style == "exif-jpeg" else ".webp"
        image.save(path.with_suffix(suffix), exif=exif, quality=85)
    else:
        image.save(path.with_suffix(".png"))


STYLES = ("a1111", "comfyui", "exif-jpeg", "exif-webp", "none")


def _prompts(shared: Path | None, count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(prompt, negative, name) triples: from ../shared's labelled prompts when present."""
    if shared is not None and (shared / "eval" / "ncii_dev.jsonl").is_file():
        rows = [json.loads(line) for line in (shared / "eval" / "ncii_dev.jsonl").open(encoding="utf-8")]
        rng.shuffle(rows)
        return [(r["prompt"][:400], r.get("negative_prompt") or "", r.get("name") or "") for r in rows[:count]]
    return [(p, n, "Ann Example") for p, n in (FALLBACK_PROMPTS * (count // len(FALLBACK_PROMPTS) + 1))[:count]]


def build_gallery(folder: Path, count: int = 200, shared: Path | None = None, seed: int = 7) -> dict[str, object]:
    """Write ``count`` images (and 3 corrupt files) into ``folder``; return what the test needs to know."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    art: list[Image.Image] = []
    art_dir = shared / "data" / "art_public_domain" if shared is not None else None
    if art_dir is not None and art_dir.is_dir():
        for painting in sorted(art_dir.glob("*.jpg")):
            with Image.open(painting) as opened:
                opened.draft("RGB", (160, 160))
                art.append(opened.convert("RGB").resize((96, 72)))
    prompts = _prompts(shared, count, rng)
    names: list[str] = []
    expected: dict[str, tuple[str, str]] = {}
    generator = np.random.default_rng(seed)
    for i, (prompt, negative, name) in enumerate(prompts):
        if name:
            names.append(name)
        if art and i % 3 == 0:
            base = art[i % len(art)].copy()
            image = base.transpose(Image.Transpose.FLIP_LEFT_RIGHT) if i % 2 else base
        else:
            colour = generator.integers(0, 256, size=3)
            if i % 7 == 0:
                colour = np.array([230, 40, 50])  # red: the fake image detector flags it
            noise = generator.integers(-20, 20, size=(48, 64, 3))
            image = Image.fromarray(np.clip(colour + noise, 0, 255).astype(np.uint8))
        style = STYLES[i % len(STYLES)]
        sub = folder / f"batch{i % 4}"
        sub.mkdir(exist_ok=True)
        path = sub / f"img{i:04d}"
        save_with_prompt(image, path, style, prompt, negative)
        written = next(sub.glob(f"img{i:04d}.*"))
        expected[written.relative_to(folder).as_posix()] = (prompt, negative) if style != "none" else ("", "")
    (folder / "corrupt").mkdir(exist_ok=True)
    good = (folder / "batch0" / "img0000.png").read_bytes() if (folder / "batch0" / "img0000.png").exists() else b""
    (folder / "corrupt" / "truncated.png").write_bytes(good[: len(good) // 2] or b"\x89PNG\r\n\x1a\n")
    (folder / "corrupt" / "not_an_image.jpg").write_text("this is not a JPEG")
    (folder / "corrupt" / "empty.png").write_bytes(b"")
    return {"expected": expected, "names": tuple(sorted(set(names))), "corrupt": 3}
