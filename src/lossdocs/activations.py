"""Activations: the functions that turn logits (raw scores) into probabilities, and their logarithms.

`softmax` and `sigmoid` give probabilities; `log_softmax` and `log_sigmoid` give their
logarithms, computed in log space so that they stay exact where the probability itself rounds
to 0 or 1. All four are stable for every finite input (logits of ±1000 included), exact to a
few ulp (for softmax, see its note on entries far below the maximum), and raise no NumPy
warnings. Their stable forms, shared with the losses on logits in :mod:`lossdocs.classification`,
live in :mod:`lossdocs._stable`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import cast

import numpy as np
from numpy.typing import ArrayLike

from lossdocs._checks import FloatArray, as_float_array, check_axis, check_finite_inputs
from lossdocs._kernels import ELEMENT_BLOCK, row_blocks, scratch
from lossdocs._stable import exp_minus_abs, log1p, log_softmax_rows, softmax_rows

__all__ = ["log_sigmoid", "log_softmax", "sigmoid", "softmax"]


# --- input checks -------------------------------------------------------------------------


def _real_values(values: ArrayLike, name: str, *, scalar_ok: bool) -> FloatArray:
    """Read finite real numbers as a float array (float32 and float64 kept); a scalar gives a 0-d array."""
    if np.isscalar(values) or (isinstance(values, np.ndarray) and values.ndim == 0):
        array = as_float_array(cast(ArrayLike, [values]), name).reshape(())
        if not scalar_ok:
            raise ValueError(
                f"{name} must have an axis to normalize along, got the scalar {array.item()!r}.\n"
                f"Pass the scores of all classes as a list or an array, for example [{array.item()!r}, 0.0]."
            )
    else:
        array = as_float_array(values, name)
    check_finite_inputs(array, **{name: array})
    return array


# --- the shared, stable parts ---------------------------------------------------------------


def _on_rows(function: Callable[[FloatArray], FloatArray], z: FloatArray, axis: int) -> FloatArray:
    """`function` of the rows of z along `axis`: the classes are moved last, and moved back after."""
    last = np.moveaxis(z, axis, -1)
    table = last.reshape(
        math.prod(last.shape[:-1]), last.shape[-1]
    )  # a view for the last axis of contiguous z
    result = function(table).reshape(last.shape)
    return result if axis in (-1, z.ndim - 1) else np.ascontiguousarray(np.moveaxis(result, -1, axis))


def _sigmoid_without_overflow(x: FloatArray) -> FloatArray:
    # σ(x) = e^{min(x, 0)} / (1 + e^{-|x|}): no exponential of a positive number, so no overflow,
    # and exact where σ(x) = e^x is subnormal. Two exponentials: used only where e^{-x} overflows.
    denominator = np.abs(x)
    np.negative(denominator, out=denominator)
    np.exp(denominator, out=denominator)
    denominator += 1.0
    numerator = np.minimum(x, 0.0)
    np.exp(numerator, out=numerator)
    return np.divide(numerator, denominator, out=numerator)


def _sigmoid(x: FloatArray) -> FloatArray:
    """σ(x) = 1 / (1 + e^{-x}) for finite x, to a few ulp over the whole range."""
    try:
        with np.errstate(over="raise"):
            e = np.negative(x)
            np.exp(e, out=e)
    except FloatingPointError:  # e^{-x} overflows below x = -709.78 (-88.72 in float32)
        return _sigmoid_without_overflow(x)
    e += 1.0
    return np.reciprocal(e, out=e)


def _log_sigmoid(x: FloatArray) -> FloatArray:
    """log σ(x) for finite x, block by block in the cache."""
    out = np.empty(x.shape, dtype=x.dtype)
    flat, result = x.reshape(-1), out.reshape(-1)  # x.reshape copies a strided x once
    e, w = scratch(2, flat.size, 1, x.dtype)
    for part in row_blocks(flat.size, 1, ELEMENT_BLOCK):
        count = part.stop - part.start
        softplus = log1p(exp_minus_abs(flat[part], e[:count]), result[part], w[:count])
        # log σ(x) = min(x, 0) - log(1 + e^{-|x|}): the exponential is at most 1, so no overflow,
        # and the two terms have the same sign, so nothing cancels.
        np.subtract(np.minimum(flat[part], 0.0, out=w[:count]), softplus, out=softplus)
    return out


def _elementwise(function: Callable[[FloatArray], FloatArray], x: FloatArray) -> FloatArray:
    """`function` of `x`; a 0-d `x` goes through as a 1-element vector (ufuncs make 0-d into scalars)."""
    return function(x.reshape(1)).reshape(()) if x.ndim == 0 else function(x)


# --- the public functions -----------------------------------------------------------------


def softmax(logits: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Softmax: logits turned into probabilities that add up to 1 along `axis`.

    $$
    \mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}
    = \frac{e^{z_k - m}}{\sum_{j=1}^{K} e^{z_j - m}}, \quad m = \max_j z_j
    $$

    The maximum $m$ is shifted out first, so no exponential overflows for any finite logits
    (differences of $\pm 2000$ included), and the largest entries are exact to a few ulp. An
    entry far below the maximum inherits the rounding of $z_k - m$, which $e^x$ turns into
    about $|z_k - m| / 2$ ulp, as in every floating-point softmax; `log_softmax` gives
    its logarithm to a few ulp.

    Parameters
    ----------
    logits : array_like
        Real scores $z$ of any shape with at least one axis, float32 or float64 (kept), or
        integers.
    axis : int, default -1
        The axis of the $K$ classes.

    Returns
    -------
    ndarray
        Probabilities in [0, 1], shaped like `logits`, adding up to 1 along `axis`.

    Raises
    ------
    ValueError
        If `logits` holds NaN or infinity, is a scalar, or `axis` is out of range or empty.
    TypeError
        If `logits` is not numeric or `axis` not an integer.

    See Also
    --------
    log_softmax : its logarithm, exact where the probability underflows.
    lossdocs.classification.softmax_cross_entropy : the cross-entropy of the softmax of logits.

    Examples
    --------
    >>> softmax([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])
    array([[0.09003057, 0.24472847, 0.66524096],
           [1.        , 0.        , 0.        ]])
    """
    z = _real_values(logits, "logits", scalar_ok=False)
    return _on_rows(softmax_rows, z, check_axis(axis, z.shape, "logits"))


