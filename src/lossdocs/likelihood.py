r"""Losses of likelihood: the negative log-likelihood of the targets under a predicted distribution.

A model that predicts a distribution instead of a single number is trained by making the observed
targets likely: the loss of an element is $-\log p(t \mid \text{prediction})$.

- `gaussian_nll_loss`: a normal distribution with a predicted mean and variance, for a regression
  that predicts its own uncertainty (with a variance of 1 it is half the squared error);
- `poisson_nll_loss`: a Poisson distribution with a predicted rate, for counts.

As in the regression losses, the loss of a sample is the mean over its outputs, so the default
``reduction="mean"`` is the mean over all elements, as PyTorch's. Each loss has a gradient
``<name>_grad`` with the same arguments. The results are exact: the variance and the rate are never
clamped, $0 \log 0 = 0$, a zero rate for a positive count gives ``inf``, and where a term
overflows but the loss does not (``exp(z)`` beyond $z \approx 709.78$) the element is computed
again in a scaled form.
"""

from __future__ import annotations

import decimal
import math
import numbers
from functools import cache
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lossdocs._checks import (
    FloatArray,
    Reduction,
    as_float_array,
    check_finite,
    check_reduction,
    check_same_shape,
    flag_parameter,
    grad_scale,
    outputs_per_sample,
    per_sample_mean,
    reduce,
    sample_weight_array,
    scale_samples,
    to_array,
    weighted_grad_scale,
)

__all__ = [
    "gaussian_nll_loss",
    "gaussian_nll_loss_grad",
    "poisson_nll_loss",
    "poisson_nll_loss_grad",
]

_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
# Elements whose terms overflow are computed again times 2**-_SCALE_BITS: e^z = (e^(z/2))^2 stays
# in range up to z = 1419, beyond which e^z - y z exceeds the float range for every count y.
_SCALE_BITS = 1100
# log y! comes from a table below this count and from Stirling's series above it.
_TABLE_SIZE = 1024


# --- keyword parameters and inputs ----------------------------------------------------------


def _check_full(full: object, term: str) -> bool:
    return flag_parameter(
        full,
        "full",
        f"full=True adds {term}, which does not depend on the prediction; full=False leaves it out.",
    )


def _check_log_input(log_input: object) -> bool:
    return flag_parameter(
        log_input,
        "log_input",
        "log_input=True (the default) reads y_pred as log-rates z, any real number; "
        "log_input=False reads it as rates, >= 0.",
    )


def _first(bad: NDArray[np.bool_]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(bad)[0])


def _is_finite(result: float | FloatArray) -> bool:
    return math.isfinite(result if isinstance(result, float) else float(np.sum(result)))


