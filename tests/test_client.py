"""The Python client against a real server on loopback, and the diffusers example's guard logic."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, ClassVar

import pytest

from consentry.client import ConsentryClient
from consentry.detectors.base import Context
from consentry.service import Service, Settings
from consentry.types import Finding
from tests.conftest import make_png
from tests.helpers import finding, load_script
from tests.live_server import LiveServer
from tests.test_service import WordDetector

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "diffusers_guard.py"


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[LiveServer, str, Service]]:
    settings = Settings(database=tmp_path / "data", reload_interval_s=0, detector_timeout_s=0, user_rate=0)
    service = Service(settings, detectors=[WordDetector()]).start(background=False)
    _, token = service.store.keys.create("check")
    with LiveServer(service) as server:
        yield server, token, service
    service.stop()


def test_the_client_checks_prompts_and_images(live: tuple[LiveServer, str, Service]) -> None:
    server, token, service = live
    client = ConsentryClient(server.url, token)
    assert client.healthy()
    allowed = client.check("a castle", user_id="u1")
    assert allowed.allowed and allowed.decision_id
    denied = client.check_prompt("Anna nude", adult_content=True)
    assert (denied.verdict, denied.rule_ids, denied.error) == ("deny", ("deny-sexual-real-person",), None)
    assert denied.message and not denied.allowed
    images = client.check_images([make_png()], prompt="a castle", request_id="gen-1")
    assert images.allowed and images.request_id == "gen-1"
    record = service.store.decisions.get(images.decision_id or "")
    assert record is not None and [i["role"] for i in record.images] == ["output"]
    published = client.check_images([make_png(16, 16)], item_ref="gallery/77")
    logged = service.store.decisions.get(published.decision_id or "")
    assert logged is not None and logged.item_ref == "gallery/77" and record.item_ref is None


@pytest.mark.parametrize(
    ("url", "key", "why"),
    [
        (None, "csk_wrong_key", "401"),  # the live server, a wrong key
        ("http://127.0.0.1:9", None, "cannot reach"),  # nothing listens there
    ],
)
def test_the_client_fails_closed(
    live: tuple[LiveServer, str, Service], url: str | None, key: str | None, why: str
) -> None:
    server, token, _ = live
    client = ConsentryClient(url or server.url, key or token, timeout=2)
    result = client.check("a castle")
    assert result.verdict == "deny" and not result.allowed
    assert result.error is not None and why in result.error
    from consentry.client import ClientError

    with pytest.raises(ClientError):
        ConsentryClient(url or server.url, key or token, timeout=2, fail_closed=False).check("a castle")


def test_the_client_fails_closed_on_an_unsupported_image(live: tuple[LiveServer, str, Service]) -> None:
    server, token, _ = live
    result = ConsentryClient(server.url, token).check("a castle", output_images=[b"not an image"])
    assert result.verdict == "deny" and result.error is not None and "415" in result.error


# --- the diffusers example ------------------------------------------------------------------------


def _example() -> ModuleType:
    return load_script(EXAMPLE)


class FakeImage:
    def save(self, fp: Any, format: str = "PNG") -> None:
        fp.write(make_png())


class FakePipeline:
    """Called like a diffusers text-to-image pipeline; records what it was asked to make."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        return SimpleNamespace(images=[FakeImage(), FakeImage()])


def test_the_example_checks_the_prompt_before_generating_and_the_images_after(
    live: tuple[LiveServer, str, Service],
) -> None:
    server, token, service = live
    example = _example()
    pipe = FakePipeline()
    guarded = example.GuardedPipeline(pipe, ConsentryClient(server.url, token))

    refused = guarded("Anna nude", adult_content=True, user_id="u1", num_inference_steps=2)
    assert (refused.stage, refused.images, refused.result.verdict) == ("prompt", [], "deny")
    assert pipe.calls == []  # nothing was generated

    made = guarded("a castle", "blurry", user_id="u1", num_inference_steps=2)
    assert made.allowed and len(made.images) == 2
    assert pipe.calls == [{"prompt": "a castle", "negative_prompt": "blurry", "num_inference_steps": 2}]
    record = service.store.decisions.get(made.result.decision_id)
    assert record is not None and [i["ref"] for i in record.images] == ["output:0", "output:1"]


class NudeOutputs(WordDetector):
    """Reports every output image as nude and showing an enrolled face (a stand-in image gate)."""

    name: ClassVar[str] = "outputs"

    def applies(self, context: Context) -> bool:
        return bool(context.request.output_images)

    def detect(self, context: Context) -> Sequence[Finding]:
        return [
            finding("nudity.exposed", 0.9, image="output:0"),
            finding("face.match", 0.9, subject="p:1", image="output:0"),
        ]


def test_the_example_returns_no_images_when_the_output_check_denies(tmp_path: Path) -> None:
    settings = Settings(database=tmp_path / "data", reload_interval_s=0, detector_timeout_s=0, user_rate=0)
    service = Service(settings, detectors=[WordDetector(), NudeOutputs()]).start(background=False)
    _, token = service.store.keys.create("check")
    pipe = FakePipeline()
    try:
        with LiveServer(service) as server:
            guarded = _example().GuardedPipeline(pipe, ConsentryClient(server.url, token))
            result = guarded("a castle", adult_content=True)
    finally:
        service.stop()
    assert len(pipe.calls) == 1  # the prompt was fine, so it generated
    assert (result.stage, result.images, result.result.verdict) == ("output", [], "deny")
    assert result.result.rule_ids == ("deny-sexual-real-person",)


@pytest.mark.slow
def test_the_example_guards_a_tiny_random_diffusers_pipeline(live: tuple[LiveServer, str, Service]) -> None:
    """A real diffusers pipeline, tiny and randomly initialised, built in code (no downloads): a
    2-block UNet and a DDPM scheduler. It has no text encoder (a tokenizer needs vocabulary files),
    so the prompt only seeds the generator; the guard's calls are the same as for Stable Diffusion."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("diffusers")
    from diffusers import DDPMScheduler, UNet2DModel

    torch.manual_seed(0)
    unet = UNet2DModel(
        sample_size=16,
        in_channels=3,
        out_channels=3,
        layers_per_block=1,
        block_out_channels=(8, 16),
        down_block_types=("DownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "UpBlock2D"),
        norm_num_groups=4,
    )
    from diffusers import DDPMPipeline

    unconditional = DDPMPipeline(unet=unet, scheduler=DDPMScheduler(num_train_timesteps=10))

    def text_to_image(prompt: str, negative_prompt: str | None = None, **kwargs: Any) -> Any:
        # A stand-in for the text encoder: the prompt seeds the generator.
        generator = torch.Generator().manual_seed(len(prompt))
        return unconditional(batch_size=1, generator=generator, num_inference_steps=2, **kwargs)

    server, token, _ = live
    example = _example()
    guarded = example.GuardedPipeline(text_to_image, ConsentryClient(server.url, token))
    made = guarded("a castle")
    assert made.allowed and made.images[0].size == (16, 16)
    assert guarded("Anna nude", adult_content=True).images == []
