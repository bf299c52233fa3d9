"""Losses for embeddings: vectors that a model maps its inputs to, compared with each other.

Each row of an input is the embedding of one sample, shape ``(n_samples, n_features)``. The
losses here ask for embeddings of related samples to be close and of unrelated ones far apart:

- `triplet_margin_loss` on Euclidean distances: the positive closer to the anchor than the
  negative, by a margin;
- `info_nce_loss` on cosine similarities: each query most similar to its own key among all keys
  of the batch (the contrastive loss of SimCLR and CLIP).

Each has a gradient ``<name>_grad`` with the same arguments, returning one array per input.
Lengths are computed with a power-of-two scaling where they would overflow or underflow, so
embeddings of any finite size work, from 1e-300 to 1e300.
"""

from __future__ import annotations

import math
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lossdocs._checks import (
    FloatArray,
    Reduction,
    as_float_array,
    check_finite_inputs,
    check_reduction,
    flag_parameter,
    grad_scale,
    parameter_in_range,
    reduce,
    sample_weight_array,
    weighted_grad_scale,
)
from lossdocs.classification import softmax_cross_entropy, softmax_cross_entropy_grad

__all__ = [
    "info_nce_loss",
    "info_nce_loss_grad",
    "triplet_margin_loss",
    "triplet_margin_loss_grad",
]

Exponents = NDArray[np.integer]


# --- keyword parameters ---------------------------------------------------------------------


def _check_margin(margin: object) -> float:
    return parameter_in_range(
        margin,
        "margin",
        "1.0",
        lambda value: 0.0 < value < math.inf,
        "be a finite number > 0",
        "It is how much farther from the anchor the negative must be than the positive; "
        "PyTorch uses 1.0 and, like lossdocs, refuses margin <= 0.",
    )


def _check_temperature(temperature: object) -> float:
    return parameter_in_range(
        temperature,
        "temperature",
        "0.1",
        lambda value: 0.0 < value < math.inf,
        "be a finite number > 0",
        "The logits are the cosine similarities divided by the temperature: 0.1 is the default, "
        "CLIP starts from 0.07; a smaller temperature sharpens the softmax.",
    )


def _check_symmetric(symmetric: object) -> bool:
    return flag_parameter(
        symmetric,
        "symmetric",
        "Pass symmetric=True for CLIP's loss (the mean of both directions), "
        "or symmetric=False (the default) for queries against keys only.",
    )


# --- inputs ---------------------------------------------------------------------------------


def _embeddings(*, finite: bool = True, **named: ArrayLike) -> list[FloatArray]:
    """Read embeddings (name=values): finite 2-D arrays of one shape (n, d), d >= 1, in one float dtype.

    With ``finite=False`` NaN and infinities are left for the caller to refuse, from a result
    that every entry reaches (`check_finite_inputs`): one pass less over each input.

    The arrays are C-contiguous (copied only where needed): the sums over each row then run in one
    order whatever the layout of the caller's arrays, and so do the results.
    """
    arrays = {name: as_float_array(values, name) for name, values in named.items()}
    for name, array in arrays.items():
        if array.ndim != 2:
            hint = (
                f"For a single embedding, wrap it in a list ([{name}]) or use {name}.reshape(1, -1)."
                if array.ndim == 1
                else f"Flatten the features of each sample, for example {name}.reshape(len({name}), -1)."
            )
            raise ValueError(
                f"{name} must be a 2-D array of embeddings, shape (n_samples, n_features), "
                f"got shape {array.shape}.\n{hint}"
            )
    (first, a), *others = arrays.items()
    for name, b in others:
        if b.shape[1] != a.shape[1]:
            raise ValueError(
                f"{first} and {name} hold embeddings of different sizes: {a.shape[1]} and {b.shape[1]} "
                f"features (shapes {a.shape} and {b.shape}).\n"
                "They must come from the same embedding space: check the model or the slicing "
                "that produced them."
            )
        if b.shape[0] != a.shape[0]:
            raise ValueError(
                f"{first} and {name} must have the same number of rows, got {a.shape[0]} and "
                f"{b.shape[0]} (shapes {a.shape} and {b.shape}).\n"
                f"Row i of each input belongs to sample i: pass one row of {name} for each row of {first}."
            )
    if a.shape[1] == 0:
        raise ValueError(
            f"{first} has embeddings of 0 features: shape {a.shape}.\n"
            "An embedding needs at least one feature; check the shape: axis 0 is the sample axis, "
            "axis 1 the features."
        )
    dtype = np.result_type(*arrays.values())
    result = [np.ascontiguousarray(array, dtype=dtype) for array in arrays.values()]
    for name, array in zip(arrays, result, strict=True) if finite else ():
        with np.errstate(over="ignore"):  # a sum of finite numbers may overflow: then each is checked
            check_finite_inputs(array, **{name: array})
    return result


