"""Best-of-N timing of lossdocs against plain NumPy, and the table the results are printed in."""

from __future__ import annotations

import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Case:
    """One lossdocs function and the plain NumPy code it is compared with, on the same arguments."""

    name: str
    ours: Callable[..., object]
    plain: Callable[..., object]


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

    @property
    def size(self) -> str:
        """The shape as printed, "1,000" or "20,000×1,000"."""
        return "×".join(f"{length:,}" for length in self.shape)

    @property
    def ratio(self) -> float:
        return self.lossdocs_seconds / self.plain_seconds


HEADER = f"{'function':<34} {'size':>13} {'lossdocs':>12} {'plain':>12} {'ratio':>6}"


def best_time(function: Callable[[], object], repeat: int, min_seconds: float) -> float:
    """The best time of one call, in seconds, over `repeat` runs of at least `min_seconds` each."""
    timer = timeit.Timer(function)
    number = 1
    while timer.timeit(number) < min_seconds:
        number *= 2
    return min(timer.repeat(repeat=repeat, number=number)) / number


def compare(family: str, workload: Workload, case: Case, repeat: int, min_seconds: float) -> Result:
    """Check that both versions give the same numbers, then time them."""
    args = workload.args
    np.testing.assert_allclose(
        np.asarray(case.ours(*args)), np.asarray(case.plain(*args)), rtol=1e-6, err_msg=case.name
    )
    return Result(
        family,
        case.name,
        workload.shape,
        best_time(lambda: case.ours(*args), repeat, min_seconds),
        best_time(lambda: case.plain(*args), repeat, min_seconds),
    )


def row(result: Result) -> str:
    """One line of the table: times in µs, and the ratio lossdocs / plain (below 1: lossdocs is faster)."""
    times = f"{result.lossdocs_seconds * 1e6:>10.1f}µs {result.plain_seconds * 1e6:>10.1f}µs"
    return f"{result.function:<34} {result.size:>13} {times} {result.ratio:>6.2f}"
