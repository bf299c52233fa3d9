"""Losses for classification: predictions compared with the true classes.

Three families, all with the argument order ``(y_true, prediction)``:

- on probabilities: `cross_entropy_error`, `binary_cross_entropy`, `kl_divergence`;
- on logits (raw scores, before a softmax or a sigmoid): `softmax_cross_entropy`,
  `sigmoid_binary_cross_entropy`, `sigmoid_focal_loss`;
- on margins (real scores against labels -1/+1): `hinge_loss`.

Each has a gradient ``<name>_grad`` with the same arguments. The results are exact: 0 log 0 = 0,
a certain-and-wrong prediction gives ``inf``, and the losses on logits are computed in log space,
to a few ulp for any finite logits.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Iterator
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lossdocs._checks import (
    FloatArray,
    Reduction,
    as_float_array,
    as_label_array,
    check_axis,
    check_finite_inputs,
    check_labels,
    check_probabilities,
    check_reduction,
    check_same_shape,
    grad_scale,
    outputs_per_sample,
    parameter_in_range,
    per_sample,
    per_sample_mean,
    reduce,
    to_array,
)
from lossdocs._kernels import elementwise, sample_losses
from lossdocs._stable import exp_minus_abs, log1p, log_softmax_rows, shifted_row_blocks, step, sum_but_top

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "categorical_cross_entropy",
    "cross_entropy_error",
    "cross_entropy_error_grad",
    "hinge_loss",
    "hinge_loss_grad",
    "kl_divergence",
    "kl_divergence_grad",
    "sigmoid_binary_cross_entropy",
    "sigmoid_binary_cross_entropy_grad",
    "sigmoid_focal_loss",
    "sigmoid_focal_loss_grad",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
]

# The targets of a cross-entropy: either probability rows shaped like the predictions (one-hot or
# soft labels), or integer class indices with one entry fewer in the shape.
Targets = tuple[FloatArray | None, NDArray[np.integer] | None]
# How the elementwise terms of a loss make the loss of each sample: per_sample or per_sample_mean.
Combine = Callable[[FloatArray], FloatArray]


# --- keyword parameters ---------------------------------------------------------------------


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


def _check_label_smoothing(label_smoothing: object) -> float:
    return parameter_in_range(
        label_smoothing,
        "label_smoothing",
        "0.1",
        lambda value: 0.0 <= value < 1.0,
        "lie in [0, 1)",
        "It is the weight ε of the uniform distribution mixed into the targets, "
        "t' = (1 - ε) t + ε / K: 0.0 means no smoothing, 0.1 is a common choice.",
    )


def _check_gamma(gamma: object) -> float:
    return parameter_in_range(
        gamma,
        "gamma",
        "2.0",
        lambda value: 0.0 <= value < math.inf,
        "be a finite number >= 0",
        "gamma is the exponent of the focusing factor (1 - p_t)^gamma: 0 gives the binary "
        "cross-entropy, 2.0 is the usual choice.",
    )


def _check_alpha(alpha: object) -> float | None:
    if alpha is None:
        return None
    return parameter_in_range(
        alpha,
        "alpha",
        "0.25",
        lambda value: 0.0 <= value <= 1.0,
        "lie in [0, 1], or be None for no weighting",
        "alpha weighs the terms of positive targets and 1 - alpha those of negative ones; "
        "torchvision uses alpha=0.25.",
    )


# --- inputs ---------------------------------------------------------------------------------


def _class_axis(array: FloatArray, name: str) -> FloatArray:
    if array.ndim < 2:
        raise ValueError(
            f"{name} must have a class axis: shape (n_samples, n_classes), got shape {array.shape}.\n"
            f"For a single sample, wrap it in a list ([{name}]) or use {name}.reshape(1, -1)."
        )
    return array


def _probabilities(y_pred: ArrayLike, *, class_axis: bool = True) -> FloatArray:
    pred = as_float_array(y_pred, "y_pred")
    if class_axis:
        _class_axis(pred, "y_pred")
    check_probabilities(pred, "y_pred")
    return pred


def _logits(logits: ArrayLike) -> FloatArray:
    """Logits with a class axis of at least one class (NaN and infinities: see `_shifted_rows`)."""
    z = _class_axis(as_float_array(logits, "logits"), "logits")
    check_axis(-1, z.shape, "logits")
    return z


def _common_float(true: NDArray[np.generic], pred: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Targets and predictions in one float dtype.

    Integer and boolean targets (labels, one-hot rows) are exact in any float type and take the
    dtype of the predictions, so float32 stays float32; float targets promote with them.
    """
    if true.dtype.kind in "biu":
        return true.astype(pred.dtype), pred
    rows = as_float_array(true, "y_true")
    dtype = np.result_type(rows, pred)
    return rows.astype(dtype, copy=False), pred.astype(dtype, copy=False)


def _targets(y_true: ArrayLike, pred: FloatArray, pred_name: str = "y_pred") -> Targets:
    true = to_array(y_true, "y_true")
    if true.shape == pred.shape:
        rows, _ = _common_float(true, pred)
        check_probabilities(rows, "y_true")
        return rows, None
    if true.shape == pred.shape[:-1]:
        labels = as_label_array(true, "y_true", pred_name)
        check_labels(labels, pred.shape[-1], "y_true", pred_name)
        return None, labels
    raise ValueError(
        f"y_true has shape {true.shape}, which fits neither form of targets for {pred_name} of shape "
        f"{pred.shape}.\n"
        f"Pass one-hot (or soft) rows of shape {pred.shape}, "
        f"or integer class indices of shape {pred.shape[:-1]}."
    )


def _same_shape_targets(
    y_true: ArrayLike, pred: FloatArray, pred_name: str = "y_pred"
) -> tuple[FloatArray, FloatArray]:
    """Targets in [0, 1] of the same shape as `pred`, both in one float dtype."""
    true = to_array(y_true, "y_true")
    check_same_shape(true, pred, pred_name)
    true, pred = _common_float(true, pred)
    check_probabilities(true, "y_true")
    return true, pred


