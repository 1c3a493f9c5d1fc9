"""Prompts read from image metadata: A1111 parameters, ComfyUI graphs, EXIF UserComment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from consentry.scan.metadata import (
    decode_user_comment,
    parse_a1111,
    parse_comfyui_prompt,
    parse_comfyui_workflow,
    prompts_from_text_chunks,
    read_prompts,
)
from tests.scan_fixtures import a1111_text, comfy_graphs, save_with_prompt

SETTINGS = "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512"


@pytest.mark.parametrize(
    ("text", "prompt", "negative"),
    [
        (f"a cat\nNegative prompt: blurry\n{SETTINGS}", "a cat", "blurry"),
        (f"a cat\n{SETTINGS}", "a cat", ""),
        (f"line one\nline two\nNegative prompt: bad\nworse\n{SETTINGS}", "line one\nline two", "bad\nworse"),
        ("just a prompt, no settings", "just a prompt, no settings", ""),
        (f"Negative prompt: only negative\n{SETTINGS}", "", "only negative"),
        ("Steps: a word that is not settings", "Steps: a word that is not settings", ""),
        (f'a "quoted", prompt\nNegative prompt: x\n{SETTINGS}, Lora hashes: "a: 1, b: 2"', 'a "quoted", prompt', "x"),
    ],
)
def test_a1111_parameters_split_into_prompt_and_negative(text: str, prompt: str, negative: str) -> None:
    found = parse_a1111(text)
    assert (found.prompt, found.negative_prompt) == (prompt, negative)


@given(st.text(alphabet=st.characters(blacklist_characters="\r"), max_size=60), st.text(max_size=40))
def test_a1111_round_trip_keeps_a_single_line_prompt(prompt: str, negative: str) -> None:
    prompt = prompt.replace("\n", " ").strip()
    negative = negative.replace("\n", " ").replace("\r", " ").strip()
    if prompt.startswith("Negative prompt:") or prompt.startswith("Steps:"):
        return
    found = parse_a1111(a1111_text(prompt, negative))
    assert found.prompt == prompt
    assert found.negative_prompt == negative


def test_comfyui_api_graph_follows_sampler_links_to_the_encoders() -> None:
    api, _ = comfy_graphs("a red fox in snow", "blurry, lowres")
    found = parse_comfyui_prompt(api)
    assert found is not None
    assert (found.prompt, found.negative_prompt, found.source) == ("a red fox in snow", "blurry, lowres", "comfyui")


def test_comfyui_api_graph_follows_a_text_primitive_and_sdxl_encoders() -> None:
    graph = {
        "1": {"class_type": "SamplerCustomAdvanced", "inputs": {"guider": ["2", 0]}},
        "2": {"class_type": "CFGGuider", "inputs": {"positive": ["3", 0], "negative": ["4", 0]}},
        "3": {"class_type": "CLIPTextEncodeSDXL", "inputs": {"text_g": ["5", 0], "text_l": "a castle"}},
        "4": {"class_type": "CLIPTextEncode", "inputs": {"text": "watermark"}},
        "5": {"class_type": "PrimitiveString", "inputs": {"value": "a castle at night"}},
    }
    found = parse_comfyui_prompt(json.dumps(graph))
    assert found is not None
    assert found.prompt == "a castle at night\na castle"
    assert found.negative_prompt == "watermark"


@pytest.mark.parametrize(
    "raw",
    ["", "not json", "[1, 2]", json.dumps({"1": {"class_type": "LoadImage", "inputs": {"image": "x.png"}}})],
)
def test_comfyui_graph_without_prompts_gives_none(raw: str) -> None:
    assert parse_comfyui_prompt(raw) is None
    assert parse_comfyui_workflow(raw) is None


def test_comfyui_workflow_graph_follows_links() -> None:
    _, workflow = comfy_graphs("a lighthouse", "fog")
    found = parse_comfyui_workflow(workflow)
    assert found is not None
    assert (found.prompt, found.negative_prompt) == ("a lighthouse", "fog")


def test_text_chunks_prefer_a1111_then_comfyui_prompt_then_workflow() -> None:
    api, _ = comfy_graphs("from api", "")
    _, other = comfy_graphs("from workflow", "")
    assert prompts_from_text_chunks({"prompt": api, "workflow": other}).prompt == "from api"  # type: ignore[union-attr]
    assert prompts_from_text_chunks({"prompt": "{}", "workflow": other}).prompt == "from workflow"  # type: ignore[union-attr]
    assert prompts_from_text_chunks({"parameters": "from a1111", "prompt": api}).source == "a1111"  # type: ignore[union-attr]
    assert prompts_from_text_chunks({"Software": "x"}) is None
    invoke = json.dumps({"positive_prompt": "from invoke", "negative_prompt": "n"})
    assert prompts_from_text_chunks({"invokeai_metadata": invoke}).source == "invokeai"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"UNICODE\x00" + "a cat, café".encode("utf-16-be"), "a cat, café"),
        (b"UNICODE\x00" + "a cat, café".encode("utf-16-le"), "a cat, café"),
        (b"ASCII\x00\x00\x00a dog", "a dog"),
        (b"\x00" * 8 + b"undefined charset", "undefined charset"),
        (b"no header at all", "no header at all"),
        ("already text\x00", "already text"),
    ],
)
def test_exif_user_comment_decodes_each_charset(raw: bytes | str, text: str) -> None:
    assert decode_user_comment(raw) == text


@pytest.mark.parametrize("style", ["a1111", "comfyui", "exif-jpeg", "exif-webp"])
def test_prompts_are_read_back_from_saved_images(tmp_path: Path, style: str) -> None:
    prompt, negative = "portrait of a knight, 東京, oil", "blurry, lowres"
    save_with_prompt(Image.new("RGB", (16, 16), (10, 20, 30)), tmp_path / "img", style, prompt, negative)
    (written,) = tmp_path.iterdir()
    with Image.open(written) as image:
        found = read_prompts(image)
    assert found is not None
    assert (found.prompt, found.negative_prompt) == (prompt, negative)


def test_image_without_metadata_gives_none(tmp_path: Path) -> None:
    save_with_prompt(Image.new("RGB", (8, 8)), tmp_path / "img", "none", "", "")
    with Image.open(tmp_path / "img.png") as image:
        assert read_prompts(image) is None
