"""Losses for regression: the prediction is a real number compared with a real target.

Each loss is a function of the residual $e = y - t$ (prediction minus target) applied to every
element; the loss of a sample is the mean over its outputs (the sum, for the sum of squared
errors), and `reduction` combines the samples. Two helpers, `_regression_loss` and
`_regression_grad`, do this shared part; each public function states its own formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import cast

import numpy as np
from numpy.typing import ArrayLike

from lossdocs._checks import (
    FloatArray,
    Reduction,
    as_float_array,
    check_finite_inputs,
    check_reduction,
    check_same_shape,
    grad_scale,
    outputs_per_sample,
    real_parameter,
    reduce,
    reduce_total,
    sample_weight_array,
    scale_samples,
    weighted_grad_scale,
)
from lossdocs._kernels import (
    ROW_BLOCK,
    residual_blocks,
    sample_losses,
    sum_absolute_difference,
    sum_squared_difference,
)
from lossdocs._stable import log1p

__all__ = [
    "huber_loss",
    "huber_loss_grad",
    "log_cosh_loss",
    "log_cosh_loss_grad",
    "mae",
    "mean_absolute_error",
    "mean_absolute_error_grad",
    "mean_squared_error",
    "mean_squared_error_grad",
    "mse",
    "quantile_loss",
    "quantile_loss_grad",
    "sse",
    "sum_squared_error",
    "sum_squared_error_grad",
]

# The loss of each element as a function of the residual e = y_pred - y_true. It may
# overwrite e, which the caller allocated for it.
ElementLoss = Callable[[FloatArray], FloatArray]
# scale * d(loss)/de for each element; it may overwrite e, too.
ElementGrad = Callable[[FloatArray, float], FloatArray]
# The sum of the loss of every element, from (y_true, y_pred), without full-size temporaries.
BlockedTotal = Callable[[FloatArray, FloatArray], float]

_LOG_2 = math.log(2.0)
# Beyond this |x|, exp(-2|x|) < 5e-18 is below the rounding of |x| - log 2.
_LOG_COSH_LINEAR_FROM = 20.0


# --- shared checks and the two drivers ----------------------------------------------------


def _regression_inputs(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[FloatArray, FloatArray]:
    true = as_float_array(y_true, "y_true")
    pred = as_float_array(y_pred, "y_pred")
    check_same_shape(true, pred)
    return true, pred


def _check_delta(delta: object) -> float:
    value = real_parameter(delta, "delta", "1.0")
    if not 0.0 < value < math.inf:  # NaN fails this too
        raise ValueError(
            f"delta must be positive and finite, got {delta!r}.\n"
            "delta is the size of the residual where the Huber loss turns from quadratic to linear; "
            "PyTorch and Keras use delta=1.0."
        )
    return value


def _check_quantile(quantile: object) -> float:
    value = real_parameter(quantile, "quantile", "0.5")
    if not 0.0 < value < 1.0:  # NaN fails this too
        raise ValueError(
            f"quantile must lie strictly between 0 and 1, got {quantile!r}.\n"
            "Use 0.5 for the median, 0.9 for the 90th percentile; divide a percentage by 100."
        )
    return value


def _regression_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    reduction: Reduction,
    element_loss: ElementLoss,
    *,
    mean_over_outputs: bool = True,
    blocked_total: BlockedTotal | None = None,
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    """`element_loss` of y_pred - y_true, combined per sample (mean or sum over outputs), reduced.

    `blocked_total`, where given, is the sum of `element_loss` over every element; "sum" and
    "mean" then use it, and skip the per-sample losses and their full-size temporaries. With
    `sample_weight`, the per-sample losses are reduced with their weights.
    """
    check_reduction(reduction)
    if sample_weight is not None:
        losses = cast(
            FloatArray,
            _regression_loss(y_true, y_pred, "none", element_loss, mean_over_outputs=mean_over_outputs),
        )
        return reduce(losses, reduction, sample_weight)
    true, pred = _regression_inputs(y_true, y_pred)
    outputs = outputs_per_sample(pred) if mean_over_outputs else 1
    if blocked_total is not None and reduction != "none":
        # The per-sample losses add up to the sum over every element, divided by the outputs of a sample.
        total = reduce_total(blocked_total(true, pred) / outputs, pred.shape[0], reduction)
        check_finite_inputs(total, y_true=true, y_pred=pred)
        return total

    def block_terms(t: FloatArray, y: FloatArray, e: FloatArray) -> FloatArray:
        return element_loss(np.subtract(y, t, out=e))

    # inf - inf gives NaN and huge values overflow: the check below reports NaN and inf inputs.
    with np.errstate(invalid="ignore", over="ignore"):
        result = sample_losses((true, pred), block_terms, 1, reduction, mean_over_outputs=mean_over_outputs)
        check_finite_inputs(result, y_true=true, y_pred=pred)
    return result


def _regression_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    reduction: Reduction,
    element_grad: ElementGrad,
    *,
    mean_over_outputs: bool = True,
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    """The gradient of `_regression_loss` with respect to y_pred, shaped like y_pred."""
    check_reduction(reduction)
    if sample_weight is not None:  # row i of the gradient of "none" is that of l_i: times w_i
        grad = _regression_grad(y_true, y_pred, "none", element_grad, mean_over_outputs=mean_over_outputs)
        return scale_samples(
            grad, weighted_grad_scale(sample_weight_array(sample_weight, len(grad)), reduction)
        )
    true, pred = _regression_inputs(y_true, y_pred)
    scale = grad_scale(pred.shape[0], reduction)
    if mean_over_outputs:
        scale /= outputs_per_sample(pred)
    grad = np.empty(pred.shape, dtype=np.result_type(pred, true))
    # As in _regression_loss. The residual goes straight into `grad`, block by block in the cache.
    with np.errstate(invalid="ignore", over="ignore"):
        probe = 0.0  # the sum of the residuals: finite only if every one is (an overflow passes the check)
        for e in residual_blocks(true, pred, out=grad, size=ROW_BLOCK):
            probe += float(np.add.reduce(e))
            block_grad = element_grad(e, scale)
            if block_grad is not e:  # an element_grad that did not work in place
                e[...] = block_grad
        check_finite_inputs(probe, y_true=true, y_pred=pred)
    return grad


# --- the loss of one element and its derivative -------------------------------------------


def _squared(e: FloatArray) -> FloatArray:
    return np.square(e, out=e)


def _squared_grad(e: FloatArray, scale: float) -> FloatArray:
    e *= 2.0 * scale  # d(e^2)/de = 2e
    return e


def _absolute(e: FloatArray) -> FloatArray:
    return np.abs(e, out=e)


def _absolute_grad(e: FloatArray, scale: float) -> FloatArray:
    grad = np.sign(e)  # d|e|/de = sign(e), and the subgradient 0 at e = 0 (np.sign in place is slow)
    grad *= scale
    return grad


def _huber(e: FloatArray, delta: float) -> FloatArray:
    # With h = min(|e|, delta) / 2, 2 h (|e| - h) is e^2/2 inside delta and delta (|e| - delta/2)
    # outside: no branch, and no e^2 that could overflow where the loss is linear.
    abs_e = np.abs(e, out=e)
    h = np.minimum(abs_e, delta) * 0.5
    abs_e -= h
    abs_e *= h
    abs_e *= 2.0
    return abs_e


def _huber_grad(e: FloatArray, scale: float, delta: float) -> FloatArray:
    np.clip(e, -delta, delta, out=e)  # e inside delta, delta * sign(e) outside
    e *= scale
    return e


def _log_cosh(e: FloatArray) -> FloatArray:
    abs_e = np.abs(e, out=e)
    # Beyond |e| = 20, log cosh e = |e| - log 2 + log1p(exp(-2|e|)) and the last term is below
    # rounding. The formula below overflows only out there (sinh^2 e beyond |e| = 355; 44 in
    # float32), so only inputs with such residuals pay for this second array.
    linear = abs_e - _LOG_2 if abs_e.max(initial=0.0) > _LOG_COSH_LINEAR_FROM else None
    # log cosh e = log1p(sinh^2 e) / 2, as cosh^2 = 1 + sinh^2: exact near 0, where log(cosh e)
    # and |e| + log1p(exp(-2|e|)) - log 2 cancel to 0 (log cosh 1e-10 = 5e-21).
    squared = np.sinh(abs_e, out=np.empty_like(abs_e))
    np.square(squared, out=squared)
    loss = log1p(squared, abs_e, np.empty_like(abs_e))
    loss *= 0.5
    if linear is not None:
        np.copyto(loss, linear, where=linear > _LOG_COSH_LINEAR_FROM - _LOG_2)
    return loss


def _log_cosh_grad(e: FloatArray, scale: float) -> FloatArray:
    np.tanh(e, out=e)  # d(log cosh e)/de = tanh e
    e *= scale
    return e


def _pinball(e: FloatArray, quantile: float) -> FloatArray:
    # With r = t - y = -e: max(q r, (q - 1) r) = max((1 - q) e, -q e).
    below = -quantile * e  # the loss where the prediction is below the target
    e *= 1.0 - quantile  # the loss where it is above
    np.maximum(e, below, out=e)
    e += 0.0  # where e = 0 the maximum of 0.0 and -0.0 may be -0.0, and -0.0 + 0.0 = +0.0
    return e


def _pinball_grad(e: FloatArray, scale: float, quantile: float) -> FloatArray:
    # d/dy max(q (t - y), (q - 1)(t - y)) is 1 - q above the target, -q below it, and the
    # subgradient 0 on it. Products of masks: no branch, which random signs would mispredict.
    above = np.multiply(e > 0, (1.0 - quantile) * scale, dtype=e.dtype)
    above -= np.multiply(e < 0, quantile * scale, out=e)  # below the target; e is no longer needed
    return above


# --- the losses -----------------------------------------------------------------------------


def sum_squared_error(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "sum",
    sample_weight: ArrayLike | None = None,
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
    sample_weight : array_like of shape (n_samples,), optional
        A weight $w_i \ge 0$ for the loss of each sample, finite; 0 leaves a sample out.
        ``"sum"`` is then $\sum_i w_i \ell_i$, ``"mean"`` the weighted mean
        $\sum_i w_i \ell_i / \sum_i w_i$ (scikit-learn's ``sample_weight``), and ``"none"``
        returns $w_i \ell_i$.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)``
        for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, an input holds NaN or infinity, or `reduction` is unknown.
        Also if `sample_weight` is not one finite weight >= 0 per sample, or sums to 0 for
        ``"mean"``.
    TypeError
        If an input or `sample_weight` is not numeric.

    See Also
    --------
    sum_squared_error_grad : its gradient with respect to `y_pred`.
    mean_squared_error : the mean over samples and outputs instead of the sum.

    Examples
    --------
    >>> sum_squared_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    1.5
    >>> sum_squared_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], reduction="none")
    array([0.25, 0.25, 0.  , 1.  ])
    """
    return _regression_loss(
        y_true,
        y_pred,
        reduction,
        _squared,
        mean_over_outputs=False,
        blocked_total=sum_squared_difference,
        sample_weight=sample_weight,
    )


