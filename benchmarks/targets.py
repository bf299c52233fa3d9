"""The performance targets of lossdocs, each measured against a baseline timed in the same run.

- Read baseline: ``a.sum() + b.sum()`` on two float64 arrays of 10,000,000 elements, the time the
  machine needs just to read both once.
- ``sum_squared_error`` and ``mean_squared_error`` on those arrays: at most 1.2 times the read
  baseline; ``mean_absolute_error`` at most 1.3 times; each at most 2 MB of memory beyond the
  inputs (tracemalloc peak during the call, which sees NumPy's allocations).
- ``softmax_cross_entropy`` on float64 logits of shape (20,000, 1,000) with integer labels: at most
  1.15 times the floor, the passes that no exact NumPy version can skip (row max, subtract, ``exp``,
  row sum, each over cache-sized blocks of rows into buffers allocated beforehand); and, where
  torch can be imported, at most 1.0 times PyTorch's CPU ``cross_entropy`` (0.6 times on an
  AVX-512 machine, where NumPy's ``exp`` is vectorised), at the machine's own dispatch level only.
- Every other function, at its largest size in the table (10^6 elements): at most 1.0 times the
  plain NumPy code a learner would write. A function that must do a pass the plain code skips
  (a check of its inputs, or an exact form) is an exception: its case names the reason and a
  floor, that plain code with the pass added, and it may take at most 1.15 times the floor.
  The losses of current practice and the options of benchmarks/practice.py (Gaussian and Poisson
  NLL, Dice, triplet, InfoNCE, class weights, pos_weight, perplexity): at most 1.5 times.
- The article's four-element example: at most 4 µs per call, and at most a tenth of
  scikit-learn's ``mean_squared_error`` on the same data when scikit-learn can be imported.
- Linear cost: from 100 to 10,000,000 elements, no tenfold step of the size makes a call more
  than 1.5 × 10 times slower, or more than it makes the read baseline slower (from the cache to
  main memory, reading itself gets dearer per element).

Everything runs on one thread (threadpoolctl and ``torch.set_num_threads(1)``, where available);
the functions compared with each other are timed taking turns, and the best time counts.
``--quick`` takes tiny sizes and compares only with libraries already imported: it checks that
the code runs, and its verdicts are "n/a".
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import itertools
import sys
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

import lossdocs
from benchmarks.timing import Result, best_times
from lossdocs._kernels import ROW_BLOCK, SUM_BLOCK

READ_RATIO_MAX = {"sum_squared_error": 1.2, "mean_squared_error": 1.2, "mean_absolute_error": 1.3}
EXTRA_MEMORY_MAX = 2_000_000  # bytes
SOFTMAX_FLOOR_RATIO_MAX = 1.15
SOFTMAX_TORCH_RATIO_MAX = {"X86_V4": 0.6}  # 1.0 at the other levels
PLAIN_RATIO_MAX = 1.0
PRACTICE_RATIO_MAX = 1.5  # the losses of current practice and the new options (benchmarks/practice.py)
FLOOR_RATIO_MAX = 1.15  # for the exceptions, as for the softmax cross-entropy
TINY_MICROSECONDS_MAX = 4.0
TINY_SKLEARN_RATIO_MAX = 0.1
STEP_GROWTH_MAX = 1.5  # a tenfold size may cost at most 1.5 × 10 times as much

Y_TRUE = [3.0, -0.5, 2.0, 7.0]
Y_PRED = [2.5, 0.0, 2.0, 8.0]

REGRESSION: dict[str, Callable[..., Any]] = {
    "sum_squared_error": lossdocs.sum_squared_error,
    "mean_squared_error": lossdocs.mean_squared_error,
    "mean_absolute_error": lossdocs.mean_absolute_error,
}
PLAIN_REGRESSION: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "sum_squared_error": lambda t, y: float(np.sum((y - t) ** 2)),
    "mean_squared_error": lambda t, y: float(np.mean((y - t) ** 2)),
    "mean_absolute_error": lambda t, y: float(np.mean(np.abs(y - t))),
}


def _optional(module: str, quick: bool = False) -> Any | None:
    """The module if it can be imported, else None (torch and scikit-learn are not dependencies).

    With `quick`, only a module that is already imported: importing torch alone takes longer
    than the whole quick run.
    """
    if quick:
        return sys.modules.get(module)
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


@contextlib.contextmanager
def one_thread(torch: Any | None) -> Iterator[bool]:
    """Limit BLAS/OpenMP (threadpoolctl) and torch to one thread; yields whether that was possible."""
    threadpoolctl = _optional("threadpoolctl")
    torch_threads = torch.get_num_threads() if torch is not None else None
    limits = threadpoolctl.threadpool_limits(1) if threadpoolctl is not None else contextlib.nullcontext()
    try:
        with limits:
            if torch is not None:
                torch.set_num_threads(1)
            yield threadpoolctl is not None
    finally:
        if torch is not None and torch_threads is not None:
            torch.set_num_threads(torch_threads)


def extra_memory(function: Callable[[], object]) -> int:
    """The peak of memory allocated during one call of `function`, in bytes, beyond what was before."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        function()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def _verdict(passed: bool, quick: bool) -> str:
    return "n/a" if quick else ("PASS" if passed else "FAIL")