def _sign_labels(y_true: ArrayLike, pred: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Labels -1 and +1 of the same shape as `pred`, in its float dtype."""
    labels = to_array(y_true, "y_true")
    check_same_shape(labels, pred)
    bad = np.ones(labels.shape, dtype=bool) if labels.dtype.kind == "b" else np.abs(labels) != 1
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        found = labels[index].item()
        if np.all((labels == 0) | (labels == 1)):
            raise ValueError(
                f"y_true holds the labels 0 and 1 (found {found!r} at index {index}), but the hinge "
                "loss needs the labels -1 and +1.\n"
                "Convert them with 2 * y_true - 1 (0 becomes -1, 1 stays 1)."
            )
        raise ValueError(
            f"y_true must hold the labels -1 and +1, found {found!r} at index {index}.\n"
            "Give the negative class -1 and the positive class +1, "
            "for example np.where(y_true == positive_class, 1, -1)."
        )
    return labels.astype(pred.dtype, copy=False), pred  # -1 and +1: exact in any float type


def _label_positions(labels: NDArray[np.integer], n_classes: int) -> NDArray[np.intp]:
    """Where each sample's class is in an array of shape labels.shape + (n_classes,), flattened in C order."""
    return np.arange(0, labels.size * n_classes, n_classes) + labels.reshape(-1).astype(np.intp, copy=False)


def _mean_grad_scale(pred: FloatArray, reduction: Reduction, pred_name: str = "y_pred") -> float:
    """The factor of each element's derivative in a loss that is the mean over each sample's outputs."""
    return grad_scale(pred.shape[0], reduction) / outputs_per_sample(pred, pred_name)


# --- exact sums -----------------------------------------------------------------------------


def _zero_log_zero(terms: FloatArray) -> None:
    """0 log 0 = 0, the limit of t log t as t -> 0, where the fast form computes 0 * -inf = NaN."""
    terms[np.isnan(terms)] = 0.0


def _per_sample_exact(
    terms: FloatArray, combine: Combine, mend: Callable[[FloatArray], None] = _zero_log_zero
) -> FloatArray:
    """The per-sample losses `combine(terms)`, after `mend` fixed what the fast form got wrong.

    With checked inputs, the fast forms go wrong only at exact 0s and 1s (0 log 0 is NaN there):
    rare, so the terms are mended only where a per-sample loss is not finite (n values to look
    at), instead of masking every zero target on every call.
    """
    with np.errstate(invalid="ignore"):  # inf + -inf before the mending
        losses = combine(terms)
    if not np.isfinite(losses).all():
        mend(terms)
        losses = combine(terms)
    return losses


def _rows_cross_entropy(rows: FloatArray, log_pred: FloatArray) -> FloatArray:
    """Per-sample -sum_k t_k log y_k, summed over every axis but the sample axis, with 0 log 0 = 0."""
    with np.errstate(invalid="ignore"):
        terms = rows * log_pred
    return _per_sample_exact(np.subtract(0.0, terms, out=terms), per_sample)  # 0 - 0 is +0, not -0


def _rows_grad(rows: FloatArray, pred: FloatArray, clip: float | None, reduction: Reduction) -> FloatArray:
    """The gradient -t / y of -sum t log y with respect to y (0 where t = 0), times the reduction's factor."""
    used = pred if clip is None else np.clip(pred, clip, 1.0 - clip)
    # -t / y is -inf where y is 0 < t, and overflows to -inf where y is tiny (subnormal).
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        grad = np.divide(rows, used)
        grad *= -grad_scale(pred.shape[0], reduction)
        grad += 0.0  # -0.0 (where t = 0) + 0.0 is +0.0
        not_a_number = np.isnan(np.add.reduce(grad.reshape(-1)))
    if not_a_number:  # rare: 0 / 0 where t = y = 0, whose term is 0
        grad[rows == 0] = 0.0
    if clip is not None:
        grad[(pred < clip) | (pred > 1.0 - clip)] = 0.0
    return grad


def _binary_cross_entropy_block(
    t: FloatArray, y: FloatArray, terms: FloatArray, w: FloatArray, u: FloatArray
) -> FloatArray:
    """-[t log y + (1 - t) log(1 - y)] of flat blocks (NaN at y = 0 or 1: `_binary_cross_entropy_edges`)."""
    # log(1 - y) = log1p(-y): exact where y is tiny and 1 - y rounds to 1.
    log1p(np.negative(y, out=u), terms, w)
    terms *= np.subtract(1.0, t, out=w)
    w = np.log(y, out=w)
    w *= t
    terms += w
    return np.subtract(0.0, terms, out=terms)  # 0 - 0 is +0, not -0


def _binary_cross_entropy_edges(terms: FloatArray, t: FloatArray, y: FloatArray) -> None:
    """The terms at y = 0 or 1 that the fast form leaves NaN: 0 log 0 = 0, or inf (certain and wrong)."""
    bad = ~np.isfinite(terms)
    tb, yb = t[bad], y[bad]
    with np.errstate(divide="ignore", invalid="ignore"):
        positive = np.where(tb == 0, 0.0, tb * np.log(yb))
        negative = np.where(tb == 1, 0.0, (1.0 - tb) * np.log1p(-yb))
    terms[bad] = 0.0 - (positive + negative)


def _kl_block(t: FloatArray, y: FloatArray, terms: FloatArray, v: FloatArray, w: FloatArray) -> FloatArray:
    """t log(t / y) of flat blocks (not finite where t or y is 0, or t is far below y: `_rel_entr_edges`)."""
    # t log(t / y) = t log1p((t - y) / y): t - y is exact where t ≈ y, so two close distributions
    # keep the small terms that the rounding of t / y would swamp.
    np.subtract(t, y, out=v)
    v /= y
    log1p(v, terms, w)
    terms *= t
    return terms


def _rel_entr_edges(terms: FloatArray, true: FloatArray, pred: FloatArray) -> None:
    """Fix the terms t log(t / y) that the fast form leaves not finite.

    0 where t = 0 (0 log 0 = 0, NaN in the fast form); t (log t - log y) where t is too small or
    too large next to y for the fast form (NaN, though the term is finite); and inf where y = 0 < t.
    """
    bad = ~np.isfinite(terms)
    t, y = true[bad], pred[bad]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms[bad] = np.where(t == 0, 0.0, t * (np.log(t) - np.log(y)))


# --- the sigmoid on logits, block by block ---------------------------------------------------
# Everything below comes from e = e^{-|z|} in (0, 1], which never overflows: σ(-|z|) = e / (1 + e),
# σ(|z|) = 1 - σ(-|z|), and log(1 + e) = softplus(-|z|). The side of z picks which one σ(z) is.


def _logit_terms(
    t: FloatArray, z: FloatArray, terms: FloatArray, e: FloatArray, s: FloatArray, w: FloatArray
) -> FloatArray:
    """ℓ = -[t log σ(z) + (1 - t) log(1 - σ(z))] of flat blocks into `terms`; leaves s = |[z >= 0] - t|.

    Also leaves e = e^{-|z|}.
    """
    # ℓ = max(z, 0) - z t + log(1 + e^{-|z|}), and max(z, 0) - z t = |z| s with s = 1 - t for z >= 0
    # and t for z < 0: a product of two terms >= 0, so nothing cancels for t near 0 or 1.
    log1p(exp_minus_abs(z, e), terms, w)
    np.abs(np.subtract(step(z, s), t, out=s), out=s)
    terms += np.multiply(np.abs(z, out=w), s, out=w)
    return terms


def _one_minus_pt(q: FloatArray, s: FloatArray, out: FloatArray) -> FloatArray:
    """1 - p_t of the focal loss into `out`, from q = σ(-|z|) and s = |[z >= 0] - t|."""
    # 1 - p_t = σ(z)(1 - t) + σ(-z) t = σ(|z|) s + σ(-|z|)(1 - s) = q + (1 - 2q) s: terms >= 0, so
    # it stays exact where p_t ≈ 1 (a confident right prediction, the case the focal loss is about).
    np.multiply(q, -2.0, out=out)
    out += 1.0
    out *= s
    out += q
    return out


def _alpha_t(t: FloatArray, alpha: float, out: FloatArray) -> FloatArray:
    """alpha_t = alpha t + (1 - alpha)(1 - t) = (1 - alpha) + (2 alpha - 1) t, into `out`."""
    np.multiply(t, 2.0 * alpha - 1.0, out=out)
    out += 1.0 - alpha
    return out


def _sigmoid_minus_target(
    t: FloatArray, z: FloatArray, q: FloatArray, out: FloatArray, w: FloatArray
) -> FloatArray:
    """σ(z) - t into `out`, from q = σ(-|z|); `w` is scratch."""
    # σ(z) - t = (1 - t) - σ(-|z|) for z >= 0 and σ(-|z|) - t for z < 0, that is (s - t) - q (2s - 1)
    # with s = [z >= 0]: no σ(z) that rounded to 1 is compared with t = 1 (at z = 0, q = 1/2 either way).
    sign = step(z, w)
    np.subtract(sign, t, out=out)
    np.multiply(sign, 2.0, out=sign)
    sign -= 1.0
    sign *= q
    return np.subtract(out, sign, out=out)


def _sigmoid_bce_grad_block(
    t: FloatArray, z: FloatArray, grad: FloatArray, e: FloatArray, w: FloatArray, *, scale: float
) -> float:
    """scale (σ(z) - t) of flat blocks into `grad`; returns the sum of z, for the finiteness check."""
    exp_minus_abs(z, e)
    np.add(e, 1.0, out=w)
    np.divide(e, w, out=e)  # σ(-|z|)
    _sigmoid_minus_target(t, z, e, grad, w)
    grad *= scale
    return float(np.add.reduce(z))


def _focal_block(
    t: FloatArray,
    z: FloatArray,
    terms: FloatArray,
    e: FloatArray,
    s: FloatArray,
    w: FloatArray,
    *,
    gamma: float,
    alpha: float | None,
) -> FloatArray:
    """alpha_t (1 - p_t)^gamma ℓ of flat blocks, ℓ the binary cross-entropy of the logits."""
    _logit_terms(t, z, terms, e, s, w)
    np.divide(e, np.add(e, 1.0, out=w), out=e)  # σ(-|z|)
    terms *= np.power(_one_minus_pt(e, s, w), gamma, out=w)
    if alpha is not None:
        terms *= _alpha_t(t, alpha, w)
    return terms


def _focal_grad_block(
    t: FloatArray,
    z: FloatArray,
    grad: FloatArray,
    e: FloatArray,
    s: FloatArray,
    w: FloatArray,
    u: FloatArray,
    d: FloatArray,
    *,
    gamma: float,
    alpha: float | None,
    scale: float,
) -> float:
    """scale d(FL)/dz of flat blocks into `grad` (see sigmoid_focal_loss_grad); returns the sum of z."""
    # With FL = α_t u^γ ℓ, u = 1 - p_t, du/dz = σ(z) σ(-z) (1 - 2t) and dℓ/dz = σ(z) - t:
    # dFL/dz = α_t u^γ [γ (1 - 2t) (σ(z) σ(-z) / u) ℓ + σ(z) - t].
    _logit_terms(t, z, grad, e, s, w)  # ℓ
    q = np.divide(e, np.add(e, 1.0, out=w), out=e)  # σ(-|z|)
    _sigmoid_minus_target(t, z, q, d, w)
    _one_minus_pt(q, s, u)
    np.subtract(1.0, q, out=w)
    w *= q  # σ(z) σ(-z) = σ(|z|) σ(-|z|) = (1 - q) q
    # σ(z) σ(-z) <= u, so the fraction is at most 1; where u underflows to 0 (0 / 0), u^γ = 0 or
    # γ = 0 makes the term 0 whatever the fraction is: fmin turns that NaN into 1.
    np.fmin(np.divide(w, u, out=w), 1.0, out=w)
    grad *= w
    grad *= np.add(np.multiply(t, -2.0 * gamma, out=w), gamma, out=w)  # γ (1 - 2t)
    grad += d
    grad *= np.power(u, gamma, out=u)
    if alpha is not None:
        grad *= _alpha_t(t, alpha, w)
    grad *= scale
    return float(np.add.reduce(z))


def _smooth(rows: FloatArray, smoothing: float) -> FloatArray:
    """t' = (1 - ε) t + ε / K, PyTorch's label smoothing; the rows themselves for ε = 0."""
    if not smoothing:
        return rows
    return cast(FloatArray, rows * (1.0 - smoothing) + smoothing / rows.shape[-1])


# --- softmax over the classes, block by block of rows -----------------------------------------


def _shifted_rows(
    z: FloatArray, out: FloatArray | None = None
) -> Iterator[tuple[slice, FloatArray, NDArray[np.intp], NDArray[np.intp]]]:
    """`shifted_row_blocks` of z reshaped to rows of its K classes; NaN and inf refused at the end.

    After the last block, NaN and infinite logits are refused (ValueError).
    """
    k = z.shape[-1]
    table = z.reshape(-1, k)  # a view for contiguous logits
    probe = 0.0
    for rows, shifted, top, starts in shifted_row_blocks(
        table, out.reshape(-1, k) if out is not None else None
    ):
        # NaN and +inf logits make their row of z - max z NaN, and a -inf logit is -inf there, which
        # e^{-inf} = 0 would hide from the results: the sum of the block keeps all three.
        probe += float(np.add.reduce(shifted.reshape(-1)))
        yield rows, shifted, top, starts
    check_finite_inputs(probe, logits=z)


def _labels_softmax_cross_entropy(z: FloatArray, labels: NDArray[np.integer], smoothing: float) -> FloatArray:
    """-sum_k t'_k log softmax(z)_k of every row of K logits in z, for the class indices `labels`.

    Block by block of rows that stay in the cache, without full-size temporaries; the losses
    have the shape of `labels`, z.shape[:-1].
    """
    losses = np.empty(labels.shape, dtype=z.dtype)
    flat_losses, flat_labels = losses.reshape(-1), labels.reshape(-1).astype(np.intp, copy=False)
    for rows, shifted, top, starts in _shifted_rows(z):
        at_label = flat_labels[rows] + starts
        flat_losses[rows] = _block_softmax_cross_entropy(shifted, top, at_label, smoothing)
    return losses


def _block_softmax_cross_entropy(
    shifted: FloatArray, top: NDArray[np.intp], at_label: NDArray[np.intp], smoothing: float
) -> FloatArray:
    """-sum_k t'_k log softmax(z)_k for class indices at the flat positions `at_label`.

    `shifted` = z - max z is overwritten.
    """
    picked = shifted.reshape(-1)[at_label]  # z_y - m <= 0
    spread = shifted.sum(axis=-1) if smoothing else None  # sum_k (z_k - m) <= 0
    exps = np.exp(shifted, out=shifted)
    losses = np.log1p(sum_but_top(exps, top, restore=False))  # log sum_k e^{z_k - m} >= 0
    # -log softmax(z)_y = log sum_k e^{z_k - m} - (z_y - m): two terms >= 0, so nothing cancels.
    # With t' = (1 - ε) one_hot(y) + ε / K this becomes log_norm - (1 - ε)(z_y - m) - ε/K sum_k (z_k - m).
    if spread is None:
        return np.subtract(losses, picked, out=losses)
    losses -= (1.0 - smoothing) * picked
    losses -= smoothing / shifted.shape[-1] * spread
    return losses


def _block_labels_grad(
    exps: FloatArray, top: NDArray[np.intp], at_label: NDArray[np.intp], smoothing: float
) -> None:
    """softmax(z) - t' for class indices (flat positions `at_label`), in place of `exps` = e^{z - max z}."""
    k = exps.shape[-1]
    rest = sum_but_top(exps, top)
    norm = 1.0 + rest  # s = sum_k e^{z_k - m}
    flat = exps.reshape(-1)
    true_exp = flat[at_label]
    exps /= norm[:, np.newaxis]  # softmax(z)
    if smoothing:
        exps -= smoothing / k
    # At the true class softmax(z)_y - 1 = -(s - e_y) / s, with s - e_y = (1 - e_y) + rest:
    # exact where softmax(z)_y ≈ 1, which 1 - softmax(z)_y would round to 0.
    flat[at_label] = (smoothing - smoothing / k) - ((1.0 - true_exp) + rest) / norm


def _block_rows_grad(exps: FloatArray, top: NDArray[np.intp], rows: FloatArray, smoothing: float) -> None:
    """softmax(z) sum_j t'_j - t' for target rows, in place of `exps` = e^{z - max z}."""
    targets = _smooth(rows, smoothing)
    exps /= (1.0 + sum_but_top(exps, top))[:, np.newaxis]  # softmax(z)
    exps *= targets.sum(axis=-1, keepdims=True)  # d/dz_k sum_j t_j (L - z_j) = softmax_k sum_j t_j - t_k
    exps -= targets


def _scores(y_pred: ArrayLike) -> FloatArray:
    """Real scores (margins), refusing NaN and infinities."""
    pred = as_float_array(y_pred, "y_pred")
    check_finite_inputs(pred, y_pred=pred)
    return pred


# --- losses on probabilities ----------------------------------------------------------------


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
    if labels is not None:
        # With one-hot targets only the true class's term is left: -log y_{i, t_i}.
        picked = pred.reshape(-1)[_label_positions(labels, pred.shape[-1])].reshape(labels.shape)
        if clip is not None:
            picked = np.clip(picked, clip, 1.0 - clip)
        with np.errstate(divide="ignore"):
            losses = 0.0 - np.log(picked)  # 0.0 - log 1 is 0.0, where -log 1 would print as -0.
        return reduce(per_sample(losses), reduction)
    assert rows is not None
    if clip is not None:
        pred = np.clip(pred, clip, 1.0 - clip)
    with np.errstate(divide="ignore"):
        log_pred = np.log(pred)
    return reduce(_rows_cross_entropy(rows, log_pred), reduction)


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
    if labels is not None:
        # With one-hot targets only the true class's entry is not 0: -1 / y_{i, t_i}, computed there alone.
        at_label = _label_positions(labels, pred.shape[-1])
        picked = pred.reshape(-1)[at_label].reshape(labels.shape)
        grad = np.zeros(pred.shape, dtype=pred.dtype)  # calloc: untouched pages cost nothing
        grad.reshape(-1)[at_label] = _rows_grad(np.ones_like(picked), picked, clip, reduction).reshape(-1)
        return grad
    assert rows is not None
    return _rows_grad(rows, pred, clip, reduction)


def binary_cross_entropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    eps: float | None = None,
) -> float | FloatArray:
    r"""Binary cross-entropy (二値交差エントロピー) of predicted probabilities.

    $$
    \mathrm{BCE} = -\frac{1}{n} \sum_{i=1}^{n} \frac{1}{m} \sum_{j=1}^{m}
    \left[ t_{ij} \log y_{ij} + (1 - t_{ij}) \log (1 - y_{ij}) \right]
    $$

    where $y_{ij}$ is the predicted probability that output $j$ of sample $i$ is positive,
    $t_{ij}$ its target (0 or 1, or a soft target in between), $n$ the number of samples and
    $m$ the number of outputs of a sample (1 for a vector). A term whose factor is 0 is 0
    ($0 \log 0 = 0$); a prediction of exactly 0 or 1 on the wrong side gives ``inf``. The
    default is the mean over all elements: PyTorch's ``BCELoss()`` and, for a vector,
    scikit-learn's ``log_loss``.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1], the same shape as `y_pred`.
    y_pred : array_like
        Predicted probabilities in [0, 1], shape ``(n_samples,)`` or
        ``(n_samples, n_outputs, ...)`` (multi-label).
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns
        them; the loss of a sample is the mean over its outputs.
    eps : float, optional
        If given, clip `y_pred` to ``[eps, 1 - eps]`` first, as Keras does with ``eps=1e-7``.
        The default ``None`` computes the exact value.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, a value lies outside [0, 1] or is NaN, a sample has no outputs,
        `eps` is out of range, `reduction` is unknown, or it is ``"mean"`` over zero samples.
    TypeError
        If an input is not numeric or `eps` is not a number.

    See Also
    --------
    binary_cross_entropy_grad : its gradient with respect to `y_pred`.
    sigmoid_binary_cross_entropy : the same loss from logits, exact where the sigmoid rounds.
    cross_entropy_error : the cross-entropy over $K$ classes.

    Examples
    --------
    >>> binary_cross_entropy([1, 0, 1, 0], [0.9, 0.2, 0.6, 0.0])
    0.2098324226845067
    >>> binary_cross_entropy([1, 0], [1.0, 1.0], reduction="none")
    array([ 0., inf])
    """
    check_reduction(reduction)
    clip = _check_eps(eps)
    true, pred = _same_shape_targets(y_true, _probabilities(y_pred, class_axis=False))
    outputs_per_sample(pred)
    if clip is not None:
        pred = np.clip(pred, clip, 1.0 - clip)
    with np.errstate(divide="ignore", invalid="ignore"):
        return sample_losses(
            (true, pred), _binary_cross_entropy_block, 3, reduction, mend=_binary_cross_entropy_edges
        )


