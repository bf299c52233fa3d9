"""Tests of the options of the classification losses and of `perplexity`.

`class_weight` and `ignore_index` (cross_entropy_error, softmax_cross_entropy), `pos_weight`
(sigmoid_binary_cross_entropy) and `sample_weight` (every classification loss), each with its
gradient: references written out in NumPy (and PyTorch where it can be imported), hypothesis
properties, finite-difference gradients for every reduction and option, and a bad-input battery.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossdocs
from lossdocs import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy_error,
    cross_entropy_error_grad,
    hinge_loss,
    hinge_loss_grad,
    kl_divergence,
    kl_divergence_grad,
    perplexity,
    sigmoid_binary_cross_entropy,
    sigmoid_binary_cross_entropy_grad,
    sigmoid_focal_loss,
    sigmoid_focal_loss_grad,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)
from tests.test_classification import no_warnings, numerical_grad

REDUCTIONS = ["sum", "mean", "none"]
CLASS_LOSSES = [
    (softmax_cross_entropy, softmax_cross_entropy_grad),
    (cross_entropy_error, cross_entropy_error_grad),
]


def total(value: object) -> float:
    """A loss as one number: the sum of the per-sample losses for reduction="none"."""
    return float(np.sum(value))  # type: ignore[arg-type]


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    return np.eye(n_classes)[labels]


def log_softmax(z: np.ndarray) -> np.ndarray:
    """The textbook log-softmax over the last axis, for moderate logits."""
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


# --- references, written out ------------------------------------------------------------------


def reference_labels(
    labels: np.ndarray,
    log_p: np.ndarray,
    reduction: str,
    *,
    class_weight: Any = None,
    ignore_index: int | None = None,
    sample_weight: Any = None,
    smoothing: float = 0.0,
) -> Any:
    """-sum_k c_k t'_k log p_k per labelled position, weighted and reduced as the docstrings say."""
    n, k = log_p.shape[0], log_p.shape[-1]
    c = np.ones(k) if class_weight is None else np.asarray(class_weight, dtype=float)
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    losses, weights = np.zeros(labels.shape), np.zeros(labels.shape)
    for index in np.ndindex(labels.shape):
        label = int(labels[index])
        if label == ignore_index:
            continue
        target = np.full(k, smoothing / k)
        target[label] += 1.0 - smoothing
        losses[index] = -np.sum(c * target * log_p[index])
        weights[index] = c[label]
    positions = math.prod(labels.shape[1:])
    per_sample = w * losses.reshape(n, -1).sum(axis=1)
    if reduction == "none":
        return per_sample
    if reduction == "sum":
        return per_sample.sum()
    return per_sample.sum() / np.sum(w * weights.reshape(n, -1).sum(axis=1) / positions)


def reference_rows(
    rows: np.ndarray,
    log_p: np.ndarray,
    reduction: str,
    *,
    class_weight: Any = None,
    sample_weight: Any = None,
    smoothing: float = 0.0,
) -> Any:
    """-sum_k c_k t'_k log p_k per sample; "mean" divides by the sum of the sample weights (PyTorch: n)."""
    n, k = rows.shape[0], rows.shape[-1]
    c = np.ones(k) if class_weight is None else np.asarray(class_weight, dtype=float)
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    targets = (1.0 - smoothing) * rows + smoothing / k
    per_sample = w * (-(c * targets * log_p)).reshape(n, -1).sum(axis=1)
    if reduction == "none":
        return per_sample
    return per_sample.sum() / (w.sum() if reduction == "mean" else 1.0)


def reference_pos_weight(t: np.ndarray, z: np.ndarray, pos_weight: Any) -> np.ndarray:
    """-[p t log σ(z) + (1 - t) log(1 - σ(z))] elementwise, the textbook form, for moderate logits."""
    sigma = 1.0 / (1.0 + np.exp(-z))
    return -(np.asarray(pos_weight) * t * np.log(sigma) + (1.0 - t) * np.log(1.0 - sigma))


def weighted(per_sample: np.ndarray, weights: np.ndarray, reduction: str) -> Any:
    """scikit-learn's weighted reductions: w l, sum(w l), sum(w l) / sum(w)."""
    if reduction == "none":
        return weights * per_sample
    return np.sum(weights * per_sample) / (np.sum(weights) if reduction == "mean" else 1.0)


# --- class_weight, ignore_index and sample_weight on the cross-entropies -------------------------

OPTION_SETS = [
    pytest.param({"class_weight": [1.0, 2.5, 0.5, 4.0]}, id="class"),
    pytest.param({"ignore_index": -100}, id="ignore"),
    pytest.param({"ignore_index": 2}, id="ignore-a-class"),
    pytest.param({"sample_weight": "random"}, id="sample"),
    pytest.param(
        {"class_weight": [1.0, 2.5, 0.5, 4.0], "ignore_index": -100, "sample_weight": "random"}, id="all"
    ),
]