def _line(verdict: str, target: str, measured: str) -> None:
    print(f"{verdict:<5} {target:<58} {measured}", flush=True)


def _read(a: np.ndarray, b: np.ndarray) -> float:
    """The read baseline: the time to read both arrays once."""
    return float(a.sum() + b.sum())


def _difference(t: np.ndarray, y: np.ndarray, buffer: np.ndarray) -> None:
    """The pass no NumPy loss of two arrays can skip: y - t, block by block into a buffer in the cache."""
    step = len(buffer)
    for start in range(0, len(y), step):
        stop = min(start + step, len(y))
        np.subtract(y[start:stop], t[start:stop], out=buffer[: stop - start])


def regression_targets(
    quick: bool, repeat: int, min_seconds: float, rng: np.random.Generator
) -> dict[str, Any]:
    """The read baseline, and time and memory of the three regression losses on two large vectors."""
    n = 10_000 if quick else 10_000_000
    t, y = rng.normal(size=n), rng.normal(size=n) * 2.0
    functions: dict[str, Callable[[], object]] = {
        "read": functools.partial(_read, t, y),
        "difference": functools.partial(_difference, t, y, np.empty(SUM_BLOCK)),
    }
    for name, function in REGRESSION.items():
        np.testing.assert_allclose(function(t, y), PLAIN_REGRESSION[name](t, y), rtol=1e-12)
        functions[name] = functools.partial(function, t, y)
        functions[f"plain {name}"] = functools.partial(PLAIN_REGRESSION[name], t, y)
    times = best_times(functions, repeat, min_seconds)
    read = times["read"]
    _line("", f"read baseline a.sum() + b.sum(), {n:,} float64 each", f"{read * 1e3:.2f} ms")
    difference = times["difference"] / read
    _line("", "y - t alone, in blocks of the cache (no loss can skip it)", f"{difference:.2f} x read")
    report: dict[str, Any] = {
        "n": n,
        "read_seconds": read,
        "difference_ratio_to_read": difference,
        "losses": {},
    }
    for name, limit in READ_RATIO_MAX.items():
        ratio = times[name] / read
        peak = extra_memory(functions[name])
        plain_peak = extra_memory(functions[f"plain {name}"])
        time_ok, memory_ok = ratio <= limit, peak <= EXTRA_MEMORY_MAX
        report["losses"][name] = {
            "seconds": times[name],
            "ratio_to_read": ratio,
            "limit": limit,
            "plain_ratio_to_read": times[f"plain {name}"] / read,
            "extra_memory_bytes": peak,
            "plain_extra_memory_bytes": plain_peak,
            "time_pass": time_ok,
            "memory_pass": memory_ok,
        }
        _line(
            _verdict(time_ok, quick),
            f"{name} time <= {limit} x read",
            f"{ratio:.2f} x read ({times[name] * 1e3:.2f} ms; plain {times[f'plain {name}'] / read:.2f} x)",
        )
        _line(
            _verdict(memory_ok, quick),
            f"{name} extra memory <= {EXTRA_MEMORY_MAX / 1e6:g} MB",
            f"{peak / 1e6:.3f} MB (plain {plain_peak / 1e6:.1f} MB)",
        )
    return report


