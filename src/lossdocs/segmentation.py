"""Losses for segmentation: a predicted mask of probabilities compared with the true mask.

`dice_loss` is one minus the soft Dice coefficient, the overlap of the two masks, taken per
sample over all its pixels (every axis but the sample axis). It has a gradient `dice_loss_grad`
with the same arguments. The loss is computed in a form without cancellation, so a nearly
perfect mask keeps its small loss instead of rounding it to 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lossdocs._checks import (
    FloatArray,
    Reduction,
    as_float_array,
    check_probabilities,
    check_reduction,
    check_same_shape,
    grad_scale,
    parameter_in_range,
    reduce,
    sample_weight_array,
    to_array,
    weighted_grad_scale,
)

__all__ = ["dice_loss", "dice_loss_grad"]

# Elements per block of `_row_sums`: 1 MiB of float64 per array, so a block of both masks and its
# scratch (3 MiB) stays in the L3 cache. A block takes about ten NumPy calls; smaller blocks, which
# would stay in the L2 cache, were slower where measured (65,536: by a tenth), the calls' fixed
# cost outweighing the faster cache.
_BLOCK = 131_072
_HAS_VECDOT = hasattr(np, "vecdot")  # NumPy 2.0 and later


def _check_smooth(smooth: object) -> float:
    return parameter_in_range(
        smooth,
        "smooth",
        "1.0",
        lambda value: 0.0 <= value < math.inf,
        "be a finite number >= 0",
        "It is added to the numerator and the denominator of the Dice coefficient: "
        "1.0 is the default, MONAI uses 1e-5, and 0 gives the plain Dice coefficient.",
    )


def _masks(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[NDArray[np.generic], FloatArray, tuple[int, ...]]:
    """The true and predicted masks as rows of one sample each, and their shape.

    Float masks promote with `y_pred` to one float dtype. Integer and boolean masks are exact in
    any float type and are kept as they are (read block by block in the dtype of `y_pred`), so
    float32 stays float32 and a uint8 mask is not copied. Values are checked by `_row_sums`.
    """
    pred = as_float_array(y_pred, "y_pred")
    true = to_array(y_true, "y_true")
    check_same_shape(true, pred)
    if true.dtype.kind not in "biu":
        dtype = np.result_type(as_float_array(true, "y_true"), pred)
        true, pred = true.astype(dtype, copy=False), pred.astype(dtype, copy=False)
    pixels = math.prod(pred.shape[1:])
    if pixels == 0:
        raise ValueError(
            f"y_true and y_pred have no pixels per sample: shape {pred.shape}.\n"
            "The Dice coefficient of a sample compares its masks, which needs at least one pixel. "
            "Check the shape: axis 0 is the sample axis, the other axes are the pixels of a sample."
        )
    # One C-ordered row per sample (copied only where needed), so that the sums over each row run
    # in one order whatever the layout of the caller's arrays. The row length is spelled out, as
    # reshape(n, -1) is refused when n == 0.
    rows = (len(pred), pixels)
    return np.ascontiguousarray(true.reshape(rows)), np.ascontiguousarray(pred.reshape(rows)), pred.shape


def _blocks(n_rows: int, row_length: int) -> Iterator[tuple[slice, slice]]:
    """(rows, columns) of blocks of about `_BLOCK` elements: whole rows, or pieces of one long row."""
    if row_length >= _BLOCK:
        for row in range(n_rows):
            for start in range(0, row_length, _BLOCK):
                yield slice(row, row + 1), slice(start, start + _BLOCK)
    else:
        step = _BLOCK // row_length
        for start in range(0, n_rows, step):
            yield slice(start, start + step), slice(None)


def _row_dots(a: FloatArray, b: FloatArray) -> FloatArray:
    """Σ_j a_ij b_ij of each row: one dot product per row, no temporary."""
    return cast(FloatArray, np.vecdot(a, b) if _HAS_VECDOT else np.einsum("ij,ij->i", a, b))


def _unit_interval_test(dtype: np.dtype[np.floating]) -> Callable[[FloatArray], bool]:
    """A test of a block: are all its values in [0, 1]? NaN and -0.0 fail it (the caller looks closer)."""
    if dtype not in (np.float32, np.float64):  # long double: no unsigned integer of its size
        return lambda block: bool(block.min() >= 0.0 and block.max() <= 1.0)
    unsigned = np.dtype(f"u{dtype.itemsize}")
    one = np.ones(1, dtype=dtype).view(unsigned)[0]
    # Read as unsigned integers, the floats in [+0, 1] are those whose bits are at most those of
    # 1.0: a sign bit, NaN and inf all make a larger number. One pass, where min and max take two.
    return lambda block: bool(block.view(unsigned).max() <= one)


def _row_sums(true: NDArray[np.generic], pred: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Σ [t (1 - p) + p (1 - t)] and Σ t p of each row: where the two masks differ, and their overlap.

    Both sums add terms >= 0: nothing cancels. One pass over memory, block by block: the test of
    both blocks, and three dot products per row, of t with 1 - p, of p with 1 - t (each
    difference written into one scratch buffer in turn) and of t with p. Where a block fails the
    test, the masks are checked after the last block (values in [0, 1], no NaN).
    """
    n, m = pred.shape
    mismatch, overlap = np.zeros(n, dtype=pred.dtype), np.zeros(n, dtype=pred.dtype)
    scratch = np.empty((1 if true.dtype == pred.dtype else 2, min(_BLOCK, n * m)), dtype=pred.dtype)
    in_unit_interval = _unit_interval_test(pred.dtype)
    valid = True
    with np.errstate(invalid="ignore"):  # NaN and values outside [0, 1]: refused after the loop
        for rows, columns in _blocks(n, m):
            given, p = true[rows, columns], pred[rows, columns]
            work, *mask = (buffer[: p.size].reshape(p.shape) for buffer in scratch)
            t = cast(FloatArray, given)
            if mask:  # an integer or boolean mask, read in the float dtype
                t = mask[0]
                np.copyto(t, given, casting="unsafe")
            valid = valid and in_unit_interval(p) and in_unit_interval(t)
            differ = _row_dots(t, np.subtract(1.0, p, out=work))
            differ += _row_dots(p, np.subtract(1.0, t, out=work))
            mismatch[rows] += differ
            overlap[rows] += _row_dots(t, p)
    if not valid:
        check_probabilities(pred, "y_pred")
        check_probabilities(as_float_array(true, "y_true"), "y_true")
    return mismatch, overlap


