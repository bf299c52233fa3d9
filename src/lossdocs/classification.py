"""Losses for classification: predicted class probabilities compared with the true classes."""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lossdocs._checks import (
    FloatArray,
    Reduction,
    as_float_array,
    as_label_array,
    check_labels,
    check_probabilities,
    check_reduction,
    grad_scale,
    per_sample,
    reduce,
    to_array,
)

__all__ = ["categorical_cross_entropy", "cross_entropy_error", "cross_entropy_error_grad"]

# The targets of a cross-entropy: either probability rows shaped like y_pred (one-hot or soft
# labels), or integer class indices with one entry fewer in the shape.
Targets = tuple[FloatArray | None, NDArray[np.integer] | None]


def _check_eps(eps: object) -> float | None:
    if eps is None:
        return None
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real):
        raise TypeError(f"eps must be a float such as 1e-7, or None for no clipping, got {eps!r}.")
    if not 0.0 < float(eps) < 0.5:
        raise ValueError(
            f"eps must lie strictly between 0 and 0.5, got {eps!r}.\n"
            "Predictions are clipped to [eps, 1 - eps]; Keras uses eps=1e-7."
        )
    return float(eps)


def _probabilities(y_pred: ArrayLike) -> FloatArray:
    pred = as_float_array(y_pred, "y_pred")
    if pred.ndim < 2:
        raise ValueError(
            f"y_pred must have a class axis: shape (n_samples, n_classes), got shape {pred.shape}.\n"
            "For a single sample, wrap it in a list ([y_pred]) or use y_pred.reshape(1, -1)."
        )
    check_probabilities(pred, "y_pred")
    return pred


def _targets(y_true: ArrayLike, pred: FloatArray) -> Targets:
    true = to_array(y_true, "y_true")
    if true.shape == pred.shape:
        rows = as_float_array(true, "y_true")
        check_probabilities(rows, "y_true")
        return rows, None
    if true.shape == pred.shape[:-1]:
        labels = as_label_array(true, "y_true")
        check_labels(labels, pred.shape[-1], "y_true")
        return None, labels
    raise ValueError(
        f"y_true has shape {true.shape}, which fits neither form of targets for y_pred of shape "
        f"{pred.shape}.\n"
        f"Pass one-hot (or soft) rows of shape {pred.shape}, "
        f"or integer class indices of shape {pred.shape[:-1]}."
    )


def cross_entropy_error(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "sum",
    eps: float | None = None,
) -> float | FloatArray:
    r"""Cross-entropy error (交差エントロピー誤差) of predicted probabilities.

    $$ E = -\sum_{i=1}^{n} \sum_{k=1}^{K} t_{ik} \log y_{ik} $$

    where $y_{ik}$ is the predicted probability of class $k$ for sample $i$, $t_{ik}$ the
    target (1 for the true class and 0 otherwise in one-hot form), $n$ the number of
    samples and $K$ the number of classes. Terms with $t_{ik} = 0$ are 0, even where
    $y_{ik} = 0$ ($0 \log 0 = 0$); a true class predicted with probability 0 gives ``inf``.

    Parameters
    ----------
    y_true : array_like
        Targets: one-hot or soft-label rows of the same shape as `y_pred`, or integer class
        indices of shape ``y_pred.shape[:-1]``.
    y_pred : array_like
        Predicted probabilities in [0, 1], shape ``(n_samples, n_classes)`` (classes on
        the last axis).
    reduction : {"sum", "mean", "none"}, default "sum"
        ``"sum"`` adds the per-sample losses, ``"mean"`` averages them over samples,
        ``"none"`` returns them.
    eps : float, optional
        If given, clip `y_pred` to ``[eps, 1 - eps]`` first, as Keras does with
        ``eps=1e-7``. The default ``None`` computes the exact value.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)``
        for ``"none"``.

    Raises
    ------
    ValueError
        If shapes do not fit, a probability lies outside [0, 1] or is NaN, a class index
        is out of range, `eps` is out of range or `reduction` is unknown.
    TypeError
        If an input is not numeric, or class indices are not integers.

    See Also
    --------
    cross_entropy_error_grad : its gradient with respect to `y_pred`.

    Examples
    --------
    >>> y_pred = [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]]
    >>> cross_entropy_error([[1, 0, 0], [0, 1, 0], [0, 0, 1]], y_pred)
    0.8393296907380268
    >>> cross_entropy_error([0, 1, 2], y_pred)
    0.8393296907380268
    """
    check_reduction(reduction)
    clip = _check_eps(eps)
    pred = _probabilities(y_pred)
    rows, labels = _targets(y_true, pred)
    if clip is not None:
        pred = np.clip(pred, clip, 1.0 - clip)
    terms: FloatArray
    with np.errstate(divide="ignore", invalid="ignore"):
        if labels is not None:
            # With one-hot targets only the true class's term is left: -log y_{i, t_i}.
            picked = np.take_along_axis(pred, labels[..., np.newaxis], axis=-1)[..., 0]
            terms = 0.0 - np.log(picked)  # 0.0 - log 1 is 0.0, where -log 1 would print as -0.
        else:
            assert rows is not None
            terms = -(rows * np.log(pred))
            terms[rows == 0] = 0.0  # 0 log 0 = 0, the limit of t log t as t -> 0
    return reduce(per_sample(terms), reduction)


def cross_entropy_error_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "sum",
    eps: float | None = None,
) -> FloatArray:
    r"""Gradient of :func:`cross_entropy_error` with respect to `y_pred`.

    $$ \frac{\partial E}{\partial y_{ik}} = -\frac{t_{ik}}{y_{ik}} $$

    The entry is 0 where $t_{ik} = 0$, and ``-inf`` where a true class has $y_{ik} = 0$.
    With ``reduction="mean"`` every entry is divided by the number of samples $n$; with
    ``reduction="none"`` row $i$ is the gradient of the loss of sample $i$. With `eps`,
    entries whose prediction was clipped get 0, the derivative of the clipping.

    Parameters
    ----------
    y_true : array_like
        Targets, as for :func:`cross_entropy_error`.
    y_pred : array_like
        Predicted probabilities.
    reduction : {"sum", "mean", "none"}, default "sum"
        The reduction of the loss whose gradient is taken.
    eps : float, optional
        The clipping of :func:`cross_entropy_error`.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Examples
    --------
    >>> cross_entropy_error_grad([0, 1], [[0.5, 0.5], [0.2, 0.8]])
    array([[-2.  ,  0.  ],
           [ 0.  , -1.25]])
    """
    check_reduction(reduction)
    clip = _check_eps(eps)
    pred = _probabilities(y_pred)
    rows, labels = _targets(y_true, pred)
    if rows is None:
        assert labels is not None
        rows = np.zeros_like(pred)
        np.put_along_axis(rows, labels[..., np.newaxis], 1.0, axis=-1)
    used = pred if clip is None else np.clip(pred, clip, 1.0 - clip)
    # -t / y is -inf where y is 0, and overflows to -inf where y is tiny (subnormal).
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        grad = -rows / used
    grad[rows == 0] = 0.0
    if clip is not None:
        grad[(pred < clip) | (pred > 1.0 - clip)] = 0.0
    grad *= grad_scale(pred.shape[0], reduction)
    return grad


categorical_cross_entropy = cross_entropy_error
"""Alias of :func:`cross_entropy_error`."""