def option_case(
    options: dict[str, Any], shape: tuple[int, ...], seed: int
) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """Labels (some equal to ignore_index), logits in [-3, 3] and the keyword arguments."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, shape[-1], size=shape[:-1])
    ignore = options.get("ignore_index")
    if ignore is not None:
        labels.reshape(-1)[::3] = ignore
        labels.reshape(-1)[1] = 0  # at least one counted position
    kwargs = dict(options)
    if options.get("sample_weight") == "random":
        kwargs["sample_weight"] = rng.uniform(0.0, 2.0, size=shape[0])
    return labels, rng.uniform(-3.0, 3.0, size=shape), kwargs


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("options", OPTION_SETS)
@pytest.mark.parametrize("shape", [(7, 4), (3, 5, 4)], ids=["2d", "3d"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_softmax_cross_entropy_matches_the_written_out_formula(
    reduction: str, options: dict[str, Any], shape: tuple[int, ...], smoothing: float
) -> None:
    labels, z, kwargs = option_case(options, shape, seed=1)
    got = softmax_cross_entropy(labels, z, reduction=reduction, label_smoothing=smoothing, **kwargs)  # type: ignore[arg-type]
    expected = reference_labels(labels, log_softmax(z), reduction, smoothing=smoothing, **kwargs)
    np.testing.assert_allclose(got, expected, rtol=1e-13)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("options", OPTION_SETS)
@pytest.mark.parametrize("shape", [(7, 4), (3, 5, 4)], ids=["2d", "3d"])
def test_cross_entropy_error_matches_the_written_out_formula(
    reduction: str, options: dict[str, Any], shape: tuple[int, ...]
) -> None:
    labels, z, kwargs = option_case(options, shape, seed=2)
    p = np.exp(log_softmax(z))
    got = cross_entropy_error(labels, p, reduction=reduction, **kwargs)  # type: ignore[arg-type]
    np.testing.assert_allclose(got, reference_labels(labels, np.log(p), reduction, **kwargs), rtol=1e-13)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weights", ["class", "sample", "both"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_rows_are_weighted_per_class_and_averaged_over_samples(
    reduction: str, weights: str, smoothing: float
) -> None:
    rng = np.random.default_rng(3)
    rows, z = rng.dirichlet(np.ones(4), size=6), rng.normal(size=(6, 4))
    kwargs: dict[str, Any] = {}
    if weights in ("class", "both"):
        kwargs["class_weight"] = [1.0, 2.0, 0.25, 3.0]
    if weights in ("sample", "both"):
        kwargs["sample_weight"] = rng.uniform(0.0, 2.0, size=6)
    got = softmax_cross_entropy(rows, z, reduction=reduction, label_smoothing=smoothing, **kwargs)  # type: ignore[arg-type]
    expected = reference_rows(rows, log_softmax(z), reduction, smoothing=smoothing, **kwargs)
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    p = np.exp(log_softmax(z))
    got = cross_entropy_error(rows, p, reduction=reduction, **kwargs)  # type: ignore[arg-type]
    np.testing.assert_allclose(got, reference_rows(rows, np.log(p), reduction, **kwargs), rtol=1e-13)


def test_one_hot_rows_and_labels_differ_only_in_the_class_weighted_mean() -> None:
    # PyTorch's rule: the class-weighted mean divides by sum c_{y_i} for labels, by n for rows.
    labels = np.array([0, 1, 1])
    z = np.array([[2.0, 0.5], [0.1, 0.3], [1.0, -1.0]])
    weights = [1.0, 3.0]
    for reduction in ("sum", "none"):
        np.testing.assert_allclose(
            softmax_cross_entropy(labels, z, class_weight=weights, reduction=reduction),  # type: ignore[arg-type]
            softmax_cross_entropy(one_hot(labels, 2), z, class_weight=weights, reduction=reduction),  # type: ignore[arg-type]
            rtol=1e-15,
        )
    summed = softmax_cross_entropy(labels, z, class_weight=weights, reduction="sum")
    assert softmax_cross_entropy(labels, z, class_weight=weights) == pytest.approx(summed / 7)
    assert softmax_cross_entropy(one_hot(labels, 2), z, class_weight=weights) == pytest.approx(summed / 3)


def test_ignored_samples_add_zero_in_none_even_where_their_stand_in_is_infinite() -> None:
    # The ignored sample's class-0 probability is 0: -log 0 = inf must not leak as inf or NaN.
    y_pred = [[0.0, 1.0], [0.3, 0.7]]
    with no_warnings():
        none = cross_entropy_error([-1, 1], y_pred, ignore_index=-1, reduction="none")
        grad = cross_entropy_error_grad([-1, 1], y_pred, ignore_index=-1)
        mean = cross_entropy_error([-1, 1], y_pred, ignore_index=-1, reduction="mean")
    np.testing.assert_array_equal(none, [0.0, -math.log(0.7)])
    np.testing.assert_array_equal(grad, [[0.0, 0.0], [0.0, -1 / 0.7]])
    assert mean == -math.log(0.7)
    assert not np.signbit(grad[grad == 0.0]).any()  # +0.0, not -0.0


def test_a_zero_sample_weight_leaves_an_infinite_loss_out() -> None:
    with no_warnings():
        loss = cross_entropy_error([0, 1], [[0.0, 1.0], [0.3, 0.7]], sample_weight=[0.0, 1.0])
        grad = cross_entropy_error_grad([0, 1], [[0.0, 1.0], [0.3, 0.7]], sample_weight=[0.0, 1.0])
        bce = binary_cross_entropy([1.0, 1.0], [0.0, 0.5], sample_weight=[0, 2], reduction="none")
    assert loss == -math.log(0.7)
    np.testing.assert_array_equal(grad, [[0.0, 0.0], [0.0, -1 / 0.7]])
    np.testing.assert_array_equal(bce, [0.0, 2 * math.log(2.0)])


def test_ignore_index_accepts_labels_outside_the_classes_and_numpy_integers() -> None:
    z = [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [0.0, 0.0, 3.0]]
    expected = softmax_cross_entropy([0, 1], z[:2])
    for labels, ignore in [([0, 1, -100], -100), ([0, 1, 7], np.int64(7)), ([0, 1, 255], 255)]:
        for dtype in (np.int64, np.int16):
            assert softmax_cross_entropy(
                np.array(labels, dtype=dtype), z, ignore_index=ignore
            ) == pytest.approx(expected, rel=1e-15)
    uint = np.array([0, 1, 2], dtype=np.uint8)  # -100 can never match an unsigned label: nothing ignored
    assert softmax_cross_entropy(uint, z, ignore_index=-100) == softmax_cross_entropy(uint, z)


@pytest.mark.parametrize("function", [softmax_cross_entropy, cross_entropy_error])
def test_class_weight_with_huge_logits_stays_exact(function: Callable[..., Any]) -> None:
    if function is softmax_cross_entropy:
        pred = [[1000.0, 0.0, -1000.0], [0.0, 40.0, 0.0]]
        expected = [0.0, 2.0 * 2.0 * math.exp(-40.0)]  # log(1 + 2 e^-40) = 2 e^-40 to 1e-35
    else:
        pred = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
        expected = [0.0, 0.0]
    with no_warnings():
        none = function([0, 1], pred, class_weight=[3.0, 2.0, 1.0], reduction="none")
    np.testing.assert_allclose(none, expected, rtol=1e-15, atol=0.0)


@pytest.mark.parametrize(("function", "grad"), CLASS_LOSSES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_weighted_results_keep_the_dtype(
    function: Callable[..., Any], grad: Callable[..., Any], dtype: type
) -> None:
    labels, z, kwargs = option_case(OPTION_SETS[-1].values[0], (6, 4), seed=4)  # type: ignore[index]
    pred = (z if function is softmax_cross_entropy else np.exp(log_softmax(z))).astype(dtype)
    assert function(labels, pred, reduction="none", **kwargs).dtype == dtype
    assert grad(labels, pred, **kwargs).dtype == dtype
    assert type(function(labels, pred, **kwargs)) is float
    exact = function(labels, pred.astype(np.float64), **kwargs)
    assert function(labels, pred, **kwargs) == pytest.approx(exact, rel=1e-5)


# --- sample weights on every classification loss ---------------------------------------------


@dataclass(frozen=True)
class Weighted:
    """A loss, its gradient, inputs of shape (n, ...) for a seed, and keyword arguments."""

    loss: Callable[..., Any]
    grad: Callable[..., Any]
    inputs: Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]]
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        extra = ",".join(f"{key}={value}" for key, value in self.kwargs.items())
        return f"{self.loss.__name__}[{extra}]" if extra else self.loss.__name__


def _labels_logits(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.integers(0, 3, size=n), rng.uniform(-3.0, 3.0, size=(n, 3))


def _labels_probabilities(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.integers(0, 3, size=n), rng.uniform(0.1, 0.9, size=(n, 3))


def _rows_probabilities(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.dirichlet(np.ones(3), size=n), rng.dirichlet(np.ones(3), size=n)


def _binary_probabilities(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.uniform(0.0, 1.0, size=(n, 2)), rng.uniform(0.1, 0.9, size=(n, 2))


def _binary_logits(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.uniform(0.0, 1.0, size=(n, 3)), rng.uniform(-3.0, 3.0, size=(n, 3))


def _signs_scores(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    scores = rng.uniform(-3.0, 3.0, size=(n, 2))
    signs = rng.choice([-1.0, 1.0], size=(n, 2))
    scores[np.abs(signs * scores - 1.0) < 0.05] += 0.2  # away from the kink, for finite differences
    return signs, scores


WEIGHTED = [
    Weighted(softmax_cross_entropy, softmax_cross_entropy_grad, _labels_logits),
    Weighted(softmax_cross_entropy, softmax_cross_entropy_grad, _labels_logits, {"label_smoothing": 0.1}),
    Weighted(cross_entropy_error, cross_entropy_error_grad, _labels_probabilities),
    Weighted(cross_entropy_error, cross_entropy_error_grad, _labels_probabilities, {"eps": 0.15}),
    Weighted(kl_divergence, kl_divergence_grad, _rows_probabilities),
    Weighted(binary_cross_entropy, binary_cross_entropy_grad, _binary_probabilities),
    Weighted(sigmoid_binary_cross_entropy, sigmoid_binary_cross_entropy_grad, _binary_logits),
    Weighted(
        sigmoid_binary_cross_entropy,
        sigmoid_binary_cross_entropy_grad,
        _binary_logits,
        {"pos_weight": [2.0, 0.5, 1.5]},
    ),
    Weighted(sigmoid_focal_loss, sigmoid_focal_loss_grad, _binary_logits, {"alpha": 0.25}),
    Weighted(hinge_loss, hinge_loss_grad, _signs_scores),
]


@pytest.mark.parametrize("case", WEIGHTED, ids=str)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_sample_weight_is_scikit_learns_weighted_reduction(case: Weighted, reduction: str) -> None:
    rng = np.random.default_rng(5)
    true, pred = case.inputs(rng, 6)
    weights = rng.uniform(0.0, 3.0, size=6)
    per_sample = case.loss(true, pred, reduction="none", **case.kwargs)
    got = case.loss(true, pred, reduction=reduction, sample_weight=weights, **case.kwargs)
    np.testing.assert_allclose(got, weighted(per_sample, weights, reduction), rtol=1e-13)


@pytest.mark.parametrize("case", WEIGHTED, ids=str)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_sample_weight_gradient_matches_finite_differences(case: Weighted, reduction: str) -> None:
    rng = np.random.default_rng(6)
    true, pred = case.inputs(rng, 5)
    weights = np.array([0.5, 0.0, 2.0, 1.0, 3.0])
    kwargs = {"sample_weight": weights, "reduction": reduction, **case.kwargs}
    analytic = case.grad(true, pred, **kwargs)
    numeric = numerical_grad(lambda p: total(case.loss(true, p, **kwargs)), pred)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)
    assert np.all(analytic[1] == 0.0)  # a weight of 0: no gradient


@pytest.mark.parametrize("case", WEIGHTED, ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sample_weight_keeps_the_dtype(case: Weighted, dtype: type) -> None:
    true, pred = case.inputs(np.random.default_rng(7), 4)
    true = (
        true.astype(dtype) if true.dtype.kind == "f" else true
    )  # float targets promote with the predictions
    pred = pred.astype(dtype)
    weights = [1.0, 2.0, 0.0, 0.5]
    assert case.loss(true, pred, reduction="none", sample_weight=weights, **case.kwargs).dtype == dtype
    assert case.grad(true, pred, sample_weight=weights, **case.kwargs).dtype == dtype


@pytest.mark.parametrize("case", WEIGHTED, ids=str)
def test_sample_weight_accepts_lists_and_leaves_inputs_alone(case: Weighted) -> None:
    true, pred = case.inputs(np.random.default_rng(8), 3)
    weights = np.array([1.0, 2.0, 0.5])
    copies = true.copy(), pred.copy(), weights.copy()
    for array in (true, pred, weights):
        array.flags.writeable = False
    from_array = case.loss(true, pred, sample_weight=weights, **case.kwargs)
    assert case.loss(true.tolist(), pred.tolist(), sample_weight=[1, 2, 0.5], **case.kwargs) == from_array
    case.grad(true, pred, sample_weight=weights, **case.kwargs)
    for array, copy in zip((true, pred, weights), copies, strict=True):
        np.testing.assert_array_equal(array, copy)


# --- gradients of class_weight, ignore_index and label smoothing ------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("options", OPTION_SETS)
@pytest.mark.parametrize("shape", [(6, 4), (3, 2, 4)], ids=["2d", "3d"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_softmax_gradient_with_options_matches_finite_differences(
    reduction: str, options: dict[str, Any], shape: tuple[int, ...], smoothing: float
) -> None:
    labels, z, kwargs = option_case(options, shape, seed=9)
    kwargs |= {"reduction": reduction, "label_smoothing": smoothing}
    analytic = softmax_cross_entropy_grad(labels, z, **kwargs)
    numeric = numerical_grad(lambda x: total(softmax_cross_entropy(labels, x, **kwargs)), z)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)
    if "ignore_index" in options:
        assert np.all(analytic[labels == options["ignore_index"]] == 0.0)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("options", OPTION_SETS)
@pytest.mark.parametrize("eps", [None, 0.15])
def test_cross_entropy_error_gradient_with_options_matches_finite_differences(
    reduction: str, options: dict[str, Any], eps: float | None
) -> None:
    labels, z, kwargs = option_case(options, (3, 2, 4), seed=10)
    y_pred = np.random.default_rng(10).uniform(0.05, 0.95, size=z.shape)
    kwargs |= {"reduction": reduction, "eps": eps}
    analytic = cross_entropy_error_grad(labels, y_pred, **kwargs)
    numeric = numerical_grad(lambda p: total(cross_entropy_error(labels, p, **kwargs)), y_pred)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
@pytest.mark.parametrize("function", ["softmax", "probabilities"])
def test_rows_gradient_with_weights_matches_finite_differences(
    reduction: str, smoothing: float, function: str
) -> None:
    rng = np.random.default_rng(11)
    rows = rng.dirichlet(np.ones(3), size=(4, 2))
    kwargs = {"class_weight": [1.0, 2.0, 0.5], "sample_weight": [1.0, 0.0, 2.0, 0.5], "reduction": reduction}
    if function == "softmax":
        x, loss, grad = rng.normal(size=(4, 2, 3)), softmax_cross_entropy, softmax_cross_entropy_grad
        kwargs["label_smoothing"] = smoothing
    else:
        x, loss, grad = rng.uniform(0.1, 0.9, size=(4, 2, 3)), cross_entropy_error, cross_entropy_error_grad
    analytic = grad(rows, x, **kwargs)
    numeric = numerical_grad(lambda v: total(loss(rows, v, **kwargs)), x)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def test_weighted_gradient_at_the_true_class_stays_exact_where_the_softmax_rounds_to_1() -> None:
    # softmax(40, 0, 0)_0 - 1 = -2 e^-40 / (1 + 2 e^-40): 1 - softmax would round to 0 in float64.
    grad = softmax_cross_entropy_grad([0], [[40.0, 0.0, 0.0]], class_weight=[3.0, 1.0, 1.0], reduction="sum")
    exact = -2 * math.exp(-40.0) / (1 + 2 * math.exp(-40.0))
    assert grad[0, 0] == pytest.approx(3.0 * exact, rel=1e-14)
    smoothed = softmax_cross_entropy_grad(
        [0], [[40.0, 0.0, 0.0]], class_weight=[3.0, 1.0, 1.0], label_smoothing=0.0, ignore_index=-1
    )
    assert smoothed[0, 0] == pytest.approx(3.0 * exact, rel=1e-14)


# --- pos_weight ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(
    ("shape", "pos_weight"),
    [
        ((8,), 3.0),
        ((8,), [0.5]),
        ((5, 3), 2.0),
        ((5, 3), [2.0, 0.5, 0.0]),
        ((2, 4, 3), [1.0, 3.0, 0.25]),
    ],
)
def test_pos_weight_matches_the_written_out_formula(
    reduction: str, shape: tuple[int, ...], pos_weight: Any
) -> None:
    rng = np.random.default_rng(12)
    t, z = rng.uniform(0.0, 1.0, size=shape), rng.uniform(-5.0, 5.0, size=shape)
    per_sample = reference_pos_weight(t, z, pos_weight).reshape(shape[0], -1).mean(axis=1)
    expected = per_sample if reduction == "none" else weighted(per_sample, np.ones(shape[0]), reduction)
    got = sigmoid_binary_cross_entropy(t, z, pos_weight=pos_weight, reduction=reduction)  # type: ignore[arg-type]
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    kwargs = {"pos_weight": pos_weight, "reduction": reduction}
    analytic = sigmoid_binary_cross_entropy_grad(t, z, **kwargs)
    numeric = numerical_grad(lambda x: total(sigmoid_binary_cross_entropy(t, x, **kwargs)), z)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def test_pos_weight_pattern_follows_the_columns_across_blocks() -> None:
    # More than one block of rows (16,384 elements each): the column pattern must restart at each row.
    rng = np.random.default_rng(13)
    t, z = rng.uniform(size=(6_000, 7)), rng.normal(size=(6_000, 7))
    pos_weight = np.arange(1.0, 8.0)
    expected = reference_pos_weight(t, z, pos_weight).mean(axis=1)
    np.testing.assert_allclose(
        sigmoid_binary_cross_entropy(t, z, pos_weight=pos_weight, reduction="none"), expected, rtol=1e-12
    )
    sigma = 1.0 / (1.0 + np.exp(-z))
    expected_grad = ((1.0 - t) * sigma - pos_weight * t * (1.0 - sigma)) / 7
    np.testing.assert_allclose(
        sigmoid_binary_cross_entropy_grad(t, z, pos_weight=pos_weight, reduction="sum"),
        expected_grad,
        rtol=1e-10,
        atol=1e-15,
    )


@pytest.mark.parametrize(
    ("t", "z", "loss", "grad"),
    [
        (1.0, -1000.0, 3000.0, -3.0),  # wrong and certain: p |z|, gradient -p
        (0.0, 1000.0, 1000.0, 1.0),
        (1.0, 1000.0, 0.0, 0.0),  # 3 e^-1000 underflows to 0
        (0.0, -1000.0, 0.0, 0.0),
        (1.0, 40.0, 3.0 * math.exp(-40.0), -3.0 * math.exp(-40.0)),  # not rounded to 0
        (0.0, -40.0, math.exp(-40.0), math.exp(-40.0)),
        (0.5, 0.0, 2.0 * math.log(2.0), -0.5),  # (3 t + 1 - t) log 2; (1 - t)/2 - 3 t/2
    ],
)
def test_pos_weight_is_exact_for_huge_and_tiny_values(t: float, z: float, loss: float, grad: float) -> None:
    with no_warnings():
        got = sigmoid_binary_cross_entropy([t], [z], pos_weight=3.0)
        derivative = sigmoid_binary_cross_entropy_grad([t], [z], pos_weight=3.0)
    assert got == pytest.approx(loss, rel=1e-14, abs=0.0)
    assert derivative[0] == pytest.approx(grad, rel=1e-14, abs=0.0)


def test_pos_weight_of_1_is_the_plain_loss() -> None:
    rng = np.random.default_rng(14)
    t, z = rng.uniform(size=(6, 3)), rng.normal(scale=5.0, size=(6, 3))
    for reduction in REDUCTIONS:
        np.testing.assert_allclose(
            sigmoid_binary_cross_entropy(t, z, pos_weight=1.0, reduction=reduction),  # type: ignore[arg-type]
            sigmoid_binary_cross_entropy(t, z, reduction=reduction),  # type: ignore[arg-type]
            rtol=1e-14,
        )
        np.testing.assert_allclose(
            sigmoid_binary_cross_entropy_grad(t, z, pos_weight=[1.0, 1.0, 1.0], reduction=reduction),  # type: ignore[arg-type]
            sigmoid_binary_cross_entropy_grad(t, z, reduction=reduction),  # type: ignore[arg-type]
            rtol=1e-14,
            atol=1e-300,
        )


def test_non_finite_logits_are_refused_with_pos_weight_and_zero_sample_weights() -> None:
    for z in ([np.nan, 0.0], [np.inf, 0.0], [-np.inf, 0.0]):
        for function in (sigmoid_binary_cross_entropy, sigmoid_binary_cross_entropy_grad):
            with no_warnings(), pytest.raises(ValueError, match="logits must be finite"):
                function([1.0, 0.0], z, pos_weight=0.0, sample_weight=[0.0, 1.0])
        with no_warnings(), pytest.raises(ValueError, match="logits must be finite"):
            sigmoid_focal_loss([1.0, 0.0], z, sample_weight=[0.0, 1.0])


# --- perplexity ----------------------------------------------------------------------------------


def test_perplexity_of_a_uniform_model_is_the_vocabulary_size() -> None:
    for k in (2, 10, 50_000):
        assert perplexity(np.zeros((2, 3), dtype=int), np.zeros((2, 3, k))) == pytest.approx(k, rel=1e-13)


@pytest.mark.parametrize("ignore_index", [None, -100, 0])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_perplexity_is_e_to_the_mean_token_cross_entropy(ignore_index: int | None, dtype: type) -> None:
    rng = np.random.default_rng(15)
    labels, z = rng.integers(0, 6, size=(4, 7)), rng.normal(scale=3.0, size=(4, 7, 6))
    labels[:, 5:] = -100 if ignore_index is None else ignore_index
    if ignore_index is None:
        labels[:, 5:] = 1
    log_p = log_softmax(z)
    counted = np.ones(labels.shape, bool) if ignore_index is None else labels != ignore_index
    tokens = -np.take_along_axis(log_p, np.where(counted, labels, 0)[..., None], axis=-1)[..., 0]
    expected = math.exp(tokens[counted].mean())
    got = perplexity(labels, z.astype(dtype), ignore_index=ignore_index)
    assert type(got) is float
    assert got == pytest.approx(expected, rel=1e-13 if dtype is np.float64 else 1e-5)
    flat = softmax_cross_entropy(
        labels.reshape(-1), z.reshape(-1, 6).astype(dtype), ignore_index=ignore_index
    )
    assert got == pytest.approx(math.exp(flat), rel=1e-13 if dtype is np.float64 else 1e-6)
    # softmax_cross_entropy on the sequences sums each sequence's tokens: length times the token mean.
    if ignore_index is None:
        assert softmax_cross_entropy(labels, z) == pytest.approx(7 * tokens.mean(), rel=1e-13)


def test_perplexity_is_exact_for_huge_logits_and_overflows_to_inf() -> None:
    with no_warnings():
        assert perplexity([[0]], [[[1000.0, 0.0, -1000.0]]]) == 1.0
        assert perplexity([[1]], [[[0.0, 40.0, 0.0]]]) == pytest.approx(1 + 2 * math.exp(-40.0), abs=1e-300)
        assert perplexity([[2, 2]], [[[800.0, 0.0, 0.0], [800.0, 0.0, 0.0]]]) == math.inf
        assert perplexity([[2]], [[[700.0, 0.0, 0.0]]]) == pytest.approx(math.exp(700.0), rel=1e-13)


def test_perplexity_accepts_one_token_per_sample() -> None:
    z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    assert perplexity([0, 1], z) == pytest.approx(math.exp(softmax_cross_entropy([0, 1], z)), rel=1e-15)


def test_perplexity_is_exported_and_takes_keywords_only() -> None:
    assert lossdocs.perplexity is perplexity
    assert "perplexity" in lossdocs.__all__
    with pytest.raises(TypeError):
        perplexity([[0]], [[[0.0, 1.0]]], -100)  # type: ignore[misc]


# --- PyTorch, where it can be imported --------------------------------------------------------


def torch_value_and_grad(f: Callable[[Any], Any], x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    torch = pytest.importorskip("torch")
    tensor = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    value = f(tensor)
    value.sum().backward()
    return value.detach().numpy(), tensor.grad.numpy()


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
@pytest.mark.parametrize("ignore_index", [-100, 1])
def test_class_weight_and_ignore_index_match_pytorch(
    reduction: str, smoothing: float, ignore_index: int
) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(16)
    labels, z = rng.integers(0, 4, size=9), rng.normal(scale=2.0, size=(9, 4))
    labels[[2, 5]] = ignore_index
    weight = np.array([1.0, 2.5, 0.5, 4.0])
    kwargs = {"class_weight": weight, "ignore_index": ignore_index, "label_smoothing": smoothing}
    value, grad = torch_value_and_grad(
        lambda x: torch.nn.functional.cross_entropy(
            x,
            torch.tensor(labels),
            weight=torch.tensor(weight),
            ignore_index=ignore_index,
            label_smoothing=smoothing,
            reduction=reduction,
        ),
        z,
    )
    np.testing.assert_allclose(
        softmax_cross_entropy(labels, z, reduction=reduction, **kwargs), value, rtol=1e-13
    )  # type: ignore[arg-type]
    np.testing.assert_allclose(
        softmax_cross_entropy_grad(labels, z, reduction=reduction, **kwargs),
        grad,
        rtol=1e-12,
        atol=1e-16,  # type: ignore[arg-type]
    )
    # cross_entropy_error is PyTorch's nll_loss of the log-probabilities.
    p = np.exp(log_softmax(z))
    value, grad = torch_value_and_grad(
        lambda y: torch.nn.functional.nll_loss(
            torch.log(y),
            torch.tensor(labels),
            weight=torch.tensor(weight),
            ignore_index=ignore_index,
            reduction=reduction,
        ),
        p,
    )
    kwargs.pop("label_smoothing")
    np.testing.assert_allclose(
        cross_entropy_error(labels, p, reduction=reduction, **kwargs), value, rtol=1e-13
    )  # type: ignore[arg-type]
    np.testing.assert_allclose(
        cross_entropy_error_grad(labels, p, reduction=reduction, **kwargs),
        grad,
        rtol=1e-12,
        atol=1e-16,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_class_weight_with_probability_targets_matches_pytorch(reduction: str, smoothing: float) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(17)
    rows, z = rng.dirichlet(np.ones(4), size=6), rng.normal(size=(6, 4))
    weight = np.array([1.0, 2.5, 0.5, 4.0])
    value, grad = torch_value_and_grad(
        lambda x: torch.nn.functional.cross_entropy(
            x, torch.tensor(rows), weight=torch.tensor(weight), label_smoothing=smoothing, reduction=reduction
        ),
        z,
    )
    kwargs = {"class_weight": weight, "label_smoothing": smoothing, "reduction": reduction}
    np.testing.assert_allclose(softmax_cross_entropy(rows, z, **kwargs), value, rtol=1e-13)
    np.testing.assert_allclose(softmax_cross_entropy_grad(rows, z, **kwargs), grad, rtol=1e-12, atol=1e-16)


def test_sequences_match_pytorch_per_token_after_flattening() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(18)
    labels, z = rng.integers(0, 5, size=(3, 6)), rng.normal(size=(3, 6, 5))
    labels[:, 4:] = -100
    weight = np.array([1.0, 2.0, 0.5, 3.0, 1.5])
    torch_mean = float(
        torch.nn.functional.cross_entropy(
            torch.tensor(z).transpose(1, 2),
            torch.tensor(labels),
            weight=torch.tensor(weight),
            ignore_index=-100,
        )
    )
    kwargs = {"class_weight": weight, "ignore_index": -100}
    flat = softmax_cross_entropy(labels.reshape(-1), z.reshape(-1, 5), **kwargs)
    assert flat == pytest.approx(torch_mean, rel=1e-13)
    # On the sequences the loss of a sample sums its tokens: the mean is length times PyTorch's.
    assert softmax_cross_entropy(labels, z, **kwargs) == pytest.approx(6 * torch_mean, rel=1e-13)
    unweighted = torch.nn.functional.cross_entropy(
        torch.tensor(z).transpose(1, 2), torch.tensor(labels), ignore_index=-100
    )
    assert perplexity(labels, z, ignore_index=-100) == pytest.approx(math.exp(float(unweighted)), rel=1e-13)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("pos_weight", [3.0, [2.0, 0.5, 0.0]])
def test_pos_weight_matches_pytorch(reduction: str, pos_weight: Any) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(19)
    t, z = rng.uniform(size=(5, 3)), rng.normal(scale=30.0, size=(5, 3))
    z[0, 0], z[1, 1] = 1000.0, -1000.0
    value, grad = torch_value_and_grad(
        lambda x: torch.nn.functional.binary_cross_entropy_with_logits(
            x, torch.tensor(t), pos_weight=torch.tensor(pos_weight, dtype=torch.float64), reduction="none"
        ),
        z,
    )
    # PyTorch's elementwise losses; lossdocs' loss of a sample is the mean over its outputs.
    per_sample = value.mean(axis=1)
    expected = per_sample if reduction == "none" else weighted(per_sample, np.ones(5), reduction)
    got = sigmoid_binary_cross_entropy(t, z, pos_weight=pos_weight, reduction=reduction)  # type: ignore[arg-type]
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    scale = 1 / 3 / (5 if reduction == "mean" else 1)
    np.testing.assert_allclose(
        sigmoid_binary_cross_entropy_grad(t, z, pos_weight=pos_weight, reduction=reduction),  # type: ignore[arg-type]
        grad * scale,
        rtol=1e-12,
        atol=1e-300,
    )


# --- properties --------------------------------------------------------------------------------


@st.composite
def labelled_logits(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Integer labels of shape (n,) or (n, s) and logits of shape (n, k) or (n, s, k)."""
    shape = draw(hnp.array_shapes(min_dims=2, max_dims=3, min_side=1, max_side=5))
    if shape[-1] < 2:
        shape = (*shape[:-1], 2)
    z = draw(hnp.arrays(np.float64, shape, elements=st.floats(-30.0, 30.0)))
    labels = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, shape[-1] - 1)))
    return labels, z


