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

from consentry.service.dashboard.routes import PREFIX, build_router

__all__ = ["PREFIX", "build_router"]
