"""Tests of lossdocs.segmentation: dice_loss and its gradient.

A written-out NumPy reference, the conventions of MONAI and Keras mapped explicitly, PyTorch's
autograd where it is installed, mpmath on hard masks (nearly perfect, nearly empty, tiny Dice
coefficients), hypothesis properties, finite differences for every reduction and `smooth`,
and the bad-input battery.
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossdocs
from lossdocs import dice_loss, dice_loss_grad, segmentation
from tests.test_classification import no_warnings, numerical_grad

EPS = float(np.finfo(np.float64).eps)
MP = mpmath.mp.clone()
MP.prec = 200
REDUCTIONS = ["sum", "mean", "none"]
FUNCTIONS = [dice_loss, dice_loss_grad]
SHAPES = ((5,), (4, 6), (3, 2, 4, 4))
SMOOTHS = [1.0, 0.0, 1e-5, 10.0]


def masks(rng: np.random.Generator, shape: tuple[int, ...], soft: bool = False) -> tuple[np.ndarray, ...]:
    true = rng.uniform(0.0, 1.0, size=shape) if soft else rng.integers(0, 2, size=shape).astype(float)
    true.reshape(len(true), -1)[:, 0] = 1.0  # no empty true mask: smooth=0 stays defined
    return true, rng.uniform(0.0, 1.0, size=shape)


def reference(t: np.ndarray, p: np.ndarray, smooth: float = 1.0) -> np.ndarray:
    """The taught formula, written out: 1 - (2 Σ t p + s) / (Σ t + Σ p + s) per sample."""
    t, p = t.reshape(len(t), -1), p.reshape(len(p), -1)
    return 1.0 - (2.0 * np.sum(t * p, axis=1) + smooth) / (np.sum(t, axis=1) + np.sum(p, axis=1) + smooth)


# --- the reference, reductions, gradients ---------------------------------------------------


@pytest.mark.parametrize("smooth", SMOOTHS)
@pytest.mark.parametrize("soft", [False, True], ids=["binary", "soft"])
def test_matches_the_written_out_formula(smooth: float, soft: bool) -> None:
    rng = np.random.default_rng(0)
    for shape in SHAPES * 5:
        true, pred = masks(rng, (int(rng.integers(1, 30)), *shape[1:]), soft)
        expected = reference(true, pred, smooth)
        with no_warnings():
            per_sample = dice_loss(true, pred, smooth=smooth, reduction="none")
            total = dice_loss(true, pred, smooth=smooth, reduction="sum")
            mean = dice_loss(true, pred, smooth=smooth)
        np.testing.assert_allclose(per_sample, expected, rtol=1e-13, atol=1e-15)
        assert total == pytest.approx(float(np.sum(expected)), rel=1e-13)
        assert mean == pytest.approx(float(np.mean(expected)), rel=1e-13)


def test_the_default_smooth_is_one() -> None:
    true, pred = masks(np.random.default_rng(1), (4, 6))
    assert dice_loss(true, pred) == dice_loss(true, pred, smooth=1.0)
    np.testing.assert_array_equal(dice_loss_grad(true, pred), dice_loss_grad(true, pred, smooth=1.0))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("smooth", SMOOTHS)
@pytest.mark.parametrize("soft", [False, True], ids=["binary", "soft"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gradient_matches_finite_differences(
    shape: tuple[int, ...], smooth: float, soft: bool, reduction: str
) -> None:
    true, pred = masks(np.random.default_rng(2), shape, soft)

    def total(p: np.ndarray) -> float:
        return float(np.sum(dice_loss(true, p, smooth=smooth, reduction=reduction)))  # type: ignore[arg-type]

    analytic = dice_loss_grad(true, pred, smooth=smooth, reduction=reduction)  # type: ignore[arg-type]
    assert analytic.shape == pred.shape
    np.testing.assert_allclose(analytic, numerical_grad(total, pred), rtol=1e-6, atol=1e-9)


def test_gradient_of_none_is_that_of_sum_and_mean_divides_by_n() -> None:
    true, pred = masks(np.random.default_rng(3), (5, 2, 3))
    of_sum = dice_loss_grad(true, pred, reduction="sum")
    np.testing.assert_array_equal(dice_loss_grad(true, pred, reduction="none"), of_sum)
    np.testing.assert_allclose(dice_loss_grad(true, pred), of_sum / 5, rtol=1e-15)


def test_reductions_return_a_float_or_the_per_sample_array() -> None:
    true, pred = masks(np.random.default_rng(4), (6, 3, 3))
    assert type(dice_loss(true, pred)) is float
    assert type(dice_loss(true, pred, reduction="sum")) is float
    per_sample = dice_loss(true, pred, reduction="none")
    assert isinstance(per_sample, np.ndarray)
    assert per_sample.shape == (6,)


# --- conventions of other libraries ---------------------------------------------------------


def test_monai_dice_is_the_mean_over_samples_and_channels() -> None:
    # monai.losses.DiceLoss(smooth_nr=1e-5, smooth_dr=1e-5), written out: one Dice per sample and
    # channel over the spatial axes 2, 3, then the mean over both.
    rng = np.random.default_rng(5)
    true, pred = masks(rng, (3, 4, 5, 5))
    axes = (2, 3)
    intersection = np.sum(true * pred, axis=axes)
    denominator = np.sum(true, axis=axes) + np.sum(pred, axis=axes)
    monai = float(np.mean(1.0 - (2.0 * intersection + 1e-5) / (denominator + 1e-5)))
    n, channels = true.shape[:2]
    ours = dice_loss(true.reshape(n * channels, -1), pred.reshape(n * channels, -1), smooth=1e-5)
    assert ours == pytest.approx(monai, rel=1e-13)


def test_keras_dice_adds_1e_7_to_the_denominator_only() -> None:
    # keras.losses.dice(y_true, y_pred, axis=(1, 2)) = 1 - 2 Σ t p / (Σ t + Σ p + 1e-7), written out.
    true, pred = masks(np.random.default_rng(6), (4, 5, 5))
    keras = 1.0 - 2.0 * np.sum(true * pred, axis=(1, 2)) / (
        np.sum(true, axis=(1, 2)) + np.sum(pred, axis=(1, 2)) + 1e-7
    )
    np.testing.assert_allclose(dice_loss(true, pred, smooth=0.0, reduction="none"), keras, rtol=1e-8)
    # An empty mask predicted as empty: Keras gives 1 - 0 / 1e-7 = 1, lossdocs 0 (smooth > 0).
    empty = np.zeros((1, 5, 5))
    assert 1.0 - 0.0 / (0.0 + 0.0 + 1e-7) == 1.0
    assert dice_loss(empty, empty) == 0.0


def test_empty_masks() -> None:
    empty, full = np.zeros((1, 4)), np.ones((1, 4))
    for smooth in (1.0, 1e-5, 1e-300):
        assert dice_loss(empty, empty, smooth=smooth) == 0.0  # (0 + s) / (0 + s) = 1
        np.testing.assert_array_equal(
            dice_loss_grad(empty, empty, smooth=smooth), np.full((1, 4), 1 / smooth)
        )
    assert dice_loss(empty, full, smooth=0.0) == 1.0
    assert dice_loss(full, empty, smooth=0.0) == 1.0
    np.testing.assert_array_equal(dice_loss_grad(empty, full, smooth=0.0), np.zeros((1, 4)))
    for function in FUNCTIONS:
        with pytest.raises(
            ValueError,
            match=r"dice_loss with smooth=0 is 0/0 for sample 1: y_true and y_pred are all zeros there"
            r"(.|\n)*Pass smooth > 0 \(the default 1\.0 gives such a sample the loss 0\)",
        ):
            function(np.vstack([full, empty]), np.vstack([full, empty]), smooth=0.0)


def test_matches_pytorch_autograd() -> None:
    torch = pytest.importorskip("torch")
    true, pred = masks(np.random.default_rng(7), (4, 2, 3, 3), soft=True)
    t = torch.tensor(true, dtype=torch.float64)
    for smooth in SMOOTHS:
        for reduction in ("mean", "sum"):
            x = torch.tensor(pred, dtype=torch.float64, requires_grad=True)
            inter = (t * x).flatten(1).sum(1)
            loss = 1 - (2 * inter + smooth) / (t.flatten(1).sum(1) + x.flatten(1).sum(1) + smooth)
            value = loss.mean() if reduction == "mean" else loss.sum()
            value.backward()
            assert dice_loss(true, pred, smooth=smooth, reduction=reduction) == pytest.approx(
                float(value.detach()), rel=1e-12
            )
            np.testing.assert_allclose(
                dice_loss_grad(true, pred, smooth=smooth, reduction=reduction),
                x.grad.numpy(),
                rtol=1e-10,
                atol=1e-15,
            )


# --- exactness: mpmath on hard masks --------------------------------------------------------


# The taught formula itself, in 4000 bits: enough for 1 - (1 - 1e-300) and for smooth = 1e300.
def mp_dice_loss(t: list[float], p: list[float], smooth: float) -> Any:
    with MP.workprec(4000):
        ts, ps = [MP.mpf(a) for a in t], [MP.mpf(b) for b in p]
        numerator = 2 * MP.fsum(a * b for a, b in zip(ts, ps, strict=True)) + smooth
        return 1 - numerator / (MP.fsum(ts) + MP.fsum(ps) + smooth)


def mp_dice_grad(t: list[float], p: list[float], smooth: float) -> list[Any]:
    with MP.workprec(4000):
        ts, ps = [MP.mpf(a) for a in t], [MP.mpf(b) for b in p]
        total = MP.fsum(ts) + MP.fsum(ps) + smooth
        dice = (2 * MP.fsum(a * b for a, b in zip(ts, ps, strict=True)) + smooth) / total
        return [(dice - 2 * a) / total for a in ts]


def assert_ulps(actual: Any, expected: list[Any], max_ulps: float = 4.0) -> None:
    values = np.atleast_1d(np.asarray(actual))
    dtype = values.dtype.type
    for got, true in zip(values.reshape(-1), expected, strict=True):
        tolerance = max_ulps * float(np.spacing(abs(dtype(float(true)))))
        error = abs(float(got) - float(true))
        assert error <= tolerance, (
            f"got {got!r}, true {MP.nstr(true, 20)}: {error / tolerance * max_ulps:.1f} ulp"
        )


HARD_MASKS = [
    pytest.param([1.0, 1.0, 0.0, 0.0], [1 - 1e-12, 1 - 3e-13, 1e-15, 0.0], 1.0, id="nearly-perfect"),
    pytest.param([1.0, 1.0, 0.0, 0.0], [1 - 1e-16, 1.0, 5e-324, 0.0], 0.0, id="perfect-to-the-ulp"),
    pytest.param([1.0, 0.0, 0.0], [1e-300, 0.0, 1e-300], 0.0, id="tiny-dice"),
    pytest.param([0.0, 0.0, 0.0], [1e-300, 2e-300, 0.0], 1.0, id="empty-target-tiny-prediction"),
    pytest.param([0.0, 0.0, 0.0], [1e-300, 2e-300, 0.0], 0.0, id="empty-target-s0"),
    pytest.param([0.999, 0.001, 0.5], [0.998, 0.002, 0.5], 1e-5, id="soft-close"),
    pytest.param([1.0] * 3 + [0.0] * 3, [0.3, 0.9, 0.6, 0.2, 0.1, 0.7], 1.0, id="ordinary"),
    pytest.param([1.0, 0.0], [0.5, 0.5], 1e300, id="huge-smooth"),
]


@pytest.mark.parametrize(("t", "p", "smooth"), HARD_MASKS)
def test_dice_loss_is_exact_on_hard_masks(t: list[float], p: list[float], smooth: float) -> None:
    with no_warnings():
        result = dice_loss([t], [p], smooth=smooth, reduction="none")
        grad = dice_loss_grad([t], [p], smooth=smooth, reduction="sum")
    assert_ulps(result, [mp_dice_loss(t, p, smooth)])
    expected = mp_dice_grad(t, p, smooth)
    for got, true, target in zip(grad[0], expected, t, strict=True):
        # D - 2t cancels where a soft target is near D / 2; elsewhere a few ulp.
        assert_ulps([got], [true], 4.0 if target in (0.0, 1.0) else 1e3)


def test_a_nearly_perfect_mask_keeps_its_small_loss() -> None:
    # 1 - (2I + s) / (T + P + s) rounds 1e-17 to 0; the form with terms >= 0 keeps it.
    true, pred = [[1.0, 1.0, 0.0]], [[1.0, 1.0, 1e-17]]
    naive = reference(np.array(true), np.array(pred), 1.0)
    assert naive[0] == 0.0
    assert dice_loss(true, pred) == pytest.approx(1e-17 / (3 + 1e-17), rel=1e-15)


def test_negative_zero_and_long_double_masks() -> None:
    # -0.0 fails the fast test of a block (its sign bit is set) and passes the full check.
    true, pred = [[1.0, -0.0, 0.0]], [[0.9, 0.2, -0.0]]
    assert dice_loss(true, pred) == dice_loss([[1.0, 0.0, 0.0]], [[0.9, 0.2, 0.0]])
    with pytest.raises(ValueError, match=r"y_pred must hold probabilities in \[0, 1\], found -1e-300"):
        dice_loss(true, [[0.9, 0.2, -1e-300]])
    # Long double has no unsigned integer of its size: its blocks are tested with min and max.
    t, p = masks(np.random.default_rng(14), (3, 5), soft=True)
    np.testing.assert_allclose(
        dice_loss(t.astype(np.longdouble), p.astype(np.longdouble), reduction="none"),
        dice_loss(t, p, reduction="none"),
        rtol=1e-15,
    )
    with pytest.raises(ValueError, match=r"y_true must hold probabilities in \[0, 1\], found 1\.5"):
        dice_loss(np.longdouble([[1.5, 0.0]]), np.longdouble([[0.5, 0.5]]))


def test_float32_masks_are_exact() -> None:
    t = np.float32([[1.0, 1.0, 0.0, 0.0, 0.3]])
    p = np.float32([[1 - 6e-8, 0.5, 1e-30, 1e-44, 0.3]])
    with no_warnings():
        result = dice_loss(t, p, reduction="none")
    assert result.dtype == np.float32
    assert_ulps(result, [mp_dice_loss([float(a) for a in t[0]], [float(b) for b in p[0]], 1.0)])


@pytest.mark.parametrize(
    "shape", [(1, 200, 200), (1, 400, 400), (3, 70_000)], ids=["one-block", "pieces", "rows"]
)
def test_many_pixels_per_sample(shape: tuple[int, ...]) -> None:
    # Rows longer than a block are summed in pieces. The reference: the taught formula in long
    # double (64 bits of mantissa on x86: each product and sum within 2^-11 ulp of a double).
    pixels = math.prod(shape[1:])
    assert (pixels > segmentation._BLOCK) == (shape == (1, 400, 400))  # the ids say what is tested
    assert len(shape) == 3 or 2 * pixels > segmentation._BLOCK  # one row per block
    true, pred = masks(np.random.default_rng(8), shape, soft=True)
    t, p = (x.reshape(len(x), -1).astype(np.longdouble) for x in (true, pred))
    expected = 1 - (2 * np.sum(t * p, axis=1) + 1) / (np.sum(t, axis=1) + np.sum(p, axis=1) + 1)
    tolerance = 8 * EPS if np.finfo(np.longdouble).nmant >= 63 else 1e-12
    np.testing.assert_allclose(
        dice_loss(true, pred, reduction="none"), expected.astype(float), rtol=tolerance
    )
    grad = dice_loss_grad(true, pred)  # entries near 0 cancel (D - 2t for t near D / 2): an atol
    np.testing.assert_allclose(grad, ref_grad(true, pred), rtol=1e-12, atol=1e-15 * float(np.abs(grad).max()))


def ref_grad(t: np.ndarray, p: np.ndarray, smooth: float = 1.0) -> np.ndarray:
    t2, p2 = t.reshape(len(t), -1), p.reshape(len(p), -1)
    total = (t2.sum(axis=1) + p2.sum(axis=1) + smooth)[:, np.newaxis]
    dice = (2 * np.sum(t2 * p2, axis=1)[:, np.newaxis] + smooth) / total
    return ((dice - 2 * t2) / total / len(t)).reshape(t.shape)


# --- properties -----------------------------------------------------------------------------


@st.composite
def mask_pairs(draw: st.DrawFn, binary: bool = False) -> tuple[np.ndarray, np.ndarray]:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5))
    values = st.sampled_from([0.0, 1.0]) if binary else st.floats(0.0, 1.0)
    return (
        draw(hnp.arrays(np.float64, shape, elements=values)),
        draw(hnp.arrays(np.float64, shape, elements=st.floats(0.0, 1.0))),
    )


FEW = settings(max_examples=60, deadline=None)
SMOOTH_VALUES = st.sampled_from([1.0, 1e-5, 1e-300, 3.5])


@FEW
@given(mask_pairs(binary=True), SMOOTH_VALUES)
def test_a_perfect_prediction_has_the_loss_zero(case: tuple[np.ndarray, np.ndarray], smooth: float) -> None:
    true, _ = case
    with no_warnings():
        assert dice_loss(true, true, smooth=smooth, reduction="sum") == 0.0
        assert np.all(dice_loss_grad(true, true, smooth=smooth)[true == 1.0] < 0.0)


@FEW
@given(mask_pairs(), SMOOTH_VALUES)
def test_loss_lies_in_0_1_and_is_symmetric(case: tuple[np.ndarray, np.ndarray], smooth: float) -> None:
    true, pred = case
    with no_warnings():
        losses = dice_loss(true, pred, smooth=smooth, reduction="none")
        swapped = dice_loss(pred, true, smooth=smooth, reduction="none")
    assert np.all((losses >= 0.0) & (losses <= 1.0))
    np.testing.assert_array_equal(losses, swapped)  # Dice is symmetric in its two masks


@FEW
@given(mask_pairs(binary=True))
def test_disjoint_masks_have_the_loss_one_without_smoothing(case: tuple[np.ndarray, np.ndarray]) -> None:
    true, _ = case
    rows = true.reshape(len(true), -1)
    keep = (rows.sum(axis=1) > 0) & (rows.sum(axis=1) < rows.shape[1])
    if not keep.any():
        return
    true = true[keep]
    assert np.all(dice_loss(true, 1.0 - true, smooth=0.0, reduction="none") == 1.0)


# --- input handling -------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float32_and_float64(dtype: type) -> None:
    true, pred = masks(np.random.default_rng(9), (20, 4, 4), soft=True)
    with no_warnings():
        losses = dice_loss(true.astype(dtype), pred.astype(dtype), reduction="none")
        grad = dice_loss_grad(true.astype(dtype), pred.astype(dtype))
    assert losses.dtype == dtype
    assert grad.dtype == dtype
    rtol = 1e-5 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(losses, reference(true, pred), rtol=rtol)


@pytest.mark.parametrize("shape", [(3, 5), (3, 300, 300)], ids=["small", "blocks"])
def test_integer_and_boolean_masks_keep_float32(shape: tuple[int, ...]) -> None:
    true, pred = masks(np.random.default_rng(10), shape)
    for labels in (true.astype(np.int64), true.astype(bool), true.astype(np.uint8)):
        assert dice_loss(labels, pred.astype(np.float32), reduction="none").dtype == np.float32
        assert dice_loss_grad(labels, pred.astype(np.float32)).dtype == np.float32
        np.testing.assert_array_equal(
            dice_loss(labels, pred, reduction="none"), dice_loss(true, pred, reduction="none")
        )
        np.testing.assert_array_equal(dice_loss_grad(labels, pred), dice_loss_grad(true, pred))


@pytest.mark.parametrize("function", FUNCTIONS)
def test_lists_tuples_and_arrays(function: Any) -> None:
    true, pred = masks(np.random.default_rng(11), (3, 4))
    expected = function(true, pred, reduction="none")
    np.testing.assert_array_equal(function(true.tolist(), pred.tolist(), reduction="none"), expected)
    as_tuples = tuple(tuple(row) for row in pred.tolist())
    np.testing.assert_array_equal(function(true, as_tuples, reduction="none"), expected)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_non_contiguous_inputs(function: Any) -> None:
    true, pred = masks(np.random.default_rng(12), (8, 3, 4))
    for view in (lambda a: a[::2], lambda a: a[::-1, :, ::2], np.asfortranarray):
        expected = function(
            np.ascontiguousarray(view(true)), np.ascontiguousarray(view(pred)), reduction="none"
        )
        np.testing.assert_array_equal(function(view(true), view(pred), reduction="none"), expected)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_inputs_are_not_modified_and_may_be_read_only(dtype: type) -> None:
    true, pred = masks(np.random.default_rng(13), (4, 5))
    pred = pred.astype(dtype)
    true_copy, pred_copy = true.copy(), pred.copy()
    true.flags.writeable = False
    pred.flags.writeable = False
    for function in FUNCTIONS:
        for reduction in REDUCTIONS:
            np.testing.assert_array_equal(
                function(true, pred, reduction=reduction), function(true_copy, pred_copy, reduction=reduction)
            )
    np.testing.assert_array_equal(true, true_copy)
    np.testing.assert_array_equal(pred, pred_copy)


def test_empty_batch() -> None:
    true, pred = np.zeros((0, 3, 3)), np.zeros((0, 3, 3))
    assert dice_loss(true, pred, reduction="sum") == 0.0
    assert dice_loss(true, pred, reduction="none").shape == (0,)
    assert dice_loss_grad(true, pred, reduction="sum").shape == (0, 3, 3)
    for function in FUNCTIONS:
        with pytest.raises(ValueError, match="reduction='mean' needs at least one sample, got 0 samples"):
            function(true, pred)


def test_every_function_is_exported_and_takes_keywords_only() -> None:
    for function in FUNCTIONS:
        assert function.__name__ in lossdocs.__all__
        assert getattr(lossdocs, function.__name__) is function
        with pytest.raises(TypeError):
            function([[1.0]], [[0.5]], 1.0)


# --- bad input ------------------------------------------------------------------------------

NAN, INF = math.nan, math.inf
T3 = [[1.0, 0.0, 1.0]]
P3 = [[0.9, 0.2, 0.6]]
BAD = [
    pytest.param(
        T3,
        [[NAN, 0.2, 0.6]],
        ValueError,
        r"y_pred must not contain NaN, found nan at index \(0, 0\)",
        id="nan",
    ),
    pytest.param(
        T3, [[0.9, INF, 0.6]], ValueError, r"y_pred must hold probabilities in \[0, 1\], found inf", id="inf"
    ),
    pytest.param(
        T3,
        [[1.2, 0.2, 0.6]],
        ValueError,
        r"y_pred must hold probabilities in \[0, 1\], found 1\.2 at index \(0, 0\)(.|\n)*logits",
        id="above-1",
    ),
    pytest.param(T3, [[0.9, -0.1, 0.6]], ValueError, r"found -0\.1 at index \(0, 1\)", id="negative"),
    pytest.param(
        [[1.0, 2.0, 1.0]],
        P3,
        ValueError,
        r"y_true must hold probabilities in \[0, 1\], found 2\.0",
        id="true-2",
    ),
    pytest.param([[1.0, NAN, 1.0]], P3, ValueError, r"y_true must not contain NaN", id="true-nan"),
    pytest.param(
        [[1, -1, 1]], P3, ValueError, r"y_true must hold probabilities in \[0, 1\], found -1", id="true-int"
    ),
    pytest.param(
        [1.0, 0.0, 1.0],
        [[0.9], [0.2], [0.6]],
        ValueError,
        r"y_true and y_pred must have the same shape, got \(3,\) and \(3, 1\)"
        r"(.|\n)*would broadcast to \(3, 3\)",
        id="column",
    ),
    pytest.param(
        T3, [[0.9, 0.2]], ValueError, r"must have the same shape, got \(1, 3\) and \(1, 2\)", id="fewer"
    ),
    pytest.param(
        np.zeros((3, 0)),
        np.zeros((3, 0)),
        ValueError,
        r"have no pixels per sample: shape \(3, 0\)",
        id="no-pixels",
    ),
    pytest.param(T3, [["a", "b", "c"]], TypeError, r"y_pred must contain real numbers", id="str"),
    pytest.param([["a", "b", "c"]], P3, TypeError, r"y_true must contain real numbers", id="str-true"),
    pytest.param(T3, [[0.5, 0.5], [0.5]], ValueError, r"y_pred is a ragged nested sequence", id="ragged"),
    pytest.param(1.0, 0.5, ValueError, r"y_pred must have a sample axis", id="scalar"),
    pytest.param(T3, [[1 + 1j, 0, 0]], TypeError, r"dtype complex128", id="complex"),
]


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize(("y_true", "y_pred", "error", "match"), BAD)
def test_bad_input_is_refused(function: Any, y_true: object, y_pred: object, error: type, match: str) -> None:
    with no_warnings(), pytest.raises(error, match=match):
        function(y_true, y_pred)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("reduction", ["avg", None, "SUM", "batchmean"])
def test_unknown_reduction_is_refused(function: Any, reduction: object) -> None:
    with pytest.raises(ValueError, match="reduction must be one of 'sum', 'mean' or 'none'"):
        function(T3, P3, reduction=reduction)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize(
    ("smooth", "error", "match"),
    [
        (-1.0, ValueError, r"smooth must be a finite number >= 0, got -1\.0\.\n.*MONAI uses 1e-5"),
        (NAN, ValueError, r"smooth must be a finite number >= 0, got nan"),
        (INF, ValueError, r"smooth must be a finite number >= 0, got inf"),
        ("1", TypeError, r"smooth must be a real number, got '1'"),
        (True, TypeError, r"smooth must be a real number, got True"),
        (None, TypeError, r"smooth must be a real number, got None"),
        ([1.0], TypeError, r"smooth must be a real number"),
    ],
)
def test_bad_smooth_is_refused(function: Any, smooth: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        function(T3, P3, smooth=smooth)


@pytest.mark.parametrize("smooth", [0, 0.0, 1, np.float32(0.5), np.float64(1e-5), 1e300])
def test_valid_smooth_values_are_accepted(smooth: object) -> None:
    assert 0.0 <= dice_loss(T3, P3, smooth=smooth) <= 1.0  # type: ignore[arg-type]