@settings(deadline=None)
@given(labelled_logits(), st.sampled_from(REDUCTIONS), st.floats(0.0, 0.5))
def test_weights_of_one_change_nothing(
    case: tuple[np.ndarray, np.ndarray], reduction: str, smoothing: float
) -> None:
    labels, z = case
    ones = {"class_weight": np.ones(z.shape[-1]), "sample_weight": np.ones(z.shape[0])}
    plain = {"reduction": reduction, "label_smoothing": smoothing}
    with no_warnings():
        np.testing.assert_allclose(
            softmax_cross_entropy(labels, z, **ones, **plain),  # type: ignore[arg-type]
            softmax_cross_entropy(labels, z, **plain),  # type: ignore[arg-type]
            rtol=1e-12,
            atol=1e-300,
        )
        np.testing.assert_allclose(
            softmax_cross_entropy_grad(labels, z, **ones, **plain),  # type: ignore[arg-type]
            softmax_cross_entropy_grad(labels, z, **plain),  # type: ignore[arg-type]
            rtol=1e-12,
            atol=1e-15,
        )


@settings(deadline=None)
@given(labelled_logits(), st.floats(0.01, 100.0), st.floats(0.0, 0.5))
def test_class_weight_of_all_c_is_unweighted_for_mean_and_c_times_for_sum(
    case: tuple[np.ndarray, np.ndarray], c: float, smoothing: float
) -> None:
    labels, z = case
    weights = np.full(z.shape[-1], c)
    with no_warnings():
        for function in (softmax_cross_entropy, softmax_cross_entropy_grad):
            mean = function(labels, z, class_weight=weights, label_smoothing=smoothing)
            plain = function(labels, z, label_smoothing=smoothing)
            np.testing.assert_allclose(mean, plain, rtol=1e-12, atol=1e-15)
            summed = function(labels, z, class_weight=weights, label_smoothing=smoothing, reduction="sum")
            np.testing.assert_allclose(
                summed,
                c * np.asarray(function(labels, z, label_smoothing=smoothing, reduction="sum")),
                rtol=1e-12,
                atol=1e-15 * c,
            )


