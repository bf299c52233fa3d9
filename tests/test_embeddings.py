"""Tests of lossdocs.embeddings: triplet_margin_loss and info_nce_loss, each with its gradient.

The table CASES describes each loss and option once (its functions, keyword arguments, valid
random inputs and a written-out NumPy reference); the generic tests run over it. Then come the
optional references of PyTorch, mpmath on hard inputs (near-identical embeddings, norms from
1e-310 to 1e308, tiny temperatures), hypothesis properties and the bad-input battery.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

import lossdocs
from lossdocs import info_nce_loss, info_nce_loss_grad, triplet_margin_loss, triplet_margin_loss_grad
from tests.test_classification import no_warnings, numerical_grad

MP = mpmath.mp.clone()
MP.prec = 200
REDUCTIONS = ["sum", "mean", "none"]
EPS = float(np.finfo(np.float64).eps)
Inputs = tuple[np.ndarray, ...]


# --- valid random inputs and written-out references -----------------------------------------


def distances(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.linalg.norm(x - y, axis=1)


def triplets(rng: np.random.Generator, n: int, d: int, margin: float = 1.0) -> Inputs:
    """Random triplets away from the kink and from zero distances (for finite differences)."""
    anchor, positive, negative = (rng.normal(0.0, 1.0, size=(n, d)) for _ in range(3))
    for _ in range(100):
        near_kink = np.abs(distances(anchor, positive) - distances(anchor, negative) + margin) < 0.05
        if not near_kink.any():
            break
        negative[near_kink] = rng.normal(0.0, 1.0, size=(int(near_kink.sum()), d))
    return anchor, positive, negative


def pairs(rng: np.random.Generator, n: int, d: int, margin: float = 1.0) -> Inputs:
    queries = rng.normal(0.0, 1.0, size=(n, d)) * rng.uniform(0.5, 3.0, size=(n, 1))
    keys = queries + rng.normal(0.0, 0.7, size=(n, d))  # each key near its query
    return queries, keys


def triplet_reference(a: np.ndarray, p: np.ndarray, n: np.ndarray, margin: float = 1.0) -> np.ndarray:
    return np.maximum(distances(a, p) - distances(a, n) + margin, 0.0)


def info_nce_reference(
    q: np.ndarray, k: np.ndarray, temperature: float = 0.1, symmetric: bool = False
) -> np.ndarray:
    qn = q / np.linalg.norm(q, axis=1, keepdims=True)
    kn = k / np.linalg.norm(k, axis=1, keepdims=True)
    logits = qn @ kn.T / temperature
    rows = -np.diag(special.log_softmax(logits, axis=1))
    if not symmetric:
        return rows
    return (rows - np.diag(special.log_softmax(logits, axis=0))) / 2


@dataclass(frozen=True)
class Case:
    id: str
    loss: Callable[..., Any]
    grad: Callable[..., Any]
    inputs: Callable[..., Inputs]
    reference: Callable[..., np.ndarray]
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.id

    def make(self, rng: np.random.Generator, n: int, d: int) -> Inputs:
        return self.inputs(rng, n, d, self.kwargs.get("margin", 1.0))


TRIPLET = (triplet_margin_loss, triplet_margin_loss_grad, triplets, triplet_reference)
INFO_NCE = (info_nce_loss, info_nce_loss_grad, pairs, info_nce_reference)
CASES = [
    Case("triplet", *TRIPLET),
    Case("triplet-margin-0.2", *TRIPLET, {"margin": 0.2}),
    Case("triplet-margin-5", *TRIPLET, {"margin": 5.0}),
    Case("info-nce", *INFO_NCE),
    Case("info-nce-t0.5", *INFO_NCE, {"temperature": 0.5}),
    Case("info-nce-symmetric", *INFO_NCE, {"symmetric": True}),
    Case("info-nce-symmetric-t0.05", *INFO_NCE, {"temperature": 0.05, "symmetric": True}),
]
FUNCTIONS = [triplet_margin_loss, triplet_margin_loss_grad, info_nce_loss, info_nce_loss_grad]
SIZES = ((1, 1), (1, 4), (5, 2), (7, 3), (16, 8))


# --- generic tests over the table ----------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=str)
def test_matches_the_written_out_reference(case: Case) -> None:
    rng = np.random.default_rng(0)
    for _ in range(20):
        inputs = case.make(rng, int(rng.integers(1, 40)), int(rng.integers(1, 20)))
        expected = case.reference(*inputs, **case.kwargs)
        with no_warnings():
            per_sample = case.loss(*inputs, reduction="none", **case.kwargs)
            total = case.loss(*inputs, reduction="sum", **case.kwargs)
            mean = case.loss(*inputs, **case.kwargs)
        np.testing.assert_allclose(per_sample, expected, rtol=1e-12, atol=1e-13)
        assert total == pytest.approx(float(np.sum(expected)), rel=1e-12, abs=1e-13)
        assert mean == pytest.approx(float(np.mean(expected)), rel=1e-12, abs=1e-13)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gradient_matches_finite_differences(case: Case, reduction: str) -> None:
    rng = np.random.default_rng(1)
    for n, d in SIZES:
        inputs = case.make(rng, n, d)
        analytic = case.grad(*inputs, reduction=reduction, **case.kwargs)
        assert len(analytic) == len(inputs)
        for which, x in enumerate(inputs):

            def total(v: np.ndarray, which: int = which, inputs: Inputs = inputs) -> float:
                args = list(inputs)
                args[which] = v
                return float(np.sum(case.loss(*args, reduction=reduction, **case.kwargs)))

            assert analytic[which].shape == x.shape
            np.testing.assert_allclose(analytic[which], numerical_grad(total, x), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_gradient_of_none_is_that_of_sum_and_mean_divides_by_n(case: Case) -> None:
    inputs = case.make(np.random.default_rng(2), 6, 3)
    of_sum = case.grad(*inputs, reduction="sum", **case.kwargs)
    for of_none, of_mean, summed in zip(
        case.grad(*inputs, reduction="none", **case.kwargs),
        case.grad(*inputs, **case.kwargs),
        of_sum,
        strict=True,
    ):
        np.testing.assert_array_equal(of_none, summed)
        # 1/n is applied before the last products: a rounding apart.
        np.testing.assert_allclose(of_mean, summed / 6, rtol=1e-13, atol=1e-15 * float(np.abs(summed).max()))


@pytest.mark.parametrize("case", CASES, ids=str)
def test_default_reduction_is_mean(case: Case) -> None:
    inputs = case.make(np.random.default_rng(3), 5, 4)
    result = case.loss(*inputs, **case.kwargs)
    assert type(result) is float
    assert result == case.loss(*inputs, reduction="mean", **case.kwargs)
    assert type(case.loss(*inputs, reduction="sum", **case.kwargs)) is float
    per_sample = case.loss(*inputs, reduction="none", **case.kwargs)
    assert isinstance(per_sample, np.ndarray)
    assert per_sample.shape == (5,)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float32_and_float64(case: Case, dtype: type) -> None:
    inputs = case.make(np.random.default_rng(4), 30, 8)
    cast = [x.astype(dtype) for x in inputs]
    with no_warnings():
        per_sample = case.loss(*cast, reduction="none", **case.kwargs)
        grads = case.grad(*cast, **case.kwargs)
    assert per_sample.dtype == dtype
    assert all(g.dtype == dtype for g in grads)
    reference = case.reference(*(x.astype(np.float64) for x in cast), **case.kwargs)
    rtol = 1e-4 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(per_sample, reference, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_mixed_and_integer_dtypes_promote(case: Case) -> None:
    inputs = case.make(np.random.default_rng(5), 4, 3)
    mixed = [inputs[0].astype(np.float32), *inputs[1:]]
    assert case.loss(*mixed, reduction="none", **case.kwargs).dtype == np.float64
    integers = [
        np.round(3 * x).astype(np.int64) + (i + 1) * np.eye(4, 3, dtype=np.int64)
        for i, x in enumerate(inputs)
    ]
    expected = case.loss(*(x.astype(np.float64) for x in integers), reduction="none", **case.kwargs)
    np.testing.assert_array_equal(case.loss(*integers, reduction="none", **case.kwargs), expected)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("function", ["loss", "grad"])
def test_lists_tuples_and_arrays(case: Case, function: str) -> None:
    inputs = case.make(np.random.default_rng(6), 4, 3)
    f = getattr(case, function)
    expected = f(*inputs, reduction="none", **case.kwargs)
    as_lists = f(*(x.tolist() for x in inputs), reduction="none", **case.kwargs)
    as_tuples = f(*(tuple(map(tuple, x)) for x in inputs), reduction="none", **case.kwargs)
    for result in (as_lists, as_tuples):
        np.testing.assert_equal(result, expected)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("function", ["loss", "grad"])
def test_non_contiguous_inputs(case: Case, function: str) -> None:
    inputs = case.make(np.random.default_rng(7), 8, 6)
    f = getattr(case, function)
    for view in (lambda a: a[::2], lambda a: a[::-1, ::2], np.asfortranarray):
        views = [view(x) for x in inputs]
        expected = f(*(np.ascontiguousarray(v) for v in views), reduction="none", **case.kwargs)
        np.testing.assert_equal(f(*views, reduction="none", **case.kwargs), expected)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_inputs_are_not_modified_and_may_be_read_only(case: Case, dtype: type) -> None:
    inputs = [x.astype(dtype) for x in case.make(np.random.default_rng(8), 5, 3)]
    # A huge and a tiny row take the scaled route, which writes into a copy of its rows.
    inputs[0][0] *= 1e30 if dtype == np.float32 else 1e300
    inputs[0][1] *= 1e-30 if dtype == np.float32 else 1e-300
    copies = [x.copy() for x in inputs]
    for x in inputs:
        x.flags.writeable = False
    for f in (case.loss, case.grad):
        for reduction in REDUCTIONS:
            np.testing.assert_equal(
                f(*inputs, reduction=reduction, **case.kwargs), f(*copies, reduction=reduction, **case.kwargs)
            )
    for x, copy in zip(inputs, copies, strict=True):
        np.testing.assert_array_equal(x, copy)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_empty_batch(case: Case) -> None:
    inputs = case.make(np.random.default_rng(9), 0, 3)
    assert case.loss(*inputs, reduction="sum", **case.kwargs) == 0.0
    assert case.loss(*inputs, reduction="none", **case.kwargs).shape == (0,)
    assert [g.shape for g in case.grad(*inputs, reduction="sum", **case.kwargs)] == [(0, 3)] * len(inputs)
    for function in (case.loss, case.grad):
        with pytest.raises(ValueError, match="reduction='mean' needs at least one sample, got 0 samples"):
            function(*inputs, **case.kwargs)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", ["avg", None, "SUM", "batchmean"])
def test_unknown_reduction_is_refused(function: Callable[..., object], reduction: object) -> None:
    inputs = [[[1.0, 0.0]], [[0.0, 1.0]], [[1.0, 1.0]]][: 3 if "triplet" in function.__name__ else 2]
    with pytest.raises(ValueError, match="reduction must be one of 'sum', 'mean' or 'none'"):
        function(*inputs, reduction=reduction)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_keyword_arguments_are_keyword_only_and_exported(function: Callable[..., object]) -> None:
    inputs = [[[1.0, 0.0]], [[0.0, 1.0]], [[1.0, 1.0]]][: 3 if "triplet" in function.__name__ else 2]
    with pytest.raises(TypeError):
        function(*inputs, 1.0)
    assert function.__name__ in lossdocs.__all__
    assert getattr(lossdocs, function.__name__) is function


# --- triplet margin loss: PyTorch, exactness, subgradients ----------------------------------


def torch_triplet(inputs: Inputs, reduction: str = "mean", **kwargs: Any) -> tuple[Any, list[np.ndarray]]:
    """PyTorch's loss (a float, or an array for reduction="none") and the gradient of its sum."""
    torch = pytest.importorskip("torch")
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    value = torch.nn.functional.triplet_margin_loss(*tensors, reduction=reduction, **kwargs)
    value.sum().backward()
    result = value.detach().numpy()
    return (float(result) if result.ndim == 0 else result), [t.grad.numpy() for t in tensors]


