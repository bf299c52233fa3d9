"""The examples print the same on every processor: the docs tests again, at each lower NumPy level.

NumPy runs different SIMD code for `exp`, `log`, sums and friends on an AVX-512 machine (group
`X86_V4`), an AVX2 machine (`X86_V3`) and the baseline (`X86_V2`). Results agree to a few ulp, so
any digit a page prints near rounding level (the error of a finite difference, the last digits of
a float32 sum) differs from one machine to the next, and the page would be true on one only.
`NPY_DISABLE_CPU_FEATURES` makes NumPy run a lower level's code; this test runs every page's
examples once more under each level below the highest this machine has, so a CI run on either
kind of machine proves the pages for both (an AVX-512 machine proves all three levels). At the
highest of those levels the pages' notebooks run (tests/test_notebooks.py) and compare every
output with the page, so this test leaves the pages at that level to them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.markdown_blocks import ROOT

# NumPy 2.4's x86-64 feature groups, lowest first; the first is the baseline every build assumes.
LEVELS = ("X86_V2", "X86_V3", "X86_V4")


PRINT_LEVELS = (
    "from numpy._core._multiarray_umath import __cpu_features__ as f\n"
    f"print(' '.join(k for k in {LEVELS!r} if f.get(k)))"
)
"""Python that prints the levels NumPy runs, lowest first: the last is the level it runs at."""


def available_levels() -> list[str]:
    """The levels this processor runs, as `numpy.show_runtime()` lists them."""
    return [level for level in LEVELS if _cpu_features().get(level)]


def _cpu_features() -> dict[str, bool]:
    from numpy._core._multiarray_umath import __cpu_features__

    return dict(__cpu_features__)


def lower_levels() -> list[str]:
    found = available_levels()
    return found[:-1] if len(found) > 1 else []


def notebook_level() -> str | None:
    """The level the notebooks run at (tests/test_notebooks.py): the highest below this machine's.

    Their run compares every page's printed output with its `#>` lines, so at that level this
    test runs the README and the docstrings only; the pages run here at the levels below it.
    """
    levels = lower_levels()
    return levels[-1] if levels else None


def disabled_above(level: str) -> str:
    """The value of NPY_DISABLE_CPU_FEATURES that makes NumPy run at `level`."""
    return " ".join(LEVELS[LEVELS.index(level) + 1 :])


def run_examples_at(level: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": disabled_above(level)}
    pages = [] if level == notebook_level() else ["docs"]  # the notebooks prove the pages there
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--no-header",
            "-n",  # one process: this test already runs beside the other workers
            "0",
            # the examples and docstrings; the build-time plots print SVG, which no page compares
            "-k",
            "not ExecBlockRunner and not prose-numbers",
            *pages,
            "README.md",
            "src",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(not lower_levels(), reason="NumPy finds one dispatch level only on this processor")
@pytest.mark.parametrize("level", lower_levels() or ["none"])
def test_examples_print_the_same_at_a_lower_dispatch_level(level: str) -> None:
    result = run_examples_at(level)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            PRINT_LEVELS,
        ],
        env={**os.environ, "NPY_DISABLE_CPU_FEATURES": disabled_above(level)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.split()[-1] == level, f"NumPy did not run at {level}: {probe.stdout}{probe.stderr}"
    assert result.returncode == 0, (
        f"with NumPy limited to {level}, these examples print something else than their #> lines. "
        "A page must print only what is the same on every processor: round to fewer digits, print a "
        f"bound or a ratio instead of rounding noise.\n{result.stdout[-6000:]}{result.stderr[-2000:]}"
    )
