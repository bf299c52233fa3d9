"""Unit tests of the classification losses: cross_entropy_error (alias categorical_cross_entropy)
and its gradient."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossdocs
from lossdocs import categorical_cross_entropy, cross_entropy_error, cross_entropy_error_grad

ONE_HOT = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
LABELS = [0, 1, 2]
Y_PRED = [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]]
ARTICLE = 0.8393296907380268
REDUCTIONS = ["sum", "mean", "none"]
FUNCTIONS = [cross_entropy_error, cross_entropy_error_grad]


@contextmanager
def no_warnings() -> Iterator[None]:
    """Turn every warning (a RuntimeWarning of NumPy, say) into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def numerical_grad(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central finite differences of the scalar function `f` at `x`."""
    grad = np.zeros_like(x, dtype=np.float64)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x, dtype=np.float64)
        step[index] = h
        grad[index] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def total(y_true: object, y_pred: np.ndarray, reduction: str, eps: float | None = None) -> float:
    """The loss as one number: the sum of the per-sample losses for reduction="none"."""
    return float(np.sum(cross_entropy_error(y_true, y_pred, reduction=reduction, eps=eps)))  # type: ignore[arg-type]


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    return np.eye(n_classes)[labels]


# --- the article's numbers ---------------------------------------------------------------


@pytest.mark.parametrize("y_true", [ONE_HOT, LABELS], ids=["one-hot", "labels"])
def test_article_example_exactly(y_true: object) -> None:
    assert cross_entropy_error(y_true, Y_PRED) == ARTICLE


@pytest.mark.parametrize("y_true", [ONE_HOT, LABELS], ids=["one-hot", "labels"])
def test_article_example_per_sample(y_true: object) -> None:
    expected = [-math.log(0.9), -math.log(0.8), -math.log(0.6)]
    np.testing.assert_allclose(cross_entropy_error(y_true, Y_PRED, reduction="none"), expected, rtol=1e-15)


def test_categorical_cross_entropy_is_an_alias() -> None:
    assert categorical_cross_entropy is cross_entropy_error
    assert lossdocs.categorical_cross_entropy is lossdocs.cross_entropy_error


def test_default_reduction_is_sum() -> None:
    assert cross_entropy_error(LABELS, Y_PRED) == cross_entropy_error(LABELS, Y_PRED, reduction="sum")


def test_docstring_gradient_example() -> None:
    np.testing.assert_allclose(
        cross_entropy_error_grad([0, 1], [[0.5, 0.5], [0.2, 0.8]]), [[-2.0, 0.0], [0.0, -1.25]]
    )


# --- reductions --------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("y_true", [ONE_HOT, LABELS], ids=["one-hot", "labels"])
def test_sum_and_mean_return_a_python_float(y_true: object, reduction: str) -> None:
    assert type(cross_entropy_error(y_true, Y_PRED, reduction=reduction)) is float  # type: ignore[arg-type]


@pytest.mark.parametrize("y_true", [ONE_HOT, LABELS], ids=["one-hot", "labels"])
def test_none_returns_one_loss_per_sample(y_true: object) -> None:
    result = cross_entropy_error(y_true, Y_PRED, reduction="none")
    assert isinstance(result, np.ndarray)
    assert result.shape == (3,)


def test_mean_is_sum_over_n_samples() -> None:
    assert cross_entropy_error(LABELS, Y_PRED, reduction="mean") == pytest.approx(ARTICLE / 3)


@pytest.mark.parametrize("labels_form", [True, False], ids=["labels", "one-hot"])
def test_extra_axes_are_summed_per_sample(labels_form: bool) -> None:
    rng = np.random.default_rng(0)
    y_pred = rng.dirichlet(np.ones(4), size=(2, 5))  # (n, s, k) = (2, 5, 4)
    labels = rng.integers(0, 4, size=(2, 5))
    y_true = labels if labels_form else one_hot(labels, 4)
    picked = np.take_along_axis(y_pred, labels[..., None], axis=-1)[..., 0]
    per_sample = cross_entropy_error(y_true, y_pred, reduction="none")
    np.testing.assert_allclose(per_sample, -np.log(picked).sum(axis=1), rtol=1e-14)
    assert cross_entropy_error(y_true, y_pred, reduction="mean") == pytest.approx(
        float(np.sum(per_sample)) / 2
    )


@pytest.mark.parametrize("y_true", [np.zeros((0, 3)), np.zeros(0, dtype=int)], ids=["one-hot", "labels"])
def test_empty_batch_sum_is_zero(y_true: np.ndarray) -> None:
    assert cross_entropy_error(y_true, np.zeros((0, 3))) == 0.0
    assert cross_entropy_error(y_true, np.zeros((0, 3)), reduction="none").shape == (0,)
    assert cross_entropy_error_grad(y_true, np.zeros((0, 3))).shape == (0, 3)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("y_true", [np.zeros((0, 3)), np.zeros(0, dtype=int)], ids=["one-hot", "labels"])
def test_empty_batch_mean_is_an_error(function: Callable[..., object], y_true: np.ndarray) -> None:
    with pytest.raises(ValueError, match="0 samples"):
        function(y_true, np.zeros((0, 3)), reduction="mean")


# --- exactness ---------------------------------------------------------------------------


def test_zero_log_zero_is_zero() -> None:
    y_pred = [[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]]
    with no_warnings():
        loss = cross_entropy_error([[1, 0, 0], [0, 1, 0]], y_pred, reduction="none")
        grad = cross_entropy_error_grad([[1, 0, 0], [0, 1, 0]], y_pred)
    np.testing.assert_array_equal(loss, [0.0, math.log(2.0)])
    np.testing.assert_array_equal(grad, [[-1.0, 0.0, 0.0], [0.0, -2.0, 0.0]])


@pytest.mark.parametrize("y_true", [[[0, 1]], [1]], ids=["one-hot", "labels"])
def test_true_class_predicted_with_zero_gives_inf(y_true: object) -> None:
    with no_warnings():
        loss = cross_entropy_error(y_true, [[1.0, 0.0]])
        grad = cross_entropy_error_grad(y_true, [[1.0, 0.0]])
    assert loss == math.inf
    np.testing.assert_array_equal(grad, [[0.0, -math.inf]])


def test_inf_loss_for_every_reduction() -> None:
    with no_warnings():
        assert cross_entropy_error([1, 0], [[1.0, 0.0], [0.5, 0.5]], reduction="mean") == math.inf
        none = cross_entropy_error([1, 0], [[1.0, 0.0], [0.5, 0.5]], reduction="none")
    np.testing.assert_array_equal(none, [math.inf, math.log(2.0)])


@pytest.mark.parametrize("y_true", [[[0, 1]], [1]], ids=["one-hot", "labels"])
def test_eps_clips_a_zero_prediction(y_true: object) -> None:
    with no_warnings():
        loss = cross_entropy_error(y_true, [[1.0, 0.0]], eps=1e-7)
    assert loss == pytest.approx(-math.log(1e-7))
    assert loss == pytest.approx(16.118, abs=1e-3)


@pytest.mark.parametrize("y_true", [[[1, 0]], [0]], ids=["one-hot", "labels"])
def test_eps_clips_a_one_prediction(y_true: object) -> None:
    assert cross_entropy_error(y_true, [[1.0, 0.0]], eps=0.1) == pytest.approx(-math.log(0.9))


def test_eps_leaves_predictions_inside_the_range_alone() -> None:
    assert cross_entropy_error(LABELS, Y_PRED, eps=1e-7) == ARTICLE


def test_soft_labels() -> None:
    y_true = [[0.7, 0.2, 0.1], [0.0, 0.5, 0.5]]
    y_pred = [[0.5, 0.25, 0.25], [0.2, 0.4, 0.4]]
    expected = [
        -(0.7 * math.log(0.5) + 0.2 * math.log(0.25) + 0.1 * math.log(0.25)),
        -(0.5 * math.log(0.4) + 0.5 * math.log(0.4)),
    ]
    np.testing.assert_allclose(cross_entropy_error(y_true, y_pred, reduction="none"), expected, rtol=1e-15)
    np.testing.assert_allclose(
        cross_entropy_error_grad(y_true, y_pred), [[-1.4, -0.8, -0.4], [0.0, -1.25, -1.25]], rtol=1e-15
    )


def test_soft_label_on_a_zero_prediction_gives_inf() -> None:
    with no_warnings():
        assert cross_entropy_error([[0.5, 0.5]], [[1.0, 0.0]]) == math.inf


# --- gradient ----------------------------------------------------------------------------


def random_case(shape: tuple[int, ...], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels and predictions in [0.1, 0.9], far enough from 0 and 1 for finite differences."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, shape[-1], size=shape[:-1]), rng.uniform(0.1, 0.9, size=shape)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("labels_form", [True, False], ids=["labels", "one-hot"])
@pytest.mark.parametrize("shape", [(4, 3), (1, 2), (2, 3, 4)])
def test_gradient_matches_finite_differences(
    reduction: str, labels_form: bool, shape: tuple[int, ...]
) -> None:
    labels, y_pred = random_case(shape, seed=1)
    y_true = labels if labels_form else one_hot(labels, shape[-1])
    analytic = cross_entropy_error_grad(y_true, y_pred, reduction=reduction)  # type: ignore[arg-type]
    numeric = numerical_grad(lambda p: total(y_true, p, reduction), y_pred)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gradient_with_soft_labels_matches_finite_differences(reduction: str) -> None:
    rng = np.random.default_rng(2)
    y_true = rng.dirichlet(np.ones(3), size=4)
    y_pred = rng.uniform(0.1, 0.9, size=(4, 3))
    analytic = cross_entropy_error_grad(y_true, y_pred, reduction=reduction)  # type: ignore[arg-type]
    numeric = numerical_grad(lambda p: total(y_true, p, reduction), y_pred)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("labels_form", [True, False], ids=["labels", "one-hot"])
def test_gradient_with_eps_matches_finite_differences(reduction: str, labels_form: bool) -> None:
    # eps=0.15 clips 0.05 and 0.9 (gradient 0 there); the other entries are not clipped.
    y_pred = np.array([[0.05, 0.5, 0.9], [0.3, 0.05, 0.65], [0.9, 0.05, 0.4]])
    labels = np.array([1, 2, 0])  # the true classes of rows 0 and 1 are not clipped, of row 2 it is
    y_true = labels if labels_form else one_hot(labels, 3)
    analytic = cross_entropy_error_grad(y_true, y_pred, reduction=reduction, eps=0.15)  # type: ignore[arg-type]
    numeric = numerical_grad(lambda p: total(y_true, p, reduction, eps=0.15), y_pred)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)
    assert np.all(analytic[y_pred < 0.15] == 0.0)
    assert np.all(analytic[y_pred > 0.85] == 0.0)


def test_gradient_at_a_subnormal_prediction_is_minus_inf_without_warning() -> None:
    with no_warnings():
        grad = cross_entropy_error_grad([1], [[1.0, 1e-310]])
    np.testing.assert_array_equal(grad, [[0.0, -math.inf]])


def test_gradient_with_eps_is_finite_at_a_zero_prediction() -> None:
    with no_warnings():
        grad = cross_entropy_error_grad([1], [[1.0, 0.0]], eps=1e-7)
    np.testing.assert_array_equal(grad, [[0.0, 0.0]])


@pytest.mark.parametrize("labels_form", [True, False], ids=["labels", "one-hot"])
def test_gradient_of_none_is_the_gradient_of_sum(labels_form: bool) -> None:
    labels, y_pred = random_case((5, 3), seed=3)
    y_true = labels if labels_form else one_hot(labels, 3)
    np.testing.assert_array_equal(
        cross_entropy_error_grad(y_true, y_pred, reduction="none"), cross_entropy_error_grad(y_true, y_pred)
    )


def test_gradient_with_labels_equals_gradient_with_one_hot() -> None:
    labels, y_pred = random_case((6, 4), seed=4)
    np.testing.assert_array_equal(
        cross_entropy_error_grad(labels, y_pred), cross_entropy_error_grad(one_hot(labels, 4), y_pred)
    )


@pytest.mark.parametrize("shape", [(1, 2), (7, 3), (2, 3, 4)])
@pytest.mark.parametrize("labels_form", [True, False], ids=["labels", "one-hot"])
def test_gradient_is_shaped_like_y_pred(shape: tuple[int, ...], labels_form: bool) -> None:
    labels, y_pred = random_case(shape, seed=5)
    y_true = labels if labels_form else one_hot(labels, shape[-1])
    assert cross_entropy_error_grad(y_true, y_pred).shape == shape


# --- dtypes and containers ---------------------------------------------------------------


@pytest.mark.parametrize("labels_form", [True, False], ids=["labels", "one-hot"])
def test_float32_result_is_close_to_float64(labels_form: bool) -> None:
    labels, y_pred = random_case((100, 5), seed=6)
    y_true = labels if labels_form else one_hot(labels, 5)
    pred32 = y_pred.astype(np.float32)
    assert cross_entropy_error(y_true, pred32) == pytest.approx(cross_entropy_error(y_true, y_pred), rel=1e-5)
    np.testing.assert_allclose(
        cross_entropy_error_grad(y_true, pred32), cross_entropy_error_grad(y_true, y_pred), rtol=1e-5
    )


def test_float32_with_keras_eps() -> None:
    with no_warnings():
        loss = cross_entropy_error([1], np.array([[1.0, 0.0]], dtype=np.float32), eps=1e-7)
    assert loss == pytest.approx(-math.log(1e-7), rel=1e-5)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.uint64])
def test_integer_label_dtypes(dtype: type) -> None:
    assert cross_entropy_error(np.array(LABELS, dtype=dtype), Y_PRED) == ARTICLE


def test_int_and_bool_one_hot_rows() -> None:
    assert cross_entropy_error(np.array(ONE_HOT, dtype=np.int8), Y_PRED) == ARTICLE
    assert cross_entropy_error(np.array(ONE_HOT, dtype=bool), Y_PRED) == ARTICLE


def test_int_predictions() -> None:
    assert cross_entropy_error([0, 1], [[1, 0], [0, 1]]) == 0.0
    np.testing.assert_array_equal(
        cross_entropy_error_grad([0, 1], [[1, 0], [0, 1]]), [[-1.0, 0.0], [0.0, -1.0]]
    )


@pytest.mark.parametrize("container", [list, tuple, np.array])
@pytest.mark.parametrize("y_true", [ONE_HOT, LABELS], ids=["one-hot", "labels"])
def test_lists_tuples_and_arrays(container: Callable[..., object], y_true: list[object]) -> None:
    def convert(rows: list[object]) -> object:
        if container is tuple:
            return tuple(tuple(r) if isinstance(r, list) else r for r in rows)
        return container(rows)

    assert cross_entropy_error(convert(y_true), convert(Y_PRED)) == ARTICLE  # type: ignore[arg-type]


def test_one_sample() -> None:
    assert cross_entropy_error([1], [[0.25, 0.75]]) == pytest.approx(-math.log(0.75))
    assert cross_entropy_error([[0, 1]], [[0.25, 0.75]], reduction="none").shape == (1,)


def test_many_samples() -> None:
    labels, y_pred = random_case((10_000, 10), seed=7)
    picked = y_pred[np.arange(10_000), labels]
    assert cross_entropy_error(labels, y_pred, reduction="mean") == pytest.approx(
        float(np.mean(-np.log(picked)))
    )


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("labels_form", [True, False], ids=["labels", "one-hot"])
@pytest.mark.parametrize(
    "view", [lambda a: a[::2], lambda a: a.transpose(1, 0, 2)[:, ::-1]], ids=["step", "transpose"]
)
def test_non_contiguous_inputs(
    function: Callable[..., object], labels_form: bool, view: Callable[[np.ndarray], np.ndarray]
) -> None:
    labels, y_pred = random_case((6, 4, 3), seed=8)
    y_true = labels[..., None] if labels_form else one_hot(labels, 3)
    y_true, y_pred = view(y_true), view(y_pred)
    if labels_form:
        y_true = y_true[..., 0]
    assert not y_pred.flags.c_contiguous
    expected = function(np.ascontiguousarray(y_true), np.ascontiguousarray(y_pred), reduction="none")
    np.testing.assert_array_equal(function(y_true, y_pred, reduction="none"), expected)  # type: ignore[arg-type]


def test_fortran_ordered_predictions() -> None:
    assert cross_entropy_error(LABELS, np.asfortranarray(Y_PRED)) == ARTICLE


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("y_true", [ONE_HOT, LABELS], ids=["one-hot", "labels"])
@pytest.mark.parametrize("eps", [None, 0.1])
def test_read_only_inputs(
    function: Callable[..., object], reduction: str, y_true: object, eps: float | None
) -> None:
    true, pred = np.array(y_true), np.array(Y_PRED)
    true.flags.writeable = False
    pred.flags.writeable = False
    expected = function(np.array(y_true), np.array(Y_PRED), reduction=reduction, eps=eps)
    np.testing.assert_array_equal(function(true, pred, reduction=reduction, eps=eps), expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(
    "y_true", [np.array(ONE_HOT, dtype=float), np.array(LABELS)], ids=["one-hot", "labels"]
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("eps", [None, 0.1])
def test_inputs_are_not_modified(
    function: Callable[..., object], reduction: str, y_true: np.ndarray, dtype: type, eps: float | None
) -> None:
    y_pred = np.array([[1.0, 0.0, 0.0], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]], dtype=dtype)
    true_copy, pred_copy = y_true.copy(), y_pred.copy()
    function(y_true, y_pred, reduction=reduction, eps=eps)
    np.testing.assert_array_equal(y_true, true_copy)
    np.testing.assert_array_equal(y_pred, pred_copy)


# --- bad input ---------------------------------------------------------------------------

BAD_INPUTS = [
    pytest.param(
        ONE_HOT,
        [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1]],
        ValueError,
        r"y_true has shape \(3, 3\), which fits neither form",
        id="rows-vs-fewer-samples",
    ),
    pytest.param(
        [[0], [1], [2], [0]],
        np.full((4, 3), 1 / 3),
        ValueError,
        r"y_true has shape \(4, 1\), which fits neither form(.|\n)*class indices of shape \(4,\)",
        id="label-column",
    ),
    pytest.param(
        [0, 1], Y_PRED, ValueError, r"y_true has shape \(2,\), which fits neither form", id="too-few-labels"
    ),
    pytest.param(
        LABELS,
        [0.2, 0.3, 0.5],
        ValueError,
        r"y_pred must have a class axis(.|\n)*got shape \(3,\)",
        id="1d-y_pred",
    ),
    pytest.param(
        [[1, 0], [0, 1]],
        [[0.5, np.nan], [0.5, 0.5]],
        ValueError,
        r"y_pred must not contain NaN, found nan at index \(0, 1\)",
        id="nan-y_pred",
    ),
    pytest.param(
        [[1, 0], [np.nan, 1]],
        [[0.5, 0.5], [0.5, 0.5]],
        ValueError,
        r"y_true must not contain NaN, found nan at index \(1, 0\)",
        id="nan-y_true",
    ),
    pytest.param(
        [0, 1],
        [[0.5, 0.5], [np.inf, 0.5]],
        ValueError,
        r"y_pred must hold probabilities in \[0, 1\], found inf at index \(1, 0\)",
        id="inf-y_pred",
    ),
    pytest.param(
        [[1, 0], [0, -np.inf]],
        [[0.5, 0.5], [0.5, 0.5]],
        ValueError,
        r"y_true must hold probabilities in \[0, 1\], found -inf",
        id="inf-y_true",
    ),
    pytest.param(
        [0, 1],
        [[1.2, -0.2], [0.5, 0.5]],
        ValueError,
        r"y_pred must hold probabilities in \[0, 1\], found 1.2 at index \(0, 0\)(.|\n)*softmax",
        id="logits-y_pred",
    ),
    pytest.param(
        [[1.5, -0.5], [0, 1]],
        [[0.5, 0.5], [0.5, 0.5]],
        ValueError,
        r"y_true must hold probabilities in \[0, 1\], found 1.5 at index \(0, 0\)",
        id="out-of-range-y_true",
    ),
    pytest.param(
        [0, 3, 1], Y_PRED, ValueError, r"must be in 0\.\.2 .* found 3 at index \(1,\)", id="label-3"
    ),
    pytest.param(
        [0, 1, -1], Y_PRED, ValueError, r"must be in 0\.\.2 .* found -1 at index \(2,\)", id="label--1"
    ),
    pytest.param(
        [0.0, 1.0, 2.0],
        Y_PRED,
        TypeError,
        r"y_true holds class indices and must have an integer dtype, "
        r"got float64",
        id="float-labels",
    ),
    pytest.param(
        [True, False, True], Y_PRED, TypeError, r"must have an integer dtype, got bool", id="bool-labels"
    ),
    pytest.param(["a", "b", "c"], Y_PRED, TypeError, r"y_true must contain real numbers", id="string-y_true"),
    pytest.param(
        LABELS, [["a", "b", "c"]] * 3, TypeError, r"y_pred must contain real numbers", id="strings-y_pred"
    ),
    pytest.param(LABELS, "abc", TypeError, r"y_pred must contain real numbers", id="string-y_pred"),
    pytest.param(
        LABELS,
        [[0.5, 0.5], [0.2, 0.8, 0.0], [1.0, 0.0]],
        ValueError,
        r"y_pred is a ragged nested sequence",
        id="ragged-y_pred",
    ),
    pytest.param(
        [[1, 0], [0]],
        [[0.5, 0.5], [0.5, 0.5]],
        ValueError,
        r"y_true is a ragged nested sequence",
        id="ragged-y_true",
    ),
    pytest.param(0, [[1.0, 0.0]], ValueError, r"y_true must have a sample axis", id="scalar-y_true"),
    pytest.param(LABELS, 0.5, ValueError, r"y_pred must have a sample axis", id="scalar-y_pred"),
]


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize(("y_true", "y_pred", "error", "match"), BAD_INPUTS)
def test_bad_input_is_refused(
    function: Callable[..., object], y_true: object, y_pred: object, error: type[Exception], match: str
) -> None:
    with no_warnings(), pytest.raises(error, match=match):
        function(y_true, y_pred)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", ["avg", None, "SUM", "batchmean"])
def test_unknown_reduction_is_refused(function: Callable[..., object], reduction: object) -> None:
    with pytest.raises(ValueError, match="reduction must be one of 'sum', 'mean' or 'none'"):
        function(LABELS, Y_PRED, reduction=reduction)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("eps", [0, 0.0, 0.5, 1, -1, -1e-7, math.nan, math.inf])
def test_eps_out_of_range_is_refused(function: Callable[..., object], eps: float) -> None:
    with pytest.raises(ValueError, match=r"eps must lie strictly between 0 and 0\.5"):
        function(LABELS, Y_PRED, eps=eps)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("eps", ["x", True, False, [1e-7], 1e-7j])
def test_eps_of_a_wrong_type_is_refused(function: Callable[..., object], eps: object) -> None:
    with pytest.raises(TypeError, match=r"eps must be a float such as 1e-7, or None"):
        function(LABELS, Y_PRED, eps=eps)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("eps", [1e-7, np.float32(1e-3), np.float64(0.25), 0.4999])
def test_eps_in_range_is_accepted(function: Callable[..., object], eps: float) -> None:
    function(LABELS, Y_PRED, eps=eps)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_reduction_and_eps_are_keyword_only(function: Callable[..., object]) -> None:
    with pytest.raises(TypeError):
        function(LABELS, Y_PRED, "mean")


# --- properties --------------------------------------------------------------------------


@st.composite
def labels_and_probabilities(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Integer labels of shape (n, ...) and probability rows of shape (n, ..., k)."""
    shape = draw(hnp.array_shapes(min_dims=2, max_dims=3, min_side=1, max_side=5))
    weights = draw(hnp.arrays(np.float64, shape, elements=st.floats(0.0, 1.0)))
    weights[..., 0] += weights.sum(axis=-1) == 0  # no all-zero row
    y_pred = weights / weights.sum(axis=-1, keepdims=True)
    labels = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, shape[-1] - 1)))
    return labels, y_pred


