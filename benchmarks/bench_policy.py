"""Policy evaluation cost per decision, beside a no-op baseline, in one run."""

from __future__ import annotations

import statistics
import time

from consentry.policy import default_policy, evaluate
from consentry.types import Finding


def main() -> None:
    policy = default_policy()
    findings = [
        Finding("person.named", 0.9, "b@1", "bench"),
        Finding("sexual.nudity", 0.8, "b@1", "bench"),
        Finding("minor.age", 0.1, "b@1", "bench"),
    ]
    rounds = 20_000
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        evaluate(policy, findings, adult_content=True)
        times.append(time.perf_counter() - started)
    base = []
    for _ in range(rounds):
        started = time.perf_counter()
        base.append(time.perf_counter() - started)
    p50 = statistics.median(times) * 1e3
    p99 = sorted(times)[int(rounds * 0.99)] * 1e3
    ratio = statistics.median(times) / statistics.median(base)
    print(f"policy evaluate: p50 {p50:.4f} ms, p99 {p99:.4f} ms ({ratio:.0f}x a timer call)")


if __name__ == "__main__":
    main()
