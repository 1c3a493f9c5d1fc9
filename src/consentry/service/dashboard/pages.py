"""How the dashboard answers: pages rendered from its templates, errors shown as pages, redirects
that stay inside the dashboard, and its static files."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined

from consentry.errors import InputError
from consentry.service.dashboard.views import when

PREFIX = "/dashboard"
STATIC_FILES = {"dashboard.css": "text/css", "dashboard.js": "text/javascript"}
NOTICES = {
    "confirmed": "Decision confirmed.",
    "overturned": "Decision overturned.",
    "overturned-allowed": "Decision overturned; the allow-list entries apply from the next check.",
    "flagged": "User flagged for review.",
    "unflagged": "User unflagged.",
    "signed-out": "Signed out.",
    "gallery-updated": "Gallery updated; detectors reloaded it.",
    "allow-removed": "Allow-list entry removed.",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class DashboardError(Exception):
    """An error shown to the moderator as a page (or a redirect, e.g. to the sign-in form)."""

    def __init__(self, status: int, message: str, *, location: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.location = location


@contextmanager
def shown_as_page() -> Iterator[None]:
    """An action's ``InputError`` becomes an error page (404 for what does not exist, else 400)."""
    try:
        yield
    except InputError as exc:
        raise DashboardError(404 if exc.code == "not_found" else 400, str(exc)) from None


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("consentry.service.dashboard", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["path"] = lambda value: quote(str(value), safe="")
    env.filters["when"] = when
    env.globals["base"] = PREFIX
    return env


ENV = _environment()


def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = ENV.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)


def install_error_pages(app: FastAPI) -> None:
    """Show the dashboard's errors as pages rather than the API's JSON errors."""

    async def handler(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DashboardError)
        if exc.location is not None:
            return RedirectResponse(exc.location, status_code=exc.status)
        return render(
            "error.html",
            exc.status,
            session=None,
            active="",
            notice="",
            status=exc.status,
            message=exc.message,
            now=when(time.time()),
        )

    app.add_exception_handler(DashboardError, handler)


def safe_next(value: object, default: str) -> str:
    """Only redirect within the dashboard (no open redirects)."""
    text = str(value or "")
    if (
        text.startswith(PREFIX + "/")
        and not text.startswith("//")
        and "\\" not in text
        and "\n" not in text
        and "\r" not in text
    ):
        return text
    return default


def redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def back(form: dict[str, Any], default: str, notice: str) -> Response:
    """Back to the page the form came from (``next``), with a notice."""
    path, _, fragment = safe_next(form.get("next"), default).partition("#")
    sep = "&" if "?" in path else "?"
    return redirect(f"{path}{sep}notice={notice}" + (f"#{fragment}" if fragment else ""))


def form_list(value: object) -> list[str]:
    """A form field that may be sent once, many times or not at all."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def static_router() -> APIRouter:
    router = APIRouter(prefix=PREFIX, include_in_schema=False)

    @router.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC_FILES:
            raise DashboardError(404, "not found")
        data = resources.files("consentry.service.dashboard").joinpath("static", name).read_bytes()
        headers = {"Cache-Control": "max-age=300", "X-Content-Type-Options": "nosniff"}
        return Response(data, media_type=STATIC_FILES[name], headers=headers)

    return router
