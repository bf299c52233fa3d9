"""The losses of current practice (likelihood, segmentation, embeddings) against plain NumPy code.

About 1,000,000 elements each (1,000 with ``--quick``): Gaussian and Poisson NLL on vectors,
Dice on masks of shape (n, 32, 32), triplet and InfoNCE on embeddings of shape (n, 64). The plain
code is the textbook formula a learner would write, with no input checks; it is not exact where
lossdocs is (a log-rate beyond 709 overflows, a variance of 1e-300 loses the residual).

Then the options of the classification losses on 1,000,000 logits: the softmax cross-entropy
with class weights and with a padding label (-100 on every tenth sample) over (100,000, 10)
logits, the binary cross-entropy of logits with a positive weight per column over (100,000, 10),
and the perplexity of sequences of shape (100, 100, 100). The issue that asked for them allows
at most 1.5 times the plain code.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

import lossdocs
from benchmarks.timing import Case, Workload

TEMPERATURE = 0.1  # the default of info_nce_loss
MARGIN = 1.0  # the default of triplet_margin_loss
IGNORE = -100  # PyTorch's padding label
EPS = 1e-7  # Keras's clipping, which the plain sigmoid needs before a log


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _plain_info_nce(q: np.ndarray, k: np.ndarray) -> float:
    z = _unit(q) @ _unit(k).T / TEMPERATURE
    s = z - z.max(axis=1, keepdims=True)
    return float(np.mean(np.log(np.exp(s).sum(axis=1)) - np.diag(s)))


def _plain_triplet(a: np.ndarray, p: np.ndarray, n: np.ndarray) -> float:
    pos = np.linalg.norm(a - p, axis=1)
    neg = np.linalg.norm(a - n, axis=1)
    return float(np.mean(np.maximum(0.0, pos - neg + MARGIN)))


def _plain_dice(t: np.ndarray, p: np.ndarray) -> float:
    axes = tuple(range(1, t.ndim))
    dice = (2 * (t * p).sum(axis=axes) + 1.0) / (t.sum(axis=axes) + p.sum(axis=axes) + 1.0)
    return float(np.mean(1 - dice))


LIKELIHOOD = [
    Case(
        "gaussian_nll_loss",
        lossdocs.gaussian_nll_loss,
        lambda t, mu, var: float(np.mean(0.5 * (np.log(var) + (t - mu) ** 2 / var))),
    ),
    Case(
        "gaussian_nll_loss_grad",
        lossdocs.gaussian_nll_loss_grad,
        lambda t, mu, var: ((mu - t) / var / t.size, 0.5 * (1 / var - (t - mu) ** 2 / var**2) / t.size),
    ),
]
POISSON = [
    Case("poisson_nll_loss", lossdocs.poisson_nll_loss, lambda y, z: float(np.mean(np.exp(z) - y * z))),
    Case("poisson_nll_loss_grad", lossdocs.poisson_nll_loss_grad, lambda y, z: (np.exp(z) - y) / y.size),
]
DICE = [
    Case("dice_loss", lossdocs.dice_loss, _plain_dice),
    Case("dice_loss_grad", lossdocs.dice_loss_grad, lambda t, p: _dice_grad(t, p)),
]
TRIPLET = [
    Case("triplet_margin_loss", lossdocs.triplet_margin_loss, _plain_triplet),
    Case(
        "triplet_margin_loss_grad", lossdocs.triplet_margin_loss_grad, lambda a, p, n: _triplet_grad(a, p, n)
    ),
]
INFO_NCE = [
    Case("info_nce_loss", lossdocs.info_nce_loss, _plain_info_nce),
    Case("info_nce_loss_grad", lossdocs.info_nce_loss_grad, lambda q, k: _info_nce_grad(q, k)),
]


def _dice_grad(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    axes = tuple(range(1, t.ndim))
    shape = (-1,) + (1,) * (t.ndim - 1)
    num = (2 * (t * p).sum(axis=axes) + 1.0).reshape(shape)
    den = (t.sum(axis=axes) + p.sum(axis=axes) + 1.0).reshape(shape)
    return -(2 * t * den - num) / den**2 / len(t)


def _triplet_grad(a: np.ndarray, p: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, ...]:
    dp, dn = a - p, a - n
    pos = np.linalg.norm(dp, axis=1, keepdims=True)
    neg = np.linalg.norm(dn, axis=1, keepdims=True)
    active = (pos - neg + MARGIN > 0) / len(a)
    gp, gn = active * dp / pos, active * dn / neg
    return gp - gn, -gp, gn


def _info_nce_grad(q: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    qn, kn = np.linalg.norm(q, axis=1, keepdims=True), np.linalg.norm(k, axis=1, keepdims=True)
    qu, ku = q / qn, k / kn
    z = qu @ ku.T / TEMPERATURE
    e = np.exp(z - z.max(axis=1, keepdims=True))
    dz = e / e.sum(axis=1, keepdims=True)
    dz[np.arange(len(q)), np.arange(len(q))] -= 1
    dz /= len(q) * TEMPERATURE
    dqu, dku = dz @ ku, dz.T @ qu
    # through x / |x|: (g - u (u . g)) / |x|
    dq = (dqu - qu * np.sum(qu * dqu, axis=1, keepdims=True)) / qn
    dk = (dku - ku * np.sum(ku * dku, axis=1, keepdims=True)) / kn
    return dq, dk


def _plain_class_weighted(t: np.ndarray, z: np.ndarray, weights: np.ndarray) -> float:
    s = z - z.max(axis=1, keepdims=True)
    losses = np.log(np.exp(s).sum(axis=1)) - s[np.arange(len(t)), t]
    return float(np.sum(weights[t] * losses) / np.sum(weights[t]))


def _plain_ignored(t: np.ndarray, z: np.ndarray) -> float:
    keep = t != IGNORE
    s = z - z.max(axis=1, keepdims=True)
    losses = np.log(np.exp(s).sum(axis=1)) - s[np.arange(len(t)), np.where(keep, t, 0)]
    return float(np.mean(losses[keep]))


def _plain_pos_weight(t: np.ndarray, z: np.ndarray, pos_weight: np.ndarray) -> float:
    p = np.clip(1 / (1 + np.exp(-z)), EPS, 1 - EPS)
    return float(np.mean(-(pos_weight * t * np.log(p) + (1 - t) * np.log(1 - p))))


def _plain_perplexity(t: np.ndarray, z: np.ndarray) -> float:
    s = z - z.max(axis=-1, keepdims=True)
    losses = np.log(np.exp(s).sum(axis=-1)) - np.take_along_axis(s, t[..., np.newaxis], axis=-1)[..., 0]
    return float(np.exp(np.mean(losses)))


CLASS_WEIGHT = [
    Case(
        "softmax_cross_entropy(class_weight)",
        lambda t, z, w: lossdocs.softmax_cross_entropy(t, z, class_weight=w),
        _plain_class_weighted,
    ),
]
IGNORED = [
    Case(
        "softmax_cross_entropy(ignore_index)",
        lambda t, z: lossdocs.softmax_cross_entropy(t, z, ignore_index=IGNORE),
        _plain_ignored,
    ),
]
POS_WEIGHT = [
    Case(
        "sigmoid_binary_cross_entropy(pos_weight)",
        lambda t, z, p: lossdocs.sigmoid_binary_cross_entropy(t, z, pos_weight=p),
        _plain_pos_weight,
    ),
]
PERPLEXITY = [Case("perplexity", lossdocs.perplexity, _plain_perplexity)]


def workloads(quick: bool, rng: np.random.Generator) -> Iterator[Workload]:
    """Each case at about 1,000 (quick) or 1,000,000 elements."""
    n = 1_000 if quick else 1_000_000
    t, mu = rng.normal(size=n), rng.normal(size=n)
    yield Workload((n,), (t, mu, rng.uniform(0.5, 2.0, size=n)), LIKELIHOOD)
    yield Workload((n,), (rng.poisson(3.0, size=n).astype(float), rng.normal(size=n)), POISSON)
    masks = max(n // 1024, 1)
    shape = (masks, 32, 32)
    yield Workload(shape, ((rng.random(shape) < 0.3).astype(float), rng.random(shape)), DICE)
    rows = max(n // 64, 2)
    a, p, m = (rng.normal(size=(rows, 64)) for _ in range(3))
    yield Workload((rows, 64), (a, p, m), TRIPLET)
    pairs = 1_000 if quick else 2_000  # InfoNCE compares every query with every key: rows² logits
    yield Workload((pairs, 64), (rng.normal(size=(pairs, 64)), rng.normal(size=(pairs, 64))), INFO_NCE)
    rows = max(n // 10, 10)
    labels, logits = rng.integers(10, size=rows), rng.normal(size=(rows, 10))
    yield Workload((rows, 10), (labels, logits, rng.uniform(0.5, 5.0, size=10)), CLASS_WEIGHT)
    padded = labels.copy()
    padded[::10] = IGNORE
    yield Workload((rows, 10), (padded, logits), IGNORED)
    targets = (rng.random((rows, 10)) < 0.2).astype(float)
    yield Workload((rows, 10), (targets, logits, rng.uniform(1.0, 5.0, size=10)), POS_WEIGHT)
    side = 10 if quick else 100  # sequences × tokens × vocabulary
    tokens = rng.integers(side, size=(side, side))
    yield Workload((side, side, side), (tokens, rng.normal(size=(side, side, side))), PERPLEXITY)
