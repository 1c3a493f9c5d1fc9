"""Notice-and-removal over HTTP: the public request form and API, and the moderators' API.

- ``GET /takedown``: the public form (no account); it posts to ``POST /v1/takedowns``.
- ``POST /v1/takedowns``: multipart form data (``images`` and/or ``content_refs``, ``full_name``,
  ``contact_email``, ``signature``, ``good_faith``, ``relationship``, ``details``,
  ``face_consent``); 201 with ``{id, status, received_at, deadline}`` as JSON, or the
  confirmation page when a browser posted the form.
- With a ``review`` (or ``admin``) key: ``GET /v1/takedowns``, ``GET /v1/takedowns/{id}``,
  ``POST /v1/takedowns/{id}/accept|reject|info``, ``GET /v1/takedowns/export`` (the items of
  accepted requests, CSV or JSON), ``GET /v1/takedowns/report`` (CSV or JSON).

Listed in ``consentry.service.app.APP_MODULES``; ``mount`` builds the ``TakedownDesk`` and hooks
its image sightings into the service's check path.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from consentry.errors import ConsentryError, InputError
from consentry.service.app import ApiError, require_scope
from consentry.service.core import Service
from consentry.service.schemas import ErrorResponse
from consentry.service.takedowns import (
    EXPORT_COLUMNS,
    REPORT_COLUMNS,
    Submission,
    TakedownDesk,
    TakedownLimitedError,
    TakedownSettings,
    Upload,
    export_rows,
    parse_content_refs,
    to_csv,
)
from consentry.store import ApiKey
from consentry.store.takedowns import STATUSES, TakedownRepository

ReviewKey = Annotated[ApiKey, Depends(require_scope("review"))]
_TRUE = {"true", "on", "1", "yes"}
_HTML_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class TakedownReceipt(BaseModel):
    id: str
    status: Literal["received"]
    received_at: float = Field(description="seconds since the epoch")
    deadline: float = Field(description="received_at + the configured time to decide (48 h by default)")


class ReasonIn(BaseModel):
    reason: str = Field("", max_length=5000, description="why (shown to the requester on reject or info)")


def desk_of(request: Request) -> TakedownDesk:
    desk: TakedownDesk = request.app.state.takedowns
    return desk


def mount(app: FastAPI, service: Service) -> None:
    """Build the desk on the service's store, hook the sightings into its checks, add the routes."""
    settings = TakedownSettings.load(service.settings.takedown_config)
    desk = TakedownDesk(
        TakedownRepository(service.store.engine),
        settings,
        gallery=service.store.gallery,
        refresh_galleries=lambda: service.refresh_galleries(force=True),
        embedder=service.embedder,
    )
    app.state.takedowns = desk
    service.image_observers.append(desk.observe)
    service.on_stop.append(desk.stop)
    if service.started:
        desk.start()
    else:
        service.on_start.append(desk.start)
    app.include_router(router)
    from consentry.service.dashboard.takedowns import build_router

    app.include_router(build_router(service.store, desk))


router = APIRouter()

_SUBMIT_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "a field is missing or invalid (the error names it)"},
    413: {"model": ErrorResponse, "description": "an image or the request is too large"},
    415: {"model": ErrorResponse, "description": "a file is not a supported image, or the body is not form data"},
    429: {"model": ErrorResponse, "description": "too many requests from this address or email (see Retry-After)"},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse, "description": "no such request"}}
_CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorResponse, "description": "the request's state does not allow it (already decided)"},
    400: {"model": ErrorResponse, "description": "a reason is missing, or no site webhook is configured"},
}


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


def _client(request: Request) -> str:
    return request.client.host if request.client is not None else ""


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    from consentry.service.dashboard.pages import ENV

    return HTMLResponse(ENV.get_template(template).render(**context), status_code=status, headers=_HTML_HEADERS)


def _form_context(desk: TakedownDesk) -> dict[str, Any]:
    s = desk.settings
    return {
        "site_name": s.site_name,
        "deadline_hours": s.deadline_hours,
        "max_images": s.max_images,
        "max_mb": s.max_image_bytes / 1e6,
        "captcha": bool(s.captcha),
    }