@settings(deadline=None)
@given(labelled_logits(), st.data())
def test_ignoring_a_sample_equals_removing_it(
    case: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    labels, z = case
    keep = data.draw(hnp.arrays(bool, labels.shape[0], elements=st.booleans()))
    if not keep.any():
        keep[0] = True
    marked = labels.copy()
    marked[~keep] = -100
    class_weight = data.draw(hnp.arrays(np.float64, z.shape[-1], elements=st.floats(0.1, 10.0)))
    with no_warnings():
        for reduction in ("sum", "mean"):
            kwargs = {"reduction": reduction, "class_weight": class_weight}
            ignored = softmax_cross_entropy(marked, z, ignore_index=-100, **kwargs)  # type: ignore[arg-type]
            removed = softmax_cross_entropy(labels[keep], z[keep], **kwargs)  # type: ignore[arg-type]
            assert ignored == pytest.approx(removed, rel=1e-12, abs=1e-300)
            grad = softmax_cross_entropy_grad(marked, z, ignore_index=-100, **kwargs)  # type: ignore[arg-type]
            np.testing.assert_allclose(
                grad[keep],
                softmax_cross_entropy_grad(labels[keep], z[keep], **kwargs),
                rtol=1e-12,
                atol=1e-15,  # type: ignore[arg-type]
            )
            assert np.all(grad[~keep] == 0.0)
        none = softmax_cross_entropy(marked, z, ignore_index=-100, reduction="none")
        assert np.all(none[~keep] == 0.0)  # type: ignore[index]


@settings(deadline=None)
@given(labelled_logits(), st.data())
def test_integer_sample_weights_repeat_samples(
    case: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    labels, z = case
    counts = data.draw(hnp.arrays(np.int64, labels.shape[0], elements=st.integers(0, 3)))
    if not counts.any():
        counts[0] = 1
    with no_warnings():
        for reduction in ("sum", "mean"):
            weighted_loss = softmax_cross_entropy(labels, z, sample_weight=counts, reduction=reduction)  # type: ignore[arg-type]
            repeated = softmax_cross_entropy(
                np.repeat(labels, counts, 0), np.repeat(z, counts, 0), reduction=reduction
            )  # type: ignore[arg-type]
            assert weighted_loss == pytest.approx(repeated, rel=1e-12, abs=1e-300)


@settings(deadline=None)
@given(
    hnp.arrays(np.float64, (6, 2), elements=st.floats(0.0, 1.0)),
    hnp.arrays(np.float64, (6, 2), elements=st.floats(-50.0, 50.0)),
    hnp.arrays(np.float64, 6, elements=st.floats(0.0, 5.0)),
)
def test_a_zero_sample_weight_equals_removing_the_sample_for_every_loss(
    t: np.ndarray, z: np.ndarray, weights: np.ndarray
) -> None:
    weights[0] = 0.0
    weights[1] = max(weights[1], 0.5)
    keep = weights > 0
    p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
    signs = np.where(t > 0.5, 1.0, -1.0)
    cases = [
        (binary_cross_entropy, t, p),
        (sigmoid_binary_cross_entropy, t, z),
        (sigmoid_focal_loss, t, z),
        (hinge_loss, signs, z),
        (kl_divergence, np.stack([t[:, 0], 1 - t[:, 0]], 1), np.stack([p[:, 0], 1 - p[:, 0]], 1)),
    ]
    with no_warnings():
        for function, true, pred in cases:
            got = function(true, pred, sample_weight=weights)
            expected = function(true[keep], pred[keep], sample_weight=weights[keep])
            assert got == pytest.approx(expected, rel=1e-12, abs=1e-300), function.__name__


# --- bad input ---------------------------------------------------------------------------------

Z = [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]]
P = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]
NAN, INF = math.nan, math.inf

