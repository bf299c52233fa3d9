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
    check_finite,
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
    sample_weight_array,
    scale_samples,
    to_array,
    weight_total,
    weighted_grad_scale,
    weighted_reduce,
)
from lossdocs._kernels import ELEMENT_BLOCK, elementwise, row_block_length, row_blocks, sample_losses, scratch
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
    "perplexity",
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


def _targets(
    y_true: ArrayLike, pred: FloatArray, pred_name: str = "y_pred", ignore_index: int | None = None
) -> Targets:
    true = to_array(y_true, "y_true")
    if true.shape == pred.shape:
        if ignore_index is not None:
            raise ValueError(
                f"ignore_index={ignore_index} needs integer class indices, but y_true holds one-hot or soft "
                f"rows of shape {true.shape}: a row has no single label to compare with ignore_index.\n"
                f"Pass class indices of shape {pred.shape[:-1]} (for one-hot rows, y_true.argmax(axis=-1)), "
                "or leave samples out with sample_weight=0."
            )
        rows, _ = _common_float(true, pred)
        check_probabilities(rows, "y_true")
        return rows, None
    if true.shape == pred.shape[:-1]:
        labels = as_label_array(true, "y_true", pred_name)
        if ignore_index is None:
            check_labels(labels, pred.shape[-1], "y_true", pred_name)
        else:
            _check_labels_or_ignored(labels, pred.shape[-1], ignore_index, pred_name)
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


# --- options: class weights, ignored labels, sample weights ----------------------------------
# Unweighted calls never come here: each loss keeps its fast path for the options at None, and
# the weighted path goes through the loss of each sample (or of each labeled position).


def _check_ignore_index(ignore_index: object) -> int | None:
    if ignore_index is None:
        return None
    if isinstance(ignore_index, bool | np.bool_) or not isinstance(ignore_index, numbers.Integral):
        raise TypeError(
            f"ignore_index must be an integer label, or None to count every sample, got {ignore_index!r} "
            f"of type {type(ignore_index).__name__}.\n"
            "Pass the label that marks the samples to leave out, for example ignore_index=-100 "
            "(PyTorch's default for padding)."
        )
    return int(ignore_index)


def _check_labels_or_ignored(
    labels: NDArray[np.integer], n_classes: int, ignore_index: int, pred_name: str
) -> None:
    """Refuse class indices outside range(n_classes), except those equal to `ignore_index`."""
    bad = (labels != ignore_index) & ((labels < 0) | (labels >= n_classes))
    if not bad.any():
        return
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    raise ValueError(
        f"y_true holds class indices that must be in 0..{n_classes - 1} ({pred_name} has {n_classes} "
        f"classes on its last axis) or equal ignore_index={ignore_index}, found {labels[index].item()} "
        f"at index {index}.\n"
        f"Check that the labels count from 0, that {pred_name} has one column per class, and that the "
        "samples to leave out carry exactly ignore_index."
    )


def _weight_vector(values: object, name: str, example: str) -> NDArray[np.generic]:
    """A keyword argument of weights as an array of real numbers (refusing ragged lists and non-numbers)."""
    try:
        array = np.asarray(values)
    except ValueError as error:
        raise ValueError(f"{name} is a ragged nested sequence; pass a flat list of numbers.") from error
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold real numbers, got an array of dtype {array.dtype}.\n"
            f"Pass a list or array of numbers, for example {name}={example}."
        )
    return array


def _class_weight_array(class_weight: ArrayLike | None, n_classes: int, pred_name: str) -> FloatArray | None:
    """class_weight as K positive, finite float64 numbers, one per class on the last axis of `pred_name`."""
    if class_weight is None:
        return None
    weights = _weight_vector(class_weight, "class_weight", "[1.0, 3.0]")
    if weights.shape != (n_classes,):
        raise ValueError(
            f"class_weight must hold one weight per class, shape ({n_classes},) ({pred_name} has "
            f"{n_classes} classes on its last axis), got shape {weights.shape}.\n"
            f"Pass a 1-D array of {n_classes} positive numbers, in the order of the classes."
        )
    weights = cast(FloatArray, weights.astype(np.float64))
    check_finite(weights, "class_weight")
    if not (weights > 0).all():
        first = int(np.argmax(weights <= 0))
        raise ValueError(
            f"class_weight must be positive, got {float(weights[first])!r} at index {first}.\n"
            "A class weight multiplies the loss of the samples of its class; to leave samples out, "
            "use ignore_index or give them a sample_weight of 0."
        )
    return weights


def _pos_weight_array(pos_weight: ArrayLike | None, z: FloatArray) -> float | FloatArray | None:
    """pos_weight as one number, or one number >= 0 per column of the logits' last axis (in their dtype)."""
    if pos_weight is None:
        return None
    columns = z.shape[-1] if z.ndim >= 2 else 1  # 1-d logits: one output per sample
    weights = _weight_vector(pos_weight, "pos_weight", "3.0")
    if weights.ndim != 0 and weights.shape != (columns,):
        where = (
            f"the last axis of logits of shape {z.shape}"
            if z.ndim >= 2
            else "1-d logits have one output per sample"
        )
        raise ValueError(
            f"pos_weight must be one number, or one weight per output column, shape ({columns},) "
            f"({where}), got shape {weights.shape}.\n"
            "Pass a number such as pos_weight=3.0, or one weight per column; "
            "for a weight per sample use sample_weight."
        )
    weights = cast(FloatArray, weights.astype(np.float64).reshape(-1))
    check_finite(weights, "pos_weight")
    if not (weights >= 0).all():
        first = int(np.argmax(weights < 0))
        raise ValueError(
            f"pos_weight must not be negative, got {float(weights[first])!r}"
            + (f" at index {first}" if weights.size > 1 else "")
            + ".\nIt multiplies the loss of the positive targets: 1.0 changes nothing, "
            "n_negative / n_positive balances the classes (PyTorch's advice)."
        )
    if weights.size == 1:
        return float(weights[0])
    return weights.astype(z.dtype)


def _sample_weights(sample_weight: ArrayLike | None, n_samples: int) -> FloatArray | None:
    return None if sample_weight is None else sample_weight_array(sample_weight, n_samples)


def _class_weighted(rows: FloatArray, class_weight: FloatArray | None) -> FloatArray:
    """Target rows t with each class's entry multiplied by its weight, c_k t_k (the rows for None)."""
    if class_weight is None:
        return rows
    weighted: FloatArray = rows * class_weight.astype(rows.dtype)
    return weighted


