"""Input checks and reductions shared by every loss.

Every public loss passes its arguments through these helpers where they enter the package,
so that bad input is refused with a message that names the argument, says what was found
and how to fix it, instead of failing deep inside NumPy or giving a silently wrong number.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Literal, TypeAlias, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

Reduction: TypeAlias = Literal["sum", "mean", "none"]
FloatArray: TypeAlias = NDArray[np.floating]

REDUCTIONS: tuple[str, ...] = ("sum", "mean", "none")


def check_reduction(reduction: object) -> None:
    """Refuse a `reduction` that is not one of "sum", "mean" or "none"."""
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise ValueError(
            f"reduction must be one of 'sum', 'mean' or 'none', got {reduction!r}.\n"
            "Use 'sum' or 'mean' for one number over all samples, "
            "or 'none' for the loss of each sample."
        )


def real_parameter(value: object, name: str, example: str) -> float:
    """Read a keyword parameter that must be one real number (bools and arrays are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a real number, got {value!r} of type {type(value).__name__}.\n"
            f"Pass one number, for example {name}={example}."
        )
    return float(value)


def flag_parameter(value: object, name: str, meaning: str) -> bool:
    """A True/False keyword argument; `meaning` says what each value does."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(
            f"{name} must be True or False, got {value!r} of type {type(value).__name__}.\n{meaning}"
        )
    return bool(value)


def parameter_in_range(
    value: object, name: str, example: str, inside: Callable[[float], bool], rule: str, meaning: str
) -> float:
    """Read a real keyword parameter and refuse it unless `inside(value)`; NaN is refused too."""
    number = real_parameter(value, name, example)
    if not inside(number):  # every comparison with NaN is False
        raise ValueError(f"{name} must {rule}, got {value!r}.\n{meaning}")
    return number


def to_array(values: ArrayLike, name: str) -> NDArray[np.generic]:
    """Turn `values` into an ndarray, refusing ragged nested sequences and non-numbers."""
    try:
        array = np.asarray(values)
    except ValueError as error:  # NumPy refuses ragged nested sequences
        raise ValueError(
            f"{name} is a ragged nested sequence: its rows have different lengths.\n"
            "Every row must have the same number of elements; "
            "check the row lengths of the list you passed."
        ) from error
    if array.dtype.kind not in "biuf":
        first = array.reshape(-1)[0] if array.size else None
        first = first.item() if isinstance(first, np.generic) else first
        example = f" (for example {first!r})" if array.size else ""
        raise TypeError(
            f"{name} must contain real numbers, got an array of dtype {array.dtype}{example}.\n"
            "Convert the data to numbers first, for example np.asarray(values, dtype=float)."
        )
    if array.ndim == 0:
        raise ValueError(
            f"{name} must have a sample axis (axis 0), got the scalar {array.item()!r}.\n"
            f"Wrap a single sample in a list, for example [{array.item()!r}]."
        )
    return array


def as_float_array(values: ArrayLike, name: str) -> FloatArray:
    """Read `values` as a floating-point array (float32 and float64 are kept, others become float64)."""
    array = to_array(values, name)
    if array.dtype.kind != "f" or array.dtype.itemsize < 4:
        return array.astype(np.float64)
    return cast(FloatArray, array)


def as_label_array(values: ArrayLike, name: str, pred_name: str = "y_pred") -> NDArray[np.integer]:
    """Read `values` as integer class indices (for the predictions `pred_name`)."""
    array = to_array(values, name)
    if array.dtype.kind not in "iu":
        raise TypeError(
            f"{name} holds class indices and must have an integer dtype, got {array.dtype}.\n"
            f"Convert it with {name}.astype(int), or pass one-hot rows of the same shape as {pred_name}."
        )
    return cast(NDArray[np.integer], array)


def check_same_shape(
    y_true: NDArray[np.generic], y_pred: NDArray[np.generic], pred_name: str = "y_pred"
) -> None:
    """Refuse arrays of different shapes instead of letting them broadcast."""
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and {pred_name} must have the same shape, got {y_true.shape} and {y_pred.shape}.\n"
            + _broadcast_warning(y_true.shape, y_pred.shape)
            + "Reshape one of them so that both shapes are equal, "
            + _reshape_hint(y_true.shape, y_pred.shape, pred_name)
        )


def _broadcast_warning(a: tuple[int, ...], b: tuple[int, ...]) -> str:
    try:
        both = np.broadcast_shapes(a, b)
    except ValueError:
        return ""
    return f"A {a} array against a {b} array would broadcast to {both} and give a wrong loss.\n"


def _reshape_hint(a: tuple[int, ...], b: tuple[int, ...], pred_name: str) -> str:
    if len(a) == 1 and b == (a[0], 1):
        return f"for example {pred_name}.reshape(-1) or y_true.reshape(-1, 1)."
    if len(b) == 1 and a == (b[0], 1):
        return f"for example y_true.reshape(-1) or {pred_name}.reshape(-1, 1)."
    return "or check that they describe the same samples."


def check_axis(axis: object, shape: tuple[int, ...], name: str) -> int:
    """Refuse an axis that is not an integer, out of range, or of length 0; return it as given."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an integer such as -1 (the last axis), got {axis!r}.")
    ndim = len(shape)
    if not -ndim <= int(axis) < ndim:
        raise ValueError(
            f"axis {axis} is out of range for {name} of shape {shape}.\n"
            f"Use an axis from {-ndim} to {ndim - 1}; -1, the default, is the last axis (the classes)."
        )
    if shape[int(axis)] == 0:
        raise ValueError(
            f"{name} has no entries along axis {axis}: shape {shape}.\n"
            "A softmax normalizes over the classes on that axis and needs at least one."
        )
    return int(axis)


