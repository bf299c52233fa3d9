"""Tests of the regression catalog: mean squared and absolute error, Huber, log-cosh and quantile
losses with their gradients.

Every test that holds for all five losses is parametrized over `SPECS`, which also carries each
loss's exact definition (for mpmath) and its plain NumPy formula (for structural checks).
Conventions of the reference libraries, mapped explicitly:

- residual: lossdocs, SciPy's ``huber(delta, r)`` and PyTorch use r = y_pred - y_true; the
  pinball loss of scikit-learn uses r = y_true - y_pred (``alpha`` is our ``quantile``).
- argument order: lossdocs and scikit-learn take (y_true, y_pred), PyTorch (input=y_pred, target=y_true).
- multi-output: our reduction="mean" is the mean over all elements, which is scikit-learn's
  ``multioutput="uniform_average"`` and PyTorch's reduction="mean"; our "none" is the mean over the
  outputs of each sample, which is scikit-learn's ``multioutput="raw_values"`` on transposed arrays.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special
from sklearn import metrics

import lossdocs
from lossdocs import (
    huber_loss,
    huber_loss_grad,
    log_cosh_loss,
    log_cosh_loss_grad,
    mae,
    mean_absolute_error,
    mean_absolute_error_grad,
    mean_squared_error,
    mean_squared_error_grad,
    mse,
    quantile_loss,
    quantile_loss_grad,
    sum_squared_error,
)
from tests.test_regression import BAD_INPUTS as SEED_BAD_INPUTS
from tests.test_regression import numerical_grad

Y_TRUE = [3.0, -0.5, 2.0, 7.0]
Y_PRED = [2.5, 0.0, 2.0, 8.0]
REDUCTIONS = ["sum", "mean", "none"]
DELTA = 1.5  # a Huber delta other than the default, so that the parameter is really used
QUANTILE = 0.3

mpmath.mp.prec = 2500  # enough bits for 1e300 - 1e-300 and for log(cosh(1e-300)) = 5e-601


def _mp_huber(e: mpmath.mpf, delta: float) -> mpmath.mpf:
    return e**2 / 2 if abs(e) <= delta else delta * (abs(e) - mpmath.mpf(delta) / 2)


def _mp_pinball(e: mpmath.mpf, q: float) -> mpmath.mpf:
    r = -e  # scikit-learn's residual: y_true - y_pred
    return max(q * r, (mpmath.mpf(q) - 1) * r)


def _mp_pinball_grad(e: mpmath.mpf, q: float) -> mpmath.mpf:
    return mpmath.mpf(1 - mpmath.mpf(q)) if e > 0 else (-mpmath.mpf(q) if e < 0 else mpmath.mpf(0))


@dataclass(frozen=True)
class Spec:
    """One loss of the catalog and what the tests know about it."""

    name: str
    loss: Callable[..., Any]
    grad: Callable[..., Any]
    params: dict[str, float]  # keyword parameters used by the tests
    plain: Callable[[np.ndarray], np.ndarray]  # NumPy formula of the residual e = y_pred - y_true
    exact: Callable[[mpmath.mpf], mpmath.mpf]  # the loss of one residual, in arbitrary precision
    exact_grad: Callable[[mpmath.mpf], mpmath.mpf]  # its derivative
    article: float  # the loss on the article's data, default parameters
    # The largest error allowed on hard inputs, in units of the last place: the rounding of
    # y_pred - y_true (relative error u = 2**-53 or 2**-24), times the condition number of the
    # loss (2 for a square), plus the roundings of the formula; a relative error of u is 0.5 to 1 ulp.
    max_ulps: float
    # decimal exponents of the hard residuals in float64 and float32 (where the loss is in range)
    exponents: dict[type, tuple[float, float]] = field(
        default_factory=lambda: {np.float64: (-300.0, 300.0), np.float32: (-30.0, 30.0)}
    )

    def __call__(self, y_true: object, y_pred: object, reduction: str = "mean") -> Any:
        return self.loss(y_true, y_pred, reduction=reduction, **self.params)

    def gradient(self, y_true: object, y_pred: object, reduction: str = "mean") -> Any:
        return self.grad(y_true, y_pred, reduction=reduction, **self.params)


SPECS = [
    Spec(
        "mean_squared_error",
        mean_squared_error,
        mean_squared_error_grad,
        {},
        plain=np.square,
        exact=lambda e: e**2,
        exact_grad=lambda e: 2 * e,
        article=0.375,
        max_ulps=2.5,
        exponents={np.float64: (-150.0, 150.0), np.float32: (-18.0, 18.0)},
    ),
    Spec(
        "mean_absolute_error",
        mean_absolute_error,
        mean_absolute_error_grad,
        {},
        plain=np.abs,
        exact=abs,
        exact_grad=mpmath.sign,
        article=0.5,
        max_ulps=0.5,
    ),
    Spec(
        "huber_loss",
        huber_loss,
        huber_loss_grad,
        {"delta": DELTA},
        plain=lambda e: special.huber(DELTA, e),
        exact=lambda e: _mp_huber(e, DELTA),
        exact_grad=lambda e: max(-DELTA, min(e, DELTA)),
        article=0.1875,
        max_ulps=3.0,
        exponents={np.float64: (-150.0, 300.0), np.float32: (-18.0, 30.0)},
    ),
    Spec(
        "log_cosh_loss",
        log_cosh_loss,
        log_cosh_loss_grad,
        {},
        plain=lambda e: np.logaddexp(e, -e) - np.log(2.0),  # Keras's formula; loses tiny values
        exact=lambda e: mpmath.log(mpmath.cosh(e)),
        exact_grad=mpmath.tanh,
        article=0.16850246109989556,
        max_ulps=5.0,
        exponents={np.float64: (-150.0, 300.0), np.float32: (-18.0, 30.0)},
    ),
    Spec(
        "quantile_loss",
        quantile_loss,
        quantile_loss_grad,
        {"quantile": QUANTILE},
        plain=lambda e: np.maximum(QUANTILE * -e, (QUANTILE - 1) * -e),
        exact=lambda e: _mp_pinball(e, QUANTILE),
        exact_grad=lambda e: _mp_pinball_grad(e, QUANTILE),
        article=0.25,
        max_ulps=2.5,
    ),
]
SPEC_PARAMS = [pytest.param(spec, id=spec.name) for spec in SPECS]
LOSSES = [spec.loss for spec in SPECS]
GRADS = [spec.grad for spec in SPECS]
FUNCTIONS = [pytest.param(f, id=f.__name__) for f in LOSSES + GRADS]


def total(spec: Spec, y_true: np.ndarray, y_pred: np.ndarray, reduction: str) -> float:
    """The loss as one number: the sum of the per-sample losses for reduction="none"."""
    return float(np.sum(spec(y_true, y_pred, reduction)))


def random_pair(seed: int, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Targets and predictions whose residuals lie in 0.1..3 in size, away from every kink
    (0 for the absolute and quantile losses, ±delta for Huber)."""
    rng = np.random.default_rng(seed)
    y_true = rng.normal(size=shape)
    size = rng.uniform(0.1, 3.0, size=shape)
    size[np.abs(size - DELTA) < 1e-3] += 0.01
    return y_true, y_true + rng.choice([-1.0, 1.0], size=shape) * size


