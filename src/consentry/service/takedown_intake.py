"""Takedown intake: what an operator configures, a request as received, and its validation (the
fields cleaned, or a precise ``InputError`` naming the first that is wrong)."""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from consentry.errors import ConsentryError, InputError
from consentry.gallery.hash_index import DEFAULT_RADIUS
from consentry.image.hashes import MIN_QUALITY

SECRET_ENV = "CONSENTRY_TAKEDOWN_WEBHOOK_SECRET"
SMTP_PASSWORD_ENV = "CONSENTRY_TAKEDOWN_SMTP_PASSWORD"
_EMAIL = re.compile(r"^[^@\s<>\"',;]{1,64}@[^@\s<>\"',;]{1,255}\.[^@\s<>\"',;.]{2,63}$")
_MAX_TEXT = {"full_name": 300, "signature": 300, "contact_email": 320, "details": 5000}


@dataclass(frozen=True, slots=True)
class TakedownSettings:
    """What an operator configures (``consentry serve --takedown-config FILE``, YAML keys alike).

    The webhook secret is read from ``$CONSENTRY_TAKEDOWN_WEBHOOK_SECRET`` when not in the file,
    the SMTP password from ``$CONSENTRY_TAKEDOWN_SMTP_PASSWORD``.
    """

    site_name: str = "this site"
    deadline_hours: float = 48.0
    # the site's webhook: takedown.accepted with the items to remove (required to accept)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    # the requester's notifications (received, outcome): a webhook the site's mailer serves, and/or SMTP
    notify_webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_sender: str | None = None
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    # where the dashboard finds a thumbnail of an item: "{item_ref}" is replaced (URL-quoted)
    thumbnail_url_template: str | None = None
    # the copy search
    pdq_radius: int = DEFAULT_RADIUS
    min_quality: int = MIN_QUALITY
    # keep a face embedding of every face in every logged image, so that a requester who consents
    # to face search finds the images of their face (biometric data of everyone in the images: off
    # unless the operator decides it is needed and lawful)
    face_search: bool = False
    face_threshold: float = 0.45  # cosine similarity of a face match (the face detector's threshold)
    # limits and abuse resistance
    max_images: int = 10
    max_image_bytes: int = 10 * 1024 * 1024
    max_content_refs: int = 100
    address_per_hour: float = 5.0
    email_per_day: float = 3.0
    captcha: str | None = None  # "module:function", called with (token, client address) -> bool
    # retention of the requester's details after a decision (0: keep until removed by hand)
    retention_days: float = 365.0

    @classmethod
    def load(cls, path: str | Path | None) -> TakedownSettings:
        """From a YAML file (None: the defaults), then the secrets from the environment."""
        values: dict[str, Any] = {}
        if path is not None:
            import yaml

            try:
                loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise ConsentryError(f"takedown settings {path}: {exc}") from None
            if not isinstance(loaded, dict):
                raise ConsentryError(f"takedown settings {path}: expected a mapping of settings")
            known = {f.name for f in fields(cls)}
            unknown = sorted(set(loaded) - known)
            if unknown:
                raise ConsentryError(f"takedown settings {path}: unknown setting(s) {', '.join(unknown)}")
            values = loaded
        values.setdefault("webhook_secret", os.environ.get(SECRET_ENV) or None)
        values.setdefault("smtp_password", os.environ.get(SMTP_PASSWORD_ENV) or None)
        return cls(**values)

    @property
    def deadline_s(self) -> float:
        return self.deadline_hours * 3600.0


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Submission:
    """A request as the form or the API received it (validated by ``TakedownDesk.submit``)."""

    full_name: str
    contact_email: str
    signature: str
    good_faith: bool
    relationship: str
    details: str = ""
    content_refs: tuple[str, ...] = ()
    images: tuple[Upload, ...] = ()
    face_consent: bool = False
    client: str = ""
    captcha_token: str = ""


class TakedownLimitedError(ConsentryError):
    """Too many requests from one address or for one email address."""

    def __init__(self, what: str, retry_after: float) -> None:
        super().__init__(f"too many removal requests from this {what}; retry in {retry_after / 60:.0f} minutes")
        self.retry_after = retry_after


def load_captcha(spec: str | None) -> Callable[[str, str], bool] | None:
    if not spec:
        return None
    module, _, name = spec.partition(":")
    if not module or not name:
        raise ConsentryError(f"captcha must be 'module:function', not {spec!r}")
    check: Callable[[str, str], bool] = getattr(importlib.import_module(module), name)
    return check


def _one_line(value: str, name: str, *, required: bool = True) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise InputError(f"{name}: this field is required", field=name, code="missing_field")
    limit = _MAX_TEXT.get(name, 300)
    if len(text) > limit:
        raise InputError(f"{name}: at most {limit} characters", field=name, code="too_long")
    return text


def parse_content_refs(text: str, limit: int) -> tuple[str, ...]:
    """The site's item ids or URLs, one per line (blank lines skipped, duplicates dropped)."""
    refs = list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))
    if len(refs) > limit:
        raise InputError(f"content_refs: at most {limit} items, one per line", field="content_refs", code="too_many")
    for ref in refs:
        if len(ref) > 500:
            raise InputError("content_refs: each item is at most 500 characters", field="content_refs")
    return tuple(refs)


def validate(submission: Submission, settings: TakedownSettings) -> tuple[str, str, str, str, str, tuple[str, ...]]:
    """The cleaned fields, or a precise ``InputError`` on the first that is wrong."""
    name = _one_line(submission.full_name, "full_name")
    email = _one_line(submission.contact_email, "contact_email").lower()
    if not _EMAIL.match(email):
        raise InputError("contact_email: not an email address", field="contact_email", code="invalid_email")
    signature = _one_line(submission.signature, "signature")
    if not submission.good_faith:
        raise InputError(
            "good_faith: you must state in good faith that the content was published without consent",
            field="good_faith",
            code="missing_field",
        )
    if submission.relationship not in ("self", "representative"):
        raise InputError(
            "relationship: 'self' (you are depicted) or 'representative' (you act for them)",
            field="relationship",
            code="invalid_choice",
        )
    details = (submission.details or "").strip()
    if len(details) > _MAX_TEXT["details"]:
        raise InputError(f"details: at most {_MAX_TEXT['details']} characters", field="details", code="too_long")
    refs = tuple(r[:500] for r in submission.content_refs)
    if len(refs) > settings.max_content_refs:
        raise InputError(
            f"content_refs: at most {settings.max_content_refs} items",
            field="content_refs",
            code="too_many",
        )
    if not submission.images and not refs:
        raise InputError(
            "identify the content: upload the images and/or list their addresses in content_refs",
            field="images",
            code="missing_field",
        )
    if len(submission.images) > settings.max_images:
        raise InputError(f"images: at most {settings.max_images} files", field="images", code="too_many")
    return name, email, signature, submission.relationship, details, refs