def binary_cross_entropy_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    eps: float | None = None,
) -> FloatArray:
    r"""Gradient of :func:`binary_cross_entropy` with respect to `y_pred`.

    $$
    \frac{\partial \mathrm{BCE}}{\partial y_{ij}}
    = \frac{1}{nm} \left( \frac{1 - t_{ij}}{1 - y_{ij}} - \frac{t_{ij}}{y_{ij}} \right)
    = \frac{1}{nm} \, \frac{y_{ij} - t_{ij}}{y_{ij} (1 - y_{ij})}
    $$

    The entry is $\pm$``inf`` where a prediction of exactly 0 or 1 is on the wrong side, and the
    one-sided limit ($1$ at $y = t = 0$, $-1$ at $y = t = 1$) where it is exactly right. With
    ``reduction="sum"`` the factor $\frac{1}{n}$ is left out; with ``"none"`` row $i$ is the
    gradient of the loss of sample $i$. With `eps`, entries whose prediction was clipped get 0.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1], the same shape as `y_pred`.
    y_pred : array_like
        Predicted probabilities in [0, 1].
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    eps : float, optional
        The clipping of :func:`binary_cross_entropy`.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that :func:`binary_cross_entropy` refuses.

    See Also
    --------
    binary_cross_entropy : the loss.

    Examples
    --------
    >>> binary_cross_entropy_grad([1, 0], [0.8, 0.5])
    array([-0.625,  1.   ])
    """
    check_reduction(reduction)
    clip = _check_eps(eps)
    true, pred = _same_shape_targets(y_true, _probabilities(y_pred, class_axis=False))
    scale = _mean_grad_scale(pred, reduction)
    used = pred if clip is None else np.clip(pred, clip, 1.0 - clip)
    # (1 - t) / (1 - y) - t / y = (y - t) / (y (1 - y)): one division, and y - t is exact where y ≈ t.
    grad = used - true
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        grad /= used * (1.0 - used)
    if np.isnan(np.sum(grad)):  # rare: 0/0 where y = t is exactly 0 or 1, whose limit is 1 - 2t
        nan = np.isnan(grad)
        grad[nan] = 1.0 - 2.0 * true[nan]
    if clip is not None:
        grad[(pred < clip) | (pred > 1.0 - clip)] = 0.0
    grad *= scale
    return grad