@pytest.mark.parametrize("margin", [1.0, 0.2, 5.0])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_triplet_matches_pytorch_with_eps_0(margin: float, reduction: str) -> None:
    inputs = triplets(np.random.default_rng(10), 12, 5, margin)
    value, grads = torch_triplet(inputs, reduction, margin=margin, eps=0.0)
    assert triplet_margin_loss(*inputs, margin=margin, reduction=reduction) == pytest.approx(value, rel=1e-12)
    ours = triplet_margin_loss_grad(*inputs, margin=margin, reduction=reduction)
    for mine, theirs in zip(ours, grads, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-15)


def test_pytorch_default_eps_moves_the_anchor_by_1e_6() -> None:
    # pairwise_distance(x1, x2, eps=1e-6) = ‖x1 - x2 + eps‖: the anchor shifted by eps in every component.
    inputs = triplets(np.random.default_rng(11), 8, 4)
    value, _ = torch_triplet(inputs, "none")
    shifted = triplet_margin_loss(inputs[0] + 1e-6, *inputs[1:], reduction="none")
    np.testing.assert_allclose(shifted, value, rtol=1e-9)
    assert triplet_margin_loss(*inputs) != pytest.approx(value, rel=1e-9, abs=0.0)


def test_triplet_zero_distance_has_the_subgradient_0_as_pytorch_with_eps_0() -> None:
    anchor, positive, negative = [[1.0, 2.0]], [[1.0, 2.0]], [[1.5, 2.0]]
    d_anchor, d_positive, d_negative = triplet_margin_loss_grad(anchor, positive, negative)
    np.testing.assert_array_equal(d_positive, [[0.0, 0.0]])
    np.testing.assert_array_equal(d_anchor, [[1.0, 0.0]])
    np.testing.assert_array_equal(d_negative, [[-1.0, 0.0]])
    assert not np.signbit(d_positive).any()  # +0.0, not -0.0
    _, grads = torch_triplet((np.array(anchor), np.array(positive), np.array(negative)), eps=0.0)
    for mine, theirs in zip((d_anchor, d_positive, d_negative), grads, strict=True):
        np.testing.assert_array_equal(mine, theirs)


