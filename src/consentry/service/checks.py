"""The checks over HTTP: ``POST /v1/check`` (JSON: a prompt, or a whole generation request with
base64 images) and ``POST /v1/check/images`` (multipart uploads). Both build one ``CheckRequest``
the same way and call ``Service.check``, the service's one check path."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from consentry.content import CheckRequest, ImageInput, ImageRole
from consentry.errors import InputError
from consentry.service.app import get_service, require_scope
from consentry.service.core import Checked, Service
from consentry.service.images import check_image
from consentry.service.schemas import CheckBody, CheckResponse, ErrorResponse, ImageBody, ImageRoleName
from consentry.service.settings import Settings
from consentry.store import ApiKey

# A prompt check runs on the event loop when its text is at most this long (a millisecond or two;
# about 25 ms at worst, a sexual prompt that also runs the NER model); a longer one (up to 20,000
# characters each for the prompt and the negative prompt: half a second and more) runs on a check
# thread, so that it cannot hold up everyone else's checks.
INLINE_MAX_CHARS = 1000

CheckKey = Annotated[ApiKey, Depends(require_scope("check"))]
router = APIRouter()


def mount(app: FastAPI, service: Service) -> None:
    app.include_router(router)


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "malformed JSON or invalid input (e.g. not base64)"},
    403: {"model": ErrorResponse, "description": "the key lacks the scope"},
    413: {"model": ErrorResponse, "description": "the request or an image is too large"},
    415: {"model": ErrorResponse, "description": "an image is not of a supported format"},
}


@router.post(
    "/v1/check",
    response_model=CheckResponse,
    responses=_ERRORS,
    tags=["check"],
    summary="Check a prompt, or a whole generation request (prompt, negative prompt, base64 images)",
)
async def check(body: CheckBody, request: Request, key: CheckKey) -> Response:
    service = get_service(request)
    service.limit(key, body.user_id)
    limits = service.settings
    request_id = body.request_id or request.state.request_id

    build = _builder(
        lambda: (
            [_image_from_base64(img, f"input_images[{i}]", limits) for i, img in enumerate(body.input_images)],
            [
                _image_from_base64(img, f"output_images[{i}]", limits, role="output")
                for i, img in enumerate(body.output_images)
            ],
        ),
        prompt=body.prompt,
        negative_prompt=body.negative_prompt,
        user_id=body.user_id,
        tier=body.tier,
        adult_content=body.adult_content,
        request_id=request_id,
        item_ref=body.item_ref,
    )
    images = bool(body.input_images or body.output_images)
    endpoint = "generation" if images else "prompt"
    short = len(body.prompt or "") + len(body.negative_prompt or "") <= INLINE_MAX_CHARS
    checked = await service.check(build, key=key, endpoint=endpoint, inline=short and not images)
    return _check_response(checked, request_id)


@router.post(
    "/v1/check/images",
    response_model=CheckResponse,
    responses=_ERRORS,
    tags=["check"],
    summary="Check uploaded images (multipart), optionally with the prompt",
)
async def check_images(
    request: Request,
    key: CheckKey,
    inputs: Annotated[list[UploadFile] | None, File(alias="input", description="input images")] = None,
    outputs: Annotated[list[UploadFile] | None, File(alias="output", description="generated images")] = None,
    input_role: Annotated[ImageRoleName, Form(description="role of the input images")] = "img2img",
    prompt: Annotated[str, Form()] = "",
    negative_prompt: Annotated[str, Form()] = "",
    user_id: Annotated[str | None, Form(max_length=200)] = None,
    tier: Annotated[str | None, Form(max_length=100)] = None,
    adult_content: Annotated[bool | None, Form()] = None,
    request_id: Annotated[str | None, Form(max_length=200)] = None,
    item_ref: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    service = get_service(request)
    service.limit(key, user_id)
    limits = service.settings
    role: ImageRole = input_role
    request_id = request_id or request.state.request_id
    if not inputs and not outputs:
        raise InputError("no images: send files in the 'input' or 'output' fields", field="images", code="empty")

    build = _builder(
        lambda: (
            [_image_from_upload(f, f"input[{i}]", limits, role) for i, f in enumerate(inputs or [])],
            [_image_from_upload(f, f"output[{i}]", limits, "output") for i, f in enumerate(outputs or [])],
        ),
        prompt=prompt,
        negative_prompt=negative_prompt,
        user_id=user_id,
        tier=tier,
        adult_content=adult_content,
        request_id=request_id,
        item_ref=item_ref,
    )
    return _check_response(await service.check(build, key=key, endpoint="images"), request_id)


class _FastJSONResponse(JSONResponse):
    """JSON by orjson: a check's answer (findings with evidence) encodes several times faster than
    with the standard library's encoder, which was a few percent of a prompt check's CPU."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_SERIALIZE_NUMPY)


def _check_response(checked: Checked, request_id: str | None) -> JSONResponse:
    decision = checked.decision
    return _FastJSONResponse(
        {
            "verdict": decision.verdict,
            "message": decision.message,
            "rule_ids": list(decision.rule_ids),
            "findings": [f.to_dict() for f in decision.findings],
            "report": decision.report,
            "policy_version": decision.policy_version,
            "detector_versions": list(decision.detector_versions),
            "explanation": list(decision.explanation),
            "elapsed_ms": round(decision.elapsed_ms, 3),
            "decision_id": checked.record.id,
            "request_id": request_id,
        }
    )


def _builder(
    images: Callable[[], tuple[list[ImageInput], list[ImageInput]]],
    *,
    prompt: str | None,
    negative_prompt: str | None,
    user_id: str | None,
    tier: str | None,
    adult_content: bool | None,
    request_id: str | None,
    item_ref: str | None = None,
) -> Callable[[], CheckRequest]:
    """How a check's request is built from HTTP input (JSON or multipart): ``images`` decodes or
    reads the input and output images, on a check thread (that is work)."""

    def build() -> CheckRequest:
        inputs, outputs = images()
        return CheckRequest(
            prompt=prompt,
            negative_prompt=negative_prompt,
            input_images=inputs,
            output_images=outputs,
            user_id=user_id,
            tier=tier,
            adult_content=adult_content,
            request_id=request_id,
            item_ref=item_ref,
        )

    return build


def _image_from_base64(body: ImageBody, name: str, limits: Settings, role: ImageRole | None = None) -> ImageInput:
    text = body.data
    if text.startswith("data:"):
        text = text.partition(",")[2]
    if len(text) * 3 // 4 > limits.max_image_bytes + 3:
        raise InputError(
            f"{name}: the image is larger than the limit of {limits.max_image_bytes / 1e6:.1f} MB",
            field=name,
            code="too_large",
        )
    try:
        data = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise InputError(f"{name}: 'data' is not valid base64", field=name, code="bad_base64") from None
    label = body.name or name
    check_image(data, label, max_bytes=limits.max_image_bytes, max_pixels=limits.max_image_pixels)
    return ImageInput(data=data, role=role or body.role, name=label)


def _image_from_upload(upload: UploadFile, name: str, limits: Settings, role: ImageRole) -> ImageInput:
    label = upload.filename or name
    data = upload.file.read(limits.max_image_bytes + 1)
    check_image(data, label, max_bytes=limits.max_image_bytes, max_pixels=limits.max_image_pixels)
    return ImageInput(data=data, role=role, name=label)