def kl_divergence(
    y_true: ArrayLike, y_pred: ArrayLike, *, reduction: Reduction = "mean"
) -> float | FloatArray:
    r"""Kullback-Leibler divergence (KL ダイバージェンス) of the predicted distribution from the targets.

    $$ D_{\mathrm{KL}} = \frac{1}{n} \sum_{i=1}^{n} \sum_{k=1}^{K} t_{ik} \log \frac{t_{ik}}{y_{ik}} $$

    where $t_{ik}$ is the target probability of class $k$ for sample $i$, $y_{ik}$ the
    predicted one, $n$ the number of samples and $K$ the number of classes. Terms with
    $t_{ik} = 0$ are 0, and $t_{ik} > 0 = y_{ik}$ gives ``inf`` (SciPy's ``rel_entr``). It is
    the cross-entropy minus the entropy of the targets: 0 where $y = t$, never negative for
    distributions, and with the gradient of :func:`cross_entropy_error`. The default ``"mean"``
    divides the sum by the number of samples, PyTorch's ``reduction="batchmean"``, which gives
    the true divergence per sample.

    Parameters
    ----------
    y_true : array_like
        Target probabilities in [0, 1], the same shape as `y_pred`.
    y_pred : array_like
        Predicted probabilities in [0, 1], shape ``(n_samples, n_classes)`` or
        ``(n_samples, ..., n_classes)``.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample divergences, ``"sum"`` adds them, ``"none"`` returns
        them; the divergence of a sample adds the terms of all its axes but the first.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, `y_pred` has no class axis, a value lies outside [0, 1] or is
        NaN, `reduction` is unknown, or it is ``"mean"`` over zero samples.
    TypeError
        If an input is not numeric.

    See Also
    --------
    kl_divergence_grad : its gradient with respect to `y_pred`.
    cross_entropy_error : the cross-entropy, which differs by the entropy of `y_true`.

    Examples
    --------
    >>> kl_divergence([[0.5, 0.5], [1.0, 0.0]], [[0.25, 0.75], [0.5, 0.5]])
    0.4184941083929179
    >>> kl_divergence([[0.5, 0.5]], [[0.5, 0.5]])
    0.0
    """
    check_reduction(reduction)
    true, pred = _same_shape_targets(y_true, _probabilities(y_pred))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return sample_losses(
            (true, pred), _kl_block, 3, reduction, mean_over_outputs=False, mend=_rel_entr_edges
        )