CLASS_BAD = [
    pytest.param(
        {"class_weight": [1.0, 2.0]},
        ValueError,
        r"class_weight must hold one weight per class, shape \(3,\)(.|\n)*got shape \(2,\)",
        id="class-short",
    ),
    pytest.param(
        {"class_weight": [[1.0, 2.0, 3.0]]},
        ValueError,
        r"class_weight must hold one weight per class(.|\n)*got shape \(1, 3\)",
        id="class-2d",
    ),
    pytest.param(
        {"class_weight": 2.0},
        ValueError,
        r"class_weight must hold one weight per class(.|\n)*got shape \(\)",
        id="class-scalar",
    ),
    pytest.param(
        {"class_weight": [1.0, 0.0, 1.0]},
        ValueError,
        r"class_weight must be positive, got 0\.0 at index 1",
        id="class-zero",
    ),
    pytest.param(
        {"class_weight": [1.0, 1.0, -2.0]},
        ValueError,
        r"class_weight must be positive, got -2\.0 at index 2",
        id="class-negative",
    ),
    pytest.param(
        {"class_weight": [1.0, NAN, 1.0]},
        ValueError,
        r"class_weight must be finite, found nan at index \(1,\)",
        id="class-nan",
    ),
    pytest.param(
        {"class_weight": [INF, 1.0, 1.0]},
        ValueError,
        r"class_weight must be finite, found inf",
        id="class-inf",
    ),
    pytest.param(
        {"class_weight": ["a", "b", "c"]},
        TypeError,
        r"class_weight must hold real numbers",
        id="class-strings",
    ),
    pytest.param(
        {"class_weight": [True, True, False]},
        TypeError,
        r"class_weight must hold real numbers",
        id="class-bool",
    ),
    pytest.param(
        {"class_weight": [[1.0], [1.0, 2.0]]},
        ValueError,
        r"class_weight is a ragged nested sequence",
        id="class-ragged",
    ),
    pytest.param(
        {"ignore_index": 1.0},
        TypeError,
        r"ignore_index must be an integer label(.|\n)*got 1\.0 of type float",
        id="ignore-float",
    ),
    pytest.param(
        {"ignore_index": True},
        TypeError,
        r"ignore_index must be an integer label(.|\n)*got True of type bool",
        id="ignore-bool",
    ),
    pytest.param(
        {"ignore_index": np.bool_(False)},
        TypeError,
        r"ignore_index must be an integer label",
        id="ignore-numpy-bool",
    ),
    pytest.param(
        {"ignore_index": "-100"}, TypeError, r"ignore_index must be an integer label", id="ignore-string"
    ),
    pytest.param(
        {"ignore_index": [-100]}, TypeError, r"ignore_index must be an integer label", id="ignore-list"
    ),
    pytest.param(
        {"sample_weight": [1.0]},
        ValueError,
        r"sample_weight must hold one weight per sample, shape \(2,\), got shape \(1,\)",
        id="sample-short",
    ),
    pytest.param(
        {"sample_weight": [[1.0, 1.0]]},
        ValueError,
        r"sample_weight must hold one weight per sample",
        id="sample-2d",
    ),
    pytest.param(
        {"sample_weight": [1.0, -1.0]},
        ValueError,
        r"sample_weight must not be negative, got -1\.0 at index 1",
        id="sample-negative",
    ),
    pytest.param(
        {"sample_weight": [NAN, 1.0]}, ValueError, r"sample_weight must be finite, found nan", id="sample-nan"
    ),
    pytest.param(
        {"sample_weight": [1.0, INF]}, ValueError, r"sample_weight must be finite, found inf", id="sample-inf"
    ),
    pytest.param(
        {"sample_weight": ["a", "b"]},
        TypeError,
        r"sample_weight must contain real numbers",
        id="sample-strings",
    ),
    pytest.param({"sample_weight": [0.0, 0.0]}, ValueError, r"sample_weight sums to 0", id="sample-zero-sum"),
    pytest.param(
        {"sample_weight": 1.0}, ValueError, r"sample_weight must have a sample axis", id="sample-scalar"
    ),
]