# --- the article's numbers and the public names ------------------------------------------


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_article_example(spec: Spec) -> None:
    assert spec.loss(Y_TRUE, Y_PRED) == spec.article


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_article_example_is_the_exact_value_rounded(spec: Spec) -> None:
    defaults = {"huber_loss": lambda e: _mp_huber(e, 1.0), "quantile_loss": lambda e: _mp_pinball(e, 0.5)}
    exact = defaults.get(spec.name, spec.exact)
    exact_mean = (
        mpmath.fsum(exact(mpmath.mpf(y) - mpmath.mpf(t)) for t, y in zip(Y_TRUE, Y_PRED, strict=True)) / 4
    )
    assert spec.loss(Y_TRUE, Y_PRED) == pytest.approx(float(exact_mean), rel=2.3e-16)


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_default_reduction_is_mean(spec: Spec) -> None:
    assert spec.loss(Y_TRUE, Y_PRED) == spec.loss(Y_TRUE, Y_PRED, reduction="mean")
    np.testing.assert_array_equal(spec.grad(Y_TRUE, Y_PRED), spec.grad(Y_TRUE, Y_PRED, reduction="mean"))


def test_default_parameters() -> None:
    assert huber_loss(Y_TRUE, Y_PRED) == huber_loss(Y_TRUE, Y_PRED, delta=1.0)
    assert quantile_loss(Y_TRUE, Y_PRED) == quantile_loss(Y_TRUE, Y_PRED, quantile=0.5)


def test_aliases() -> None:
    assert mse is mean_squared_error
    assert mae is mean_absolute_error
    assert lossdocs.mse is lossdocs.mean_squared_error
    assert lossdocs.mae is lossdocs.mean_absolute_error


@pytest.mark.parametrize("function", FUNCTIONS)
def test_exported_from_the_package(function: Callable[..., object]) -> None:
    assert function.__name__ in lossdocs.__all__
    assert getattr(lossdocs, function.__name__) is function


@pytest.mark.parametrize("name", ["mse", "mae"])
def test_aliases_are_exported(name: str) -> None:
    assert name in lossdocs.__all__


# --- exact on hard inputs, against arbitrary precision -------------------------------------


