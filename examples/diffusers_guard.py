"""Guard a diffusers pipeline with a Consentry service: check the prompt before generating and
the images after; only allowed images are returned.

    python examples/diffusers_guard.py --url http://127.0.0.1:8080 --key csk_... "a castle at dusk"

Needs ``diffusers`` and ``torch`` (``pip install torch==2.13.0 diffusers transformers``) and a
model you already have on disk (``--model DIR``); nothing is downloaded by this example. The
``GuardedPipeline`` works with any object that is called like a diffusers text-to-image pipeline
(``pipe(prompt=..., negative_prompt=..., **kwargs)`` returning ``.images``, a list of PIL images).
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from consentry.client import CheckResult, ConsentryClient


@dataclass(frozen=True)
class GuardedOutput:
    """What the site gets: the images (only when both checks allowed), and the deciding result.

    ``stage`` is ``"prompt"`` when the prompt was refused (nothing was generated) and
    ``"output"`` otherwise. A ``review`` verdict returns no images: hold them for a moderator.
    """

    images: list[Any]
    result: CheckResult
    stage: str
    held: list[Any] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return self.result.allowed


def to_png(image: Any) -> bytes:
    """A PIL image (or anything with ``save(fp, format=...)``) as PNG bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class GuardedPipeline:
    """Wraps a pipeline: prompt check, then generation, then an image check of every output."""

    def __init__(self, pipe: Callable[..., Any], client: ConsentryClient) -> None:
        self.pipe = pipe
        self.client = client

    def __call__(
        self,
        prompt: str,
        negative_prompt: str = "",
        *,
        user_id: str | None = None,
        adult_content: bool | None = None,
        request_id: str | None = None,
        **generate: Any,
    ) -> GuardedOutput:
        user = {"user_id": user_id, "adult_content": adult_content, "request_id": request_id}
        before = self.client.check_prompt(prompt, negative_prompt, **user)
        if not before.allowed:
            return GuardedOutput([], before, "prompt")
        output = self.pipe(prompt=prompt, negative_prompt=negative_prompt or None, **generate)
        images = list(output.images)
        after = self.client.check(prompt, negative_prompt, output_images=[to_png(i) for i in images], **user)
        if after.allowed:
            return GuardedOutput(images, after, "output")
        held = images if after.verdict == "review" and after.error is None else []
        return GuardedOutput([], after, "output", held=held)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prompt")
    parser.add_argument("--negative", default="")
    parser.add_argument("--url", default=None, help="the service (default $CONSENTRY_URL)")
    parser.add_argument("--key", default=None, help="a check key (default $CONSENTRY_API_KEY)")
    parser.add_argument("--model", required=True, help="a diffusers model directory on disk")
    parser.add_argument("--user", default=None)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--out", default="out.png")
    args = parser.parse_args(argv)

    from diffusers import AutoPipelineForText2Image

    pipe = AutoPipelineForText2Image.from_pretrained(args.model, local_files_only=True)
    guarded = GuardedPipeline(pipe, ConsentryClient(args.url, args.key))
    result = guarded(args.prompt, args.negative, user_id=args.user, num_inference_steps=args.steps)
    if not result.allowed:
        print(f"{result.result.verdict} at the {result.stage} check: {result.result.message}", file=sys.stderr)
        return 1
    result.images[0].save(args.out)
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