@pytest.mark.parametrize(("function", "grad"), CLASS_LOSSES, ids=["softmax", "probabilities"])
@pytest.mark.parametrize(("options", "error", "match"), CLASS_BAD)
def test_bad_options_of_the_cross_entropies_are_refused(
    function: Callable[..., Any],
    grad: Callable[..., Any],
    options: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    pred = Z if function is softmax_cross_entropy else P
    for f in (function, grad):
        with no_warnings(), pytest.raises(error, match=match):
            f([0, 1], pred, reduction="mean", **options)


@pytest.mark.parametrize(("function", "grad"), CLASS_LOSSES, ids=["softmax", "probabilities"])
@pytest.mark.parametrize(
    ("y_true", "options", "match"),
    [
        pytest.param(
            [[1, 0, 0], [0, 1, 0]],
            {"ignore_index": -100},
            r"ignore_index=-100 needs integer class indices, "
            r"but y_true holds one-hot or soft rows of shape \(2, 3\)(.|\n)*argmax",
            id="ignore-with-one-hot",
        ),
        pytest.param(
            [[0.5, 0.5, 0.0], [0, 1, 0]],
            {"ignore_index": 0},
            r"ignore_index=0 needs integer class indices",
            id="ignore-with-soft-rows",
        ),
        pytest.param(
            [-100, -100],
            {"ignore_index": -100},
            r"every label of y_true equals ignore_index=-100 \(2 samples, none counted\)",
            id="all-ignored",
        ),
        pytest.param(
            [0, -100],
            {"ignore_index": -100, "sample_weight": [0.0, 1.0]},
            r"every sample with a positive sample_weight has its label equal to ignore_index=-100",
            id="weight-only-on-ignored",
        ),
        pytest.param(
            [0, -1],
            {"ignore_index": -100},
            r"must be in 0\.\.2 \((logits|y_pred) has 3 classes on its last axis\) "
            r"or equal ignore_index=-100, found -1 at index \(1,\)",
            id="label-out-of-range-with-ignore",
        ),
        pytest.param(
            [0, 3],
            {"ignore_index": -100},
            r"or equal ignore_index=-100, found 3 at index \(1,\)",
            id="label-3-with-ignore",
        ),
    ],
)
def test_bad_label_options_are_refused(
    function: Callable[..., Any], grad: Callable[..., Any], y_true: Any, options: dict[str, Any], match: str
) -> None:
    pred = Z if function is softmax_cross_entropy else P
    for f in (function, grad):
        with no_warnings(), pytest.raises(ValueError, match=match):
            f(y_true, pred, reduction="mean", **options)


def test_everything_ignored_is_fine_for_sum_and_none() -> None:
    assert softmax_cross_entropy([-100, -100], Z, ignore_index=-100, reduction="sum") == 0.0
    np.testing.assert_array_equal(
        softmax_cross_entropy([-100, -100], Z, ignore_index=-100, reduction="none"), [0.0, 0.0]
    )
    np.testing.assert_array_equal(
        softmax_cross_entropy_grad([-100, -100], Z, ignore_index=-100, reduction="sum"), np.zeros((2, 3))
    )


@pytest.mark.parametrize("case", WEIGHTED, ids=str)
@pytest.mark.parametrize(
    ("sample_weight", "error", "match"),
    [
        pytest.param(
            [1.0, 1.0], ValueError, r"sample_weight must hold one weight per sample, shape \(3,\)", id="short"
        ),
        pytest.param(
            [1.0, -0.5, 1.0],
            ValueError,
            r"sample_weight must not be negative, got -0\.5 at index 1",
            id="negative",
        ),
        pytest.param([1.0, NAN, 1.0], ValueError, r"sample_weight must be finite, found nan", id="nan"),
        pytest.param([1.0, 1.0, -INF], ValueError, r"sample_weight must be finite, found -inf", id="inf"),
        pytest.param([0, 0, 0], ValueError, r"sample_weight sums to 0(.|\n)*reduction='sum'", id="zero-sum"),
        pytest.param(["x", "y", "z"], TypeError, r"sample_weight must contain real numbers", id="strings"),
    ],
)
def test_bad_sample_weights_are_refused_by_every_loss(
    case: Weighted, sample_weight: Any, error: type[Exception], match: str
) -> None:
    true, pred = case.inputs(np.random.default_rng(20), 3)
    for f in (case.loss, case.grad):
        with no_warnings(), pytest.raises(error, match=match):
            f(true, pred, sample_weight=sample_weight, reduction="mean", **case.kwargs)


@pytest.mark.parametrize(
    ("shape", "pos_weight", "error", "match"),
    [
        pytest.param(
            (2, 3),
            [1.0, 2.0],
            ValueError,
            r"pos_weight must be one number, or one weight per output column, shape \(3,\) "
            r"\(the last axis of logits of shape \(2, 3\)\), got shape \(2,\)",
            id="short",
        ),
        pytest.param(
            (2, 3),
            [[1.0, 2.0, 3.0]],
            ValueError,
            r"pos_weight must be one number(.|\n)*got shape \(1, 3\)",
            id="2d",
        ),
        pytest.param(
            (3,),
            [1.0, 2.0, 3.0],
            ValueError,
            r"pos_weight must be one number, or one weight per output column, shape \(1,\) "
            r"\(1-d logits have one output per sample\)(.|\n)*sample_weight",
            id="vector-for-1d",
        ),
        pytest.param(
            (2, 3), -1.0, ValueError, r"pos_weight must not be negative, got -1\.0\.", id="negative"
        ),
        pytest.param(
            (2, 3),
            [1.0, -0.5, 1.0],
            ValueError,
            r"pos_weight must not be negative, got -0\.5 at index 1",
            id="negative-entry",
        ),
        pytest.param((2, 3), NAN, ValueError, r"pos_weight must be finite, found nan", id="nan"),
        pytest.param((2, 3), [1.0, INF, 1.0], ValueError, r"pos_weight must be finite, found inf", id="inf"),
        pytest.param((2, 3), "3", TypeError, r"pos_weight must hold real numbers", id="string"),
        pytest.param((2, 3), True, TypeError, r"pos_weight must hold real numbers", id="bool"),
    ],
)
def test_bad_pos_weight_is_refused(
    shape: tuple[int, ...], pos_weight: Any, error: type[Exception], match: str
) -> None:
    t, z = np.zeros(shape), np.zeros(shape)
    for f in (sigmoid_binary_cross_entropy, sigmoid_binary_cross_entropy_grad):
        with no_warnings(), pytest.raises(error, match=match):
            f(t, z, pos_weight=pos_weight)


@pytest.mark.parametrize(
    ("y_true", "logits", "kwargs", "error", "match"),
    [
        pytest.param(
            [[[1, 0], [0, 1]]],
            [[[0.0, 1.0], [1.0, 0.0]]],
            {},
            ValueError,
            r"perplexity needs integer token indices of shape \(1, 2\)"
            r"(.|\n)*one-hot rows: pass y_true\.argmax",
            id="one-hot",
        ),
        pytest.param(
            [[0, 1, 1]],
            [[[0.0, 1.0], [1.0, 0.0]]],
            {},
            ValueError,
            r"perplexity needs integer token indices of shape \(1, 2\)(.|\n)*got y_true of shape \(1, 3\)",
            id="shape",
        ),
        pytest.param(
            [[-100, -100]],
            [[[0.0, 1.0], [1.0, 0.0]]],
            {"ignore_index": -100},
            ValueError,
            r"every label equals ignore_index=-100",
            id="all-ignored",
        ),
        pytest.param(
            np.zeros((0, 2), int), np.zeros((0, 2, 3)), {}, ValueError, r"there are no tokens", id="empty"
        ),
        pytest.param(
            [[0.0, 1.0]],
            [[[0.0, 1.0], [1.0, 0.0]]],
            {},
            TypeError,
            r"y_true holds class indices and must have an integer dtype",
            id="float-labels",
        ),
        pytest.param(
            [[0, 2]],
            [[[0.0, 1.0], [1.0, 0.0]]],
            {},
            ValueError,
            r"must be in 0\.\.1 \(logits has 2 classes",
            id="label-out-of-range",
        ),
        pytest.param(
            [[0, 1]], [[[0.0, NAN], [1.0, 0.0]]], {}, ValueError, r"logits must be finite", id="nan-logits"
        ),
        pytest.param(
            [[0, 1]],
            [[[0.0, 1.0], [1.0, 0.0]]],
            {"ignore_index": True},
            TypeError,
            r"ignore_index must be an integer label",
            id="ignore-bool",
        ),
        pytest.param([[0, 1]], [0.0, 1.0], {}, ValueError, r"logits must have a class axis", id="1d-logits"),
    ],
)
def test_bad_perplexity_input_is_refused(
    y_true: Any, logits: Any, kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with no_warnings(), pytest.raises(error, match=match):
        perplexity(y_true, logits, **kwargs)