class _LabelOptions:
    """class_weight, ignore_index and sample_weight for class indices, as weights of each labeled position.

    A position is one entry of the labels (a sample, or a token of a sequence). Its loss is multiplied
    by ``counted * class_weight[label]`` (done by the caller where the class weight enters the formula,
    as with label smoothing) and by the weight of its sample; "mean" divides the total by the weight
    of the counted samples: the sum over samples of the sample weight times the mean weight of the
    sample's positions, which is sum_i w_i c_{y_i} over the counted samples with one label each.
    """

    def __init__(
        self,
        labels: NDArray[np.integer],
        class_weight: FloatArray | None,
        ignore_index: int | None,
        sample_weight: FloatArray | None,
    ) -> None:
        self.shape = labels.shape
        self.counted = None if ignore_index is None else labels != ignore_index
        # Class 0 stands in for an ignored label: a valid index, whose loss is dropped.
        self.labels = labels if self.counted is None else np.where(self.counted, labels, 0)
        self.class_weight = class_weight
        self.ignore_index = ignore_index
        self.sample_weight = sample_weight

    def label_weights(self) -> FloatArray | None:
        """class_weight[label] of each position, or None without class weights."""
        return None if self.class_weight is None else self.class_weight[self.labels]

    def position_weights(self, *, with_class: bool) -> FloatArray:
        """The weight of each position: counted (0 or 1), times its class weight if `with_class`."""
        weights = np.ones(self.shape) if self.counted is None else self.counted.astype(np.float64)
        if with_class and self.class_weight is not None:
            weights *= self.class_weight[self.labels]
        if self.sample_weight is not None:
            weights *= self.sample_weight.reshape((-1,) + (1,) * (len(self.shape) - 1))
        return weights

    def divisor(self, reduction: Reduction) -> float:
        """The divisor of the total: the weight of the counted samples for "mean", else 1."""
        if reduction != "mean":
            return 1.0
        if self.sample_weight is not None:
            weight_total(self.sample_weight)  # refuses weights that sum to 0, naming sample_weight
        n = self.shape[0]
        if self.counted is not None and not self.counted.any():
            raise ValueError(
                f"reduction='mean' divides by the number of counted samples, and every label of y_true "
                f"equals ignore_index={self.ignore_index} ({n} samples, none counted).\n"
                "Count at least one sample, or use reduction='sum' (0.0 when nothing counts)."
            )
        grad_scale(n, "mean")  # refuses 0 samples
        positions = math.prod(self.shape[1:])
        weights = self.position_weights(with_class=True)
        if positions:
            total = float(np.sum(weights)) / positions
        else:  # no positions: each sample counts with its own weight (its loss is 0)
            total = float(np.sum(self.sample_weight)) if self.sample_weight is not None else float(n)
        if total == 0:
            raise ValueError(
                "reduction='mean' divides by the weight of the counted samples, which is 0: every sample "
                f"with a positive sample_weight has its label equal to ignore_index={self.ignore_index}.\n"
                "Give a counted sample a positive weight, or use reduction='sum'."
            )
        return total

    def reduce(self, losses: FloatArray, reduction: Reduction) -> float | FloatArray:
        """Reduce the losses of the positions (class weights already in) over positions and samples."""
        weights = self.position_weights(with_class=False)
        weighted = np.zeros(losses.shape, dtype=losses.dtype)
        # A left-out position adds 0, even where the stand-in class gave an infinite loss.
        np.multiply(losses, weights, out=weighted, where=weights > 0, casting="unsafe")
        per = per_sample(weighted)
        if reduction == "none":
            return per
        return float(np.sum(per, dtype=np.float64)) / self.divisor(reduction)

    def grad_factors(self, reduction: Reduction, *, with_class: bool) -> FloatArray:
        """The factor of each position's gradient: its weight, divided by the divisor for "mean"."""
        weights = self.position_weights(with_class=with_class)
        return weights / self.divisor(reduction) if reduction == "mean" else weights


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


def _pos_weight_terms(
    t: FloatArray,
    z: FloatArray,
    terms: FloatArray,
    e: FloatArray,
    a: FloatArray,
    b: FloatArray,
    *,
    pos_weight: float | FloatArray,
) -> FloatArray:
    """ℓ = -[p t log σ(z) + (1 - t) log(1 - σ(z))] of flat blocks into `terms`, p the positive weight.

    A vector `pos_weight` is the pattern of the columns repeated over the longest block: a block
    starts at a row, so its first entry is column 0.
    """
    p = pos_weight if isinstance(pos_weight, float) else pos_weight[: t.shape[0]]
    # -log σ(z) = softplus(-z) and -log(1 - σ(z)) = softplus(z), softplus(x) = max(x, 0) + log(1 + e^{-|x|}):
    # ℓ = (p t + 1 - t) log(1 + e^{-|z|}) + |z| (1 - t for z >= 0, p t for z < 0), terms >= 0,
    # so nothing cancels.
    log1p(exp_minus_abs(z, e), terms, a)
    np.multiply(t, p, out=a)  # p t
    np.subtract(1.0, t, out=b)  # 1 - t
    terms *= np.add(a, b, out=e)
    np.copyto(a, b, where=z >= 0)
    terms += np.multiply(np.abs(z, out=b), a, out=b)
    return terms


def _pos_weight_grad_block(
    t: FloatArray,
    z: FloatArray,
    grad: FloatArray,
    q: FloatArray,
    a: FloatArray,
    b: FloatArray,
    *,
    pos_weight: float | FloatArray,
    scale: float,
) -> float:
    """scale [(1 - t) σ(z) - p t σ(-z)] of flat blocks into `grad`; returns the sum of z (a probe)."""
    p = pos_weight if isinstance(pos_weight, float) else pos_weight[: t.shape[0]]
    exp_minus_abs(z, q)
    np.divide(q, np.add(q, 1.0, out=a), out=q)  # q = σ(-|z|)
    np.multiply(t, p, out=a)  # p t
    np.subtract(1.0, t, out=b)  # 1 - t
    # With g = (p t + 1 - t) q: (1 - t) - g for z >= 0 (σ(z) = 1 - q, σ(-z) = q) and g - p t for z < 0:
    # no σ(z) that rounded to 1 is subtracted from anything.
    np.add(a, b, out=grad)
    grad *= q
    np.subtract(b, grad, out=b)
    np.subtract(grad, a, out=grad)
    np.copyto(grad, b, where=z >= 0)
    grad *= scale
    return float(np.add.reduce(z))


def _column_pattern(pos_weight: float | FloatArray, n_rows: int, row_length: int) -> float | FloatArray:
    """A vector `pos_weight` repeated over the longest block of whole rows (see `_pos_weight_terms`)."""
    if isinstance(pos_weight, float):
        return pos_weight
    repeats = row_block_length(n_rows, row_length, ELEMENT_BLOCK) * row_length // pos_weight.shape[0]
    return np.tile(pos_weight, repeats)


def _row_elementwise(
    inputs: tuple[FloatArray, ...], out: FloatArray, block_function: Callable[..., float], buffers: int
) -> float:
    """`elementwise`, with blocks that start at a sample (row): for a pattern that repeats in each row."""
    n = out.shape[0]
    m = math.prod(out.shape[1:])
    tables = [array.reshape(n, m) for array in inputs]
    result = out.reshape(n, m)
    space = scratch(buffers, n, m, out.dtype)
    probe = 0.0
    for rows in row_blocks(n, m, ELEMENT_BLOCK) if m else ():
        count = (rows.stop - rows.start) * m
        blocks = [table[rows].reshape(-1) for table in tables]
        probe += block_function(*blocks, result[rows].reshape(-1), *(buffer[:count] for buffer in space))
    return probe


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


def _labels_softmax_cross_entropy(
    z: FloatArray, labels: NDArray[np.integer], smoothing: float, class_weight: FloatArray | None = None
) -> FloatArray:
    """-sum_k c_k t'_k log softmax(z)_k of every row of K logits in z, for the class indices `labels`.

    c is `class_weight` (in the dtype of z), or 1 for every class. Block by block of rows that stay
    in the cache, without full-size temporaries; the losses have the shape of `labels`, z.shape[:-1].
    """
    losses = np.empty(labels.shape, dtype=z.dtype)
    flat_losses, flat_labels = losses.reshape(-1), labels.reshape(-1).astype(np.intp, copy=False)
    for rows, shifted, top, starts in _shifted_rows(z):
        at_label = flat_labels[rows] + starts
        weights = None if class_weight is None else (class_weight, class_weight[flat_labels[rows]])
        flat_losses[rows] = _block_softmax_cross_entropy(shifted, top, at_label, smoothing, weights)
    return losses


def _block_softmax_cross_entropy(
    shifted: FloatArray,
    top: NDArray[np.intp],
    at_label: NDArray[np.intp],
    smoothing: float,
    weights: tuple[FloatArray, FloatArray] | None = None,
) -> FloatArray:
    """-sum_k c_k t'_k log softmax(z)_k for class indices at the flat positions `at_label`.

    `weights` is (the class weights c, the class weight of each row's label), or None for c = 1.
    `shifted` = z - max z is overwritten.
    """
    picked = shifted.reshape(-1)[at_label]  # z_y - m <= 0
    spread = None  # sum_k c_k (z_k - m) <= 0
    if smoothing:
        spread = shifted.sum(axis=-1) if weights is None else shifted @ weights[0]
    exps = np.exp(shifted, out=shifted)
    losses = np.log1p(sum_but_top(exps, top, restore=False))  # log sum_k e^{z_k - m} >= 0
    if weights is not None:
        class_weight, label_weight = weights
        # -sum_k c_k t'_k log softmax(z)_k = (1 - ε) c_y (log_norm - (z_y - m))
        #     + ε/K (log_norm sum_k c_k - sum_k c_k (z_k - m)): terms >= 0, so nothing cancels.
        weighted = np.subtract(losses, picked)
        weighted *= (1.0 - smoothing) * label_weight
        if spread is not None:
            weighted += smoothing / shifted.shape[-1] * (losses * class_weight.sum() - spread)
        return weighted
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


