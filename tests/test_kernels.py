"""Tests of the cache-sized blocks (lossdocs._kernels) and of the losses that run on them.

The blocked code must give the numbers of the plain formulas whatever the size (0, 1, and around
every block boundary), layout (strided, Fortran order, several axes) and float type, refuse NaN
and infinities found in any block without a NumPy warning, and keep its memory small.
"""

from __future__ import annotations

import math
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import pytest

import lossdocs
from lossdocs._kernels import (
    BLOCK,
    ROW_BLOCK,
    difference_blocks,
    residual_blocks,
    row_block_length,
    row_blocks,
    sum_absolute_difference,
    sum_squared_difference,
    total,
)

SIZES = [0, 1, 2, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 3 * BLOCK + 5]


@contextmanager
def no_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def pair(n: int, dtype: type = np.float64, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=n).astype(dtype), (rng.normal(size=n) * 3.0).astype(dtype)


def layouts(n: int) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """(name, y_true, y_pred) of about n elements in several memory layouts and float types."""
    t, y = pair(2 * n + 2)
    yield "contiguous", t[:n], y[:n]
    yield "strided", t[: 2 * n : 2], y[1 : 2 * n + 1 : 2]
    yield "float32", t[:n].astype(np.float32), y[:n].astype(np.float32)
    yield "float32 and float64", t[:n].astype(np.float32), y[:n]
    rows = n // 7
    yield (
        "fortran",
        np.asfortranarray(t[: rows * 7].reshape(rows, 7)),
        np.asfortranarray(y[: rows * 7].reshape(rows, 7)),
    )
    yield "c and fortran", t[: rows * 7].reshape(rows, 7), np.asfortranarray(y[: rows * 7].reshape(rows, 7))
    yield "three axes", t[: rows * 7].reshape(rows, 7, 1), y[: rows * 7].reshape(rows, 7, 1)


def layout(n: int, name: str) -> tuple[np.ndarray, np.ndarray]:
    for found, t, y in layouts(n):
        if found == name:
            return t, y
    raise AssertionError(name)


def layout_size(n: object, name: object) -> int:
    return layout(int(str(n)), str(name))[1].size


LAYOUT_CASES = [pytest.param(n, name, id=f"{n}-{name}") for n in SIZES for name, *_ in layouts(1)]
# The layouts with at least one sample, for the losses whose mean needs one.
NONEMPTY_CASES = [case for case in LAYOUT_CASES if layout_size(*case.values) > 0]


def exact_differences(t: np.ndarray, y: np.ndarray) -> list[float]:
    """y - t in the inputs' common float type, each as a Python float."""
    return [float(d) for d in np.subtract(y, t).reshape(-1)]


# --- difference_blocks, residual_blocks and row_blocks -------------------------------------


@pytest.mark.parametrize("n", SIZES)
def test_difference_blocks_cover_every_element_once_in_blocks_of_at_most_block(n: int) -> None:
    t, y = pair(n)
    blocks = [block.copy() for block in difference_blocks(t, y)]  # the blocks share one buffer
    assert all(0 < len(block) <= BLOCK for block in blocks)
    assert all(block.dtype == np.float64 for block in blocks)
    np.testing.assert_array_equal(np.concatenate([np.empty(0), *blocks]), y - t)


def test_difference_blocks_of_float32_hold_the_float32_difference_in_float64() -> None:
    t, y = np.array([1.0], dtype=np.float32), np.array([1.0 + 2**-23], dtype=np.float32)
    small = np.float32(1e-8)
    (block,) = list(difference_blocks(t, y + small))  # 1 + 2**-23 + 1e-8 rounds in float32
    assert block.dtype == np.float64
    assert block[0] == float(np.float32(y[0] + small) - t[0])


@pytest.mark.parametrize(("n", "name"), LAYOUT_CASES)
def test_residual_blocks_fill_out_with_the_difference(n: int, name: str) -> None:
    t, y = layout(n, name)
    out = np.empty(y.shape, dtype=np.result_type(t, y))
    seen = 0
    for block in residual_blocks(t, y, out):
        assert block.size <= BLOCK
        assert block.size == 0 or np.shares_memory(block, out)
        seen += block.size
    assert seen == y.size
    np.testing.assert_array_equal(out, y - t)


def test_residual_blocks_keep_what_the_caller_writes() -> None:
    t, y = pair(3 * BLOCK + 5)
    out = np.empty_like(y)
    for block in residual_blocks(t, y, out):
        block *= 2.0
    np.testing.assert_array_equal(out, 2.0 * (y - t))