def kl_divergence_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: Reduction = "mean") -> FloatArray:
    r"""Gradient of :func:`kl_divergence` with respect to `y_pred`.

    $$ \frac{\partial D_{\mathrm{KL}}}{\partial y_{ik}} = -\frac{1}{n} \, \frac{t_{ik}}{y_{ik}} $$

    the gradient of the cross-entropy, as the entropy of the targets does not depend on $y$.
    The entry is 0 where $t_{ik} = 0$ and ``-inf`` where $t_{ik} > 0 = y_{ik}$. With
    ``reduction="sum"`` the factor $\frac{1}{n}$ is left out.

    Parameters
    ----------
    y_true : array_like
        Target probabilities, the same shape as `y_pred`.
    y_pred : array_like
        Predicted probabilities.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that :func:`kl_divergence` refuses.

    See Also
    --------
    kl_divergence : the loss.
    cross_entropy_error_grad : the same gradient.

    Examples
    --------
    >>> kl_divergence_grad([[0.5, 0.5], [1.0, 0.0]], [[0.25, 0.75], [0.5, 0.5]])
    array([[-1.        , -0.33333333],
           [-1.        ,  0.        ]])
    """
    check_reduction(reduction)
    true, pred = _same_shape_targets(y_true, _probabilities(y_pred))
    return _rows_grad(true, pred, None, reduction)


