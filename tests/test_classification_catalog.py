"""Tests of the classification catalog: binary_cross_entropy, kl_divergence, softmax_cross_entropy,
sigmoid_binary_cross_entropy, sigmoid_focal_loss and hinge_loss, each with its gradient.

The table CASES describes each loss once (its functions, keyword arguments, valid random inputs and
an independent per-sample reference built on SciPy); the generic tests run over it. Then come the
exactness tests against mpmath on hard inputs, the references of scikit-learn, the optional ones
of PyTorch, hypothesis properties and a bad-input battery for every function.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

import lossdocs
from lossdocs import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy_error,
    hinge_loss,
    hinge_loss_grad,
    kl_divergence,
    kl_divergence_grad,
    sigmoid_binary_cross_entropy,
    sigmoid_binary_cross_entropy_grad,
    sigmoid_focal_loss,
    sigmoid_focal_loss_grad,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)
from tests.test_classification import no_warnings, numerical_grad

MP = mpmath.mp.clone()
MP.prec = 200
REDUCTIONS = ["sum", "mean", "none"]
Inputs = tuple[np.ndarray, np.ndarray]


def rows_of(values: np.ndarray) -> np.ndarray:
    return values.reshape(len(values), -1)


def mean_per_sample(values: np.ndarray) -> np.ndarray:
    return rows_of(values).mean(axis=1)


def sum_per_sample(values: np.ndarray) -> np.ndarray:
    return rows_of(values).sum(axis=1)


# --- valid random inputs (away from 0, 1 and the kink, for finite differences) -------------


def binary_and_probabilities(rng: np.random.Generator, shape: tuple[int, ...]) -> Inputs:
    return rng.integers(0, 2, size=shape).astype(float), rng.uniform(0.05, 0.95, size=shape)


def soft_and_probabilities(rng: np.random.Generator, shape: tuple[int, ...]) -> Inputs:
    return rng.uniform(0.0, 1.0, size=shape), rng.uniform(0.05, 0.95, size=shape)


def distributions(rng: np.random.Generator, shape: tuple[int, ...]) -> Inputs:
    true = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])
    true[rng.uniform(size=shape) < 0.2] = 0.0  # some zero targets: 0 log 0 terms
    pred = 0.8 * rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]) + 0.2 / shape[-1]
    return true, pred


def labels_and_logits(rng: np.random.Generator, shape: tuple[int, ...]) -> Inputs:
    return rng.integers(0, shape[-1], size=shape[:-1]), rng.normal(0.0, 3.0, size=shape)


def rows_and_logits(rng: np.random.Generator, shape: tuple[int, ...]) -> Inputs:
    return rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]), rng.normal(0.0, 3.0, size=shape)


def binary_and_logits(rng: np.random.Generator, shape: tuple[int, ...]) -> Inputs:
    return rng.integers(0, 2, size=shape).astype(float), rng.normal(0.0, 3.0, size=shape)


def soft_and_logits(rng: np.random.Generator, shape: tuple[int, ...]) -> Inputs:
    return rng.uniform(0.0, 1.0, size=shape), rng.normal(0.0, 3.0, size=shape)


def signs_and_scores(rng: np.random.Generator, shape: tuple[int, ...]) -> Inputs:
    true = rng.choice([-1.0, 1.0], size=shape)
    scores = rng.normal(0.0, 2.0, size=shape)
    scores[np.abs(1.0 - true * scores) < 0.05] += 0.2  # away from the kink t y = 1
    return true, scores


# --- independent references: per-sample losses from SciPy, conventions mapped explicitly ----


def bce_reference(t: np.ndarray, p: np.ndarray, eps: float | None = None) -> np.ndarray:
    if eps is not None:
        p = np.clip(p, eps, 1.0 - eps)
    return mean_per_sample(-(special.xlogy(t, p) + special.xlogy(1.0 - t, 1.0 - p)))


def kl_reference(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    return sum_per_sample(special.rel_entr(t, p))  # PyTorch's "batchmean" is the mean of these


def one_hot_of(t: np.ndarray, z: np.ndarray) -> np.ndarray:
    return np.eye(z.shape[-1])[t] if t.dtype.kind in "iu" else t


def softmax_ce_reference(t: np.ndarray, z: np.ndarray, label_smoothing: float = 0.0) -> np.ndarray:
    smoothed = (1.0 - label_smoothing) * one_hot_of(t, z) + label_smoothing / z.shape[-1]
    return sum_per_sample(-smoothed * special.log_softmax(z, axis=-1))


def sigmoid_bce_reference(t: np.ndarray, z: np.ndarray) -> np.ndarray:
    return mean_per_sample(-(t * special.log_expit(z) + (1.0 - t) * special.log_expit(-z)))


def focal_reference(
    t: np.ndarray, z: np.ndarray, gamma: float = 2.0, alpha: float | None = None
) -> np.ndarray:
    # torchvision.ops.sigmoid_focal_loss, line by line (with alpha=None for its alpha < 0).
    p = special.expit(z)
    ce_loss = -(t * special.log_expit(z) + (1.0 - t) * special.log_expit(-z))
    p_t = p * t + (1.0 - p) * (1.0 - t)
    loss = ce_loss * ((1.0 - p_t) ** gamma)
    if alpha is not None:
        loss = (alpha * t + (1.0 - alpha) * (1.0 - t)) * loss
    return mean_per_sample(loss)


def hinge_reference(t: np.ndarray, y: np.ndarray) -> np.ndarray:
    return mean_per_sample(np.maximum(0.0, 1.0 - t * y))


ELEMENT_SHAPES = ((1,), (7,), (4, 3), (2, 3, 2))
CLASS_SHAPES = ((1, 2), (5, 3), (2, 3, 4))


@dataclass(frozen=True)
class Case:
    id: str
    loss: Callable[..., Any]
    grad: Callable[..., Any]
    inputs: Callable[[np.random.Generator, tuple[int, ...]], Inputs]
    reference: Callable[..., np.ndarray]
    kwargs: dict[str, Any] = field(default_factory=dict)
    shapes: tuple[tuple[int, ...], ...] = ELEMENT_SHAPES

    def __str__(self) -> str:
        return self.id


SOFTMAX = (softmax_cross_entropy, softmax_cross_entropy_grad)
SIGMOID = (sigmoid_binary_cross_entropy, sigmoid_binary_cross_entropy_grad)
FOCAL = (sigmoid_focal_loss, sigmoid_focal_loss_grad)
BCE = (binary_cross_entropy, binary_cross_entropy_grad)
CASES = [
    Case("bce", *BCE, binary_and_probabilities, bce_reference),
    Case("bce-soft", *BCE, soft_and_probabilities, bce_reference),
    Case("bce-eps", *BCE, binary_and_probabilities, bce_reference, {"eps": 0.1}),
    Case("kl", kl_divergence, kl_divergence_grad, distributions, kl_reference, shapes=CLASS_SHAPES),
    Case("softmax-labels", *SOFTMAX, labels_and_logits, softmax_ce_reference, shapes=CLASS_SHAPES),
    Case("softmax-rows", *SOFTMAX, rows_and_logits, softmax_ce_reference, shapes=CLASS_SHAPES),
    Case(
        "softmax-labels-smoothed",
        *SOFTMAX,
        labels_and_logits,
        softmax_ce_reference,
        {"label_smoothing": 0.1},
        CLASS_SHAPES,
    ),
    Case(
        "softmax-rows-smoothed",
        *SOFTMAX,
        rows_and_logits,
        softmax_ce_reference,
        {"label_smoothing": 0.3},
        CLASS_SHAPES,
    ),
    Case("sigmoid-bce", *SIGMOID, binary_and_logits, sigmoid_bce_reference),
    Case("sigmoid-bce-soft", *SIGMOID, soft_and_logits, sigmoid_bce_reference),
    Case("focal", *FOCAL, binary_and_logits, focal_reference),
    Case("focal-soft-alpha", *FOCAL, soft_and_logits, focal_reference, {"gamma": 0.5, "alpha": 0.25}),
    Case("focal-gamma0", *FOCAL, binary_and_logits, focal_reference, {"gamma": 0.0, "alpha": 1.0}),
    Case("hinge", hinge_loss, hinge_loss_grad, signs_and_scores, hinge_reference),
]
LOSSES = sorted({case.loss for case in CASES}, key=lambda f: f.__name__)
GRADS = sorted({case.grad for case in CASES}, key=lambda f: f.__name__)
FUNCTIONS = LOSSES + GRADS


# --- generic tests over the table ----------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=str)
def test_matches_the_scipy_reference_on_random_inputs(case: Case) -> None:
    rng = np.random.default_rng(0)
    for shape in case.shapes * 10:
        true, pred = case.inputs(rng, (int(rng.integers(1, 40)), *shape[1:]))
        expected = case.reference(true, pred, **case.kwargs)
        with no_warnings():
            per_sample = case.loss(true, pred, reduction="none", **case.kwargs)
            total = case.loss(true, pred, reduction="sum", **case.kwargs)
            mean = case.loss(true, pred, reduction="mean", **case.kwargs)
        np.testing.assert_allclose(per_sample, expected, rtol=1e-12, atol=1e-15)
        assert total == pytest.approx(float(np.sum(expected)), rel=1e-12, abs=1e-15)
        assert mean == pytest.approx(float(np.mean(expected)), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gradient_matches_finite_differences(case: Case, reduction: str) -> None:
    rng = np.random.default_rng(1)
    for shape in case.shapes:
        true, pred = case.inputs(rng, shape)

        def total(p: np.ndarray, true: np.ndarray = true) -> float:
            return float(np.sum(case.loss(true, p, reduction=reduction, **case.kwargs)))

        analytic = case.grad(true, pred, reduction=reduction, **case.kwargs)
        assert analytic.shape == pred.shape
        np.testing.assert_allclose(analytic, numerical_grad(total, pred), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_gradient_of_none_is_the_gradient_of_sum_and_mean_divides_by_n(case: Case) -> None:
    true, pred = case.inputs(np.random.default_rng(2), case.shapes[-1])
    of_sum = case.grad(true, pred, reduction="sum", **case.kwargs)
    np.testing.assert_array_equal(case.grad(true, pred, reduction="none", **case.kwargs), of_sum)
    np.testing.assert_allclose(case.grad(true, pred, **case.kwargs), of_sum / len(pred), rtol=1e-15)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_default_reduction_is_mean(case: Case) -> None:
    true, pred = case.inputs(np.random.default_rng(3), case.shapes[-1])
    result = case.loss(true, pred, **case.kwargs)
    assert type(result) is float
    assert result == case.loss(true, pred, reduction="mean", **case.kwargs)
    assert type(case.loss(true, pred, reduction="sum", **case.kwargs)) is float
    per_sample = case.loss(true, pred, reduction="none", **case.kwargs)
    assert isinstance(per_sample, np.ndarray)
    assert per_sample.shape == (len(pred),)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float32_and_float64(case: Case, dtype: type) -> None:
    true, pred = case.inputs(np.random.default_rng(4), (50, *case.shapes[-1][1:]))
    true = true if true.dtype.kind in "iu" else true.astype(dtype)
    pred = pred.astype(dtype)
    with no_warnings():
        per_sample = case.loss(true, pred, reduction="none", **case.kwargs)
        grad = case.grad(true, pred, **case.kwargs)
    assert per_sample.dtype == dtype
    assert grad.dtype == dtype
    reference = case.reference(
        true.astype(np.float64) if true.dtype.kind == "f" else true, pred.astype(np.float64), **case.kwargs
    )
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(per_sample, reference, rtol=rtol, atol=10 * rtol)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_integer_targets_keep_float32(case: Case) -> None:
    true, pred = case.inputs(np.random.default_rng(5), case.shapes[-1])
    if true.dtype.kind == "f" and not np.all(true == np.round(true)):
        pytest.skip("soft targets are not integers")
    labels = true.astype(np.int64)
    assert case.loss(labels, pred.astype(np.float32), reduction="none", **case.kwargs).dtype == np.float32
    assert case.grad(labels, pred.astype(np.float32), **case.kwargs).dtype == np.float32


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("function", ["loss", "grad"])
def test_lists_tuples_and_arrays(case: Case, function: str) -> None:
    true, pred = case.inputs(np.random.default_rng(6), case.shapes[-1])
    f = getattr(case, function)
    expected = f(true, pred, reduction="none", **case.kwargs)
    np.testing.assert_array_equal(f(true.tolist(), pred.tolist(), reduction="none", **case.kwargs), expected)
    as_tuple = tuple(map(tuple, rows_of(pred))) if pred.ndim == 2 else tuple(pred.tolist())
    if pred.ndim <= 2:
        np.testing.assert_array_equal(f(true, as_tuple, reduction="none", **case.kwargs), expected)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_one_sample_and_many(case: Case) -> None:
    rng = np.random.default_rng(7)
    many_true, many_pred = case.inputs(rng, (10_000, *case.shapes[-1][1:]))
    per_sample = case.loss(many_true, many_pred, reduction="none", **case.kwargs)
    np.testing.assert_allclose(
        per_sample, case.reference(many_true, many_pred, **case.kwargs), rtol=1e-12, atol=1e-15
    )
    for i in (0, 4_321, 9_999):
        one = case.loss(many_true[i : i + 1], many_pred[i : i + 1], **case.kwargs)
        assert one == pytest.approx(float(per_sample[i]), rel=1e-14, abs=1e-300)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("function", ["loss", "grad"])
def test_non_contiguous_inputs(case: Case, function: str) -> None:
    true, pred = case.inputs(np.random.default_rng(8), (8, *case.shapes[-1][1:]))
    f = getattr(case, function)
    for view in (lambda a: a[::2], lambda a: a[::-1], np.asfortranarray):
        true_view, pred_view = view(true), view(pred)
        contiguous = np.ascontiguousarray(true_view), np.ascontiguousarray(pred_view)
        expected = f(*contiguous, reduction="none", **case.kwargs)
        np.testing.assert_array_equal(f(true_view, pred_view, reduction="none", **case.kwargs), expected)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_inputs_are_not_modified_and_may_be_read_only(case: Case, dtype: type) -> None:
    true, pred = case.inputs(np.random.default_rng(9), case.shapes[-1])
    pred = pred.astype(dtype)
    true_copy, pred_copy = true.copy(), pred.copy()
    true.flags.writeable = False
    pred.flags.writeable = False
    for f in (case.loss, case.grad):
        for reduction in REDUCTIONS:
            result = f(true, pred, reduction=reduction, **case.kwargs)
            np.testing.assert_array_equal(result, f(true_copy, pred_copy, reduction=reduction, **case.kwargs))
    np.testing.assert_array_equal(true, true_copy)
    np.testing.assert_array_equal(pred, pred_copy)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_empty_batch(case: Case) -> None:
    true, pred = case.inputs(np.random.default_rng(10), (0, *case.shapes[-1][1:]))
    assert case.loss(true, pred, reduction="sum", **case.kwargs) == 0.0
    assert case.loss(true, pred, reduction="none", **case.kwargs).shape == (0,)
    assert case.grad(true, pred, reduction="sum", **case.kwargs).shape == pred.shape
    for function in (case.loss, case.grad):
        with pytest.raises(ValueError, match="reduction='mean' needs at least one sample, got 0 samples"):
            function(true, pred, **case.kwargs)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", ["avg", None, "SUM", "batchmean"])
def test_unknown_reduction_is_refused(function: Callable[..., object], reduction: object) -> None:
    with pytest.raises(ValueError, match="reduction must be one of 'sum', 'mean' or 'none'"):
        function([1.0], [0.5], reduction=reduction)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_keyword_arguments_are_keyword_only(function: Callable[..., object]) -> None:
    with pytest.raises(TypeError):
        function([1.0], [0.5], "mean")


def test_every_function_is_exported() -> None:
    for function in FUNCTIONS:
        assert function.__name__ in lossdocs.__all__
        assert getattr(lossdocs, function.__name__) is function


# --- exactness: mpmath on hard inputs ------------------------------------------------------


def assert_ulps(actual: object, expected: list[object], max_ulps: float = 4.0) -> None:
    """Each value lies within `max_ulps` ulp of the mpmath value (inf only where it is inf)."""
    values = np.atleast_1d(np.asarray(actual))
    dtype = np.float32 if values.dtype == np.float32 else np.float64
    for got, true in zip(values.reshape(-1), expected, strict=True):
        if MP.isinf(true):
            assert got == math.inf
            continue
        rounded = dtype(float(true))
        tolerance = max_ulps * float(np.spacing(abs(rounded)))
        error = abs(float(got) - float(true))
        assert error <= tolerance, (
            f"got {got!r}, true {MP.nstr(true, 20)}: {error / tolerance * max_ulps:.1f} ulp"
        )


def mp_xlogy(x: object, y: object) -> object:
    return MP.mpf(0) if x == 0 else (MP.inf if y == 0 else x * MP.log(y))


def mp_bce(t: float, p: float) -> object:
    t_, p_ = MP.mpf(t), MP.mpf(p)
    # 1 - p in 200 bits would round p = 1e-300 away: log(1 - p) = log1p(-p)
    other = MP.mpf(0) if t_ == 1 else (MP.inf if p_ == 1 else -(1 - t_) * MP.log1p(-p_))
    return -mp_xlogy(t_, p_) + other


def mp_softplus(x: object) -> object:
    return MP.log1p(MP.exp(x))


def mp_sigmoid_bce(t: float, z: float) -> object:
    t_, z_ = MP.mpf(t), MP.mpf(z)
    return t_ * mp_softplus(-z_) + (1 - t_) * mp_softplus(z_)  # -t log σ(z) - (1 - t) log σ(-z)


def mp_focal(t: float, z: float, gamma: float, alpha: float | None) -> object:
    t_, z_ = MP.mpf(t), MP.mpf(z)
    one_minus_pt = (1 - t_) / (1 + MP.exp(-z_)) + t_ / (1 + MP.exp(z_))
    weight = 1 if alpha is None else alpha * t_ + (1 - alpha) * (1 - t_)
    return weight * one_minus_pt ** MP.mpf(gamma) * mp_sigmoid_bce(t, z)


def mp_softmax_ce(targets: list[float], row: list[float]) -> object:
    # -sum_k t_k log softmax(z)_k with log softmax(z)_k = -log1p(sum_{j != k} e^{z_j - z_k})
    total = MP.mpf(0)
    for k, t in enumerate(targets):
        if t:
            others = MP.fsum(MP.exp(MP.mpf(z) - MP.mpf(row[k])) for j, z in enumerate(row) if j != k)
            total += MP.mpf(t) * MP.log1p(others)
    return total


HARD_BCE = [
    (1.0, 1e-300),
    (0.0, 1e-300),
    (1.0, 1 - 1e-16),
    (0.0, 1 - 1e-16),
    (0.3, 1e-300),
    (0.3, 1 - 1e-16),
    (1.0, 0.0),
    (0.0, 1.0),
    (0.0, 0.0),
    (1.0, 1.0),
    (0.5, 0.0),
    (1.0, 5e-324),
    (0.25, 0.5),
    (1e-300, 0.5),
]


@pytest.mark.parametrize(("t", "p"), HARD_BCE)
def test_binary_cross_entropy_is_exact_at_the_edges(t: float, p: float) -> None:
    with no_warnings():
        assert_ulps(binary_cross_entropy([t], [p], reduction="none"), [mp_bce(t, p)])


def test_binary_cross_entropy_is_exact_at_the_edges_in_float32() -> None:
    t = np.float32([1.0, 0.0, 1.0, 0.0, 0.3])
    p = np.float32([1e-30, 1e-30, 1 - 6e-8, 1 - 6e-8, 1e-44])
    with no_warnings():
        result = binary_cross_entropy(t, p, reduction="none")
    assert_ulps(result, [mp_bce(float(a), float(b)) for a, b in zip(t, p, strict=True)])


@pytest.mark.parametrize(
    ("t", "p"),
    [
        ([0.5, 0.5], [1e-300, 1 - 1e-300]),
        ([1e-300, 1 - 1e-300], [0.5, 0.5]),
        ([1.0, 0.0], [1e-310, 1.0]),  # a subnormal prediction: t / y overflows, the result does not
        ([0.0, 1.0], [0.0, 1.0]),
        ([0.5, 0.5], [0.0, 1.0]),
        ([0.25, 0.75], [0.5, 0.5]),
        ([1e-300, 0.5, 0.5 - 1e-300], [0.5, 1e-300, 0.5]),
    ],
)
def test_kl_divergence_is_exact_at_the_edges(t: list[float], p: list[float]) -> None:
    terms = [
        mp_xlogy(MP.mpf(a), MP.mpf(a) / MP.mpf(b)) if b else (MP.inf if a else 0)
        for a, b in zip(t, p, strict=True)
    ]
    with no_warnings():
        result = kl_divergence([t], [p], reduction="none")
    assert_ulps(result, [MP.fsum(terms)])


def test_kl_divergence_of_close_distributions_keeps_its_small_value() -> None:
    # The terms (about ±1e-12) cancel to 2.7e-24: no sum of rounded terms is exact to the ulp, but
    # with t - y exact the error stays near ulp(1e-12), where t / y would leave 1e-17 of noise.
    t, p = [0.25, 0.75], [0.25 + 1e-12, 0.75 - 1e-12]
    true = MP.fsum(MP.mpf(a) * MP.log(MP.mpf(a) / MP.mpf(b)) for a, b in zip(t, p, strict=True))
    assert kl_divergence([t], [p]) == pytest.approx(float(true), rel=1e-4)


HARD_LOGITS = [
    pytest.param([0.0, -40.0, -40.0], 0, id="confident-right"),
    pytest.param([0.0, -40.0, -40.0], 1, id="confident-wrong"),
    pytest.param([1000.0, -1000.0], 0, id="pm1000-right"),
    pytest.param([1000.0, -1000.0], 1, id="pm1000-wrong"),
    pytest.param([1000.0, 1000.0], 1, id="tie-at-1000"),
    pytest.param([1e-10, 0.0, -1e-10], 2, id="tiny-differences"),
    pytest.param([0.1, 0.1 + 1e-15], 0, id="ulp-difference"),
    pytest.param([30.0, -7.5, 2.25, 29.5], 3, id="ordinary"),
    pytest.param([1e300, -1e300], 0, id="huge"),
    pytest.param([745.0, 0.0, 10.0], 0, id="underflowing-rest"),
]


@pytest.mark.parametrize(("row", "label"), HARD_LOGITS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
def test_softmax_cross_entropy_is_exact_on_hard_logits(
    row: list[float], label: int, label_smoothing: float
) -> None:
    k = len(row)
    smoothed = [(1 - label_smoothing) * (j == label) + label_smoothing / k for j in range(k)]
    if label_smoothing and max(abs(z) for z in row) > 1e299:
        pytest.skip("the smoothing term is about 1e300, beyond double precision of its own")
    expected = mp_softmax_ce(smoothed, row)
    with no_warnings():
        from_label = softmax_cross_entropy([label], [row], label_smoothing=label_smoothing, reduction="none")
        from_row = softmax_cross_entropy(
            [np.eye(k)[label]], [row], label_smoothing=label_smoothing, reduction="none"
        )
    assert_ulps(from_label, [expected])
    assert_ulps(from_row, [expected])


def test_softmax_cross_entropy_keeps_a_tiny_loss() -> None:
    # -log softmax([40, 0, 0])_0 = log(1 + 2 e^-40) = 8.5e-18, which log(sum of exps) rounds to 0.
    assert softmax_cross_entropy([0], [[40.0, 0.0, 0.0]]) == pytest.approx(2 * math.exp(-40.0), rel=1e-15)


def test_softmax_cross_entropy_of_a_very_long_row_is_exact() -> None:
    rng = np.random.default_rng(11)
    row = rng.normal(0.0, 4.0, size=20_000)
    labels = [0, int(np.argmax(row)), 19_999]
    log_norm = MP.log(MP.fsum(MP.exp(MP.mpf(float(z))) for z in row))  # 200 bits: no digit is lost
    expected = [log_norm - MP.mpf(float(row[label])) for label in labels]
    result = softmax_cross_entropy(labels, np.tile(row, (3, 1)), reduction="none")
    assert_ulps(result, expected, 8)


@pytest.mark.parametrize(("row", "label"), HARD_LOGITS[:8])
def test_softmax_cross_entropy_gradient_is_exact_on_hard_logits(row: list[float], label: int) -> None:
    expected = []
    for k in range(len(row)):
        others = MP.fsum(MP.exp(MP.mpf(z) - MP.mpf(row[k])) for j, z in enumerate(row) if j != k)
        p = 1 / (1 + others)
        expected.append(p - 1 if k != label else -others / (1 + others))  # p_y - 1 without cancellation
    with no_warnings():
        grad = softmax_cross_entropy_grad([label], [row])
    # The entry of a class far below the maximum inherits the rounding of z_k - m (see softmax).
    for k in range(len(row)):
        assert_ulps(
            grad[0, [k]], [expected[k] if k == label else expected[k] + 1], 4 + abs(row[k] - max(row)) / 2
        )


HARD_SIGMOID = [
    (1.0, 40.0),
    (0.0, -40.0),
    (1.0, -40.0),
    (0.0, 40.0),
    (1.0, 1000.0),
    (0.0, 1000.0),
    (1.0, -1000.0),
    (0.999, 30.0),
    (0.001, -30.0),
    (0.3, 1e-10),
    (0.5, 0.0),
    (1.0, 745.5),
    (0.25, -1e300),
]


@pytest.mark.parametrize(("t", "z"), HARD_SIGMOID)
def test_sigmoid_binary_cross_entropy_is_exact(t: float, z: float) -> None:
    with no_warnings():
        assert_ulps(sigmoid_binary_cross_entropy([t], [z], reduction="none"), [mp_sigmoid_bce(t, z)])


@pytest.mark.parametrize(("t", "z"), HARD_SIGMOID)
def test_sigmoid_binary_cross_entropy_gradient_is_exact(t: float, z: float) -> None:
    sigmoid_z = 1 / (1 + MP.exp(-MP.mpf(z)))
    with no_warnings():
        grad = sigmoid_binary_cross_entropy_grad([t], [z])
    assert_ulps(grad, [sigmoid_z - MP.mpf(t)], 4 if t in (0.0, 1.0) else 1e3)  # soft t: σ - t cancels


@pytest.mark.parametrize(("t", "z"), HARD_SIGMOID)
@pytest.mark.parametrize(("gamma", "alpha"), [(2.0, None), (0.5, 0.25), (0.0, None), (3.0, 0.9)])
def test_sigmoid_focal_loss_is_exact(t: float, z: float, gamma: float, alpha: float | None) -> None:
    with no_warnings():
        result = sigmoid_focal_loss([t], [z], gamma=gamma, alpha=alpha, reduction="none")
        grad = sigmoid_focal_loss_grad([t], [z], gamma=gamma, alpha=alpha)
    assert_ulps(result, [mp_focal(t, z, gamma, alpha)], 8)
    assert np.isfinite(grad).all()


@pytest.mark.parametrize(("t", "y"), [(1.0, 1 - 1e-16), (-1.0, -1 + 1e-16), (1.0, 1e-300), (-1.0, 1e300)])
def test_hinge_loss_is_exact(t: float, y: float) -> None:
    expected = max(MP.mpf(0), 1 - MP.mpf(t) * MP.mpf(y))
    assert_ulps(hinge_loss([t], [y], reduction="none"), [expected])


# --- independent implementations: scikit-learn, SciPy --------------------------------------


@pytest.fixture(scope="module")
def metrics() -> Any:
    """sklearn.metrics, imported only where it is used: the import takes a few seconds."""
    import sklearn.metrics

    return sklearn.metrics


@pytest.mark.parametrize("seed", range(10))
def test_binary_cross_entropy_is_sklearn_log_loss(seed: int, metrics: Any) -> None:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=int(rng.integers(2, 200)))
    p = rng.uniform(1e-6, 1 - 1e-6, size=len(labels))
    # log_loss(y_true, y_proba) is the mean over samples of -[y log p + (1 - y) log(1 - p)].
    expected = metrics.log_loss(labels, p, labels=[0, 1])
    assert binary_cross_entropy(labels, p) == pytest.approx(expected, rel=1e-12)
    assert binary_cross_entropy(labels, p, reduction="sum") == pytest.approx(
        expected * len(labels), rel=1e-12
    )


@pytest.mark.parametrize("seed", range(10))
def test_softmax_cross_entropy_is_sklearn_log_loss_of_the_softmax(seed: int, metrics: Any) -> None:
    rng = np.random.default_rng(seed)
    labels, logits = labels_and_logits(rng, (int(rng.integers(2, 100)), int(rng.integers(2, 8))))
    expected = metrics.log_loss(labels, special.softmax(logits, axis=-1), labels=range(logits.shape[-1]))
    assert softmax_cross_entropy(labels, logits) == pytest.approx(expected, rel=1e-10)
    assert cross_entropy_error(labels, softmax(logits), reduction="mean") == pytest.approx(
        expected, rel=1e-12
    )


@pytest.mark.parametrize("seed", range(10))
def test_softmax_cross_entropy_is_logsumexp_minus_the_true_logit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    labels, logits = labels_and_logits(rng, (int(rng.integers(1, 60)), int(rng.integers(1, 30))))
    logits *= 10.0 ** rng.uniform(-2, 2.5)
    expected = special.logsumexp(logits, axis=-1) - logits[np.arange(len(labels)), labels]
    np.testing.assert_allclose(
        softmax_cross_entropy(labels, logits, reduction="none"), expected, rtol=1e-12, atol=1e-12
    )


@pytest.mark.parametrize("seed", range(10))
def test_hinge_loss_is_sklearn_hinge_loss(seed: int, metrics: Any) -> None:
    rng = np.random.default_rng(seed)
    signs, scores = signs_and_scores(rng, (int(rng.integers(2, 200)),))
    signs[:2] = [-1.0, 1.0]  # both classes present, as scikit-learn needs
    assert hinge_loss(signs, scores) == pytest.approx(metrics.hinge_loss(signs, scores), rel=1e-13)
    # scikit-learn maps any two labels to -1 and +1; lossdocs asks for 2 * y - 1 explicitly.
    zero_one = (signs > 0).astype(int)
    assert hinge_loss(2 * zero_one - 1, scores) == pytest.approx(
        metrics.hinge_loss(zero_one, scores), rel=1e-13
    )


# --- optional: PyTorch, where it is installed ----------------------------------------------


def torch_value_and_grad(f: Callable[[Any], Any], pred: np.ndarray) -> tuple[float, np.ndarray]:
    torch = pytest.importorskip("torch")
    x = torch.tensor(pred, dtype=torch.float64, requires_grad=True)
    value = f(x)
    value.backward()
    return float(value.detach()), x.grad.numpy()


@pytest.mark.parametrize("case", CASES, ids=str)
def test_matches_pytorch(case: Case) -> None:
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    true, pred = case.inputs(np.random.default_rng(12), case.shapes[1])
    t = torch.tensor(true, dtype=torch.long if true.dtype.kind in "iu" else torch.float64)
    kw = case.kwargs
    if case.loss is binary_cross_entropy:

        def f(x: Any) -> Any:
            return functional.binary_cross_entropy(x.clamp(kw.get("eps", 0.0), 1 - kw.get("eps", 0.0)), t)
    elif case.loss is kl_divergence:

        def f(x: Any) -> Any:
            return functional.kl_div(torch.log(x), t, reduction="batchmean")
    elif case.loss is softmax_cross_entropy:

        def f(x: Any) -> Any:
            return functional.cross_entropy(x, t, label_smoothing=kw.get("label_smoothing", 0.0))
    elif case.loss is sigmoid_binary_cross_entropy:

        def f(x: Any) -> Any:
            return functional.binary_cross_entropy_with_logits(x, t)
    elif case.loss is sigmoid_focal_loss:

        def f(x: Any) -> Any:  # torchvision.ops.sigmoid_focal_loss(x, t, alpha, gamma, "mean")
            p = torch.sigmoid(x)
            ce = functional.binary_cross_entropy_with_logits(x, t, reduction="none")
            p_t = p * t + (1 - p) * (1 - t)
            loss = ce * ((1 - p_t) ** kw.get("gamma", 2.0))
            if kw.get("alpha") is not None:
                loss = (kw["alpha"] * t + (1 - kw["alpha"]) * (1 - t)) * loss
            return loss.mean()
    else:

        def f(x: Any) -> Any:
            return functional.relu(1 - t * x).mean()

    value, grad = torch_value_and_grad(f, pred)
    assert case.loss(true, pred, **kw) == pytest.approx(value, rel=1e-10)
    np.testing.assert_allclose(case.grad(true, pred, **kw), grad, rtol=1e-8, atol=1e-12)


def test_activations_match_pytorch() -> None:
    torch = pytest.importorskip("torch")
    z = np.random.default_rng(13).normal(0.0, 30.0, size=(5, 7))
    x = torch.tensor(z, dtype=torch.float64)
    np.testing.assert_allclose(lossdocs.softmax(z), torch.softmax(x, dim=-1).numpy(), rtol=1e-12, atol=1e-300)
    # PyTorch rounds log(1 + tiny) to 0 where log_softmax keeps the tiny value: hence the atol.
    np.testing.assert_allclose(
        lossdocs.log_softmax(z), torch.log_softmax(x, dim=-1).numpy(), rtol=1e-12, atol=1e-15
    )
    np.testing.assert_allclose(lossdocs.sigmoid(z), torch.sigmoid(x).numpy(), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(lossdocs.log_sigmoid(z), torch.nn.functional.logsigmoid(x).numpy(), rtol=1e-12)


# --- properties ----------------------------------------------------------------------------


@st.composite
def probability_pairs(draw: st.DrawFn, binary: bool = False) -> Inputs:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=5))
    targets = st.sampled_from([0.0, 1.0]) if binary else st.floats(0.0, 1.0)
    return (
        draw(hnp.arrays(np.float64, shape, elements=targets)),
        draw(hnp.arrays(np.float64, shape, elements=st.floats(0.0, 1.0))),
    )


@st.composite
def distribution_pairs(draw: st.DrawFn) -> Inputs:
    shape = draw(hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=5))
    weights = draw(hnp.arrays(np.float64, (2, *shape), elements=st.floats(0.0, 1.0)))
    weights[..., 0] += weights.sum(axis=-1) == 0  # no all-zero row
    rows = weights / weights.sum(axis=-1, keepdims=True)
    return rows[0], rows[1]


logit_arrays = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=5),
    elements=st.floats(-1e3, 1e3),
)
FEW = settings(max_examples=40, deadline=None)


@FEW
@given(probability_pairs(), st.sampled_from([None, 1e-7]))
def test_binary_cross_entropy_is_not_negative(case: Inputs, eps: float | None) -> None:
    with no_warnings():
        assert np.all(binary_cross_entropy(*case, reduction="none", eps=eps) >= 0.0)


@FEW
@given(probability_pairs(binary=True))
def test_binary_cross_entropy_is_zero_at_a_perfect_prediction(case: Inputs) -> None:
    true, _ = case
    with no_warnings():
        assert binary_cross_entropy(true, true, reduction="sum") == 0.0
        np.testing.assert_array_equal(binary_cross_entropy_grad(true, true), (1.0 - 2.0 * true) / true.size)


@FEW
@given(probability_pairs())
def test_binary_cross_entropy_is_two_class_cross_entropy(case: Inputs) -> None:
    true, pred = (a.reshape(-1) for a in case)
    two_class_true = np.stack([1.0 - true, true], axis=-1)
    two_class_pred = np.stack([1.0 - pred, pred], axis=-1)
    with no_warnings():
        binary = binary_cross_entropy(true, pred, reduction="none")
        two_class = cross_entropy_error(two_class_true, two_class_pred, reduction="none")
    # 1 - p computed here rounds where log1p(-p) does not: an absolute tolerance of a few ulp of 1.
    np.testing.assert_allclose(binary, two_class, rtol=1e-13, atol=1e-15)


@FEW
@given(distribution_pairs())
def test_kl_divergence_is_cross_entropy_minus_entropy_and_not_negative(case: Inputs) -> None:
    true, pred = case
    with no_warnings():
        kl = kl_divergence(true, pred, reduction="none")
        ce = cross_entropy_error(true, pred, reduction="none")
        entropy = cross_entropy_error(true, true, reduction="none")
    finite = np.isfinite(ce)  # a true class predicted with 0: both are inf
    assert np.all(kl[~finite] == math.inf)
    scale = 1.0 + float(np.abs(ce[finite]).max(initial=0.0))
    np.testing.assert_allclose(kl[finite], (ce - entropy)[finite], rtol=1e-12, atol=1e-13 * scale)
    # Log-sum inequality: sum t log(t/y) >= T log(T/Y) with T = sum t, Y = sum y (0 for distributions,
    # up to the rounding of the normalization).
    t_sum, y_sum = true.sum(axis=-1), pred.sum(axis=-1)
    assert np.all(kl >= t_sum * np.log(t_sum / y_sum) - 1e-14 * (1.0 + ce))
    assert np.all(kl_divergence(true, true, reduction="none") == 0.0)


@FEW
@given(logit_arrays, st.sampled_from([0.0, 0.1]), st.data())
def test_softmax_cross_entropy_is_not_negative_and_zero_when_perfect(
    logits: np.ndarray, label_smoothing: float, data: st.DataObject
) -> None:
    labels = data.draw(hnp.arrays(np.int64, logits.shape[:-1], elements=st.integers(0, logits.shape[-1] - 1)))
    with no_warnings():
        assert np.all(
            softmax_cross_entropy(labels, logits, reduction="none", label_smoothing=label_smoothing) >= 0
        )
        perfect = np.where(np.eye(logits.shape[-1], dtype=bool)[labels], 1000.0, -1000.0)
        assert softmax_cross_entropy(labels, perfect, reduction="sum") == 0.0


@FEW
@given(
    hnp.arrays(np.float64, (3, 4), elements=st.integers(-1000, 1000).map(float)),
    st.integers(-(10**6), 10**6).map(float),
    st.sampled_from([0.0, 0.2]),
)
def test_softmax_cross_entropy_is_unchanged_by_a_constant_added_to_the_logits(
    logits: np.ndarray, constant: float, label_smoothing: float
) -> None:
    labels = np.array([0, 3, 1])
    rows = np.random.default_rng(0).dirichlet(np.ones(4), size=3)
    for targets in (labels, rows):
        kw = {"reduction": "none", "label_smoothing": label_smoothing}
        # Integer-valued logits: z + c is exact, so the loss must not change in any bit.
        np.testing.assert_array_equal(
            softmax_cross_entropy(targets, logits + constant, **kw),
            softmax_cross_entropy(targets, logits, **kw),
        )
        np.testing.assert_array_equal(
            softmax_cross_entropy_grad(targets, logits + constant, label_smoothing=label_smoothing),
            softmax_cross_entropy_grad(targets, logits, label_smoothing=label_smoothing),
        )


@FEW
@given(logit_arrays, st.floats(-1e3, 1e3))
def test_softmax_cross_entropy_shift_invariance_for_any_floats(logits: np.ndarray, constant: float) -> None:
    labels = np.zeros(logits.shape[0], dtype=int)
    shifted = softmax_cross_entropy(labels, logits + constant, reduction="none")
    scale = 1e-13 * (1.0 + np.abs(logits).max() + abs(constant))
    np.testing.assert_allclose(
        shifted, softmax_cross_entropy(labels, logits, reduction="none"), rtol=1e-12, atol=scale
    )


@FEW
@given(probability_pairs(), st.floats(-1e3, 1e3))
def test_sigmoid_losses_are_not_negative_and_agree_with_two_class_softmax(case: Inputs, scale: float) -> None:
    true, pred = case
    logits = (pred - 0.5) * scale
    with no_warnings():
        bce = sigmoid_binary_cross_entropy(true, logits, reduction="none")
        focal = sigmoid_focal_loss(true, logits, reduction="none")
        softmax_form = softmax_cross_entropy(
            np.stack([1.0 - true, true], axis=-1).reshape(len(true), -1, 2),
            np.stack([np.zeros_like(logits), logits], axis=-1).reshape(len(true), -1, 2),
            reduction="none",
        )
    assert np.all(bce >= 0.0)
    assert np.all((focal >= 0.0) & (focal <= bce))
    # sigmoid_binary_cross_entropy averages the outputs of a sample, softmax_cross_entropy adds them.
    np.testing.assert_allclose(bce * true[0].size, softmax_form, rtol=1e-12, atol=1e-15)


@FEW
@given(probability_pairs(binary=True))
def test_sigmoid_losses_are_zero_at_a_perfect_prediction(case: Inputs) -> None:
    true, _ = case
    perfect = np.where(true == 1.0, 1000.0, -1000.0)
    with no_warnings():
        assert sigmoid_binary_cross_entropy(true, perfect, reduction="sum") == 0.0
        assert sigmoid_focal_loss(true, perfect, reduction="sum", alpha=0.25) == 0.0


@FEW
@given(hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-1e3, 1e3)), st.data())
def test_hinge_loss_is_not_negative_and_zero_beyond_the_margin(
    scores: np.ndarray, data: st.DataObject
) -> None:
    signs = data.draw(hnp.arrays(np.float64, scores.shape, elements=st.sampled_from([-1.0, 1.0])))
    assert np.all(hinge_loss(signs, scores, reduction="none") >= 0.0)
    assert hinge_loss(signs, signs * (1.0 + np.abs(scores)), reduction="sum") == 0.0
    assert np.all(hinge_loss_grad(signs, signs * (1.0 + np.abs(scores))) == 0.0)


# --- keyword parameters ---------------------------------------------------------------------

PARAMETERS = [
    (
        SOFTMAX,
        "label_smoothing",
        [1.0, -0.1, 1.5, math.nan, math.inf],
        ["0.1", True, None, [0.1]],
        r"label_smoothing must lie in \[0, 1\), got .*\n.*t' = \(1 - ε\) t \+ ε / K",
    ),
    (
        FOCAL,
        "gamma",
        [-1.0, -1e-9, math.inf, math.nan],
        ["2", True, None, [2.0]],
        r"gamma must be a finite number >= 0, got .*\n.*\(1 - p_t\)\^gamma",
    ),
    (
        FOCAL,
        "alpha",
        [-0.1, 1.1, math.nan, math.inf],
        ["0.25", False, [0.25]],
        r"alpha must lie in \[0, 1\], or be None for no weighting, got .*\n.*torchvision uses alpha=0\.25",
    ),
    (
        BCE,
        "eps",
        [0.0, 0.5, -1e-7, math.nan],
        ["x", True, [1e-7]],
        r"eps must lie strictly between 0 and 0\.5",
    ),
]
VALID_INPUTS = {
    SOFTMAX: ([0, 1], [[1.0, 2.0], [0.5, -0.5]]),
    FOCAL: ([1.0, 0.0], [2.0, -1.0]),
    BCE: ([1.0, 0.0], [0.75, 0.25]),
}
PARAMETER_CASES = [
    pytest.param(function, name, value, error, pattern, id=f"{function.__name__}-{name}={value!r}")
    for functions, name, bad_values, bad_types, range_pattern in PARAMETERS
    for function in functions
    for values, error, pattern in (
        (bad_values, ValueError, range_pattern),
        (bad_types, TypeError, rf"{name} must be a"),
    )
    for value in values
]


@pytest.mark.parametrize(("function", "name", "value", "error", "match"), PARAMETER_CASES)
def test_keyword_parameters_out_of_range_or_of_a_wrong_type_are_refused(
    function: Callable[..., object], name: str, value: object, error: type[Exception], match: str
) -> None:
    functions = next(key for key in VALID_INPUTS if function in key)
    with pytest.raises(error, match=match):
        function(*VALID_INPUTS[functions], **{name: value})


@pytest.mark.parametrize(
    ("functions", "kwargs"),
    [
        (SOFTMAX, {"label_smoothing": 0.0}),
        (SOFTMAX, {"label_smoothing": 0.999}),
        (SOFTMAX, {"label_smoothing": np.float32(0.1)}),
        (FOCAL, {"gamma": 0, "alpha": 0}),
        (FOCAL, {"gamma": 5, "alpha": 1}),
        (FOCAL, {"gamma": np.float64(1.5), "alpha": None}),
        (BCE, {"eps": 1e-7}),
    ],
)
def test_keyword_parameters_in_range_are_accepted(
    functions: tuple[Callable[..., Any], ...], kwargs: dict[str, Any]
) -> None:
    for function in functions:
        assert np.all(np.isfinite(function(*VALID_INPUTS[functions], **kwargs)))


def test_label_smoothing_is_pytorchs() -> None:
    # PyTorch: (1 - ε) * nll + ε * mean over classes of -log softmax.
    logits = np.array([[2.0, -1.0, 0.5]])
    log_p = special.log_softmax(logits, axis=-1)
    expected = 0.9 * -log_p[0, 2] + 0.1 * float(np.mean(-log_p))
    assert softmax_cross_entropy([2], logits, label_smoothing=0.1) == pytest.approx(expected, rel=1e-15)


def test_focal_loss_with_gamma_0_and_no_alpha_is_the_binary_cross_entropy() -> None:
    true, logits = soft_and_logits(np.random.default_rng(14), (6, 3))
    np.testing.assert_allclose(
        sigmoid_focal_loss(true, logits, gamma=0.0, reduction="none"),
        sigmoid_binary_cross_entropy(true, logits, reduction="none"),
        rtol=1e-15,
    )
    np.testing.assert_allclose(
        sigmoid_focal_loss_grad(true, logits, gamma=0.0),
        sigmoid_binary_cross_entropy_grad(true, logits),
        rtol=1e-14,
    )


def test_certain_and_wrong_gives_inf_and_certain_and_right_gives_zero() -> None:
    with no_warnings():
        assert binary_cross_entropy([1.0, 0.0], [0.0, 0.0], reduction="none").tolist() == [math.inf, 0.0]
        assert binary_cross_entropy_grad([1.0, 0.0, 1.0], [0.0, 0.0, 1.0], reduction="sum").tolist() == [
            -math.inf,
            1.0,
            -1.0,
        ]
        assert kl_divergence([[0.5, 0.5]], [[1.0, 0.0]]) == math.inf
        assert kl_divergence_grad([[0.5, 0.5]], [[1.0, 0.0]], reduction="sum").tolist() == [[-0.5, -math.inf]]
        assert binary_cross_entropy([1.0], [0.0], eps=1e-7) == pytest.approx(-math.log(1e-7))


# --- bad input: every function, each case with its error type and message ------------------

NAN, INF = math.nan, math.inf


def battery(
    pred_name: str, y_true: object, y_pred: object, *, probabilities: bool, class_axis: bool
) -> list[Any]:
    """Bad inputs for a loss whose valid inputs are (y_true, y_pred)."""
    pred = np.array(y_pred, dtype=float)
    true = np.array(y_true)
    first = (0,) * pred.ndim
    with_nan, with_inf, with_minus_inf = pred.copy(), pred.copy(), pred.copy()
    with_nan[first], with_inf[first], with_minus_inf[first] = NAN, INF, -INF
    at = rf"at index \({', '.join('0' for _ in first)},?\)"
    if probabilities:
        nan_message = rf"{pred_name} must not contain NaN, found nan {at}"
        inf_message = rf"{pred_name} must hold probabilities in \[0, 1\], found inf {at}"
        minus_inf_message = rf"{pred_name} must hold probabilities in \[0, 1\], found -inf"
    else:
        nan_message = rf"{pred_name} must be finite, found nan {at}(.|\n)*Remove or replace"
        inf_message = rf"{pred_name} must be finite, found inf {at}"
        minus_inf_message = rf"{pred_name} must be finite, found -inf {at}"
    return [
        pytest.param(true, with_nan, ValueError, nan_message, id="nan"),
        pytest.param(true, with_inf, ValueError, inf_message, id="inf"),
        pytest.param(true, with_minus_inf, ValueError, minus_inf_message, id="-inf"),
        pytest.param(
            true, np.full(pred.shape, "a"), TypeError, rf"{pred_name} must contain real numbers", id="str"
        ),
        pytest.param(
            np.full(true.shape, "a"), pred, TypeError, r"y_true must contain real numbers", id="str-true"
        ),
        pytest.param(
            true, [[0.5, 0.5], [0.5]], ValueError, rf"{pred_name} is a ragged nested sequence", id="ragged"
        ),
        pytest.param(true, 0.5, ValueError, rf"{pred_name} must have a sample axis", id="scalar"),
        pytest.param(
            true, [[1 + 1j] * pred.shape[-1]] * len(pred), TypeError, r"dtype complex128", id="complex"
        ),
        *(
            [
                pytest.param(
                    true[0], pred[0], ValueError, rf"{pred_name} must have a class axis", id="no-class-axis"
                )
            ]
            if class_axis
            else []
        ),
    ]


def probability_target_battery(pred_name: str, y_pred: object) -> list[Any]:
    pred = np.array(y_pred, dtype=float)
    return [
        pytest.param(
            np.full(pred.shape, 1.5),
            pred,
            ValueError,
            r"y_true must hold probabilities in \[0, 1\], found 1\.5",
            id="true-1.5",
        ),
        pytest.param(
            np.full(pred.shape, -0.5),
            pred,
            ValueError,
            r"y_true must hold probabilities in \[0, 1\], found -0\.5",
            id="true-neg",
        ),
        pytest.param(
            np.full(pred.shape, NAN), pred, ValueError, r"y_true must not contain NaN", id="true-nan"
        ),
        pytest.param(
            np.full(pred.shape, INF),
            pred,
            ValueError,
            r"y_true must hold probabilities in \[0, 1\], found inf",
            id="true-inf",
        ),
    ]


def elementwise_shape_battery(pred_name: str, y_true: object, y_pred: object) -> list[Any]:
    true, pred = np.array(y_true), np.array(y_pred, dtype=float)
    return [
        pytest.param(
            true,
            pred.reshape(-1, 1),
            ValueError,
            rf"y_true and {pred_name} must have the same shape, got \(3,\) and \(3, 1\)"
            r"(.|\n)*would broadcast to \(3, 3\)"
            rf"(.|\n)*{pred_name}\.reshape\(-1\) or y_true\.reshape\(-1, 1\)",
            id="column",
        ),
        pytest.param(
            true[:2],
            pred,
            ValueError,
            rf"y_true and {pred_name} must have the same shape, got \(2,\) and \(3,\)",
            id="fewer",
        ),
        pytest.param(
            np.zeros((3, 0)),
            np.zeros((3, 0)),
            ValueError,
            rf"y_true and {pred_name} have no outputs per sample: shape \(3, 0\)",
            id="no-outputs",
        ),
    ]


P3 = [0.9, 0.2, 0.6]
Z3 = [2.0, -1.0, 0.0]
ROWS = [[0.7, 0.3], [0.2, 0.8], [0.5, 0.5]]
LOGIT_ROWS = [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [0.0, 0.0, 0.0]]
BAD = {
    BCE: [
        *battery("y_pred", [1.0, 0.0, 1.0], P3, probabilities=True, class_axis=False),
        *probability_target_battery("y_pred", P3),
        *elementwise_shape_battery("y_pred", [1.0, 0.0, 1.0], P3),
        pytest.param(
            [1.0, 0.0, 1.0],
            [1.2, 0.2, 0.6],
            ValueError,
            r"found 1\.2 at index \(0,\)(.|\n)*use a loss that takes logits",
            id="logits",
        ),
    ],
    (kl_divergence, kl_divergence_grad): [
        *battery("y_pred", ROWS, ROWS, probabilities=True, class_axis=True),
        *probability_target_battery("y_pred", ROWS),
        pytest.param(
            [0, 1, 1],
            ROWS,
            ValueError,
            r"y_true and y_pred must have the same shape, got \(3,\) and \(3, 2\)",
            id="labels",
        ),
    ],
    SOFTMAX: [
        *battery("logits", [0, 1, 2], LOGIT_ROWS, probabilities=False, class_axis=True),
        *probability_target_battery("logits", LOGIT_ROWS),
        pytest.param(
            [0, 3, 1],
            LOGIT_ROWS,
            ValueError,
            r"must be in 0\.\.2 \(logits has 3 classes on its last axis\), found 3 at index \(1,\)",
            id="label-3",
        ),
        pytest.param(
            [0, -1, 1],
            LOGIT_ROWS,
            ValueError,
            r"must be in 0\.\.2 .* found -1 at index \(1,\)",
            id="label--1",
        ),
        pytest.param(
            [0.0, 1.0, 2.0],
            LOGIT_ROWS,
            TypeError,
            r"y_true holds class indices and must have an integer dtype, got float64"
            r"(.|\n)*same shape as logits",
            id="float-labels",
        ),
        pytest.param(
            [True, False, True],
            LOGIT_ROWS,
            TypeError,
            r"must have an integer dtype, got bool",
            id="bool-labels",
        ),
        pytest.param(
            [[0], [1], [2]],
            LOGIT_ROWS,
            ValueError,
            r"y_true has shape \(3, 1\), which fits neither form of targets for logits of shape \(3, 3\)"
            r"(.|\n)*class indices of shape \(3,\)",
            id="label-column",
        ),
        pytest.param(
            np.zeros(3, dtype=int),
            np.zeros((3, 0)),
            ValueError,
            r"logits has no entries along axis -1: shape \(3, 0\)",
            id="no-classes",
        ),
    ],
    SIGMOID: [
        *battery("logits", [1.0, 0.0, 1.0], Z3, probabilities=False, class_axis=False),
        *probability_target_battery("logits", Z3),
        *elementwise_shape_battery("logits", [1.0, 0.0, 1.0], Z3),
    ],
    FOCAL: [
        *battery("logits", [1.0, 0.0, 1.0], Z3, probabilities=False, class_axis=False),
        *probability_target_battery("logits", Z3),
        *elementwise_shape_battery("logits", [1.0, 0.0, 1.0], Z3),
    ],
    (hinge_loss, hinge_loss_grad): [
        *battery("y_pred", [1, -1, 1], Z3, probabilities=False, class_axis=False),
        *elementwise_shape_battery("y_pred", [1, -1, 1], Z3),
        pytest.param(
            [1, 0, 1],
            Z3,
            ValueError,
            r"y_true holds the labels 0 and 1 \(found 0 at index \(1,\)\), "
            r"but the hinge loss needs the labels -1 and \+1(.|\n)*2 \* y_true - 1",
            id="zero-one",
        ),
        pytest.param(
            [True, False, True],
            Z3,
            ValueError,
            r"holds the labels 0 and 1 \(found True at index \(0,\)\)(.|\n)*2 \* y_true - 1",
            id="bool",
        ),
        pytest.param(
            [1, 2, -1],
            Z3,
            ValueError,
            r"y_true must hold the labels -1 and \+1, found 2 at index \(1,\)"
            r"(.|\n)*np\.where\(y_true == positive_class, 1, -1\)",
            id="label-2",
        ),
        pytest.param(
            [1.0, NAN, -1.0],
            Z3,
            ValueError,
            r"y_true must hold the labels -1 and \+1, found nan at index \(1,\)",
            id="label-nan",
        ),
        pytest.param([1.0, 0.5, -1.0], Z3, ValueError, r"found 0\.5 at index \(1,\)", id="label-0.5"),
    ],
}
BAD_CASES = [
    pytest.param(function, *param.values, id=f"{function.__name__}-{param.id}")
    for functions, params in BAD.items()
    for function in functions
    for param in params
]


@pytest.mark.parametrize(("function", "y_true", "y_pred", "error", "match"), BAD_CASES)
def test_bad_input_is_refused(
    function: Callable[..., object], y_true: object, y_pred: object, error: type[Exception], match: str
) -> None:
    with no_warnings(), pytest.raises(error, match=match):
        function(y_true, y_pred)


@pytest.mark.parametrize("functions", [SIGMOID, FOCAL], ids=["sigmoid", "focal"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("bad", [NAN, INF, -INF])
@pytest.mark.parametrize("target", [0.0, 0.5, 1.0])
def test_non_finite_logits_never_give_a_nan_result(
    functions: tuple[Callable[..., object], ...], reduction: str, bad: float, target: float
) -> None:
    # These losses check the result first and scan the logits only when it is not finite.
    for function in functions:
        with (
            no_warnings(),
            pytest.raises(ValueError, match=r"logits must be finite, found (nan|inf|-inf) at index \(1,\)"),
        ):
            function([0.0, target, 1.0], [0.5, bad, -0.5], reduction=reduction)
