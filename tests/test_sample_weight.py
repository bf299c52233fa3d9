"""sample_weight on the regression, likelihood, segmentation and embedding losses and their gradients.

The table CASES describes each loss once: its functions, keyword arguments, valid random inputs,
which inputs its gradient is taken with respect to, and the per-sample loss written out in NumPy.
The weighted reductions are checked against those formulas (sum(w·l), sum(w·l)/sum(w), w·l) and
against scikit-learn's sample_weight where it has the metric; hypothesis checks the properties
(weights of 1 change nothing, a weight of 0 removes the sample, scaling every weight leaves "mean"
unchanged); finite differences check every gradient for every reduction; then the bad-weight battery.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

import lossdocs
from tests.test_classification import no_warnings, numerical_grad

REDUCTIONS = ["sum", "mean", "none"]
Inputs = tuple[np.ndarray, ...]


# --- the cases: inputs and written-out per-sample losses ------------------------------------


def outputs_mean(values: np.ndarray) -> np.ndarray:
    return values.reshape(len(values), -1).mean(axis=1)


def regression_inputs(rng: np.random.Generator, n: int) -> Inputs:
    y_true = rng.normal(0.0, 2.0, size=(n, 3))
    # Residuals at least 0.05 from 0 and from delta = 1: no kink within a finite-difference step.
    residual = rng.uniform(0.05, 0.9, size=(n, 3)) * rng.choice([-1.0, 1.0], size=(n, 3))
    residual[::2] *= 2.5  # some beyond the Huber delta
    return y_true, y_true + residual


def huber(e: np.ndarray, delta: float) -> np.ndarray:
    return np.where(np.abs(e) <= delta, 0.5 * e**2, delta * (np.abs(e) - 0.5 * delta))


def gaussian_inputs(rng: np.random.Generator, n: int) -> Inputs:
    return rng.normal(size=(n, 2)), rng.normal(size=(n, 2)), rng.uniform(0.3, 3.0, size=(n, 2))


def poisson_inputs(rng: np.random.Generator, n: int) -> Inputs:
    return rng.poisson(2.0, size=(n, 2)).astype(float), rng.normal(0.0, 0.8, size=(n, 2))


def rate_inputs(rng: np.random.Generator, n: int) -> Inputs:
    return rng.poisson(2.0, size=(n, 2)).astype(float), rng.uniform(0.5, 3.0, size=(n, 2))


def mask_inputs(rng: np.random.Generator, n: int) -> Inputs:
    true = rng.integers(0, 2, size=(n, 2, 2)).astype(float)
    return true, rng.uniform(0.1, 0.9, size=(n, 2, 2))


def dice(t: np.ndarray, p: np.ndarray, smooth: float = 1.0) -> np.ndarray:
    t, p = t.reshape(len(t), -1), p.reshape(len(p), -1)
    return 1.0 - (2.0 * (t * p).sum(axis=1) + smooth) / (t.sum(axis=1) + p.sum(axis=1) + smooth)


def triplet_inputs(rng: np.random.Generator, n: int) -> Inputs:
    anchor, positive = rng.normal(size=(n, 3)), rng.normal(size=(n, 3))
    # Half the triplets active, half inactive, none near the kink.
    far = anchor + rng.normal(size=(n, 3)) * 4.0
    negative = np.where((np.arange(n) % 2 == 0)[:, None], positive + 0.1, far)
    return anchor, positive, negative


def triplet(a: np.ndarray, p: np.ndarray, n: np.ndarray, margin: float = 1.0) -> np.ndarray:
    return np.maximum(np.linalg.norm(a - p, axis=1) - np.linalg.norm(a - n, axis=1) + margin, 0.0)


def pair_inputs(rng: np.random.Generator, n: int) -> Inputs:
    queries = rng.normal(size=(n, 3))
    return queries, queries + rng.normal(0.0, 0.7, size=(n, 3))


def info_nce(q: np.ndarray, k: np.ndarray, temperature: float = 0.1, symmetric: bool = False) -> np.ndarray:
    unit_q = q / np.linalg.norm(q, axis=1, keepdims=True)
    unit_k = k / np.linalg.norm(k, axis=1, keepdims=True)
    logits = unit_q @ unit_k.T / temperature
    rows = special.logsumexp(logits, axis=1) - np.diag(logits)
    if not symmetric:
        return rows
    return 0.5 * (rows + special.logsumexp(logits, axis=0) - np.diag(logits))


@dataclass(frozen=True)
class Case:
    name: str
    loss: Callable[..., Any]
    grad: Callable[..., Any]
    inputs: Callable[[np.random.Generator, int], Inputs]
    reference: Callable[..., np.ndarray]  # the per-sample losses from the inputs
    kwargs: dict[str, Any] = field(default_factory=dict)
    wrt: tuple[int, ...] = (1,)  # the inputs the gradient is taken with respect to, in its order
    separable: bool = True  # the loss of sample i depends on row i of the inputs only

    def __str__(self) -> str:
        return self.name

    def grads(self, *args: Any, **kwargs: Any) -> tuple[np.ndarray, ...]:
        result = self.grad(*args, **self.kwargs, **kwargs)
        return result if isinstance(result, tuple) else (result,)


def e(t: np.ndarray, y: np.ndarray) -> np.ndarray:
    return y - t


CASES = [
    Case(
        "sum_squared_error",
        lossdocs.sum_squared_error,
        lossdocs.sum_squared_error_grad,
        regression_inputs,
        lambda t, y: np.sum((y - t) ** 2, axis=1),
    ),
    Case(
        "mean_squared_error",
        lossdocs.mean_squared_error,
        lossdocs.mean_squared_error_grad,
        regression_inputs,
        lambda t, y: outputs_mean((y - t) ** 2),
    ),
    Case(
        "mean_absolute_error",
        lossdocs.mean_absolute_error,
        lossdocs.mean_absolute_error_grad,
        regression_inputs,
        lambda t, y: outputs_mean(np.abs(y - t)),
    ),
    Case(
        "huber_loss",
        lossdocs.huber_loss,
        lossdocs.huber_loss_grad,
        regression_inputs,
        lambda t, y: outputs_mean(huber(y - t, 1.0)),
    ),
    Case(
        "huber_loss-delta",
        lossdocs.huber_loss,
        lossdocs.huber_loss_grad,
        regression_inputs,
        lambda t, y: outputs_mean(huber(y - t, 0.5)),
        {"delta": 0.5},
    ),
    Case(
        "log_cosh_loss",
        lossdocs.log_cosh_loss,
        lossdocs.log_cosh_loss_grad,
        regression_inputs,
        lambda t, y: outputs_mean(np.log(np.cosh(y - t))),
    ),
    Case(
        "quantile_loss",
        lossdocs.quantile_loss,
        lossdocs.quantile_loss_grad,
        regression_inputs,
        lambda t, y: outputs_mean(np.maximum(0.9 * (t - y), -0.1 * (t - y))),
        {"quantile": 0.9},
    ),
    Case(
        "gaussian_nll_loss",
        lossdocs.gaussian_nll_loss,
        lossdocs.gaussian_nll_loss_grad,
        gaussian_inputs,
        lambda t, mu, v: outputs_mean(0.5 * (np.log(v) + (t - mu) ** 2 / v)),
        wrt=(1, 2),
    ),
    Case(
        "gaussian_nll_loss-full",
        lossdocs.gaussian_nll_loss,
        lossdocs.gaussian_nll_loss_grad,
        gaussian_inputs,
        lambda t, mu, v: outputs_mean(0.5 * (np.log(v) + (t - mu) ** 2 / v + np.log(2 * np.pi))),
        {"full": True},
        wrt=(1, 2),
    ),
    Case(
        "poisson_nll_loss",
        lossdocs.poisson_nll_loss,
        lossdocs.poisson_nll_loss_grad,
        poisson_inputs,
        lambda y, z: outputs_mean(np.exp(z) - y * z),
    ),
    Case(
        "poisson_nll_loss-rates-full",
        lossdocs.poisson_nll_loss,
        lossdocs.poisson_nll_loss_grad,
        rate_inputs,
        lambda y, rate: outputs_mean(rate - y * np.log(rate) + special.gammaln(y + 1)),
        {"log_input": False, "full": True},
    ),
    Case("dice_loss", lossdocs.dice_loss, lossdocs.dice_loss_grad, mask_inputs, dice),
    Case(
        "dice_loss-smooth-0",
        lossdocs.dice_loss,
        lossdocs.dice_loss_grad,
        mask_inputs,
        lambda t, p: dice(t, p, 0.0),
        {"smooth": 0.0},
    ),
    Case(
        "triplet_margin_loss",
        lossdocs.triplet_margin_loss,
        lossdocs.triplet_margin_loss_grad,
        triplet_inputs,
        triplet,
        wrt=(0, 1, 2),
    ),
    Case(
        "info_nce_loss",
        lossdocs.info_nce_loss,
        lossdocs.info_nce_loss_grad,
        pair_inputs,
        info_nce,
        wrt=(0, 1),
        separable=False,
    ),
    Case(
        "info_nce_loss-symmetric",
        lossdocs.info_nce_loss,
        lossdocs.info_nce_loss_grad,
        pair_inputs,
        lambda q, k: info_nce(q, k, 0.5, symmetric=True),
        {"temperature": 0.5, "symmetric": True},
        wrt=(0, 1),
        separable=False,
    ),
]
SEPARABLE = [case for case in CASES if case.separable]
FUNCTIONS = sorted({f for case in CASES for f in (case.loss, case.grad)}, key=lambda f: f.__name__)


def weights_for(rng: np.random.Generator, n: int) -> np.ndarray:
    """Weights in [0, 3) with one exact 0, so that a left-out sample is always exercised."""
    weights = rng.uniform(0.0, 3.0, size=n)
    weights[1] = 0.0
    return weights


def weighted_reference(case: Case, args: Inputs, weights: np.ndarray, reduction: str) -> Any:
    losses = weights * case.reference(*args)
    if reduction == "none":
        return losses
    return float(np.sum(losses)) / (float(np.sum(weights)) if reduction == "mean" else 1.0)


def scalar(case: Case, args: Inputs, weights: np.ndarray, reduction: str) -> float:
    """The weighted loss as one number: "none" is added up, its gradient being that of the sum."""
    return float(np.sum(case.loss(*args, **case.kwargs, reduction=reduction, sample_weight=weights)))


# --- the written-out formulas and scikit-learn ----------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_matches_the_written_out_weighted_formula(case: Case, reduction: str) -> None:
    rng = np.random.default_rng(0)
    args = case.inputs(rng, 6)
    weights = weights_for(rng, 6)
    with no_warnings():
        result = case.loss(*args, **case.kwargs, reduction=reduction, sample_weight=weights)
    expected = weighted_reference(case, args, weights, reduction)
    if reduction == "none":
        assert isinstance(result, np.ndarray)
        assert result.shape == (6,)
        assert result[1] == 0.0
    else:
        assert isinstance(result, float)
    np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    ("ours", "theirs", "kwargs"),
    [
        (lossdocs.mean_squared_error, "mean_squared_error", {}),
        (lossdocs.mean_absolute_error, "mean_absolute_error", {}),
        (lossdocs.quantile_loss, "mean_pinball_loss", {"quantile": 0.5}),
        (lossdocs.quantile_loss, "mean_pinball_loss", {"quantile": 0.9}),
        (lossdocs.quantile_loss, "mean_pinball_loss", {"quantile": 0.05}),
    ],
)
@pytest.mark.parametrize("outputs", [(), (3,)], ids=["vector", "3-outputs"])
def test_matches_scikit_learn(
    ours: Callable[..., Any], theirs: str, kwargs: dict[str, float], outputs: tuple[int, ...]
) -> None:
    # scikit-learn's weighted mean of a multi-output metric averages the weighted mean of each
    # output ("uniform_average"): the same number as the weighted mean of the per-sample means.
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.normal(size=(20, *outputs)), rng.normal(size=(20, *outputs))
    weights = weights_for(rng, 20)
    their_kwargs = {"alpha": kwargs["quantile"]} if kwargs else {}
    expected = getattr(metrics, theirs)(y_true, y_pred, sample_weight=weights, **their_kwargs)
    assert ours(y_true, y_pred, **kwargs, sample_weight=weights) == pytest.approx(expected, rel=1e-12)


def test_the_docstring_examples_by_hand() -> None:
    # MSE of the article's data: per-sample losses 0.25, 0.25, 0, 1 with weights 1, 1, 0, 2.
    y_true, y_pred, weights = [3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], [1.0, 1.0, 0.0, 2.0]
    assert lossdocs.mean_squared_error(y_true, y_pred, sample_weight=weights) == 2.5 / 4
    assert lossdocs.sum_squared_error(y_true, y_pred, sample_weight=weights) == 2.5
    np.testing.assert_array_equal(
        lossdocs.mse(y_true, y_pred, reduction="none", sample_weight=weights), [0.25, 0.25, 0.0, 2.0]
    )


# --- gradients: finite differences for every reduction --------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_gradient_matches_finite_differences(case: Case, reduction: str) -> None:
    rng = np.random.default_rng(2)
    args = case.inputs(rng, 4)
    weights = weights_for(rng, 4)
    with no_warnings():
        grads = case.grads(*args, reduction=reduction, sample_weight=weights)
    assert len(grads) == len(case.wrt)
    for index, grad in zip(case.wrt, grads, strict=True):

        def f(x: np.ndarray, index: int = index) -> float:
            moved = list(args)
            moved[index] = x
            return scalar(case, tuple(moved), weights, reduction)

        assert grad.shape == args[index].shape
        np.testing.assert_allclose(grad, numerical_grad(f, args[index]), rtol=1e-6, atol=1e-8)
        if case.separable:
            assert not grad[1].any()  # the sample of weight 0 gets no gradient


@pytest.mark.parametrize("case", CASES, ids=str)
def test_gradient_of_mean_is_that_of_sum_over_the_weights(case: Case) -> None:
    rng = np.random.default_rng(3)
    args = case.inputs(rng, 5)
    weights = weights_for(rng, 5)
    sums = case.grads(*args, reduction="sum", sample_weight=weights)
    means = case.grads(*args, reduction="mean", sample_weight=weights)
    for total, mean in zip(sums, means, strict=True):
        np.testing.assert_allclose(mean, total / weights.sum(), rtol=1e-13, atol=1e-300)


@pytest.mark.parametrize("case", SEPARABLE, ids=str)
def test_gradient_of_none_is_that_of_each_weighted_loss(case: Case) -> None:
    # Row i of "none" is the gradient of w_i l_i: the unweighted row i times w_i.
    rng = np.random.default_rng(4)
    args = case.inputs(rng, 5)
    weights = weights_for(rng, 5)
    for plain, weighted in zip(
        case.grads(*args, reduction="none"),
        case.grads(*args, reduction="none", sample_weight=weights),
        strict=True,
    ):
        np.testing.assert_allclose(weighted, plain * weights.reshape((-1,) + (1,) * (plain.ndim - 1)))


# --- properties -----------------------------------------------------------------------------


PROPERTY = settings(max_examples=40, deadline=None)
WEIGHT = st.floats(0.0, 1e3, allow_subnormal=False)


@st.composite
def weighted_inputs(draw: st.DrawFn, cases: list[Case]) -> tuple[Case, Inputs, np.ndarray]:
    case = draw(st.sampled_from(cases))
    n = draw(st.integers(2, 6))
    args = case.inputs(np.random.default_rng(draw(st.integers(0, 2**32 - 1))), n)
    weights = draw(hnp.arrays(np.float64, n, elements=WEIGHT).filter(lambda w: w.sum() > 0))
    return case, args, weights


def assert_same(actual: Any, expected: Any) -> None:
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=1e-14)


@PROPERTY
@given(weighted_inputs(CASES), st.sampled_from(REDUCTIONS))
def test_weights_of_one_change_nothing(example: tuple[Case, Inputs, np.ndarray], reduction: str) -> None:
    case, args, weights = example
    ones = np.ones_like(weights)
    assert_same(
        case.loss(*args, **case.kwargs, reduction=reduction, sample_weight=ones),
        case.loss(*args, **case.kwargs, reduction=reduction),
    )
    for weighted, plain in zip(
        case.grads(*args, reduction=reduction, sample_weight=ones),
        case.grads(*args, reduction=reduction),
        strict=True,
    ):
        assert_same(weighted, plain)


@PROPERTY
@given(weighted_inputs(SEPARABLE), st.data())
def test_a_zero_weight_removes_the_sample(
    example: tuple[Case, Inputs, np.ndarray], data: st.DataObject
) -> None:
    case, args, weights = example
    left_out = data.draw(st.integers(0, len(weights) - 1))
    weights[left_out] = 0.0
    if weights.sum() == 0:
        return
    keep = np.arange(len(weights)) != left_out
    fewer = tuple(x[keep] for x in args)
    for reduction in REDUCTIONS:
        with_zero = case.loss(*args, **case.kwargs, reduction=reduction, sample_weight=weights)
        without = case.loss(*fewer, **case.kwargs, reduction=reduction, sample_weight=weights[keep])
        if reduction == "none":
            assert with_zero[left_out] == 0.0
            with_zero = with_zero[keep]
        assert_same(with_zero, without)
        for grad, grad_without in zip(
            case.grads(*args, reduction=reduction, sample_weight=weights),
            case.grads(*fewer, reduction=reduction, sample_weight=weights[keep]),
            strict=True,
        ):
            assert not grad[left_out].any()
            assert_same(grad[keep], grad_without)


@PROPERTY
@given(weighted_inputs(CASES), st.floats(1e-3, 1e3))
def test_scaling_every_weight_leaves_the_mean_unchanged(
    example: tuple[Case, Inputs, np.ndarray], factor: float
) -> None:
    case, args, weights = example
    scaled = weights * factor

    def loss(reduction: str, w: np.ndarray) -> Any:
        return case.loss(*args, **case.kwargs, reduction=reduction, sample_weight=w)

    # Losses of both signs (a likelihood) may cancel: the tolerance is relative to sum(w |l|).
    size = float(np.sum(np.abs(loss("none", weights))))
    mean, total = loss("mean", weights), loss("sum", weights) * factor
    assert loss("mean", scaled) == pytest.approx(mean, rel=1e-12, abs=1e-12 * size / weights.sum())
    assert loss("sum", scaled) == pytest.approx(total, rel=1e-12, abs=1e-12 * size * factor)
    for grad, grad_scaled in zip(
        case.grads(*args, reduction="mean", sample_weight=weights),
        case.grads(*args, reduction="mean", sample_weight=scaled),
        strict=True,
    ):
        assert_same(grad_scaled, grad)


# --- what the weights do at the edges -------------------------------------------------------


@pytest.mark.parametrize("size", [1e-300, 1e300])
@pytest.mark.parametrize("case", CASES, ids=str)
def test_huge_and_tiny_weights_give_the_unweighted_mean(case: Case, size: float) -> None:
    # "mean" scales row i by w_i / sum(w), never by w_i alone, which would overflow or underflow.
    args = case.inputs(np.random.default_rng(11), 4)
    weights = np.full(4, size)
    expected = case.loss(*args, **case.kwargs, reduction="mean")
    assert case.loss(*args, **case.kwargs, reduction="mean", sample_weight=weights) == pytest.approx(
        expected, rel=1e-12
    )
    for weighted, plain in zip(
        case.grads(*args, reduction="mean", sample_weight=weights),
        case.grads(*args, reduction="mean"),
        strict=True,
    ):
        np.testing.assert_allclose(weighted, plain, rtol=1e-12, atol=1e-300)


def test_a_zero_weight_leaves_out_an_infinite_loss_and_its_gradient() -> None:
    # A rate of 0 for a count of 1 costs inf, and its slope is -inf: a weight of 0 leaves both out.
    counts, rates, weights = [[1.0], [2.0]], [[0.0], [1.0]], [0.0, 1.0]
    with no_warnings():
        assert math.isinf(lossdocs.poisson_nll_loss(counts, rates, log_input=False, reduction="sum"))
        loss = lossdocs.poisson_nll_loss(counts, rates, log_input=False, sample_weight=weights)
        grad = lossdocs.poisson_nll_loss_grad(counts, rates, log_input=False, sample_weight=weights)
    assert loss == pytest.approx(1.0)  # 1 - 2 log 1
    np.testing.assert_array_equal(grad, [[0.0], [-1.0]])  # 1 - 2 / 1 for the second sample


def test_info_nce_keeps_the_negatives_of_a_zero_weight_pair() -> None:
    # Pair i's weight scales its own loss only: its key is still a negative of every other query.
    queries, keys = pair_inputs(np.random.default_rng(5), 4)
    weights = np.array([1.0, 0.0, 1.0, 1.0])
    losses = lossdocs.info_nce_loss(queries, keys, reduction="none", sample_weight=weights)
    np.testing.assert_allclose(losses, weights * info_nce(queries, keys), rtol=1e-12, atol=1e-15)
    d_queries, d_keys = lossdocs.info_nce_loss_grad(queries, keys, reduction="sum", sample_weight=weights)
    assert not d_queries[1].any()  # query 1's loss does not count
    assert d_keys[1].any()  # but key 1 is a negative of the other queries


@pytest.mark.parametrize("case", CASES, ids=str)
def test_empty_batch(case: Case) -> None:
    args = tuple(x[:0] for x in case.inputs(np.random.default_rng(6), 3))
    assert case.loss(*args, **case.kwargs, reduction="sum", sample_weight=[]) == 0.0
    assert case.loss(*args, **case.kwargs, reduction="none", sample_weight=[]).shape == (0,)
    for grad in case.grads(*args, reduction="sum", sample_weight=[]):
        assert grad.shape == args[0].shape
    for function in (case.loss, case.grad):
        with pytest.raises(ValueError, match=r"sample_weight sums to 0 \(0 samples, none counted\)"):
            function(*args, **case.kwargs, reduction="mean", sample_weight=[])


@pytest.mark.parametrize("case", CASES, ids=str)
def test_weights_may_be_lists_integers_or_read_only_and_are_not_modified(case: Case) -> None:
    args = case.inputs(np.random.default_rng(7), 4)
    weights = np.array([2.0, 0.0, 1.0, 3.0])
    weights.flags.writeable = False
    expected = case.loss(*args, **case.kwargs, reduction="none", sample_weight=weights)
    for other in ([2, 0, 1, 3], (2.0, 0.0, 1.0, 3.0), np.array([2, 0, 1, 3], dtype=np.int8)):
        np.testing.assert_array_equal(
            case.loss(*args, **case.kwargs, reduction="none", sample_weight=other), expected
        )
    case.grads(*args, reduction="mean", sample_weight=weights)
    np.testing.assert_array_equal(weights, [2.0, 0.0, 1.0, 3.0])


@pytest.mark.parametrize("case", CASES, ids=str)
def test_float32_gradients_stay_float32(case: Case) -> None:
    args = tuple(x.astype(np.float32) for x in case.inputs(np.random.default_rng(8), 4))
    weights = np.array([2.0, 0.0, 1.0, 3.0])
    for grad in case.grads(*args, reduction="mean", sample_weight=weights):
        assert grad.dtype == np.float32
    loss = case.loss(*args, **case.kwargs, reduction="mean", sample_weight=weights)
    # float32 cosines are off by about 1e-7, which the temperature 0.1 of InfoNCE magnifies.
    expected = weighted_reference(case, tuple(x.astype(np.float64) for x in args), weights, "mean")
    assert loss == pytest.approx(expected, rel=1e-3 if "info_nce" in case.name else 1e-5)


# --- bad weights ----------------------------------------------------------------------------


INPUTS = {case.loss.__name__: case for case in CASES} | {case.grad.__name__: case for case in CASES}
BAD_WEIGHTS = [
    pytest.param(
        [1.0, 1.0],
        ValueError,
        r"sample_weight must hold one weight per sample, shape \(3,\), got shape \(2,\)",
        id="too-short",
    ),
    pytest.param([1.0] * 4, ValueError, r"shape \(3,\), got shape \(4,\)", id="too-long"),
    pytest.param([[1.0, 1.0, 1.0]], ValueError, r"sample_weight must hold .* got shape \(1, 3\)", id="2-d"),
    pytest.param(
        [1.0, -0.5, 1.0],
        ValueError,
        r"sample_weight must not be negative, got -0\.5 at index 1",
        id="negative",
    ),
    pytest.param([1.0, math.nan, 1.0], ValueError, r"sample_weight must be finite, found nan", id="nan"),
    pytest.param([1.0, 1.0, math.inf], ValueError, r"sample_weight must be finite, found inf", id="inf"),
    pytest.param(
        [0.0, 0.0, 0.0],
        ValueError,
        r"reduction='mean' divides by the sum of the weights, and sample_weight sums to 0",
        id="all-zero",
    ),
    pytest.param(["a", "b", "c"], TypeError, r"sample_weight must contain real numbers", id="str"),
    pytest.param([1.0, 1j, 1.0], TypeError, r"sample_weight must contain real numbers", id="complex"),
    pytest.param(2.0, ValueError, r"sample_weight must have a sample axis", id="scalar"),
    pytest.param([[1.0], [1.0, 2.0]], ValueError, r"sample_weight is a ragged nested sequence", id="ragged"),
]


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("weights", "error", "match"), BAD_WEIGHTS)
def test_bad_weights_are_refused(
    function: Callable[..., Any], weights: object, error: type, match: str
) -> None:
    case = INPUTS[function.__name__]
    args = case.inputs(np.random.default_rng(9), 3)
    with no_warnings(), pytest.raises(error, match=match):
        function(*args, **case.kwargs, reduction="mean", sample_weight=weights)


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
def test_all_zero_weights_are_fine_for_sum(function: Callable[..., Any]) -> None:
    case = INPUTS[function.__name__]
    args = case.inputs(np.random.default_rng(10), 3)
    result = function(*args, **case.kwargs, reduction="sum", sample_weight=[0.0, 0.0, 0.0])
    for value in result if isinstance(result, tuple) else (result,):
        assert not np.any(value)


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
def test_sample_weight_is_the_last_keyword_and_keyword_only(function: Callable[..., Any]) -> None:
    parameters = list(inspect.signature(function).parameters.values())
    assert parameters[-1].name == "sample_weight"
    assert parameters[-1].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters[-1].default is None
