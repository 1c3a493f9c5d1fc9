"""Consentry: a guardrail against non-consensual sexual imagery of real people.

>>> from consentry import Guard, CheckRequest
>>> guard = Guard.default()
>>> decision = guard.check(CheckRequest(prompt="a portrait in a suit"))
"""

from consentry.content import CheckRequest, ImageInput, UserContext
from consentry.errors import ConsentryError, InputError, PolicyError
from consentry.guard import Guard
from consentry.types import Box, Decision, Finding, Span, Verdict

__version__ = "0.1.0"

__all__ = [
    "Box",
    "CheckRequest",
    "ConsentryError",
    "Decision",
    "Finding",
    "Guard",
    "ImageInput",
    "InputError",
    "PolicyError",
    "Span",
    "UserContext",
    "Verdict",
    "__version__",
]
