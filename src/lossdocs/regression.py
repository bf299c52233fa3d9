"""Losses for regression: the prediction is a real number compared with a real target."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lossdocs._checks import (
    FloatArray,
    Reduction,
    as_float_array,
    check_finite,
    check_reduction,
    check_same_shape,
    grad_scale,
    per_sample,
    reduce,
)

__all__ = ["sse", "sum_squared_error", "sum_squared_error_grad"]


def _regression_inputs(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[FloatArray, FloatArray]:
    true = as_float_array(y_true, "y_true")
    pred = as_float_array(y_pred, "y_pred")
    check_same_shape(true, pred)
    return true, pred


def _check_result_finite(result: float | FloatArray, y_true: FloatArray, y_pred: FloatArray) -> None:
    # A NaN or an infinity in the inputs always reaches the result, so the inputs are
    # scanned only in the rare case where the result is not finite.
    if not np.all(np.isfinite(result)):
        check_finite(y_true, "y_true")
        check_finite(y_pred, "y_pred")


def sum_squared_error(
    y_true: ArrayLike, y_pred: ArrayLike, *, reduction: Reduction = "sum"
) -> float | FloatArray:
    r"""Sum of squared errors (SSE, 二乗和誤差).

    $$ \mathrm{SSE} = \sum_{i=1}^{n} (y_i - t_i)^2 $$

    where $y_i$ is the prediction, $t_i$ the target and $n$ the number of samples.
    There is no factor $\tfrac{1}{2}$; multiply by 0.5 for the textbook convention.

    Parameters
    ----------
    y_true : array_like
        Targets $t$, shape ``(n_samples,)`` or ``(n_samples, n_outputs, ...)``.
    y_pred : array_like
        Predictions $y$, the same shape as `y_true` (no broadcasting).
    reduction : {"sum", "mean", "none"}, default "sum"
        ``"sum"`` adds the per-sample losses, ``"mean"`` averages them over samples,
        ``"none"`` returns them. The loss of one sample adds the squared errors of all
        its outputs.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)``
        for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, an input holds NaN or infinity, or `reduction` is unknown.
    TypeError
        If an input is not numeric.

    See Also
    --------
    sum_squared_error_grad : its gradient with respect to `y_pred`.

    Examples
    --------
    >>> sum_squared_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    1.5
    >>> sum_squared_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], reduction="none")
    array([0.25, 0.25, 0.  , 1.  ])
    """
    check_reduction(reduction)
    true, pred = _regression_inputs(y_true, y_pred)
    # inf - inf gives NaN, reported by the check below; a square beyond 1.8e308 is inf.
    with np.errstate(invalid="ignore", over="ignore"):
        squared_errors = np.square(pred - true)  # (y_i - t_i)^2, one temporary
    result = reduce(per_sample(squared_errors), reduction)
    _check_result_finite(result, true, pred)
    return result


def sum_squared_error_grad(
    y_true: ArrayLike, y_pred: ArrayLike, *, reduction: Reduction = "sum"
) -> FloatArray:
    r"""Gradient of :func:`sum_squared_error` with respect to `y_pred`.

    $$ \frac{\partial\,\mathrm{SSE}}{\partial y_i} = 2\,(y_i - t_i) $$

    With ``reduction="mean"`` every entry is divided by the number of samples $n$.
    With ``reduction="none"`` row $i$ is the gradient of the loss of sample $i$.

    Parameters
    ----------
    y_true : array_like
        Targets $t$.
    y_pred : array_like
        Predictions $y$, the same shape as `y_true`.
    reduction : {"sum", "mean", "none"}, default "sum"
        The reduction of the loss whose gradient is taken.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Examples
    --------
    >>> sum_squared_error_grad([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    array([-1.,  1.,  0.,  2.])
    """
    check_reduction(reduction)
    true, pred = _regression_inputs(y_true, y_pred)
    check_finite(true, "y_true")
    check_finite(pred, "y_pred")
    grad = pred - true
    grad *= 2.0 * grad_scale(pred.shape[0], reduction)
    return grad


sse = sum_squared_error
"""Alias of :func:`sum_squared_error`."""
