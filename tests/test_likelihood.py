"""Tests of the likelihood losses: gaussian_nll_loss and poisson_nll_loss with their gradients.

References, and how their conventions map to ours:

- argument order: lossdocs takes ``(y_true, mean, variance)`` and ``(y_true, y_pred)``; PyTorch
  ``(input=mean, target, var)`` and ``(input=y_pred, target)``; SciPy's ``norm.logpdf(x, loc, scale)``
  takes the standard deviation, ``scale = sqrt(variance)``, and ``poisson.logpmf(k, mu)`` the rate.
- reductions: the loss of a sample is the mean over its outputs, so our "mean" is the mean over
  all elements, as PyTorch's; PyTorch's "sum" is m times ours (m outputs per sample), and its
  "none" returns the elements, whose row means are our "none".
- PyTorch clamps the variance to eps=1e-6 (the tests use larger variances), takes log(rate + eps)
  with eps=1e-8 (the tests pass eps=0.0), and with full=True adds Stirling's approximation of
  log(y!) for counts above 1 (the tests add the difference from the exact log(y!)).
"""

from __future__ import annotations

import inspect
import math
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special, stats

import lossdocs
from lossdocs import (
    gaussian_nll_loss,
    gaussian_nll_loss_grad,
    mean_squared_error,
    poisson_nll_loss,
    poisson_nll_loss_grad,
)
from lossdocs.likelihood import _log_factorial
from tests.test_regression import BAD_INPUTS as SEED_BAD_INPUTS
from tests.test_regression import numerical_grad

MP = mpmath.mp.clone()
MP.prec = 300  # exp(710) and log(1e-320) exactly enough; y z - e^z cancels at most ~60 bits here
REDUCTIONS = ["sum", "mean", "none"]
HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)

Y = [3.0, -0.5, 2.0, 7.0]
MEAN = [2.5, 0.0, 2.0, 8.0]
VARIANCE = [0.25, 4.0, 1.0, 2.0]
COUNTS = [0, 1, 2, 5]
LOG_RATES = [-1.0, 0.0, 1.0, 1.5]


@contextmanager
def no_warnings() -> Iterator[None]:
    """Turn every warning (a RuntimeWarning of NumPy, say) into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def rows(values: np.ndarray) -> np.ndarray:
    return values.reshape(len(values), -1)


# --- the functions as one table, for the tests that hold for both ----------------------------


@dataclass(frozen=True)
class Case:
    """A loss with fixed keyword arguments, and how to make valid inputs for it."""

    name: str
    loss: Callable[..., Any]
    grad: Callable[..., Any]
    kwargs: dict[str, Any]

    def __str__(self) -> str:
        options = ",".join(f"{k}={v}" for k, v in self.kwargs.items())
        return f"{self.name}[{options}]" if options else self.name

    @property
    def gaussian(self) -> bool:
        return self.loss is gaussian_nll_loss

    def inputs(self, rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[np.ndarray, ...]:
        """Valid inputs away from every boundary, for finite differences."""
        if self.gaussian:
            y = rng.normal(size=shape)
            return y, y + rng.normal(size=shape), rng.uniform(0.3, 3.0, size=shape)
        counts = rng.poisson(3.0, size=shape).astype(float)
        if self.kwargs.get("log_input", True):
            return counts, rng.normal(0.5, 1.0, size=shape)
        return counts, rng.uniform(0.5, 4.0, size=shape)

    def __call__(self, *args: Any, reduction: str = "mean") -> Any:
        return self.loss(*args, reduction=reduction, **self.kwargs)

    def gradients(self, *args: Any, reduction: str = "mean") -> tuple[np.ndarray, ...]:
        """The gradient with respect to each differentiable input: (mean, variance) or (y_pred,)."""
        result = self.grad(*args, reduction=reduction, **self.kwargs)
        return result if isinstance(result, tuple) else (result,)

    def example(self) -> tuple[list[float] | list[int], ...]:
        if self.gaussian:
            return Y, MEAN, VARIANCE
        return COUNTS, (LOG_RATES if self.kwargs.get("log_input", True) else [0.5, 1.0, 2.0, 4.0])


CASES = [
    Case("gaussian", gaussian_nll_loss, gaussian_nll_loss_grad, {}),
    Case("gaussian", gaussian_nll_loss, gaussian_nll_loss_grad, {"full": True}),
    Case("poisson", poisson_nll_loss, poisson_nll_loss_grad, {}),
    Case("poisson", poisson_nll_loss, poisson_nll_loss_grad, {"full": True}),
    Case("poisson", poisson_nll_loss, poisson_nll_loss_grad, {"log_input": False}),
    Case("poisson", poisson_nll_loss, poisson_nll_loss_grad, {"log_input": False, "full": True}),
]
CASE_PARAMS = [pytest.param(case, id=str(case)) for case in CASES]
FUNCTIONS = [gaussian_nll_loss, gaussian_nll_loss_grad, poisson_nll_loss, poisson_nll_loss_grad]
FUNCTION_PARAMS = [pytest.param(f, id=f.__name__) for f in FUNCTIONS]


def total(case: Case, *args: Any, reduction: str) -> float:
    """The loss as one number: the sum of the per-sample losses for reduction="none"."""
    return float(np.sum(case(*args, reduction=reduction)))


# --- written-out formulas: the references of the tests below -------------------------------


def gaussian_elements(y: np.ndarray, mean: np.ndarray, variance: np.ndarray, full: bool) -> np.ndarray:
    """0.5 (log v + (y - mu)^2 / v), the formula of the docstring, element by element."""
    return 0.5 * (np.log(variance) + (y - mean) ** 2 / variance) + (HALF_LOG_2PI if full else 0.0)


def log_factorial(counts: np.ndarray) -> np.ndarray:
    return np.vectorize(lambda k: math.lgamma(k + 1.0))(counts)


def poisson_elements(
    counts: np.ndarray, pred: np.ndarray, *, log_input: bool = True, full: bool = False
) -> np.ndarray:
    elements = np.exp(pred) - counts * pred if log_input else pred - special.xlogy(counts, pred)
    return elements + (log_factorial(counts) if full else 0.0)


def stirling(counts: np.ndarray) -> np.ndarray:
    """PyTorch's term for full=True: y log y - y + log(2 pi y) / 2 for y > 1, and 0 for y <= 1."""
    safe = np.maximum(counts, 1.0)
    return np.where(counts > 1, counts * np.log(safe) - counts + 0.5 * np.log(2 * np.pi * safe), 0.0)


# --- the examples, the public names, the signatures -----------------------------------------


def test_examples() -> None:
    assert gaussian_nll_loss(Y, MEAN, [1.0] * 4) == 0.1875  # half the MSE of the seed article, 0.375
    np.testing.assert_allclose(
        gaussian_nll_loss(Y, MEAN, VARIANCE, reduction="none"),
        gaussian_elements(np.array(Y), np.array(MEAN), np.array(VARIANCE), False),
        rtol=1e-15,
    )
    # the rate equals the count: the smallest loss for that count, and a zero gradient
    assert poisson_nll_loss([2.0], [math.log(2.0)], reduction="none")[0] == pytest.approx(2 - 2 * math.log(2))
    assert poisson_nll_loss_grad([2.0], [2.0], log_input=False)[0] == 0.0
    assert poisson_nll_loss([0, 3], [0.0, 0.0], log_input=False, reduction="none").tolist() == [0.0, math.inf]


