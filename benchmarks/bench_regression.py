"""Time each regression loss and its gradient against the plain NumPy code a learner would write.

Run with ``uv run python benchmarks/bench_regression.py`` (float64 arrays of 1,000 and 1,000,000
elements) or add ``--quick`` (1,000 elements, few repeats). Each time is the best of several
`timeit` runs; the ratio is lossdocs / plain, so below 1 means lossdocs is faster. The plain code
does no input checks and is not exact (``np.log(np.cosh(r))`` overflows beyond |r| = 710 and
loses every digit below |r| = 1e-8), so a ratio a little above 1 is the price of both.
"""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable

import numpy as np

import lossdocs

Case = tuple[str, Callable[[np.ndarray, np.ndarray], object], Callable[[np.ndarray, np.ndarray], object]]

DELTA = 1.0
QUANTILE = 0.9


def _plain_huber(t: np.ndarray, y: np.ndarray) -> float:
    r = y - t
    return float(np.mean(np.where(np.abs(r) <= DELTA, 0.5 * r**2, DELTA * (np.abs(r) - 0.5 * DELTA))))


def _plain_quantile(t: np.ndarray, y: np.ndarray) -> float:
    r = t - y
    return float(np.mean(np.maximum(QUANTILE * r, (QUANTILE - 1) * r)))


CASES: list[Case] = [
    ("sum_squared_error", lossdocs.sum_squared_error, lambda t, y: float(np.sum((t - y) ** 2))),
    ("mean_squared_error", lossdocs.mean_squared_error, lambda t, y: float(np.mean((t - y) ** 2))),
    ("mean_absolute_error", lossdocs.mean_absolute_error, lambda t, y: float(np.mean(np.abs(t - y)))),
    ("huber_loss", lambda t, y: lossdocs.huber_loss(t, y, delta=DELTA), _plain_huber),
    ("log_cosh_loss", lossdocs.log_cosh_loss, lambda t, y: float(np.mean(np.log(np.cosh(y - t))))),
    ("quantile_loss", lambda t, y: lossdocs.quantile_loss(t, y, quantile=QUANTILE), _plain_quantile),
    ("sum_squared_error_grad", lossdocs.sum_squared_error_grad, lambda t, y: 2 * (y - t)),
    ("mean_squared_error_grad", lossdocs.mean_squared_error_grad, lambda t, y: 2 * (y - t) / y.size),
    ("mean_absolute_error_grad", lossdocs.mean_absolute_error_grad, lambda t, y: np.sign(y - t) / y.size),
    (
        "huber_loss_grad",
        lambda t, y: lossdocs.huber_loss_grad(t, y, delta=DELTA),
        lambda t, y: np.clip(y - t, -DELTA, DELTA) / y.size,
    ),
    ("log_cosh_loss_grad", lossdocs.log_cosh_loss_grad, lambda t, y: np.tanh(y - t) / y.size),
    (
        "quantile_loss_grad",
        lambda t, y: lossdocs.quantile_loss_grad(t, y, quantile=QUANTILE),
        lambda t, y: np.where(y > t, 1 - QUANTILE, -QUANTILE) / y.size,
    ),
]


def best_time(function: Callable[[], object], repeat: int, min_seconds: float) -> float:
    """The best time of one call, in seconds, over `repeat` runs of at least `min_seconds` each."""
    timer = timeit.Timer(function)
    number = 1
    while timer.timeit(number) < min_seconds:
        number *= 2
    return min(timer.repeat(repeat=repeat, number=number)) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 elements only, few repeats")
    args = parser.parse_args()
    sizes = [1_000] if args.quick else [1_000, 1_000_000]
    repeat, min_seconds = (3, 0.01) if args.quick else (9, 0.05)

    rng = np.random.default_rng(0)
    print(f"{'function':<26} {'n':>9} {'lossdocs':>12} {'plain':>12} {'ratio':>6}")
    for n in sizes:
        y_true, y_pred = rng.normal(size=n), rng.normal(size=n) * 2.0
        for name, ours, plain in CASES:
            t_ours = best_time(lambda: ours(y_true, y_pred), repeat, min_seconds)  # noqa: B023
            t_plain = best_time(lambda: plain(y_true, y_pred), repeat, min_seconds)  # noqa: B023
            times = f"{t_ours * 1e6:>10.1f}µs {t_plain * 1e6:>10.1f}µs"
            print(f"{name:<26} {n:>9,} {times} {t_ours / t_plain:>6.2f}")


if __name__ == "__main__":
    main()