def test_triplet_kink_has_the_subgradient_0() -> None:
    # ‖a - p‖ - ‖a - n‖ + margin = 1 - 2 + 1 = 0 exactly: loss 0 and, as in hinge_loss_grad, gradient 0
    # (PyTorch's clamp_min passes the gradient of the active side there).
    inputs = ([[0.0, 0.0]], [[1.0, 0.0]], [[2.0, 0.0]])
    assert triplet_margin_loss(*inputs) == 0.0
    for g in triplet_margin_loss_grad(*inputs):
        np.testing.assert_array_equal(g, [[0.0, 0.0]])
        assert not np.signbit(g).any()


def mp_norm(x: list[float], y: list[float]) -> Any:
    return MP.sqrt(MP.fsum((MP.mpf(a) - MP.mpf(b)) ** 2 for a, b in zip(x, y, strict=True)))


HARD_TRIPLETS = [
    pytest.param(
        [1.0, 2.0, 3.0],
        [1.0 + 2e-16, 2.0 - 4e-16, 3.0],
        [1.0 + 4e-16, 2.0, 3.0 - 4e-16],
        1e-16,
        id="near-identical",
    ),
    pytest.param([1e300, -1e300], [-1e300, 1e300], [1e300, 1e300], 1.0, id="huge"),
    pytest.param([1.5e308, 0.0], [-1.5e308, 0.0], [-1.4e308, 1e307], 1.0, id="difference-overflows"),
    pytest.param([1.5e308, 1.5e308], [-1.5e308, -1.5e308], [-1.5e308, 1e308], 1e300, id="distances-overflow"),
    pytest.param([1e-300, 2e-300], [0.0, 0.0], [3e-300, -1e-300], 1e-300, id="tiny"),
    pytest.param([3e-320, 0.0], [0.0, 4e-320], [0.0, 0.0], 1e-320, id="subnormal"),
    pytest.param([1e200, 1e-200, 0.0], [0.0, 0.0, 1e200], [1e-200, 1e200, 1e200], 1e199, id="mixed-scales"),
    pytest.param([1e-170] * 500, [-1e-170] * 500, [0.0] * 500, 1e-171, id="squares-underflow"),
    pytest.param([1e160] * 50, [-1e160] * 50, [0.0] * 50, 1e159, id="squares-overflow"),
    pytest.param([0.1, 0.2, 0.3], [0.1, 0.2, 0.3], [0.1, 0.2, 0.3], 0.5, id="all-equal"),
]


