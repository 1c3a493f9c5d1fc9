"""Decides: rules kept as data turn findings into a verdict, a message and an explanation."""

from consentry.policy.evaluate import evaluate
from consentry.policy.loader import default_policy, default_policy_text, load_policy, parse_policy
from consentry.policy.model import AdultContent, AllowList, Policy, Rule, Signal

__all__ = [
    "AdultContent",
    "AllowList",
    "Policy",
    "Rule",
    "Signal",
    "default_policy",
    "default_policy_text",
    "evaluate",
    "load_policy",
    "parse_policy",
]