@pytest.mark.parametrize("n_rows", [0, 1, 2, 64, 65, 66, 131, 1000])
@pytest.mark.parametrize("row_length", [1, 7, 1000, ROW_BLOCK, ROW_BLOCK + 1])
def test_row_blocks_cover_every_row_once_in_order(n_rows: int, row_length: int) -> None:
    blocks = list(row_blocks(n_rows, row_length))
    assert [i for rows in blocks for i in range(n_rows)[rows]] == list(range(n_rows))
    step = row_block_length(n_rows, row_length)
    assert all(0 < rows.stop - rows.start <= step for rows in blocks)
    assert step * row_length <= ROW_BLOCK or step == 1


# --- the blocked sums ---------------------------------------------------------------------


@pytest.mark.parametrize(("n", "name"), LAYOUT_CASES)
def test_sum_squared_difference_is_the_exact_sum_to_rounding(n: int, name: str) -> None:
    t, y = layout(n, name)
    expected = math.fsum(d * d for d in exact_differences(t, y))  # squares of a float32 difference are exact
    assert sum_squared_difference(t, y) == pytest.approx(expected, rel=1e-13, abs=0.0)


@pytest.mark.parametrize(("n", "name"), LAYOUT_CASES)
def test_sum_absolute_difference_is_the_exact_sum_to_rounding(n: int, name: str) -> None:
    t, y = layout(n, name)
    expected = math.fsum(abs(d) for d in exact_differences(t, y))
    assert sum_absolute_difference(t, y) == pytest.approx(expected, rel=1e-13, abs=0.0)


@pytest.mark.parametrize("function", [sum_squared_difference, sum_absolute_difference])
def test_blocked_sums_leave_the_inputs_alone(function: Callable[..., float]) -> None:
    t, y = pair(3 * BLOCK + 5)
    t.flags.writeable = y.flags.writeable = False
    before = (t.copy(), y.copy())
    function(t, y)
    np.testing.assert_array_equal(t, before[0])
    np.testing.assert_array_equal(y, before[1])


@pytest.mark.parametrize("n", [4, 3 * BLOCK + 5])
@pytest.mark.parametrize("function", [sum_squared_difference, sum_absolute_difference])
def test_blocked_sums_give_nan_and_inf_quietly(n: int, function: Callable[..., float]) -> None:
    t, y = pair(n)
    with no_warnings():
        y[-1] = np.nan
        assert math.isnan(function(t, y))
        y[-1], t[-1] = np.inf, np.inf  # inf - inf
        assert math.isnan(function(t, y))
        y[-1], t[-1] = 1.7e308, -1.7e308  # overflows in the difference
        assert function(t, y) == math.inf


def test_total_is_correctly_rounded_and_overflows_to_inf() -> None:
    assert total([1e16, 1.0, 1.0]) == 1e16 + 2.0  # adding left to right gives 1e16
    assert total([1e308, 1e308]) == math.inf
    assert math.isnan(total([1.0, math.nan, math.inf]))
    assert total([]) == 0.0


# --- the losses and gradients on blocks -----------------------------------------------------

