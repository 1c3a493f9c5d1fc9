"""The moderator dashboard, served by ``consentry serve`` under ``/dashboard``.

Server-rendered pages (Jinja2) with a little JavaScript and CSS shipped as package data:
sign-in with an admin key, the review queue, actions (confirm, overturn with allow-list entries,
flag users), an overview with charts, galleries and the allow-list. Needs the ``server`` extra.
"""

from __future__ import annotations

from consentry.errors import MissingExtraError

try:
    import fastapi  # noqa: F401
    import jinja2  # noqa: F401
except ModuleNotFoundError as exc:  # pragma: no cover - depends on the install
    raise MissingExtraError("the dashboard", "server", exc.name or "fastapi") from None

from typing import TYPE_CHECKING, Any

from consentry.service.dashboard.routes import PREFIX, build_router, install_error_pages

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["PREFIX", "build_router", "install_error_pages", "mount"]


def mount(app: FastAPI, service: Any) -> None:
    """Add the dashboard to the service's app (listed in ``consentry.service.app.APP_MODULES``).

    ``service`` is the running ``consentry.service.core.Service``: its store, its Guard (read on
    every request, so a policy reload is seen), and its allow-list and gallery reloads.
    """
    install_error_pages(app)
    app.include_router(
        build_router(
            service.store,
            lambda: service.guard,
            sync_allow_list=lambda: service.sync_allow_list(force=True),
            refresh_galleries=lambda: service.refresh_galleries(force=True),
        )
    )
