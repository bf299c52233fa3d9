"""Unit tests of the regression losses: sum_squared_error (alias sse) and its gradient."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossdocs
from lossdocs import sse, sum_squared_error, sum_squared_error_grad

Y_TRUE = [3.0, -0.5, 2.0, 7.0]
Y_PRED = [2.5, 0.0, 2.0, 8.0]
REDUCTIONS = ["sum", "mean", "none"]


def numerical_grad(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central finite differences of the scalar function `f` at `x`."""
    grad = np.zeros_like(x, dtype=np.float64)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x, dtype=np.float64)
        step[index] = h
        grad[index] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def total(y_true: np.ndarray, y_pred: np.ndarray, reduction: str) -> float:
    """The loss as one number: the sum of the per-sample losses for reduction="none"."""
    return float(np.sum(sum_squared_error(y_true, y_pred, reduction=reduction)))  # type: ignore[arg-type]


# --- the article's numbers ---------------------------------------------------------------


def test_article_example_is_exactly_1_5() -> None:
    assert sum_squared_error(Y_TRUE, Y_PRED) == 1.5


def test_article_example_per_sample() -> None:
    np.testing.assert_array_equal(sum_squared_error(Y_TRUE, Y_PRED, reduction="none"), [0.25, 0.25, 0.0, 1.0])


def test_article_example_gradient() -> None:
    np.testing.assert_array_equal(sum_squared_error_grad(Y_TRUE, Y_PRED), [-1.0, 1.0, 0.0, 2.0])


def test_sse_is_an_alias() -> None:
    assert sse is sum_squared_error
    assert lossdocs.sse is lossdocs.sum_squared_error


def test_default_reduction_is_sum() -> None:
    assert sum_squared_error(Y_TRUE, Y_PRED) == sum_squared_error(Y_TRUE, Y_PRED, reduction="sum")


# --- reductions --------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_sum_and_mean_return_a_python_float(reduction: str) -> None:
    assert type(sum_squared_error(Y_TRUE, Y_PRED, reduction=reduction)) is float  # type: ignore[arg-type]


def test_none_returns_one_loss_per_sample() -> None:
    result = sum_squared_error(np.zeros((5, 3)), np.ones((5, 3)), reduction="none")
    assert isinstance(result, np.ndarray)
    assert result.shape == (5,)


def test_mean_is_sum_over_n_samples() -> None:
    mean = sum_squared_error(Y_TRUE, Y_PRED, reduction="mean")
    assert mean == pytest.approx(sum_squared_error(Y_TRUE, Y_PRED) / 4)


def test_multi_output_sums_the_outputs_of_each_sample() -> None:
    y_true = np.array([[1.0, 2.0], [0.0, 0.0], [3.0, -1.0]])
    y_pred = np.array([[2.0, 4.0], [0.0, 1.0], [3.0, -1.0]])
    np.testing.assert_array_equal(sum_squared_error(y_true, y_pred, reduction="none"), [5.0, 1.0, 0.0])
    assert sum_squared_error(y_true, y_pred) == 6.0
    assert sum_squared_error(y_true, y_pred, reduction="mean") == pytest.approx(2.0)


def test_multi_axis_outputs_are_summed_per_sample() -> None:
    y_pred = np.ones((2, 3, 4))
    np.testing.assert_array_equal(
        sum_squared_error(np.zeros((2, 3, 4)), y_pred, reduction="none"), [12.0, 12.0]
    )


@pytest.mark.parametrize("shape", [(0,), (0, 3)])
def test_empty_batch_sum_is_zero(shape: tuple[int, ...]) -> None:
    assert sum_squared_error(np.zeros(shape), np.zeros(shape)) == 0.0


@pytest.mark.parametrize("shape", [(0,), (0, 3)])
def test_empty_batch_none_is_an_empty_vector(shape: tuple[int, ...]) -> None:
    assert sum_squared_error(np.zeros(shape), np.zeros(shape), reduction="none").shape == (0,)