@pytest.mark.parametrize("function", FUNCTION_PARAMS)
def test_exported_from_the_package(function: Callable[..., object]) -> None:
    assert function.__name__ in lossdocs.__all__
    assert getattr(lossdocs, function.__name__) is function
    assert function.__module__ == "lossdocs.likelihood"


def keywords(function: Callable[..., object]) -> list[tuple[str, object]]:
    parameters = inspect.signature(function).parameters.values()
    return [(p.name, p.default) for p in parameters if p.kind is p.KEYWORD_ONLY]


def test_signatures() -> None:
    assert list(inspect.signature(gaussian_nll_loss).parameters)[:3] == ["y_true", "mean", "variance"]
    weights = ("sample_weight", None)
    assert keywords(gaussian_nll_loss) == [("full", False), ("reduction", "mean"), weights]
    assert keywords(poisson_nll_loss) == [
        ("log_input", True),
        ("full", False),
        ("reduction", "mean"),
        weights,
    ]
    assert keywords(gaussian_nll_loss_grad) == keywords(gaussian_nll_loss)
    assert keywords(poisson_nll_loss_grad) == keywords(poisson_nll_loss)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_default_reduction_is_mean(case: Case) -> None:
    args = case.example()
    assert case.loss(*args, **case.kwargs) == case(*args, reduction="mean")
    for ours, mean in zip(case.gradients(*args), case.gradients(*args, reduction="mean"), strict=True):
        np.testing.assert_array_equal(ours, mean)


@pytest.mark.parametrize("function", FUNCTION_PARAMS)
def test_arguments_after_the_inputs_are_keyword_only(function: Callable[..., object]) -> None:
    args = (Y, MEAN, VARIANCE) if "gaussian" in function.__name__ else (COUNTS, LOG_RATES)
    with pytest.raises(TypeError):
        function(*args, True)


# --- references: written-out formulas, SciPy, PyTorch --------------------------------------

REFERENCE_SHAPES = [(1,), (7,), (5, 3), (4, 2, 3)]


@pytest.mark.parametrize("case", CASE_PARAMS)
@pytest.mark.parametrize("shape", REFERENCE_SHAPES)
def test_matches_the_written_out_formula(case: Case, shape: tuple[int, ...]) -> None:
    for seed in range(10):
        args = case.inputs(np.random.default_rng(seed), shape)
        if case.gaussian:
            elements = gaussian_elements(*args, case.kwargs.get("full", False))
        else:
            elements = poisson_elements(*args, **case.kwargs)
        per_sample = rows(elements).mean(axis=1)
        np.testing.assert_allclose(case(*args, reduction="none"), per_sample, rtol=1e-13, atol=1e-15)
        assert case(*args, reduction="sum") == pytest.approx(per_sample.sum(), rel=1e-13, abs=1e-14)
        assert case(*args) == pytest.approx(elements.mean(), rel=1e-13, abs=1e-14)


@pytest.mark.parametrize("shape", REFERENCE_SHAPES)
def test_gaussian_full_is_minus_scipy_norm_logpdf(shape: tuple[int, ...]) -> None:
    for seed in range(20):
        rng = np.random.default_rng(seed)
        scale = 10.0 ** rng.uniform(-3, 3)
        y, mean = rng.normal(size=shape) * scale, rng.normal(size=shape) * scale
        variance = (scale * rng.uniform(0.1, 3.0, size=shape)) ** 2
        elements = -stats.norm.logpdf(y, loc=mean, scale=np.sqrt(variance))
        np.testing.assert_allclose(
            gaussian_nll_loss(y, mean, variance, full=True, reduction="none"),
            rows(elements).mean(axis=1),
            rtol=1e-12,
            atol=1e-13,
        )
        assert gaussian_nll_loss(y, mean, variance, full=True) == pytest.approx(elements.mean(), rel=1e-12)


@pytest.mark.parametrize("log_input", [True, False])
@pytest.mark.parametrize("shape", REFERENCE_SHAPES)
def test_poisson_full_is_minus_scipy_poisson_logpmf(log_input: bool, shape: tuple[int, ...]) -> None:
    for seed in range(20):
        rng = np.random.default_rng(seed)
        rate = 10.0 ** rng.uniform(-2, 3, size=shape)
        counts = rng.poisson(rate)
        counts[rng.uniform(size=shape) < 0.2] = 0
        elements = -stats.poisson.logpmf(counts, rate)
        pred = np.log(rate) if log_input else rate
        got = poisson_nll_loss(counts, pred, log_input=log_input, full=True, reduction="none")
        np.testing.assert_allclose(got, rows(elements).mean(axis=1), rtol=1e-12, atol=1e-12)


def test_log_factorial_matches_scipy_gammaln() -> None:
    counts = np.concatenate([np.arange(5000.0), np.round(10.0 ** np.linspace(3.5, 15, 500))])
    np.testing.assert_allclose(_log_factorial(counts), special.gammaln(counts + 1.0), rtol=1e-15)


def pytorch_gradients(
    f: Callable[..., Any], *arrays: np.ndarray, differentiate: int
) -> tuple[float, list[np.ndarray]]:
    """The value of f on tensors of `arrays` and the gradients of its first `differentiate` of them."""
    torch = pytest.importorskip("torch")
    tensors = [
        torch.tensor(a, dtype=torch.float64, requires_grad=i < differentiate) for i, a in enumerate(arrays)
    ]
    value = f(*tensors)
    value.backward()
    return float(value.detach()), [t.grad.numpy() for t in tensors[:differentiate]]


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("shape", [(1,), (9,), (4, 3), (2, 3, 2)])
def test_gaussian_matches_pytorch_and_its_autograd(
    full: bool, reduction: str, shape: tuple[int, ...]
) -> None:
    torch = pytest.importorskip("torch")
    y, mean, variance = CASES[0].inputs(np.random.default_rng(3), shape)
    value, (d_mean, d_variance) = pytorch_gradients(
        lambda m, v, t: torch.nn.functional.gaussian_nll_loss(m, t, v, full=full, reduction=reduction),
        mean,
        variance,
        y,
        differentiate=2,
    )
    factor = math.prod(shape[1:]) if reduction == "sum" else 1  # PyTorch's sum adds every element
    assert gaussian_nll_loss(y, mean, variance, full=full, reduction=reduction) * factor == pytest.approx(
        value, rel=1e-13
    )
    ours = gaussian_nll_loss_grad(y, mean, variance, full=full, reduction=reduction)
    np.testing.assert_allclose(ours[0] * factor, d_mean, rtol=1e-13)
    np.testing.assert_allclose(ours[1] * factor, d_variance, rtol=1e-13, atol=1e-16)


