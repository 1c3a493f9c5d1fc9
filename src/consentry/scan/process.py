"""One item through the guard: the function both engines map over the items.

``process_item(guard, item, stored)`` reads the image, takes the prompts from its metadata
when the source had none, hashes the content, and then either
- re-evaluates the policy on the stored findings (``guard.decide``) when the checkpoint holds
  findings for the same content made by the same detectors, or
- runs the whole check (``guard.check``).

It returns a plain JSON-able record, so that the local and the Ray engine produce byte-identical
output. A bad item (missing file, unreadable image, invalid text) gives a record whose verdict
is ``"error"``, with the reason in ``error``: never a silent allow.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from consentry.content import CheckRequest, ImageInput
from consentry.errors import ConsentryError
from consentry.guard import Guard
from consentry.scan.metadata import read_prompts
from consentry.scan.sources import ScanItem
from consentry.types import Decision, Finding

log = logging.getLogger("consentry.scan")

ERROR = "error"  # the verdict of an item that could not be checked
HASH_VERSION = b"consentry-scan/1"


@dataclass(frozen=True, slots=True)
class Stored:
    """What the checkpoint holds for an item: its content hash, detector state and findings."""

    content_hash: str
    detector_state: str
    findings: str  # JSON list of Finding.to_dict()


def detector_state(guard: Guard) -> str:
    """A fingerprint of what produced the findings: detector versions, missing detectors, gallery."""
    gallery: int | str
    try:
        gallery = guard.gallery.version()
    except Exception:  # a store that cannot tell its version: never reuse findings
        gallery = f"unknown-{uuid.uuid4()}"
    payload = json.dumps(
        {
            "detectors": list(guard.detector_versions),
            "unavailable": sorted(spec.target for spec, _ in guard.unavailable),
            "gallery": gallery,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def content_hash(item: ScanItem, prompt: str, negative: str, data: bytes | None) -> str:
    digest = hashlib.sha256(HASH_VERSION)
    for part in (prompt, negative, item.tier or "", repr(item.adult_content)):
        digest.update(b"\x00" + part.encode("utf-8", "surrogatepass"))
    digest.update(b"\x00" + (data or b""))
    return digest.hexdigest()


def error_record(item: ScanItem, why: str, *, prompt: str | None = None, negative: str | None = None) -> dict[str, Any]:
    return {
        "id": item.id,
        "path": item.path,
        "verdict": ERROR,
        "rule_ids": [],
        "kinds": [],
        "scores": {},
        "findings": [],
        "suppressed": [],
        "detected_findings": [],
        "report": False,
        "policy_version": None,
        "detector_versions": [],
        "prompt_source": None,
        "prompt": item.prompt if prompt is None else prompt,
        "negative_prompt": item.negative_prompt if negative is None else negative,
        "content_hash": None,
        "detector_state": None,
        "findings_from": None,
        "error": why,
        "elapsed_ms": 0.0,
    }


def _record(
    item: ScanItem,
    decision: Decision,
    detected: Sequence[Finding],
    *,
    prompt: str,
    negative: str,
    prompt_source: str,
    digest: str,
    state: str,
    reused: bool,
) -> dict[str, Any]:
    scores: dict[str, float] = {}
    for f in decision.findings:
        scores[f.kind] = max(scores.get(f.kind, 0.0), round(f.score, 4))
    return {
        "id": item.id,
        "path": item.path,
        "verdict": decision.verdict,
        "rule_ids": list(decision.rule_ids),
        "kinds": sorted(scores),
        "scores": dict(sorted(scores.items())),
        "findings": [f.to_dict() for f in decision.findings],
        "suppressed": [f.to_dict() for f in decision.suppressed],
        "detected_findings": [f.to_dict() for f in detected],
        "report": decision.report,
        "policy_version": decision.policy_version,
        "detector_versions": list(decision.detector_versions),
        "prompt_source": prompt_source,
        "prompt": prompt,
        "negative_prompt": negative,
        "content_hash": digest,
        "detector_state": state,
        "findings_from": "checkpoint" if reused else "detectors",
        "error": None,
        "elapsed_ms": round(decision.elapsed_ms, 3),
    }


def _open_image(data: bytes) -> Any:
    try:
        from PIL import Image
    except ModuleNotFoundError as exc:  # pragma: no cover - the scan extra pulls Pillow
        from consentry.errors import MissingExtraError

        raise MissingExtraError("scanning images", "scan", exc.name or "PIL") from None
    return Image.open(io.BytesIO(data))


def process_item(
    guard: Guard, item: ScanItem, stored: Stored | None = None, state: str | None = None
) -> dict[str, Any]:
    """Check one item (or re-decide it on stored findings); never raises for a bad item."""
    if item.error:
        return error_record(item, item.error)
    state = state if state is not None else detector_state(guard)
    prompt = item.prompt
    negative = item.negative_prompt
    prompt_source = "source" if prompt is not None else "none"
    images: list[ImageInput] = []
    data: bytes | None = None
    image: Any = None
    try:
        if item.path:
            loaded = ImageInput.from_path(item.path, role="output")
            data = bytes(loaded.data)
            images.append(ImageInput(data=data, role="output", name=item.id))
            image = _open_image(data)
            if prompt is None:
                found = read_prompts(image)
                if found is not None:
                    prompt, negative, prompt_source = found.prompt, found.negative_prompt, found.source
                    if item.negative_prompt is not None:
                        negative = item.negative_prompt
    except ConsentryError as exc:
        return error_record(item, str(exc))
    except Exception as exc:
        return error_record(item, f"unreadable image ({type(exc).__name__}: {exc})")
    prompt = prompt or ""
    negative = negative or ""
    digest = content_hash(item, prompt, negative, data)
    reuse = stored is not None and stored.content_hash == digest and stored.detector_state == state
    if image is not None and not reuse:
        try:
            image.load()  # decode fully once: a truncated or corrupt file is an error, not an allow
        except Exception as exc:
            image.close()
            return error_record(
                item, f"unreadable image ({type(exc).__name__}: {exc})", prompt=prompt, negative=negative
            )
    try:
        request = CheckRequest(
            prompt=prompt,
            negative_prompt=negative,
            output_images=images,
            tier=item.tier,
            adult_content=item.adult_content,
            request_id=item.id,
        )
        started = time.perf_counter()
        # the detectors' own findings (before the allow-list) are what the checkpoint keeps, so that
        # a later policy, allow-list included, is evaluated on exactly what a fresh check would see
        findings: Sequence[Finding]
        if reuse:
            assert stored is not None
            findings = [Finding.from_dict(f) for f in json.loads(stored.findings)]
        else:
            findings = guard.detect(request)
        decision = guard.decide(request, findings, elapsed_ms=(time.perf_counter() - started) * 1000.0)
    except ConsentryError as exc:
        return error_record(item, str(exc), prompt=prompt, negative=negative)
    except Exception as exc:
        log.exception("scan: item %s failed", item.id)
        return error_record(item, f"{type(exc).__name__}: {exc}", prompt=prompt, negative=negative)
    finally:
        if image is not None:
            image.close()
    return _record(
        item,
        decision,
        findings,
        prompt=prompt,
        negative=negative,
        prompt_source=prompt_source,
        digest=digest,
        state=state,
        reused=reuse,
    )


def process_batch(guard: Guard, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Process task rows ``{"index", "item", "stored"}`` (the unit both engines map over)."""
    state = detector_state(guard)
    out: list[dict[str, Any]] = []
    for row in rows:
        stored = Stored(**row["stored"]) if row.get("stored") else None
        record = process_item(guard, ScanItem.from_dict(row["item"]), stored, state)
        record["index"] = row["index"]
        out.append(record)
    return out
