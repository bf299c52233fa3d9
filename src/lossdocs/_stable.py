"""Stable forms shared by the activations and the losses, computed on one block at a time.

Each helper works on a block small enough for the cache (see `_kernels`) and writes into
buffers that the caller owns (`out=`), so that a pass over a large array makes no temporary as
large as it. Below AVX-512, NumPy's float64 `exp` and `log` take about 5 ns per element and
`log1p` 13 ns: there `log1p` is computed from `log` and a correction that restores its accuracy
(`numpy.lib.introspect` says which code NumPy runs).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

from lossdocs._checks import FloatArray
from lossdocs._kernels import row_block_length, row_blocks


def _log1p_is_vectorized() -> bool:
    """Whether NumPy runs float64 log1p with SIMD code here (with AVX-512: as fast as log)."""
    try:
        from numpy.lib.introspect import opt_func_info  # NumPy 2.0 and later

        found = opt_func_info(func_name="^log1p$", signature="float64")["log1p"]
    except (ImportError, KeyError):
        return False
    return not any(loop["current"].startswith("baseline") for loop in found.values())


LOG1P_IS_VECTORISED = _log1p_is_vectorized()


def log1p(u: FloatArray, out: FloatArray, w: FloatArray) -> FloatArray:
    """log(1 + u) for u >= -1, into `out` (not `u`), to a few ulp; `w` is scratch of the same length.

    Where NumPy's own log1p is not vectorized, u = -1 and u = inf give NaN (not -inf and inf):
    the callers mend those edges.
    """
    if LOG1P_IS_VECTORISED:
        return np.log1p(u, out=out)
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
    """1.0 where z >= 0 (-0.0 included), 0.0 where z < 0, into `out`."""
    return np.greater_equal(z, 0.0, out=out, casting="unsafe")  # a comparison, written as floats


# --- softmax over rows ----------------------------------------------------------------------


def shifted_row_blocks(
    table: FloatArray, out: FloatArray | None = None
) -> Iterator[tuple[slice, FloatArray, NDArray[np.intp], NDArray[np.intp]]]:
    """z - max z for cache-sized blocks of rows of the 2-d `table` (one row: the classes of a sample).

    Yields the rows of the block, the 2-d block of z - max z, where each row's maximum is and
    where each row starts (flat indices into the block; the maximum of a row with NaN is its first
    NaN, as NumPy's argmax finds it). The blocks are written into `out`, shaped like `table`, if
    given, else into one scratch buffer that they share. A difference beyond the float range (logits
    near ±1.8e308) is -inf, and e^{-inf} = 0 is right: callers ignore that overflow (np.errstate).
    """
    n, k = table.shape
    step = row_block_length(n, k)
    offsets = np.arange(0, step * k, k)  # where each row of a block starts
    buffer = out if out is not None else np.empty((step, k), dtype=table.dtype)
    for rows in row_blocks(n, k):
        count = rows.stop - rows.start
        block, starts = table[rows], offsets[:count]
        shifted = buffer[rows] if out is not None else buffer[:count]
        top = np.argmax(block, axis=1)
        top += starts
        np.subtract(block, block.reshape(-1)[top][:, np.newaxis], out=shifted)
        yield rows, shifted, top, starts


def sum_but_top(exps: FloatArray, top: NDArray[np.intp], *, restore: bool = True) -> FloatArray:
    """sum(exps) - 1 of each row of the 2-d block `exps` = e^{z - max z}, which is exactly 1 at `top`.

    Adding the other terms without the 1 keeps them exact: 1 + 1e-20 rounds to 1, so
    log(sum exps) would be 0 where log1p(sum but top) is 1e-20. With `restore` the 1s are put
    back; without, they are left at 0.
    """
    flat = exps.reshape(-1)
    flat[top] = 0.0
    rest: FloatArray = exps.sum(axis=1)
    if restore:
        flat[top] = 1.0
    return rest


def softmax_rows(table: FloatArray) -> FloatArray:
    """softmax of each row of the finite 2-d `table`, block by block of rows, in a new array."""
    out = np.empty(table.shape, dtype=table.dtype)
    with np.errstate(over="ignore"):  # see shifted_row_blocks
        for _, exps, top, _ in shifted_row_blocks(table, out):
            np.exp(exps, out=exps)
            exps /= (1.0 + sum_but_top(exps, top))[:, np.newaxis]
    return out


def log_softmax_rows(table: FloatArray) -> FloatArray:
    """log softmax of each row of the finite 2-d `table`, block by block of rows, in a new array."""
    out = np.empty(table.shape, dtype=table.dtype)
    buffer = np.empty((row_block_length(*table.shape), table.shape[1]), dtype=table.dtype)
    with np.errstate(over="ignore"):  # see shifted_row_blocks
        for rows, shifted, top, _ in shifted_row_blocks(table, out):
            exps = np.exp(shifted, out=buffer[: rows.stop - rows.start])
            # log softmax(z) = (z - m) - log sum_k e^{z_k - m}: both terms <= 0, so nothing cancels.
            shifted -= np.log1p(sum_but_top(exps, top, restore=False))[:, np.newaxis]
    return out
