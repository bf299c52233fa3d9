"""Accuracy on hard inputs: the relative error of each implementation against an mpmath reference.

Speed may not cost accuracy. Each case is a loss on inputs where the textbook formula breaks
(logits of ±1000, a probability of 1e-300, a residual of 1e-10, ...). The reference is the exact
formula evaluated by mpmath with 50 significant digits on the very float64 inputs the
implementations get. Compared side by side: lossdocs, the plain NumPy code a learner writes (the
textbook formula), scikit-learn where it has the loss, and PyTorch (``torch.nn.functional``)
where it has the loss. A library that cannot be imported is "absent"; one without the loss is
"n/a"; an inf or nan result is reported as such (in the JSON as the strings "inf", "nan").
``--quick`` compares only with libraries already imported (importing torch takes seconds).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np

import lossdocs
from benchmarks.targets import _optional

DIGITS = 50
LIBRARIES = ("lossdocs", "numpy", "sklearn", "torch")

Implementation = Callable[[Any, Any], float]


@dataclass(frozen=True)
class Case:
    """One loss on hard inputs: the mpmath reference and each library's version (None: no such loss)."""

    id: str
    loss: str
    inputs: str
    y_true: Any
    y_pred: Any
    reference: Callable[[Any, Any], Any]  # returns an mpmath number
    versions: dict[str, Implementation | None]


# --- references (mpmath, on the exact float64 inputs) ---------------------------------------------


def _mp(values: Any) -> list[Any]:
    return [mpmath.mpf(float(v)) for v in np.ravel(values)]


def _ref_softmax_ce(labels: Any, logits: Any) -> Any:
    total = mpmath.mpf(0)
    for label, row in zip(labels, logits, strict=True):
        z = _mp(row)
        total += mpmath.log(mpmath.fsum(mpmath.exp(v) for v in z)) - z[int(label)]
    return total / len(labels)


def _ref_bce(t: Any, p: Any) -> Any:
    pairs = zip(_mp(t), _mp(p), strict=True)
    terms = [-(ti * mpmath.log(pi) + (1 - ti) * mpmath.log(1 - pi)) for ti, pi in pairs]
    return mpmath.fsum(terms) / len(terms)


def _ref_log_cosh(t: Any, y: Any) -> Any:
    terms = [mpmath.log(mpmath.cosh(yi - ti)) for ti, yi in zip(_mp(t), _mp(y), strict=True)]
    return mpmath.fsum(terms) / len(terms)


def _ref_sigmoid_bce(t: Any, z: Any) -> Any:
    terms = []
    for ti, zi in zip(_mp(t), _mp(z), strict=True):
        p = 1 / (1 + mpmath.exp(-zi))
        terms.append(-(ti * mpmath.log(p) + (1 - ti) * mpmath.log(1 - p)))
    return mpmath.fsum(terms) / len(terms)


def _ref_mse(t: Any, y: Any) -> Any:
    terms = [(yi - ti) ** 2 for ti, yi in zip(_mp(t), _mp(y), strict=True)]
    return mpmath.fsum(terms) / len(terms)


# --- the plain NumPy code a learner writes (the textbook formulas) ---------------------------------


def _plain_softmax_ce(labels: Any, logits: Any) -> float:
    e = np.exp(logits)
    p = e / e.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(labels)), labels])))


def _plain_bce(t: Any, p: Any) -> float:
    return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))


def _plain_log_cosh(t: Any, y: Any) -> float:
    return float(np.mean(np.log(np.cosh(y - t))))


def _plain_sigmoid_bce(t: Any, z: Any) -> float:
    p = 1 / (1 + np.exp(-z))
    return _plain_bce(t, p)


def _plain_mse(t: Any, y: Any) -> float:
    return float(np.mean((y - t) ** 2))


# --- scikit-learn and PyTorch (bound when importable) --------------------------------------------


def _sklearn_versions(metrics: Any) -> dict[str, Implementation]:
    return {
        "bce": lambda t, p: float(metrics.log_loss(t, p, labels=[0, 1])),
        "mse": lambda t, y: float(metrics.mean_squared_error(t, y)),
    }


def _torch_versions(torch: Any) -> dict[str, Implementation]:
    functional = torch.nn.functional

    def tensor(values: Any) -> Any:
        return torch.as_tensor(np.asarray(values))

    return {
        "softmax_ce": lambda t, z: float(functional.cross_entropy(tensor(z), tensor(t))),
        "bce": lambda t, p: float(functional.binary_cross_entropy(tensor(p), tensor(t))),
        "sigmoid_bce": lambda t, z: float(functional.binary_cross_entropy_with_logits(tensor(z), tensor(t))),
        "mse": lambda t, y: float(functional.mse_loss(tensor(y), tensor(t))),
    }