# --- losses on logits -----------------------------------------------------------------------


def softmax_cross_entropy(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    reduction: Reduction = "mean",
    label_smoothing: float = 0.0,
) -> float | FloatArray:
    r"""Softmax cross-entropy (ソフトマックス交差エントロピー) of logits.

    $$
    E = -\frac{1}{n} \sum_{i=1}^{n} \sum_{k=1}^{K} t'_{ik} \log \mathrm{softmax}(z_i)_k,
    \qquad t'_{ik} = (1 - \varepsilon) \, t_{ik} + \frac{\varepsilon}{K}
    $$

    where $z_i$ are the logits of sample $i$, $t_{ik}$ its target (one-hot, soft, or given as
    the class index), $\varepsilon$ the label smoothing, $n$ the number of samples and $K$ the
    number of classes. The log-softmax is computed in log space,
    $\log \mathrm{softmax}(z)_k = z_k - m - \log \sum_j e^{z_j - m}$ with $m = \max_j z_j$, so
    the loss is exact to a few ulp for any finite logits: logits of 1000 do not overflow, and a
    loss of $10^{-20}$ is not rounded to 0. It is ``cross_entropy_error(y_true, softmax(logits))``
    without the rounding of the probabilities, and PyTorch's
    ``cross_entropy(logits, target, label_smoothing=ε)``.

    Parameters
    ----------
    y_true : array_like
        Targets: integer class indices of shape ``logits.shape[:-1]``, or one-hot or soft-label
        rows in [0, 1] of the same shape as `logits`.
    logits : array_like
        Real scores $z$, shape ``(n_samples, n_classes)`` or ``(n_samples, ..., n_classes)``
        (classes on the last axis).
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns
        them; the loss of a sample adds the terms of all its axes but the first.
    label_smoothing : float, default 0.0
        $\varepsilon$ in [0, 1): the weight of the uniform distribution mixed into the
        targets, as in PyTorch.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes do not fit, `logits` holds NaN or infinity or has no class axis, a
        target lies outside [0, 1], a class index is out of range, `label_smoothing` is out of
        range, `reduction` is unknown, or it is ``"mean"`` over zero samples.
    TypeError
        If an input is not numeric, class indices are not integers, or `label_smoothing` is
        not a number.

    See Also
    --------
    softmax_cross_entropy_grad : its gradient with respect to `logits`.
    cross_entropy_error : the same loss from probabilities.
    lossdocs.activations.log_softmax : the log-probabilities it uses.

    Examples
    --------
    >>> softmax_cross_entropy([0, 1], [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    0.3185397696491856
    >>> softmax_cross_entropy([0], [[1000.0, 0.0, -1000.0]])
    0.0
    >>> softmax_cross_entropy([0], [[40.0, 0.0, 0.0]])
    8.496708510583178e-18
    """
    check_reduction(reduction)
    smoothing = _check_label_smoothing(label_smoothing)
    z = _logits(logits)
    rows, labels = _targets(y_true, z, "logits")
    if labels is not None:
        # NaN and inf logits run through to the end of the blocks, where they are refused.
        with np.errstate(invalid="ignore", over="ignore"):
            return reduce(per_sample(_labels_softmax_cross_entropy(z, labels, smoothing)), reduction)
    assert rows is not None
    check_finite_inputs(z, logits=z)
    log_softmax = log_softmax_rows(z.reshape(-1, z.shape[-1])).reshape(z.shape)
    return reduce(_rows_cross_entropy(_smooth(rows, smoothing), log_softmax), reduction)


def softmax_cross_entropy_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    reduction: Reduction = "mean",
    label_smoothing: float = 0.0,
) -> FloatArray:
    r"""Gradient of :func:`softmax_cross_entropy` with respect to `logits`.

    $$
    \frac{\partial E}{\partial z_{ik}}
    = \frac{1}{n} \left( \mathrm{softmax}(z_i)_k \sum_{j=1}^{K} t'_{ij} - t'_{ik} \right)
    $$

    which is $\frac{1}{n} (\mathrm{softmax}(z_i)_k - t'_{ik})$ for targets that add up to 1:
    the predicted minus the target probability. For class indices the entry of the true class
    is computed as $-(\sum_{j \ne y} e^{z_j - m}) / \sum_j e^{z_j - m}$ (plus the smoothing), so
    it stays exact where the softmax is close to 1. With ``reduction="sum"`` the factor
    $\frac{1}{n}$ is left out; with ``"none"`` row $i$ is the gradient of the loss of sample $i$.

    Parameters
    ----------
    y_true : array_like
        Targets, as for :func:`softmax_cross_entropy`.
    logits : array_like
        Real scores $z$, classes on the last axis.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    label_smoothing : float, default 0.0
        The label smoothing of :func:`softmax_cross_entropy`.

    Returns
    -------
    ndarray
        The gradient, shaped like `logits`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that :func:`softmax_cross_entropy` refuses.

    See Also
    --------
    softmax_cross_entropy : the loss.

    Examples
    --------
    >>> softmax_cross_entropy_grad([0, 1], [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    array([[-0.17049943,  0.12121649,  0.04928295],
           [ 0.05430187, -0.09876047,  0.04445861]])
    """
    check_reduction(reduction)
    smoothing = _check_label_smoothing(label_smoothing)
    z = _logits(logits)
    rows, labels = _targets(y_true, z, "logits")
    scale = grad_scale(z.shape[0], reduction)
    # The targets of each row of K logits: a class index, or a row of K target probabilities.
    flat_labels = labels.reshape(-1).astype(np.intp, copy=False) if labels is not None else None
    target_rows = rows.reshape(-1, z.shape[-1]) if rows is not None else None
    grad = np.empty(z.shape, dtype=z.dtype)
    # Block by block of rows in the cache, written straight into `grad`. NaN and inf logits run
    # through to the end of the blocks, where they are refused.
    with np.errstate(invalid="ignore", over="ignore"):
        for block, exps, top, starts in _shifted_rows(z, out=grad):
            np.exp(exps, out=exps)
            if flat_labels is not None:
                _block_labels_grad(exps, top, flat_labels[block] + starts, smoothing)
            else:
                assert target_rows is not None
                _block_rows_grad(exps, top, target_rows[block], smoothing)
            exps *= scale
    return grad