def sum_squared_error_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "sum",
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `sum_squared_error` with respect to `y_pred`.

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
    sample_weight : array_like of shape (n_samples,), optional
        The weight of each sample's loss, as in `sum_squared_error`: row $i$ of the gradient is
        multiplied by $w_i$, and ``"mean"`` divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Examples
    --------
    >>> sum_squared_error_grad([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    array([-1.,  1.,  0.,  2.])
    """
    return _regression_grad(
        y_true, y_pred, reduction, _squared_grad, mean_over_outputs=False, sample_weight=sample_weight
    )


def mean_squared_error(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Mean squared error (MSE, 平均二乗誤差).

    $$ \mathrm{MSE} = \frac{1}{n} \sum_{i=1}^{n} (y_i - t_i)^2 $$

    where $y_i$ is the prediction, $t_i$ the target and $n$ the number of samples. For targets
    of shape ``(n_samples, n_outputs, ...)`` the loss of a sample is the mean over its outputs,
    so the default is the mean over all elements, as in scikit-learn
    (``multioutput="uniform_average"``), PyTorch and Keras.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets $t$ and predictions $y$, both of shape ``(n_samples, ...)`` (no broadcasting).
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns
        them; the loss of a sample is the mean of the squared errors of its outputs.
    sample_weight : array_like of shape (n_samples,), optional
        A weight $w_i \ge 0$ for the loss of each sample, finite; 0 leaves a sample out.
        ``"sum"`` is then $\sum_i w_i \ell_i$, ``"mean"`` the weighted mean
        $\sum_i w_i \ell_i / \sum_i w_i$ (scikit-learn's ``sample_weight``), and ``"none"``
        returns $w_i \ell_i$.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, the per-sample losses, shape
        ``(n_samples,)``, for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, an input holds NaN or infinity, `reduction` is unknown, or it is
        ``"mean"`` over zero samples.
        Also if `sample_weight` is not one finite weight >= 0 per sample, or sums to 0 for
        ``"mean"``.
    TypeError
        If an input or `sample_weight` is not numeric.

    See Also
    --------
    mean_squared_error_grad : its gradient with respect to `y_pred`.
    sum_squared_error : the sum instead of the mean.
    huber_loss : squared for small errors, linear for large ones.

    Examples
    --------
    >>> mean_squared_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.375
    >>> w = [1.0, 1.0, 0.0, 2.0]  # the third sample left out, the fourth counted twice
    >>> mean_squared_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], sample_weight=w)
    0.625
    """
    return _regression_loss(
        y_true, y_pred, reduction, _squared, blocked_total=sum_squared_difference, sample_weight=sample_weight
    )


def mean_squared_error_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `mean_squared_error` with respect to `y_pred`.

    $$ \frac{\partial\,\mathrm{MSE}}{\partial y_i} = \frac{2}{n}\,(y_i - t_i) $$

    For ``(n_samples, n_outputs, ...)`` inputs $n$ is the number of elements. With
    ``reduction="sum"`` the factor $\tfrac{1}{n}$ keeps only the outputs of each sample;
    with ``"none"`` row $i$ is the gradient of the loss of sample $i$.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets $t$ and predictions $y$ of the same shape.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    sample_weight : array_like of shape (n_samples,), optional
        The weight of each sample's loss, as in `mean_squared_error`: row $i$ of the gradient is
        multiplied by $w_i$, and ``"mean"`` divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `mean_squared_error` refuses.

    See Also
    --------
    mean_squared_error : the loss.

    Examples
    --------
    >>> mean_squared_error_grad([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    array([-0.25,  0.25,  0.  ,  0.5 ])
    """
    return _regression_grad(y_true, y_pred, reduction, _squared_grad, sample_weight=sample_weight)


def mean_absolute_error(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Mean absolute error (MAE, 平均絶対誤差), also called L1 loss.

    $$ \mathrm{MAE} = \frac{1}{n} \sum_{i=1}^{n} |y_i - t_i| $$

    where $y_i$ is the prediction, $t_i$ the target and $n$ the number of samples. It grows
    linearly with the error, so outliers weigh less than in `mean_squared_error`. For
    multi-output targets the loss of a sample is the mean over its outputs (scikit-learn's
    ``multioutput="uniform_average"`` and PyTorch's ``l1_loss``).

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets $t$ and predictions $y$, both of shape ``(n_samples, ...)`` (no broadcasting).
    reduction : {"mean", "sum", "none"}, default "mean"
        How the per-sample losses, each the mean absolute error of one sample's outputs, are
        combined: averaged, added, or returned as they are.
    sample_weight : array_like of shape (n_samples,), optional
        A weight $w_i \ge 0$ for the loss of each sample, finite; 0 leaves a sample out.
        ``"sum"`` is then $\sum_i w_i \ell_i$, ``"mean"`` the weighted mean
        $\sum_i w_i \ell_i / \sum_i w_i$ (scikit-learn's ``sample_weight``), and ``"none"``
        returns $w_i \ell_i$.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, an input holds NaN or infinity, `reduction` is unknown, or it is
        ``"mean"`` over zero samples.
        Also if `sample_weight` is not one finite weight >= 0 per sample, or sums to 0 for
        ``"mean"``.
    TypeError
        If an input or `sample_weight` is not numeric.

    See Also
    --------
    mean_absolute_error_grad : its gradient with respect to `y_pred`.
    quantile_loss : with ``quantile=0.5`` it is half the absolute error.
    huber_loss : smooth near zero, linear for large errors.

    Examples
    --------
    >>> mean_absolute_error([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.5
    """
    return _regression_loss(
        y_true,
        y_pred,
        reduction,
        _absolute,
        blocked_total=sum_absolute_difference,
        sample_weight=sample_weight,
    )


def mean_absolute_error_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `mean_absolute_error` with respect to `y_pred`.

    $$ \frac{\partial\,\mathrm{MAE}}{\partial y_i} = \frac{1}{n}\,\mathrm{sign}(y_i - t_i) $$

    $|e|$ has no derivative at $e = 0$; where the prediction equals the target this returns
    the subgradient 0 (as ``np.sign`` and PyTorch do), so a perfect prediction is not moved.
    $n$ and `reduction` act as in `mean_squared_error_grad`.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets $t$ and predictions $y$ of the same shape.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    sample_weight : array_like of shape (n_samples,), optional
        The weight of each sample's loss, as in `mean_absolute_error`: row $i$ of the gradient is
        multiplied by $w_i$, and ``"mean"`` divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `mean_absolute_error` refuses.

    See Also
    --------
    mean_absolute_error : the loss.

    Examples
    --------
    >>> mean_absolute_error_grad([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    array([-0.25,  0.25,  0.  ,  0.25])
    """
    return _regression_grad(y_true, y_pred, reduction, _absolute_grad, sample_weight=sample_weight)


def huber_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    delta: float = 1.0,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Huber loss: squared for small errors, linear for large ones.

    $$ L_\delta(r) = \begin{cases} \tfrac{1}{2} r^2 & \text{if } |r| \le \delta \\
    \delta \left(|r| - \tfrac{1}{2}\delta\right) & \text{otherwise} \end{cases}
    \qquad r = y - t $$

    averaged over the outputs of each sample and then reduced over the samples. This is
    SciPy's ``scipy.special.huber(delta, r)``, PyTorch's ``huber_loss`` and Keras's ``Huber``.
    The two pieces meet with the same value and slope at $|r| = \delta$, so the gradient is
    continuous; it never exceeds $\delta$ in size, which makes the loss robust to outliers.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets $t$ and predictions $y$, both of shape ``(n_samples, ...)`` (no broadcasting).
    delta : float, default 1.0
        The size of the residual where the loss turns from quadratic to linear; positive
        and finite.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns them.
    sample_weight : array_like of shape (n_samples,), optional
        A weight $w_i \ge 0$ for the loss of each sample, finite; 0 leaves a sample out.
        ``"sum"`` is then $\sum_i w_i \ell_i$, ``"mean"`` the weighted mean
        $\sum_i w_i \ell_i / \sum_i w_i$ (scikit-learn's ``sample_weight``), and ``"none"``
        returns $w_i \ell_i$.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, an input holds NaN or infinity, `delta` is not positive and
        finite, `reduction` is unknown, or it is ``"mean"`` over zero samples.
        Also if `sample_weight` is not one finite weight >= 0 per sample, or sums to 0 for
        ``"mean"``.
    TypeError
        If an input or `sample_weight` is not numeric or `delta` is not a real number.

    See Also
    --------
    huber_loss_grad : its gradient with respect to `y_pred`.
    mean_squared_error : half of it is the Huber loss for $\delta \to \infty$.
    log_cosh_loss : a smooth loss of the same shape.

    Examples
    --------
    >>> huber_loss([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.1875
    >>> huber_loss([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], delta=0.5, reduction="none")
    array([0.125, 0.125, 0.   , 0.375])
    """
    delta = _check_delta(delta)
    return _regression_loss(
        y_true, y_pred, reduction, lambda e: _huber(e, delta), sample_weight=sample_weight
    )


def huber_loss_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    delta: float = 1.0,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `huber_loss` with respect to `y_pred`.

    $$ \frac{\partial L}{\partial y_i} = \frac{1}{n}\,\mathrm{clip}(y_i - t_i, -\delta, \delta) $$

    The error itself inside $\delta$, $\pm\delta$ outside. $n$ and `reduction` act as in
    `mean_squared_error_grad`.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets $t$ and predictions $y$ of the same shape.
    delta : float, default 1.0
        As in `huber_loss`.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    sample_weight : array_like of shape (n_samples,), optional
        The weight of each sample's loss, as in `huber_loss`: row $i$ of the gradient is
        multiplied by $w_i$, and ``"mean"`` divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `huber_loss` refuses.

    See Also
    --------
    huber_loss : the loss.

    Examples
    --------
    >>> huber_loss_grad([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    array([-0.125,  0.125,  0.   ,  0.25 ])
    """
    delta = _check_delta(delta)
    return _regression_grad(
        y_true, y_pred, reduction, lambda e, scale: _huber_grad(e, scale, delta), sample_weight=sample_weight
    )


def log_cosh_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Log-cosh loss: the logarithm of the hyperbolic cosine of the error.

    $$ L = \frac{1}{n} \sum_{i=1}^{n} \log\cosh(y_i - t_i) $$

    It is about $\tfrac{1}{2} r^2$ for small errors $r$ and $|r| - \log 2$ for large ones, like
    a Huber loss with $\delta = 1$ that is smooth everywhere (Keras's ``LogCosh``). The mean over
    the outputs of each sample is its loss. Computed without overflow for large errors and
    without cancellation for tiny ones, where the textbook ``np.log(np.cosh(r))`` gives
    ``inf`` and $|r| + \log(1 + e^{-2|r|}) - \log 2$ gives 0 or noise.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets $t$ and predictions $y$, both of shape ``(n_samples, ...)`` (no broadcasting).
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns
        them, each the mean log-cosh of one sample's outputs.
    sample_weight : array_like of shape (n_samples,), optional
        A weight $w_i \ge 0$ for the loss of each sample, finite; 0 leaves a sample out.
        ``"sum"`` is then $\sum_i w_i \ell_i$, ``"mean"`` the weighted mean
        $\sum_i w_i \ell_i / \sum_i w_i$ (scikit-learn's ``sample_weight``), and ``"none"``
        returns $w_i \ell_i$.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)``
        for ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, an input holds NaN or infinity, `reduction` is unknown, or it is
        ``"mean"`` over zero samples.
        Also if `sample_weight` is not one finite weight >= 0 per sample, or sums to 0 for
        ``"mean"``.
    TypeError
        If an input or `sample_weight` is not numeric.

    See Also
    --------
    log_cosh_loss_grad : its gradient with respect to `y_pred`.
    huber_loss : the piecewise loss it smooths.

    Examples
    --------
    >>> log_cosh_loss([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.16850246109989556
    >>> log_cosh_loss([0.0, 0.0], [1e-10, 1000.0], reduction="none")
    array([5.00000000e-21, 9.99306853e+02])
    """
    return _regression_loss(y_true, y_pred, reduction, _log_cosh, sample_weight=sample_weight)


def log_cosh_loss_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `log_cosh_loss` with respect to `y_pred`.

    $$ \frac{\partial L}{\partial y_i} = \frac{1}{n}\,\tanh(y_i - t_i) $$

    Close to the error for small errors, $\pm 1$ for large ones. $n$ and `reduction` act as in
    `mean_squared_error_grad`.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets $t$ and predictions $y$ of the same shape.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    sample_weight : array_like of shape (n_samples,), optional
        The weight of each sample's loss, as in `log_cosh_loss`: row $i$ of the gradient is
        multiplied by $w_i$, and ``"mean"`` divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `log_cosh_loss` refuses.

    See Also
    --------
    log_cosh_loss : the loss.

    Examples
    --------
    >>> log_cosh_loss_grad([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    array([-0.11552929,  0.11552929,  0.        ,  0.19039854])
    """
    return _regression_grad(y_true, y_pred, reduction, _log_cosh_grad, sample_weight=sample_weight)


def quantile_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    quantile: float = 0.5,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Quantile (pinball) loss: trains a prediction of the `quantile` of the target.

    $$ L_q = \frac{1}{n} \sum_{i=1}^{n} \max\bigl(q\,r_i,\ (q - 1)\,r_i\bigr),
    \qquad r_i = t_i - y_i $$

    Predicting too low costs $q$ per unit, too high $1 - q$; the minimizer is the $q$-quantile
    of the target, so ``quantile=0.5`` gives the median and half the absolute error. This is
    scikit-learn's ``mean_pinball_loss(alpha=q)``. For multi-output targets the loss of a
    sample is the mean over its outputs.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets $t$ and predictions $y$, both of shape ``(n_samples, ...)`` (no broadcasting).
    quantile : float, default 0.5
        The quantile $q$ to predict, strictly between 0 and 1 (0.9 for the 90th percentile).
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns them.
    sample_weight : array_like of shape (n_samples,), optional
        A weight $w_i \ge 0$ for the loss of each sample, finite; 0 leaves a sample out.
        ``"sum"`` is then $\sum_i w_i \ell_i$, ``"mean"`` the weighted mean
        $\sum_i w_i \ell_i / \sum_i w_i$ (scikit-learn's ``sample_weight``), and ``"none"``
        returns $w_i \ell_i$.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, an input holds NaN or infinity, `quantile` is not strictly
        between 0 and 1, `reduction` is unknown, or it is ``"mean"`` over zero samples.
        Also if `sample_weight` is not one finite weight >= 0 per sample, or sums to 0 for
        ``"mean"``.
    TypeError
        If an input or `sample_weight` is not numeric or `quantile` is not a real number.

    See Also
    --------
    quantile_loss_grad : its gradient with respect to `y_pred`.
    mean_absolute_error : twice the loss at ``quantile=0.5``.

    Examples
    --------
    >>> quantile_loss([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])
    0.25
    >>> quantile_loss([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], quantile=0.9, reduction="none")
    array([0.45, 0.05, 0.  , 0.1 ])
    """
    quantile = _check_quantile(quantile)
    return _regression_loss(
        y_true, y_pred, reduction, lambda e: _pinball(e, quantile), sample_weight=sample_weight
    )


def quantile_loss_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    quantile: float = 0.5,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `quantile_loss` with respect to `y_pred`.

    $$ \frac{\partial L_q}{\partial y_i} = \frac{1}{n} \begin{cases} 1 - q & \text{if } y_i > t_i \\
    -q & \text{if } y_i < t_i \\ 0 & \text{if } y_i = t_i \end{cases} $$

    The loss has a kink where the prediction equals the target; there this returns the
    subgradient 0, as `mean_absolute_error_grad` does. $n$ and `reduction` act as in
    `mean_squared_error_grad`.

    Parameters
    ----------
    y_true, y_pred : array_like
        Targets $t$ and predictions $y$ of the same shape.
    quantile : float, default 0.5
        As in `quantile_loss`.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    sample_weight : array_like of shape (n_samples,), optional
        The weight of each sample's loss, as in `quantile_loss`: row $i$ of the gradient is
        multiplied by $w_i$, and ``"mean"`` divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `quantile_loss` refuses.

    See Also
    --------
    quantile_loss : the loss.

    Examples
    --------
    >>> quantile_loss_grad([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], quantile=0.9)
    array([-0.225,  0.025,  0.   ,  0.025])
    """
    quantile = _check_quantile(quantile)
    return _regression_grad(
        y_true,
        y_pred,
        reduction,
        lambda e, scale: _pinball_grad(e, scale, quantile),
        sample_weight=sample_weight,
    )


sse = sum_squared_error
"""Alias of `sum_squared_error`."""

mse = mean_squared_error
"""Alias of `mean_squared_error`."""

mae = mean_absolute_error
"""Alias of `mean_absolute_error`."""