def test_pytorch_clamps_the_variance_where_lossdocs_does_not() -> None:
    torch = pytest.importorskip("torch")
    y, mean, variance = np.zeros(2), np.array([1e-4, 1e-4]), np.array([1e-8, 1e-8])
    theirs = torch.nn.functional.gaussian_nll_loss(
        torch.tensor(mean), torch.tensor(y), torch.tensor(variance)
    )
    clamped = gaussian_elements(y, mean, np.full(2, 1e-6), False).mean()
    assert float(theirs) == pytest.approx(clamped, rel=1e-13)
    assert gaussian_nll_loss(y, mean, variance) == pytest.approx(0.5 * (math.log(1e-8) + 1.0), rel=1e-14)


@pytest.mark.parametrize("case", [c for c in CASE_PARAMS if not c.values[0].gaussian])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("shape", [(1,), (9,), (4, 3), (2, 3, 2)])
def test_poisson_matches_pytorch_and_its_autograd(case: Case, reduction: str, shape: tuple[int, ...]) -> None:
    torch = pytest.importorskip("torch")
    counts, pred = case.inputs(np.random.default_rng(4), shape)
    log_input, full = case.kwargs.get("log_input", True), case.kwargs.get("full", False)
    value, (grad,) = pytorch_gradients(
        lambda p, t: torch.nn.functional.poisson_nll_loss(
            p, t, log_input=log_input, full=full, eps=0.0, reduction=reduction
        ),
        pred,
        counts,
        differentiate=1,
    )
    outputs = math.prod(shape[1:])
    factor = outputs if reduction == "sum" else 1
    # PyTorch's Stirling approximation is smaller than log(y!) by about 1 / (12 y).
    gap = (log_factorial(counts) - stirling(counts)) if full else np.zeros(shape)
    gap_total = gap.sum() / outputs if reduction == "sum" else gap.mean()
    assert case(counts, pred, reduction=reduction) == pytest.approx((value / factor) + gap_total, rel=1e-13)
    np.testing.assert_allclose(
        case.gradients(counts, pred, reduction=reduction)[0] * factor, grad, rtol=1e-13
    )


def test_pytorch_stirling_term_differs_from_log_factorial_by_about_one_over_12y() -> None:
    torch = pytest.importorskip("torch")
    counts = np.array([0.0, 1.0, 2.0, 10.0, 100.0])
    theirs = torch.nn.functional.poisson_nll_loss(
        torch.zeros(5, dtype=torch.float64), torch.tensor(counts), full=True, reduction="none"
    ).numpy()
    ours = poisson_nll_loss(counts, np.zeros(5), full=True, reduction="none")
    np.testing.assert_allclose(ours - theirs, [0.0, 0.0, 0.0413407, 0.0083306, 0.00083333], rtol=1e-4)


def test_pytorch_eps_inside_the_log_turns_inf_into_a_number() -> None:
    torch = pytest.importorskip("torch")
    theirs = torch.nn.functional.poisson_nll_loss(
        torch.tensor([0.0], dtype=torch.float64), torch.tensor([2.0], dtype=torch.float64), log_input=False
    )
    assert float(theirs) == pytest.approx(-2.0 * math.log(1e-8))  # 2 * 18.42
    assert poisson_nll_loss([2.0], [0.0], log_input=False) == math.inf


# --- exactness on hard inputs, against mpmath --------------------------------------------------


def ulp(value: mpmath.mpf, dtype: type) -> mpmath.mpf:
    """The unit in the last place of `value` in `dtype` (at least that of the smallest normal number),
    also beyond the largest float, where a term of a finite loss may lie."""
    info = np.finfo(dtype)
    exponent = int(MP.floor(MP.log(abs(value), 2))) if value else info.minexp
    return MP.ldexp(MP.mpf(1), max(exponent, info.minexp) - info.nmant)


def errors_in_ulps(got: np.ndarray, exact: list[mpmath.mpf], scales: list[mpmath.mpf]) -> np.ndarray:
    """|got - exact| in units of the last place of `scales` (the largest term of each sum).

    Where the exact value lies beyond the float range, `got` must be the infinity of its sign.
    """
    largest = MP.mpf(float(np.finfo(got.dtype).max))
    errors = []
    for g, e, s in zip(got, exact, scales, strict=True):
        if abs(e) > largest * (1 + MP.ldexp(1, -np.finfo(got.dtype).nmant - 1)):
            errors.append(0.0 if g == float(MP.sign(e)) * math.inf else math.inf)
        else:
            errors.append(float(abs(MP.mpf(float(g)) - e) / ulp(s, got.dtype.type)))
    return np.array(errors)


def gaussian_hard(dtype: type, low: float, high: float, n: int = 80) -> tuple[np.ndarray, ...]:
    """Variances from 10**low to 10**high, residuals from 1e-4 to 1e4 standard deviations."""
    rng = np.random.default_rng(21)
    variance = 10.0 ** rng.uniform(low, high, n)
    residual = rng.choice([-1.0, 1.0], n) * np.sqrt(variance) * 10.0 ** rng.uniform(-4, 4, n)
    y = residual * rng.uniform(-3, 3, n)
    return y.astype(dtype), (y + residual).astype(dtype), variance.astype(dtype)


def gaussian_exact(y: float, mean: float, variance: float) -> tuple[mpmath.mpf, ...]:
    """The exact loss, its two terms, and the exact gradients (sum reduction) of one element."""
    with MP.workprec(MP.prec):
        r, v = MP.mpf(float(mean)) - MP.mpf(float(y)), MP.mpf(float(variance))
        half_log, half_q = MP.log(v) / 2, r * r / v / 2
        return half_log + half_q, half_log, half_q, r / v, (1 - r * r / v) / (2 * v)