# --- lengths without overflow or underflow --------------------------------------------------


def _scaled_rows(x: FloatArray, y: FloatArray | None = None) -> tuple[FloatArray, Exponents, FloatArray]:
    """The rows of d = x - y (or of x) as s_i = d_i / 2^{e_i}, with e_i and r_i = ‖s_i‖₂.

    So ‖d_i‖₂ = 2^{e_i} r_i and d_i / ‖d_i‖₂ = s_i / r_i. Most rows take the plain route, e_i = 0
    and s_i = d_i. Where the sum of squares overflows, or is so small that squares below the
    normal range could matter, the row is scaled by a power of two (exact) to a largest entry in
    [0.5, 1), and a difference beyond the float range is formed as x/2 - y/2. With finite inputs
    no result is inf or NaN, and r_i is exact to a few ulp. The inputs are never modified.
    """
    # NaN and inf inputs (inf - inf) give NaN without a warning: the callers refuse them.
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        d = x if y is None else x - y
        squares = np.square(d).sum(axis=1)  # pairwise summation: a few ulp also for long rows
    info = np.finfo(d.dtype)
    # Squares below the normal range lose at most d.shape[1] * tiny in all; above this bound that
    # is below half an ulp of the sum.
    plain = (squares >= d.shape[1] * info.tiny) & (squares <= info.max)
    exponents = np.zeros(len(d), dtype=np.int32)
    if not plain.all():
        bad = np.flatnonzero(~plain)
        rows = d[bad]  # a copy
        overflowed = ~np.isfinite(rows).all(axis=1)  # only a difference can be inf here
        if y is not None and overflowed.any():
            halves = bad[overflowed]
            with np.errstate(invalid="ignore"):  # inf - inf, from an inf input
                rows[overflowed] = x[halves] * 0.5 - y[halves] * 0.5  # exact halving of huge numbers
        _, shift = np.frexp(np.abs(rows).max(axis=1))  # max |row| = m 2^shift, m in [0.5, 1)
        rows = np.ldexp(rows, -shift[:, np.newaxis])
        d = d.copy() if d is x else d
        d[bad] = rows
        squares[bad] = np.square(rows).sum(axis=1)
        exponents[bad] = shift + overflowed
    return d, exponents, np.sqrt(squares)


def _directions(scaled: FloatArray, lengths: FloatArray) -> FloatArray:
    """s_i / r_i: the unit vector of each row, and 0 for a zero row (the subgradient of ‖x‖ at 0)."""
    out = np.zeros_like(scaled)
    np.divide(scaled, lengths[:, np.newaxis], out=out, where=lengths[:, np.newaxis] > 0)
    return out


# --- triplet margin loss --------------------------------------------------------------------


def _hinge_arguments(
    anchor: FloatArray, positive: FloatArray, negative: FloatArray, margin: float
) -> tuple[FloatArray, tuple[FloatArray, FloatArray], tuple[FloatArray, FloatArray]]:
    """‖a - p‖ - ‖a - n‖ + margin of each triplet, and (s, r) of a - p and of a - n (see `_scaled_rows`)."""
    to_positive, e_p, r_p = _scaled_rows(anchor, positive)
    to_negative, e_n, r_n = _scaled_rows(anchor, negative)
    top = np.maximum(e_p, e_n)
    # ‖a - p‖ - ‖a - n‖ = 2^top (2^{e_p - top} r_p - 2^{e_n - top} r_n): the difference is formed
    # before scaling back, so it stays finite where the distances themselves overflow (and it is
    # r_p - r_n where top = 0, nearly always). 2^top times it may overflow: the loss is that large.
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        gap = np.ldexp(np.ldexp(r_p, e_p - top) - np.ldexp(r_n, e_n - top), top)
    gap += margin
    return gap, (to_positive, r_p), (to_negative, r_n)


