"""Serves ``Guard.check`` over HTTP, with the admin API and the dashboard (``consentry serve``).

``create_app(settings)`` builds the app around one ``Service`` (the store, the guard, hot reload,
rate limits, metrics). Extend it by listing a module in ``consentry.service.app.APP_MODULES``
with ``mount(app, service)``; route code gets the service with ``Depends(get_service)`` and an
API key with ``Depends(require_scope("admin"))``. See docs/api.md for the endpoints.
"""

from __future__ import annotations

from consentry.errors import MissingExtraError

try:
    import fastapi  # noqa: F401
except ModuleNotFoundError as exc:  # pragma: no cover - depends on the install
    raise MissingExtraError("the HTTP service", "server", exc.name or "fastapi") from None

from consentry.service.app import APP_MODULES, ApiError, create_app, get_service, require_scope
from consentry.service.core import Service
from consentry.service.settings import Settings

__all__ = ["APP_MODULES", "ApiError", "Service", "Settings", "create_app", "get_service", "require_scope"]