def log_softmax(logits: ArrayLike, axis: int = -1) -> FloatArray:
    r"""Logarithm of the softmax, computed in log space.

    $$ \log \mathrm{softmax}(z)_k = z_k - m - \log \sum_{j=1}^{K} e^{z_j - m}, \quad m = \max_j z_j $$

    Shifting out the maximum $m$ keeps every exponential at most 1, and the log of the sum is
    computed as $\log(1 + s)$ with ``log1p``, where $s$ adds the terms other than the maximum's
    own $e^0 = 1$: exact also where the result is as small as $-10^{-20}$ or as large as $-2000$.

    Parameters
    ----------
    logits : array_like
        Real scores $z$ of any shape with at least one axis.
    axis : int, default -1
        The axis of the $K$ classes.

    Returns
    -------
    ndarray
        Log-probabilities, at most 0, shaped like `logits`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `softmax` refuses.

    See Also
    --------
    softmax : the probabilities themselves.
    lossdocs.classification.softmax_cross_entropy : minus the log-softmax of the true class.

    Examples
    --------
    >>> log_softmax([[1.0, 2.0, 3.0], [1000.0, 0.0, -1000.0]])
    array([[-2.40760596e+00, -1.40760596e+00, -4.07605964e-01],
           [ 0.00000000e+00, -1.00000000e+03, -2.00000000e+03]])
    """
    z = _real_values(logits, "logits", scalar_ok=False)
    return _on_rows(log_softmax_rows, z, check_axis(axis, z.shape, "logits"))


def sigmoid(x: ArrayLike) -> FloatArray:
    r"""Logistic sigmoid: a logit turned into the probability of the positive class.

    $$ \sigma(x) = \frac{1}{1 + e^{-x}} $$

    Computed without overflow or warnings for any finite $x$: where $e^{-x}$ would overflow
    ($x < -709.78$ in float64), the equal form $e^{\min(x, 0)} / (1 + e^{-|x|})$ is used.

    Parameters
    ----------
    x : array_like
        Real numbers (logits), any shape, a scalar included; float32 and float64 are kept.

    Returns
    -------
    ndarray
        Values in [0, 1], shaped like `x` (a 0-d array for a scalar).

    Raises
    ------
    ValueError
        If `x` holds NaN or infinity.
    TypeError
        If `x` is not numeric.

    See Also
    --------
    log_sigmoid : its logarithm, exact where $\sigma(x)$ underflows.
    lossdocs.classification.sigmoid_binary_cross_entropy : the binary cross-entropy of logits.

    Examples
    --------
    >>> sigmoid([-1000.0, -1.0, 0.0, 1.0, 40.0])
    array([0.        , 0.26894142, 0.5       , 0.73105858, 1.        ])
    """
    return _elementwise(_sigmoid, _real_values(x, "x", scalar_ok=True))


def log_sigmoid(x: ArrayLike) -> FloatArray:
    r"""Logarithm of the sigmoid, computed in log space.

    $$ \log \sigma(x) = -\log(1 + e^{-x}) = \min(x, 0) - \log(1 + e^{-|x|}) $$

    The second form never overflows, and ``log1p`` keeps it exact where $e^{-|x|}$ is tiny:
    $\log\sigma(1000) = -e^{-1000}$ rounds to 0 and $\log\sigma(-1000) = -1000$.

    Parameters
    ----------
    x : array_like
        Real numbers (logits), any shape, a scalar included; float32 and float64 are kept.

    Returns
    -------
    ndarray
        Values at most 0, shaped like `x` (a 0-d array for a scalar).

    Raises
    ------
    ValueError, TypeError
        For the inputs that `sigmoid` refuses.

    See Also
    --------
    sigmoid : the probability itself.

    Examples
    --------
    >>> log_sigmoid([-1000.0, 0.0, 40.0])
    array([-1.00000000e+03, -6.93147181e-01, -4.24835426e-18])
    """
    return _elementwise(_log_sigmoid, _real_values(x, "x", scalar_ok=True))