GAUSSIAN_RANGES = {np.float64: (-300.0, 300.0), np.float32: (-30.0, 30.0)}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_gaussian_within_a_few_ulp_of_the_exact_loss(dtype: type) -> None:
    y, mean, variance = gaussian_hard(dtype, *GAUSSIAN_RANGES[dtype])
    exact = [gaussian_exact(*args) for args in zip(y, mean, variance, strict=True)]
    got = gaussian_nll_loss(y, mean, variance, reduction="none")
    assert got.dtype == dtype
    scales = [max(abs(e[1]), e[2], abs(e[0])) for e in exact]
    # the rounding of mean - y (twice, in the square), of r / v, r (r / v), log v and the sum
    errors = errors_in_ulps(got, [e[0] for e in exact], scales)
    assert errors.max() <= 3.0, (y[errors.argmax()], mean[errors.argmax()], variance[errors.argmax()])
    # where log v >= 0 the two terms cannot cancel: a few ulp of the loss itself
    no_cancel = variance >= 1
    assert (
        errors_in_ulps(
            got[no_cancel],
            [e[0] for e, k in zip(exact, no_cancel, strict=True) if k],
            [e[0] for e, k in zip(exact, no_cancel, strict=True) if k],
        ).max()
        <= 3.0
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_gaussian_gradient_within_a_few_ulp_of_the_exact_derivative(dtype: type) -> None:
    y, mean, variance = gaussian_hard(dtype, *GAUSSIAN_RANGES[dtype])
    exact = [gaussian_exact(*args) for args in zip(y, mean, variance, strict=True)]
    d_mean, d_variance = gaussian_nll_loss_grad(y, mean, variance, reduction="sum")
    assert d_mean.dtype == d_variance.dtype == dtype
    assert errors_in_ulps(d_mean, [e[3] for e in exact], [e[3] for e in exact]).max() <= 2.5
    # 1/(2v) and r^2/(2v^2) cancel where the variance is near the squared error: ulp of the larger
    scales = [
        max(1 / (2 * MP.mpf(float(v))), abs(e[3]) ** 2 / 2) for e, v in zip(exact, variance, strict=True)
    ]
    assert errors_in_ulps(d_variance, [e[4] for e in exact], scales).max() <= 3.5


@pytest.mark.parametrize(
    ("y", "mean", "variance"),
    [
        (0.0, 1e-150, 1e-300),  # r^2 = 1e-300 and v = 1e-300: (r / v) r = 1
        (0.0, 1e-160, 1e-300),  # r^2 = 1e-320 would lose digits as a subnormal; r (r / v) = 1e-20
        (0.0, 1e200, 1e300),  # r^2 = 1e400 overflows; r^2 / v = 1e100
        (0.0, 1e-10, 1e-320),  # a subnormal variance: r / v = 1e310 overflows, r^2 / v = 1e300
        (-1e308, 1e308, 1e308),  # r = 2e308 overflows, r^2 / v = 4e308 too: the loss is inf
    ],
)
def test_gaussian_tiny_and_huge_values(y: float, mean: float, variance: float) -> None:
    with no_warnings():
        got = gaussian_nll_loss([y], [mean], [variance], reduction="none")[0]
        d_mean, d_variance = gaussian_nll_loss_grad([y], [mean], [variance], reduction="sum")
    loss, _, _, exact_d_mean, exact_d_variance = gaussian_exact(y, mean, variance)
    assert errors_in_ulps(np.array([got]), [loss], [loss])[0] <= 2.0
    assert errors_in_ulps(d_mean, [exact_d_mean], [exact_d_mean])[0] <= 2.0
    # 1/(2v) - r^2/(2v^2) cancels to 6e282 in the first case, where each term is 5e299
    scale = max(1 / (2 * MP.mpf(variance)), exact_d_mean**2 / 2)
    assert errors_in_ulps(d_variance, [exact_d_variance], [scale])[0] <= 2.0


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gaussian_gradient_finite_where_the_residual_overflows(reduction: str) -> None:
    # mean - y = 3.4e308 overflows, but r / v = 2 and (1 - r^2 / v) / (2v) = -2 do not.
    with no_warnings():
        d_mean, d_variance = gaussian_nll_loss_grad(
            [-1.7e308, 0.0], [1.7e308, 0.0], [1.7e308, 1.0], reduction=reduction
        )
    n = 2 if reduction == "mean" else 1
    np.testing.assert_allclose(d_mean, [2.0 / n, 0.0], rtol=1e-15)
    np.testing.assert_allclose(d_variance, [-2.0 / n, 0.5 / n], rtol=1e-15)


def poisson_exact(count: float, pred: float, log_input: bool, full: bool) -> tuple[mpmath.mpf, ...]:
    """The exact loss of one element, its largest term, and the exact derivative."""
    with MP.workprec(MP.prec):
        y, p = MP.mpf(float(count)), MP.mpf(float(pred))
        if log_input:
            terms = [MP.exp(p), -y * p]
            derivative = MP.exp(p) - y
        else:
            terms = [p, -y * MP.log(p) if y else MP.mpf(0)]
            derivative = 1 - y / p
        if full:
            terms.append(MP.loggamma(y + 1))
        return MP.fsum(terms), max(abs(t) for t in terms), derivative


def poisson_hard(dtype: type, log_input: bool, n: int = 120) -> tuple[np.ndarray, np.ndarray]:
    """Counts 0, small and up to 1e9 (whole numbers), against log-rates or rates across the range."""
    rng = np.random.default_rng(22)
    counts = np.round(10.0 ** rng.uniform(0, 9 if dtype == np.float64 else 6, n))
    counts[rng.uniform(size=n) < 0.25] = 0.0
    counts[:20] = np.arange(20)
    top = 709.0 if dtype == np.float64 else 88.0
    log_rates = np.concatenate([rng.uniform(-5, 5, n // 2), rng.uniform(-top, top, n - n // 2)])
    if log_input:
        return counts.astype(dtype), log_rates.astype(dtype)
    low = -300 if dtype == np.float64 else -37
    return counts.astype(dtype), (10.0 ** rng.uniform(low, -low, n)).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("log_input", [True, False])
def test_poisson_within_a_few_ulp_of_the_exact_loss(dtype: type, full: bool, log_input: bool) -> None:
    counts, pred = poisson_hard(dtype, log_input)
    exact = [poisson_exact(y, p, log_input, full) for y, p in zip(counts, pred, strict=True)]
    with no_warnings():
        got = poisson_nll_loss(counts, pred, log_input=log_input, full=full, reduction="none")
    assert got.dtype == dtype
    finite = np.isfinite(got)
    assert all(abs(e[0]) > np.finfo(dtype).max for e, ok in zip(exact, finite, strict=True) if not ok)
    errors = errors_in_ulps(
        got[finite],
        [e[0] for e, ok in zip(exact, finite, strict=True) if ok],
        [e[1] for e, ok in zip(exact, finite, strict=True) if ok],
    )
    assert errors.max() <= 3.0, (counts[finite][errors.argmax()], pred[finite][errors.argmax()])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("log_input", [True, False])
def test_poisson_gradient_within_a_few_ulp_of_the_exact_derivative(dtype: type, log_input: bool) -> None:
    counts, pred = poisson_hard(dtype, log_input)
    exact = [poisson_exact(y, p, log_input, False)[2] for y, p in zip(counts, pred, strict=True)]
    with no_warnings():
        got = poisson_nll_loss_grad(counts, pred, log_input=log_input, reduction="sum")
    assert got.dtype == dtype
    # e^z - y and 1 - y / rate cancel near the minimum: in ulp of the larger term
    scales = [
        max(MP.exp(MP.mpf(float(p))), MP.mpf(float(y)))
        if log_input
        else max(1, MP.mpf(float(y)) / MP.mpf(float(p)))
        for y, p in zip(counts, pred, strict=True)
    ]
    assert errors_in_ulps(got, exact, scales).max() <= 2.5


def test_poisson_zero_counts_are_exact() -> None:
    z = np.array([-700.0, -1.0, 0.0, 1e-300, 3.0, 700.0])
    np.testing.assert_array_equal(poisson_nll_loss(np.zeros(6), z, reduction="none"), np.exp(z))
    np.testing.assert_array_equal(poisson_nll_loss_grad(np.zeros(6), z, reduction="sum"), np.exp(z))
    rates = np.array([0.0, 1e-300, 1.0, 1e300])
    np.testing.assert_array_equal(
        poisson_nll_loss(np.zeros(4), rates, log_input=False, reduction="none"), rates
    )
    np.testing.assert_array_equal(
        poisson_nll_loss(np.zeros(4), rates, log_input=False, full=True, reduction="none"), rates
    )
    np.testing.assert_array_equal(
        poisson_nll_loss_grad(np.zeros(4), rates, log_input=False, reduction="sum"), 1.0
    )


def test_a_zero_rate_for_a_positive_count_is_inf() -> None:
    with no_warnings():
        losses = poisson_nll_loss([0, 1, 3], [0.0, 0.0, 1.0], log_input=False, reduction="none")
        grad = poisson_nll_loss_grad([0, 1, 3], [0.0, 0.0, 1.0], log_input=False, reduction="sum")
        total_loss = poisson_nll_loss([0, 1, 3], [0.0, 0.0, 1.0], log_input=False, full=True)
    assert losses.tolist() == [0.0, math.inf, 1.0]
    assert grad.tolist() == [1.0, -math.inf, -2.0]
    assert total_loss == math.inf


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_poisson_finite_where_exp_overflows_but_the_loss_does_not(dtype: type) -> None:
    # e^z beyond the float range, cancelled by a count near e^z / z: the loss is finite.
    rng = np.random.default_rng(23)
    top = float(np.log(np.finfo(dtype).max))
    z = rng.uniform(top + 0.01, top + 0.6, 40)
    counts = np.round(np.exp(z - np.log(z)) * rng.uniform(0.8, 1.1, 40))  # e^z / z
    counts, z = counts.astype(dtype), z.astype(dtype)
    exact = [poisson_exact(y, p, True, False) for y, p in zip(counts, z, strict=True)]
    with no_warnings():
        got = poisson_nll_loss(counts, z, reduction="none")
    in_range = np.array([abs(e[0]) <= np.finfo(dtype).max for e in exact])
    assert in_range.sum() >= 20
    assert np.all(np.isinf(got[~in_range]))
    errors = errors_in_ulps(
        got[in_range],
        [e[0] for e, k in zip(exact, in_range, strict=True) if k],
        [e[1] for e, k in zip(exact, in_range, strict=True) if k],
    )
    assert errors.max() <= 3.0


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_poisson_gradient_finite_where_exp_overflows_but_the_mean_does_not(
    dtype: type, reduction: str
) -> None:
    top = float(np.log(np.finfo(dtype).max))
    z = np.full(1000, top + 1.0, dtype=dtype)
    with no_warnings():
        grad = poisson_nll_loss_grad(np.zeros(1000, dtype=dtype), z, reduction=reduction)
    if reduction == "sum":
        assert np.all(grad == np.inf)
    else:
        expected = float(MP.exp(MP.mpf(float(z[0]))) / 1000)
        np.testing.assert_allclose(grad, expected, rtol=4 * np.finfo(dtype).eps)


@pytest.mark.parametrize(
    ("counts", "z"),
    [([0.0], 710.0), ([5.0], 1000.0), ([1.0], 1e300), ([1e308], -10.0), ([0.0, 1.0], 800.0)],
)
def test_losses_beyond_the_float_range_are_inf_without_a_warning(counts: list[float], z: float) -> None:
    with no_warnings():
        assert poisson_nll_loss(counts, [z] * len(counts), reduction="sum") == math.inf
        assert poisson_nll_loss(counts, [z] * len(counts), full=True) == math.inf
        grad = poisson_nll_loss_grad(counts, [z] * len(counts), reduction="sum")
    assert not np.isnan(grad).any()


def test_huge_counts_cancel_without_nan() -> None:
    # y z and log y! both overflow for y = 1e306; their difference is in range
    with no_warnings():
        got = poisson_nll_loss([1e306], [704.6], full=True, reduction="none")[0]
        negative = poisson_nll_loss([1e306], [710.0], reduction="none")[0]
    exact, largest, _ = poisson_exact(1e306, 704.6, True, True)
    assert errors_in_ulps(np.array([got]), [exact], [largest])[0] <= 3.0
    assert negative == -math.inf  # e^710 - 710e306 = -4.9e308


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_log_factorial_is_correctly_rounded_below_1024_and_within_2_ulp_above(dtype: type) -> None:
    small = np.arange(1024.0)
    large = np.round(10.0 ** np.random.default_rng(24).uniform(3.01, 15, 300))
    for counts, bound in ((small, 0.5), (large, 2.1)):
        rounded = counts.astype(dtype)  # float32 rounds the large counts
        exact = [MP.loggamma(MP.mpf(float(k)) + 1) for k in rounded]
        got = _log_factorial(rounded)
        assert got.dtype == np.float64  # computed in float64 and rounded once, into the loss's dtype
        assert errors_in_ulps(got, exact, exact).max() <= bound


# --- properties -----------------------------------------------------------------------------

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
positive = st.floats(1e-3, 1e3)
shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)


@st.composite
def gaussian_inputs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    shape = draw(shapes)
    return (
        draw(hnp.arrays(np.float64, shape, elements=finite)),
        draw(hnp.arrays(np.float64, shape, elements=finite)),
        draw(hnp.arrays(np.float64, shape, elements=positive)),
    )


@st.composite
def poisson_inputs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    shape = draw(shapes)
    counts = draw(hnp.arrays(np.int64, shape, elements=st.integers(0, 10**6)))
    return counts, draw(hnp.arrays(np.float64, shape, elements=st.floats(-30.0, 30.0)))


@settings(deadline=None)  # the first call builds the log y! table
@given(gaussian_inputs())
def test_gaussian_at_a_variance_of_1_is_half_the_squared_error(inputs: tuple[np.ndarray, ...]) -> None:
    y, mean, _ = inputs
    for reduction in REDUCTIONS:
        half_mse = np.asarray(mean_squared_error(y, mean, reduction=reduction)) * 0.5
        np.testing.assert_allclose(
            gaussian_nll_loss(y, mean, np.ones_like(mean), reduction=reduction), half_mse, rtol=1e-14
        )
        d_mean, _ = gaussian_nll_loss_grad(y, mean, np.ones_like(mean), reduction=reduction)
        np.testing.assert_allclose(
            d_mean, 0.5 * lossdocs.mean_squared_error_grad(y, mean, reduction=reduction)
        )


@settings(deadline=None)  # the first call builds the log y! table
@given(gaussian_inputs())
def test_gaussian_full_adds_half_log_2pi_to_every_sample(inputs: tuple[np.ndarray, ...]) -> None:
    plain = gaussian_nll_loss(*inputs, reduction="none")
    np.testing.assert_allclose(gaussian_nll_loss(*inputs, full=True, reduction="none"), plain + HALF_LOG_2PI)
    for ours, theirs in zip(
        gaussian_nll_loss_grad(*inputs, full=True), gaussian_nll_loss_grad(*inputs), strict=True
    ):
        np.testing.assert_array_equal(ours, theirs)


@settings(deadline=None)  # the first call builds the log y! table
@given(gaussian_inputs(), st.floats(1e-3, 1e3))
def test_the_squared_error_is_the_best_variance(inputs: tuple[np.ndarray, ...], factor: float) -> None:
    y, mean, _ = inputs
    y, mean = y.reshape(-1), mean.reshape(-1)  # one output per sample: the comparison is elementwise
    keep = (y - mean) ** 2 > 1e-300  # a zero error has no best variance (it tends to 0)
    y, mean = y[keep], mean[keep]
    best = (y - mean) ** 2
    at_best = gaussian_nll_loss(y, mean, best, reduction="none")
    assert np.all(
        at_best <= gaussian_nll_loss(y, mean, best * factor, reduction="none") + 1e-12 * np.abs(at_best)
    )
    _, d_variance = gaussian_nll_loss_grad(y, mean, best, reduction="sum")
    np.testing.assert_allclose(d_variance * best, 0.0, atol=1e-15)


@settings(deadline=None)  # the first call builds the log y! table
@given(gaussian_inputs(), st.floats(1e-3, 1e3))
def test_gaussian_rescaling_the_units_adds_log_of_the_scale(inputs: tuple[np.ndarray, ...], c: float) -> None:
    # y -> c y, mu -> c mu, v -> c^2 v: the same standardized error, and log v grows by 2 log c.
    y, mean, variance = inputs
    plain = gaussian_nll_loss(y, mean, variance, reduction="none")
    scaled = gaussian_nll_loss(c * y, c * mean, c * c * variance, reduction="none")
    np.testing.assert_allclose(scaled, plain + math.log(c), rtol=1e-12, atol=1e-10)


@settings(deadline=None)  # the first call builds the log y! table
@given(poisson_inputs())
def test_poisson_log_rates_equal_rates_of_exp(inputs: tuple[np.ndarray, np.ndarray]) -> None:
    counts, z = inputs
    for full in (False, True):
        np.testing.assert_allclose(
            poisson_nll_loss(counts, z, full=full, reduction="none"),
            poisson_nll_loss(counts, np.exp(z), log_input=False, full=full, reduction="none"),
            rtol=1e-12,
            atol=1e-9 * (1 + np.abs(counts * z).max()),
        )
    # the chain rule: d/dz = d/drate * rate
    np.testing.assert_allclose(
        poisson_nll_loss_grad(counts, z),
        poisson_nll_loss_grad(counts, np.exp(z), log_input=False) * np.exp(z),
        rtol=1e-10,
        atol=1e-12 * (1 + counts.max()),
    )


@settings(deadline=None)  # the first call builds the log y! table
@given(poisson_inputs())
def test_poisson_gradient_is_the_predicted_minus_the_observed_count(
    inputs: tuple[np.ndarray, np.ndarray],
) -> None:
    counts, z = inputs
    outputs = counts[0].size  # the loss of a sample is the mean over its outputs
    np.testing.assert_allclose(
        poisson_nll_loss_grad(counts, z, reduction="sum") * outputs, np.exp(z) - counts, rtol=1e-15
    )
    np.testing.assert_array_equal(
        poisson_nll_loss_grad(counts, z, full=True), poisson_nll_loss_grad(counts, z)
    )


@settings(deadline=None)  # the first call builds the log y! table
@given(poisson_inputs())
def test_poisson_full_loss_is_a_negative_log_probability(inputs: tuple[np.ndarray, np.ndarray]) -> None:
    counts, z = inputs
    assert np.all(poisson_nll_loss(counts, z, full=True, reduction="none") >= 0.0)
    # the rate that equals the count is the best one
    best = poisson_nll_loss(counts, np.log(np.maximum(counts, 1e-300)), full=True, reduction="none")
    assert np.all(best <= poisson_nll_loss(counts, z, full=True, reduction="none") * (1 + 1e-12) + 1e-9)


@settings(deadline=None)  # the first call builds the log y! table
@given(st.sampled_from(CASES), st.data())
def test_per_sample_losses_add_up_to_the_sum_and_average_to_the_mean(case: Case, data: st.DataObject) -> None:
    if case.gaussian:
        args: tuple[np.ndarray, ...] = data.draw(gaussian_inputs())
    else:
        counts, z = data.draw(poisson_inputs())
        args = (counts, z if case.kwargs.get("log_input", True) else np.exp(z))
    per_sample = case(*args, reduction="none")
    assert per_sample.shape == (args[0].shape[0],)
    assert case(*args, reduction="sum") == pytest.approx(float(np.sum(per_sample)), rel=1e-13, abs=1e-300)
    assert case(*args) == pytest.approx(float(np.mean(per_sample)), rel=1e-13, abs=1e-300)
    n = args[0].shape[0]
    for mean, summed in zip(case.gradients(*args), case.gradients(*args, reduction="sum"), strict=True):
        np.testing.assert_allclose(mean, summed / n, rtol=1e-15)


# --- gradients against central finite differences -------------------------------------------


@pytest.mark.parametrize("case", CASE_PARAMS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(1,), (4,), (3, 2), (2, 3, 2)])
def test_gradient_matches_finite_differences(case: Case, reduction: str, shape: tuple[int, ...]) -> None:
    args = case.inputs(np.random.default_rng(0), shape)
    analytic = case.gradients(*args, reduction=reduction)
    for position, gradient in enumerate(analytic, start=1):  # mean and variance, or y_pred

        def f(x: np.ndarray, position: int = position) -> float:
            return total(case, *args[:position], x, *args[position + 1 :], reduction=reduction)

        np.testing.assert_allclose(gradient, numerical_grad(f, args[position]), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_gradient_of_none_is_the_gradient_of_sum(case: Case) -> None:
    args = case.inputs(np.random.default_rng(1), (3, 2))
    for none, summed in zip(
        case.gradients(*args, reduction="none"), case.gradients(*args, reduction="sum"), strict=True
    ):
        np.testing.assert_array_equal(none, summed)


@pytest.mark.parametrize("case", CASE_PARAMS)
@pytest.mark.parametrize("shape", [(1,), (7,), (4, 3), (2, 3, 4)])
def test_gradients_are_shaped_like_the_predictions(case: Case, shape: tuple[int, ...]) -> None:
    args = case.inputs(np.random.default_rng(2), shape)
    gradients = case.gradients(*args)
    assert len(gradients) == (2 if case.gaussian else 1)
    assert all(g.shape == shape and isinstance(g, np.ndarray) for g in gradients)


def test_rate_gradient_at_a_zero_rate_and_zero_count_is_one() -> None:
    # the loss is the rate itself there, so the one-sided derivative is 1
    grad = poisson_nll_loss_grad([0, 0], [0.0, 1e-3], log_input=False, reduction="sum")
    assert grad.tolist() == [1.0, 1.0]
    h = 1e-6
    assert poisson_nll_loss([0], [h], log_input=False) / h == pytest.approx(1.0)


# --- reductions, shapes, dtypes, containers, memory ------------------------------------------


@pytest.mark.parametrize("case", CASE_PARAMS)
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_sum_and_mean_return_a_python_float(case: Case, reduction: str) -> None:
    assert type(case(*case.example(), reduction=reduction)) is float


@pytest.mark.parametrize("case", CASE_PARAMS)
@pytest.mark.parametrize("shape", [(0,), (0, 3)])
def test_empty_batch(case: Case, shape: tuple[int, ...]) -> None:
    args = (np.zeros(shape), np.zeros(shape), np.ones(shape)) if case.gaussian else (np.zeros(shape),) * 2
    assert case(*args, reduction="sum") == 0.0
    assert case(*args, reduction="none").shape == (0,)
    assert all(g.shape == shape for g in case.gradients(*args, reduction="sum"))


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_mean_over_zero_samples_is_an_error(case: Case) -> None:
    args = ([], [], []) if case.gaussian else ([], [])
    with pytest.raises(ValueError, match=r"reduction='mean' needs at least one sample, got 0 samples"):
        case(*args)
    with pytest.raises(ValueError, match=r"reduction='mean' needs at least one sample"):
        case.gradients(*args)


@pytest.mark.parametrize("case", CASE_PARAMS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_samples_without_outputs_are_an_error(case: Case, reduction: str) -> None:
    args = (np.zeros((3, 0)),) * (3 if case.gaussian else 2)
    with pytest.raises(ValueError, match=r"no outputs per sample: shape \(3, 0\)"):
        case(*args, reduction=reduction)
    with pytest.raises(ValueError, match=r"no outputs per sample"):
        case.gradients(*args, reduction=reduction)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_float32_keeps_its_dtype_and_is_close_to_float64(case: Case) -> None:
    args = case.inputs(np.random.default_rng(3), (50, 3))
    args32 = tuple(a.astype(np.float32) for a in args)
    assert case(*args32) == pytest.approx(case(*args), rel=1e-5)
    assert case(*args32, reduction="none").dtype == np.float32
    for g32, g64 in zip(case.gradients(*args32), case.gradients(*args), strict=True):
        assert g32.dtype == np.float32
        np.testing.assert_allclose(g32, g64, rtol=1e-5, atol=1e-8)


def test_integer_counts_take_the_dtype_of_the_predictions() -> None:
    z32 = np.array(LOG_RATES, dtype=np.float32)
    assert poisson_nll_loss(np.array(COUNTS), z32, reduction="none").dtype == np.float32
    assert poisson_nll_loss_grad(np.array(COUNTS, dtype=np.uint8), z32).dtype == np.float32
    assert poisson_nll_loss(np.array(COUNTS), LOG_RATES) == poisson_nll_loss(
        [float(c) for c in COUNTS], LOG_RATES
    )
    assert poisson_nll_loss(np.array([True, False]), [0.0, 0.0]) == poisson_nll_loss([1.0, 0.0], [0.0, 0.0])
    d_mean, d_variance = gaussian_nll_loss_grad([1, 2], [2, 2], [1, 4])  # integers are read as float64
    assert d_mean.dtype == d_variance.dtype == np.float64


@pytest.mark.parametrize("case", CASE_PARAMS)
@pytest.mark.parametrize("container", [list, tuple, np.array], ids=["list", "tuple", "array"])
def test_lists_tuples_and_arrays_give_the_same_result(case: Case, container: Callable[..., Any]) -> None:
    args = case.example()
    arrays = tuple(np.array(a) for a in args)
    assert case(*(container(a) for a in args)) == case(*arrays)
    for ours, theirs in zip(
        case.gradients(*(container(a) for a in args)), case.gradients(*arrays), strict=True
    ):
        np.testing.assert_array_equal(ours, theirs)


VIEWS = [
    pytest.param(lambda a: a[::2], id="step"),
    pytest.param(lambda a: a.T, id="transpose"),
    pytest.param(lambda a: a[:, ::-1], id="reversed"),
]


@pytest.mark.parametrize("case", CASE_PARAMS)
@pytest.mark.parametrize("view", VIEWS)
def test_non_contiguous_inputs(case: Case, view: Callable[[np.ndarray], np.ndarray]) -> None:
    args = tuple(view(a) for a in case.inputs(np.random.default_rng(5), (6, 6)))
    assert not args[0].flags.c_contiguous
    contiguous = tuple(np.ascontiguousarray(a) for a in args)
    np.testing.assert_array_equal(case(*args, reduction="none"), case(*contiguous, reduction="none"))
    for ours, theirs in zip(case.gradients(*args), case.gradients(*contiguous), strict=True):
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("case", CASE_PARAMS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_read_only_inputs_are_used_and_never_modified(case: Case, reduction: str, dtype: type) -> None:
    args = tuple(np.array(a, dtype=dtype) for a in case.example())
    originals = tuple(a.copy() for a in args)
    expected = case(*originals, reduction=reduction)
    expected_grads = case.gradients(*originals, reduction=reduction)
    for a in args:
        a.flags.writeable = False
    result = case(*args, reduction=reduction)
    gradients = case.gradients(*args, reduction=reduction)
    np.testing.assert_array_equal(result, expected)
    for ours, theirs in zip(gradients, expected_grads, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    for a, original in zip(args, originals, strict=True):
        np.testing.assert_array_equal(a, original)
        for output in (result, *gradients):
            assert not (isinstance(output, np.ndarray) and np.shares_memory(output, a))


# --- bad input ------------------------------------------------------------------------------

GOOD = [1.0, 2.0]
GAUSSIAN_BAD_INPUTS = [
    pytest.param(
        [1.0, 2.0, 3.0, 4.0],
        [[1.0], [2.0], [3.0], [4.0]],
        np.ones((4, 1)),
        ValueError,
        r"y_true and mean must have the same shape, got \(4,\) and \(4, 1\)(.|\n)*broadcast to \(4, 4\)"
        r"(.|\n)*mean.reshape\(-1\) or y_true.reshape\(-1, 1\)",
        id="shape-y_true-mean",
    ),
    pytest.param(
        np.zeros((5, 3)),
        np.zeros((5, 3)),
        np.ones((5, 1)),
        ValueError,
        r"variance must have the same shape as mean, got \(5, 1\) and \(5, 3\)\.\n"
        r"PyTorch broadcasts(.|\n)*np.broadcast_to\(variance, mean.shape\)",
        id="shape-variance-shared",
    ),
    pytest.param(
        GOOD, GOOD, [1.0], ValueError, r"variance must have the same shape as mean", id="shape-variance"
    ),
    pytest.param(
        GOOD,
        GOOD,
        0.5,
        ValueError,
        r"variance must be an array of the same shape as mean, \(2,\), got the scalar 0\.5\.\n"
        r"(.|\n)*np.full\(mean.shape, 0\.5\)",
        id="scalar-variance",
    ),
    pytest.param(GOOD, GOOD, np.float32(2.0), ValueError, r"got the scalar 2\.0", id="numpy-scalar-variance"),
    pytest.param(
        GOOD,
        GOOD,
        [1.0, 0.0],
        ValueError,
        r"variance must be positive, found 0\.0 at index \(1,\)\.\n(.|\n)*"
        r"PyTorch raises on a negative variance and clamps 0 and tiny ones to eps=1e-6",
        id="zero-variance",
    ),
    pytest.param(
        GOOD,
        GOOD,
        [-1.0, 1.0],
        ValueError,
        r"variance must be positive, found -1\.0 at index \(0,\)",
        id="negative-variance",
    ),
    pytest.param(
        GOOD,
        GOOD,
        [1.0, -0.0],
        ValueError,
        r"variance must be positive, found -0\.0",
        id="minus-zero-variance",
    ),
    pytest.param(
        GOOD,
        GOOD,
        [1.0, -1e-300],
        ValueError,
        r"variance must be positive, found -1e-300",
        id="tiny-negative-variance",
    ),
    pytest.param(
        GOOD,
        GOOD,
        [np.nan, 1.0],
        ValueError,
        r"variance must be finite, found nan at index \(0,\)\.\nRemove or replace",
        id="nan-variance",
    ),
    pytest.param(
        GOOD, GOOD, [1.0, np.inf], ValueError, r"variance must be finite, found inf", id="inf-variance"
    ),
    pytest.param(
        GOOD, GOOD, [-np.inf, 1.0], ValueError, r"variance must be finite, found -inf", id="-inf-variance"
    ),
    pytest.param(
        [np.nan, 1.0],
        GOOD,
        GOOD,
        ValueError,
        r"y_true must be finite, found nan at index \(0,\)",
        id="nan-y_true",
    ),
    pytest.param(
        GOOD,
        [1.0, np.inf],
        GOOD,
        ValueError,
        r"mean must be finite, found inf at index \(1,\)",
        id="inf-mean",
    ),
    pytest.param(
        [np.inf], [np.inf], [1.0], ValueError, r"y_true must be finite, found inf", id="inf-y_true-and-mean"
    ),
    pytest.param(["a", "b"], GOOD, GOOD, TypeError, r"y_true must contain real numbers", id="strings-y_true"),
    pytest.param(
        GOOD, GOOD, ["a", "b"], TypeError, r"variance must contain real numbers", id="strings-variance"
    ),
    pytest.param(
        GOOD, GOOD, [1.0, None], TypeError, r"variance must contain real numbers", id="none-variance"
    ),
    pytest.param(
        GOOD, GOOD, [1j, 1.0], TypeError, r"variance must contain real numbers", id="complex-variance"
    ),
    pytest.param(
        [[1.0], [1.0]],
        [[1.0], [1.0]],
        [[1.0], [1.0, 2.0]],
        ValueError,
        r"variance is a ragged",
        id="ragged-variance",
    ),
    pytest.param(1.0, 1.0, [1.0], ValueError, r"y_true must have a sample axis", id="scalar-y_true"),
]


@pytest.mark.parametrize("function", [gaussian_nll_loss, gaussian_nll_loss_grad])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(("y_true", "mean", "variance", "error", "match"), GAUSSIAN_BAD_INPUTS)
def test_gaussian_bad_input_is_refused_without_a_warning(
    function: Callable[..., object],
    reduction: str,
    y_true: object,
    mean: object,
    variance: object,
    error: type[Exception],
    match: str,
) -> None:
    with no_warnings(), pytest.raises(error, match=match):
        function(y_true, mean, variance, reduction=reduction)


POISSON_BAD_INPUTS = [
    *SEED_BAD_INPUTS,
    pytest.param(
        [1.0, -1.0],
        GOOD,
        ValueError,
        r"y_true holds counts and must be >= 0, found -1\.0 at index \(1,\)\.\n(.|\n)*regression loss",
        id="negative-count",
    ),
    pytest.param([-np.inf, 1.0], GOOD, ValueError, r"y_true must be finite, found -inf", id="-inf-count"),
    pytest.param(
        np.array([3, -2]), GOOD, ValueError, r"found -2\.0 at index \(1,\)", id="negative-int-count"
    ),
    pytest.param([None, 1.0], GOOD, TypeError, r"y_true must contain real numbers", id="none-count"),
]


@pytest.mark.parametrize("function", [poisson_nll_loss, poisson_nll_loss_grad])
@pytest.mark.parametrize("log_input", [True, False])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(("y_true", "y_pred", "error", "match"), POISSON_BAD_INPUTS)
def test_poisson_bad_input_is_refused_without_a_warning(
    function: Callable[..., object],
    log_input: bool,
    reduction: str,
    y_true: object,
    y_pred: object,
    error: type[Exception],
    match: str,
) -> None:
    with no_warnings(), pytest.raises(error, match=match):
        function(y_true, y_pred, log_input=log_input, reduction=reduction)


@pytest.mark.parametrize("function", [poisson_nll_loss, poisson_nll_loss_grad])
@pytest.mark.parametrize(
    ("y_pred", "match"),
    [
        (
            [1.0, -0.5],
            r"y_pred holds rates \(log_input=False\) and must be >= 0, found -0\.5 at index \(1,\)"
            r"\.\n(.|\n)*pass log_input=True",
        ),
        ([-1e-300, 1.0], r"must be >= 0, found -1e-300 at index \(0,\)"),
        ([np.nan, -1.0], r"y_pred must be finite, found nan at index \(0,\)"),
    ],
)
def test_negative_rates_are_refused(function: Callable[..., object], y_pred: list[float], match: str) -> None:
    with no_warnings(), pytest.raises(ValueError, match=match):
        function(GOOD, y_pred, log_input=False)
    if not np.isnan(y_pred).any():
        function(GOOD, y_pred)  # negative log-rates are fine


@pytest.mark.parametrize("function", [poisson_nll_loss, poisson_nll_loss_grad])
@pytest.mark.parametrize("counts", [[1.0, 2.5], [0.5, 1.0], np.array([1.0, 1e-300])])
def test_full_needs_whole_counts(function: Callable[..., object], counts: object) -> None:
    function(counts, GOOD)  # accepted without full: the loss is defined for any amount >= 0
    with (
        no_warnings(),
        pytest.raises(ValueError, match=r"y_true must hold whole counts when full=True, found"),
    ):
        function(counts, GOOD, full=True)


@pytest.mark.parametrize("function", FUNCTION_PARAMS)
@pytest.mark.parametrize("flag", ["full", "log_input"])
@pytest.mark.parametrize("value", [1, 0, "True", None, np.array([True])], ids=repr)
def test_flags_must_be_bools(function: Callable[..., object], flag: str, value: object) -> None:
    gaussian = "gaussian" in function.__name__
    if gaussian and flag == "log_input":
        return
    args = (Y, MEAN, VARIANCE) if gaussian else (COUNTS, LOG_RATES)
    with pytest.raises(TypeError, match=rf"{flag} must be True or False, got .* of type"):
        function(*args, **{flag: value})
    function(*args, **{flag: np.bool_(True)})


@pytest.mark.parametrize("function", FUNCTION_PARAMS)
@pytest.mark.parametrize("reduction", ["nan", ["avg"], "average", None, "SUM", "batchmean"])
def test_unknown_reduction_is_refused(function: Callable[..., object], reduction: object) -> None:
    args = (Y, MEAN, VARIANCE) if "gaussian" in function.__name__ else (COUNTS, LOG_RATES)
    with pytest.raises(ValueError, match=r"reduction must be one of 'sum', 'mean' or 'none', got"):
        function(*args, reduction=reduction)