LOSSES: dict[str, tuple[Callable[..., object], Callable[[np.ndarray, np.ndarray], float]]] = {
    "sum_squared_error": (lossdocs.sum_squared_error, lambda t, y: math.fsum(((y - t) ** 2).reshape(-1))),
    "mean_squared_error": (
        lossdocs.mean_squared_error,
        lambda t, y: math.fsum(((y - t) ** 2).reshape(-1)) / t.size,
    ),
    "mean_absolute_error": (
        lossdocs.mean_absolute_error,
        lambda t, y: math.fsum(np.abs(y - t).reshape(-1)) / t.size,
    ),
}
GRADIENTS: dict[str, tuple[Callable[..., np.ndarray], Callable[[np.ndarray, np.ndarray], np.ndarray]]] = {
    "sum_squared_error_grad": (lossdocs.sum_squared_error_grad, lambda t, y: 2.0 * (y - t)),
    "mean_squared_error_grad": (lossdocs.mean_squared_error_grad, lambda t, y: (y - t) * (2.0 / t.size)),
    "mean_absolute_error_grad": (
        lossdocs.mean_absolute_error_grad,
        lambda t, y: np.sign(y - t) * (1.0 / t.size),
    ),
    "huber_loss_grad": (lossdocs.huber_loss_grad, lambda t, y: np.clip(y - t, -1.0, 1.0) * (1.0 / t.size)),
    "log_cosh_loss_grad": (lossdocs.log_cosh_loss_grad, lambda t, y: np.tanh(y - t) * (1.0 / t.size)),
    "quantile_loss_grad": (
        lossdocs.quantile_loss_grad,
        lambda t, y: np.where(y > t, 0.5, np.where(y < t, -0.5, 0.0)) * (1.0 / t.size),
    ),
}


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize(("n", "layout_name"), NONEMPTY_CASES)
def test_blocked_losses_match_the_plain_formula(name: str, n: int, layout_name: str) -> None:
    loss, plain = LOSSES[name]
    t, y = layout(n, layout_name)
    with no_warnings():
        got = loss(t, y)
    assert type(got) is float
    assert got == pytest.approx(plain(t, y), rel=1e-12 if np.result_type(t, y) == np.float64 else 1e-5)


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("n", [BLOCK + 1, 3 * BLOCK + 5])
def test_blocked_losses_agree_with_their_per_sample_losses(name: str, n: int) -> None:
    loss, _ = LOSSES[name]
    t, y = pair(n)
    t, y = t[: n // 5 * 5].reshape(-1, 5), y[: n // 5 * 5].reshape(-1, 5)
    per_sample = loss(t, y, reduction="none")
    assert loss(t, y, reduction="sum") == pytest.approx(math.fsum(per_sample), rel=1e-13)
    assert loss(t, y, reduction="mean") == pytest.approx(math.fsum(per_sample) / len(t), rel=1e-13)


@pytest.mark.parametrize("name", [*LOSSES, *GRADIENTS])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("argument", ["y_true", "y_pred"])
def test_a_bad_value_in_the_last_block_is_refused_with_its_index(
    name: str, bad: float, argument: str
) -> None:
    function = {**LOSSES, **GRADIENTS}[name][0]
    t, y = pair(5 * (BLOCK + 3))
    t, y = t.reshape(-1, 5), y.reshape(-1, 5)
    (t if argument == "y_true" else y)[-1, 3] = bad
    with (
        no_warnings(),
        pytest.raises(ValueError, match=rf"{argument} must be finite, found .* at index \({len(t) - 1}, 3\)"),
    ):
        function(t, y)


@pytest.mark.parametrize("name", [*LOSSES, *GRADIENTS])
def test_finite_inputs_that_overflow_in_a_late_block_are_not_refused(name: str) -> None:
    function = {**LOSSES, **GRADIENTS}[name][0]
    t, y = pair(3 * BLOCK + 5)
    t[-1], y[-1] = -1.7e308, 1.7e308
    with no_warnings():
        result = function(t, y)
    if name in LOSSES:
        assert result == math.inf
    else:
        assert not np.isnan(result).any()


@pytest.mark.parametrize("name", GRADIENTS)
@pytest.mark.parametrize(("n", "layout_name"), NONEMPTY_CASES)
def test_blocked_gradients_match_the_plain_formula(name: str, n: int, layout_name: str) -> None:
    grad, plain = GRADIENTS[name]
    t, y = layout(n, layout_name)
    got = grad(t, y, quantile=0.5) if grad is lossdocs.quantile_loss_grad else grad(t, y)
    expected = plain(t, y)  # the mean over samples and outputs is the mean over all elements: 1 / size
    assert got.shape == y.shape
    assert got.dtype == np.result_type(t, y)
    np.testing.assert_allclose(got, expected, rtol=1e-6 if got.dtype == np.float32 else 1e-13, atol=0)


@pytest.mark.parametrize("name", LOSSES)
def test_blocked_losses_need_no_full_size_memory(name: str) -> None:
    loss, _ = LOSSES[name]
    t, y = pair(400_000)  # 3.2 MB each
    loss(t, y)  # imports and caches out of the way
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        loss(t, y)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert peak < 400_000, f"{name} allocated {peak} bytes for inputs of 3.2 MB"  # a 256 KiB block


# --- softmax cross-entropy on blocks of rows ------------------------------------------------


def plain_softmax_cross_entropy(labels: np.ndarray, z: np.ndarray, smoothing: float = 0.0) -> np.ndarray:
    """Per-row -sum t' log softmax(z), from scipy-free float64 formulas (max shifted out)."""
    z = z.astype(np.float64).reshape(-1, z.shape[-1])
    shifted = z - z.max(axis=-1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    targets = np.full(z.shape, smoothing / z.shape[-1])
    targets[np.arange(len(z)), labels.reshape(-1)] += 1.0 - smoothing
    return -(targets * log_softmax).sum(axis=-1).reshape(labels.shape)


def plain_softmax_cross_entropy_grad(labels: np.ndarray, z: np.ndarray) -> np.ndarray:
    flat = z.astype(np.float64).reshape(-1, z.shape[-1])
    e = np.exp(flat - flat.max(axis=-1, keepdims=True))
    grad = e / e.sum(axis=-1, keepdims=True)
    grad[np.arange(len(flat)), labels.reshape(-1)] -= 1.0
    return (grad / z.shape[0]).reshape(z.shape)


# (n_rows, n_classes): one block; several blocks with a short last one; one row per block.
SOFTMAX_SHAPES = [(3, 5), (2 * (ROW_BLOCK // 1000) + 3, 1000), (4, ROW_BLOCK + 3)]


def logits_and_labels(shape: tuple[int, ...], seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(scale=3.0, size=shape), rng.integers(0, shape[-1], size=shape[:-1])


@pytest.mark.parametrize("shape", SOFTMAX_SHAPES)
@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_blocked_softmax_cross_entropy_matches_the_plain_formula(
    shape: tuple[int, int], smoothing: float
) -> None:
    z, labels = logits_and_labels(shape)
    with no_warnings():
        got = lossdocs.softmax_cross_entropy(labels, z, reduction="none", label_smoothing=smoothing)
    np.testing.assert_allclose(got, plain_softmax_cross_entropy(labels, z, smoothing), rtol=1e-12)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda z: z[:, ::2], id="strided"),
        pytest.param(np.asfortranarray, id="fortran"),
        pytest.param(lambda z: z.astype(np.float32), id="float32"),
        pytest.param(lambda z: z.reshape(z.shape[0] // 3, 3, z.shape[1]), id="three-axes"),
    ],
)
def test_blocked_softmax_cross_entropy_in_other_layouts(make: Callable[[np.ndarray], np.ndarray]) -> None:
    base, _ = logits_and_labels((3 * (ROW_BLOCK // 1000) + 3, 2000))
    z = make(base)
    labels = np.random.default_rng(2).integers(0, z.shape[-1], size=z.shape[:-1])
    z.flags.writeable = False
    got = lossdocs.softmax_cross_entropy(labels, z, reduction="none")
    assert got.shape == (z.shape[0],)
    expected = plain_softmax_cross_entropy(labels, z).reshape(z.shape[0], -1).sum(axis=1)
    np.testing.assert_allclose(got, expected, rtol=1e-5 if z.dtype == np.float32 else 1e-12)
    grad = lossdocs.softmax_cross_entropy_grad(labels, z)
    assert grad.shape == z.shape
    assert grad.dtype == z.dtype
    np.testing.assert_allclose(
        grad,
        plain_softmax_cross_entropy_grad(labels, z),
        rtol=1e-4 if z.dtype == np.float32 else 1e-10,
        atol=1e-12,
    )


@pytest.mark.parametrize("shape", SOFTMAX_SHAPES)
def test_blocked_softmax_cross_entropy_grad_matches_the_plain_formula(shape: tuple[int, int]) -> None:
    z, labels = logits_and_labels(shape)
    with no_warnings():
        got = lossdocs.softmax_cross_entropy_grad(labels, z)
        one_hot = np.zeros(shape)
        one_hot[np.arange(shape[0]), labels] = 1.0
        from_rows = lossdocs.softmax_cross_entropy_grad(one_hot, z)
    expected = plain_softmax_cross_entropy_grad(labels, z)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-16)
    np.testing.assert_allclose(from_rows, expected, rtol=1e-10, atol=1e-16)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize(
    "function", [lossdocs.softmax_cross_entropy, lossdocs.softmax_cross_entropy_grad], ids=["loss", "grad"]
)
def test_a_bad_logit_in_a_late_block_is_refused_with_its_index(
    bad: float, function: Callable[..., object]
) -> None:
    z, labels = logits_and_labels((3 * (ROW_BLOCK // 1000) + 3, 2, 500))
    z[-1, 1, 7] = bad  # not the label's logit, and (for -inf) not the maximum: e^{-inf} = 0 hides it
    labels[-1, 1] = 3
    with (
        no_warnings(),
        pytest.raises(ValueError, match=rf"logits must be finite, found .* at index \({len(z) - 1}, 1, 7\)"),
    ):
        function(labels, z)


def test_softmax_cross_entropy_of_huge_finite_logits_in_a_late_block_is_not_refused() -> None:
    z, labels = logits_and_labels((3 * (ROW_BLOCK // 1000) + 3, 1000))
    z[-1, :2] = [1.7e308, -1.7e308]  # z - max z overflows to -inf: finite logits, e^{-inf} = 0 is right
    labels[-1] = 0
    with no_warnings():
        losses = lossdocs.softmax_cross_entropy(labels, z, reduction="none")
    assert losses[-1] == 0.0
    np.testing.assert_allclose(losses[:-1], plain_softmax_cross_entropy(labels[:-1], z[:-1]), rtol=1e-12)


def test_blocked_softmax_cross_entropy_needs_no_full_size_memory() -> None:
    z, labels = logits_and_labels((2000, 500))  # 8 MB
    lossdocs.softmax_cross_entropy(labels, z)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        lossdocs.softmax_cross_entropy(labels, z)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, f"softmax_cross_entropy allocated {peak} bytes for logits of 8 MB"
