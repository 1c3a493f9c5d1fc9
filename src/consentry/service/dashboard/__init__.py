"""Shows moderators the decision log and lets them act on it, as web pages under ``/dashboard``.

Server-rendered pages (Jinja2) with a little JavaScript and CSS shipped as package data, one
router per page area: ``auth`` (sign-in with an admin key, sign-out), ``queue`` (the review queue,
flagging users), ``decisions`` (one decision: confirm, overturn with allow-list entries),
``images`` (blurred thumbnails, logged reveals), ``overview`` (charts), ``galleries`` and
``allow_list``. Every change is one of ``consentry.service.actions``, the same the admin API
calls. Needs the ``server`` extra.
"""

from __future__ import annotations

from consentry.errors import MissingExtraError

try:
    import fastapi  # noqa: F401
    import jinja2  # noqa: F401
except ModuleNotFoundError as exc:  # pragma: no cover - depends on the install
    raise MissingExtraError("the dashboard", "server", exc.name or "fastapi") from None

from typing import TYPE_CHECKING, Any

from consentry.service.dashboard.pages import PREFIX, install_error_pages
from consentry.service.dashboard.routes import build_router

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["PREFIX", "build_router", "install_error_pages", "mount"]


def mount(app: FastAPI, service: Any) -> None:
    """Add the dashboard to the service's app (listed in ``consentry.service.app.APP_MODULES``).

    ``service`` is the running ``consentry.service.core.Service``; the dashboard acts through its
    ``actions`` (the same the admin API calls).
    """
    install_error_pages(app)
    app.include_router(build_router(service.actions))
