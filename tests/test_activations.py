"""Tests of the activations: softmax, log_softmax, sigmoid and log_sigmoid.

Exactness is checked against mpmath at 200 bits on hard inputs (logits of ±1000, tiny differences,
long rows, the edge of overflow), agreement with SciPy on many random inputs, and the contract:
float32 kept, lists and scalars accepted, inputs never modified, no warnings, clear errors.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

import lossdocs
from lossdocs import log_sigmoid, log_softmax, sigmoid, softmax
from tests.test_classification import no_warnings

MP = mpmath.mp.clone()
MP.prec = 200
ROW_FUNCTIONS = [softmax, log_softmax]
ELEMENT_FUNCTIONS = [sigmoid, log_sigmoid]
FUNCTIONS = ROW_FUNCTIONS + ELEMENT_FUNCTIONS


def assert_ulps(actual: object, expected: list[object], max_ulps: float = 4.0) -> None:
    """Each entry of `actual` lies within `max_ulps` units in the last place of the mpmath value."""
    values = np.asarray(actual)
    dtype = values.dtype.type
    assert len(values.reshape(-1)) == len(expected)
    for got, true in zip(values.reshape(-1), expected, strict=True):
        rounded = dtype(float(true))  # the true value rounded to the dtype (0 where it underflows)
        tolerance = max_ulps * float(np.spacing(abs(rounded)))
        error = abs(float(got) - float(true))
        assert error <= tolerance, (
            f"got {got!r}, true {MP.nstr(true, 20)}: {error / tolerance * max_ulps} ulp"
        )


# --- mpmath references: written so that no digit is lost, whatever the inputs -------------


def mp_others(row: list[float], k: int) -> object:
    """sum_{j != k} e^{z_j - z_k}: every difference is exact in 200 bits, and no 1 swamps the sum."""
    return MP.fsum(MP.exp(MP.mpf(z) - MP.mpf(row[k])) for j, z in enumerate(row) if j != k)


def mp_log_softmax(row: list[float]) -> list[object]:
    return [-MP.log1p(mp_others(row, k)) for k in range(len(row))]  # -log sum_j e^{z_j - z_k}


def mp_softmax(row: list[float]) -> list[object]:
    return [1 / (1 + mp_others(row, k)) for k in range(len(row))]


def mp_sigmoid(x: float) -> object:
    return 1 / (1 + MP.exp(-MP.mpf(x)))


def mp_log_sigmoid(x: float) -> object:
    return -MP.log1p(MP.exp(-MP.mpf(x)))


HARD_ROWS = [
    pytest.param([1000.0, -1000.0], id="pm1000"),
    pytest.param([1000.0, 1000.0, -1000.0], id="tie-at-1000"),
    pytest.param([0.0, -40.0, -40.0], id="confident"),
    pytest.param([1e-10, 0.0, -1e-10], id="tiny-differences"),
    pytest.param([0.1, 0.1 + 1e-15, 0.1 - 1e-15], id="ulp-differences"),
    pytest.param([-745.0, 0.0, 709.0], id="exp-range"),
    pytest.param([1e300, -1e300, 0.0], id="huge"),
    pytest.param([5.0], id="one-class"),
    pytest.param([-3.0, 2.5, 0.25, 7.0, -0.5], id="ordinary"),
]
HARD_SCALARS = [-1e300, -1000.0, -745.0, -740.0, -709.9, -708.5, -104.0, -95.0, -88.8, -40.0, -1.0]
HARD_SCALARS += [-1e-10, -0.0, 0.0, 1e-300, 1e-10, 0.5, 1.0, 17.0, 36.0, 40.0, 88.8, 709.9, 1000.0, 1e300]
FLOAT32_SCALARS = [x for x in HARD_SCALARS if abs(x) < 3e38]


@pytest.mark.parametrize("row", HARD_ROWS)
def test_softmax_is_exact_on_hard_rows(row: list[float]) -> None:
    with no_warnings():
        assert_ulps(softmax([row]), mp_softmax(row))


@pytest.mark.parametrize("row", HARD_ROWS)
def test_log_softmax_is_exact_on_hard_rows(row: list[float]) -> None:
    with no_warnings():
        assert_ulps(log_softmax([row]), mp_log_softmax(row))


def test_log_softmax_keeps_a_tiny_log_probability() -> None:
    # log softmax([0, -40])_0 = -log(1 + e^-40) = -4.25e-18; log(sum of exps) would give 0.
    assert log_softmax([0.0, -40.0])[0] == pytest.approx(-math.exp(-40.0), rel=1e-15)
    assert log_softmax([0.0, -40.0])[0] != 0.0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_very_long_rows_are_exact(dtype: type) -> None:
    rng = np.random.default_rng(0)
    row = (rng.normal(0.0, 5.0, size=20_000)).astype(dtype)
    row[123] = 60.0  # one dominant class
    values = [float(v) for v in row]
    log_norm = MP.log(MP.fsum(MP.exp(MP.mpf(v)) for v in values))
    picked = [0, 123, 19_999]
    assert_ulps(log_softmax(row)[picked], [MP.mpf(values[k]) - log_norm for k in picked], 8)
    # softmax = e^{z - m} / s: the rounding of z - m (half an ulp of |z - m|) is amplified by exp to
    # |z - m| / 2 ulp, the conditioning of the shift that every implementation has; the sum is exact.
    for k in picked:
        assert_ulps(softmax(row)[[k]], [MP.exp(MP.mpf(values[k]) - log_norm)], 8 + abs(values[k] - 60.0) / 2)


@pytest.mark.parametrize("x", HARD_SCALARS)
def test_sigmoid_is_exact(x: float) -> None:
    with no_warnings():
        assert_ulps(sigmoid([x]), [mp_sigmoid(x)])


@pytest.mark.parametrize("x", HARD_SCALARS)
def test_log_sigmoid_is_exact(x: float) -> None:
    with no_warnings():
        assert_ulps(log_sigmoid([x]), [mp_log_sigmoid(x)])


@pytest.mark.parametrize("x", FLOAT32_SCALARS)
def test_sigmoid_and_log_sigmoid_are_exact_in_float32(x: float) -> None:
    x32 = np.float32(x)
    with no_warnings():
        assert_ulps(sigmoid(np.array([x32])), [mp_sigmoid(float(x32))])
        assert_ulps(log_sigmoid(np.array([x32])), [mp_log_sigmoid(float(x32))])


@pytest.mark.parametrize("row", HARD_ROWS)
def test_softmax_and_log_softmax_are_exact_in_float32(row: list[float]) -> None:
    row32 = [float(np.float32(v)) for v in row if abs(v) < 3e38]
    with no_warnings():
        assert_ulps(softmax(np.float32([row32])), mp_softmax(row32), 8)
        assert_ulps(log_softmax(np.float32([row32])), mp_log_softmax(row32), 8)


@pytest.mark.parametrize("x", HARD_SCALARS)
def test_sigmoid_minus_its_target_is_exact_on_both_sides(x: float) -> None:
    # The gradient of the binary cross-entropy of a logit is σ(x) - t: σ(x) for t = 0 and -σ(-x)
    # for t = 1, each exact also where σ(x) rounds to 1 or to a subnormal.
    grad = lossdocs.sigmoid_binary_cross_entropy_grad
    assert_ulps(grad([0.0], [x], reduction="sum"), [mp_sigmoid(x)])
    assert_ulps(grad([1.0], [x], reduction="sum"), [-mp_sigmoid(-x)])


def test_sigmoid_in_the_subnormal_range_keeps_its_digits() -> None:
    # e^{-x} overflows below x = -709.78: the result is e^x, subnormal, not 0.
    assert sigmoid([-740.0])[0] == pytest.approx(math.exp(-740.0), rel=1e-10)
    assert sigmoid([-740.0])[0] > 0.0
    assert sigmoid(np.float32([-95.0]))[0] > 0.0


# --- independent implementations: SciPy ----------------------------------------------------


@pytest.mark.parametrize("seed", range(10))
def test_agrees_with_scipy_on_random_inputs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = tuple(int(s) for s in rng.integers(1, 6, size=rng.integers(1, 4)))
    z = rng.normal(0.0, 10.0 ** rng.uniform(-1, 3), size=shape)
    axis = int(rng.integers(-len(shape), len(shape)))
    np.testing.assert_allclose(softmax(z, axis=axis), special.softmax(z, axis=axis), rtol=1e-13, atol=1e-300)
    # SciPy rounds log(1 + tiny) to 0 where log_softmax keeps the tiny value: hence the atol.
    np.testing.assert_allclose(
        log_softmax(z, axis=axis), special.log_softmax(z, axis=axis), rtol=1e-13, atol=1e-15
    )
    np.testing.assert_allclose(sigmoid(z), special.expit(z), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(log_sigmoid(z), special.log_expit(z), rtol=1e-14)


# --- properties ----------------------------------------------------------------------------

finite_rows = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6),
    elements=st.floats(-1e4, 1e4, allow_nan=False),
)


@settings(max_examples=60, deadline=None)
@given(finite_rows)
def test_softmax_rows_are_distributions(z: np.ndarray) -> None:
    with no_warnings():
        p = softmax(z)
        log_p = log_softmax(z)
    assert np.all((p >= 0.0) & (p <= 1.0))
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-14)
    assert np.all(log_p <= 0.0)
    np.testing.assert_allclose(np.exp(log_p), p, rtol=1e-12, atol=1e-300)


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(np.float64, (3, 4), elements=st.integers(-1000, 1000).map(float)),
    st.integers(-(10**6), 10**6).map(float),
)
def test_log_softmax_is_unchanged_by_a_constant(z: np.ndarray, constant: float) -> None:
    # Integer-valued logits: z + c is exact, so the result must not change in any bit.
    np.testing.assert_array_equal(log_softmax(z + constant), log_softmax(z))
    np.testing.assert_array_equal(softmax(z + constant), softmax(z))


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-800, 800)))
def test_sigmoid_symmetry_and_log(x: np.ndarray) -> None:
    with no_warnings():
        s, s_neg, log_s = sigmoid(x), sigmoid(-x), log_sigmoid(x)
    np.testing.assert_allclose(s + s_neg, 1.0, rtol=1e-15)
    assert np.all(log_s <= 0.0)
    np.testing.assert_allclose(np.exp(log_s), s, rtol=1e-12, atol=1e-300)
    order = np.argsort(x, kind="stable")
    assert np.all(np.diff(s[order]) >= 0.0)


# --- the contract: dtypes, containers, shapes, axes, no side effects -----------------------


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_dtype_is_kept(function: Callable[..., np.ndarray], dtype: type) -> None:
    z = np.array([[1.0, -2.0, 3.0], [500.0, -500.0, 0.0]], dtype=dtype)
    result = function(z)
    assert result.dtype == dtype
    assert result.shape == z.shape
    np.testing.assert_allclose(result, function(z.astype(np.float64)), rtol=1e-6, atol=1e-30)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_integers_lists_and_tuples(function: Callable[..., np.ndarray]) -> None:
    expected = function(np.array([[1.0, 2.0], [3.0, -4.0]]))
    np.testing.assert_array_equal(function([[1, 2], [3, -4]]), expected)
    np.testing.assert_array_equal(function(((1.0, 2.0), (3.0, -4.0))), expected)
    assert function(np.array([[1, 2], [3, -4]], dtype=np.int8)).dtype == np.float64


@pytest.mark.parametrize("function", ELEMENT_FUNCTIONS)
@pytest.mark.parametrize("x", [0.5, np.float64(0.5), np.array(0.5), 1])
def test_elementwise_functions_take_a_scalar(function: Callable[..., np.ndarray], x: object) -> None:
    result = function(x)
    assert isinstance(result, np.ndarray)
    assert result.shape == ()
    assert result == function([float(np.asarray(x))])[0]


def test_sigmoid_of_a_float32_scalar_stays_float32() -> None:
    assert sigmoid(np.float32(2.0)).dtype == np.float32


@pytest.mark.parametrize("function", ROW_FUNCTIONS)
def test_axis(function: Callable[..., np.ndarray]) -> None:
    z = np.random.default_rng(1).normal(size=(2, 3, 4))
    for axis in (0, 1, 2, -1, -3):
        moved = np.moveaxis(function(np.moveaxis(z, axis, -1)), -1, axis)
        np.testing.assert_allclose(function(z, axis=axis), moved, rtol=1e-15)
    np.testing.assert_array_equal(function(z), function(z, axis=2))


@pytest.mark.parametrize("function", ROW_FUNCTIONS)
def test_one_dimensional_logits_are_one_row(function: Callable[..., np.ndarray]) -> None:
    np.testing.assert_array_equal(function([1.0, 2.0, 3.0]), function([[1.0, 2.0, 3.0]])[0])


@pytest.mark.parametrize(
    ("function", "shape"),
    [(softmax, (0, 3)), (log_softmax, (0, 3)), (sigmoid, (0,)), (log_sigmoid, (0, 2)), (sigmoid, (2, 0))],
)
def test_empty_input_gives_an_empty_result(
    function: Callable[..., np.ndarray], shape: tuple[int, ...]
) -> None:
    assert function(np.zeros(shape)).shape == shape


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize(
    "view", [lambda a: a[::2], lambda a: a.T, lambda a: a[:, ::-1]], ids=["step", "transpose", "reversed"]
)
def test_non_contiguous_and_read_only_inputs(
    function: Callable[..., np.ndarray], view: Callable[[np.ndarray], np.ndarray]
) -> None:
    z = np.random.default_rng(2).normal(0.0, 50.0, size=(6, 5))
    z.flags.writeable = False
    before = z.copy()
    z_view = view(z)
    np.testing.assert_array_equal(function(z_view), function(np.ascontiguousarray(z_view)))
    np.testing.assert_array_equal(z, before)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_inputs_are_not_modified(function: Callable[..., np.ndarray], dtype: type) -> None:
    z = np.array([[-1000.0, 0.0, 1000.0], [3.0, -2.0, 1.0]], dtype=dtype)
    before = z.copy()
    function(z)
    np.testing.assert_array_equal(z, before)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_no_warnings_at_the_extremes(function: Callable[..., np.ndarray]) -> None:
    z = np.array([[-1.7e308, 0.0, 1.7e308], [-1000.0, -745.5, 1000.0]])
    with no_warnings():
        result = function(z)
    assert not np.isnan(result).any()


def test_exported_from_the_package() -> None:
    for name in ("softmax", "log_softmax", "sigmoid", "log_sigmoid"):
        assert name in lossdocs.__all__
        assert getattr(lossdocs, name) is getattr(lossdocs.activations, name)


# --- bad input -----------------------------------------------------------------------------

BAD_INPUTS = [
    pytest.param([[1.0, np.nan]], ValueError, r"must be finite, found nan at index \(0, 1\)", id="nan"),
    pytest.param([[1.0], [np.inf]], ValueError, r"must be finite, found inf at index \(1, 0\)", id="inf"),
    pytest.param([-np.inf, 0.0], ValueError, r"must be finite, found -inf at index \(0,\)", id="-inf"),
    pytest.param([["a", "b"]], TypeError, r"must contain real numbers, got an array of dtype <U1", id="str"),
    pytest.param("abc", TypeError, r"must contain real numbers", id="string"),
    pytest.param(
        [1.0, None], TypeError, r"must contain real numbers, got an array of dtype object", id="none"
    ),
    pytest.param([1 + 2j], TypeError, r"dtype complex128", id="complex"),
    pytest.param([[1.0, 2.0], [3.0]], ValueError, r"is a ragged nested sequence", id="ragged"),
]


@pytest.mark.parametrize(("values", "error", "match"), BAD_INPUTS)
@pytest.mark.parametrize("function", FUNCTIONS)
def test_bad_input_is_refused(
    function: Callable[..., object], values: object, error: type[Exception], match: str
) -> None:
    name = "logits" if function in ROW_FUNCTIONS else "x"
    with no_warnings(), pytest.raises(error, match=f"{name} {match}" if "ragged" in match else match) as info:
        function(values)
    assert str(info.value).startswith(name)


@pytest.mark.parametrize("function", ELEMENT_FUNCTIONS)
@pytest.mark.parametrize("value", [math.nan, math.inf, "x"])
def test_bad_scalars_are_refused(function: Callable[..., object], value: object) -> None:
    error = TypeError if isinstance(value, str) else ValueError
    with no_warnings(), pytest.raises(error, match=r"^x must"):
        function(value)


@pytest.mark.parametrize("function", ROW_FUNCTIONS)
def test_a_scalar_has_no_axis_to_normalize(function: Callable[..., object]) -> None:
    with pytest.raises(ValueError, match=r"logits must have an axis to normalize along, got the scalar 2\.0"):
        function(2.0)


@pytest.mark.parametrize("function", ROW_FUNCTIONS)
@pytest.mark.parametrize(
    ("axis", "error", "match"),
    [
        (2, ValueError, r"axis 2 is out of range for logits of shape \(2, 3\)(.|\n)*from -2 to 1"),
        (-3, ValueError, r"axis -3 is out of range"),
        (1.0, TypeError, r"axis must be an integer such as -1 \(the last axis\), got 1\.0"),
        (True, TypeError, r"axis must be an integer"),
        (None, TypeError, r"axis must be an integer"),
        ((0, 1), TypeError, r"axis must be an integer"),
    ],
)
def test_bad_axis_is_refused(
    function: Callable[..., object], axis: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        function(np.zeros((2, 3)), axis=axis)


@pytest.mark.parametrize("function", ROW_FUNCTIONS)
def test_an_empty_axis_is_refused(function: Callable[..., object]) -> None:
    with pytest.raises(ValueError, match=r"logits has no entries along axis -1: shape \(3, 0\)"):
        function(np.zeros((3, 0)))


@pytest.mark.parametrize("function", ROW_FUNCTIONS)
def test_numpy_integer_axis_is_accepted(function: Callable[..., np.ndarray]) -> None:
    z = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(function(z, axis=np.int64(0)), function(z, axis=0))