def triplet_margin_loss(
    anchor: ArrayLike,
    positive: ArrayLike,
    negative: ArrayLike,
    *,
    margin: float = 1.0,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""Triplet margin loss (トリプレット損失): the positive closer to the anchor than the negative.

    $$ \ell_i = \max\left(0, \; \lVert a_i - p_i \rVert_2 - \lVert a_i - n_i \rVert_2 + m\right) $$

    where row $i$ of each input is one triplet: the anchor $a_i$, a positive $p_i$ (the same
    class or object), a negative $n_i$ (another one), and $m > 0$ the margin. The loss is 0
    once the negative is at least $m$ farther from the anchor than the positive. The
    distances are exact to a few ulp for any finite embeddings: a difference of near-identical
    vectors is exact, and lengths are computed with a power-of-two scaling where the squares
    would overflow or underflow.

    Parameters
    ----------
    anchor, positive, negative : array_like
        Embeddings of one shape ``(n_samples, n_features)``, one row per sample.
    margin : float, default 1.0
        The margin $m > 0$.
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
        If an input is not 2-D, the shapes differ (embeddings of different sizes, or a
        different number of rows), there are 0 features, an input holds NaN or infinity,
        `margin` is not a finite number > 0, `reduction` is unknown, or it is ``"mean"`` over
        zero samples.
        Also if `sample_weight` is not one finite weight >= 0 per sample, or sums to 0 for
        ``"mean"``.
    TypeError
        If an input or `sample_weight` is not numeric, or `margin` is not a number.

    See Also
    --------
    triplet_margin_loss_grad : its (sub)gradient with respect to the three inputs.
    info_nce_loss : a loss that compares each sample with all others of the batch.

    Notes
    -----
    PyTorch's ``F.triplet_margin_loss(anchor, positive, negative, margin=1.0)`` has the same
    argument order and defaults, but its distance ``pairwise_distance`` adds ``eps=1e-6`` to
    every component of the difference, $\lVert a - p + \epsilon \rVert_2$ (PyTorch 2.13,
    ``torch/nn/functional.py``, ``triplet_margin_loss(..., eps=1e-6)``, and
    ``torch/_refs/nn/functional/__init__.py``, ``pairwise_distance``): a distance of 0 becomes
    $\epsilon \sqrt{d}$. With ``eps=0`` it gives the values here.

    Examples
    --------
    >>> anchor = [[0.0, 0.0], [1.0, 1.0]]
    >>> positive = [[0.0, 1.0], [1.0, 1.5]]
    >>> negative = [[1.0, 0.0], [4.0, 5.0]]
    >>> triplet_margin_loss(anchor, positive, negative, reduction="none")
    array([1., 0.])
    >>> triplet_margin_loss(anchor, positive, negative)
    0.5
    >>> triplet_margin_loss(anchor, positive, negative, sample_weight=[3.0, 1.0])  # (3 × 1 + 0) / 4
    0.75
    """
    check_reduction(reduction)
    m = _check_margin(margin)
    a, p, n = _embeddings(anchor=anchor, positive=positive, negative=negative, finite=False)
    gap, _, _ = _hinge_arguments(a, p, n, m)
    # An inf or NaN entry makes its triplet's gap NaN or ±inf (before the max, which turns -inf to 0).
    check_finite_inputs(gap, anchor=a, positive=p, negative=n)
    losses = np.maximum(gap, 0.0, out=gap)
    return reduce(losses, reduction, sample_weight)


def triplet_margin_loss_grad(
    anchor: ArrayLike,
    positive: ArrayLike,
    negative: ArrayLike,
    *,
    margin: float = 1.0,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Gradient of `triplet_margin_loss` with respect to the anchor, positive and negative.

    $$
    \frac{\partial \ell}{\partial p_i} = -\frac{g_i}{n} u_i, \quad
    \frac{\partial \ell}{\partial n_i} = \frac{g_i}{n} v_i, \quad
    \frac{\partial \ell}{\partial a_i} = \frac{g_i}{n} (u_i - v_i),
    \qquad u_i = \frac{a_i - p_i}{\lVert a_i - p_i \rVert_2}, \;
    v_i = \frac{a_i - n_i}{\lVert a_i - n_i \rVert_2}
    $$

    where $g_i = 1$ if the loss of triplet $i$ is positive and 0 otherwise: the gradient
    pulls the positive towards the anchor and pushes the negative away. Where the loss is not
    differentiable, a subgradient is used: at the kink (loss exactly 0 with the hinge argument
    0) $g_i = 0$, as `lossdocs.classification.hinge_loss_grad` does; at a zero distance
    ($a_i = p_i$, where $\lVert \cdot \rVert_2$ has no derivative) the unit vector is taken as
    0, the subgradient of the norm at 0 of smallest length. With ``reduction="sum"`` (and
    ``"none"``, whose gradient is that of the sum) the factor $\frac{1}{n}$ is left out.

    Parameters
    ----------
    anchor, positive, negative : array_like
        Embeddings of one shape ``(n_samples, n_features)``.
    margin : float, default 1.0
        The margin of `triplet_margin_loss`.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    sample_weight : array_like of shape (n_samples,), optional
        The weight of each sample's loss, as in `triplet_margin_loss`: row $i$ of the gradient is
        multiplied by $w_i$, and ``"mean"`` divides by $\sum_i w_i$ instead of $n$.

    Returns
    -------
    tuple of three ndarrays
        ``(d_anchor, d_positive, d_negative)``, each shaped like the inputs; they add up to 0.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `triplet_margin_loss` refuses.

    See Also
    --------
    triplet_margin_loss : the loss.

    Notes
    -----
    PyTorch with ``eps=0`` gives the same gradient except at the kink, where its ``clamp_min``
    passes the gradient of the active side ($g_i = 1$).

    Examples
    --------
    >>> d_anchor, d_positive, d_negative = triplet_margin_loss_grad(
    ...     [[0.0, 0.0], [1.0, 1.0]], [[0.0, 1.0], [1.0, 1.5]], [[1.0, 0.0], [4.0, 5.0]]
    ... )
    >>> d_positive  # the second triplet has the loss 0: no gradient
    array([[0. , 0.5],
           [0. , 0. ]])
    >>> d_anchor
    array([[ 0.5, -0.5],
           [ 0. ,  0. ]])
    """
    check_reduction(reduction)
    m = _check_margin(margin)
    a, p, n = _embeddings(anchor=anchor, positive=positive, negative=negative)
    gap, to_positive, to_negative = _hinge_arguments(a, p, n, m)
    u, v = _directions(*to_positive), _directions(*to_negative)
    # d/da (‖a - p‖ - ‖a - n‖) = u - v, d/dp = -u, d/dn = v, where the hinge is active (gap > 0;
    # the subgradient 0 at the kink gap = 0).
    if sample_weight is None:
        scale: float | FloatArray = grad_scale(len(a), reduction)
    else:  # row i is the gradient of w_i l_i, and "mean" divides by the sum of the weights
        scale = weighted_grad_scale(sample_weight_array(sample_weight, len(a)), reduction)
    weight = np.multiply(gap > 0.0, scale, dtype=a.dtype)[:, np.newaxis]
    u *= weight
    v *= weight
    d_anchor = u - v
    d_anchor += 0.0  # -0.0 + 0.0 is +0.0: no negative zeros where the hinge is inactive
    d_positive = np.subtract(0.0, u, out=u)
    d_negative = np.add(v, 0.0, out=v)
    return d_anchor, d_positive, d_negative


# --- InfoNCE --------------------------------------------------------------------------------


def _unit_rows(x: FloatArray, name: str) -> tuple[FloatArray, Exponents, FloatArray]:
    """x_i / ‖x_i‖₂ for each row, with e_i and r_i (‖x_i‖₂ = 2^{e_i} r_i); a zero row is refused."""
    scaled, exponents, lengths = _scaled_rows(x)
    zero = np.flatnonzero(lengths == 0.0)
    if zero.size:
        raise ValueError(
            f"{name} has an all-zero row at index {int(zero[0])}: a zero embedding has no direction, "
            "so it cannot be L2-normalized.\n"
            "Check the model's output for that sample, or leave the sample out "
            "(PyTorch's F.normalize would silently turn it into a zero vector)."
        )
    return _directions(scaled, lengths), exponents, lengths


def _contrastive_logits(q: FloatArray, k: FloatArray, temperature: float) -> FloatArray:
    """cos(q_i, k_j) / temperature for the unit rows q and k, refusing an overflow."""
    with np.errstate(over="ignore"):
        logits = q @ k.T
        logits /= temperature
    if not np.isfinite(logits).all():  # |cos| <= 1: only a tiny temperature overflows
        raise ValueError(
            f"temperature={temperature!r} is too small for {q.dtype} embeddings: the logits "
            f"cos / temperature overflow (|cos| is up to 1, 1 / temperature is {1.0 / temperature:.3g}).\n"
            "Use a larger temperature, or float64 embeddings."
        )
    return logits


def _through_normalization(
    grad: FloatArray, unit: FloatArray, exponents: Exponents, lengths: FloatArray
) -> FloatArray:
    """The gradient with respect to x from the one with respect to x / ‖x‖ (`grad`, overwritten)."""
    # d(x / ‖x‖) / dx = (I - x̂ x̂ᵀ) / ‖x‖, with ‖x‖ = 2^e r: divide by r, then scale by 2^-e.
    grad -= np.einsum("ij,ij->i", grad, unit)[:, np.newaxis] * unit
    grad /= lengths[:, np.newaxis]
    with np.errstate(over="ignore"):  # ‖x‖ below about 1e-308: the true gradient overflows
        return np.ldexp(grad, -exponents[:, np.newaxis])


def info_nce_loss(
    queries: ArrayLike,
    keys: ArrayLike,
    *,
    temperature: float = 0.1,
    symmetric: bool = False,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | FloatArray:
    r"""InfoNCE loss (InfoNCE 損失): each query must pick its own key among all keys of the batch.

    $$
    \ell_i = -\log \frac{\exp(s_{ii} / \tau)}{\sum_{j=1}^{n} \exp(s_{ij} / \tau)},
    \qquad s_{ij} = \frac{q_i \cdot k_j}{\lVert q_i \rVert_2 \, \lVert k_j \rVert_2}
    $$

    the softmax cross-entropy of row $i$ of the logits $s_{ij} / \tau$ with the label $i$: the
    key of the same row is the positive, the other $n - 1$ keys of the batch are negatives.
    $s_{ij}$ is the cosine similarity (the dot product of the L2-normalized rows) and
    $\tau > 0$ the temperature. With ``symmetric=True`` the loss of sample $i$ is the mean of
    both directions, $\frac{1}{2}(\ell_i + \ell'_i)$, where $\ell'_i$ picks query $i$ for key
    $i$ (the columns of the logits): the loss of CLIP. SimCLR's NT-Xent is a close relative:
    with the two views as queries and keys, it also counts the other images of the same view
    as negatives, which this loss leaves out.

    Parameters
    ----------
    queries, keys : array_like
        Embeddings of one shape ``(n_samples, n_features)``; row $i$ of `keys` is the positive
        of row $i$ of `queries`. A row of zeros is refused (it has no direction).
    temperature : float, default 0.1
        The temperature $\tau > 0$.
    symmetric : bool, default False
        Average the queries-to-keys and the keys-to-queries losses (CLIP).
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-sample losses, ``"sum"`` adds them, ``"none"`` returns
        them.
    sample_weight : array_like of shape (n_samples,), optional
        A weight $w_i \ge 0$ for the loss of each sample, finite; 0 leaves a sample out. Sample
        $i$ is the pair of row $i$ of `queries` and `keys`; with ``symmetric=True`` its weight
        multiplies the loss of both directions, $w_i \cdot \frac{1}{2}(\ell_i + \ell'_i)$. The
        other rows still count as negatives whatever their weight. ``"sum"`` is then
        $\sum_i w_i \ell_i$, ``"mean"`` the weighted mean $\sum_i w_i \ell_i / \sum_i w_i$
        (scikit-learn's ``sample_weight``), and ``"none"`` returns $w_i \ell_i$.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"`` and ``"mean"``, an array of shape ``(n_samples,)`` for
        ``"none"``.

    Raises
    ------
    ValueError
        If an input is not 2-D, the shapes differ, there are 0 features, an input holds NaN,
        infinity or a row of zeros, `temperature` is not a finite number > 0 (or so small that
        the logits overflow), `reduction` is unknown, or it is ``"mean"`` over zero samples.
        Also if `sample_weight` is not one finite weight >= 0 per sample, or sums to 0 for
        ``"mean"``.
    TypeError
        If an input or `sample_weight` is not numeric, `temperature` is not a number or
        `symmetric` not a bool.

    See Also
    --------
    info_nce_loss_grad : its gradient with respect to the queries and the keys.
    lossdocs.classification.softmax_cross_entropy : the cross-entropy it applies to each row.

    Notes
    -----
    The rows are normalized with a power-of-two scaling, so any finite nonzero embedding
    works (norms of 1e-300 or 1e300 included), and the cross-entropy of the logits is computed
    in log space (`lossdocs.activations.log_softmax`). What remains is the rounding of
    the cosine similarities, a few ulp of 1 times $\sqrt{d}$, which the logits multiply by
    $1 / \tau$. The loss is unchanged by scaling a row by a positive factor. In PyTorch it is
    ``F.cross_entropy(F.normalize(q) @ F.normalize(k).T / tau, torch.arange(n))``;
    ``F.normalize`` divides by $\max(\lVert x \rVert, 10^{-12})$, so a zero row gives a zero
    vector there instead of an error.

    Examples
    --------
    >>> queries = [[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]]
    >>> keys = [[2.0, 0.0], [0.0, 3.0], [0.8, 0.6]]  # only the directions count
    >>> info_nce_loss(queries, keys, temperature=0.5, reduction="none")
    array([0.59092359, 0.46037255, 0.79430446])
    >>> round(info_nce_loss(queries, keys, temperature=0.5, symmetric=True), 4)
    0.6152
    """
    check_reduction(reduction)
    tau = _check_temperature(temperature)
    both = _check_symmetric(symmetric)
    q, k = _embeddings(queries=queries, keys=keys)
    if len(q) == 0:
        empty = np.zeros(0, dtype=q.dtype)
        return reduce(empty, reduction, sample_weight)
    q_unit, _, _ = _unit_rows(q, "queries")
    k_unit, _, _ = _unit_rows(k, "keys")
    logits = _contrastive_logits(q_unit, k_unit, tau)
    labels = np.arange(len(q))  # the positive of query i is key i
    losses = cast(FloatArray, softmax_cross_entropy(labels, logits, reduction="none"))
    if both:  # the keys pick their queries: the columns of the logits
        losses += softmax_cross_entropy(labels, np.ascontiguousarray(logits.T), reduction="none")
        losses *= 0.5
    return reduce(losses, reduction, sample_weight)


def info_nce_loss_grad(
    queries: ArrayLike,
    keys: ArrayLike,
    *,
    temperature: float = 0.1,
    symmetric: bool = False,
    reduction: Reduction = "mean",
    sample_weight: ArrayLike | None = None,
) -> tuple[FloatArray, FloatArray]:
    r"""Gradient of `info_nce_loss` with respect to the queries and the keys.

    With $P = \mathrm{softmax}(S / \tau)$ row by row and $G = \frac{1}{n \tau} (P - I)$ the
    gradient with respect to the logits (for ``symmetric=True``, the mean of that and of the
    column-wise softmax's), the gradients with respect to the normalized rows
    $\hat q_i = q_i / \lVert q_i \rVert_2$ and $\hat k_j$ are $G \hat K$ and $G^\top \hat Q$, and
    the normalization passes them on as

    $$
    \frac{\partial \ell}{\partial q_i}
    = \frac{1}{\lVert q_i \rVert_2} \left( I - \hat q_i \hat q_i^\top \right)
    \frac{\partial \ell}{\partial \hat q_i}
    $$

    (the same for the keys): only the part orthogonal to $q_i$ remains, since the loss does not
    change with the length of $q_i$. With ``reduction="sum"`` the factor $\frac{1}{n}$ is left
    out; ``"none"`` gives the gradient of the sum, as every loss depends on all keys.

    Parameters
    ----------
    queries, keys : array_like
        Embeddings of one shape ``(n_samples, n_features)``.
    temperature : float, default 0.1
        The temperature of `info_nce_loss`.
    symmetric : bool, default False
        Average both directions, as in `info_nce_loss`.
    reduction : {"mean", "sum", "none"}, default "mean"
        The reduction of the loss whose gradient is taken.
    sample_weight : array_like of shape (n_samples,), optional
        The weight of each pair's loss, as in `info_nce_loss`: the gradient is that of
        $\sum_i w_i \ell_i$, divided by $\sum_i w_i$ instead of $n$ for ``"mean"``. Row $i$ of
        $P - I$, and with ``symmetric=True`` column $i$ of the column-wise part, is multiplied
        by $w_i$; every row of the result may change, as every loss depends on all keys, and
        ``"none"`` gives the gradient of the weighted sum.

    Returns
    -------
    tuple of two ndarrays
        ``(d_queries, d_keys)``, each shaped like the inputs.

    Raises
    ------
    ValueError, TypeError
        For the inputs that `info_nce_loss` refuses.

    See Also
    --------
    info_nce_loss : the loss.

    Examples
    --------
    >>> queries = [[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]]
    >>> keys = [[2.0, 0.0], [0.0, 3.0], [0.8, 0.6]]
    >>> d_queries, d_keys = info_nce_loss_grad(queries, keys, temperature=0.5)
    >>> d_queries.round(4)
    array([[ 0.    ,  0.1985],
           [ 0.2082,  0.    ],
           [-0.093 ,  0.0698]])
    """
    check_reduction(reduction)
    tau = _check_temperature(temperature)
    both = _check_symmetric(symmetric)
    q, k = _embeddings(queries=queries, keys=keys)
    weights = None
    if sample_weight is None:
        scale = grad_scale(len(q), reduction)
    else:  # pair i counts w_i times (w_i / sum(w) for "mean"): in row i of the logits, where query
        # i picks its key, and with symmetric=True in column i, where key i picks its query
        scale = 1.0
        weights = weighted_grad_scale(sample_weight_array(sample_weight, len(q)), reduction)[:, np.newaxis]
    if len(q) == 0:
        return np.zeros_like(q), np.zeros_like(k)
    q_unit, q_exponents, q_lengths = _unit_rows(q, "queries")
    k_unit, k_exponents, k_lengths = _unit_rows(k, "keys")
    logits = _contrastive_logits(q_unit, k_unit, tau)
    labels = np.arange(len(q))
    # softmax - I row by row, with p_ii - 1 exact where p_ii is close to 1.
    logit_grad = softmax_cross_entropy_grad(labels, logits, reduction="sum")
    if weights is not None:
        logit_grad *= weights
    if both:
        columns = softmax_cross_entropy_grad(labels, np.ascontiguousarray(logits.T), reduction="sum")
        if weights is not None:
            columns *= weights  # row i of `columns` is column i of the logits
        logit_grad += columns.T
        logit_grad *= 0.5
    logit_grad *= scale / tau  # the logits are S / τ
    d_queries = _through_normalization(logit_grad @ k_unit, q_unit, q_exponents, q_lengths)
    d_keys = _through_normalization(logit_grad.T @ q_unit, k_unit, k_exponents, k_lengths)
    return d_queries, d_keys