def check_finite(array: FloatArray, name: str) -> None:
    """Refuse NaN and infinite values, naming the first one found."""
    bad = ~np.isfinite(array)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} must be finite, found {array[index]} at index {index}.\n"
            "Remove or replace the missing or infinite values before computing the loss."
        )


def check_finite_inputs(value: float | FloatArray, **inputs: FloatArray) -> None:
    """Refuse NaN and infinities in `inputs` (name=array), scanning them only if `value` is not finite.

    `value` is a result that every input reaches (a NaN or an infinity in any input makes it NaN
    or infinite), or an input itself. A sum is finite only if every term is: one pass, no
    temporary. Finite inputs whose result overflows pass the scan: that infinity is the true
    result, rounded.
    """
    total = value if isinstance(value, float) else float(np.sum(value))
    if not math.isfinite(total):
        for name, array in inputs.items():
            check_finite(array, name)


# The bits of 1.0 as an unsigned integer of the same size, for float32 and float64.
_BITS_OF_ONE = {
    np.dtype(t): np.ones(1, dtype=t).view(f"u{np.dtype(t).itemsize}")[0] for t in (np.float32, np.float64)
}


def check_probabilities(array: FloatArray, name: str) -> None:
    """Refuse values outside [0, 1] (NaN included) in an array of probabilities."""
    if array.size == 0:
        return
    bits_of_one = _BITS_OF_ONE.get(array.dtype)
    # Read as unsigned integers, the floats in [0, 1] are those whose bits are at most those of 1.0:
    # a sign bit, NaN and inf all make a larger number. One pass, where min and max take two.
    if bits_of_one is not None and array.view(bits_of_one.dtype).max() <= bits_of_one:
        return
    bad = ~((array >= 0.0) & (array <= 1.0))
    if not bad.any():  # -0.0, whose sign bit is set, or a float type without the fast check
        return
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    if np.isnan(array[index]):
        raise ValueError(
            f"{name} must not contain NaN, found nan at index {index}.\n"
            "Remove or replace the missing values before computing the loss."
        )
    raise ValueError(
        f"{name} must hold probabilities in [0, 1], found {array[index]} at index {index}.\n"
        "If these are logits (raw scores), turn them into probabilities first "
        "(with a softmax over classes, or a sigmoid for independent labels), "
        "or use a loss that takes logits."
    )


def check_labels(labels: NDArray[np.integer], n_classes: int, name: str, pred_name: str = "y_pred") -> None:
    """Refuse class indices outside range(n_classes), the length of the last axis of `pred_name`."""
    if labels.size == 0:
        return
    low, high = int(labels.min()), int(labels.max())
    if low >= 0 and high < n_classes:
        return
    bad_value = low if low < 0 else high
    index = tuple(int(i) for i in np.argwhere(labels == bad_value)[0])
    raise ValueError(
        f"{name} holds class indices that must be in 0..{n_classes - 1} "
        f"({pred_name} has {n_classes} classes on its last axis), "
        f"found {bad_value} at index {index}.\n"
        f"Check that the labels count from 0 and that {pred_name} has one column per class."
        + (
            f"\nIf {bad_value} marks samples to leave out (padding), pass ignore_index={bad_value}."
            if bad_value < 0
            else ""
        )
    )


def per_sample(values: FloatArray) -> FloatArray:
    """Sum `values` over every axis but the sample axis (axis 0)."""
    if values.ndim == 1:
        return values
    # The row length is spelled out: reshape(n, -1) is ambiguous, and refused, when n == 0.
    rows = values.reshape(values.shape[0], math.prod(values.shape[1:]))
    return cast(FloatArray, rows.sum(axis=1))


def per_sample_mean(values: FloatArray) -> FloatArray:
    """Average `values` over every axis but the sample axis (axis 0)."""
    if values.ndim == 1:
        return values
    rows = values.reshape(values.shape[0], math.prod(values.shape[1:]))
    return cast(FloatArray, rows.mean(axis=1))


