"""The FastAPI application: ``create_app(settings)``.

Routes here: ``/healthz``, ``/readyz`` and ``/metrics``. The rest plug in by listing a module in
``APP_MODULES``: each has ``mount(app, service)`` and adds its routers (the checks,
``/v1/check`` and ``/v1/check/images``, are ``consentry.service.checks``; the admin API
``consentry.service.admin``; the dashboard mounts under ``/dashboard``). ``app.state.service`` is
the ``Service``; route code gets it with ``Depends(get_service)`` and an API key with
``Depends(require_scope("admin"))``.

Errors are always JSON, ``{"error": {"code", "message", "field"}}``, never a stack trace; on the
check endpoints they also carry ``"verdict": "deny"`` (fail closed).
"""

from __future__ import annotations

import gc
import importlib
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Annotated, Any, cast

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from consentry import __version__
from consentry.errors import ConsentryError, InputError, MissingExtraError
from consentry.service.core import RateLimitedError, Service
from consentry.service.schemas import (
    ErrorResponse,
    HealthOut,
    ReadyOut,
)
from consentry.service.settings import Settings
from consentry.store import ApiKey, Scope, StoreUnavailableError

log = logging.getLogger("consentry.service")

# Modules that add routes to the app: each has ``mount(app: FastAPI, service: Service) -> None``.
APP_MODULES: tuple[str, ...] = (
    "consentry.service.checks",
    "consentry.service.admin",
    "consentry.service.dashboard",
    "consentry.service.takedown_api",
)

CHECK_PREFIX = "/v1/check"
_INPUT_STATUS = {"too_large": 413, "unsupported_image": 415, "not_found": 404, "conflict": 409}

Scope_ = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope_, Receive, Send], Awaitable[None]]