@pytest.mark.parametrize(("a", "p", "n", "margin"), HARD_TRIPLETS)
def test_triplet_is_exact_on_hard_inputs(
    a: list[float], p: list[float], n: list[float], margin: float
) -> None:
    d_ap, d_an = mp_norm(a, p), mp_norm(a, n)
    exact = max(MP.mpf(0), d_ap - d_an + MP.mpf(margin))
    with no_warnings():
        result = triplet_margin_loss([a], [p], [n], margin=margin, reduction="none")
        grads = triplet_margin_loss_grad([a], [p], [n], margin=margin)
    # Each distance to a few ulp (of a number that may lie beyond the float range); the gap then
    # rounds once more.
    scale = max(d_ap, d_an, MP.mpf(margin))
    tolerance = max(float(4 * EPS * scale), 4 * float(np.spacing(float(exact))))
    assert abs(float(result[0]) - float(exact)) <= tolerance
    assert all(np.isfinite(g).all() for g in grads)
    if exact > 0:  # the unit vectors of a - p and a - n, to a few ulp
        for got, (x, y, sign) in zip(grads[1:], ((a, p, -1), (a, n, 1)), strict=True):
            length = mp_norm(x, y)
            expected = [
                sign * (MP.mpf(s) - MP.mpf(t)) / length if length else 0 for s, t in zip(x, y, strict=True)
            ]
            np.testing.assert_allclose(got[0], [float(e) for e in expected], rtol=8 * EPS, atol=0.0)


@pytest.mark.parametrize(("scale", "ulps"), [(1e30, 4), (1e-30, 4), (1e-40, 2e5)])
def test_triplet_float32_huge_and_tiny(scale: float, ulps: float) -> None:
    a = np.float32([[3.0, 0.0]]) * np.float32(scale)
    p = np.float32([[0.0, 4.0]]) * np.float32(scale)
    n = np.float32([[0.0, 0.0]])
    with no_warnings():
        result = triplet_margin_loss(a, p, n, margin=float(np.float32(scale)), reduction="none")
    assert result.dtype == np.float32
    expected = (
        mp_norm(a[0].tolist(), p[0].tolist())
        - mp_norm(a[0].tolist(), n[0].tolist())
        + float(np.float32(scale))
    )
    assert abs(float(result[0]) - float(expected)) <= ulps * float(np.spacing(np.float32(expected)))


# --- InfoNCE: PyTorch, exactness --------------------------------------------------------------


