"""Unit tests of the input checks and reductions shared by every loss (lossdocs._checks)."""

from __future__ import annotations

import numpy as np
import pytest

from lossdocs._checks import (
    as_float_array,
    as_label_array,
    check_finite,
    check_labels,
    check_probabilities,
    check_reduction,
    check_same_shape,
    grad_scale,
    per_sample,
    reduce,
    to_array,
)

# --- check_reduction ---------------------------------------------------------------------


@pytest.mark.parametrize("reduction", ["sum", "mean", "none"])
def test_check_reduction_accepts_the_three_reductions(reduction: str) -> None:
    check_reduction(reduction)


@pytest.mark.parametrize("reduction", ["avg", "Sum", "", None, 0, ("sum",)])
def test_check_reduction_refuses_anything_else(reduction: object) -> None:
    with pytest.raises(ValueError, match="reduction must be one of 'sum', 'mean' or 'none'"):
        check_reduction(reduction)


# --- to_array ----------------------------------------------------------------------------


@pytest.mark.parametrize("values", [[1, 2], (1.0, 2.0), np.array([1, 2], dtype=np.uint8), [True, False]])
def test_to_array_accepts_real_numbers(values: object) -> None:
    assert isinstance(to_array(values, "y_true"), np.ndarray)


def test_to_array_returns_an_ndarray_unchanged() -> None:
    a = np.array([1.0, 2.0])
    assert to_array(a, "y_true") is a


def test_to_array_refuses_a_ragged_list() -> None:
    with pytest.raises(ValueError, match="y_pred is a ragged nested sequence"):
        to_array([[1.0, 2.0], [3.0]], "y_pred")


@pytest.mark.parametrize(
    ("values", "found"),
    [
        (["a", "b"], "dtype <U1 \\(for example 'a'\\)"),
        ("abc", "dtype <U3"),
        ([None, 1.0], "dtype object"),
        ([1 + 2j], "dtype complex128"),
    ],
)
def test_to_array_refuses_non_real_numbers(values: object, found: str) -> None:
    with pytest.raises(TypeError, match=f"y_true must contain real numbers, got an array of {found}"):
        to_array(values, "y_true")


@pytest.mark.parametrize("values", [3.0, np.float64(3.0), np.array(3.0)])
def test_to_array_refuses_a_scalar(values: object) -> None:
    with pytest.raises(ValueError, match=r"y_true must have a sample axis .* got the scalar 3\.0"):
        to_array(values, "y_true")


# --- as_float_array / as_label_array -----------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_as_float_array_keeps_float32_and_float64(dtype: type) -> None:
    a = np.array([1.0, 2.0], dtype=dtype)
    assert as_float_array(a, "y_pred") is a


@pytest.mark.parametrize("dtype", [np.float16, np.int32, np.int64, np.uint8, np.bool_])
def test_as_float_array_turns_other_dtypes_into_float64(dtype: type) -> None:
    result = as_float_array(np.array([1, 0], dtype=dtype), "y_pred")
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, [1.0, 0.0])


@pytest.mark.parametrize("dtype", [np.int8, np.int64, np.uint16])
def test_as_label_array_accepts_integers(dtype: type) -> None:
    a = np.array([0, 2], dtype=dtype)
    assert as_label_array(a, "y_true") is a


@pytest.mark.parametrize("values", [[0.0, 1.0], [True, False]])
def test_as_label_array_refuses_non_integers(values: list[object]) -> None:
    with pytest.raises(TypeError, match="y_true holds class indices and must have an integer dtype"):
        as_label_array(values, "y_true")


# --- check_same_shape --------------------------------------------------------------------


def test_check_same_shape_accepts_equal_shapes() -> None:
    check_same_shape(np.zeros((4, 2)), np.ones((4, 2)))


def test_check_same_shape_names_the_broadcast_and_the_fix() -> None:
    with pytest.raises(ValueError, match="must have the same shape") as info:
        check_same_shape(np.zeros(4), np.zeros((4, 1)))
    message = str(info.value)
    assert "must have the same shape, got (4,) and (4, 1)" in message
    assert "would broadcast to (4, 4)" in message
    assert "y_pred.reshape(-1) or y_true.reshape(-1, 1)" in message


def test_check_same_shape_hint_follows_which_argument_is_the_column() -> None:
    with pytest.raises(ValueError, match=r"y_true\.reshape\(-1\) or y_pred\.reshape\(-1, 1\)"):
        check_same_shape(np.zeros((4, 1)), np.zeros(4))