def _denominators(mismatch: FloatArray, overlap: FloatArray, smooth: float) -> FloatArray:
    """Σt + Σp + s of each row, refusing a 0 (smooth = 0 with two empty masks: 0 / 0)."""
    # Σ t + Σ p = Σ [t (1 - p) + p (1 - t)] + 2 Σ t p, a sum of terms >= 0 from the sums at hand.
    sizes = overlap * 2.0
    sizes += mismatch
    sizes += smooth
    empty = np.flatnonzero(sizes == 0.0)
    if empty.size:
        raise ValueError(
            f"dice_loss with smooth=0 is 0/0 for sample {int(empty[0])}: y_true and y_pred are "
            "all zeros there (an empty mask predicted as empty).\n"
            "Pass smooth > 0 (the default 1.0 gives such a sample the loss 0), "
            "or leave out the samples whose true mask is empty."
        )
    return sizes


def dice_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    smooth: float = 1.0,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Soft Dice loss (Dice 損失): one minus the overlap of the true and the predicted mask.

    $$
    \ell_i = 1 - \frac{2 \sum_j t_{ij} \, p_{ij} + s}{\sum_j t_{ij} + \sum_j p_{ij} + s}
    = \frac{\sum_j \left[ t_{ij} (1 - p_{ij}) + p_{ij} (1 - t_{ij}) \right]}
    {\sum_j t_{ij} + \sum_j p_{ij} + s}
    $$

    where $t_{ij} \in [0, 1]$ is the true mask and $p_{ij} \in [0, 1]$ the predicted
    probability of pixel $j$ of sample $i$ (every axis but the sample axis counts as pixels),
    and $s \ge 0$ the smoothing term `smooth`. The fraction is the soft Dice coefficient
    (2 × overlap / total size); the loss is 0 for a perfect mask and 1 for masks that do not
    overlap. The right-hand form, whose numerator adds terms $\ge 0$, is the one computed: it
    keeps the small loss of a nearly perfect mask, which $1 - \text{fraction}$ would round to 0.

    Parameters
    ----------
    y_true : array_like
        The true masks, values in [0, 1] (0/1 masks or soft ones), the same shape as `y_pred`.
    y_pred : array_like
        Predicted probabilities in [0, 1], shape ``(n_samples, ...)``: for example
        ``(n, height, width)``, or ``(n, classes, height, width)`` for one Dice over all classes.
    smooth : float, default 1.0
        The smoothing term $s \ge 0$ added to the numerator and the denominator.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns
        them.
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
        If the shapes differ, a value lies outside [0, 1] or is NaN, a sample has no pixels,
        `smooth` is negative or not finite, ``smooth=0`` meets a sample whose two masks are all
        zeros (0/0), `reduction` is unknown, or it is ``"mean"`` over zero samples; if
        `sample_weight` is not one finite weight >= 0 per sample, or sums to 0 for ``"mean"``.
    TypeError
        If an input or `sample_weight` is not numeric, or `smooth` is not a number.

    See Also
    --------
    dice_loss_grad : its gradient with respect to `y_pred`.
    lossdocs.classification.binary_cross_entropy : the per-pixel loss often added to it.

    Notes
    -----
    **The default** ``smooth=1.0`` is the value of the Dice loss that most tutorials and
    Keras-era code use. With $s > 0$ an empty true mask predicted as empty has the loss 0
    ($s / s = 1$); with ``smooth=0`` that sample is $0/0$ and is refused with an error that
    names it. The libraries differ: MONAI's ``DiceLoss`` adds ``smooth_nr=1e-5`` and
    ``smooth_dr=1e-5`` and takes the Dice per sample *and channel* (pass ``smooth=1e-5`` and
    ``y.reshape(n * channels, -1)`` for channel-first masks, then the mean is MONAI's);
    Keras 3's ``keras.losses.dice`` adds no smoothing, only ``1e-7`` to the denominator (an
    empty mask predicted as empty gets the loss 1 there); segmentation_models_pytorch's
    ``DiceLoss`` defaults to ``smooth=0.0``, clamps the denominator at ``eps=1e-7``, sums over
    the batch per class and gives classes without true pixels the loss 0.

    Examples
    --------
    >>> y_true = [[[1, 1], [0, 0]], [[0, 0], [0, 0]]]
    >>> y_pred = [[[0.9, 0.6], [0.2, 0.0]], [[0.0, 0.0], [0.0, 0.0]]]
    >>> dice_loss(y_true, y_pred, reduction="none")
    array([0.14893617, 0.        ])
    >>> round(dice_loss(y_true, y_pred, sample_weight=[3.0, 1.0]), 4)  # (3 × 0.1489 + 0) / 4
    0.1117
    >>> dice_loss(y_true, y_pred, smooth=0.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: dice_loss with smooth=0 is 0/0 for sample 1: y_true and y_pred are all zeros there ...
    """
    check_reduction(reduction)
    s = _check_smooth(smooth)
    true, pred, _ = _masks(y_true, y_pred)
    mismatch, overlap = _row_sums(true, pred)
    # 1 - (2 Σ t p + s) / (Σ t + Σ p + s) = Σ [t (1 - p) + p (1 - t)] / (Σ t + Σ p + s)
    losses = np.divide(mismatch, _denominators(mismatch, overlap, s), out=mismatch)
    return reduce(losses, reduction, sample_weight)


def dice_loss_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    smooth: float = 1.0,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `dice_loss` with respect to `y_pred`.

    $$
    \frac{\partial \ell}{\partial p_{ij}} = \frac{1}{n} \cdot \frac{D_i - 2 t_{ij}}{S_i},
    \qquad D_i = \frac{2 \sum_k t_{ik} \, p_{ik} + s}{S_i},
    \quad S_i = \sum_k t_{ik} + \sum_k p_{ik} + s
    $$

    where $D_i$ is the Dice coefficient of sample $i$. A pixel of the true mask
    ($t = 1$) gets a negative entry (raising its probability lowers the loss), a background
    pixel ($t = 0$) the positive entry $D_i / S_i$. With ``reduction="sum"`` the factor
    $\frac{1}{n}$ is left out; with ``"none"`` row $i$ is the gradient of the loss of sample $i$.
    With `sample_weight`, row $i$ is multiplied by $w_i$, and ``"mean"`` divides by
    $\sum_i w_i$ instead of $n$.

    Parameters
    ----------
    y_true : array_like
        The true masks, values in [0, 1], the same shape as `y_pred`.
    y_pred : array_like
        Predicted probabilities in [0, 1].
    smooth : float, default 1.0
        The smoothing term of `dice_loss`.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    sample_weight : array_like of shape (n_samples,), optional
        The weight of each sample's loss, as in `dice_loss`.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `dice_loss` refuses.

    See Also
    --------
    dice_loss : the loss.

    Examples
    --------
    >>> dice_loss_grad([[1, 1, 0, 0]], [[0.9, 0.6, 0.2, 0.0]])
    array([[-0.2444545 , -0.2444545 ,  0.18107741,  0.18107741]])
    """
    check_reduction(reduction)
    s = _check_smooth(smooth)
    true, pred, shape = _masks(y_true, y_pred)
    mismatch, overlap = _row_sums(true, pred)
    denominator = _denominators(mismatch, overlap, s)
    # The Dice coefficient D itself, not 1 - loss, which would lose it where it is tiny.
    dice = overlap * 2.0
    dice += s
    dice /= denominator
    if sample_weight is None:
        factor = grad_scale(len(pred), reduction) / denominator
    else:  # row i is the gradient of w_i l_i, and "mean" divides by the sum of the weights
        factor = weighted_grad_scale(sample_weight_array(sample_weight, len(pred)), reduction) / denominator
    # d/dp_j [1 - (2 Σ t p + s) / S] = -(2 t_j S - (2 Σ t p + s)) / S^2 = (D - 2 t_j) / S
    grad = np.multiply(true, -2.0, dtype=pred.dtype)
    grad += dice[:, np.newaxis]
    grad *= factor[:, np.newaxis]
    return cast(FloatArray, grad.reshape(shape))