class ApiError(ConsentryError):
    """An error with its HTTP status and a stable code."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.field = field
        self.headers = headers


class BodyTooLargeError(StarletteHTTPException):
    """A body without a Content-Length that grew past the limit (an HTTP exception, so that the
    framework's body parsing passes it on instead of calling it a parse error)."""

    def __init__(self, message: str) -> None:
        super().__init__(status_code=413, detail=message)


# --- plumbing ---------------------------------------------------------------------------------


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


_bearer = HTTPBearer(auto_error=False, description="An API key: `consentry keys create --scope check|admin`.")


def require_scope(scope: Scope) -> Callable[..., Awaitable[ApiKey]]:
    """A dependency that returns the request's API key, or answers 401/403. It runs on the event
    loop (keys are cached for a few seconds, so the database is rarely asked)."""

    async def dependency(
        request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
    ) -> ApiKey:
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None or not credentials.credentials:
            raise ApiError(
                401, "unauthorized", "an API key is required: 'Authorization: Bearer <key>'", headers=challenge
            )
        key = get_service(request).authenticate(credentials.credentials)
        if key is None:
            raise ApiError(401, "unauthorized", "unknown or revoked API key", headers=challenge)
        if not key.allows(scope):
            raise ApiError(403, "forbidden", f"this key's scope is '{key.scope}'; '{scope}' is needed")
        request.state.api_key = key
        return key

    return dependency


def _error(
    status: int,
    code: str,
    message: str,
    request: Request | None,
    *,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"error": {"code": code, "message": message, "field": field}}
    if request is not None and request.url.path.startswith(CHECK_PREFIX):
        body["verdict"] = "deny"
    return JSONResponse(body, status_code=status, headers=headers)


class _Gate:
    """Pure ASGI middleware: the request-size limit, the request id header, per-route metrics."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope_, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.service.settings.max_request_bytes
        headers = dict(scope.get("headers") or [])
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:200] or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status_seen = [500]
        started = [False]

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                started[0] = True
                status_seen[0] = int(message["status"])
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode("latin-1"))]
            await send(message)

        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await self._too_large(scope, send_wrapper, limit)
            self._count(scope, 413)
            return
        received = [0]

        async def receive_wrapper() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                received[0] += len(message.get("body", b""))
                if received[0] > limit:
                    raise BodyTooLargeError(_too_large_text(limit))
            return message

        try:
            await self.app(scope, receive_wrapper, send_wrapper)
        finally:
            self._count(scope, status_seen[0])

    async def _too_large(self, scope: Scope_, send: Send, limit: int) -> None:
        body: dict[str, Any] = {"error": {"code": "too_large", "message": _too_large_text(limit), "field": None}}
        if str(scope.get("path", "")).startswith(CHECK_PREFIX):
            body["verdict"] = "deny"
        response = JSONResponse(body, status_code=413, headers={"Connection": "close"})
        await response(scope, _drain, send)

    def _count(self, scope: Scope_, status: int) -> None:
        route = scope.get("route")
        name = getattr(route, "path", None) or "unmatched"
        self.service.metrics.requests.labels(name, str(status)).inc()


async def _drain() -> Message:
    return {"type": "http.disconnect"}


def _too_large_text(limit: int) -> str:
    return f"the request body is larger than the limit of {limit / 1e6:.1f} MB"


def _install_error_handlers(app: FastAPI) -> None:
    async def api_error(request: Request, exc: Exception) -> Response:
        err = cast(ApiError, exc)
        return _error(err.status, err.code, str(err), request, field=err.field, headers=err.headers)

    async def input_error(request: Request, exc: Exception) -> Response:
        err = cast(InputError, exc)
        return _error(_INPUT_STATUS.get(err.code, 400), err.code, str(err), request, field=err.field)

    async def validation_error(request: Request, exc: Exception) -> Response:
        errors = cast(RequestValidationError, exc).errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            detail = next(e for e in errors if e.get("type") == "json_invalid")
            position = (detail.get("ctx") or {}).get("error", "")
            return _error(400, "malformed_json", f"the body is not valid JSON ({position})".replace(" ()", ""), request)
        first = errors[0] if errors else {}
        loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "header", "form")]
        where = ".".join(loc) or None
        message = str(first.get("msg", "invalid request"))
        return _error(422, "invalid_request", f"{where}: {message}" if where else message, request, field=where)

    async def store_unavailable(request: Request, exc: Exception) -> Response:
        log.error("database unavailable: %s", exc)
        return _error(
            503,
            "database_unavailable",
            f"{exc}; no decision could be made or logged",
            request,
            headers={"Retry-After": "5"},
        )

    async def rate_limited(request: Request, exc: Exception) -> Response:
        err = cast(RateLimitedError, exc)
        retry = str(max(1, round(err.retry_after + 0.5)))
        return _error(429, "rate_limited", str(err), request, headers={"Retry-After": retry})

    async def missing_extra(request: Request, exc: Exception) -> Response:
        return _error(501, "missing_extra", str(exc), request)

    async def consentry_error(request: Request, exc: Exception) -> Response:
        return _error(400, "invalid_input", str(exc), request)

    async def http_error(request: Request, exc: Exception) -> Response:
        err = cast(StarletteHTTPException, exc)
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden", 413: "too_large"}
        message = {404: "no such endpoint", 405: "method not allowed"}.get(err.status_code, str(err.detail))
        return _error(
            err.status_code,
            codes.get(err.status_code, "http_error"),
            message,
            request,
            headers=getattr(err, "headers", None),
        )

    async def internal(request: Request, exc: Exception) -> Response:
        request_id = getattr(request.state, "request_id", "")
        log.exception("internal error (request %s)", request_id)
        return _error(
            500, "internal", f"internal error; the server log has the details (request {request_id})", request
        )

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(InputError, input_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StoreUnavailableError, store_unavailable)
    app.add_exception_handler(RateLimitedError, rate_limited)
    app.add_exception_handler(MissingExtraError, missing_extra)
    app.add_exception_handler(ConsentryError, consentry_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, internal)


# --- the app ---------------------------------------------------------------------------------


def create_app(settings: Settings | None = None, *, service: Service | None = None) -> FastAPI:
    """The service's app. Give ``settings`` (a ``Service`` is built and owned by the app, started
    and stopped with it) or an existing ``service`` (the caller owns it)."""
    owned = service is None
    svc = service if service is not None else Service(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if not svc.started:
            await run_in_threadpool(svc.start)
        if svc.settings.freeze_gc:
            gc.collect()
            gc.freeze()
        yield
        if owned:
            await run_in_threadpool(svc.stop)

    app = FastAPI(
        title="Consentry",
        version=__version__,
        description=(
            "A guardrail against non-consensual sexual imagery of real people and sexual content involving "
            "minors. Call `POST /v1/check` before generating and again with the output images after."
        ),
        lifespan=lifespan,
        responses={
            401: {"model": ErrorResponse, "description": "no, unknown or revoked API key"},
            422: {"model": ErrorResponse, "description": "the request does not match the schema"},
            429: {"model": ErrorResponse, "description": "rate limited (see Retry-After)"},
            503: {"model": ErrorResponse, "description": "the database is unavailable (fail closed)"},
        },
    )
    app.state.service = svc
    _install_error_handlers(app)
    _mount_core_routes(app)
    for module_name in APP_MODULES:
        module = importlib.import_module(module_name)
        module.mount(app, svc)
    app.add_middleware(_Gate, service=svc)
    return app


SETTINGS_ENV = "CONSENTRY_SERVE_SETTINGS"


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``consentry serve --workers N``: its settings come from
    the parent through ``$CONSENTRY_SERVE_SETTINGS`` (JSON)."""
    import json
    import os

    return create_app(Settings(**json.loads(os.environ[SETTINGS_ENV])))