def outputs_per_sample(pred: FloatArray, pred_name: str = "y_pred") -> int:
    """The number of outputs of one sample, refusing none: a mean over no outputs is undefined."""
    outputs = math.prod(pred.shape[1:])
    if outputs == 0:
        raise ValueError(
            f"y_true and {pred_name} have no outputs per sample: shape {pred.shape}.\n"
            "The loss of a sample is the mean over its outputs, which needs at least one. "
            "Check the shape: axis 0 is the sample axis, the other axes are the outputs."
        )
    return outputs


def reduce(
    losses: FloatArray, reduction: Reduction, sample_weight: ArrayLike | None = None
) -> float | FloatArray:
    """Reduce per-sample losses: a Python float for "sum" and "mean", the array for "none".

    With `sample_weight` (checked here), the weighted reduction of `weighted_reduce`.
    """
    if sample_weight is not None:
        return weighted_reduce(losses, sample_weight_array(sample_weight, losses.shape[0]), reduction)
    if reduction == "none":
        return losses
    if reduction == "mean":
        return float(np.sum(losses)) / _n_samples(losses.shape[0])
    return float(np.sum(losses))


def reduce_total(total: float, n_samples: int, reduction: Reduction) -> float:
    """Reduce per-sample losses known only by their sum `total`: itself for "sum", / n_samples for "mean"."""
    return total / _n_samples(n_samples) if reduction == "mean" else total


def grad_scale(n_samples: int, reduction: Reduction) -> float:
    """The factor by which a reduction scales each sample's gradient."""
    return 1.0 / _n_samples(n_samples) if reduction == "mean" else 1.0


def sample_weight_array(sample_weight: ArrayLike, n_samples: int, name: str = "sample_weight") -> FloatArray:
    """Read a weight per sample: a 1-D array of `n_samples` finite, non-negative numbers, as float64."""
    weights = as_float_array(sample_weight, name).astype(np.float64, copy=False)
    if weights.shape != (n_samples,):
        raise ValueError(
            f"{name} must hold one weight per sample, shape ({n_samples},), got shape {weights.shape}.\n"
            f"Pass a 1-D array as long as axis 0 of the inputs ({n_samples} samples)."
        )
    check_finite(weights, name)
    if weights.size and weights.min() < 0:
        first = int(np.argmax(weights < 0))
        raise ValueError(
            f"{name} must not be negative, got {float(weights[first])!r} at index {first}.\n"
            "A weight scales the loss of its sample: use 0 to leave a sample out, 1 to count it once."
        )
    return weights


def weighted_reduce(
    losses: FloatArray, weights: FloatArray, reduction: Reduction, name: str = "sample_weight"
) -> float | FloatArray:
    """Reduce per-sample losses with weights: w·l for "none", sum(w·l) for "sum", sum(w·l)/sum(w) for "mean".

    The products and their sum are float64 (the weights' type). A weight of 0 leaves its sample
    out, even where its loss is inf (0 · inf would be NaN).
    """
    weighted = scale_samples(losses.astype(np.result_type(losses, weights)), weights)
    if reduction == "none":  # in the dtype of the losses, as without weights
        return weighted.astype(losses.dtype, copy=False)
    total = float(np.sum(weighted))
    return total / weight_total(weights, name) if reduction == "mean" else total


def weighted_grad_scale(weights: FloatArray, reduction: Reduction, name: str = "sample_weight") -> FloatArray:
    """The factor of each sample's gradient under a weighted reduction: w_i, or w_i / sum(w) for "mean"."""
    return weights / weight_total(weights, name) if reduction == "mean" else weights


def weight_total(weights: FloatArray, name: str = "sample_weight") -> float:
    """sum(weights), refusing 0: a weighted mean over no weight is undefined."""
    total = float(np.sum(weights))
    if total == 0:
        raise ValueError(
            f"reduction='mean' divides by the sum of the weights, and {name} sums to 0 "
            f"({weights.size} samples, none counted).\n"
            "Give at least one sample a positive weight, or use reduction='sum' (0.0 when nothing counts)."
        )
    return total


def scale_samples(values: FloatArray, factors: FloatArray) -> FloatArray:
    """Multiply sample i of `values` (its slice along axis 0) by factors[i], in place, and return it.

    For a weighted gradient: the rows of a "none" gradient times `weighted_grad_scale`. A factor
    of 0 gives 0, also where the value is inf (0 · inf would be NaN). `weighted_reduce` uses it too.
    """
    column = factors.reshape((-1,) + (1,) * (values.ndim - 1))
    with np.errstate(invalid="ignore", over="ignore"):  # 0 · inf is set to 0 below; overflow is inf
        values *= column
    if not factors.all():
        values[factors == 0] = 0.0
    return values


def _n_samples(n: int) -> int:
    if n == 0:
        raise ValueError(
            "reduction='mean' needs at least one sample, got 0 samples.\n"
            "Pass a non-empty batch, or use reduction='sum' (0.0 for no samples)."
        )
    return n
