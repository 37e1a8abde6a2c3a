"""Benchmarks for the targets of DESIGN.md §7, run by `make bench` (`python -m bench`).

Every module in this package with a `run() -> list[Result]` function is a benchmark; bench/README.md explains them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    samples: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    target_p95_ms: float | None  # None: reported for information, never fails
    # A target other than p95 (e.g. throughput against the bare page): its outcome, said in `name`.
    check: bool | None = None

    @property
    def passed(self) -> bool:
        if self.check is not None:
            return self.check
        return self.target_p95_ms is None or self.p95_ms < self.target_p95_ms

    @property
    def verdict(self) -> str:
        if self.target_p95_ms is None and self.check is None:
            return "info"
        return "PASS" if self.passed else "FAIL"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


def summarise(name: str, times_ms: list[float], target_p95_ms: float | None) -> Result:
    times = sorted(times_ms)
    return Result(name, len(times), percentile(times, 0.5), percentile(times, 0.95), times[-1], target_p95_ms)


def timed(action: Callable[[], object]) -> tuple[object, float]:
    """What `action` returns, and how long it took (wall clock, ms)."""
    start = time.perf_counter()
    value = action()
    return value, (time.perf_counter() - start) * 1000


def measure(name: str, action: Callable[[], object], samples: int, target_p95_ms: float | None) -> Result:
    """Time `action` `samples` times (wall clock) and summarise."""
    return summarise(name, [timed(action)[1] for _ in range(samples)], target_p95_ms)
