"""A small client for ``consentry serve`` (standard library only: usable on any generator box).

>>> from consentry.client import ConsentryClient
>>> client = ConsentryClient("http://127.0.0.1:8080", api_key="csk_...")
>>> result = client.check("a portrait in a suit", user_id="u1")
>>> if not result.allowed:
...     show(result.message)          # short and respectful; no scores, no rule names

It fails closed: when the service cannot be reached, times out or answers an error, ``check``
returns a ``deny`` result whose ``error`` says why (or raises ``ClientError`` when the client was
made with ``fail_closed=False``). It never turns an error into an allow.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

API_KEY_ENV = "CONSENTRY_API_KEY"
URL_ENV = "CONSENTRY_URL"
DEFAULT_URL = "http://127.0.0.1:8080"
FAIL_CLOSED_MESSAGE = "This request could not be checked right now, so it was not carried out. Please try again."

# An image: encoded bytes, a file path, or (bytes or path, role) for input images.
ImageLike = bytes | str | Path | tuple[bytes | str | Path, str]


class ClientError(Exception):
    """The service could not give a decision (unreachable, an error status, a bad answer)."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The service's decision; ``error`` is set when the client failed closed."""

    verdict: str
    message: str
    rule_ids: tuple[str, ...] = ()
    findings: tuple[Mapping[str, Any], ...] = ()
    report: bool = False
    decision_id: str | None = None
    policy_version: str | None = None
    request_id: str | None = None
    error: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def allowed(self) -> bool:
        return self.verdict == "allow" and self.error is None

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> CheckResult:
        return cls(
            verdict=str(body["verdict"]),
            message=str(body.get("message", "")),
            rule_ids=tuple(body.get("rule_ids", ())),
            findings=tuple(body.get("findings", ())),
            report=bool(body.get("report", False)),
            decision_id=body.get("decision_id"),
            policy_version=body.get("policy_version"),
            request_id=body.get("request_id"),
            raw=dict(body),
        )


def _image_body(image: ImageLike, default_role: str) -> dict[str, Any]:
    role = default_role
    if isinstance(image, tuple):
        image, role = image
    name = None
    if isinstance(image, str | Path):
        name = Path(image).name
        data = Path(image).read_bytes()
    else:
        data = bytes(image)
    body: dict[str, Any] = {"data": base64.b64encode(data).decode("ascii"), "role": role}
    if name:
        body["name"] = name
    return body


class ConsentryClient:
    """Calls a Consentry service. ``base_url`` and ``api_key`` default to ``$CONSENTRY_URL`` and
    ``$CONSENTRY_API_KEY``."""

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float = 10.0,
        fail_closed: bool = True,
    ) -> None:
        self.base_url = (base_url or os.environ.get(URL_ENV) or DEFAULT_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get(API_KEY_ENV, "")
        self.timeout = timeout
        self.fail_closed = fail_closed

    # --- checks ---------------------------------------------------------------------------------

    def check(
        self,
        prompt: str = "",
        negative_prompt: str = "",
        *,
        input_images: Iterable[ImageLike] = (),
        output_images: Iterable[ImageLike] = (),
        user_id: str | None = None,
        tier: str | None = None,
        adult_content: bool | None = None,
        request_id: str | None = None,
        item_ref: str | None = None,
    ) -> CheckResult:
        """Check a prompt, or a whole generation request with its input and output images.
        ``item_ref``: the site's id or URL of the item the images are published as (a removal
        request then names it)."""
        body: dict[str, Any] = {"prompt": prompt, "negative_prompt": negative_prompt}
        for key, value in (
            ("user_id", user_id),
            ("tier", tier),
            ("adult_content", adult_content),
            ("request_id", request_id),
            ("item_ref", item_ref),
        ):
            if value is not None:
                body[key] = value
        inputs = [_image_body(i, "img2img") for i in input_images]
        outputs = [_image_body(i, "output") for i in output_images]
        if inputs:
            body["input_images"] = inputs
        if outputs:
            body["output_images"] = outputs
        try:
            status, answer = self._request("POST", "/v1/check", body)
            if status != 200:
                error = answer.get("error", {}) if isinstance(answer, dict) else {}
                raise ClientError(
                    f"the service answered {status}: {error.get('message', 'no message')}",
                    status=status,
                    code=error.get("code"),
                )
            if not isinstance(answer, dict) or answer.get("verdict") not in ("allow", "review", "deny"):
                raise ClientError("the service's answer has no verdict")
            return CheckResult.from_json(answer)
        except ClientError as exc:
            if not self.fail_closed:
                raise
            return CheckResult(verdict="deny", message=FAIL_CLOSED_MESSAGE, error=str(exc))

    def check_prompt(self, prompt: str, negative_prompt: str = "", **user: Any) -> CheckResult:
        """Before generating: the prompt and the negative prompt."""
        return self.check(prompt, negative_prompt, **user)

    def check_images(self, output_images: Iterable[ImageLike], prompt: str = "", **user: Any) -> CheckResult:
        """After generating: the images (with the prompt, when there is one)."""
        return self.check(prompt, output_images=output_images, **user)

    # --- operations -------------------------------------------------------------------------------

    def healthy(self) -> bool:
        try:
            status, _ = self._request("GET", "/healthz", None)
        except ClientError:
            return False
        return status == 200

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        """Call an admin endpoint (needs an admin key); raises ``ClientError`` on an error status."""
        status, answer = self._request(method, path, body)
        if status >= 400:
            error = answer.get("error", {}) if isinstance(answer, dict) else {}
            raise ClientError(f"{status}: {error.get('message', answer)}", status=status, code=error.get("code"))
        return answer

    def _request(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ClientError(f"cannot reach the service at {self.base_url}: {reason}") from None
        if not raw:
            return status, None
        try:
            return status, json.loads(raw)
        except ValueError:
            raise ClientError(f"the service answered {status} with a body that is not JSON", status=status) from None