@pytest.mark.parametrize("temperature", [0.1, 0.07, 1.0])
@pytest.mark.parametrize("symmetric", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_info_nce_matches_pytorch(temperature: float, symmetric: bool, reduction: str) -> None:
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    q, k = pairs(np.random.default_rng(12), 9, 6)
    tq, tk = (torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in (q, k))
    logits = functional.normalize(tq) @ functional.normalize(tk).T / temperature
    labels = torch.arange(len(q))
    value = functional.cross_entropy(logits, labels, reduction=reduction)
    if symmetric:  # CLIP: the mean of both directions
        value = (value + functional.cross_entropy(logits.T, labels, reduction=reduction)) / 2
    value.backward()
    kwargs = {"temperature": temperature, "symmetric": symmetric, "reduction": reduction}
    assert info_nce_loss(q, k, **kwargs) == pytest.approx(float(value.detach()), rel=1e-12)
    d_q, d_k = info_nce_loss_grad(q, k, **kwargs)
    np.testing.assert_allclose(d_q, tq.grad.numpy(), rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(d_k, tk.grad.numpy(), rtol=1e-9, atol=1e-14)


def mp_info_nce(q: list[list[float]], k: list[list[float]], temperature: float, symmetric: bool) -> list[Any]:
    def unit(rows: list[list[float]]) -> list[list[Any]]:
        result = []
        for row in rows:
            values = [MP.mpf(x) for x in row]
            length = MP.sqrt(MP.fsum(x * x for x in values))
            result.append([x / length for x in values])
        return result

    qs, ks = unit(q), unit(k)
    cos = [[MP.fsum(a * b for a, b in zip(x, y, strict=True)) for y in ks] for x in qs]
    tau = MP.mpf(temperature)
    n = len(q)
    # -log softmax_ii = log Σ_j exp((s_ij - s_ii) / τ), row by row and column by column.
    rows = [MP.log(MP.fsum(MP.exp((cos[i][j] - cos[i][i]) / tau) for j in range(n))) for i in range(n)]
    if not symmetric:
        return rows
    columns = [MP.log(MP.fsum(MP.exp((cos[j][i] - cos[i][i]) / tau) for j in range(n))) for i in range(n)]
    return [(r + c) / 2 for r, c in zip(rows, columns, strict=True)]


BASIS = np.eye(3).tolist()
HARD_PAIRS = [
    pytest.param(BASIS, BASIS, 0.01, 0, id="confident-right"),
    pytest.param(BASIS, BASIS[1:] + BASIS[:1], 0.01, 0, id="confident-wrong"),
    pytest.param(BASIS, BASIS, 1e-300, 0, id="tiny-temperature-right"),
    pytest.param(
        [[1e300, 0.0], [0.0, 1e300]], [[1e-300, 2e-300], [3e-300, -1e-300]], 0.1, 2, id="huge-and-tiny"
    ),
    pytest.param(
        [[3e-320, 4e-320], [1e308, -1e308]], [[1e308, 1.7e308], [5e-324, 0.0]], 0.5, 2, id="extremes"
    ),
    pytest.param(
        [[1e-170] * 400, [1e-170] * 399 + [-1e-170]], [[1.0] * 400, [2.0] * 400], 0.1, 400, id="underflow"
    ),
    pytest.param(
        [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0 + 1e-15], [0.5, 0.5, 0.5]],
        [[1.0, 2.0, 3.0 + 2e-15], [1.0, 2.0, 3.0], [0.5, 0.5, 0.5 + 1e-15]],
        1e-3,
        3,
        id="near-identical",
    ),
    pytest.param(
        [[1.0, 0.5], [0.3, -2.0], [-1.0, 0.1]],
        [[0.9, 0.6], [0.2, -2.2], [-1.1, 0.0]],
        1e-6,
        2,
        id="tiny-temperature",
    ),
]


@pytest.mark.parametrize(("q", "k", "temperature", "d"), HARD_PAIRS)
@pytest.mark.parametrize("symmetric", [False, True])
def test_info_nce_is_exact_on_hard_inputs(
    q: list[list[float]], k: list[list[float]], temperature: float, d: int, symmetric: bool
) -> None:
    exact = mp_info_nce(q, k, temperature, symmetric)
    with no_warnings():
        result = info_nce_loss(q, k, temperature=temperature, symmetric=symmetric, reduction="none")
        grads = info_nce_loss_grad(q, k, temperature=temperature, symmetric=symmetric, reduction="sum")
    if min(mp_norm(row, [0.0] * len(row)) for row in q + k) > 1e-300:
        # (not for a norm near 1e-320: the gradient (I - x̂ x̂ᵀ) g / ‖x‖ overflows there)
        assert all(np.isfinite(g).all() for g in grads)
    for got, true in zip(result, exact, strict=True):
        # The log-softmax is exact to a few ulp of its logits; the logits carry the rounding of the
        # cosines (d = 0 where they are exact: orthonormal rows) and of the division by τ, an
        # absolute error of (d + 2) ε / τ at most, which moves the loss by twice that times
        # 1 - p_ii <= min(loss, 1).
        logit_error = (d + 2) * EPS / temperature
        tolerance = 4 * float(np.spacing(float(true))) + 2 * min(float(true), 1.0) * logit_error
        assert abs(float(got) - float(true)) <= tolerance, (float(got), MP.nstr(true, 20))


def test_info_nce_keeps_a_tiny_loss() -> None:
    # log(1 + 2 e^{-100}) = 7.4e-44: a confident right batch keeps its loss.
    assert info_nce_loss(np.eye(3), np.eye(3) * 5.0, temperature=0.01) == pytest.approx(
        2 * math.exp(-100.0), rel=1e-13
    )


def test_info_nce_of_one_sample_is_zero() -> None:
    assert info_nce_loss([[1.0, 2.0]], [[-3.0, 0.5]]) == 0.0
    for g in info_nce_loss_grad([[1.0, 2.0]], [[-3.0, 0.5]], symmetric=True):
        np.testing.assert_array_equal(g, [[0.0, 0.0]])


@pytest.mark.parametrize("symmetric", [False, True])
def test_info_nce_gradient_scales_with_a_power_of_two_exactly(symmetric: bool) -> None:
    # ∂ℓ/∂(c q) = ∂ℓ/∂q / c: with c = 2^k the scaled route must give the same bits.
    q, k = pairs(np.random.default_rng(13), 5, 4)
    d_q, d_k = info_nce_loss_grad(q, k, symmetric=symmetric)
    for power in (-1000, -600, 600, 1000):
        scaled = np.ldexp(q, power)
        with no_warnings():
            d_scaled, d_k_scaled = info_nce_loss_grad(scaled, k, symmetric=symmetric)
            assert info_nce_loss(scaled, k, symmetric=symmetric) == info_nce_loss(q, k, symmetric=symmetric)
        np.testing.assert_array_equal(d_scaled, np.ldexp(d_q, -power))
        np.testing.assert_array_equal(d_k_scaled, d_k)


def test_info_nce_gradient_is_orthogonal_to_each_row() -> None:
    q, k = pairs(np.random.default_rng(14), 7, 5)
    for g, x in zip(info_nce_loss_grad(q, k, symmetric=True), (q, k), strict=True):
        dots = np.einsum("ij,ij->i", g, x)
        assert np.all(np.abs(dots) <= 1e-14 * np.linalg.norm(g, axis=1) * np.linalg.norm(x, axis=1))


# --- properties -----------------------------------------------------------------------------

FEW = settings(max_examples=50, deadline=None)


@st.composite
def embeddings(draw: st.DrawFn, count: int, integers: bool = False) -> Inputs:
    n = draw(st.integers(1, 6))
    d = draw(st.integers(1, 5))
    values = (
        st.integers(-1000, 1000).map(float)
        if integers
        else st.one_of(st.just(0.0), st.floats(1e-50, 1e3), st.floats(-1e3, -1e-50))
    )
    arrays = [draw(hnp.arrays(np.float64, (n, d), elements=values)) for _ in range(count)]
    for array in arrays:
        array[np.abs(array).sum(axis=1) == 0, 0] = 1.0  # no zero rows
    return tuple(arrays)


@FEW
@given(embeddings(3), st.floats(1e-3, 1e3))
def test_triplet_is_not_negative_and_its_gradients_add_up_to_zero(inputs: Inputs, margin: float) -> None:
    with no_warnings():
        losses = triplet_margin_loss(*inputs, margin=margin, reduction="none")
        d_anchor, d_positive, d_negative = triplet_margin_loss_grad(*inputs, margin=margin, reduction="sum")
    assert np.all(losses >= 0.0)
    np.testing.assert_allclose(d_anchor + d_positive + d_negative, 0.0, atol=1e-15)
    zero = losses == 0.0
    for g in (d_anchor, d_positive, d_negative):
        assert np.all(g[zero] == 0.0)


@FEW
@given(embeddings(2), st.floats(1e-3, 1e3))
def test_triplet_with_the_negative_equal_to_the_positive_is_the_margin(inputs: Inputs, margin: float) -> None:
    anchor, positive = inputs
    losses = triplet_margin_loss(anchor, positive, positive, margin=margin, reduction="none")
    assert np.all(losses == margin)


@FEW
@given(embeddings(3, integers=True), st.integers(-1000, 990))
def test_triplet_scales_with_a_power_of_two_exactly(inputs: Inputs, power: int) -> None:
    # Scaling everything (the margin too) by 2^k scales every distance, and the loss, by 2^k: the
    # plain and the scaled route must agree to the bit.
    scaled = [np.ldexp(x, power) for x in inputs]
    with no_warnings():
        losses = triplet_margin_loss(*inputs, margin=3.0, reduction="none")
        scaled_losses = triplet_margin_loss(*scaled, margin=math.ldexp(3.0, power), reduction="none")
        grads = triplet_margin_loss_grad(*inputs, margin=3.0)
        scaled_grads = triplet_margin_loss_grad(*scaled, margin=math.ldexp(3.0, power))
    np.testing.assert_array_equal(scaled_losses, np.ldexp(losses, power))
    for g, h in zip(grads, scaled_grads, strict=True):
        np.testing.assert_array_equal(g, h)  # unit vectors: no scale


@FEW
@given(embeddings(3))
def test_triplet_losses_follow_their_rows(inputs: Inputs) -> None:
    order = np.arange(len(inputs[0]))[::-1]
    losses = triplet_margin_loss(*inputs, reduction="none")
    np.testing.assert_array_equal(
        triplet_margin_loss(*(x[order] for x in inputs), reduction="none"), losses[order]
    )


@FEW
@given(embeddings(2), st.data(), st.sampled_from([0.1, 0.5, 0.02]), st.booleans())
def test_info_nce_is_unchanged_by_scaling_a_row(
    inputs: Inputs, data: st.DataObject, temperature: float, symmetric: bool
) -> None:
    q, k = inputs
    row = data.draw(st.integers(0, len(q) - 1))
    factor = data.draw(st.floats(1e-200, 1e200))
    power = data.draw(st.integers(-800, 800))
    kw = {"temperature": temperature, "symmetric": symmetric, "reduction": "none"}
    losses = info_nce_loss(q, k, **kw)
    with no_warnings():
        by_power = q.copy()
        by_power[row] = np.ldexp(q[row], power)
        np.testing.assert_array_equal(info_nce_loss(by_power, k, **kw), losses)  # exact: same bits
        by_factor = k.copy()
        by_factor[row] *= factor
        d = q.shape[1]
        tolerance = 2 * (d + 4) * EPS / temperature  # the rounding of x * factor and of the cosines
        np.testing.assert_allclose(info_nce_loss(q, by_factor, **kw), losses, rtol=tolerance, atol=tolerance)


@FEW
@given(embeddings(2), st.sampled_from([0.1, 0.5, 0.02]))
def test_symmetric_info_nce_is_symmetric_in_queries_and_keys(inputs: Inputs, temperature: float) -> None:
    q, k = inputs
    kw = {"temperature": temperature, "symmetric": True}
    tolerance = 4 * (q.shape[1] + 2) * EPS / temperature
    np.testing.assert_allclose(
        info_nce_loss(q, k, reduction="none", **kw),
        info_nce_loss(k, q, reduction="none", **kw),
        rtol=tolerance,
        atol=tolerance,
    )
    d_q, d_k = info_nce_loss_grad(q, k, **kw)
    d_k_swapped, d_q_swapped = info_nce_loss_grad(k, q, **kw)
    np.testing.assert_allclose(d_q, d_q_swapped, rtol=1e-9, atol=1e-9 * (1.0 + float(np.abs(d_q).max())))
    np.testing.assert_allclose(d_k, d_k_swapped, rtol=1e-9, atol=1e-9 * (1.0 + float(np.abs(d_k).max())))


@FEW
@given(embeddings(2), st.sampled_from([0.1, 1.0, 1e-3]), st.booleans())
def test_info_nce_is_not_negative(inputs: Inputs, temperature: float, symmetric: bool) -> None:
    with no_warnings():
        assert np.all(
            info_nce_loss(*inputs, temperature=temperature, symmetric=symmetric, reduction="none") >= 0.0
        )


# --- keyword parameters ---------------------------------------------------------------------

TRIPLE = ([[0.0, 0.0], [1.0, 1.0]], [[0.0, 1.0], [1.0, 1.5]], [[1.0, 0.0], [4.0, 5.0]])
PAIR = ([[1.0, 0.0], [0.0, 2.0]], [[0.9, 0.1], [0.1, 1.0]])
TRIPLET_FUNCTIONS = [triplet_margin_loss, triplet_margin_loss_grad]
INFO_NCE_FUNCTIONS = [info_nce_loss, info_nce_loss_grad]
PARAMETERS = [
    *(
        (function, TRIPLE, "margin", value, error, match)
        for function in TRIPLET_FUNCTIONS
        for value, error, match in [
            (0.0, ValueError, r"margin must be a finite number > 0, got 0\.0\.\n.*refuses margin <= 0"),
            (-1.0, ValueError, r"margin must be a finite number > 0, got -1\.0"),
            (math.nan, ValueError, r"margin must be a finite number > 0, got nan"),
            (math.inf, ValueError, r"margin must be a finite number > 0, got inf"),
            ("1", TypeError, r"margin must be a real number, got '1'"),
            (True, TypeError, r"margin must be a real number, got True"),
            (None, TypeError, r"margin must be a real number"),
        ]
    ),
    *(
        (function, PAIR, name, value, error, match)
        for function in INFO_NCE_FUNCTIONS
        for name, value, error, match in [
            ("temperature", 0.0, ValueError, r"temperature must be a finite number > 0, got 0\.0\.\n.*CLIP"),
            ("temperature", -0.1, ValueError, r"temperature must be a finite number > 0, got -0\.1"),
            ("temperature", math.nan, ValueError, r"temperature must be a finite number > 0, got nan"),
            ("temperature", math.inf, ValueError, r"temperature must be a finite number > 0, got inf"),
            ("temperature", "0.1", TypeError, r"temperature must be a real number, got '0\.1'"),
            ("temperature", [0.1], TypeError, r"temperature must be a real number"),
            ("temperature", False, TypeError, r"temperature must be a real number, got False"),
            ("symmetric", 1, TypeError, r"symmetric must be True or False, got 1 of type int\.\n.*CLIP"),
            ("symmetric", "yes", TypeError, r"symmetric must be True or False, got 'yes'"),
            ("symmetric", None, TypeError, r"symmetric must be True or False, got None"),
        ]
    ),
]


@pytest.mark.parametrize(
    ("function", "inputs", "name", "value", "error", "match"),
    [pytest.param(*p, id=f"{p[0].__name__}-{p[2]}={p[3]!r}") for p in PARAMETERS],
)
def test_keyword_parameters_out_of_range_or_of_a_wrong_type_are_refused(
    function: Callable[..., object], inputs: Any, name: str, value: object, error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        function(*inputs, **{name: value})


def test_keyword_parameters_in_range_are_accepted() -> None:
    for margin in (1e-300, 1, np.float32(0.5), 1e300):
        assert triplet_margin_loss(*TRIPLE, margin=margin) >= 0.0  # type: ignore[arg-type]
    for temperature in (1e-300, 1, np.float64(0.07), 1e300):
        assert info_nce_loss(*PAIR, temperature=temperature) >= 0.0  # type: ignore[arg-type]
    assert info_nce_loss(*PAIR, symmetric=np.bool_(True)) == info_nce_loss(*PAIR, symmetric=True)


def test_a_temperature_too_small_for_float32_is_refused_with_a_clear_message() -> None:
    queries, keys = (np.float32(x) for x in PAIR)
    for function in INFO_NCE_FUNCTIONS:
        with (
            no_warnings(),
            pytest.raises(
                ValueError,
                match=r"temperature=1e-40 is too small for float32 embeddings: the logits cos / temperature "
                r"overflow(.|\n)*Use a larger temperature, or float64 embeddings",
            ),
        ):
            function(queries, keys, temperature=1e-40)
    assert math.isfinite(info_nce_loss(np.float64(queries), keys, temperature=1e-40))


# --- bad input ------------------------------------------------------------------------------

NAN, INF = math.nan, math.inf
A3 = [[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]
B3 = [[0.0, 1.0], [1.0, 1.5], [2.0, 2.0]]
C3 = [[1.0, 0.0], [4.0, 5.0], [0.0, 0.0]]


def embedding_battery(names: list[str], valid: list[Any]) -> list[Any]:
    """Bad inputs for a function whose valid inputs are `valid`, named `names`."""
    params = []
    for i, name in enumerate(names):
        first = names[0] if i else names[1]

        def replace(value: Any, i: int = i) -> list[Any]:
            return [value if j == i else v for j, v in enumerate(valid)]

        good = np.array(valid[i], dtype=float)
        with_nan, with_inf = good.copy(), good.copy()
        with_nan[1, 0], with_inf[2, 1] = NAN, -INF
        pair = f"({first} and {name}|{name} and {first})" if i else f"({name} and {names[1]})"
        params += [
            pytest.param(
                replace(with_nan),
                ValueError,
                rf"{name} must be finite, found nan at index \(1, 0\)",
                id=f"{name}-nan",
            ),
            pytest.param(
                replace(with_inf),
                ValueError,
                rf"{name} must be finite, found -inf at index \(2, 1\)",
                id=f"{name}-inf",
            ),
            pytest.param(
                replace(np.hstack([good, good[:, :1]])),
                ValueError,
                rf"{pair} hold embeddings of different sizes: \d and \d features"
                r" \(shapes \(3, \d\) and \(3, \d\)\)(.|\n)*same embedding space",
                id=f"{name}-sizes",
            ),
            pytest.param(
                replace(good[:2]),
                ValueError,
                rf"{pair} must have the same number of rows, got \d and \d"
                r"(.|\n)*Row i of each input belongs to sample i",
                id=f"{name}-rows",
            ),
            pytest.param(
                replace(good[0]),
                ValueError,
                rf"{name} must be a 2-D array of embeddings, shape \(n_samples, n_features\), "
                r"got shape \(2,\)"
                rf"(.|\n)*wrap it in a list \(\[{name}\]\) or use {name}\.reshape\(1, -1\)",
                id=f"{name}-1d",
            ),
            pytest.param(
                replace(good[:, :, np.newaxis]),
                ValueError,
                rf"got shape \(3, 2, 1\)(.|\n)*{name}\.reshape\(len\({name}\), -1\)",
                id=f"{name}-3d",
            ),
            pytest.param(
                replace(np.full(good.shape, "a")),
                TypeError,
                rf"{name} must contain real numbers",
                id=f"{name}-str",
            ),
            pytest.param(
                replace([[0.5, 0.5], [0.5]]),
                ValueError,
                rf"{name} is a ragged nested sequence",
                id=f"{name}-ragged",
            ),
            pytest.param(replace(0.5), ValueError, rf"{name} must have a sample axis", id=f"{name}-scalar"),
            pytest.param(replace(good + 1j), TypeError, r"dtype complex128", id=f"{name}-complex"),
        ]
    params.append(
        pytest.param(
            [np.zeros((3, 0))] * len(valid),
            ValueError,
            rf"{names[0]} has embeddings of 0 features: shape \(3, 0\)",
            id="no-features",
        )
    )
    return params


BAD = {
    tuple(TRIPLET_FUNCTIONS): embedding_battery(["anchor", "positive", "negative"], [A3, B3, C3]),
    tuple(INFO_NCE_FUNCTIONS): [
        *embedding_battery(["queries", "keys"], [B3, [*C3[:2], [1.0, 1.0]]]),
        pytest.param(
            [B3, [[1.0, 0.0], [0.0, 0.0], [1.0, 1.0]]],
            ValueError,
            r"keys has an all-zero row at index 1: a zero embedding has no direction, so it cannot be "
            r"L2-normalized(.|\n)*F\.normalize would silently turn it into a zero vector",
            id="zero-row",
        ),
        pytest.param(
            [[[0.0, 0.0], [1.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]]],
            ValueError,
            r"queries has an all-zero row at index 0",
            id="zero-query",
        ),
    ],
}
BAD_CASES = [
    pytest.param(function, *param.values, id=f"{function.__name__}-{param.id}")
    for functions, params in BAD.items()
    for function in functions
    for param in params
]


@pytest.mark.parametrize(("function", "inputs", "error", "match"), BAD_CASES)
def test_bad_input_is_refused(
    function: Callable[..., object], inputs: list[Any], error: type, match: str
) -> None:
    with no_warnings(), pytest.raises(error, match=match):
        function(*inputs)
