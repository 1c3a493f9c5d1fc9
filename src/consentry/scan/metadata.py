"""Prompts from the metadata that image-generation UIs write into their images.

- AUTOMATIC1111 (and Forge, SD.Next, Fooocus in A1111 mode): a PNG text chunk ``parameters``
  with the prompt, a ``Negative prompt:`` line and a last line of settings (``Steps: 20, ...``);
  in JPEG and WebP the same text sits in the EXIF ``UserComment``.
- ComfyUI: PNG text chunks ``prompt`` (the API graph: ``{node_id: {class_type, inputs}}``) and
  ``workflow`` (the editor graph: ``nodes`` and ``links``). The prompt is what reaches a sampler's
  ``positive`` input, the negative prompt what reaches its ``negative`` input.
- InvokeAI: a PNG text chunk ``invokeai_metadata`` (JSON with ``positive_prompt``).

The parsers here work on text and JSON (no image library), so they are tested without images;
``read_prompts`` opens the image with Pillow (the ``scan`` extra).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The last line of an A1111 "parameters" text: "Steps: 20, Sampler: Euler a, CFG scale: 7, ...".
_A1111_SETTING = re.compile(r'\s*([\w ]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)')
_NEGATIVE = "Negative prompt:"

# Node inputs that carry prompt text in ComfyUI graphs (CLIPTextEncode, SDXL encoders, primitives).
_TEXT_INPUTS = ("text", "text_g", "text_l", "prompt", "positive", "string", "value", "text_positive")
_SAMPLER_HINTS = ("sampler", "guider")


@dataclass(frozen=True, slots=True)
class PromptMetadata:
    """The prompts found in one image and where they came from (``a1111``, ``comfyui``...)."""

    prompt: str
    negative_prompt: str
    source: str


def parse_a1111(text: str) -> PromptMetadata:
    """Split an A1111 ``parameters`` text into prompt and negative prompt (settings dropped)."""
    lines = text.strip().split("\n")
    if lines and len(_A1111_SETTING.findall(lines[-1])) >= 3 and lines[-1].lstrip().startswith("Steps:"):
        lines = lines[:-1]
    prompt: list[str] = []
    negative: list[str] = []
    in_negative = False
    for line in lines:
        text = line
        stripped = line.strip()
        if stripped.startswith(_NEGATIVE):
            in_negative = True
            text = stripped[len(_NEGATIVE) :].strip()
        (negative if in_negative else prompt).append(text)
    return PromptMetadata("\n".join(prompt).strip(), "\n".join(negative).strip(), "a1111")


def _as_graph(raw: Any) -> dict[str, dict[str, Any]] | None:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    if not isinstance(raw, dict):
        return None
    return {str(k): v for k, v in raw.items() if isinstance(v, dict)}


def _follow_api(graph: Mapping[str, Mapping[str, Any]], ref: Any, seen: frozenset[str] = frozenset()) -> list[str]:
    """The texts that flow into an input of an API-format graph (a link is ``[node_id, slot]``)."""
    if isinstance(ref, str):
        return [ref] if ref.strip() else []
    if not (isinstance(ref, list) and len(ref) == 2) or str(ref[0]) in seen:
        return []
    node = graph.get(str(ref[0]))
    if node is None:
        return []
    inputs = node.get("inputs") or {}
    if not isinstance(inputs, dict):
        return []
    texts: list[str] = []
    seen = seen | {str(ref[0])}
    for name in _TEXT_INPUTS:
        if name in inputs:
            texts.extend(_follow_api(graph, inputs[name], seen))
    if not texts:  # a pass-through node (conditioning combine, LoRA stack...): follow every link
        for value in inputs.values():
            if isinstance(value, list) and len(value) == 2:
                texts.extend(_follow_api(graph, value, seen))
    return texts


def parse_comfyui_prompt(raw: Any) -> PromptMetadata | None:
    """The prompts of a ComfyUI API-format graph (the ``prompt`` text chunk), or None."""
    graph = _as_graph(raw)
    if not graph:
        return None
    positive: list[str] = []
    negative: list[str] = []
    encoders: list[str] = []
    for node in graph.values():
        inputs = node.get("inputs") or {}
        if not isinstance(inputs, dict):
            continue
        kind = str(node.get("class_type", "")).lower()
        if "positive" in inputs and "negative" in inputs and any(h in kind for h in _SAMPLER_HINTS):
            positive.extend(_follow_api(graph, inputs["positive"]))
            negative.extend(_follow_api(graph, inputs["negative"]))
        elif "cliptextencode" in kind:
            encoders.extend(t for name in _TEXT_INPUTS if isinstance(t := inputs.get(name), str) and t.strip())
    if not positive and not negative:
        if not encoders:
            return None
        positive = encoders  # no sampler found: every encoded text counts as prompt
    return PromptMetadata(_join(positive), _join(negative), "comfyui")


def parse_comfyui_workflow(raw: Any) -> PromptMetadata | None:
    """The prompts of a ComfyUI editor graph (the ``workflow`` text chunk), or None."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    if not isinstance(raw, dict) or not isinstance(raw.get("nodes"), list):
        return None
    nodes = {str(n.get("id")): n for n in raw["nodes"] if isinstance(n, dict)}
    # links: [link_id, from_node, from_slot, to_node, to_slot, type]
    sources = {link[0]: str(link[1]) for link in raw.get("links") or [] if isinstance(link, list) and len(link) >= 4}

    def texts_of(node_id: str, seen: frozenset[str] = frozenset()) -> list[str]:
        node = nodes.get(node_id)
        if node is None or node_id in seen:
            return []
        seen = seen | {node_id}
        upstream = [
            sources[i["link"]]
            for i in node.get("inputs") or []
            if isinstance(i, dict) and i.get("link") in sources and i.get("type") in ("STRING", "CONDITIONING")
        ]
        if upstream:  # text wired in from a primitive, or conditioning passed through
            return [t for source in upstream for t in texts_of(source, seen)]
        strings = [w for w in node.get("widgets_values") or [] if isinstance(w, str) and w.strip()]
        if "cliptextencode" in str(node.get("type", "")).lower():
            return strings
        return strings[:1]

    positive: list[str] = []
    negative: list[str] = []
    encoders: list[str] = []
    for node_id, node in nodes.items():
        kind = str(node.get("type", "")).lower()
        links = {i.get("name"): i.get("link") for i in node.get("inputs") or [] if isinstance(i, dict)}
        if "positive" in links and "negative" in links and any(h in kind for h in _SAMPLER_HINTS):
            if links["positive"] in sources:
                positive.extend(texts_of(sources[links["positive"]]))
            if links["negative"] in sources:
                negative.extend(texts_of(sources[links["negative"]]))
        elif "cliptextencode" in kind:
            encoders.extend(texts_of(node_id))
    if not positive and not negative:
        if not encoders:
            return None
        positive = encoders
    return PromptMetadata(_join(positive), _join(negative), "comfyui")