def hard_pairs(dtype: type, exponents: tuple[float, float], n: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """Residuals of both signs from 10**low to 10**high, with targets of the same size (so the
    subtraction y_pred - y_true can cancel), and residuals of a few ulp on targets near 1."""
    rng = np.random.default_rng(7)
    low, high = exponents
    residual = rng.choice([-1.0, 1.0], n) * 10.0 ** rng.uniform(low, high, n)
    y_true = (residual * rng.uniform(-3.0, 3.0, n)).astype(dtype)
    y_pred = (y_true + residual).astype(dtype)
    near = rng.uniform(-3.0, 3.0, 10).astype(dtype)
    steps = rng.integers(-5, 6, 10)
    near_pred = np.array([_step(value, int(k)) for value, k in zip(near, steps, strict=True)], dtype=dtype)
    return np.concatenate([y_true, near]), np.concatenate([y_pred, near_pred])


def _step(value: np.floating, steps: int) -> np.floating:
    for _ in range(abs(steps)):
        value = np.nextafter(value, np.inf if steps > 0 else -np.inf)
    return value


def ulps(got: np.ndarray, exact: list[mpmath.mpf]) -> np.ndarray:
    """How far each computed value lies from the exact one, in units of the last place of its dtype."""
    rounded = np.array([float(v) for v in exact]).astype(got.dtype)
    unit = np.spacing(np.abs(rounded))
    return np.array(
        [float(abs(mpmath.mpf(float(g)) - v) / float(u)) for g, v, u in zip(got, exact, unit, strict=True)]
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_within_a_few_ulp_of_the_exact_loss(spec: Spec, dtype: type) -> None:
    y_true, y_pred = hard_pairs(dtype, spec.exponents[dtype])
    exact = [
        spec.exact(mpmath.mpf(float(y)) - mpmath.mpf(float(t))) for t, y in zip(y_true, y_pred, strict=True)
    ]
    got = spec(y_true, y_pred, "none")
    assert got.dtype == dtype
    errors = ulps(got, exact)
    assert errors.max() <= spec.max_ulps, (y_true[errors.argmax()], y_pred[errors.argmax()])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_mean_is_close_to_the_exact_mean(spec: Spec, dtype: type) -> None:
    y_true, y_pred = hard_pairs(dtype, (-3.0, 3.0))
    exact = [
        spec.exact(mpmath.mpf(float(y)) - mpmath.mpf(float(t))) for t, y in zip(y_true, y_pred, strict=True)
    ]
    exact_mean = float(mpmath.fsum(exact) / len(exact))
    rel = 1e-15 if dtype == np.float64 else 1e-6
    assert spec(y_true, y_pred) == pytest.approx(exact_mean, rel=rel)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_gradient_within_a_few_ulp_of_the_exact_derivative(spec: Spec, dtype: type) -> None:
    y_true, y_pred = hard_pairs(dtype, spec.exponents[dtype])
    exact = [
        spec.exact_grad(mpmath.mpf(float(y)) - mpmath.mpf(float(t)))
        for t, y in zip(y_true, y_pred, strict=True)
    ]
    got = spec.gradient(y_true, y_pred, "sum")  # one output per sample: no scale factor
    assert got.dtype == dtype
    assert ulps(got, exact).max() <= spec.max_ulps


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("residual", [30.0, 400.0, 1000.0, 1e10, 1e300])
def test_log_cosh_of_large_residuals_is_linear(dtype: type, residual: float) -> None:
    # np.log(np.cosh(r)) overflows to inf beyond 710 (89 in float32); the loss is |r| - log 2.
    residual = min(residual, 1e30) if dtype == np.float32 else residual
    y_true = np.zeros(2, dtype=dtype)
    y_pred = np.array([residual, -residual], dtype=dtype)
    expected = float(mpmath.log(mpmath.cosh(mpmath.mpf(float(y_pred[0])))))
    got = log_cosh_loss(y_true, y_pred, reduction="none")
    np.testing.assert_array_equal(got, np.array([expected, expected]).astype(dtype))


@pytest.mark.parametrize("residual", [1e-10, 1e-100, 1e-160])
def test_log_cosh_of_tiny_residuals_is_half_the_square(residual: float) -> None:
    # |r| + log1p(exp(-2|r|)) - log 2 gives 0 here; the true value is r^2 / 2.
    got = log_cosh_loss([0.0], [residual], reduction="none")[0]
    assert got == pytest.approx(residual**2 / 2, rel=1e-15, abs=5e-324)


def test_huber_of_huge_residuals_does_not_overflow() -> None:
    # 0.5 * r**2 overflows for |r| > 1.3e154; the loss itself is linear and finite there.
    assert huber_loss([0.0, 0.0], [1e300, -1e300], reduction="none").tolist() == [1e300 - 0.5, 1e300 - 0.5]


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_finite_inputs_that_overflow_give_inf_not_nan_or_a_warning(spec: Spec) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = spec([-1.7e308, 0.0], [1.7e308, 0.0], "sum")
        grad = spec.gradient([-1.7e308, 0.0], [1.7e308, 0.0], "sum")
    assert result == math.inf
    assert not np.isnan(grad).any()


# --- reference implementations: SciPy, scikit-learn, Keras's formula, PyTorch ------------

REFERENCE_SHAPES = [(1,), (7,), (50,), (5, 3), (4, 2, 3)]


def random_inputs(seed: int, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    scale = 10.0 ** rng.uniform(-3, 3)
    return rng.normal(size=shape) * scale, rng.normal(size=shape) * scale


def sklearn_mean(metric: Callable[..., float], y_true: np.ndarray, y_pred: np.ndarray, **kw: Any) -> float:
    """scikit-learn's uniform average over all outputs (it takes 1-D or 2-D arrays)."""
    n = y_true.shape[0]
    return metric(y_true.reshape(n, -1), y_pred.reshape(n, -1), multioutput="uniform_average", **kw)


def sklearn_per_sample(
    metric: Callable[..., np.ndarray], y_true: np.ndarray, y_pred: np.ndarray, **kw: Any
) -> np.ndarray:
    """The mean over the outputs of each sample: raw values per column of the transposed arrays."""
    n = y_true.shape[0]
    return metric(y_true.reshape(n, -1).T, y_pred.reshape(n, -1).T, multioutput="raw_values", **kw)


SKLEARN_CASES = [
    pytest.param(mean_squared_error, metrics.mean_squared_error, {}, {}, id="mean_squared_error"),
    pytest.param(mean_absolute_error, metrics.mean_absolute_error, {}, {}, id="mean_absolute_error"),
    pytest.param(
        quantile_loss, metrics.mean_pinball_loss, {"quantile": 0.1}, {"alpha": 0.1}, id="quantile-0.1"
    ),
    pytest.param(
        quantile_loss, metrics.mean_pinball_loss, {"quantile": 0.5}, {"alpha": 0.5}, id="quantile-0.5"
    ),
    pytest.param(
        quantile_loss, metrics.mean_pinball_loss, {"quantile": 0.95}, {"alpha": 0.95}, id="quantile-0.95"
    ),
]


@pytest.mark.parametrize(("ours", "theirs", "our_kw", "their_kw"), SKLEARN_CASES)
@pytest.mark.parametrize("shape", REFERENCE_SHAPES)
def test_matches_scikit_learn(
    ours: Callable[..., Any],
    theirs: Callable[..., Any],
    our_kw: dict[str, float],
    their_kw: dict[str, float],
    shape: tuple[int, ...],
) -> None:
    for seed in range(40):
        y_true, y_pred = random_inputs(seed, shape)
        expected = sklearn_mean(theirs, y_true, y_pred, **their_kw)
        assert ours(y_true, y_pred, **our_kw) == pytest.approx(expected, rel=1e-13)
        assert ours(y_true, y_pred, reduction="sum", **our_kw) == pytest.approx(
            expected * shape[0], rel=1e-13
        )
        np.testing.assert_allclose(
            ours(y_true, y_pred, reduction="none", **our_kw),
            sklearn_per_sample(theirs, y_true, y_pred, **their_kw),
            rtol=1e-13,
        )


@pytest.mark.parametrize("delta", [0.01, 1.0, 3.0, 1e4])
@pytest.mark.parametrize("shape", REFERENCE_SHAPES)
def test_huber_matches_scipy(delta: float, shape: tuple[int, ...]) -> None:
    for seed in range(40):
        y_true, y_pred = random_inputs(seed, shape)
        elementwise = special.huber(delta, y_pred - y_true)  # SciPy's residual: y_pred - y_true
        n = shape[0]
        assert huber_loss(y_true, y_pred, delta=delta) == pytest.approx(np.mean(elementwise), rel=1e-13)
        np.testing.assert_allclose(
            huber_loss(y_true, y_pred, delta=delta, reduction="none"),
            elementwise.reshape(n, -1).mean(axis=1),
            rtol=1e-13,
        )


@pytest.mark.parametrize("shape", REFERENCE_SHAPES)
def test_log_cosh_matches_the_keras_formula(shape: tuple[int, ...]) -> None:
    # Keras: x + softplus(-2x) - log 2, which equals logaddexp(x, -x) - log 2. It loses the
    # relative accuracy of small values, hence the absolute tolerance.
    for seed in range(40):
        rng = np.random.default_rng(seed)
        y_true, y_pred = rng.normal(size=shape) * 5, rng.normal(size=shape) * 5
        r = y_pred - y_true
        expected = np.mean(np.logaddexp(r, -r) - np.log(2.0))
        assert log_cosh_loss(y_true, y_pred) == pytest.approx(expected, rel=1e-12, abs=1e-15)


TORCH_CASES = ["mean_squared_error", "mean_absolute_error", "huber_loss"]


@pytest.mark.parametrize("name", TORCH_CASES)
@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("shape", [(1,), (9,), (4, 3), (2, 3, 2)])
def test_matches_pytorch_and_its_autograd(name: str, reduction: str, shape: tuple[int, ...]) -> None:
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    theirs = {
        "mean_squared_error": functional.mse_loss,
        "mean_absolute_error": functional.l1_loss,
        "huber_loss": lambda y, t, reduction: functional.huber_loss(y, t, reduction=reduction, delta=DELTA),
    }[name]
    spec = next(spec for spec in SPECS if spec.name == name)
    y_true, y_pred = random_pair(3, shape)
    prediction = torch.tensor(y_pred, dtype=torch.float64, requires_grad=True)
    loss = theirs(prediction, torch.tensor(y_true, dtype=torch.float64), reduction=reduction)
    loss.backward()
    # PyTorch's "sum" adds every element; ours adds per-sample means, so it is smaller by the
    # number of outputs per sample. Its "mean" is the mean over all elements, as ours.
    outputs = math.prod(shape[1:])
    factor = outputs if reduction == "sum" else 1
    assert spec(y_true, y_pred, reduction) * factor == pytest.approx(loss.item(), rel=1e-13)
    np.testing.assert_allclose(
        spec.gradient(y_true, y_pred, reduction) * factor, prediction.grad.numpy(), rtol=1e-13
    )


# --- gradients against central finite differences -----------------------------------------


@pytest.mark.parametrize("spec", SPEC_PARAMS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(1,), (4,), (3, 2), (2, 3, 2)])
def test_gradient_matches_finite_differences(spec: Spec, reduction: str, shape: tuple[int, ...]) -> None:
    y_true, y_pred = random_pair(0, shape)
    analytic = spec.gradient(y_true, y_pred, reduction)
    numeric = numerical_grad(lambda p: total(spec, y_true, p, reduction), y_pred)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_gradient_of_none_is_the_gradient_of_sum(spec: Spec) -> None:
    y_true, y_pred = random_pair(1, (3, 2))
    np.testing.assert_array_equal(spec.gradient(y_true, y_pred, "none"), spec.gradient(y_true, y_pred, "sum"))


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_gradient_of_mean_is_gradient_of_sum_over_n(spec: Spec) -> None:
    y_true, y_pred = random_pair(2, (5, 2))
    np.testing.assert_allclose(
        spec.gradient(y_true, y_pred, "mean"), spec.gradient(y_true, y_pred, "sum") / 5, rtol=1e-15
    )


@pytest.mark.parametrize("spec", SPEC_PARAMS)
@pytest.mark.parametrize("shape", [(1,), (7,), (4, 3), (2, 3, 4)])
def test_gradient_is_shaped_like_y_pred(spec: Spec, shape: tuple[int, ...]) -> None:
    assert spec.gradient(np.zeros(shape), np.ones(shape)).shape == shape


@pytest.mark.parametrize("function", [mean_absolute_error_grad, quantile_loss_grad])
def test_subgradient_is_zero_where_the_prediction_is_exact(function: Callable[..., np.ndarray]) -> None:
    grad = function([1.0, 2.0, 3.0], [1.0, 5.0, 0.0], reduction="sum")
    assert grad[0] == 0.0
    assert not np.signbit(grad[0])


def test_gradients_in_words() -> None:
    # MAE: the sign; Huber: the error clipped to ±delta; quantile: 1 - q above, -q below.
    t, y = [0.0, 0.0, 0.0], [-3.0, 0.5, 2.0]
    np.testing.assert_array_equal(mean_absolute_error_grad(t, y, reduction="sum"), [-1.0, 1.0, 1.0])
    np.testing.assert_array_equal(huber_loss_grad(t, y, delta=1.0, reduction="sum"), [-1.0, 0.5, 1.0])
    np.testing.assert_allclose(quantile_loss_grad(t, y, quantile=0.9, reduction="sum"), [-0.9, 0.1, 0.1])
    np.testing.assert_allclose(log_cosh_loss_grad(t, y, reduction="sum"), np.tanh(y))


# --- reductions and shapes ------------------------------------------------------------------


@pytest.mark.parametrize("spec", SPEC_PARAMS)
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_sum_and_mean_return_a_python_float(spec: Spec, reduction: str) -> None:
    assert type(spec(Y_TRUE, Y_PRED, reduction)) is float


@pytest.mark.parametrize("spec", SPEC_PARAMS)
@pytest.mark.parametrize("shape", [(6,), (6, 3), (6, 2, 2)])
def test_per_sample_loss_is_the_mean_over_outputs(spec: Spec, shape: tuple[int, ...]) -> None:
    y_true, y_pred = random_pair(4, shape)
    elementwise = spec.plain(y_pred - y_true)
    per_sample = spec(y_true, y_pred, "none")
    assert isinstance(per_sample, np.ndarray)
    assert per_sample.shape == (6,)
    np.testing.assert_allclose(per_sample, elementwise.reshape(6, -1).mean(axis=1), rtol=1e-13)
    assert spec(y_true, y_pred) == pytest.approx(float(np.mean(elementwise)), rel=1e-13)
    assert spec(y_true, y_pred, "sum") == pytest.approx(float(np.sum(per_sample)), rel=1e-13)


def test_mse_is_sse_over_the_number_of_elements() -> None:
    y_true, y_pred = random_inputs(5, (8, 3))
    assert mean_squared_error(y_true, y_pred) == pytest.approx(sum_squared_error(y_true, y_pred) / 24)


@pytest.mark.parametrize("spec", SPEC_PARAMS)
@pytest.mark.parametrize("shape", [(0,), (0, 3)])
def test_empty_batch(spec: Spec, shape: tuple[int, ...]) -> None:
    assert spec(np.zeros(shape), np.zeros(shape), "sum") == 0.0
    assert spec(np.zeros(shape), np.zeros(shape), "none").shape == (0,)
    assert spec.gradient(np.zeros(shape), np.zeros(shape), "sum").shape == shape


@pytest.mark.parametrize("function", FUNCTIONS)
def test_mean_over_zero_samples_is_an_error(function: Callable[..., object]) -> None:
    with pytest.raises(ValueError, match=r"reduction='mean' needs at least one sample, got 0 samples"):
        function([], [])


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_samples_without_outputs_are_an_error(function: Callable[..., object], reduction: str) -> None:
    with pytest.raises(ValueError, match=r"no outputs per sample: shape \(3, 0\)(.|\n)*axis 0 is the sample"):
        function(np.zeros((3, 0)), np.zeros((3, 0)), reduction=reduction)


# --- dtypes, containers and memory layouts --------------------------------------------------


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_float32_keeps_its_dtype_and_is_close_to_float64(spec: Spec) -> None:
    y_true, y_pred = random_pair(3, (100, 3))
    t32, y32 = y_true.astype(np.float32), y_pred.astype(np.float32)
    assert spec(t32, y32) == pytest.approx(spec(y_true, y_pred), rel=1e-5)
    assert spec(t32, y32, "none").dtype == np.float32
    grad32 = spec.gradient(t32, y32)
    assert grad32.dtype == np.float32
    np.testing.assert_allclose(grad32, spec.gradient(y_true, y_pred), rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_int_inputs_are_read_as_floats(spec: Spec) -> None:
    expected = spec([1.0, 2.0, 3.0], [2.0, 2.0, 5.0])
    assert spec(np.array([1, 2, 3]), np.array([2, 2, 5])) == expected
    assert spec(np.array([1, 2, 3], dtype=np.int8), np.array([2, 2, 5], dtype=np.uint8)) == expected
    assert spec.gradient([1, 2, 3], [2, 2, 5]).dtype == np.float64


@pytest.mark.parametrize("spec", SPEC_PARAMS)
@pytest.mark.parametrize("container", [list, tuple, np.array], ids=["list", "tuple", "array"])
def test_lists_tuples_and_arrays_give_the_same_result(spec: Spec, container: Callable[..., Any]) -> None:
    assert spec(container(Y_TRUE), container(Y_PRED)) == spec(np.array(Y_TRUE), np.array(Y_PRED))
    np.testing.assert_array_equal(
        spec.gradient(container(Y_TRUE), container(Y_PRED)), spec.gradient(np.array(Y_TRUE), np.array(Y_PRED))
    )


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_one_sample(spec: Spec) -> None:
    one = spec([2.0], [5.0], "none")
    assert one.shape == (1,)
    assert one[0] == pytest.approx(float(spec.plain(np.array([3.0]))[0]))
    assert spec([[1.0, 2.0]], [[0.0, 0.0]]) == pytest.approx(
        float(np.mean(spec.plain(np.array([-1.0, -2.0]))))
    )


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_many_samples(spec: Spec) -> None:
    rng = np.random.default_rng(6)
    y_true, y_pred = rng.normal(size=100_000), rng.normal(size=100_000)
    assert spec(y_true, y_pred) == pytest.approx(float(np.mean(spec.plain(y_pred - y_true))), rel=1e-12)


VIEWS = [
    pytest.param(lambda a: a[::2], id="step"),
    pytest.param(lambda a: a.T, id="transpose"),
    pytest.param(lambda a: a[:, ::-1], id="reversed"),
    pytest.param(lambda a: a[1:, 2:5], id="slice"),
]


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("view", VIEWS)
def test_non_contiguous_inputs(
    function: Callable[..., Any], view: Callable[[np.ndarray], np.ndarray]
) -> None:
    y_true, y_pred = random_pair(5, (6, 6))
    y_true, y_pred = view(y_true), view(y_pred)
    assert not y_true.flags.c_contiguous
    expected = function(np.ascontiguousarray(y_true), np.ascontiguousarray(y_pred), reduction="none")
    np.testing.assert_array_equal(function(y_true, y_pred, reduction="none"), expected)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_read_only_inputs_are_used_and_never_modified(
    function: Callable[..., Any], reduction: str, dtype: type
) -> None:
    y_true, y_pred = np.array(Y_TRUE, dtype=dtype), np.array(Y_PRED, dtype=dtype)
    expected = function(y_true.copy(), y_pred.copy(), reduction=reduction)
    y_true.flags.writeable = False
    y_pred.flags.writeable = False
    result = function(y_true, y_pred, reduction=reduction)
    np.testing.assert_array_equal(result, expected)
    np.testing.assert_array_equal(y_true, np.array(Y_TRUE, dtype=dtype))
    np.testing.assert_array_equal(y_pred, np.array(Y_PRED, dtype=dtype))
    if isinstance(result, np.ndarray):
        assert not np.shares_memory(result, y_true)
        assert not np.shares_memory(result, y_pred)


# --- bad input ------------------------------------------------------------------------------

# The battery of the seed tests (shapes, NaN, inf, strings, ragged lists, scalars, complex
# numbers), and cases it does not have.
BAD_INPUTS = [
    *SEED_BAD_INPUTS,
    pytest.param([1.0], [[1.0]], ValueError, r"for example y_pred.reshape\(-1\) or y_true", id="shape-hint"),
    pytest.param(
        [[1.0, 2.0]],
        [[1.0, np.nan]],
        ValueError,
        r"y_pred must be finite, found nan at index \(0, 1\)",
        id="nan-2d",
    ),
    pytest.param(
        [1.0, np.nan], [1.0, 2.0], ValueError, r"(.|\n)*Remove or replace the missing", id="nan-hint"
    ),
    pytest.param([np.nan], [np.inf], ValueError, r"y_true must be finite, found nan", id="nan-and-inf"),
    pytest.param(
        np.array([1.0, np.nan], dtype=np.float32),
        np.zeros(2, dtype=np.float32),
        ValueError,
        r"y_true must be finite, found nan",
        id="nan-float32",
    ),
    pytest.param([1.0, None], [1.0, 2.0], TypeError, r"y_true must contain real numbers", id="none-y_true"),
    pytest.param(1.0, 2.0, ValueError, r"(.|\n)*Wrap a single sample in a list", id="scalar-hint"),
]


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(("y_true", "y_pred", "error", "match"), BAD_INPUTS)
def test_bad_input_is_refused_without_a_warning(
    function: Callable[..., object],
    reduction: str,
    y_true: object,
    y_pred: object,
    error: type[Exception],
    match: str,
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=match):
            function(y_true, y_pred, reduction=reduction)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", ["nan", ["avg"], "average", None, "SUM", "batchmean"])
def test_unknown_reduction_is_refused(function: Callable[..., object], reduction: object) -> None:
    with pytest.raises(ValueError, match=r"reduction must be one of 'sum', 'mean' or 'none', got"):
        function(Y_TRUE, Y_PRED, reduction=reduction)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_arguments_after_y_pred_are_keyword_only(function: Callable[..., object]) -> None:
    with pytest.raises(TypeError):
        function(Y_TRUE, Y_PRED, "mean")


BAD_DELTAS = [
    pytest.param(
        0.0, ValueError, r"delta must be positive and finite, got 0\.0\.\n(.|\n)*delta=1\.0", id="0"
    ),
    pytest.param(-1.0, ValueError, r"delta must be positive and finite, got -1\.0", id="negative"),
    pytest.param(math.nan, ValueError, r"delta must be positive and finite, got nan", id="nan"),
    pytest.param(math.inf, ValueError, r"delta must be positive and finite, got inf", id="inf"),
    pytest.param(
        True, TypeError, r"delta must be a real number, got True of type bool\.\n.*delta=1\.0", id="bool"
    ),
    pytest.param("1.0", TypeError, r"delta must be a real number, got '1\.0' of type str", id="str"),
    pytest.param(None, TypeError, r"delta must be a real number, got None of type NoneType", id="None"),
    pytest.param([1.0], TypeError, r"delta must be a real number, got \[1\.0\] of type list", id="list"),
    pytest.param(np.array([1.0]), TypeError, r"delta must be a real number, got array", id="array"),
]
BAD_QUANTILES = [
    pytest.param(0.0, ValueError, r"quantile must lie strictly between 0 and 1, got 0\.0", id="0"),
    pytest.param(1.0, ValueError, r"quantile must lie strictly between 0 and 1, got 1\.0", id="1"),
    pytest.param(-0.1, ValueError, r"quantile must lie strictly between 0 and 1, got -0\.1", id="negative"),
    pytest.param(
        90, ValueError, r"got 90\.\n.*0\.9 for the 90th percentile; divide a percentage by 100", id="percent"
    ),
    pytest.param(math.nan, ValueError, r"quantile must lie strictly between 0 and 1, got nan", id="nan"),
    pytest.param(math.inf, ValueError, r"quantile must lie strictly between 0 and 1, got inf", id="inf"),
    pytest.param(
        False,
        TypeError,
        r"quantile must be a real number, got False of type bool\.\n.*quantile=0\.5",
        id="bool",
    ),
    pytest.param("0.5", TypeError, r"quantile must be a real number, got '0\.5' of type str", id="str"),
    pytest.param(None, TypeError, r"quantile must be a real number, got None", id="None"),
    pytest.param(0.5j, TypeError, r"quantile must be a real number, got 0\.5j of type complex", id="complex"),
]


@pytest.mark.parametrize("function", [huber_loss, huber_loss_grad])
@pytest.mark.parametrize(("delta", "error", "match"), BAD_DELTAS)
def test_bad_delta_is_refused(
    function: Callable[..., object], delta: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        function(Y_TRUE, Y_PRED, delta=delta)


@pytest.mark.parametrize("function", [quantile_loss, quantile_loss_grad])
@pytest.mark.parametrize(("quantile", "error", "match"), BAD_QUANTILES)
def test_bad_quantile_is_refused(
    function: Callable[..., object], quantile: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        function(Y_TRUE, Y_PRED, quantile=quantile)


@pytest.mark.parametrize("delta", [2, np.float32(0.5), np.float64(1e-3), 1e300])
def test_numeric_deltas_of_any_type_are_accepted(delta: object) -> None:
    assert huber_loss(Y_TRUE, Y_PRED, delta=delta) >= 0.0  # type: ignore[arg-type]
    assert huber_loss_grad(Y_TRUE, Y_PRED, delta=delta).shape == (4,)  # type: ignore[arg-type]


@pytest.mark.parametrize("quantile", [np.float32(0.25), np.float64(0.75), 1e-300, 1 - 2**-53])
def test_numeric_quantiles_of_any_type_are_accepted(quantile: object) -> None:
    assert quantile_loss(Y_TRUE, Y_PRED, quantile=quantile) >= 0.0  # type: ignore[arg-type]
    assert quantile_loss_grad(Y_TRUE, Y_PRED, quantile=quantile).shape == (4,)  # type: ignore[arg-type]


# --- properties -----------------------------------------------------------------------------

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5)
deltas = st.floats(1e-3, 1e3)
quantiles = st.floats(0.01, 0.99)


@st.composite
def pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    arrays = hnp.arrays(np.float64, draw(shapes), elements=finite)
    return draw(arrays), draw(arrays)


@st.composite
def losses_with_parameters(draw: st.DrawFn) -> Spec:
    spec = draw(st.sampled_from(SPECS))
    # Only the loss and its gradient see the drawn parameter, not `plain` or `exact`.
    if "delta" in spec.params:
        return replace(spec, params={"delta": draw(deltas)})
    if "quantile" in spec.params:
        return replace(spec, params={"quantile": draw(quantiles)})
    return spec


@given(losses_with_parameters(), pairs())
def test_loss_is_not_negative(spec: Spec, pair: tuple[np.ndarray, np.ndarray]) -> None:
    y_true, y_pred = pair
    assert spec(y_true, y_pred) >= 0.0
    assert spec(y_true, y_pred, "sum") >= 0.0
    assert np.all(spec(y_true, y_pred, "none") >= 0.0)


@given(losses_with_parameters(), shapes.flatmap(lambda shape: hnp.arrays(np.float64, shape, elements=finite)))
def test_loss_and_gradient_are_zero_at_a_perfect_prediction(spec: Spec, y: np.ndarray) -> None:
    for reduction in REDUCTIONS:
        losses = np.atleast_1d(spec(y, y, reduction))
        assert np.all(losses == 0.0)
        assert not np.any(np.signbit(losses))  # +0.0, never -0.0
        assert np.all(spec.gradient(y, y, reduction) == 0.0)


@given(pairs(), deltas)
def test_huber_is_half_the_square_inside_delta_and_linear_outside(
    pair: tuple[np.ndarray, np.ndarray], delta: float
) -> None:
    y_true, y_pred = pair
    r = (y_pred - y_true).reshape(-1)
    losses = huber_loss(y_true.reshape(-1), y_pred.reshape(-1), delta=delta, reduction="none")
    inside = np.abs(r) <= delta
    np.testing.assert_allclose(losses[inside], 0.5 * r[inside] ** 2, rtol=1e-15, atol=1e-300)
    np.testing.assert_allclose(losses[~inside], delta * (np.abs(r[~inside]) - 0.5 * delta), rtol=2e-15)
    grads = huber_loss_grad(y_true.reshape(-1), y_pred.reshape(-1), delta=delta, reduction="sum")
    np.testing.assert_array_equal(grads[inside], r[inside])
    np.testing.assert_array_equal(grads[~inside], delta * np.sign(r[~inside]))


@given(pairs())
def test_quantile_loss_at_one_half_is_half_the_absolute_error(pair: tuple[np.ndarray, np.ndarray]) -> None:
    y_true, y_pred = pair
    for reduction in REDUCTIONS:
        half_mae = np.asarray(mean_absolute_error(y_true, y_pred, reduction=reduction)) * 0.5
        np.testing.assert_allclose(quantile_loss(y_true, y_pred, quantile=0.5, reduction=reduction), half_mae)
        np.testing.assert_array_equal(
            quantile_loss_grad(y_true, y_pred, quantile=0.5, reduction=reduction),
            mean_absolute_error_grad(y_true, y_pred, reduction=reduction) * 0.5,
        )


@given(pairs(), quantiles)
def test_quantile_loss_swaps_with_the_arguments(pair: tuple[np.ndarray, np.ndarray], quantile: float) -> None:
    # Predicting the q-quantile of t from y costs what predicting the (1 - q)-quantile of y from t does.
    y_true, y_pred = pair
    np.testing.assert_allclose(
        quantile_loss(y_true, y_pred, quantile=quantile, reduction="none"),
        quantile_loss(y_pred, y_true, quantile=1 - quantile, reduction="none"),
        rtol=1e-14,
    )


@given(pairs())
def test_symmetric_losses_do_not_depend_on_the_argument_order(pair: tuple[np.ndarray, np.ndarray]) -> None:
    y_true, y_pred = pair
    for loss in (mean_squared_error, mean_absolute_error, huber_loss, log_cosh_loss):
        np.testing.assert_array_equal(
            loss(y_true, y_pred, reduction="none"), loss(y_pred, y_true, reduction="none")
        )


@given(pairs())
def test_log_cosh_lies_between_the_huber_loss_and_half_the_square(
    pair: tuple[np.ndarray, np.ndarray],
) -> None:
    # |r| - log 2 <= log cosh r <= r^2 / 2 for every r; so are their means over the outputs.
    y_true, y_pred = pair
    r = np.abs(y_pred - y_true).reshape(y_true.shape[0], -1)
    losses = log_cosh_loss(y_true, y_pred, reduction="none")
    assert np.all(losses <= np.mean(0.5 * r**2, axis=1) * (1 + 1e-15))
    assert np.all(losses >= np.mean(r - math.log(2.0), axis=1) - 1e-9 * np.mean(r, axis=1))


@given(losses_with_parameters(), pairs())
def test_per_sample_losses_add_up_to_the_sum_and_average_to_the_mean(
    spec: Spec, pair: tuple[np.ndarray, np.ndarray]
) -> None:
    y_true, y_pred = pair
    per_sample = spec(y_true, y_pred, "none")
    assert per_sample.shape == (y_true.shape[0],)
    assert spec(y_true, y_pred, "sum") == pytest.approx(float(np.sum(per_sample)), rel=1e-14)
    assert spec(y_true, y_pred) == pytest.approx(float(np.mean(per_sample)), rel=1e-14)