def test_empty_batch_mean_is_an_error() -> None:
    with pytest.raises(ValueError, match="0 samples"):
        sum_squared_error([], [], reduction="mean")


def test_empty_batch_gradient_of_mean_is_an_error() -> None:
    with pytest.raises(ValueError, match="0 samples"):
        sum_squared_error_grad([], [], reduction="mean")


# --- gradient ----------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(4,), (3, 2), (2, 3, 2)])
def test_gradient_matches_finite_differences(reduction: str, shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.normal(size=shape), rng.normal(size=shape)
    analytic = sum_squared_error_grad(y_true, y_pred, reduction=reduction)  # type: ignore[arg-type]
    numeric = numerical_grad(lambda p: total(y_true, p, reduction), y_pred)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def test_gradient_of_none_is_the_gradient_of_sum() -> None:
    # Each row depends only on its own sample, so the rows of "none" are the rows of "sum".
    rng = np.random.default_rng(1)
    y_true, y_pred = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    np.testing.assert_array_equal(
        sum_squared_error_grad(y_true, y_pred, reduction="none"), sum_squared_error_grad(y_true, y_pred)
    )


def test_gradient_of_mean_is_gradient_of_sum_over_n() -> None:
    rng = np.random.default_rng(2)
    y_true, y_pred = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    np.testing.assert_allclose(
        sum_squared_error_grad(y_true, y_pred, reduction="mean"), sum_squared_error_grad(y_true, y_pred) / 5
    )


@pytest.mark.parametrize("shape", [(1,), (7,), (4, 3), (2, 3, 4)])
def test_gradient_is_shaped_like_y_pred(shape: tuple[int, ...]) -> None:
    assert sum_squared_error_grad(np.zeros(shape), np.ones(shape)).shape == shape


def test_gradient_is_zero_at_the_target() -> None:
    np.testing.assert_array_equal(sum_squared_error_grad(Y_TRUE, Y_TRUE), np.zeros(4))


# --- dtypes and containers ---------------------------------------------------------------

FUNCTIONS = [sum_squared_error, sum_squared_error_grad]


def test_float32_result_is_close_to_float64() -> None:
    rng = np.random.default_rng(3)
    y_true, y_pred = rng.normal(size=(100, 3)), rng.normal(size=(100, 3))
    as32 = sum_squared_error(y_true.astype(np.float32), y_pred.astype(np.float32))
    assert as32 == pytest.approx(sum_squared_error(y_true, y_pred), rel=1e-5)
    grad32 = sum_squared_error_grad(y_true.astype(np.float32), y_pred.astype(np.float32))
    np.testing.assert_allclose(grad32, sum_squared_error_grad(y_true, y_pred), rtol=1e-5, atol=1e-6)


def test_int_inputs_are_read_as_floats() -> None:
    assert sum_squared_error(np.array([1, 2, 3]), np.array([2, 2, 5])) == 5.0
    np.testing.assert_array_equal(sum_squared_error_grad([1, 2, 3], [2, 2, 5]), [2.0, 0.0, 4.0])


def test_int_inputs_do_not_overflow() -> None:
    y_true = np.array([0], dtype=np.int8)
    assert sum_squared_error(y_true, np.array([127], dtype=np.int8)) == 127.0**2


@pytest.mark.parametrize("container", [list, tuple, np.array])
def test_lists_tuples_and_arrays_give_the_same_result(container: Callable[[list[float]], object]) -> None:
    assert sum_squared_error(container(Y_TRUE), container(Y_PRED)) == 1.5  # type: ignore[arg-type]


def test_one_sample() -> None:
    assert sum_squared_error([2.0], [5.0]) == 9.0
    np.testing.assert_array_equal(sum_squared_error([[1.0, 2.0]], [[0.0, 0.0]], reduction="none"), [5.0])


def test_many_samples() -> None:
    rng = np.random.default_rng(4)
    y_true, y_pred = rng.normal(size=10_000), rng.normal(size=10_000)
    assert sum_squared_error(y_true, y_pred) == pytest.approx(float(np.sum((y_pred - y_true) ** 2)))


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize(
    "view", [lambda a: a[::2], lambda a: a.T, lambda a: a[:, ::-1]], ids=["step", "transpose", "reversed"]
)
def test_non_contiguous_inputs(
    function: Callable[..., object], view: Callable[[np.ndarray], np.ndarray]
) -> None:
    rng = np.random.default_rng(5)
    y_true, y_pred = view(rng.normal(size=(6, 6))), view(rng.normal(size=(6, 6)))
    assert not y_true.flags.c_contiguous
    expected = function(np.ascontiguousarray(y_true), np.ascontiguousarray(y_pred), reduction="none")
    np.testing.assert_array_equal(function(y_true, y_pred, reduction="none"), expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_read_only_inputs(function: Callable[..., object], reduction: str) -> None:
    y_true, y_pred = np.array(Y_TRUE), np.array(Y_PRED)
    y_true.flags.writeable = False
    y_pred.flags.writeable = False
    expected = function(np.array(Y_TRUE), np.array(Y_PRED), reduction=reduction)
    np.testing.assert_array_equal(function(y_true, y_pred, reduction=reduction), expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_inputs_are_not_modified(function: Callable[..., object], reduction: str, dtype: type) -> None:
    y_true, y_pred = np.array(Y_TRUE, dtype=dtype), np.array(Y_PRED, dtype=dtype)
    true_copy, pred_copy = y_true.copy(), y_pred.copy()
    function(y_true, y_pred, reduction=reduction)
    np.testing.assert_array_equal(y_true, true_copy)
    np.testing.assert_array_equal(y_pred, pred_copy)


def test_results_are_not_views_of_the_inputs() -> None:
    y_true, y_pred = np.array(Y_TRUE), np.array(Y_PRED)
    for result in (
        sum_squared_error(y_true, y_pred, reduction="none"),
        sum_squared_error_grad(y_true, y_pred, reduction="none"),
    ):
        assert isinstance(result, np.ndarray)
        assert not np.shares_memory(result, y_true)
        assert not np.shares_memory(result, y_pred)


# --- bad input ---------------------------------------------------------------------------

BAD_INPUTS = [
    pytest.param(
        [1.0, 2.0, 3.0, 4.0],
        [[1.0], [2.0], [3.0], [4.0]],
        ValueError,
        r"same shape, got \(4,\) and \(4, 1\)(.|\n)*would broadcast to \(4, 4\)",
        id="shape-(4,)-(4,1)",
    ),
    pytest.param(
        [[1.0], [2.0], [3.0], [4.0]],
        [1.0, 2.0, 3.0, 4.0],
        ValueError,
        r"same shape, got \(4, 1\) and \(4,\)(.|\n)*would broadcast to \(4, 4\)",
        id="shape-(4,1)-(4,)",
    ),
    pytest.param(
        [1.0, 2.0, 3.0], [1.0, 2.0], ValueError, r"same shape, got \(3,\) and \(2,\)", id="shape-(3,)-(2,)"
    ),
    pytest.param(
        [1.0, np.nan],
        [1.0, 2.0],
        ValueError,
        r"y_true must be finite, found nan at index \(1,\)",
        id="nan-y_true",
    ),
    pytest.param(
        [1.0, 2.0],
        [np.nan, 2.0],
        ValueError,
        r"y_pred must be finite, found nan at index \(0,\)",
        id="nan-y_pred",
    ),
    pytest.param([1.0, np.inf], [1.0, 2.0], ValueError, r"y_true must be finite, found inf", id="inf-y_true"),
    pytest.param(
        [1.0, 2.0], [1.0, -np.inf], ValueError, r"y_pred must be finite, found -inf", id="-inf-y_pred"
    ),
    pytest.param([np.inf], [np.inf], ValueError, r"y_true must be finite, found inf", id="inf-both"),
    pytest.param(["a", "b"], [1.0, 2.0], TypeError, r"y_true must contain real numbers", id="strings-y_true"),
    pytest.param([1.0, 2.0], "ab", TypeError, r"y_pred must contain real numbers", id="string-y_pred"),
    pytest.param(
        [[1.0, 2.0], [3.0]],
        [[1.0, 2.0], [3.0, 4.0]],
        ValueError,
        r"y_true is a ragged nested sequence",
        id="ragged-y_true",
    ),
    pytest.param(
        [1.0, 2.0], [[1.0], [2.0, 3.0]], ValueError, r"y_pred is a ragged nested sequence", id="ragged-y_pred"
    ),
    pytest.param(1.0, 2.0, ValueError, r"y_true must have a sample axis", id="scalars"),
    pytest.param([1.0], np.float64(2.0), ValueError, r"y_pred must have a sample axis", id="scalar-y_pred"),
    pytest.param([1 + 1j], [1.0], TypeError, r"y_true must contain real numbers", id="complex-y_true"),
]


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize(("y_true", "y_pred", "error", "match"), BAD_INPUTS)
def test_bad_input_is_refused(
    function: Callable[..., object], y_true: object, y_pred: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        function(y_true, y_pred)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize(("y_true", "y_pred", "error", "match"), BAD_INPUTS)
def test_bad_input_raises_without_a_runtime_warning(
    function: Callable[..., object], y_true: object, y_pred: object, error: type[Exception], match: str
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=match):
            function(y_true, y_pred)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", ["nan", ["avg"], "average", None, "SUM", "avg"])
def test_unknown_reduction_is_refused(function: Callable[..., object], reduction: object) -> None:
    with pytest.raises(ValueError, match="reduction must be one of 'sum', 'mean' or 'none'"):
        function(Y_TRUE, Y_PRED, reduction=reduction)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_nan_is_refused_for_every_reduction(function: Callable[..., object], reduction: str) -> None:
    with pytest.raises(ValueError, match="y_pred must be finite"):
        function([[1.0, 2.0]], [[1.0, np.nan]], reduction=reduction)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_reduction_is_keyword_only(function: Callable[..., object]) -> None:
    with pytest.raises(TypeError):
        function(Y_TRUE, Y_PRED, "mean")


# --- properties --------------------------------------------------------------------------

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5)


@st.composite
def pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    arrays = hnp.arrays(np.float64, draw(shapes), elements=finite)
    return draw(arrays), draw(arrays)


@given(pairs())
def test_sse_is_not_negative(pair: tuple[np.ndarray, np.ndarray]) -> None:
    y_true, y_pred = pair
    assert sum_squared_error(y_true, y_pred) >= 0.0
    assert np.all(sum_squared_error(y_true, y_pred, reduction="none") >= 0.0)


@given(shapes.flatmap(lambda shape: hnp.arrays(np.float64, shape, elements=finite)))
def test_sse_is_zero_at_the_target(y: np.ndarray) -> None:
    assert sum_squared_error(y, y) == 0.0
    assert np.all(sum_squared_error_grad(y, y) == 0.0)


@given(pairs())
def test_sse_is_symmetric(pair: tuple[np.ndarray, np.ndarray]) -> None:
    y_true, y_pred = pair
    assert sum_squared_error(y_true, y_pred) == sum_squared_error(y_pred, y_true)


@given(pairs())
def test_gradient_is_antisymmetric(pair: tuple[np.ndarray, np.ndarray]) -> None:
    y_true, y_pred = pair
    np.testing.assert_array_equal(
        sum_squared_error_grad(y_true, y_pred), -sum_squared_error_grad(y_pred, y_true)
    )


@given(pairs())
def test_per_sample_losses_add_up_to_the_sum(pair: tuple[np.ndarray, np.ndarray]) -> None:
    y_true, y_pred = pair
    per_sample = sum_squared_error(y_true, y_pred, reduction="none")
    assert per_sample.shape == (y_true.shape[0],)
    assert sum_squared_error(y_true, y_pred) == pytest.approx(float(np.sum(per_sample)))
