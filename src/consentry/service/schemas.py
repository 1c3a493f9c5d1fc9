"""Request and response bodies of the HTTP API (they are the OpenAPI schema)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from consentry.content import MAX_IMAGES, MAX_PROMPT_CHARS
from consentry.types import Box, Span

ImageRoleName = Literal["img2img", "inpaint", "mask", "face_source", "reference", "output"]
VerdictName = Literal["allow", "review", "deny"]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ImageBody(_Body):
    """One image, base64-encoded (standard alphabet; a ``data:image/...;base64,`` prefix is allowed)."""

    data: str = Field(description="the encoded image file (PNG, JPEG, WebP, GIF or BMP), base64")
    role: ImageRoleName = Field("img2img", description="what the image is for (outputs may omit it)")
    name: str | None = Field(None, max_length=200, description="a name for messages (a file name or id)")


class CheckBody(_Body):
    """A prompt check, or a whole generation request (prompt, negative prompt, input and output images)."""

    prompt: str | None = Field("", max_length=MAX_PROMPT_CHARS)
    negative_prompt: str | None = Field("", max_length=MAX_PROMPT_CHARS)
    adult_content: bool | None = Field(None, description="adult content on for this user (None: the policy's tier)")
    user_id: str | None = Field(None, max_length=200, description="the site's opaque user id")
    tier: str | None = Field(None, max_length=100)
    request_id: str | None = Field(None, max_length=200, description="the site's id of this generation")
    item_ref: str | None = Field(
        None,
        max_length=500,
        description="the site's id or URL of the item the images are published as (kept with their hashes, "
        "so that a removal request finds every copy)",
    )
    input_images: list[ImageBody] = Field(default_factory=list, max_length=MAX_IMAGES)
    output_images: list[ImageBody] = Field(default_factory=list, max_length=MAX_IMAGES)


class FindingOut(BaseModel):
    """``Finding.to_dict()``: a span and a box are the ``Span`` and ``Box`` of ``consentry.types``."""

    kind: str
    score: float
    detector: str
    reason: str
    span: Span | None = None
    box: Box | None = None
    subject: str | None = None
    evidence: dict[str, Any] = Field(default_factory=dict)


class CheckResponse(BaseModel):
    """The decision. Show ``message`` to the user; the rest is for the operator."""

    verdict: VerdictName
    message: str
    rule_ids: list[str]
    findings: list[FindingOut]
    report: bool
    policy_version: str
    detector_versions: list[str]
    explanation: list[str]
    elapsed_ms: float
    decision_id: str
    request_id: str | None = None


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorResponse(BaseModel):
    """Every error. Check endpoints also carry ``verdict: deny``, so a client that reads only the
    verdict fails closed."""

    error: ErrorDetail
    verdict: VerdictName | None = None


# --- admin ----------------------------------------------------------------------------------------


class IdentityIn(_Body):
    name: str = Field(min_length=1, max_length=300)
    aliases: list[str] = Field(default_factory=list, max_length=100)
    gallery: str = Field("default", min_length=1, max_length=100)
    id: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")


class IdentityPatch(_Body):
    name: str | None = Field(None, min_length=1, max_length=300)
    aliases: list[str] | None = Field(None, max_length=100)
    enabled: bool | None = None


class IdentityOut(BaseModel):
    id: str
    name: str
    aliases: list[str]
    gallery: str
    enabled: bool
    created_at: float
    faces: int = 0
    skipped: list[str] = Field(default_factory=list, description="photos not used, with why (enrolment only)")


class GallerySwitchIn(_Body):
    enabled: bool


class HashListIn(_Body):
    name: str = Field(min_length=1, max_length=300)
    kind: Literal["pdq"] = "pdq"
    id: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")


class HashListPatch(_Body):
    enabled: bool


class HashListOut(BaseModel):
    id: str
    name: str
    kind: str
    enabled: bool
    created_at: float
    count: int


class HashItem(_Body):
    hash: str = Field(min_length=1, max_length=256)
    item_id: str = Field("", max_length=300)


class HashesIn(_Body):
    """Hashes to import or remove: hex strings, or objects with an item id."""

    hashes: list[str | HashItem] = Field(max_length=1_000_000)


class CountOut(BaseModel):
    count: int


class AllowEntryIn(_Body):
    kind: Literal["phrase", "subject"]
    value: str = Field(min_length=1, max_length=500)
    reason: str = Field("", max_length=2000)
    decision_id: str | None = Field(None, max_length=64)


class AllowEntryOut(BaseModel):
    id: int
    kind: str
    value: str
    created_at: float
    created_by: str
    reason: str
    decision_id: str | None = None


class DecisionOut(BaseModel):
    id: str
    created_at: float
    request_id: str | None = None
    source: str
    item_ref: str | None = None
    user_id: str | None = None
    tier: str | None = None
    api_key_id: str | None = None
    verdict: str
    message: str
    rule_ids: list[str]
    policy_version: str
    detector_versions: list[str]
    findings: list[dict[str, Any]]
    report: bool
    prompt_sha256: str | None = None
    prompt: str | None = None
    negative_prompt: str | None = None
    images: list[dict[str, Any]]
    elapsed_ms: float
    review_status: str | None = None


class DecisionPage(BaseModel):
    items: list[DecisionOut]
    total: int
    limit: int
    offset: int


class PurgeOut(BaseModel):
    removed: int
    older_than: float


class UserOut(BaseModel):
    user_id: str
    denied_count: int
    last_denied_at: float | None = None
    flagged: bool
    flagged_at: float | None = None
    flagged_by: str | None = None
    flag_note: str | None = None


class UserFlagIn(_Body):
    flagged: bool
    note: str = Field("", max_length=2000)


class ReviewIn(_Body):
    action: str = Field(min_length=1, max_length=32, pattern=r"^[a-z_-]+$")
    note: str = Field("", max_length=2000)
    allow_phrases: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list, max_length=50, description="with 'overturn': phrases to allow-list"
    )
    allow_subjects: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list,
        max_length=50,
        description="refused (400): an overturn allow-lists phrases in context, never a person everywhere",
    )


class ReviewOut(BaseModel):
    id: int
    created_at: float
    actor: str
    action: str
    decision_id: str | None = None
    user_id: str | None = None
    note: str


class ReloadOut(BaseModel):
    policy: bool
    galleries: bool
    allow_list: bool
    policy_version: str
    policy_error: str | None = None


class HealthOut(BaseModel):
    status: str
    version: str


class ReadyOut(BaseModel):
    """Without an API key only ``ready``; the rest (which describes the deployment) with one."""

    ready: bool
    database: str | None = None
    policy_version: str | None = None
    policy_error: str | None = None
    detectors: list[str] | None = None
    unavailable: list[str] | None = None
    problems: list[str] | None = None