def parse_invokeai(raw: str) -> PromptMetadata | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    prompt = data.get("positive_prompt") or data.get("prompt")
    negative = data.get("negative_prompt") or ""
    if not isinstance(prompt, str):
        return None
    return PromptMetadata(prompt, negative if isinstance(negative, str) else "", "invokeai")


def decode_user_comment(raw: bytes | str) -> str:
    """The text of an EXIF ``UserComment``: an 8-byte charset header, then the text."""
    if isinstance(raw, str):
        return raw.strip("\x00").strip()
    header, body = raw[:8], raw[8:]
    if header.startswith(b"UNICODE"):
        # A1111 writes UTF-16 big-endian; some tools write little-endian: pick the one that decodes to text.
        candidates = []
        for codec in ("utf-16-be", "utf-16-le"):
            try:
                text = body.decode(codec)
            except UnicodeDecodeError:
                continue
            printable = sum(ch.isprintable() or ch in "\n\t" for ch in text)
            candidates.append((printable, text))
        return max(candidates)[1].strip("\x00").strip() if candidates else ""
    if header.startswith((b"ASCII", b"\x00\x00\x00\x00\x00\x00\x00\x00", b"JIS")):
        return body.decode("utf-8", errors="replace").strip("\x00").strip()
    return raw.decode("utf-8", errors="replace").strip("\x00").strip()


def prompts_from_text_chunks(chunks: Mapping[str, Any]) -> PromptMetadata | None:
    """The prompts from the text chunks (or EXIF-derived entries) of one image, best source first."""
    parameters = chunks.get("parameters")
    if isinstance(parameters, str) and parameters.strip():
        return parse_a1111(parameters)
    for key, parser in (("prompt", parse_comfyui_prompt), ("workflow", parse_comfyui_workflow)):
        if key in chunks and (found := parser(chunks[key])) is not None:
            return found
    invoke = chunks.get("invokeai_metadata")
    if isinstance(invoke, str) and (found := parse_invokeai(invoke)) is not None:
        return found
    return None


_EXIF_IFD = 0x8769
_USER_COMMENT = 0x9286
_IMAGE_DESCRIPTION = 0x010E


def read_prompts(image: Any) -> PromptMetadata | None:
    """The prompts written into an open Pillow image (PNG text chunks, EXIF UserComment), or None."""
    chunks: dict[str, Any] = {k: v for k, v in image.info.items() if isinstance(k, str) and isinstance(v, str)}
    found = prompts_from_text_chunks(chunks)
    if found is not None:
        return found
    try:
        exif = image.getexif()
    except Exception:  # a malformed EXIF block is not a reason to skip the image
        return None
    comment = exif.get_ifd(_EXIF_IFD).get(_USER_COMMENT) or exif.get(_USER_COMMENT)
    if comment:
        text = decode_user_comment(comment)
        if text.startswith("{") and (graph := parse_comfyui_prompt(text)) is not None:
            return graph
        if text:
            return parse_a1111(text)
    description = exif.get(_IMAGE_DESCRIPTION)
    if isinstance(description, str) and description.strip():
        return parse_a1111(description)
    return None


def _join(texts: list[str]) -> str:
    unique: list[str] = []
    for text in texts:
        if text.strip() and text not in unique:
            unique.append(text.strip())
    return "\n".join(unique)