def _mount_core_routes(app: FastAPI) -> None:
    @app.get("/healthz", response_model=HealthOut, tags=["operations"], summary="Liveness: the process answers")
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get(
        "/readyz",
        response_model=ReadyOut,
        responses={
            503: {"model": ReadyOut, "description": "not ready (database down, still loading)"},
            401: {"model": ErrorResponse, "description": "an unknown or revoked API key was given"},
        },
        tags=["operations"],
        summary="Readiness: the database answers and the detectors are loaded (the details with an API key)",
        openapi_extra={"security": [{}, {"HTTPBearer": []}]},  # the key is optional here
    )
    def readyz(
        request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
    ) -> Response:
        service = get_service(request)
        report = service.readiness()
        status = 200 if report["ready"] else 503
        if credentials is None or not credentials.credentials:
            return JSONResponse({"ready": report["ready"]}, status_code=status)
        if service.authenticate(credentials.credentials) is None:
            raise ApiError(401, "unauthorized", "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
        return JSONResponse(report, status_code=status)

    @app.get(
        "/metrics",
        tags=["operations"],
        summary="Prometheus metrics (with an API key, unless opened or moved to their own address)",
        response_class=Response,
        responses={
            200: {"content": {"text/plain": {}}, "description": "metrics in the Prometheus text format"},
            401: {"model": ErrorResponse, "description": "no, unknown or revoked API key"},
            404: {"model": ErrorResponse, "description": "metrics are off here (or served on their own address)"},
        },
    )
    def metrics(
        request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
    ) -> Response:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        service = get_service(request)
        settings = service.settings
        if settings.metrics == "off" or settings.metrics_address is not None:
            where = f" (they are served on {settings.metrics_address})" if settings.metrics_address else ""
            raise ApiError(404, "not_found", f"metrics are not served on this address{where}")
        if settings.metrics == "key":
            challenge = {"WWW-Authenticate": "Bearer"}
            if credentials is None or not credentials.credentials:
                raise ApiError(401, "unauthorized", "an API key is required for /metrics", headers=challenge)
            if service.authenticate(credentials.credentials) is None:
                raise ApiError(401, "unauthorized", "unknown or revoked API key", headers=challenge)
        return Response(generate_latest(service.metrics.registry), media_type=CONTENT_TYPE_LATEST)