@router.get("/takedown", include_in_schema=False)
def takedown_form(request: Request) -> Response:
    return _page(request, "takedown_form.html", **_form_context(desk_of(request)), error="", values={})


@router.post(
    "/v1/takedowns",
    status_code=201,
    response_model=TakedownReceipt,
    responses={
        **_SUBMIT_ERRORS,
        201: {"content": {"text/html": {}}, "description": "received (the confirmation page for a browser)"},
    },
    tags=["takedowns"],
    summary="Request the removal of images (no account needed)",
)
async def submit_takedown(
    request: Request,
    images: Annotated[list[UploadFile] | None, File(description="the images to remove")] = None,
    content_refs: Annotated[str, Form(description="the site's item ids or URLs, one per line")] = "",
    full_name: Annotated[str, Form()] = "",
    contact_email: Annotated[str, Form()] = "",
    signature: Annotated[str, Form(description="your full name, typed, as your signature")] = "",
    good_faith: Annotated[str, Form(description="true: I state in good faith it was published without consent")] = "",
    relationship: Annotated[str, Form(description="self or representative")] = "",
    details: Annotated[str, Form()] = "",
    face_consent: Annotated[str, Form(description="true: keep a face embedding to find copies")] = "",
    captcha_token: Annotated[str, Form()] = "",
) -> Response:
    desk = desk_of(request)
    html = _wants_html(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise ApiError(
            415,
            "unsupported_media_type",
            f"send the request as multipart/form-data (the form's fields and files), not {kind or 'no content type'}",
        )
    values = {
        "full_name": full_name,
        "contact_email": contact_email,
        "signature": signature,
        "relationship": relationship,
        "details": details,
        "content_refs": content_refs,
    }
    try:
        refs = parse_content_refs(content_refs, desk.settings.max_content_refs)
        uploads = []
        for i, upload in enumerate(images or []):
            if not upload.filename and not upload.size:
                continue  # the browser sends an empty part when no file was chosen
            data = await upload.read(desk.settings.max_image_bytes + 1)
            uploads.append(Upload(upload.filename or f"images[{i}]", data))
        submission = Submission(
            full_name=full_name,
            contact_email=contact_email,
            signature=signature,
            good_faith=good_faith.strip().lower() in _TRUE,
            relationship=relationship.strip().lower(),
            details=details,
            content_refs=refs,
            images=tuple(uploads),
            face_consent=face_consent.strip().lower() in _TRUE,
            client=_client(request),
            captcha_token=captcha_token,
        )
        takedown = await run_in_threadpool(desk.submit, submission)
    except TakedownLimitedError as exc:
        retry = {"Retry-After": str(max(1, round(exc.retry_after)))}
        if html:
            page = _page(request, "takedown_form.html", 429, **_form_context(desk), error=str(exc), values=values)
            page.headers.update(retry)
            return page
        raise ApiError(429, "rate_limited", str(exc), headers=retry) from None
    except InputError as exc:
        if html:
            status = {"too_large": 413, "unsupported_image": 415, "corrupt_image": 415}.get(exc.code, 400)
            return _page(request, "takedown_form.html", status, **_form_context(desk), error=str(exc), values=values)
        if exc.code == "corrupt_image":
            raise ApiError(415, "unsupported_image", str(exc), field=exc.field) from None
        raise
    receipt = {
        "id": takedown.id,
        "status": "received",
        "received_at": takedown.received_at,
        "deadline": takedown.deadline,
    }
    if html:
        return _page(
            request,
            "takedown_received.html",
            201,
            site_name=desk.settings.site_name,
            receipt=receipt,
            deadline=_utc(takedown.deadline),
            received=_utc(takedown.received_at),
        )
    return JSONResponse(receipt, status_code=201)


def _utc(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC")


@router.get("/v1/takedowns", tags=["takedowns"], summary="Removal requests (nearest deadline first)")
def list_takedowns(
    request: Request,
    key: ReviewKey,
    status: Annotated[list[Literal["received", "info_requested", "accepted", "rejected"]] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    desk = desk_of(request)
    desk.purge_if_due()
    now = time.time()
    items = desk.list(status=status or (), limit=limit, offset=offset)
    return {
        "items": [{**t.to_dict(requester=True), "overdue": t.overdue(now)} for t in items],
        "limit": limit,
        "offset": offset,
    }


@router.get(
    "/v1/takedowns/export",
    tags=["takedowns"],
    summary="The items of accepted requests, for removal (CSV or JSON)",
    responses={200: {"content": {"text/csv": {}, "application/json": {}}}},
)
def export_takedowns(
    request: Request,
    key: ReviewKey,
    format: Annotated[Literal["csv", "json"], Query()] = "csv",
    since: Annotated[float | None, Query(ge=0, le=1e11)] = None,
) -> Response:
    desk = desk_of(request)
    accepted = [desk.get(t.id) for t in desk.repository.find(status=("accepted",), since=since, limit=100_000)]
    rows = export_rows([t for t in accepted if t is not None])
    if format == "json":
        return JSONResponse({"items": rows})
    return Response(
        to_csv(rows, EXPORT_COLUMNS),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="takedown-items.csv"'},
    )


@router.get(
    "/v1/takedowns/report",
    tags=["takedowns"],
    summary="The compliance report of a period: received, accepted, rejected, times to removal, overdue",
    responses={200: {"content": {"text/csv": {}, "application/json": {}}}},
)
def report_takedowns(
    request: Request,
    key: ReviewKey,
    since: Annotated[float, Query(ge=0, le=1e11)] = 0.0,
    until: Annotated[float | None, Query(ge=0, le=1e11)] = None,
    format: Annotated[Literal["csv", "json"], Query()] = "json",
) -> Response:
    report = desk_of(request).report(since, until if until is not None else time.time() + 1)
    if format == "csv":
        return Response(to_csv([report.to_dict()], REPORT_COLUMNS), media_type="text/csv")
    return JSONResponse(report.to_dict())


@router.get("/v1/takedowns/{takedown_id}", tags=["takedowns"], responses=_NOT_FOUND, summary="One request")
def get_takedown(takedown_id: str, request: Request, key: ReviewKey) -> dict[str, Any]:
    takedown = desk_of(request).get(takedown_id)
    if takedown is None:
        raise ApiError(404, "not_found", f"no removal request {takedown_id!r}")
    out = takedown.to_dict(requester=True)
    out["overdue"] = takedown.overdue(time.time())
    return out


def _actor(key: ApiKey) -> str:
    return key.name or f"key:{key.id}"


def _decide(request: Request, takedown_id: str, action: str, key: ApiKey, reason: str) -> dict[str, Any]:
    try:
        takedown = desk_of(request).decide(takedown_id, action, actor=_actor(key), reason=reason)
    except ValueError as exc:
        if isinstance(exc, InputError):
            raise
        raise ApiError(409, "conflict", str(exc)) from None
    except ConsentryError as exc:
        if isinstance(exc, InputError):
            raise
        raise ApiError(400, "not_configured", str(exc)) from None
    if takedown is None:
        raise ApiError(404, "not_found", f"no removal request {takedown_id!r}")
    return takedown.to_dict(requester=True)


@router.post(
    "/v1/takedowns/{takedown_id}/accept",
    tags=["takedowns"],
    responses={**_NOT_FOUND, **_CONFLICT},
    summary="Accept: list the hashes, send the items to the site, enrol with consent",
)
def accept_takedown(takedown_id: str, request: Request, key: ReviewKey, body: ReasonIn | None = None) -> dict[str, Any]:
    return _decide(request, takedown_id, "accept", key, body.reason if body else "")


@router.post(
    "/v1/takedowns/{takedown_id}/reject",
    tags=["takedowns"],
    responses={**_NOT_FOUND, **_CONFLICT},
    summary="Reject, with the reason the requester is told",
)
def reject_takedown(takedown_id: str, request: Request, key: ReviewKey, body: ReasonIn) -> dict[str, Any]:
    return _decide(request, takedown_id, "reject", key, body.reason)


@router.post(
    "/v1/takedowns/{takedown_id}/info",
    tags=["takedowns"],
    responses={**_NOT_FOUND, **_CONFLICT},
    summary="Ask the requester for more information",
)
def ask_info(takedown_id: str, request: Request, key: ReviewKey, body: ReasonIn) -> dict[str, Any]:
    return _decide(request, takedown_id, "info", key, body.reason)


__all__ = ["STATUSES", "mount", "router"]