def test_check_same_shape_without_broadcast_says_no_broadcast() -> None:
    with pytest.raises(ValueError, match="must have the same shape") as info:
        check_same_shape(np.zeros(3), np.zeros(4))
    assert "got (3,) and (4,)" in str(info.value)
    assert "broadcast" not in str(info.value)
    assert "describe the same samples" in str(info.value)


# --- check_finite / check_probabilities / check_labels -----------------------------------


def test_check_finite_accepts_finite_values() -> None:
    check_finite(np.array([0.0, -1e300, 1e300]), "y_true")


@pytest.mark.parametrize(("bad", "shown"), [(np.nan, "nan"), (np.inf, "inf"), (-np.inf, "-inf")])
def test_check_finite_names_the_first_bad_value_and_its_index(bad: float, shown: str) -> None:
    a = np.zeros((2, 3))
    a[1, 2] = bad
    with pytest.raises(ValueError, match=rf"y_pred must be finite, found {shown} at index \(1, 2\)"):
        check_finite(a, "y_pred")


@pytest.mark.parametrize("values", [[0.0, 0.5, 1.0], np.empty((0, 3))])
def test_check_probabilities_accepts_values_in_0_1(values: object) -> None:
    check_probabilities(np.asarray(values, dtype=float), "y_pred")


@pytest.mark.parametrize("bad", [-0.1, 1.5, np.inf, -np.inf])
def test_check_probabilities_refuses_values_outside_0_1(bad: float) -> None:
    a = np.array([[0.5, 0.5], [0.5, bad]])
    with pytest.raises(
        ValueError, match=r"y_pred must hold probabilities in \[0, 1\], found .* at index \(1, 1\)"
    ):
        check_probabilities(a, "y_pred")


def test_check_probabilities_refuses_nan_with_its_own_message() -> None:
    with pytest.raises(ValueError, match=r"y_true must not contain NaN, found nan at index \(1,\)"):
        check_probabilities(np.array([0.5, np.nan]), "y_true")


def test_check_labels_accepts_labels_in_range() -> None:
    check_labels(np.array([0, 1, 2]), 3, "y_true")
    check_labels(np.array([], dtype=int), 3, "y_true")


@pytest.mark.parametrize(("bad", "index"), [(3, 2), (-1, 0)])
def test_check_labels_refuses_labels_out_of_range(bad: int, index: int) -> None:
    labels = np.array([0, 1, 2])
    labels[index] = bad
    with pytest.raises(ValueError, match=rf"must be in 0\.\.2 .* found {bad} at index \({index},\)"):
        check_labels(labels, 3, "y_true")


# --- per_sample / reduce / grad_scale ----------------------------------------------------


def test_per_sample_keeps_a_vector() -> None:
    v = np.array([1.0, 2.0])
    assert per_sample(v) is v


def test_per_sample_sums_every_axis_but_the_first() -> None:
    v = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(per_sample(v), v.sum(axis=(1, 2)))


@pytest.mark.parametrize("shape", [(0,), (0, 3), (0, 2, 3)])
def test_per_sample_of_an_empty_batch_is_empty(shape: tuple[int, ...]) -> None:
    assert per_sample(np.zeros(shape)).shape == (0,)


def test_per_sample_of_a_non_contiguous_array() -> None:
    v = np.arange(12.0).reshape(3, 4).T
    np.testing.assert_array_equal(per_sample(v), v.sum(axis=1))


@pytest.mark.parametrize(("reduction", "expected"), [("sum", 6.0), ("mean", 2.0)])
def test_reduce_to_a_python_float(reduction: str, expected: float) -> None:
    result = reduce(np.array([1.0, 2.0, 3.0], dtype=np.float32), reduction)  # type: ignore[arg-type]
    assert type(result) is float
    assert result == expected


def test_reduce_none_returns_the_per_sample_array() -> None:
    losses = np.array([1.0, 2.0])
    assert reduce(losses, "none") is losses


def test_reduce_sum_of_no_samples_is_zero() -> None:
    assert reduce(np.zeros(0), "sum") == 0.0


def test_reduce_mean_of_no_samples_is_an_error() -> None:
    with pytest.raises(ValueError, match="got 0 samples"):
        reduce(np.zeros(0), "mean")


@pytest.mark.parametrize(("reduction", "expected"), [("sum", 1.0), ("none", 1.0), ("mean", 0.25)])
def test_grad_scale(reduction: str, expected: float) -> None:
    assert grad_scale(4, reduction) == expected  # type: ignore[arg-type]


def test_grad_scale_mean_of_no_samples_is_an_error() -> None:
    with pytest.raises(ValueError, match="got 0 samples"):
        grad_scale(0, "mean")