def _gaussian_inputs(
    y_true: ArrayLike, mean: ArrayLike, variance: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    true = as_float_array(y_true, "y_true")
    mu = as_float_array(mean, "mean")
    check_same_shape(true, mu, "mean")
    if isinstance(variance, numbers.Real) or (isinstance(variance, np.ndarray) and variance.ndim == 0):
        value = variance.item() if isinstance(variance, np.ndarray | np.generic) else variance
        raise ValueError(
            f"variance must be an array of the same shape as mean, {mu.shape}, got the scalar {value!r}.\n"
            "PyTorch broadcasts one variance to every output; lossdocs takes one variance per output. "
            f"For a shared variance, pass np.full(mean.shape, {value!r})."
        )
    var = as_float_array(variance, "variance")
    if var.shape != mu.shape:
        raise ValueError(
            f"variance must have the same shape as mean, got {var.shape} and {mu.shape}.\n"
            "PyTorch broadcasts a variance shared by several outputs (shape (n, 1) for means of shape "
            "(n, k)); lossdocs does not broadcast. Expand a shared variance with "
            "np.broadcast_to(variance, mean.shape), or check that both describe the same samples."
        )
    dtype = np.result_type(true, mu, var)
    return true.astype(dtype, copy=False), mu.astype(dtype, copy=False), var.astype(dtype, copy=False)


def _check_variance(var: FloatArray) -> None:
    """Refuse variances that are not positive and finite, naming the first one found."""
    if var.size == 0 or (var.min() > 0.0 and var.max() < math.inf):  # NaN fails both comparisons
        return
    check_finite(var, "variance")
    index = _first(~(var > 0.0))
    raise ValueError(
        f"variance must be positive, found {var[index]} at index {index}.\n"
        "A variance is the square of a standard deviation; lossdocs does not clamp it (PyTorch "
        "raises on a negative variance and clamps 0 and tiny ones to eps=1e-6). "
        "Make the model's output positive, for example np.exp(log_variance) "
        "or a softplus, and add a floor such as 1e-6 if you want PyTorch's behavior."
    )


def _counts_and_predictions(
    y_true: ArrayLike, y_pred: ArrayLike, *, log_input: bool, full: bool
) -> tuple[FloatArray, FloatArray, bool]:
    """Counts >= 0 (whole numbers if `full`) and predictions in one float dtype, and whether a rate is 0.

    Integer and boolean counts are exact in any float type and take the dtype of the predictions,
    so float32 stays float32; float counts promote with them.
    """
    counts = to_array(y_true, "y_true")
    pred = as_float_array(y_pred, "y_pred")
    check_same_shape(counts, pred)
    if counts.dtype.kind in "biu":
        true = counts.astype(pred.dtype)
    else:
        true = as_float_array(counts, "y_true")
        dtype = np.result_type(true, pred)
        true, pred = true.astype(dtype, copy=False), pred.astype(dtype, copy=False)
    _check_counts(true, full)
    return true, pred, (not log_input) and _check_rates(pred)


def _check_counts(true: FloatArray, full: bool) -> None:
    if true.size == 0:
        return
    if not true.min() >= 0.0:  # NaN fails this too
        check_finite(true, "y_true")
        index = _first(true < 0.0)
        raise ValueError(
            f"y_true holds counts and must be >= 0, found {true[index]} at index {index}.\n"
            "The Poisson loss models counts 0, 1, 2, ... (or non-negative amounts, with full=False); "
            "check the targets, or use a regression loss for data that can be negative."
        )
    if full:
        fraction = np.floor(true) != true  # infinities pass here and are refused with the others
        if fraction.any():
            index = _first(fraction)
            raise ValueError(
                f"y_true must hold whole counts when full=True, found {true[index]} at index {index}.\n"
                "full=True adds log(y!), which is defined for the counts 0, 1, 2, ...; round the "
                "targets, or leave full=False (the term does not depend on y_pred: same gradient)."
            )


def _check_rates(pred: FloatArray) -> bool:
    """Refuse negative rates (log_input=False); return whether some rate is 0."""
    if pred.size == 0:
        return False
    low = pred.min()
    if low > 0.0:
        return False
    if low == 0.0:
        return True
    check_finite(pred, "y_pred")
    index = _first(pred < 0.0)
    raise ValueError(
        f"y_pred holds rates (log_input=False) and must be >= 0, found {pred[index]} at index {index}.\n"
        "If y_pred are log-rates (any real number), pass log_input=True, the default; "
        "otherwise make the rates non-negative, for example with np.exp or a softplus."
    )


# --- the Gaussian negative log-likelihood ----------------------------------------------------


def _gaussian_terms(true: FloatArray, mu: FloatArray, var: FloatArray) -> FloatArray:
    """log v + (y - mu)^2 / v for every element: twice the loss without its constant."""
    r = np.subtract(mu, true)
    terms = np.divide(r, var)
    terms *= r  # r (r / v) = r^2 / v, with no r^2 to overflow (|r| > 1.3e154) or underflow
    terms += np.log(var)
    return terms


def _gaussian_terms_rescued(terms: FloatArray, true: FloatArray, mu: FloatArray, var: FloatArray) -> None:
    """Recompute the elements where r / v overflowed, for a variance so small that r^2 / v may not."""
    bad = ~np.isfinite(terms)
    v = var[bad]
    terms[bad] = np.square((mu[bad] - true[bad]) / np.sqrt(v)) + np.log(v)  # r^2 / v = (r / sigma)^2


def _gaussian_losses(terms: FloatArray, full: bool) -> FloatArray:
    losses = per_sample_mean(terms) * 0.5
    if full:
        losses += _HALF_LOG_2PI
    return losses


def _gaussian_grad_rescued(
    true: FloatArray, mu: FloatArray, var: FloatArray, scale: float, d_mean: FloatArray, d_var: FloatArray
) -> None:
    """Recompute the elements where r = mu - y or r / v overflowed; the gradient may still be finite."""
    bad = ~(np.isfinite(d_mean) & np.isfinite(d_var))
    v = var[bad]
    h = mu[bad] * 0.5 - true[bad] * 0.5  # r / 2, which cannot overflow
    # s r / v = 2s (h / v), or (2s h) / v where h / v overflows (a tiny v) and s is small.
    slope = (h / v) * (2.0 * scale)
    np.copyto(slope, (h * (2.0 * scale)) / v, where=~np.isfinite(slope))
    d_mean[bad] = slope
    # s/2 (1/v - r^2/v^2) = s/(2v) - (sqrt(2s) h / v)^2; where v is so small that this
    # overflows, the form s/2 (1 - r^2/v) / v, with r^2 / v = (2h / sqrt(v))^2.
    d_v = (0.5 * scale) / v - np.square((h / v) * math.sqrt(2.0 * scale))
    tiny = ~np.isfinite(d_v)
    d_v[tiny] = ((1.0 - np.square(2.0 * h[tiny] / np.sqrt(v[tiny]))) * (0.5 * scale)) / v[tiny]
    d_var[bad] = d_v


def gaussian_nll_loss(
    y_true: ArrayLike,
    mean: ArrayLike,
    variance: ArrayLike,
    *,
    full: bool = False,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Gaussian negative log-likelihood: a regression loss for a model that predicts its variance.

    $$ \ell_{ij} = \frac{1}{2} \left( \log \sigma_{ij}^2 + \frac{(t_{ij} - \mu_{ij})^2}{\sigma_{ij}^2}
    \right) $$

    plus $\tfrac{1}{2} \log 2\pi$ with ``full=True``, which makes $\ell_{ij}$ exactly
    $-\log \mathcal{N}(t_{ij} \mid \mu_{ij}, \sigma_{ij}^2)$. $t$ are the targets, $\mu$ the
    predicted means and $\sigma^2$ the predicted variances. The loss of a sample is the mean of
    $\ell_{ij}$ over its $m$ outputs (as in `lossdocs.regression.mean_squared_error`), so the
    default ``"mean"`` is the mean over all elements. With a variance of 1 the loss is half the
    squared error; a large variance makes an error cheap, at the price of $\tfrac{1}{2} \log
    \sigma^2$. The residual enters as $r \cdot (r / \sigma^2)$, so tiny variances such as 1e-300
    and residuals beyond 1e154 neither underflow nor overflow where the loss does not. Each term
    is within a few ulp; where $\log \sigma^2 < 0$ cancels the other term, the error is a few ulp
    of the larger one.

    Parameters
    ----------
    y_true : array_like
        Targets $t$, shape ``(n_samples,)`` or ``(n_samples, n_outputs, ...)``.
    mean : array_like
        Predicted means $\mu$, the same shape as `y_true` (no broadcasting).
    variance : array_like
        Predicted variances $\sigma^2$, positive and finite, the same shape as `mean`: one
        variance per output. Expand a shared variance with ``np.broadcast_to(variance, shape)``
        or ``np.full(shape, value)``.
    full : bool, default False
        Add the constant $\tfrac{1}{2} \log 2\pi$, for the true negative log-likelihood. It
        changes the value, not the gradient.
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
        If the shapes differ, an input holds NaN or infinity, a variance is not positive, a
        sample has no outputs, `reduction` is unknown, or it is ``"mean"`` over zero samples.
        Also if `sample_weight` is not one finite weight >= 0 per sample, or sums to 0 for
        ``"mean"``.
    TypeError
        If an input or `sample_weight` is not numeric, or `full` is not a bool.

    See Also
    --------
    gaussian_nll_loss_grad : its gradient with respect to `mean` and `variance`.
    lossdocs.regression.mean_squared_error : twice this loss at a variance of 1.

    Notes
    -----
    PyTorch's ``F.gaussian_nll_loss(input, target, var, full=False, eps=1e-06, reduction="mean")``
    takes the mean first and clamps the variance to at least ``eps`` without saying so (the clamp
    is left out of the gradient); lossdocs refuses a variance $\le 0$ and uses the others as they
    are (PyTorch 2.13, ``torch/nn/functional.py``). PyTorch also broadcasts a variance of shape
    ``(n, 1)`` or ``(n,)`` against means of shape ``(n, k)``; here it must be expanded first. Its
    ``"mean"`` is the mean over all elements, the same number as here; its ``"sum"`` adds all
    elements, $m$ times our ``"sum"``; its ``"none"`` returns the elements, whose row means are
    our ``"none"``. The negative log-likelihood of a whole sample under independent outputs is
    the sum over its outputs, $m$ times our per-sample loss.

    Examples
    --------
    >>> gaussian_nll_loss([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], [1.0, 1.0, 1.0, 1.0])
    0.1875
    >>> w = [1.0, 1.0, 0.0, 2.0]  # (0.125 + 0.125 + 0 + 2 × 0.5) / 4
    >>> gaussian_nll_loss([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0], [1.0] * 4, sample_weight=w)
    0.3125
    >>> gaussian_nll_loss([3.0, -0.5], [2.5, 0.0], [0.25, 4.0], reduction="none")
    array([-0.19314718,  0.72439718])
    """
    check_reduction(reduction)
    if sample_weight is not None:
        losses = cast(FloatArray, gaussian_nll_loss(y_true, mean, variance, full=full, reduction="none"))
        return reduce(losses, reduction, sample_weight)
    full = _check_full(full, "log(2 pi) / 2")
    true, mu, var = _gaussian_inputs(y_true, mean, variance)
    outputs_per_sample(mu, "mean")
    # NaN, infinities and variances <= 0 make the result NaN or infinite (log 0 = -inf, the log of
    # a negative number is NaN): they are refused there, and only then, at no cost to good input.
    with np.errstate(all="ignore"):
        terms = _gaussian_terms(true, mu, var)
        result = reduce(_gaussian_losses(terms, full), reduction)
        if not _is_finite(result):
            check_finite(true, "y_true")
            check_finite(mu, "mean")
            _check_variance(var)
            _gaussian_terms_rescued(terms, true, mu, var)
            result = reduce(_gaussian_losses(terms, full), reduction)
    return result


def gaussian_nll_loss_grad(
    y_true: ArrayLike,
    mean: ArrayLike,
    variance: ArrayLike,
    *,
    full: bool = False,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray]:
    r"""Gradient of `gaussian_nll_loss` with respect to the mean and the variance.

    $$ \frac{\partial \ell}{\partial \mu_{ij}} = \frac{1}{nm} \frac{\mu_{ij} - t_{ij}}{\sigma_{ij}^2},
    \qquad \frac{\partial \ell}{\partial \sigma_{ij}^2} = \frac{1}{2nm}
    \frac{1}{\sigma_{ij}^2} \left( 1 - \frac{(t_{ij} - \mu_{ij})^2}{\sigma_{ij}^2} \right) $$

    for $n$ samples of $m$ outputs. The gradient of the variance is 0 where $\sigma^2$ equals the
    squared error, the variance that minimizes the loss. With ``reduction="sum"`` the factor
    $\frac{1}{n}$ is left out (the $\frac{1}{m}$ of the mean over outputs stays); with ``"none"``
    row $i$ is the gradient of the loss of sample $i$. `full` does not change the gradient.

    Parameters
    ----------
    y_true, mean, variance : array_like
        As in `gaussian_nll_loss`, all of one shape.
    full : bool, default False
        As in `gaussian_nll_loss`.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    sample_weight : array_like of shape (n_samples,), optional
        The weight of each sample's loss, as in `gaussian_nll_loss`: row $i$ of the gradient is
        multiplied by $w_i$, and ``"mean"`` divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    tuple of ndarray
        ``(d_mean, d_variance)``, each shaped like `mean`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `gaussian_nll_loss` refuses.

    See Also
    --------
    gaussian_nll_loss : the loss.

    Examples
    --------
    >>> d_mean, d_variance = gaussian_nll_loss_grad([3.0, -0.5], [2.5, 0.0], [0.25, 4.0])
    >>> d_mean
    array([-1.    ,  0.0625])
    >>> d_variance
    array([0.        , 0.05859375])
    """
    check_reduction(reduction)
    if sample_weight is not None:  # row i of the gradient of "none" is that of l_i: times w_i
        d_mean, d_var = gaussian_nll_loss_grad(y_true, mean, variance, full=full, reduction="none")
        factors = weighted_grad_scale(sample_weight_array(sample_weight, len(d_mean)), reduction)
        return scale_samples(d_mean, factors), scale_samples(d_var, factors)
    _check_full(full, "log(2 pi) / 2")
    true, mu, var = _gaussian_inputs(y_true, mean, variance)
    scale = grad_scale(mu.shape[0], reduction) / outputs_per_sample(mu, "mean")
    _check_variance(var)  # checked first here: a negative variance gives a finite, wrong gradient
    with np.errstate(all="ignore"):  # NaN and infinities in y_true or mean: refused below
        r = np.subtract(mu, true)
        d_mean = np.divide(r, var)  # d/dmu of r^2 / (2v) = r / v
        d_var = np.multiply(r, d_mean, out=r)  # r (r / v) = r^2 / v
        np.subtract(1.0, d_var, out=d_var)
        d_var /= var
        d_var *= 0.5 * scale  # d/dv of (log v + r^2 / v) / 2 = (1 - r^2 / v) / (2v)
        d_mean *= scale
        if not math.isfinite(float(np.sum(d_mean)) + float(np.sum(d_var))):
            check_finite(true, "y_true")
            check_finite(mu, "mean")
            _gaussian_grad_rescued(true, mu, var, scale, d_mean, d_var)
    return d_mean, d_var


# --- the Poisson negative log-likelihood -----------------------------------------------------


@cache
def _log_factorial_table() -> NDArray[np.float64]:
    """log k! for k < _TABLE_SIZE, correctly rounded: summed in 34-digit decimal arithmetic."""
    context = decimal.Context(prec=34)
    total = decimal.Decimal(0)
    table = [0.0]
    for k in range(1, _TABLE_SIZE):
        total = context.add(total, context.ln(decimal.Decimal(k)))
        table.append(float(total))
    return np.array(table)


def _log_factorial(counts: FloatArray) -> NDArray[np.float64]:
    """log y! of whole numbers y >= 0: a correctly rounded table below 1024, Stirling's series above."""
    table = _log_factorial_table()
    small = counts < _TABLE_SIZE
    if small.all():
        return table.take(counts.astype(np.intp))
    result = np.empty(counts.shape)
    result[small] = table.take(counts[small].astype(np.intp))
    y = counts[~small].astype(np.float64)
    # log y! = (y + 1/2) log y - y + log(2 pi)/2 + 1/(12y) - 1/(360y^3) + ...: within 2.1 ulp for
    # y >= 1024, where the next term, 1/(1260y^5), is below 1e-18.
    result[~small] = (y + 0.5) * np.log(y) - y + _HALF_LOG_2PI + (1.0 / 12.0 - 1.0 / (360.0 * y * y)) / y
    return result


def _poisson_terms(
    true: FloatArray, pred: FloatArray, *, log_input: bool, full: bool, zero_rate: bool
) -> FloatArray:
    """The loss of every element: e^z - y z for log-rates, rate - y log(rate) for rates, + log y!."""
    if log_input:
        terms = np.exp(pred)
        terms -= true * pred
    else:
        terms = np.log(pred)
        terms *= true
        if zero_rate:
            terms[true == 0.0] = 0.0  # 0 log 0 = 0: a count of 0 at a rate of 0 costs nothing
        np.subtract(pred, terms, out=terms)
    if full:
        terms += _log_factorial(true)
    return terms


def _scaled_log_factorial(y: NDArray[np.float64]) -> NDArray[np.float64]:
    """log y! times 2**-_SCALE_BITS, also beyond y = 2.5e305, where log y! exceeds the float range."""
    exact = _log_factorial(y)
    # log y! = y (log y - 1) + log(2 pi y)/2 + ..., whose first term is the one that overflows.
    log_y = np.log(y)
    huge = np.ldexp(y, -_SCALE_BITS) * (log_y - 1.0) + np.ldexp(0.5 * log_y + _HALF_LOG_2PI, -_SCALE_BITS)
    return np.where(np.isfinite(exact), np.ldexp(exact, -_SCALE_BITS), huge)


def _poisson_terms_rescued(
    terms: FloatArray, true: FloatArray, pred: FloatArray, *, log_input: bool, full: bool
) -> None:
    """Recompute, times 2**-_SCALE_BITS in float64, the elements where a term overflowed.

    e^z beyond z = 709.78, y z, y log(rate) and log y! for counts beyond 1e305 overflow, but
    their difference may be in range. A loss beyond the float range stays inf (or -inf).
    """
    bad = ~np.isfinite(terms)
    y = true[bad].astype(np.float64)
    p = pred[bad].astype(np.float64)
    if log_input:
        half = np.ldexp(np.exp(0.5 * p), -_SCALE_BITS // 2)
        scaled = half * half - np.ldexp(y, -_SCALE_BITS) * p  # (e^z - y z) 2^-S, as e^z = (e^(z/2))^2
    else:
        y_log_rate = np.ldexp(y, -_SCALE_BITS) * np.log(p)
        zero = p == 0.0
        y_log_rate[zero] = np.where(y[zero] > 0.0, -np.inf, 0.0)  # a rate of 0 for a count > 0: inf
        scaled = np.ldexp(p, -_SCALE_BITS) - y_log_rate
    if full:
        scaled += _scaled_log_factorial(y)
    terms[bad] = np.ldexp(scaled, _SCALE_BITS)


def _poisson_grad_rescued(
    true: FloatArray, pred: FloatArray, grad: FloatArray, *, log_input: bool, scale: float
) -> None:
    """Recompute, in float64, the elements where e^z or y / rate overflowed before the scale."""
    bad = ~np.isfinite(grad)
    y = true[bad].astype(np.float64)
    p = pred[bad].astype(np.float64)
    if log_input:
        half = np.ldexp(np.exp(0.5 * p), -_SCALE_BITS // 2)
        grad[bad] = np.ldexp((half * half - np.ldexp(y, -_SCALE_BITS)) * scale, _SCALE_BITS)
    else:
        grad[bad] = np.where(p > 0.0, scale - (y * scale) / p, -np.inf)


def poisson_nll_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    log_input: bool = True,
    full: bool = False,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Poisson negative log-likelihood: a loss for counts, from a predicted (log-)rate.

    $$ \ell_{ij} = e^{z_{ij}} - t_{ij} z_{ij} \quad \text{(log-rates } z\text{, the default)},
    \qquad \ell_{ij} = \lambda_{ij} - t_{ij} \log \lambda_{ij} \quad \text{(rates } \lambda\text{)} $$

    plus $\log t_{ij}!$ with ``full=True``, which makes $\ell_{ij}$ exactly
    $-\log \mathrm{Poisson}(t_{ij} \mid \lambda_{ij})$, $\lambda = e^z$. $t$ are the observed
    counts. The loss of a sample is the mean over its outputs, so the default ``"mean"`` is the
    mean over all elements. The loss of an element is smallest where the rate equals the count.

    It is exact: $0 \log 0 = 0$, so a rate of 0 costs nothing for a count of 0 and gives ``inf``
    for a count above 0. $e^z$ overflows beyond $z \approx 709.78$ (88.72 in float32); such an
    element is computed again times $2^{-1100}$ in float64, so the loss is finite wherever its
    value is (a count near $e^z / z$ cancels $e^z$) and ``inf`` where it exceeds the float range,
    without a warning. $\log t!$ comes from a correctly rounded table for counts below 1024 and
    from Stirling's series with two correction terms above, within 2.1 ulp. Each term is within a
    few ulp; where they cancel (near the minimum, for large counts) the error is a few ulp of the
    largest term, as in ``scipy.stats.poisson.logpmf``.

    Parameters
    ----------
    y_true : array_like
        Counts $t \ge 0$, shape ``(n_samples,)`` or ``(n_samples, n_outputs, ...)``; integers or
        floats. Non-whole values (amounts, averages) are accepted unless ``full=True``.
    y_pred : array_like
        Log-rates $z$ (any real number) with ``log_input=True``, rates $\lambda \ge 0$ with
        ``log_input=False``; the same shape as `y_true` (no broadcasting).
    log_input : bool, default True
        Read `y_pred` as log-rates, the usual output of a network (no positivity constraint).
    full : bool, default False
        Add $\log t!$, for the true negative log-likelihood. It changes the value, not the
        gradient, and needs whole counts.
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
        ``"none"``. The loss can be negative when ``full=False``.

    Raises
    ------
    ValueError
        If the shapes differ, an input holds NaN or infinity, a count is negative (or not whole,
        with ``full=True``), a rate is negative, a sample has no outputs, `reduction` is
        unknown, or it is ``"mean"`` over zero samples.
        Also if `sample_weight` is not one finite weight >= 0 per sample, or sums to 0 for
        ``"mean"``.
    TypeError
        If an input or `sample_weight` is not numeric, or `log_input` or `full` is not a bool.

    See Also
    --------
    poisson_nll_loss_grad : its gradient with respect to `y_pred`.
    gaussian_nll_loss : the negative log-likelihood of real-valued targets.

    Notes
    -----
    PyTorch's ``F.poisson_nll_loss(input, target, log_input=True, full=False, eps=1e-08,
    reduction="mean")`` takes the prediction first. With ``log_input=False`` it computes
    $\lambda - t \log(\lambda + \epsilon)$, so a rate of 0 costs $18.4\,t$ instead of ``inf``.
    With ``full=True`` it adds Stirling's approximation $t \log t - t + \tfrac{1}{2} \log(2\pi t)$
    for counts above 1 and 0 for counts 0 and 1, instead of $\log t!$ (PyTorch 2.13,
    ``torch/nn/modules/loss.py``, ``PoissonNLLLoss``): its loss is smaller by about
    $\frac{1}{12t}$, 0.0413 at $t = 2$, 0.0083 at $t = 10$, 0.00083 at $t = 100$. Its ``"mean"`` is
    the mean over all elements, as here; its ``"sum"`` is $m$ times ours for $m$ outputs per sample.

    Examples
    --------
    >>> poisson_nll_loss([0, 1, 2], [0.0, 0.0, 1.0])
    0.9060939428196817
    >>> poisson_nll_loss([0, 1, 2], [0.0, 1.0, 2.0], log_input=False, full=True, reduction="none")
    array([0.        , 1.        , 1.30685282])
    """
    check_reduction(reduction)
    if sample_weight is not None:
        losses = cast(
            FloatArray, poisson_nll_loss(y_true, y_pred, log_input=log_input, full=full, reduction="none")
        )
        return reduce(losses, reduction, sample_weight)
    log_input = _check_log_input(log_input)
    full = _check_full(full, "log(y!)")
    true, pred, zero_rate = _counts_and_predictions(y_true, y_pred, log_input=log_input, full=full)
    outputs_per_sample(pred)
    # NaN and infinities make the result NaN or infinite: they are refused there, and only then.
    with np.errstate(all="ignore"):
        terms = _poisson_terms(true, pred, log_input=log_input, full=full, zero_rate=zero_rate)
        result = reduce(per_sample_mean(terms), reduction)
        if not _is_finite(result):
            check_finite(true, "y_true")
            check_finite(pred, "y_pred")
            _poisson_terms_rescued(terms, true, pred, log_input=log_input, full=full)
            result = reduce(per_sample_mean(terms), reduction)
    return result


def poisson_nll_loss_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    log_input: bool = True,
    full: bool = False,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `poisson_nll_loss` with respect to `y_pred`.

    $$ \frac{\partial \ell}{\partial z_{ij}} = \frac{1}{nm} \left( e^{z_{ij}} - t_{ij} \right)
    \quad \text{(log-rates)}, \qquad
    \frac{\partial \ell}{\partial \lambda_{ij}} = \frac{1}{nm} \left( 1 - \frac{t_{ij}}{\lambda_{ij}}
    \right) \quad \text{(rates)} $$

    for $n$ samples of $m$ outputs: the predicted minus the observed count, for log-rates. At a
    rate of 0 the slope is 1 for a count of 0 (the loss is $\lambda$) and ``-inf`` for a count
    above 0. With ``reduction="sum"`` the factor $\frac{1}{n}$ is left out (the $\frac{1}{m}$ of
    the mean over outputs stays); with ``"none"`` row $i$ is the gradient of the loss of sample
    $i$. `full` does not change the gradient. Where $e^z$ overflows but the gradient, after the
    factor, does not, it is computed again in a scaled form.

    Parameters
    ----------
    y_true, y_pred : array_like
        As in `poisson_nll_loss`, of one shape.
    log_input, full : bool
        As in `poisson_nll_loss`.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    sample_weight : array_like of shape (n_samples,), optional
        The weight of each sample's loss, as in `poisson_nll_loss`: row $i$ of the gradient is
        multiplied by $w_i$, and ``"mean"`` divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `poisson_nll_loss` refuses.

    See Also
    --------
    poisson_nll_loss : the loss.

    Examples
    --------
    >>> poisson_nll_loss_grad([0, 1, 2], [0.0, 0.0, 1.0], reduction="sum")
    array([1.        , 0.        , 0.71828183])
    """
    check_reduction(reduction)
    if sample_weight is not None:  # row i of the gradient of "none" is that of l_i: times w_i
        grad = poisson_nll_loss_grad(y_true, y_pred, log_input=log_input, full=full, reduction="none")
        return scale_samples(
            grad, weighted_grad_scale(sample_weight_array(sample_weight, len(grad)), reduction)
        )
    log_input = _check_log_input(log_input)
    full = _check_full(full, "log(y!)")
    true, pred, zero_rate = _counts_and_predictions(y_true, y_pred, log_input=log_input, full=full)
    scale = grad_scale(pred.shape[0], reduction) / outputs_per_sample(pred)
    with np.errstate(all="ignore"):  # NaN and infinities: refused below
        if log_input:
            grad = np.exp(pred)
            grad -= true  # d/dz (e^z - y z) = e^z - y
        else:
            grad = np.divide(true, pred)
            if zero_rate:
                grad[true == 0.0] = 0.0  # the loss is the rate itself where y = 0: slope 1
            np.subtract(1.0, grad, out=grad)  # d/drate (rate - y log rate) = 1 - y / rate
        grad *= scale
        # A log-rate of -inf or a rate of +inf gives a finite gradient: y_pred is probed too.
        if not math.isfinite(float(np.sum(grad)) + float(np.sum(pred))):
            check_finite(true, "y_true")
            check_finite(pred, "y_pred")
            _poisson_grad_rescued(true, pred, grad, log_input=log_input, scale=scale)
    return grad
