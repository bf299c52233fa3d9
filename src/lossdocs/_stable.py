"""Stable forms shared by the activations and the losses, computed on one block at a time.

Each helper works on a block small enough for the cache (see `_kernels`) and writes into
buffers that the caller owns (`out=`), so that a pass over a large array makes no temporary as
large as it. The forms use only the functions that NumPy vectorises on every processor: float64
`exp` and `log` take about 5 ns per element without AVX-512, where `log1p`, `expm1` and `sinh`
take 12 to 17 ns, so `log1p` is computed from `log` and a correction that restores its accuracy.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from lossdocs._checks import FloatArray
from lossdocs._kernels import row_block_length, row_blocks


def log1p(u: FloatArray, out: FloatArray, w: FloatArray) -> FloatArray:
    """log(1 + u) for u >= -1, into `out`, to a few ulp; `w` is scratch of the same length.

    u = -1 gives NaN (not -inf) and u = inf gives NaN: the callers mend those edges.
    """
    # log1p(u) = log(w) + c / w, with w = fl(1 + u) and c = u - (w - 1) the rounding error of 1 + u
    # (exact for |u| <= 1, where it matters): log(w + c) = log(w) + c / w + O(c^2).
    np.add(u, 1.0, out=w)
    np.subtract(w, 1.0, out=out)
    np.subtract(u, out, out=out)
    np.divide(out, w, out=out)
    np.log(w, out=w)
    return np.add(w, out, out=out)


def exp_minus_abs(z: FloatArray, out: FloatArray) -> FloatArray:
    """e^{-|z|} in (0, 1], into `out`: no exponential of a positive number, so no overflow."""
    np.abs(z, out=out)
    np.negative(out, out=out)
    return np.exp(out, out=out)


def step(z: FloatArray, out: FloatArray) -> FloatArray:
    """1 where z >= +0, 0 where z <= -0 (the sign bit decides), into `out`."""
    np.copysign(0.5, z, out=out)
    return np.add(out, 0.5, out=out)


# --- softmax over rows ----------------------------------------------------------------------


def shift_rows(rows: FloatArray, out: FloatArray) -> NDArray[np.intp]:
    """z - max z of each row of the 2-d block `rows`, into `out`; returns where each maximum is.

    The positions are flat indices into `out.reshape(-1)`: the entry of each row that is exactly
    0 after the shift (a NaN, if the row has one; NumPy's argmax finds NaN first).
    """
    n_rows, length = rows.shape
    top = np.argmax(rows, axis=1)
    top += np.arange(0, n_rows * length, length)  # flat index of each row's maximum
    # A difference beyond the float range (logits near ±1.8e308) is -inf, and e^{-inf} = 0 is right.
    with np.errstate(over="ignore", invalid="ignore"):
        np.subtract(rows, rows.reshape(-1)[top][:, np.newaxis], out=out)
    return top


def sum_but_top(exps: FloatArray, top: NDArray[np.intp]) -> FloatArray:
    """sum(exps) - 1 of each row of the 2-d block `exps` = e^{z - max z}, which is exactly 1 at `top`.

    Adding the other terms without the 1 keeps them exact: 1 + 1e-20 rounds to 1, so
    log(sum exps) would be 0 where log1p(sum but top) is 1e-20. `exps` is unchanged afterwards.
    """
    flat = exps.reshape(-1)
    flat[top] = 0.0
    rest: FloatArray = exps.sum(axis=1)
    flat[top] = 1.0
    return rest


def softmax_rows(table: FloatArray) -> FloatArray:
    """softmax of each row of the finite 2-d `table`, block by block of rows, in a new array."""
    n, k = table.shape
    out = np.empty((n, k), dtype=table.dtype)
    for rows in row_blocks(n, k):
        exps = out[rows]
        top = shift_rows(table[rows], exps)
        np.exp(exps, out=exps)
        exps /= (1.0 + sum_but_top(exps, top))[:, np.newaxis]
    return out


def log_softmax_rows(table: FloatArray) -> FloatArray:
    """log softmax of each row of the finite 2-d `table`, block by block of rows, in a new array."""
    n, k = table.shape
    out = np.empty((n, k), dtype=table.dtype)
    buffer = np.empty((row_block_length(n, k), k), dtype=table.dtype)
    for rows in row_blocks(n, k):
        shifted = out[rows]
        top = shift_rows(table[rows], shifted)
        exps = np.exp(shifted, out=buffer[: rows.stop - rows.start])
        # log softmax(z) = (z - m) - log sum_k e^{z_k - m}: both terms <= 0, so nothing cancels.
        shifted -= np.log1p(sum_but_top(exps, top))[:, np.newaxis]
    return out