def _block_weighted_labels_grad(
    exps: FloatArray,
    top: NDArray[np.intp],
    at_label: NDArray[np.intp],
    smoothing: float,
    class_weight: FloatArray,
    label_weight: FloatArray,
) -> None:
    """S softmax(z) - c t' for class indices with class weights c, S = sum_k c_k t'_k, in place of `exps`.

    The gradient of -sum_k c_k t'_k log softmax(z)_k; `exps` = e^{z - max z}, `label_weight` = c_y.
    """
    share = smoothing / exps.shape[-1]
    rest = sum_but_top(exps, top)
    norm = 1.0 + rest
    flat = exps.reshape(-1)
    true_exp = flat[at_label]
    exps /= norm[:, np.newaxis]  # softmax(z)
    true_p = flat[at_label]
    total = class_weight.sum()
    exps *= ((1.0 - smoothing) * label_weight + share * total)[:, np.newaxis]
    exps -= share * class_weight
    # At the true class S p_y - c_y t'_y = (1 - ε) c_y (p_y - 1) + ε/K (p_y sum_k c_k - c_y), with
    # p_y - 1 = -((1 - e_y) + rest) / s exact where p_y ≈ 1, as in _block_labels_grad.
    flat[at_label] = (1.0 - smoothing) * label_weight * (-((1.0 - true_exp) + rest) / norm) + share * (
        total * true_p - label_weight
    )