def _plain_softmax_cross_entropy(t: np.ndarray, z: np.ndarray) -> float:
    s = z - z.max(axis=1, keepdims=True)
    return float(np.mean(np.log(np.exp(s).sum(axis=1)) - s[np.arange(len(t)), t]))


def _softmax_floor(z: np.ndarray, exps: np.ndarray, maxima: np.ndarray, sums: np.ndarray) -> None:
    """The passes no exact softmax cross-entropy in NumPy can skip: max, subtract, exp, sum of each row.

    Over blocks of rows of the same 512 KiB as lossdocs (lossdocs._kernels.ROW_BLOCK), into
    buffers allocated beforehand; nothing else, not even the log of the sums.
    """
    n, k = z.shape
    step = max(1, ROW_BLOCK // k)
    for start in range(0, n, step):
        rows = slice(start, min(start + step, n))
        block, buffer = z[rows], exps[: rows.stop - rows.start]
        np.max(block, axis=1, out=maxima[rows])
        np.subtract(block, maxima[rows, np.newaxis], out=buffer)
        np.exp(buffer, out=buffer)
        np.sum(buffer, axis=1, out=sums[rows])


def softmax_targets(
    quick: bool, repeat: int, min_seconds: float, rng: np.random.Generator, torch: Any | None, level: str
) -> dict[str, Any]:
    """softmax_cross_entropy against its floor, the plain stable NumPy version and, if given, PyTorch."""
    shape = (200, 100) if quick else (20_000, 1_000)
    z, labels = rng.normal(size=shape), rng.integers(0, shape[1], size=shape[0])
    expected = _plain_softmax_cross_entropy(labels, z)
    np.testing.assert_allclose(lossdocs.softmax_cross_entropy(labels, z), expected, rtol=1e-12)
    buffers = (np.empty((max(1, ROW_BLOCK // shape[1]), shape[1])), np.empty(shape[0]), np.empty(shape[0]))
    functions: dict[str, Callable[[], object]] = {
        "lossdocs": lambda: lossdocs.softmax_cross_entropy(labels, z),
        "floor": lambda: _softmax_floor(z, *buffers),
        "plain": lambda: _plain_softmax_cross_entropy(labels, z),
    }
    if torch is not None:
        z_t, labels_t = torch.from_numpy(z), torch.from_numpy(labels)
        cross_entropy = torch.nn.functional.cross_entropy
        np.testing.assert_allclose(float(cross_entropy(z_t, labels_t)), expected, rtol=1e-12)
        functions["torch"] = lambda: float(cross_entropy(z_t, labels_t))
    times = best_times(functions, repeat, min_seconds)
    size = "×".join(f"{length:,}" for length in shape)
    floor_ratio = times["lossdocs"] / times["floor"]
    report: dict[str, Any] = {
        "shape": list(shape),
        "seconds": times["lossdocs"],
        "floor_seconds": times["floor"],
        "ratio_to_floor": floor_ratio,
        "floor_pass": floor_ratio <= SOFTMAX_FLOOR_RATIO_MAX,
        "plain_seconds": times["plain"],
        "ratio_to_plain": times["lossdocs"] / times["plain"],
    }
    _line(
        _verdict(report["floor_pass"], quick),
        f"softmax_cross_entropy {size} <= {SOFTMAX_FLOOR_RATIO_MAX} x floor",
        f"{floor_ratio:.2f} x floor ({times['lossdocs'] * 1e3:.1f} ms vs {times['floor'] * 1e3:.1f} ms; "
        f"plain {times['plain'] * 1e3:.1f} ms)",
    )
    if torch is None:
        return report
    limit = SOFTMAX_TORCH_RATIO_MAX.get(level, 1.0)
    torch_ratio = times["lossdocs"] / times["torch"]
    report.update(
        torch=torch.__version__,
        torch_seconds=times["torch"],
        ratio_to_torch=torch_ratio,
        torch_limit=limit,
        torch_pass=torch_ratio <= limit,
    )
    _line(
        _verdict(report["torch_pass"], quick),
        f"softmax_cross_entropy {size} <= {limit} x torch",
        f"{torch_ratio:.2f} x torch {torch.__version__} ({times['torch'] * 1e3:.1f} ms)",
    )
    return report


def function_targets(results: Sequence[Result], quick: bool) -> dict[str, Any]:
    """Each function at its largest size: at most 1.0 x plain, or an exception within its floor."""
    largest: dict[str, Result] = {}
    for result in results:
        if result.function not in largest or np.prod(result.shape) > np.prod(largest[result.function].shape):
            largest[result.function] = result
    report: dict[str, Any] = {}
    for name, result in largest.items():
        limit = PRACTICE_RATIO_MAX if result.family == "practice" else PLAIN_RATIO_MAX
        entry: dict[str, Any] = {
            "size": result.size,
            "ratio": result.ratio,
            "limit": limit,
            "pass": result.ratio <= limit,
        }
        measured = f"{result.ratio:.2f} x plain"
        if result.exception is not None and result.floor_seconds is not None:
            floor_ratio = result.lossdocs_seconds / result.floor_seconds
            entry.update(
                exception=result.exception,
                floor_ratio_to_plain=result.floor_seconds / result.plain_seconds,
                ratio_to_floor=floor_ratio,
            )
            entry["pass"] = entry["pass"] or floor_ratio <= FLOOR_RATIO_MAX
            measured += (
                f"; exception: {floor_ratio:.2f} x floor ({entry['floor_ratio_to_plain']:.2f} x plain)"
            )
        report[name] = entry
        _line(_verdict(entry["pass"], quick), f"{name} {result.size} <= {limit} x plain", measured)
    return report


def tiny_targets(quick: bool, repeat: int, min_seconds: float) -> dict[str, Any]:
    """The article's four-element example, in microseconds, against scikit-learn's mean_squared_error."""
    functions: dict[str, Callable[[], object]] = {
        "lossdocs": lambda: lossdocs.sum_squared_error(Y_TRUE, Y_PRED)
    }
    metrics = _optional("sklearn.metrics", quick)
    if metrics is not None:
        functions["sklearn"] = lambda: metrics.mean_squared_error(Y_TRUE, Y_PRED)
    times = best_times(functions, repeat, min_seconds)
    microseconds = times["lossdocs"] * 1e6
    report: dict[str, Any] = {"microseconds": microseconds, "pass": microseconds <= TINY_MICROSECONDS_MAX}
    _line(
        _verdict(report["pass"], quick),
        f"sum_squared_error of the 4-element example <= {TINY_MICROSECONDS_MAX:g} µs",
        f"{microseconds:.2f} µs",
    )
    if metrics is None:
        report["sklearn"] = "not imported" if quick else "absent"
        _line(
            "n/a",
            f"4-element example <= {TINY_SKLEARN_RATIO_MAX} x sklearn",
            f"scikit-learn {report['sklearn']}",
        )
        return report
    ratio = times["lossdocs"] / times["sklearn"]
    report.update(
        sklearn_microseconds=times["sklearn"] * 1e6,
        ratio_to_sklearn=ratio,
        sklearn_pass=ratio <= TINY_SKLEARN_RATIO_MAX,
    )
    _line(
        _verdict(report["sklearn_pass"], quick),
        f"4-element example <= {TINY_SKLEARN_RATIO_MAX} x sklearn mean_squared_error",
        f"{ratio:.3f} x sklearn ({times['sklearn'] * 1e6:.1f} µs)",
    )
    return report


def scaling_targets(quick: bool, repeat: int, min_seconds: float, rng: np.random.Generator) -> dict[str, Any]:
    """The time of each regression loss at sizes 100, 1,000, ... and the growth of each tenfold step.

    The plain NumPy versions are timed alongside (for the scaling plot; they have no target).

    A step passes if the time grows at most 1.5 × 10 times, or no more than the read baseline
    (a.sum() + b.sum() of the same arrays) grows over that step: from the cache to main memory,
    merely reading the data gets dearer per element, and a linear algorithm follows.
    """
    sizes = [100, 1_000, 10_000] if quick else [10**k for k in range(2, 8)]
    largest_t, largest_y = rng.normal(size=sizes[-1]), rng.normal(size=sizes[-1])
    names = ["read", *REGRESSION, *(f"plain {name}" for name in REGRESSION)]
    times: dict[str, list[float]] = {name: [] for name in names}
    for n in sizes:
        t, y = largest_t[:n], largest_y[:n]
        calls: dict[str, Callable[[], object]] = {"read": functools.partial(_read, t, y)}
        calls.update({name: functools.partial(function, t, y) for name, function in REGRESSION.items()})
        calls.update(
            {f"plain {name}": functools.partial(PLAIN_REGRESSION[name], t, y) for name in REGRESSION}
        )
        for name, seconds in best_times(calls, repeat, min_seconds).items():
            times[name].append(seconds)
    read_growth = [later / earlier / 10 for earlier, later in itertools.pairwise(times["read"])]
    report: dict[str, Any] = {
        "sizes": sizes,
        "read_seconds": times["read"],
        "read_step_growth_over_linear": read_growth,
    }
    _line("", "read baseline: tenfold size, time grows", "steps " + _steps(read_growth))
    report["losses"] = {}
    for name in REGRESSION:
        growth = [later / earlier / 10 for earlier, later in itertools.pairwise(times[name])]
        passed = all(g <= max(STEP_GROWTH_MAX, r) for g, r in zip(growth, read_growth, strict=True))
        report["losses"][name] = {
            "seconds": times[name],
            "plain_seconds": times[f"plain {name}"],
            "step_growth_over_linear": growth,
            "pass": passed,
        }
        per_element = ", ".join(f"{n:,}: {s / n * 1e9:.2f}" for n, s in zip(sizes, times[name], strict=True))
        _line(
            _verdict(passed, quick),
            f"{name} linear: tenfold size <= {STEP_GROWTH_MAX} x 10 time",
            f"steps {_steps(growth)}; ns/element {per_element}",
        )
    return report


def _steps(growth: list[float]) -> str:
    """The growth of each tenfold step over linear, "0.12 0.35 ... x linear"."""
    return " ".join(f"{g:.2f}" for g in growth) + " x linear"


def run(quick: bool, results: Sequence[Result], level: str, *, compare_torch: bool) -> dict[str, Any]:
    """Measure every target at this NumPy dispatch `level`, print one PASS/FAIL line each, return them.

    `results` is the timing table of this run; PyTorch is compared only if `compare_torch`.
    """
    rng = np.random.default_rng(0)
    repeat, min_seconds = (3, 0.002) if quick else (9, 0.05)
    print("-- targets" + (" (--quick: sizes too small to judge, verdicts n/a)" if quick else ""))
    torch = _optional("torch", quick) if compare_torch else None
    with one_thread(torch) as limited:
        report: dict[str, Any] = {"one_thread": limited}
        if not limited:
            print("      threadpoolctl is absent: BLAS may use more than one thread")
        report["regression"] = regression_targets(quick, repeat, min_seconds, rng)
        report["softmax_cross_entropy"] = softmax_targets(quick, repeat, min_seconds, rng, torch, level)
        report["functions"] = function_targets(results, quick)
        # Many short rounds: a call of microseconds is easily caught by another process's time slice.
        report["tiny"] = tiny_targets(quick, 20 * repeat, min_seconds / 20)
        report["scaling"] = scaling_targets(quick, 3 * repeat, min_seconds / 10, rng)
    if compare_torch and torch is None:
        report["softmax_cross_entropy"]["torch"] = "not imported" if quick else "absent"
        _line(
            "n/a", "softmax_cross_entropy <= 1.0 x torch", f"torch {report['softmax_cross_entropy']['torch']}"
        )
    report["all_pass"] = not quick and all(passes(report))
    return report


def passes(report: dict[str, Any]) -> Iterator[bool]:
    """Every verdict in `report`: the values of the keys that end in "pass"."""
    for key, value in report.items():
        if isinstance(value, dict):
            yield from passes(value)
        elif key.endswith("pass"):
            yield bool(value)
