"""Errors with precise, user-facing messages. No stack trace is ever the answer to bad input."""

from __future__ import annotations


class ConsentryError(Exception):
    """Base class of every error Consentry raises on purpose."""


class InputError(ConsentryError, ValueError):
    """The request is malformed: an empty prompt, oversized text, an unreadable image..."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid_input") -> None:
        super().__init__(message)
        self.field = field
        self.code = code


class PolicyError(ConsentryError):
    """A policy file is malformed. Carries the file, the line and what is wrong."""

    def __init__(self, problems: list[str], source: str = "<policy>") -> None:
        self.problems = problems
        self.source = source
        super().__init__("\n".join(problems))


class MissingExtraError(ConsentryError, ImportError):
    """An optional part is used without its extra installed."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        super().__init__(
            f"{feature} needs the '{extra}' extra (missing module {module!r}): pip install 'consentry[{extra}]'"
        )
        self.extra = extra