def _softmax_grad(
    z: FloatArray,
    labels: NDArray[np.integer] | None,
    target_rows: FloatArray | None,
    smoothing: float,
    scale: float | FloatArray,
    class_weight: FloatArray | None = None,
) -> FloatArray:
    """The gradient of the softmax cross-entropy of each row of K logits, times `scale`.

    The targets of a row are a class index (`labels`, with `class_weight` if given) or a row of
    K target probabilities (`target_rows`, of the shape of z). `scale` is one number or one per row.
    """
    k = z.shape[-1]
    flat_labels = labels.reshape(-1).astype(np.intp, copy=False) if labels is not None else None
    rows = target_rows.reshape(-1, k) if target_rows is not None else None
    row_scale = None if isinstance(scale, float) else scale.reshape(-1)
    grad = np.empty(z.shape, dtype=z.dtype)
    # Block by block of rows in the cache, written straight into `grad`. NaN and inf logits run
    # through to the end of the blocks, where they are refused.
    with np.errstate(invalid="ignore", over="ignore"):
        for block, exps, top, starts in _shifted_rows(z, out=grad):
            np.exp(exps, out=exps)
            if flat_labels is None:
                assert rows is not None
                _block_rows_grad(exps, top, rows[block], smoothing)
            elif class_weight is None:
                _block_labels_grad(exps, top, flat_labels[block] + starts, smoothing)
            else:
                at_label = flat_labels[block] + starts
                weights = class_weight[flat_labels[block]]
                _block_weighted_labels_grad(exps, top, at_label, smoothing, class_weight, weights)
            if row_scale is None:
                exps *= scale
            else:
                scale_samples(exps, row_scale[block])  # a factor of 0 (an ignored row) gives +0.0
    return grad


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
    class_weight: ArrayLike | None = None,
    ignore_index: int | None = None,
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Cross-entropy error (交差エントロピー誤差) of predicted probabilities.

    $$ E = -\sum_{i=1}^{n} \sum_{k=1}^{K} t_{ik} \log y_{ik} $$

    where $y_{ik}$ is the predicted probability of class $k$ for sample $i$, $t_{ik}$ the
    target (1 for the true class and 0 otherwise in one-hot form), $n$ the number of
    samples and $K$ the number of classes. Terms with $t_{ik} = 0$ are 0, even where
    $y_{ik} = 0$ ($0 \log 0 = 0$); a true class predicted with probability 0 gives ``inf``.

    The options weigh the samples as PyTorch's ``nll_loss(weight=c, ignore_index=...)``
    (``aten/src/ATen/native/LossNLL.cpp``, PyTorch 2.13). With class indices $y_i$:

    $$
    E = \sum_{i \in C} w_i \, c_{y_i} \left( -\log y_{i y_i} \right),
    \qquad E_{\text{mean}} = \frac{E}{\sum_{i \in C} w_i \, c_{y_i}}
    $$

    where $c$ is `class_weight`, $w$ is `sample_weight` and $C$ holds the samples whose label
    is not `ignore_index` (by default every weight is 1 and every sample counts, so that
    $E_{\text{mean}} = E / n$). ``"none"`` returns $w_i c_{y_i} (-\log y_{i y_i})$, and 0 for an
    ignored sample. With one-hot or soft rows the class weights multiply each class's term,
    $-\sum_k c_k t_{ik} \log y_{ik}$, and ``"mean"`` divides by $n$ (or by $\sum_i w_i$), not
    by the class weights: PyTorch's rule for probability targets. So the mean of one-hot
    rows differs from that of the same classes given as indices; pass indices for the
    class-weighted mean. With extra axes ``(n, ..., K)`` every labeled position is weighted
    by its class and counted or not, and ``"mean"`` divides by the sum over samples of $w_i$
    times the mean weight of the sample's positions, which keeps the mean over samples of
    their summed losses when nothing is weighted or ignored.

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
    class_weight : array_like, optional
        One positive, finite weight $c_k$ per class, shape ``(n_classes,)``.
    ignore_index : int, optional
        Class indices equal to it are left out: 0 in ``"none"``, nothing in ``"sum"``, not
        counted by ``"mean"``. It may lie outside ``0..n_classes - 1`` (PyTorch pads with -100).
        Only with class indices; for rows, give a sample a `sample_weight` of 0 instead.
    sample_weight : array_like, optional
        One weight $w_i \ge 0$ per sample, shape ``(n_samples,)``: the loss of sample $i$ is
        multiplied by $w_i$, and ``"mean"`` divides by $\sum_i w_i$ instead of $n$
        (scikit-learn's weighted mean). A weight of 0 leaves its sample out.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)``
        for ``"none"``.

    Raises
    ------
    ValueError
        If shapes do not fit, a probability lies outside [0, 1] or is NaN, a class index
        is out of range (and not `ignore_index`), `eps` is out of range, `reduction` is
        unknown, a weight has the wrong length, is NaN, infinite or negative (a class weight
        also 0), `ignore_index` is given with one-hot or soft rows, or ``"mean"`` counts no
        sample (none left, or weights that sum to 0).
    TypeError
        If an input is not numeric, class indices are not integers, or `ignore_index` is not
        an integer.

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

    Class 2 counts twice; the mean divides by the weights 1 + 1 + 2:

    >>> loss = cross_entropy_error([0, 1, 2], y_pred, class_weight=[1.0, 1.0, 2.0], reduction="mean")
    >>> print(f"{loss:.4f}")
    0.3375

    A label -1 marks a sample to leave out, and a weight of 0 does the same:

    >>> print(f"{cross_entropy_error([0, 1, -1], y_pred, ignore_index=-1):.4f}")
    0.3285
    >>> cross_entropy_error([0, 1, 2], y_pred, sample_weight=[1, 1, 0]) == cross_entropy_error(
    ...     [0, 1], y_pred[:2])
    True
    """
    check_reduction(reduction)
    clip = _check_eps(eps)
    ignore = _check_ignore_index(ignore_index)
    pred = _probabilities(y_pred)
    rows, labels = _targets(y_true, pred, ignore_index=ignore)
    classes = _class_weight_array(class_weight, pred.shape[-1], "y_pred")
    weights = _sample_weights(sample_weight, pred.shape[0])
    if labels is not None:
        options = (
            None
            if classes is None and ignore is None and weights is None
            else _LabelOptions(labels, classes, ignore, weights)
        )
        # With one-hot targets only the true class's term is left: -log y_{i, t_i}.
        at_label = _label_positions(labels if options is None else options.labels, pred.shape[-1])
        picked = pred.reshape(-1)[at_label].reshape(labels.shape)
        if clip is not None:
            picked = np.clip(picked, clip, 1.0 - clip)
        with np.errstate(divide="ignore"):
            losses = 0.0 - np.log(picked)  # 0.0 - log 1 is 0.0, where -log 1 would print as -0.
        if options is None:
            return reduce(per_sample(losses), reduction)
        label_weights = options.label_weights()
        if label_weights is not None:
            np.multiply(losses, label_weights, out=losses, casting="unsafe")  # c_y (-log y_y)
        return options.reduce(losses, reduction)
    assert rows is not None
    if clip is not None:
        pred = np.clip(pred, clip, 1.0 - clip)
    with np.errstate(divide="ignore"):
        log_pred = np.log(pred)
    row_losses = _rows_cross_entropy(_class_weighted(rows, classes), log_pred)
    if weights is None:
        return reduce(row_losses, reduction)
    return weighted_reduce(row_losses, weights, reduction)


def cross_entropy_error_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "sum",
    eps: float | None = None,
    class_weight: ArrayLike | None = None,
    ignore_index: int | None = None,
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `cross_entropy_error` with respect to `y_pred`.

    $$ \frac{\partial E}{\partial y_{ik}} = -\frac{t_{ik}}{y_{ik}} $$

    The entry is 0 where $t_{ik} = 0$, and ``-inf`` where a true class has $y_{ik} = 0$.
    With ``reduction="mean"`` every entry is divided by the number of samples $n$; with
    ``reduction="none"`` row $i$ is the gradient of the loss of sample $i$. With `eps`,
    entries whose prediction was clipped get 0, the derivative of the clipping.

    With the options, row $i$ is multiplied by $w_i c_{y_i}$ (by $w_i$, and $t_{ik}$ by $c_k$,
    for rows), and ``"mean"`` divides by the divisor of `cross_entropy_error`
    instead of $n$; the row of an ignored sample is 0.

    Parameters
    ----------
    y_true : array_like
        Targets, as for `cross_entropy_error`.
    y_pred : array_like
        Predicted probabilities.
    reduction : {"sum", "mean", "none"}, default "sum"
        The reduction of the loss whose gradient is taken.
    eps : float, optional
        The clipping of `cross_entropy_error`.
    class_weight : array_like, optional
        The class weights of `cross_entropy_error`.
    ignore_index : int, optional
        The label of the samples to leave out, as for `cross_entropy_error`.
    sample_weight : array_like, optional
        The sample weights of `cross_entropy_error`.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `cross_entropy_error` refuses.

    Examples
    --------
    >>> cross_entropy_error_grad([0, 1], [[0.5, 0.5], [0.2, 0.8]])
    array([[-2.  ,  0.  ],
           [ 0.  , -1.25]])
    >>> cross_entropy_error_grad([0, -1], [[0.5, 0.5], [0.2, 0.8]], ignore_index=-1, class_weight=[3.0, 1.0])
    array([[-6.,  0.],
           [ 0.,  0.]])
    """
    check_reduction(reduction)
    clip = _check_eps(eps)
    ignore = _check_ignore_index(ignore_index)
    pred = _probabilities(y_pred)
    rows, labels = _targets(y_true, pred, ignore_index=ignore)
    classes = _class_weight_array(class_weight, pred.shape[-1], "y_pred")
    weights = _sample_weights(sample_weight, pred.shape[0])
    if labels is not None:
        options = (
            None
            if classes is None and ignore is None and weights is None
            else _LabelOptions(labels, classes, ignore, weights)
        )
        # With one-hot targets only the true class's entry is not 0: -1 / y_{i, t_i}, computed there alone.
        at_label = _label_positions(labels if options is None else options.labels, pred.shape[-1])
        picked = pred.reshape(-1)[at_label].reshape(labels.shape)
        grad = np.zeros(pred.shape, dtype=pred.dtype)  # calloc: untouched pages cost nothing
        if options is None:
            entries = _rows_grad(np.ones_like(picked), picked, clip, reduction)
        else:
            factors = options.grad_factors(reduction, with_class=True)
            entries = _rows_grad(np.ones_like(picked), picked, clip, "sum").reshape(-1)
            scale_samples(entries, factors.reshape(-1))  # 0, not NaN, where an ignored stand-in gave inf
        grad.reshape(-1)[at_label] = entries.reshape(-1)
        return grad
    assert rows is not None
    if weights is None:
        return _rows_grad(_class_weighted(rows, classes), pred, clip, reduction)
    factors = weighted_grad_scale(weights, reduction)
    return scale_samples(_rows_grad(_class_weighted(rows, classes), pred, clip, "sum"), factors)


def binary_cross_entropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    eps: float | None = None,
    sample_weight: ArrayLike | None = None,
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
    sample_weight : array_like, optional
        One weight $w_i \ge 0$ per sample, shape ``(n_samples,)``: ``"none"`` returns
        $w_i \ell_i$, ``"sum"`` $\sum_i w_i \ell_i$ and ``"mean"`` $\sum_i w_i \ell_i / \sum_i w_i$
        (scikit-learn's weighted mean), $\ell_i$ the loss of sample $i$. A weight of 0 leaves its
        sample out.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, a value lies outside [0, 1] or is NaN, a sample has no outputs,
        `eps` is out of range, `reduction` is unknown, it is ``"mean"`` over zero samples, or
        a sample weight has the wrong length, is NaN, infinite or negative, or the weights sum
        to 0 with ``"mean"``.
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
    >>> loss = binary_cross_entropy([1, 0, 1, 0], [0.9, 0.2, 0.6, 0.0], sample_weight=[1, 1, 2, 0])
    >>> print(f"{loss:.4f}")  # (0.1054 + 0.2231 + 2 × 0.5108) / 4
    0.3375
    """
    check_reduction(reduction)
    clip = _check_eps(eps)
    true, pred = _same_shape_targets(y_true, _probabilities(y_pred, class_axis=False))
    outputs_per_sample(pred)
    weights = _sample_weights(sample_weight, pred.shape[0])
    if clip is not None:
        pred = np.clip(pred, clip, 1.0 - clip)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = sample_losses(
            (true, pred),
            _binary_cross_entropy_block,
            3,
            reduction if weights is None else "none",
            mend=_binary_cross_entropy_edges,
        )
    return result if weights is None else weighted_reduce(cast(FloatArray, result), weights, reduction)


def binary_cross_entropy_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    eps: float | None = None,
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `binary_cross_entropy` with respect to `y_pred`.

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
        The clipping of `binary_cross_entropy`.
    sample_weight : array_like, optional
        The sample weights of `binary_cross_entropy`: row $i$ is multiplied by $w_i$, and ``"mean"``
        divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `binary_cross_entropy` refuses.

    See Also
    --------
    binary_cross_entropy : the loss.

    Examples
    --------
    >>> binary_cross_entropy_grad([1, 0], [0.8, 0.5])
    array([-0.625,  1.   ])
    >>> binary_cross_entropy_grad([1, 0], [0.8, 0.5], sample_weight=[3, 1])
    array([-0.9375,  0.5   ])
    """
    check_reduction(reduction)
    clip = _check_eps(eps)
    true, pred = _same_shape_targets(y_true, _probabilities(y_pred, class_axis=False))
    weights = _sample_weights(sample_weight, pred.shape[0])
    factors = None if weights is None else weighted_grad_scale(weights, reduction)
    scale = _mean_grad_scale(pred, reduction if factors is None else "sum")
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
    return grad if factors is None else scale_samples(grad, factors)


def kl_divergence(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Kullback-Leibler divergence (KL ダイバージェンス) of the predicted distribution from the targets.

    $$ D_{\mathrm{KL}} = \frac{1}{n} \sum_{i=1}^{n} \sum_{k=1}^{K} t_{ik} \log \frac{t_{ik}}{y_{ik}} $$

    where $t_{ik}$ is the target probability of class $k$ for sample $i$, $y_{ik}$ the
    predicted one, $n$ the number of samples and $K$ the number of classes. Terms with
    $t_{ik} = 0$ are 0, and $t_{ik} > 0 = y_{ik}$ gives ``inf`` (SciPy's ``rel_entr``). It is
    the cross-entropy minus the entropy of the targets: 0 where $y = t$, never negative for
    distributions, and with the gradient of `cross_entropy_error`. The default ``"mean"``
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
    sample_weight : array_like, optional
        One weight $w_i \ge 0$ per sample, shape ``(n_samples,)``: ``"none"`` returns
        $w_i \ell_i$, ``"sum"`` $\sum_i w_i \ell_i$ and ``"mean"`` $\sum_i w_i \ell_i / \sum_i w_i$
        (scikit-learn's weighted mean), $\ell_i$ the loss of sample $i$. A weight of 0 leaves its
        sample out.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, `y_pred` has no class axis, a value lies outside [0, 1] or is
        NaN, `reduction` is unknown, it is ``"mean"`` over zero samples, or
        a sample weight has the wrong length, is NaN, infinite or negative, or the weights sum
        to 0 with ``"mean"``.
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
    >>> loss = kl_divergence([[0.5, 0.5], [1.0, 0.0]], [[0.25, 0.75], [0.5, 0.5]], sample_weight=[1, 3])
    >>> print(f"{loss:.4f}")  # (0.1438 + 3 × 0.6931) / 4
    0.5558
    """
    check_reduction(reduction)
    true, pred = _same_shape_targets(y_true, _probabilities(y_pred))
    weights = _sample_weights(sample_weight, pred.shape[0])
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        result = sample_losses(
            (true, pred),
            _kl_block,
            3,
            reduction if weights is None else "none",
            mean_over_outputs=False,
            mend=_rel_entr_edges,
        )
    return result if weights is None else weighted_reduce(cast(FloatArray, result), weights, reduction)


def kl_divergence_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `kl_divergence` with respect to `y_pred`.

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
    sample_weight : array_like, optional
        The sample weights of `kl_divergence`: row $i$ is multiplied by $w_i$, and ``"mean"``
        divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `kl_divergence` refuses.

    See Also
    --------
    kl_divergence : the loss.
    cross_entropy_error_grad : the same gradient.

    Examples
    --------
    >>> kl_divergence_grad([[0.5, 0.5], [1.0, 0.0]], [[0.25, 0.75], [0.5, 0.5]])
    array([[-1.        , -0.33333333],
           [-1.        ,  0.        ]])
    >>> kl_divergence_grad([[0.5, 0.5], [1.0, 0.0]], [[0.25, 0.75], [0.5, 0.5]], sample_weight=[0, 1])
    array([[ 0.,  0.],
           [-2.,  0.]])
    """
    check_reduction(reduction)
    true, pred = _same_shape_targets(y_true, _probabilities(y_pred))
    weights = _sample_weights(sample_weight, pred.shape[0])
    if weights is None:
        return _rows_grad(true, pred, None, reduction)
    factors = weighted_grad_scale(weights, reduction)
    return scale_samples(_rows_grad(true, pred, None, "sum"), factors)


# --- losses on logits -----------------------------------------------------------------------


def softmax_cross_entropy(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    reduction: Reduction = "mean",
    label_smoothing: float = 0.0,
    class_weight: ArrayLike | None = None,
    ignore_index: int | None = None,
    sample_weight: ArrayLike | None = None,
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

    The options are PyTorch's ``cross_entropy(weight=c, ignore_index=...)``
    (``aten/src/ATen/native/LossNLL.cpp``, PyTorch 2.13), with scikit-learn's sample weights on
    top. With class indices $y_i$ the loss of sample $i$ becomes
    $\ell_i = -\sum_k c_k t'_{ik} \log \mathrm{softmax}(z_i)_k$ (without smoothing $c_{y_i}$
    times its loss), and

    $$
    E_{\text{sum}} = \sum_{i \in C} w_i \, \ell_i,
    \qquad E_{\text{mean}} = \frac{\sum_{i \in C} w_i \, \ell_i}{\sum_{i \in C} w_i \, c_{y_i}}
    $$

    where $c$ is `class_weight`, $w$ is `sample_weight` and $C$ holds the samples whose label
    is not `ignore_index` (by default every weight is 1 and every sample counts, so that
    $E_{\text{mean}}$ is the mean above); ``"none"`` returns $w_i \ell_i$, and 0 for an
    ignored sample. With one-hot or soft rows the class weights multiply each class's term
    the same way, but ``"mean"`` divides by $n$ (or $\sum_i w_i$), not by the class weights:
    PyTorch's rule for probability targets, so one-hot rows and the same classes as indices
    give different class-weighted means (pass indices for the weighted mean). With extra axes
    ``(n, ..., K)`` every labeled position is weighted by its class and counted or not, and
    ``"mean"`` divides by the sum over samples of $w_i$ times the mean weight of the sample's
    positions. For the mean per token of sequences (PyTorch's number), flatten them first,
    as `perplexity` explains.

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
    class_weight : array_like, optional
        One positive, finite weight $c_k$ per class, shape ``(n_classes,)``.
    ignore_index : int, optional
        Class indices equal to it are left out: 0 in ``"none"``, nothing in ``"sum"``, not
        counted by ``"mean"``. It may lie outside ``0..n_classes - 1`` (PyTorch pads with -100).
        Only with class indices; for rows, give a sample a `sample_weight` of 0 instead.
    sample_weight : array_like, optional
        One weight $w_i \ge 0$ per sample, shape ``(n_samples,)``, as above. A weight of 0
        leaves its sample out.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes do not fit, `logits` holds NaN or infinity or has no class axis, a
        target lies outside [0, 1], a class index is out of range (and not `ignore_index`),
        `label_smoothing` is out of range, `reduction` is unknown, a weight has the wrong
        length, is NaN, infinite or negative (a class weight also 0), `ignore_index` is given
        with one-hot or soft rows, or ``"mean"`` counts no sample (none at all, all ignored, or
        weights that sum to 0).
    TypeError
        If an input is not numeric, class indices are not integers, `label_smoothing` is
        not a number, or `ignore_index` is not an integer.

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

    A padding label -100 leaves its sample out of the mean (the first example again):

    >>> logits = [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [0.0, 0.0, 3.0]]
    >>> print(f"{softmax_cross_entropy([0, 1, -100], logits, ignore_index=-100):.4f}")
    0.3185

    Class 1 weighs three times as much, in the sum and in the divisor 1 + 3 + 1:

    >>> print(f"{softmax_cross_entropy([0, 1, 2], logits, class_weight=[1.0, 3.0, 1.0]):.4f}")
    0.2344
    >>> print(f"{softmax_cross_entropy([0, 1, 2], logits, sample_weight=[2.0, 1.0, 1.0]):.4f}")
    0.2873
    """
    check_reduction(reduction)
    smoothing = _check_label_smoothing(label_smoothing)
    ignore = _check_ignore_index(ignore_index)
    z = _logits(logits)
    rows, labels = _targets(y_true, z, "logits", ignore)
    classes = _class_weight_array(class_weight, z.shape[-1], "logits")
    weights = _sample_weights(sample_weight, z.shape[0])
    if labels is not None:
        # NaN and inf logits run through to the end of the blocks, where they are refused.
        if classes is None and ignore is None and weights is None:
            with np.errstate(invalid="ignore", over="ignore"):
                return reduce(per_sample(_labels_softmax_cross_entropy(z, labels, smoothing)), reduction)
        options = _LabelOptions(labels, classes, ignore, weights)
        in_dtype = None if classes is None else classes.astype(z.dtype)
        with np.errstate(invalid="ignore", over="ignore"):
            losses = _labels_softmax_cross_entropy(z, options.labels, smoothing, in_dtype)
        return options.reduce(losses, reduction)
    assert rows is not None
    check_finite_inputs(z, logits=z)
    log_softmax = log_softmax_rows(z.reshape(-1, z.shape[-1])).reshape(z.shape)
    losses = _rows_cross_entropy(_class_weighted(_smooth(rows, smoothing), classes), log_softmax)
    return reduce(losses, reduction) if weights is None else weighted_reduce(losses, weights, reduction)


def softmax_cross_entropy_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    reduction: Reduction = "mean",
    label_smoothing: float = 0.0,
    class_weight: ArrayLike | None = None,
    ignore_index: int | None = None,
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `softmax_cross_entropy` with respect to `logits`.

    $$
    \frac{\partial E}{\partial z_{ik}}
    = \frac{1}{n} \left( \mathrm{softmax}(z_i)_k \sum_{j=1}^{K} t'_{ij} - t'_{ik} \right)
    $$

    which is $\frac{1}{n} (\mathrm{softmax}(z_i)_k - t'_{ik})$ for targets that add up to 1:
    the predicted minus the target probability. For class indices the entry of the true class
    is computed as $-(\sum_{j \ne y} e^{z_j - m}) / \sum_j e^{z_j - m}$ (plus the smoothing), so
    it stays exact where the softmax is close to 1. With ``reduction="sum"`` the factor
    $\frac{1}{n}$ is left out; with ``"none"`` row $i$ is the gradient of the loss of sample $i$.

    With class weights and class indices the row is
    $\mathrm{softmax}(z_i)_k \sum_j c_j t'_{ij} - c_k t'_{ik}$, which is
    $c_{y_i} (\mathrm{softmax}(z_i)_k - t_{ik})$ without smoothing; it is multiplied by $w_i$,
    an ignored sample's row is 0, and ``"mean"`` divides by the divisor of
    `softmax_cross_entropy` instead of $n$.

    Parameters
    ----------
    y_true : array_like
        Targets, as for `softmax_cross_entropy`.
    logits : array_like
        Real scores $z$, classes on the last axis.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    label_smoothing : float, default 0.0
        The label smoothing of `softmax_cross_entropy`.
    class_weight : array_like, optional
        The class weights of `softmax_cross_entropy`.
    ignore_index : int, optional
        The label of the samples to leave out, as for `softmax_cross_entropy`.
    sample_weight : array_like, optional
        The sample weights of `softmax_cross_entropy`.

    Returns
    -------
    ndarray
        The gradient, shaped like `logits`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `softmax_cross_entropy` refuses.

    See Also
    --------
    softmax_cross_entropy : the loss.

    Examples
    --------
    >>> softmax_cross_entropy_grad([0, 1], [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    array([[-0.17049943,  0.12121649,  0.04928295],
           [ 0.05430187, -0.09876047,  0.04445861]])
    >>> logits = [[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [0.0, 0.0, 3.0]]
    >>> softmax_cross_entropy_grad([0, 1, -100], logits, ignore_index=-100)
    array([[-0.17049943,  0.12121649,  0.04928295],
           [ 0.05430187, -0.09876047,  0.04445861],
           [ 0.        ,  0.        ,  0.        ]])
    """
    check_reduction(reduction)
    smoothing = _check_label_smoothing(label_smoothing)
    ignore = _check_ignore_index(ignore_index)
    z = _logits(logits)
    rows, labels = _targets(y_true, z, "logits", ignore)
    classes = _class_weight_array(class_weight, z.shape[-1], "logits")
    weights = _sample_weights(sample_weight, z.shape[0])
    # The targets of each row of K logits: a class index, or a row of K target probabilities.
    if classes is None and ignore is None and weights is None:
        return _softmax_grad(z, labels, rows, smoothing, grad_scale(z.shape[0], reduction))
    if labels is not None:
        options = _LabelOptions(labels, classes, ignore, weights)
        if not smoothing:  # c_y (softmax(z) - one_hot(y)): the class weight joins the factor of the row
            factors = options.grad_factors(reduction, with_class=True)
            return _softmax_grad(z, options.labels, None, 0.0, factors)
        factors = options.grad_factors(reduction, with_class=False)
        in_dtype = None if classes is None else classes.astype(z.dtype)
        return _softmax_grad(z, options.labels, None, smoothing, factors, in_dtype)
    assert rows is not None
    targets = _class_weighted(_smooth(rows, smoothing), classes)
    if weights is None:
        return _softmax_grad(z, None, targets, 0.0, grad_scale(z.shape[0], reduction))
    positions = math.prod(z.shape[1:-1])  # rows of K logits per sample
    factors = np.repeat(weighted_grad_scale(weights, reduction), positions)
    return _softmax_grad(z, None, targets, 0.0, factors)


def perplexity(y_true: ArrayLike, logits: ArrayLike, *, ignore_index: int | None = None) -> float:
    r"""Perplexity (パープレキシティ) of a language model: e to the mean cross-entropy per token.

    $$
    \mathrm{PPL} = \exp \left( \frac{1}{|C|} \sum_{(i, j) \in C}
    -\log \mathrm{softmax}(z_{ij})_{y_{ij}} \right)
    $$

    where $z_{ij}$ are the logits of token $j$ of sequence $i$ over the $K$ words of the
    vocabulary, $y_{ij}$ the index of the true next token, and $C$ the counted tokens (all of them,
    or those whose label is not `ignore_index`, such as padding). A model that spreads its
    probability evenly over $K$ words has a perplexity of $K$; a perfect one has 1. The
    log-softmax is computed in log space (logits of 1000 do not overflow), and the sum in float64.

    The mean is over tokens, the number PyTorch users compute as
    ``torch.exp(F.cross_entropy(logits.transpose(1, 2), labels, ignore_index=-100))``.
    `softmax_cross_entropy` on logits of shape ``(n, length, K)`` gives something else:
    the loss of a sample adds up its tokens, so its ``"mean"`` is the mean over sequences of
    their summed losses. For the mean per token, flatten the tokens first:
    ``softmax_cross_entropy(labels.reshape(-1), logits.reshape(-1, K), ignore_index=-100)``,
    whose ``exp`` is this perplexity.

    Perplexity is a metric, not a training loss: there is no ``perplexity_grad`` (its gradient
    is ``perplexity`` times the gradient of that per-token mean cross-entropy).

    Parameters
    ----------
    y_true : array_like
        Integer token indices, shape ``(n_sequences, length)`` (or ``(n_samples,)``: one token per
        sample).
    logits : array_like
        Real scores, shape ``(n_sequences, length, K)``, the vocabulary on the last axis.
    ignore_index : int, optional
        A label whose tokens are left out (PyTorch uses -100 for padding). It need not be a class
        index.

    Returns
    -------
    float
        The perplexity, at least 1 (``inf`` where the mean cross-entropy is beyond about 709.78,
        the log of the largest float64).

    Raises
    ------
    ValueError
        If the shapes do not fit, `logits` holds NaN or infinity, a label is out of range (and not
        `ignore_index`), or no token is counted.
    TypeError
        If an input is not numeric, the labels are not integers, or `ignore_index` is not an integer.

    See Also
    --------
    softmax_cross_entropy : the cross-entropy it averages.

    Examples
    --------
    >>> print(f"{perplexity([[0, 1]], [[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]]):.4f}")  # uniform over 3 words
    3.0000
    >>> labels = [[2, 0, -100], [1, -100, -100]]  # -100: padding
    >>> logits = [[[0.0, 1.0, 2.0], [3.0, 0.0, 0.0], [9.0, 9.0, 9.0]],
    ...           [[0.0, 2.0, 0.0], [5.0, 5.0, 5.0], [7.0, 7.0, 7.0]]]
    >>> print(f"{perplexity(labels, logits, ignore_index=-100):.4f}")
    1.2806

    The same from the per-token mean of `softmax_cross_entropy`:

    >>> import numpy as np
    >>> tokens = softmax_cross_entropy(np.reshape(labels, -1), np.reshape(logits, (-1, 3)), ignore_index=-100)
    >>> print(f"{np.exp(tokens):.4f}")
    1.2806
    """
    ignore = _check_ignore_index(ignore_index)
    z = _logits(logits)
    true = to_array(y_true, "y_true")
    if true.shape != z.shape[:-1]:
        form = (
            "one-hot rows: pass y_true.argmax(axis=-1)"
            if true.shape == z.shape
            else "a shape that does not fit"
        )
        raise ValueError(
            f"perplexity needs integer token indices of shape {z.shape[:-1]} for logits of shape {z.shape} "
            f"(the vocabulary on the last axis), got y_true of shape {true.shape}, {form}.\n"
            "Pass one label per token: labels of shape (n_sequences, length) "
            "for logits of shape (n_sequences, length, K)."
        )
    labels = as_label_array(true, "y_true", "logits")
    if ignore is None:
        check_labels(labels, z.shape[-1], "y_true", "logits")
        counted = None
        count = labels.size
    else:
        _check_labels_or_ignored(labels, z.shape[-1], ignore, "logits")
        counted = labels != ignore
        labels = np.where(counted, labels, 0)  # class 0 stands in for an ignored token, whose loss is dropped
        count = int(np.count_nonzero(counted))
    if count == 0:
        why = f"every label equals ignore_index={ignore}" if labels.size else "there are no tokens"
        raise ValueError(
            f"perplexity is e to the mean cross-entropy over the counted tokens, and {why} "
            f"(y_true of shape {true.shape}).\n"
            "Pass at least one token (whose label is not ignore_index)."
        )
    with np.errstate(invalid="ignore", over="ignore"):  # NaN and inf logits: refused by the blocks
        losses = _labels_softmax_cross_entropy(z, labels, 0.0)
    total = float(np.sum(losses, dtype=np.float64, where=True if counted is None else counted))
    try:
        return math.exp(total / count)
    except OverflowError:  # a mean beyond log(float max) ≈ 709.78: the true value is that large
        return math.inf


def sigmoid_binary_cross_entropy(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    reduction: Reduction = "mean",
    pos_weight: ArrayLike | None = None,
    sample_weight: ArrayLike | None = None,
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

    With `pos_weight` $p$ the positive term is weighted, as in PyTorch's
    ``BCEWithLogitsLoss(pos_weight=p)`` (``aten/src/ATen/native/Loss.cpp``, PyTorch 2.13):

    $$
    \ell_{ij} = -\left[ p_j \, t_{ij} \log \sigma(z_{ij}) + (1 - t_{ij}) \log (1 - \sigma(z_{ij})) \right]
    $$

    computed as

    $$ \ell_{ij} = (p_j t_{ij} + 1 - t_{ij}) \log \left( 1 + e^{-|z_{ij}|} \right) + c_{ij} \, |z_{ij}| $$

    with $c_{ij} = 1 - t_{ij}$ where $z_{ij} \ge 0$ and $c_{ij} = p_j t_{ij}$ where $z_{ij} < 0$:
    a sum of terms $\ge 0$, exact for any finite logits. $p > 1$ raises the recall of the
    positive class; PyTorch suggests the number of negative over positive examples.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1], the same shape as `logits`.
    logits : array_like
        Real scores $z$, shape ``(n_samples,)`` or ``(n_samples, n_outputs, ...)``.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns
        them; the loss of a sample is the mean over its outputs.
    pos_weight : float or array_like, optional
        The weight $p \ge 0$ of the positive term: one number, or one per column of the last
        axis of `logits` (shape ``(n_outputs,)`` for logits ``(n_samples, n_outputs)``; for 1-d
        logits only one number). ``None`` is 1.
    sample_weight : array_like, optional
        One weight $w_i \ge 0$ per sample, shape ``(n_samples,)``: ``"none"`` returns
        $w_i \ell_i$, ``"sum"`` $\sum_i w_i \ell_i$ and ``"mean"`` $\sum_i w_i \ell_i / \sum_i w_i$
        (scikit-learn's weighted mean), $\ell_i$ the loss of sample $i$. A weight of 0 leaves its
        sample out.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, `logits` holds NaN or infinity, a target lies outside [0, 1], a
        sample has no outputs, `reduction` is unknown, it is ``"mean"`` over zero samples,
        `pos_weight` is negative, NaN, infinite or of the wrong length, or a sample weight
        has the wrong length, is NaN, infinite or negative, or they sum to 0 with ``"mean"``.
    TypeError
        If an input or a weight is not numeric.

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

    A positive weight of 2 doubles the loss of a wrong positive, even at a logit of -1000:

    >>> sigmoid_binary_cross_entropy([1, 0], [-1000.0, 1000.0], pos_weight=2.0, reduction="none")
    array([2000., 1000.])
    >>> print(f"{sigmoid_binary_cross_entropy([1, 0, 1], [2.0, -1.0, 0.0], pos_weight=3.0):.4f}")
    0.9245
    >>> print(f"{sigmoid_binary_cross_entropy([1, 0, 1], [2.0, -1.0, 0.0], sample_weight=[1, 1, 0]):.4f}")
    0.2201
    """
    check_reduction(reduction)
    true, z = _same_shape_targets(y_true, as_float_array(logits, "logits"), "logits")
    outputs = outputs_per_sample(z, "logits")
    positive = _pos_weight_array(pos_weight, z)
    weights = _sample_weights(sample_weight, z.shape[0])
    if positive is None and weights is None:
        with np.errstate(invalid="ignore", over="ignore"):  # inf or NaN logits: refused below
            result = sample_losses((true, z), _logit_terms, 4, reduction)
        check_finite_inputs(result, logits=z)  # every logit reaches the result
        return result
    block: Callable[..., FloatArray] = _logit_terms
    if positive is not None:
        block = functools.partial(
            _pos_weight_terms, pos_weight=_column_pattern(positive, z.shape[0], outputs)
        )
    with np.errstate(invalid="ignore", over="ignore"):  # inf or NaN logits: refused below
        result = sample_losses((true, z), block, 4, reduction if weights is None else "none")
    check_finite_inputs(result, logits=z)  # before the weights: a weight of 0 must not hide a NaN
    return result if weights is None else weighted_reduce(cast(FloatArray, result), weights, reduction)


def sigmoid_binary_cross_entropy_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    reduction: Reduction = "mean",
    pos_weight: ArrayLike | None = None,
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `sigmoid_binary_cross_entropy` with respect to `logits`.

    $$ \frac{\partial \ell}{\partial z_{ij}} = \frac{1}{nm} \left( \sigma(z_{ij}) - t_{ij} \right) $$

    the predicted minus the target probability, computed as
    $(1 - t)\,\sigma(z) - t\,\sigma(-z)$ so that it stays exact where $\sigma(z)$ rounds to 1.
    With ``reduction="sum"`` the factor $\frac{1}{n}$ is left out (the $\frac{1}{m}$ of the mean
    over outputs stays); with ``"none"`` row $i$ is the gradient of the loss of sample $i$.
    With `pos_weight` the entry is $\frac{1}{nm} \left( (1 - t)\,\sigma(z) - p\,t\,\sigma(-z) \right)$,
    with `sample_weight` row $i$ is multiplied by $w_i$ (and ``"mean"`` divides by $\sum_i w_i$
    instead of $n$).

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1], the same shape as `logits`.
    logits : array_like
        Real scores $z$.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    pos_weight : float or array_like, optional
        The positive weight of `sigmoid_binary_cross_entropy`.
    sample_weight : array_like, optional
        The sample weights of `sigmoid_binary_cross_entropy`.

    Returns
    -------
    ndarray
        The gradient, shaped like `logits`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `sigmoid_binary_cross_entropy` refuses.

    See Also
    --------
    sigmoid_binary_cross_entropy : the loss.

    Examples
    --------
    >>> sigmoid_binary_cross_entropy_grad([1, 0, 1], [2.0, -1.0, 0.0])
    array([-0.03973431,  0.08964714, -0.16666667])
    >>> sigmoid_binary_cross_entropy_grad([1, 0, 1], [2.0, -1.0, 0.0], pos_weight=3.0)
    array([-0.11920292,  0.08964714, -0.5       ])
    """
    check_reduction(reduction)
    true, z = _same_shape_targets(y_true, as_float_array(logits, "logits"), "logits")
    positive = _pos_weight_array(pos_weight, z)
    weights = _sample_weights(sample_weight, z.shape[0])
    factors = None if weights is None else weighted_grad_scale(weights, reduction)
    scale = _mean_grad_scale(z, reduction if factors is None else "sum", "logits")
    grad = np.empty(z.shape, dtype=z.dtype)
    with np.errstate(invalid="ignore", over="ignore"):  # inf or NaN logits: refused below
        if positive is None:
            probe = elementwise((true, z), grad, functools.partial(_sigmoid_bce_grad_block, scale=scale), 2)
        else:
            pattern = _column_pattern(positive, z.shape[0], math.prod(z.shape[1:]))
            block = functools.partial(_pos_weight_grad_block, pos_weight=pattern, scale=scale)
            probe = _row_elementwise((true, z), grad, block, 3)
    check_finite_inputs(probe, logits=z)
    return grad if factors is None else scale_samples(grad, factors)


def sigmoid_focal_loss(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float | None = None,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Focal loss (フォーカル損失) of logits, as torchvision's ``sigmoid_focal_loss``.

    $$
    \mathrm{FL}_{ij} = \alpha_t \, (1 - p_t)^{\gamma} \, \ell_{ij},
    \qquad p_t = \sigma(z_{ij}) \, t_{ij} + (1 - \sigma(z_{ij})) (1 - t_{ij})
    $$

    where $\ell_{ij}$ is the binary cross-entropy of the logit $z_{ij}$ (as in
    `sigmoid_binary_cross_entropy`), $p_t$ the predicted probability of the target, and
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
    sample_weight : array_like, optional
        One weight $w_i \ge 0$ per sample, shape ``(n_samples,)``: ``"none"`` returns
        $w_i \ell_i$, ``"sum"`` $\sum_i w_i \ell_i$ and ``"mean"`` $\sum_i w_i \ell_i / \sum_i w_i$
        (scikit-learn's weighted mean), $\ell_i$ the loss of sample $i$. A weight of 0 leaves its
        sample out.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, `logits` holds NaN or infinity, a target lies outside [0, 1], a
        sample has no outputs, `gamma` or `alpha` is out of range, `reduction` is unknown, it
        is ``"mean"`` over zero samples, or a sample weight has the wrong length, is NaN,
        infinite or negative, or the weights sum to 0 with ``"mean"``.
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
    >>> print(f"{sigmoid_focal_loss([1, 0, 1], [2.0, -1.0, 0.0], sample_weight=[1, 1, 0]):.4f}")
    0.0122
    """
    check_reduction(reduction)
    focus, weight = _check_gamma(gamma), _check_alpha(alpha)
    true, z = _same_shape_targets(y_true, as_float_array(logits, "logits"), "logits")
    outputs_per_sample(z, "logits")
    weights = _sample_weights(sample_weight, z.shape[0])
    block = functools.partial(_focal_block, gamma=focus, alpha=weight)
    with np.errstate(invalid="ignore", over="ignore"):  # inf or NaN logits: refused below
        result = sample_losses((true, z), block, 4, reduction if weights is None else "none")
    check_finite_inputs(result, logits=z)  # every logit reaches the result (before any weight of 0)
    return result if weights is None else weighted_reduce(cast(FloatArray, result), weights, reduction)


def sigmoid_focal_loss_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float | None = None,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `sigmoid_focal_loss` with respect to `logits`.

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
        The focusing exponent of `sigmoid_focal_loss`.
    alpha : float, optional
        The weight of positive targets of `sigmoid_focal_loss`.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    sample_weight : array_like, optional
        The sample weights of `sigmoid_focal_loss`: row $i$ is multiplied by $w_i$, and ``"mean"``
        divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    ndarray
        The gradient, shaped like `logits`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `sigmoid_focal_loss` refuses.

    See Also
    --------
    sigmoid_focal_loss : the loss.

    Examples
    --------
    >>> sigmoid_focal_loss_grad([1, 0, 1], [2.0, -1.0, 0.0])
    array([-0.00162365,  0.01752704, -0.09942893])
    >>> sigmoid_focal_loss_grad([1, 0, 1], [2.0, -1.0, 0.0], sample_weight=[1, 1, 0])
    array([-0.00243547,  0.02629056,  0.        ])
    """
    check_reduction(reduction)
    focus, weight = _check_gamma(gamma), _check_alpha(alpha)
    true, z = _same_shape_targets(y_true, as_float_array(logits, "logits"), "logits")
    weights = _sample_weights(sample_weight, z.shape[0])
    factors = None if weights is None else weighted_grad_scale(weights, reduction)
    scale = _mean_grad_scale(z, reduction if factors is None else "sum", "logits")
    grad = np.empty(z.shape, dtype=z.dtype)
    block = functools.partial(_focal_grad_block, gamma=focus, alpha=weight, scale=scale)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):  # inf or NaN logits: refused below
        probe = elementwise((true, z), grad, block, 5)
    check_finite_inputs(probe, logits=z)
    return grad if factors is None else scale_samples(grad, factors)


# --- margin losses --------------------------------------------------------------------------


def hinge_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
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
    sample_weight : array_like, optional
        One weight $w_i \ge 0$ per sample, shape ``(n_samples,)``: ``"none"`` returns
        $w_i \ell_i$, ``"sum"`` $\sum_i w_i \ell_i$ and ``"mean"`` $\sum_i w_i \ell_i / \sum_i w_i$
        (scikit-learn's weighted mean), $\ell_i$ the loss of sample $i$. A weight of 0 leaves its
        sample out.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If the shapes differ, a label is not -1 or +1, `y_pred` holds NaN or infinity, a
        sample has no outputs, `reduction` is unknown, it is ``"mean"`` over zero samples, or
        a sample weight has the wrong length, is NaN, infinite or negative, or the weights sum
        to 0 with ``"mean"``.
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
    >>> print(f"{hinge_loss([1, -1, 1, -1], [2.0, -0.5, 0.3, 1.0], sample_weight=[1, 1, 1, 0]):.4f}")
    0.4000
    """
    check_reduction(reduction)
    true, pred = _sign_labels(y_true, _scores(y_pred))
    outputs_per_sample(pred)
    weights = _sample_weights(sample_weight, pred.shape[0])
    terms = true * pred
    np.subtract(1.0, terms, out=terms)
    np.maximum(terms, 0.0, out=terms)  # max(0, 1 - t y)
    losses = per_sample_mean(terms)
    return reduce(losses, reduction) if weights is None else weighted_reduce(losses, weights, reduction)


def hinge_loss_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> FloatArray:
    r"""Gradient of `hinge_loss` with respect to `y_pred`.

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
    sample_weight : array_like, optional
        The sample weights of `hinge_loss`: row $i$ is multiplied by $w_i$, and ``"mean"``
        divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    ndarray
        The gradient, shaped like `y_pred`.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `hinge_loss` refuses.

    See Also
    --------
    hinge_loss : the loss.

    Examples
    --------
    >>> hinge_loss_grad([1, -1, 1, -1], [2.0, -0.5, 0.3, 1.0])
    array([ 0.  ,  0.25, -0.25,  0.25])
    >>> hinge_loss_grad([1, -1, 1, -1], [2.0, -0.5, 0.3, 1.0], sample_weight=[1, 1, 2, 0])
    array([ 0.  ,  0.25, -0.5 ,  0.  ])
    """
    check_reduction(reduction)
    true, pred = _sign_labels(y_true, _scores(y_pred))
    weights = _sample_weights(sample_weight, pred.shape[0])
    factors = None if weights is None else weighted_grad_scale(weights, reduction)
    scale = _mean_grad_scale(pred, reduction if factors is None else "sum")
    # d/dy max(0, 1 - t y) = -t where t y < 1, else 0 (and the subgradient 0 at the kink t y = 1).
    grad = np.multiply(true * pred < 1.0, scale, dtype=pred.dtype)
    grad *= true
    grad = np.subtract(0.0, grad, out=grad)  # -t; 0.0 - (±0.0) is +0.0, not -0.0
    return grad if factors is None else scale_samples(grad, factors)


categorical_cross_entropy = cross_entropy_error
"""Alias of `cross_entropy_error`."""
