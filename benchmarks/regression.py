"""The regression losses and their gradients against the plain NumPy code a learner would write.

Float64 vectors of 1,000 and 1,000,000 elements (1,000 only with ``--quick``). The plain code
does no input checks and is not exact (``np.log(np.cosh(r))`` overflows beyond |r| = 710 and
loses every digit below |r| = 1e-8). Where lossdocs cannot skip a pass that the plain code skips,
the case says why and gives the floor: the plain code with that pass added.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

import lossdocs
from benchmarks.timing import Case, Workload

DELTA = 1.0
QUANTILE = 0.9


def _plain_huber(t: np.ndarray, y: np.ndarray) -> float:
    r = y - t
    return float(np.mean(np.where(np.abs(r) <= DELTA, 0.5 * r**2, DELTA * (np.abs(r) - 0.5 * DELTA))))


def _plain_quantile(t: np.ndarray, y: np.ndarray) -> float:
    r = t - y
    return float(np.mean(np.maximum(QUANTILE * r, (QUANTILE - 1) * r)))


def _summed(grad: np.ndarray) -> np.ndarray:
    """The gradient after one sum over it: the pass that finds NaN and infinities."""
    np.add.reduce(grad)
    return grad


EXACT_LOG_COSH = (
    "exact near 0 it takes sinh (or expm1), which NumPy vectorises only with AVX-512, where the "
    "plain log(cosh r) takes cosh; floor: the exact form log1p(sinh(r)^2) / 2 written plainly"
)
CHECKED_RESIDUALS = (
    "refusing NaN and infinities reads every residual once more, a third pass where 2 (y - t) "
    "makes two; floor: the plain code and one sum of its result"
)


CASES = [
    Case("sum_squared_error", lossdocs.sum_squared_error, lambda t, y: float(np.sum((t - y) ** 2))),
    Case("mean_squared_error", lossdocs.mean_squared_error, lambda t, y: float(np.mean((t - y) ** 2))),
    Case("mean_absolute_error", lossdocs.mean_absolute_error, lambda t, y: float(np.mean(np.abs(t - y)))),
    Case("huber_loss", lambda t, y: lossdocs.huber_loss(t, y, delta=DELTA), _plain_huber),
    Case(
        "log_cosh_loss",
        lossdocs.log_cosh_loss,
        lambda t, y: float(np.mean(np.log(np.cosh(y - t)))),
        floor=lambda t, y: float(np.mean(np.log1p(np.sinh(y - t) ** 2) / 2)),
        exception=EXACT_LOG_COSH,
    ),
    Case("quantile_loss", lambda t, y: lossdocs.quantile_loss(t, y, quantile=QUANTILE), _plain_quantile),
    Case(
        "sum_squared_error_grad",
        lossdocs.sum_squared_error_grad,
        lambda t, y: 2 * (y - t),
        floor=lambda t, y: _summed(2 * (y - t)),
        exception=CHECKED_RESIDUALS,
    ),
    Case("mean_squared_error_grad", lossdocs.mean_squared_error_grad, lambda t, y: 2 * (y - t) / y.size),
    Case("mean_absolute_error_grad", lossdocs.mean_absolute_error_grad, lambda t, y: np.sign(y - t) / y.size),
    Case(
        "huber_loss_grad",
        lambda t, y: lossdocs.huber_loss_grad(t, y, delta=DELTA),
        lambda t, y: np.clip(y - t, -DELTA, DELTA) / y.size,
    ),
    Case("log_cosh_loss_grad", lossdocs.log_cosh_loss_grad, lambda t, y: np.tanh(y - t) / y.size),
    Case(
        "quantile_loss_grad",
        lambda t, y: lossdocs.quantile_loss_grad(t, y, quantile=QUANTILE),
        lambda t, y: np.where(y > t, 1 - QUANTILE, -QUANTILE) / y.size,
    ),
]


def workloads(quick: bool, rng: np.random.Generator) -> Iterator[Workload]:
    """Every case on float64 vectors of 1,000 and 1,000,000 elements (1,000 only if `quick`)."""
    for n in [1_000] if quick else [1_000, 1_000_000]:
        yield Workload((n,), (rng.normal(size=n), rng.normal(size=n) * 2.0), CASES)
