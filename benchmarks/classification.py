"""The classification losses, their gradients and the activations against plain NumPy code.

Losses over classes on logits of shape (1,000, 10) and (1,000, 1,000), binary losses on vectors
of 1,000 and 1,000,000 elements ((100, 10) and 1,000 only with ``--quick``); the logits are
standard normal, the probabilities their softmax or sigmoid, the targets random classes
(integer labels; soft rows for the KL divergence) or random 0/1 (-1/+1 for the hinge loss).

The plain code is what a learner would write: the softmax with the max shifted out, the sigmoid
as 1 / (1 + e^{-x}), the binary cross-entropy of logits and the focal loss through
``log(sigmoid(z))``, the losses and gradients in their textbook form. Where it takes the log of
a probability or divides by one, it clips it to [1e-7, 1 - 1e-7] (Keras's epsilon), as it must
to avoid inf and NaN at a probability of 0 or 1 (and, through the naive sigmoid, at logits
beyond ±37). On these inputs no probability is that close to 0 or 1, so the clipping changes
no number (the two versions are checked to agree before they are timed); lossdocs needs no
clipping and stays exact at 0 and 1. Where lossdocs cannot skip a pass that the plain code skips,
the case says why and gives the floor: the plain code with that pass added.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

import lossdocs
from benchmarks.timing import Case, Workload

Array = NDArray[np.float64]
Labels = NDArray[np.int64]
T = TypeVar("T")

EPS = 1e-7
GAMMA = 2.0  # the default of sigmoid_focal_loss


def _clip(p: Array) -> Array:
    return np.clip(p, EPS, 1 - EPS)


def _softmax(z: Array) -> Array:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _log_softmax(z: Array) -> Array:
    s = z - z.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def _softmax_cross_entropy(t: Labels, z: Array) -> float:
    s = z - z.max(axis=1, keepdims=True)
    return float(np.mean(np.log(np.exp(s).sum(axis=1)) - s[np.arange(len(t)), t]))


def _softmax_cross_entropy_grad(t: Labels, z: Array) -> Array:
    grad = _softmax(z)
    grad[np.arange(len(t)), t] -= 1
    return grad / len(t)


def _cross_entropy_error(t: Labels, y: Array) -> float:
    return float(-np.sum(np.log(_clip(y[np.arange(len(t)), t]))))


def _cross_entropy_error_grad(t: Labels, y: Array) -> Array:
    grad = np.zeros_like(y)
    rows = np.arange(len(t))
    grad[rows, t] = -1 / _clip(y[rows, t])
    return grad


CHECKED_PROBABILITIES = (
    "every entry of y_pred is checked to be a probability, which reads all of them, where the plain "
    "code reads one per row; floor: the plain code and that check in one pass (the largest of the "
    "entries' bits read as unsigned integers, as lossdocs does it)"
)
EXACT_KL = (
    "exact for close distributions it takes t - y and log1p, a pass more than log(t / y), and log1p "
    "costs two logs where NumPy does not vectorise it (below AVX-512); floor: that exact form written "
    "plainly, and the check that t and y are probabilities"
)


EXACT_SIGMOID_GRAD = (
    "exact where sigmoid(z) rounds to 1 (a confident right logit, t = 1), it takes sigmoid(-|z|) and the "
    "side of z: twelve passes where sigmoid(z) - t takes six; floor: that exact form written plainly, "
    "and the checks that t holds probabilities and z is finite"
)


def _checked(value: T, *probabilities: Array, finite: Array | None = None) -> T:
    """`value` after the checks of lossdocs: a pass over each array of probabilities, a sum over `finite`."""
    for array in probabilities:
        array.view(np.uint64).max()  # the floats in [0, 1] are those whose bits are at most those of 1.0
    if finite is not None:
        np.add.reduce(finite, axis=None)  # finite only if every entry is
    return value


EXACT_LOG_SIGMOID = (
    "exact where sigmoid(z) rounds to 1 (log sigmoid(40) is -4.2e-18, not 0) it takes min(z, 0) - "
    "log1p(exp(-|z|)), and log1p costs two logs where NumPy does not vectorise it (below AVX-512); "
    "floor: that exact form written plainly, and the check that z is finite"
)


def _exact_log_sigmoid(z: Array) -> Array:
    return _checked(np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z))), finite=z)


def _exact_sigmoid_minus_target(t: Array, z: Array) -> Array:
    e = np.exp(-np.abs(z))
    q, side = e / (1 + e), (z >= 0).astype(float)  # sigmoid(-|z|), and 1 where z >= 0
    return _checked(((side - t) - q * (2 * side - 1)) / len(t), t, finite=z)


def _exact_kl(t: Array, y: Array) -> float:
    return float(_checked(np.sum(t * np.log1p((t - y) / y)) / len(t), t, y))


def _sigmoid(x: Array) -> Array:
    return 1 / (1 + np.exp(-x))


def _binary_cross_entropy(t: Array, p: Array) -> float:
    p = _clip(p)
    return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))


def _binary_cross_entropy_grad(t: Array, p: Array) -> Array:
    p = _clip(p)
    return (p - t) / (p * (1 - p)) / len(t)


def _focal_parts(t: Array, z: Array) -> tuple[Array, Array, Array]:
    """σ(z), p_t and the cross-entropy -log p_t, for 0/1 targets."""
    p = _sigmoid(z)
    pt = p * t + (1 - p) * (1 - t)
    return p, pt, -np.log(_clip(pt))


def _sigmoid_focal_loss(t: Array, z: Array) -> float:
    _, pt, ce = _focal_parts(t, z)
    return float(np.mean((1 - pt) ** GAMMA * ce))


def _sigmoid_focal_loss_grad(t: Array, z: Array) -> Array:
    # d(1 - p_t)/dz = σ(z) σ(-z) (1 - 2t) = (1 - p_t) p_t (1 - 2t) for 0/1 targets.
    p, pt, ce = _focal_parts(t, z)
    return (1 - pt) ** GAMMA * (GAMMA * (1 - 2 * t) * pt * ce + p - t) / len(t)


CLASS_LOGITS = [  # (integer labels, logits)
    Case("softmax_cross_entropy", lossdocs.softmax_cross_entropy, _softmax_cross_entropy),
    Case("softmax_cross_entropy_grad", lossdocs.softmax_cross_entropy_grad, _softmax_cross_entropy_grad),
    Case("softmax", lambda t, z: lossdocs.softmax(z), lambda t, z: _softmax(z)),
    Case("log_softmax", lambda t, z: lossdocs.log_softmax(z), lambda t, z: _log_softmax(z)),
]
CLASS_PROBABILITIES = [  # (integer labels, probabilities)
    Case(
        "cross_entropy_error",
        lossdocs.cross_entropy_error,
        _cross_entropy_error,
        floor=lambda t, y: _checked(_cross_entropy_error(t, y), y),
        exception=CHECKED_PROBABILITIES,
    ),
    Case(
        "cross_entropy_error_grad",
        lossdocs.cross_entropy_error_grad,
        _cross_entropy_error_grad,
        floor=lambda t, y: _checked(_cross_entropy_error_grad(t, y), y),
        exception=CHECKED_PROBABILITIES,
    ),
]
CLASS_ROWS = [  # (target probability rows, probabilities)
    Case(
        "kl_divergence",
        lossdocs.kl_divergence,
        lambda t, y: float(np.sum(t * np.log(_clip(t) / _clip(y))) / len(t)),
        floor=_exact_kl,
        exception=EXACT_KL,
    ),
    Case("kl_divergence_grad", lossdocs.kl_divergence_grad, lambda t, y: -t / _clip(y) / len(t)),
]
BINARY_PROBABILITIES = [  # (0/1 targets, probabilities)
    Case("binary_cross_entropy", lossdocs.binary_cross_entropy, _binary_cross_entropy),
    Case("binary_cross_entropy_grad", lossdocs.binary_cross_entropy_grad, _binary_cross_entropy_grad),
]
BINARY_LOGITS = [  # (0/1 targets, logits)
    Case(
        "sigmoid_binary_cross_entropy",
        lossdocs.sigmoid_binary_cross_entropy,
        lambda t, z: _binary_cross_entropy(t, _sigmoid(z)),
    ),
    Case(
        "sigmoid_binary_cross_entropy_grad",
        lossdocs.sigmoid_binary_cross_entropy_grad,
        lambda t, z: (_sigmoid(z) - t) / len(t),
        floor=_exact_sigmoid_minus_target,
        exception=EXACT_SIGMOID_GRAD,
    ),
    Case("sigmoid_focal_loss", lossdocs.sigmoid_focal_loss, _sigmoid_focal_loss),
    Case("sigmoid_focal_loss_grad", lossdocs.sigmoid_focal_loss_grad, _sigmoid_focal_loss_grad),
    Case("sigmoid", lambda t, z: lossdocs.sigmoid(z), lambda t, z: _sigmoid(z)),
    Case(
        "log_sigmoid",
        lambda t, z: lossdocs.log_sigmoid(z),
        lambda t, z: np.log(_sigmoid(z)),
        floor=lambda t, z: _exact_log_sigmoid(z),
        exception=EXACT_LOG_SIGMOID,
    ),
]
SIGN_SCORES = [  # (-1/+1 labels, scores)
    Case("hinge_loss", lossdocs.hinge_loss, lambda t, y: float(np.mean(np.maximum(0, 1 - t * y)))),
    Case("hinge_loss_grad", lossdocs.hinge_loss_grad, lambda t, y: np.where(t * y < 1, -t, 0) / len(t)),
]


def workloads(quick: bool, rng: np.random.Generator) -> Iterator[Workload]:
    """The losses over classes on each shape of logits, then the binary ones on each vector length."""
    for n, k in [(100, 10)] if quick else [(1_000, 10), (1_000, 1_000)]:
        labels, logits = rng.integers(k, size=n), rng.normal(size=(n, k))
        probabilities = _softmax(logits)
        yield Workload((n, k), (labels, logits), CLASS_LOGITS)
        yield Workload((n, k), (labels, probabilities), CLASS_PROBABILITIES)
        yield Workload((n, k), (_softmax(rng.normal(size=(n, k))), probabilities), CLASS_ROWS)
    for n in [1_000] if quick else [1_000, 1_000_000]:
        targets, logits = rng.integers(2, size=n).astype(float), rng.normal(size=n)
        yield Workload((n,), (targets, _sigmoid(logits)), BINARY_PROBABILITIES)
        yield Workload((n,), (targets, logits), BINARY_LOGITS)
        yield Workload((n,), (2 * targets - 1, logits), SIGN_SCORES)