def sigmoid_binary_cross_entropy(
    y_true: ArrayLike, logits: ArrayLike, *, reduction: Reduction = "mean"
) -> float | FloatArray:
    r"""Binary cross-entropy of logits: the sigmoid and the cross-entropy in one exact step.

    $$
    \ell_{ij} = -\left[ t_{ij} \log \sigma(z_{ij}) + (1 - t_{ij}) \log (1 - \sigma(z_{ij})) \right]
    = \max(z_{ij}, 0) - z_{ij} t_{ij} + \log \left( 1 + e^{-|z_{ij}|} \right)
    $$

    averaged over the $m$ outputs of each sample and, by default, over the $n$ samples; $z$
    are the logits, $\sigma$ the sigmoid and $t$ the targets in [0, 1]. The right-hand form
    never overflows and stays exact where $\sigma(z)$ rounds to 0 or 1 (a right logit of 40
    gives $4.2 \times 10^{-18}$, not 0; a wrong one 40, not ``inf``). It is PyTorch's
    ``BCEWithLogitsLoss()`` and TensorFlow's ``sigmoid_cross_entropy_with_logits``.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1], the same shape as `logits`.
    logits : array_like
        Real scores $z$, shape ``(n_samples,)`` or ``(n_samples, n_outputs, ...)``.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns
        them; the loss of a sample is the mean over its outputs.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, `logits` holds NaN or infinity, a target lies outside [0, 1], a
        sample has no outputs, `reduction` is unknown, or it is ``"mean"`` over zero samples.
    TypeError
        If an input is not numeric.

    See Also
    --------
    sigmoid_binary_cross_entropy_grad : its gradient with respect to `logits`.
    binary_cross_entropy : the same loss from probabilities.
    sigmoid_focal_loss : the same, down-weighting well-classified elements.

    Examples
    --------
    >>> sigmoid_binary_cross_entropy([1, 0, 1], [2.0, -1.0, 0.0])
    0.3777789597070469
    >>> sigmoid_binary_cross_entropy([1, 0], [40.0, 40.0], reduction="none")
    array([4.24835426e-18, 4.00000000e+01])
    """
    check_reduction(reduction)
    true, z = _same_shape_targets(y_true, as_float_array(logits, "logits"), "logits")
    outputs_per_sample(z, "logits")
    with np.errstate(invalid="ignore", over="ignore"):  # inf or NaN logits: refused below
        result = sample_losses((true, z), _logit_terms, 4, reduction)
    check_finite_inputs(result, logits=z)  # every logit reaches the result
    return result


def sigmoid_binary_cross_entropy_grad(
    y_true: ArrayLike, logits: ArrayLike, *, reduction: Reduction = "mean"
) -> FloatArray:
    r"""Gradient of :func:`sigmoid_binary_cross_entropy` with respect to `logits`.

    $$ \frac{\partial \ell}{\partial z_{ij}} = \frac{1}{nm} \left( \sigma(z_{ij}) - t_{ij} \right) $$

    the predicted minus the target probability, computed as
    $(1 - t)\,\sigma(z) - t\,\sigma(-z)$ so that it stays exact where $\sigma(z)$ rounds to 1.
    With ``reduction="sum"`` the factor $\frac{1}{n}$ is left out (the $\frac{1}{m}$ of the mean
    over outputs stays); with ``"none"`` row $i$ is the gradient of the loss of sample $i$.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1], the same shape as `logits`.
    logits : array_like
        Real scores $z$.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.

    Returns
    -------
    ndarray
        The gradient, shaped like `logits`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that :func:`sigmoid_binary_cross_entropy` refuses.

    See Also
    --------
    sigmoid_binary_cross_entropy : the loss.

    Examples
    --------
    >>> sigmoid_binary_cross_entropy_grad([1, 0, 1], [2.0, -1.0, 0.0])
    array([-0.03973431,  0.08964714, -0.16666667])
    """
    check_reduction(reduction)
    true, z = _same_shape_targets(y_true, as_float_array(logits, "logits"), "logits")
    scale = _mean_grad_scale(z, reduction, "logits")
    grad = np.empty(z.shape, dtype=z.dtype)
    with np.errstate(invalid="ignore", over="ignore"):  # inf or NaN logits: refused below
        probe = elementwise((true, z), grad, functools.partial(_sigmoid_bce_grad_block, scale=scale), 2)
    check_finite_inputs(probe, logits=z)
    return grad


def sigmoid_focal_loss(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float | None = None,
    reduction: Reduction = "mean",
) -> float | FloatArray:
    r"""Focal loss (フォーカル損失) of logits, as torchvision's ``sigmoid_focal_loss``.

    $$
    \mathrm{FL}_{ij} = \alpha_t \, (1 - p_t)^{\gamma} \, \ell_{ij},
    \qquad p_t = \sigma(z_{ij}) \, t_{ij} + (1 - \sigma(z_{ij})) (1 - t_{ij})
    $$

    where $\ell_{ij}$ is the binary cross-entropy of the logit $z_{ij}$ (as in
    :func:`sigmoid_binary_cross_entropy`), $p_t$ the predicted probability of the target, and
    $\alpha_t = \alpha t + (1 - \alpha)(1 - t)$ if `alpha` is given, else 1. The factor
    $(1 - p_t)^\gamma$ shrinks the loss of well-classified elements, so that training focuses
    on the hard ones; ``gamma=0`` without `alpha` is the binary cross-entropy. The
    cross-entropy is computed in its stable log-space form, and
    $1 - p_t = \sigma(z)(1 - t) + \sigma(-z)\,t$ without the cancellation of $1 - p_t$, so a
    confident right prediction keeps its tiny loss. The loss of a sample is the mean over its
    outputs; the default ``"mean"`` is torchvision's ``reduction="mean"`` (whose own defaults
    are ``reduction="none"`` and ``alpha=0.25``).

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1], the same shape as `logits`.
    logits : array_like
        Real scores $z$, shape ``(n_samples,)`` or ``(n_samples, n_outputs, ...)``.
    gamma : float, default 2.0
        The focusing exponent $\gamma \ge 0$.
    alpha : float, optional
        The weight $\alpha$ in [0, 1] of positive targets ($1 - \alpha$ for negative ones);
        ``None`` (the default) weighs all terms alike.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns
        them.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, `logits` holds NaN or infinity, a target lies outside [0, 1], a
        sample has no outputs, `gamma` or `alpha` is out of range, `reduction` is unknown, or
        it is ``"mean"`` over zero samples.
    TypeError
        If an input is not numeric, or `gamma` or `alpha` is not a number.

    See Also
    --------
    sigmoid_focal_loss_grad : its gradient with respect to `logits`.
    sigmoid_binary_cross_entropy : the loss it down-weights.

    Examples
    --------
    >>> sigmoid_focal_loss([1, 0, 1], [2.0, -1.0, 0.0])
    0.06591613849456468
    >>> sigmoid_focal_loss([1, 0, 1], [2.0, -1.0, 0.0], gamma=0.0)  # the binary cross-entropy
    0.3777789597070469
    """
    check_reduction(reduction)
    focus, weight = _check_gamma(gamma), _check_alpha(alpha)
    true, z = _same_shape_targets(y_true, as_float_array(logits, "logits"), "logits")
    outputs_per_sample(z, "logits")
    block = functools.partial(_focal_block, gamma=focus, alpha=weight)
    with np.errstate(invalid="ignore", over="ignore"):  # inf or NaN logits: refused below
        result = sample_losses((true, z), block, 4, reduction)
    check_finite_inputs(result, logits=z)  # every logit reaches the result
    return result


