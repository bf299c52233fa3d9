"""Cache-sized blocks: passes over large arrays without full-size temporaries.

The plain ``np.sum((y_pred - y_true) ** 2)`` writes two temporaries as large as its inputs and
reads them back. On arrays larger than the processor's cache every one of those passes goes to
main memory: it costs three to four times reading the inputs once, and twice their size in
memory. The helpers here read the inputs once, block by block: the intermediate values of a
block go into small scratch buffers (or into the block's part of the result) that stay in the
cache, are reduced there, and only one partial sum per block leaves it. An array of at most
one block takes the direct route, which is cheapest for small inputs.

`difference_blocks` and `residual_blocks` cut two arrays of one shape into flat blocks of
`BLOCK` elements; `row_blocks` cuts a table into blocks of whole rows (for a softmax over each
row, or for the elementwise losses, whose samples are rows); `scratch` makes the buffers of a block.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Literal

import numpy as np
from numpy.typing import DTypeLike, NDArray

from lossdocs._checks import FloatArray, Reduction, reduce_total

BLOCK = 8_192
"""Elements per block: two input blocks and the float64 scratch (3 × 64 KiB) stay in the L2 cache,
and OpenBLAS runs a dot product this short on one thread (it splits those above 10,000 elements
over its threads, whose start costs far more than the dot product of a block)."""


SUM_BLOCK = 4 * BLOCK
"""Elements per block of the blocked sums: one NumPy call takes the difference of a block (256 KiB of
float64, in the L2 cache), whose fixed cost (about 1 µs) is then spread over four times as many
elements as a dot product may take."""


_FLOAT64 = np.dtype(np.float64)
_VECDOT = getattr(np, "vecdot", None)  # NumPy 2.0 and later: the dot product of each row

TINY = 16
"""At most this many float64 elements are added as Python floats (exactly, by math.fsum): for the
article's four, a NumPy call and np.errstate cost more than the arithmetic, and Python floats turn
inf - inf and overflow into NaN and inf without a warning."""


ROW_BLOCK = 65_536
"""Elements per block of rows, and of a gradient's residuals (512 KiB of float64, in the L2 cache): a
block takes a dozen NumPy calls, whose fixed cost larger blocks spread over more elements."""


ELEMENT_BLOCK = 16_384
"""Elements per block of an elementwise loss (128 KiB of float64): its inputs, its result and the
four or five scratch buffers of its formula, about 1 MiB together, stay in the L2 cache."""


def row_block_length(n_rows: int, row_length: int, size: int = ROW_BLOCK) -> int:
    """The number of rows in each block of `row_blocks` (at least one, at most `n_rows`)."""
    return max(1, min(n_rows, size // max(row_length, 1)))


def row_blocks(n_rows: int, row_length: int, size: int = ROW_BLOCK) -> Iterator[slice]:
    """Consecutive slices of rows that cover range(n_rows), each of about `size` elements."""
    step = row_block_length(n_rows, row_length, size)
    for start in range(0, n_rows, step):
        yield slice(start, min(start + step, n_rows))


def scratch(count: int, n_rows: int, row_length: int, dtype: DTypeLike) -> NDArray[np.floating]:
    """`count` flat buffers, as long as the largest of `row_blocks(n_rows, row_length, ELEMENT_BLOCK)`."""
    return np.empty((count, row_block_length(n_rows, row_length, ELEMENT_BLOCK) * row_length), dtype=dtype)


def sample_losses(
    inputs: Sequence[FloatArray],
    block_terms: Callable[..., FloatArray],
    buffers: int,
    reduction: Reduction,
    *,
    mean_over_outputs: bool = True,
    mend: Callable[..., None] | None = None,
) -> float | FloatArray:
    """The loss of each sample, or their sum or mean, from terms computed block by block of samples.

    `inputs` are arrays of one shape whose axis 0 is the sample axis. `block_terms(*blocks,
    *scratch)` gets the flat blocks of the inputs and `buffers` scratch buffers of their length,
    and returns the block's terms (in one of the buffers); where their sum is not finite,
    `mend(terms, *blocks)` may fix them. The loss of a sample is the mean of its terms (or their
    sum, if not `mean_over_outputs`); "sum" and "mean" add the blocks' sums, and need no array of
    losses at all. NaN and inf in the result are for the caller to check.
    """
    n = inputs[0].shape[0]
    m = math.prod(inputs[0].shape[1:])
    tables = [array.reshape(n, m) for array in inputs]  # views of contiguous inputs
    dtype = np.result_type(*inputs)
    space = scratch(buffers, n, m, dtype)
    losses = np.empty(n, dtype=dtype) if reduction == "none" else None
    divisor = m if mean_over_outputs else 1
    partials = []
    for rows in row_blocks(n, m, ELEMENT_BLOCK) if m else ():  # no outputs: each sample's sum is 0
        count = (rows.stop - rows.start) * m
        blocks = [table[rows].reshape(-1) for table in tables]
        terms = block_terms(*blocks, *(buffer[:count] for buffer in space))
        part = np.add.reduce(terms)
        if mend is not None and not math.isfinite(part):
            mend(terms, *blocks)
            part = np.add.reduce(terms)
        if losses is not None:
            losses[rows] = terms if m == 1 else terms.reshape(-1, m).sum(axis=1) / divisor
        partials.append(part)
    if losses is not None:
        if not m:
            losses[:] = 0.0
        return losses
    return reduce_total(total(partials) / divisor, n, reduction)


def elementwise(
    inputs: Sequence[FloatArray], out: FloatArray, block_function: Callable[..., float], buffers: int
) -> float:
    """`block_function(*blocks, out_block, *scratch)` on flat blocks of `inputs` and `out` (all of one shape).

    `out` is a new, C-contiguous array; the blocks of the inputs are views of contiguous inputs
    (strided inputs are copied once). Returns the sum of what `block_function` returns for each
    block: a probe of the inputs' finiteness, for the caller to check.
    """
    flats = [array.reshape(-1) for array in inputs]
    result = out.reshape(-1)
    space = scratch(buffers, result.size, 1, out.dtype)
    probe = 0.0
    for part in row_blocks(result.size, 1, ELEMENT_BLOCK):
        count = part.stop - part.start
        probe += block_function(
            *(flat[part] for flat in flats), result[part], *(buffer[:count] for buffer in space)
        )
    return probe


def _pieces(
    y_true: NDArray[np.floating], y_pred: NDArray[np.floating], order: Literal["C", "K"], size: int = BLOCK
) -> Iterator[tuple[NDArray[np.floating], NDArray[np.floating]]]:
    """Aligned flat pieces (y_pred, y_true) of at most `size` elements of two arrays of one shape.

    Contiguous arrays of one layout are cut into views. Others go through a buffered iterator
    that walks both in one element order ("C": row-major, as in a new array; "K": as they lie
    in memory), handing out views of contiguous memory and small copies of strided memory.
    """
    if y_pred.flags.c_contiguous and y_true.flags.c_contiguous:
        pred, true = y_pred.reshape(-1), y_true.reshape(-1)
        for start in range(0, pred.size, size):
            yield pred[start : start + size], true[start : start + size]
        return
    yield from np.nditer(
        [y_pred, y_true], flags=["external_loop", "buffered", "zerosize_ok"], order=order, buffersize=size
    )


def difference_blocks(
    y_true: NDArray[np.floating], y_pred: NDArray[np.floating]
) -> Iterator[NDArray[np.float64]]:
    """y_pred - y_true in flat float64 blocks of at most `BLOCK` elements, for arrays of one shape.

    Every element is in exactly one block. The difference is taken in the dtype of the inputs
    (float32 stays float32) and stored as float64, so that sums over it accumulate in float64.
    All blocks share one scratch buffer: use a block before asking for the next.
    """
    buffer = np.empty(min(BLOCK, y_pred.size))
    for pred, true in _pieces(y_true, y_pred, "K"):
        yield np.subtract(pred, true, out=buffer[: pred.shape[0]])


def residual_blocks(
    y_true: NDArray[np.floating], y_pred: NDArray[np.floating], out: NDArray[np.floating], size: int = BLOCK
) -> Iterator[NDArray[np.floating]]:
    """y_pred - y_true written into `out`, a new array of their shape, one flat block of `size` at a time.

    Each block is a view of `out`: what the caller writes into it stays there.
    """
    flat = out.reshape(-1)  # a view: `out` is C-contiguous
    if flat.size <= size:  # one block: no iterator
        np.subtract(y_pred, y_true, out=out)
        yield flat
        return
    start = 0
    for pred, true in _pieces(y_true, y_pred, "C", size):
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


def _tiny_pairs(
    y_true: NDArray[np.floating], y_pred: NDArray[np.floating]
) -> Iterator[tuple[float, float]] | None:
    """(y_true, y_pred) as Python floats, if both are float64 of `TINY` elements or fewer."""
    if y_pred.size > TINY or y_pred.dtype is not _FLOAT64 or y_true.dtype is not _FLOAT64:
        return None
    return zip(y_true.ravel().tolist(), y_pred.ravel().tolist())  # noqa: B905 (one shape)


def sum_squared_difference(y_true: NDArray[np.floating], y_pred: NDArray[np.floating]) -> float:
    """sum((y_pred - y_true) ** 2) over every element, accumulated in float64."""
    pairs = _tiny_pairs(y_true, y_pred)
    if pairs is not None:
        return total([(b - a) * (b - a) for a, b in pairs])
    # inf - inf and overflow give NaN and inf without a warning: the callers check the result.
    with np.errstate(invalid="ignore", over="ignore"):
        # d · d = sum_i d_i^2: BLAS squares and adds a block in one pass over the cache.
        d = _small_difference(y_true, y_pred)
        if d is not None:
            return float(np.dot(d, d))
        buffer = np.empty(SUM_BLOCK)
        partials: list[float] = []
        for pred, true in _pieces(y_true, y_pred, "K", SUM_BLOCK):
            d = np.subtract(pred, true, out=buffer[: pred.shape[0]])
            full = d.shape[0] - d.shape[0] % BLOCK
            rows = d[:full].reshape(-1, BLOCK)  # dot products short enough for one thread, in one call
            partials += _VECDOT(rows, rows).tolist() if _VECDOT else [np.dot(row, row) for row in rows]
            partials.append(np.dot(d[full:], d[full:]))
    return total(partials)


def sum_absolute_difference(y_true: NDArray[np.floating], y_pred: NDArray[np.floating]) -> float:
    """sum(|y_pred - y_true|) over every element, accumulated in float64."""
    pairs = _tiny_pairs(y_true, y_pred)
    if pairs is not None:
        return total([abs(b - a) for a, b in pairs])
    with np.errstate(invalid="ignore", over="ignore"):
        d = _small_difference(y_true, y_pred)
        if d is not None:
            return float(np.abs(d, out=d).sum())
        buffer, add, partials = np.empty(SUM_BLOCK), np.add.reduce, []
        for pred, true in _pieces(y_true, y_pred, "K", SUM_BLOCK):
            d = np.subtract(pred, true, out=buffer[: pred.shape[0]])
            partials.append(add(np.abs(d, out=d)))
    return total(partials)


def total(partials: Iterable[float]) -> float:
    """The correctly rounded sum of partial sums (NaN and inf propagate, overflow gives inf)."""
    try:
        return math.fsum(partials)
    except OverflowError:  # fsum refuses finite values whose sum is beyond the float range
        return math.inf
    except ValueError:  # inf + -inf
        return math.nan