def cases(sklearn_metrics: Any | None, torch: Any | None) -> list[Case]:
    """The hard inputs, each with the reference and the versions of each library."""
    skl = _sklearn_versions(sklearn_metrics) if sklearn_metrics is not None else {}
    tch = _torch_versions(torch) if torch is not None else {}

    def versions(ours: Implementation, plain: Implementation, key: str) -> dict[str, Implementation | None]:
        return {"lossdocs": ours, "numpy": plain, "sklearn": skl.get(key), "torch": tch.get(key)}

    softmax_ce = versions(lossdocs.softmax_cross_entropy, _plain_softmax_ce, "softmax_ce")
    bce = versions(lossdocs.binary_cross_entropy, _plain_bce, "bce")
    log_cosh = versions(lossdocs.log_cosh_loss, _plain_log_cosh, "log_cosh")
    sigmoid_bce = versions(lossdocs.sigmoid_binary_cross_entropy, _plain_sigmoid_bce, "sigmoid_bce")
    mse = versions(lossdocs.mean_squared_error, _plain_mse, "mse")
    offset = 1e8 + np.random.default_rng(0).normal(size=(2, 1000))
    return [
        Case("softmax-ce-large", "softmax cross-entropy", "logits (1000, -1000, 0), class 1",
             np.array([1]), np.array([[1000.0, -1000.0, 0.0]]), _ref_softmax_ce, softmax_ce),
        Case("softmax-ce-confident", "softmax cross-entropy", "logits (40, 0, 0), class 0",
             np.array([0]), np.array([[40.0, 0.0, 0.0]]), _ref_softmax_ce, softmax_ce),
        Case("softmax-ce-tiny", "softmax cross-entropy", "logits (1, 1 + 1e-10, 1 - 1e-10), class 0",
             np.array([0]), np.array([[1.0, 1.0 + 1e-10, 1.0 - 1e-10]]), _ref_softmax_ce, softmax_ce),
        Case("bce-tiny-p", "binary cross-entropy", "p = 1e-300, t = 1",
             np.array([1.0]), np.array([1e-300]), _ref_bce, bce),
        Case("bce-p-near-1", "binary cross-entropy", "p = 1 - 1e-16, t = 0",
             np.array([0.0]), np.array([1.0 - 1e-16]), _ref_bce, bce),
        Case("log-cosh-tiny", "log-cosh", "|r| = 1e-10",
             np.array([0.0]), np.array([1e-10]), _ref_log_cosh, log_cosh),
        Case("log-cosh-large", "log-cosh", "|r| = 1000",
             np.array([0.0]), np.array([1000.0]), _ref_log_cosh, log_cosh),
        Case("sigmoid-bce-right", "sigmoid BCE (logits)", "logit 40, t = 1",
             np.array([1.0]), np.array([40.0]), _ref_sigmoid_bce, sigmoid_bce),
        Case("sigmoid-bce-wrong", "sigmoid BCE (logits)", "logit -40, t = 1",
             np.array([1.0]), np.array([-40.0]), _ref_sigmoid_bce, sigmoid_bce),
        Case("mse-offset", "MSE", "1,000 values 1e8 + N(0, 1)",
             offset[0], offset[1], _ref_mse, mse),
    ]  # fmt: skip


def number(value: float) -> float | str:
    """A finite float as is; inf, -inf and nan as strings (JSON has no such numbers)."""
    return value if math.isfinite(value) else str(value)


def evaluate(function: Implementation, case: Case, reference: Any) -> dict[str, Any]:
    """The value and its relative error against the reference (strings for inf and nan)."""
    with np.errstate(all="ignore"):
        try:
            value = float(function(case.y_true, case.y_pred))
        except Exception as error:  # a library that raises is reported, not fatal
            return {"value": "error", "relative_error": "error", "error": f"{type(error).__name__}: {error}"}
    if not math.isfinite(value):
        return {"value": number(value), "relative_error": "inf" if math.isinf(value) else "nan"}
    error = abs(mpmath.mpf(value) - reference) / abs(reference)
    return {"value": value, "relative_error": float(error)}


def format_error(entry: dict[str, Any] | str) -> str:
    """A relative error as printed: "3.1e-17", "0", "inf", "nan", or the library's status."""
    if isinstance(entry, str):
        return entry
    error = entry["relative_error"]
    if isinstance(error, str):
        return error
    return "0" if error == 0 else f"{error:.1e}"


def run(quick: bool) -> dict[str, Any]:
    """Evaluate every case, print a table of relative errors, and return the report."""
    metrics = _optional("sklearn.metrics", quick)
    torch = _optional("torch", quick)
    missing = "not imported" if quick else "absent"
    status = {
        "sklearn": "present" if metrics is not None else missing,
        "torch": "present" if torch is not None else missing,
    }
    # Local precision: the caller's mpmath settings (tests use far more bits) stay as they were.
    with mpmath.workdps(DIGITS):
        print(f"-- accuracy: relative error against mpmath (mp.dps = {DIGITS})")
        print(f"{'case':<22} {'reference':>10} " + " ".join(f"{name:>12}" for name in LIBRARIES))
        report: dict[str, Any] = {
            "reference": f"mpmath {mpmath.__version__}, mp.dps = {DIGITS}",
            "libraries": {"lossdocs": "present", "numpy": "present", **status},
            "cases": [],
        }
        for case in cases(metrics, torch):
            reference = case.reference(case.y_true, case.y_pred)
            results: dict[str, dict[str, Any] | str] = {}
            for library in LIBRARIES:
                function = case.versions[library]
                if library in status and status[library] != "present":
                    results[library] = status[library]
                elif function is None:
                    results[library] = "n/a"
                else:
                    results[library] = evaluate(function, case, reference)
            report["cases"].append({
                "id": case.id,
                "loss": case.loss,
                "inputs": case.inputs,
                "reference": float(reference),
                "results": results,
            })  # fmt: skip
            errors = " ".join(f"{format_error(results[library]):>12}" for library in LIBRARIES)
            print(f"{case.id:<22} {float(reference):>10.3g} {errors}", flush=True)
        return report