def sigmoid_focal_loss_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float | None = None,
    reduction: Reduction = "mean",
) -> FloatArray:
    r"""Gradient of :func:`sigmoid_focal_loss` with respect to `logits`.

    $$
    \frac{\partial \mathrm{FL}}{\partial z} = \frac{\alpha_t}{nm} (1 - p_t)^{\gamma}
    \left[ \gamma \, (1 - 2t) \, \frac{\sigma(z) \, \sigma(-z)}{1 - p_t} \, \ell + \sigma(z) - t \right]
    $$

    from $\partial (1 - p_t) / \partial z = \sigma(z)\,\sigma(-z)\,(1 - 2t)$ and
    $\partial \ell / \partial z = \sigma(z) - t$. Where $1 - p_t$ underflows to 0 the fraction
    is taken as its limit (the whole entry is then 0). With ``reduction="sum"`` the factor
    $\frac{1}{n}$ is left out.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1], the same shape as `logits`.
    logits : array_like
        Real scores $z$.
    gamma : float, default 2.0
        The focusing exponent of :func:`sigmoid_focal_loss`.
    alpha : float, optional
        The weight of positive targets of :func:`sigmoid_focal_loss`.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.

    Returns
    -------
    ndarray
        The gradient, shaped like `logits`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that :func:`sigmoid_focal_loss` refuses.

    See Also
    --------
    sigmoid_focal_loss : the loss.

    Examples
    --------
    >>> sigmoid_focal_loss_grad([1, 0, 1], [2.0, -1.0, 0.0])
    array([-0.00162365,  0.01752704, -0.09942893])
    """
    check_reduction(reduction)
    focus, weight = _check_gamma(gamma), _check_alpha(alpha)
    true, z = _same_shape_targets(y_true, as_float_array(logits, "logits"), "logits")
    scale = _mean_grad_scale(z, reduction, "logits")
    grad = np.empty(z.shape, dtype=z.dtype)
    block = functools.partial(_focal_grad_block, gamma=focus, alpha=weight, scale=scale)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):  # inf or NaN logits: refused below
        probe = elementwise((true, z), grad, block, 5)
    check_finite_inputs(probe, logits=z)
    return grad


# --- margin losses --------------------------------------------------------------------------


def hinge_loss(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: Reduction = "mean") -> float | FloatArray:
    r"""Hinge loss (ヒンジ損失) of real scores against the labels -1 and +1, as in a linear SVM.

    $$ \ell_{ij} = \max(0, \, 1 - t_{ij} \, y_{ij}) $$

    where $t_{ij} \in \{-1, +1\}$ is the label of output $j$ of sample $i$ and $y_{ij}$ its
    real score (a decision value, not a probability). The loss is 0 once the score is on the
    right side with a margin of at least 1, and grows linearly otherwise. It is averaged over
    the outputs of each sample and, by default, over samples: for a vector, scikit-learn's
    ``hinge_loss(y_true, y_pred)``. Labels 0 and 1 are refused: use ``2 * y_true - 1``.

    Parameters
    ----------
    y_true : array_like
        Labels -1 and +1, the same shape as `y_pred`.
    y_pred : array_like
        Real scores, shape ``(n_samples,)`` or ``(n_samples, n_outputs, ...)``.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns
        them; the loss of a sample is the mean over its outputs.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, a label is not -1 or +1, `y_pred` holds NaN or infinity, a
        sample has no outputs, `reduction` is unknown, or it is ``"mean"`` over zero samples.
    TypeError
        If an input is not numeric.

    See Also
    --------
    hinge_loss_grad : its (sub)gradient with respect to `y_pred`.
    sigmoid_binary_cross_entropy : a smooth loss on the same kind of scores.

    Examples
    --------
    >>> hinge_loss([1, -1, 1, -1], [2.0, -0.5, 0.3, 1.0])
    0.8
    >>> hinge_loss([1, -1, 1, -1], [2.0, -0.5, 0.3, 1.0], reduction="none")
    array([0. , 0.5, 0.7, 2. ])
    """
    check_reduction(reduction)
    true, pred = _sign_labels(y_true, _scores(y_pred))
    outputs_per_sample(pred)
    terms = true * pred
    np.subtract(1.0, terms, out=terms)
    np.maximum(terms, 0.0, out=terms)  # max(0, 1 - t y)
    return reduce(per_sample_mean(terms), reduction)


def hinge_loss_grad(y_true: ArrayLike, y_pred: ArrayLike, *, reduction: Reduction = "mean") -> FloatArray:
    r"""Gradient of :func:`hinge_loss` with respect to `y_pred`.

    $$
    \frac{\partial \ell}{\partial y_{ij}} = \begin{cases}
    -\dfrac{t_{ij}}{nm} & \text{if } t_{ij} \, y_{ij} < 1 \\
    0 & \text{otherwise}
    \end{cases}
    $$

    At the kink $t\,y = 1$ the loss has no derivative; the subgradient 0 is used there, as
    PyTorch does for ``relu``. With ``reduction="sum"`` the factor $\frac{1}{n}$ is left out.

    Parameters
    ----------
    y_true : array_like
        Labels -1 and +1, the same shape as `y_pred`.
    y_pred : array_like
        Real scores.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that :func:`hinge_loss` refuses.

    See Also
    --------
    hinge_loss : the loss.

    Examples
    --------
    >>> hinge_loss_grad([1, -1, 1, -1], [2.0, -0.5, 0.3, 1.0])
    array([ 0.  ,  0.25, -0.25,  0.25])
    """
    check_reduction(reduction)
    true, pred = _sign_labels(y_true, _scores(y_pred))
    # d/dy max(0, 1 - t y) = -t where t y < 1, else 0 (and the subgradient 0 at the kink t y = 1).
    grad = np.multiply(true * pred < 1.0, _mean_grad_scale(pred, reduction), dtype=pred.dtype)
    grad *= true
    return np.subtract(0.0, grad, out=grad)  # -t; 0.0 - (±0.0) is +0.0, not -0.0


categorical_cross_entropy = cross_entropy_error
"""Alias of :func:`cross_entropy_error`."""