@given(labels_and_probabilities())
def test_cross_entropy_of_one_hot_targets_is_not_negative(case: tuple[np.ndarray, np.ndarray]) -> None:
    labels, y_pred = case
    with no_warnings():
        per_sample = cross_entropy_error(one_hot(labels, y_pred.shape[-1]), y_pred, reduction="none")
    assert np.all(per_sample >= 0.0)


@given(labels_and_probabilities(), st.sampled_from(REDUCTIONS))
def test_labels_give_the_same_loss_as_their_one_hot_rows(
    case: tuple[np.ndarray, np.ndarray], reduction: str
) -> None:
    labels, y_pred = case
    with no_warnings():
        from_labels = cross_entropy_error(labels, y_pred, reduction=reduction)  # type: ignore[arg-type]
        from_rows = cross_entropy_error(one_hot(labels, y_pred.shape[-1]), y_pred, reduction=reduction)  # type: ignore[arg-type]
    # Equal up to the order of the additions (the one-hot sum also adds the zero terms).
    np.testing.assert_allclose(from_labels, from_rows, rtol=1e-14)


@given(labels_and_probabilities())
def test_gradient_from_labels_equals_gradient_from_one_hot_rows(case: tuple[np.ndarray, np.ndarray]) -> None:
    labels, y_pred = case
    with no_warnings():
        from_labels = cross_entropy_error_grad(labels, y_pred)
        from_rows = cross_entropy_error_grad(one_hot(labels, y_pred.shape[-1]), y_pred)
    np.testing.assert_array_equal(from_labels, from_rows)


@given(labels_and_probabilities(), st.floats(1e-12, 0.49))
def test_clipped_loss_is_finite_and_at_most_minus_log_eps_per_term(
    case: tuple[np.ndarray, np.ndarray], eps: float
) -> None:
    labels, y_pred = case
    with no_warnings():
        per_sample = cross_entropy_error(labels, y_pred, reduction="none", eps=eps)
    terms_per_sample = math.prod(labels.shape[1:])
    assert np.all(np.isfinite(per_sample))
    assert np.all(per_sample <= -math.log(eps) * terms_per_sample * (1 + 1e-12))
