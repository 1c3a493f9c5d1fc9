"""Prometheus metrics of one service (a registry of its own, so that apps in one process stay apart)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics

disable_created_metrics()  # type: ignore[no-untyped-call]  # no *_created series: they double the output and say little

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "consentry_http_requests", "HTTP requests by route and status", ["route", "status"], registry=r
        )
        self.decisions = Counter(
            "consentry_decisions", "Decisions by endpoint and verdict", ["endpoint", "verdict"], registry=r
        )
        self.rules = Counter("consentry_rule_hits", "Decisions in which a rule fired", ["rule"], registry=r)
        self.check_seconds = Histogram(
            "consentry_check_seconds",
            "Time to answer a check, by endpoint",
            ["endpoint"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.detector_errors = Counter(
            "consentry_detector_errors", "Error findings (detector failures, timeouts)", ["kind"], registry=r
        )
        self.rate_limited = Counter("consentry_rate_limited", "Requests refused by a rate limit", ["limit"], registry=r)
        self.store_errors = Counter(
            "consentry_store_errors", "Requests refused because the database was down", registry=r
        )
        self.users_flagged = Counter("consentry_users_flagged", "Users flagged for review automatically", registry=r)
        self.reloads = Counter("consentry_reloads", "Hot reloads by what and outcome", ["what", "result"], registry=r)
        self.policy_info = Gauge("consentry_policy_info", "The policy in force (value 1)", ["version"], registry=r)
        self.ready = Gauge("consentry_ready", "1 when the service is ready to answer checks", registry=r)

    def set_policy(self, version: str) -> None:
        self.policy_info.clear()
        self.policy_info.labels(version=version).set(1)
