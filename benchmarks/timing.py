"""Best-of-N timing of lossdocs against plain NumPy, taking turns, and the table of the results."""

from __future__ import annotations

import math
import time
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Case:
    """One lossdocs function and the plain NumPy code it is compared with, on the same arguments.

    `floor`, where given, is what any exact and checked version must do at least (see
    `benchmarks.targets`), and `exception` says why lossdocs cannot be as fast as the plain code.
    """

    name: str
    ours: Callable[..., object]
    plain: Callable[..., object]
    floor: Callable[..., object] | None = None
    exception: str | None = None


@dataclass(frozen=True)
class Workload:
    """The arguments that `cases` are called with, and the shape of the predictions among them."""

    shape: tuple[int, ...]
    args: tuple[Any, ...]
    cases: Sequence[Case]


@dataclass(frozen=True)
class Result:
    family: str
    function: str
    shape: tuple[int, ...]
    lossdocs_seconds: float
    plain_seconds: float
    floor_seconds: float | None = None
    exception: str | None = None

    @property
    def size(self) -> str:
        """The shape as printed, "1,000" or "1,000×1,000"."""
        return "×".join(f"{length:,}" for length in self.shape)

    @property
    def ratio(self) -> float:
        return self.lossdocs_seconds / self.plain_seconds


HEADER = f"{'function':<34} {'size':>13} {'lossdocs':>12} {'plain':>12} {'ratio':>6}"


def best_times(
    functions: dict[str, Callable[[], object]], repeat: int, min_seconds: float
) -> dict[str, float]:
    """The best time in seconds of one call of each function, over `repeat` rounds taking turns.

    Each round times enough calls of a function to last `min_seconds`. The time is the CPU time of
    this process (everything runs on one thread): on a shared machine the moments when another
    process has the CPU are not counted. Taking turns spreads what remains of a busy moment (the
    caches and memory shared with other processes) over all the functions, so that ratios stay fair.
    """
    timers = {name: timeit.Timer(function, timer=time.process_time) for name, function in functions.items()}
    numbers = dict.fromkeys(functions, 1)
    for name, timer in timers.items():
        while timer.timeit(numbers[name]) < min_seconds:
            numbers[name] *= 2
    best = dict.fromkeys(functions, math.inf)
    for _ in range(repeat):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name])
    return best


def compare(family: str, workload: Workload, case: Case, repeat: int, min_seconds: float) -> Result:
    """Check that both versions give the same numbers, then time them (and the floor) taking turns."""
    args = workload.args
    np.testing.assert_allclose(
        np.asarray(case.ours(*args)), np.asarray(case.plain(*args)), rtol=1e-6, err_msg=case.name
    )
    functions: dict[str, Callable[[], object]] = {
        "ours": lambda: case.ours(*args),
        "plain": lambda: case.plain(*args),
    }
    if case.floor is not None:
        floor = case.floor
        functions["floor"] = lambda: floor(*args)
    times = best_times(functions, repeat, min_seconds)
    return Result(
        family, case.name, workload.shape, times["ours"], times["plain"], times.get("floor"), case.exception
    )


def row(result: Result) -> str:
    """One line of the table: times in µs, and the ratio lossdocs / plain (below 1: lossdocs is faster)."""
    times = f"{result.lossdocs_seconds * 1e6:>10.1f}µs {result.plain_seconds * 1e6:>10.1f}µs"
    return f"{result.function:<34} {result.size:>13} {times} {result.ratio:>6.2f}"
