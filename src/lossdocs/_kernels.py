"""Cache-sized blocks: passes over large arrays without full-size temporaries.

The plain ``np.sum((y_pred - y_true) ** 2)`` writes two temporaries as large as its inputs and
reads them back. On arrays larger than the processor's cache every one of those passes goes to
main memory: it costs three to four times reading the inputs once, and twice their size in
memory. The helpers here read the inputs once, block by block: the intermediate values of a
block go into one small scratch buffer (or into the block's part of the result) that stays in
the cache, are reduced there, and only one partial sum per block leaves it. An array of at most
one block takes the direct route, which is cheapest for small inputs.

`difference_blocks` and `residual_blocks` cut two arrays of one shape into flat blocks of
`BLOCK` elements; `row_blocks` cuts a table into blocks of whole rows (for a softmax over each row).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Literal

import numpy as np
from numpy.typing import NDArray

BLOCK = 8_192
"""Elements per block: two input blocks and the float64 scratch (3 × 64 KiB) stay in the L2 cache,
and OpenBLAS runs a dot product this short on one thread (it splits those above 10,000 elements)."""


ROW_BLOCK = 65_536
"""Elements per block of rows (512 KiB of float64, in the L2 cache): a block of rows takes a dozen
NumPy calls, whose fixed cost larger blocks spread over more elements."""


def row_block_length(n_rows: int, row_length: int) -> int:
    """The number of rows in each block of `row_blocks` (at least one, at most `n_rows`)."""
    return max(1, min(n_rows, ROW_BLOCK // max(row_length, 1)))


def row_blocks(n_rows: int, row_length: int) -> Iterator[slice]:
    """Consecutive slices of rows that cover range(n_rows), each of about `ROW_BLOCK` elements."""
    step = row_block_length(n_rows, row_length)
    for start in range(0, n_rows, step):
        yield slice(start, min(start + step, n_rows))


def _pieces(
    y_true: NDArray[np.floating], y_pred: NDArray[np.floating], order: Literal["C", "K"]
) -> np.nditer:
    """Aligned flat pieces (y_pred, y_true) of at most `BLOCK` elements of two arrays of one shape.

    A buffered iterator walks both arrays in one element order ("C": row-major, as in a new
    array; "K": as they lie in memory), handing out views of contiguous memory and small copies
    of strided memory.
    """
    return np.nditer(
        [y_pred, y_true], flags=["external_loop", "buffered", "zerosize_ok"], order=order, buffersize=BLOCK
    )


def difference_blocks(
    y_true: NDArray[np.floating], y_pred: NDArray[np.floating]
) -> Iterator[NDArray[np.float64]]:
    """y_pred - y_true in flat float64 blocks of at most `BLOCK` elements, for arrays of one shape.

    Every element is in exactly one block. The difference is taken in the dtype of the inputs
    (float32 stays float32) and stored as float64, so that sums over it accumulate in float64.
    All blocks share one scratch buffer: use a block before asking for the next.
    """
    scratch = np.empty(min(BLOCK, y_pred.size))
    for pred, true in _pieces(y_true, y_pred, "K"):
        yield np.subtract(pred, true, out=scratch[: pred.shape[0]])


def residual_blocks(
    y_true: NDArray[np.floating], y_pred: NDArray[np.floating], out: NDArray[np.floating]
) -> Iterator[NDArray[np.floating]]:
    """y_pred - y_true written into `out`, a new array of their shape, one flat block at a time.

    Each block is a view of `out`: what the caller writes into it stays there.
    """
    flat = out.reshape(-1)  # a view: `out` is C-contiguous
    if flat.size <= BLOCK:  # one block: no iterator
        np.subtract(y_pred, y_true, out=out)
        yield flat
        return
    start = 0
    for pred, true in _pieces(y_true, y_pred, "C"):
        block = flat[start : start + pred.shape[0]]
        np.subtract(pred, true, out=block)
        yield block
        start += pred.shape[0]


def _small_difference(
    y_true: NDArray[np.floating], y_pred: NDArray[np.floating]
) -> NDArray[np.float64] | None:
    """y_pred - y_true as one flat float64 block if it has at most `BLOCK` elements, else None.

    Small arrays skip the scratch buffer and the iterator, which cost more than the arithmetic.
    """
    if y_pred.size > BLOCK:
        return None
    difference: NDArray[np.float64] = np.subtract(y_pred, y_true)
    if difference.ndim == 1 and difference.dtype.char == "d":  # already flat float64
        return difference
    return difference.reshape(-1).astype(np.float64)  # float32 differences are added in float64


# inf - inf and overflow give NaN and inf without a warning: the callers check the result.
@np.errstate(invalid="ignore", over="ignore")
def sum_squared_difference(y_true: NDArray[np.floating], y_pred: NDArray[np.floating]) -> float:
    """sum((y_pred - y_true) ** 2) over every element, accumulated in float64."""
    # d · d = sum_i d_i^2: BLAS squares and adds a block in one pass over the cache.
    d = _small_difference(y_true, y_pred)
    if d is not None:
        return float(np.dot(d, d))
    return total(float(np.dot(d, d)) for d in difference_blocks(y_true, y_pred))


@np.errstate(invalid="ignore", over="ignore")
def sum_absolute_difference(y_true: NDArray[np.floating], y_pred: NDArray[np.floating]) -> float:
    """sum(|y_pred - y_true|) over every element, accumulated in float64."""
    d = _small_difference(y_true, y_pred)
    if d is not None:
        return float(np.abs(d, out=d).sum())
    return total(float(np.abs(d, out=d).sum()) for d in difference_blocks(y_true, y_pred))


def total(partials: Iterable[float]) -> float:
    """The correctly rounded sum of non-negative partial sums (NaN and inf propagate, overflow gives inf)."""
    values = list(partials)
    try:
        return math.fsum(values)
    except OverflowError:  # fsum refuses finite values whose sum is beyond the float range
        return math.inf
