"""Time every lossdocs function against the plain NumPy code a learner would write, at two CPU levels.

Each time is the best of several `timeit` runs of one call; the ratio is lossdocs / plain, so
below 1 means lossdocs is faster. Before timing, both versions are checked to give the same
numbers. Then the performance targets (`benchmarks.targets`) are measured, one PASS/FAIL line
each, and the accuracy on hard inputs against an mpmath reference (`benchmarks.accuracy`).

NumPy runs different SIMD code on different processors (see `dispatch_levels`): on an AVX-512
machine (group X86_V4) float64 ``exp`` and ``log`` are vectorised, on an AVX2 machine (X86_V3)
they are not, and cost four times as much. So the table and the targets are measured twice:
first at the machine's own level, then in a child process where ``NPY_DISABLE_CPU_FEATURES``
turns the highest level off, so that an AVX-512 machine also measures what an AVX2 machine
runs. The targets hold at X86_V3 and above; the baseline X86_V2 (processors from before 2013),
where an AVX2 machine's second run lands, is reported but not judged. PyTorch, which picks its
own code whatever NumPy does, is compared at the machine's level only.

``--quick`` takes tiny sizes and few repeats (a few seconds); ``--json PATH`` also saves the
machine, CPU, library versions, date, settings, the timings, ratios and targets of each level
and the accuracy table (docs/performance.*.md is generated from that file).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import accuracy, classification, practice, regression, targets
from benchmarks.timing import HEADER, Result, compare, row

FAMILIES = {"regression": regression, "classification": classification, "practice": practice}
# NumPy 2.4's x86-64 feature groups, lowest first; the first is the baseline every build assumes.
LEVELS = ("X86_V2", "X86_V3", "X86_V4")
JUDGED_FROM = "X86_V3"  # the lowest level whose results are targets
ROOT = Path(__file__).resolve().parents[1]


def dispatch_levels() -> list[str]:
    """The feature groups NumPy found and uses on this processor, lowest first (none on other CPUs)."""
    from numpy._core._multiarray_umath import __cpu_features__

    return [level for level in LEVELS if __cpu_features__.get(level)]


def processor() -> str:
    """The CPU model from /proc/cpuinfo on Linux, else what `platform` knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, object]:
    return {
        "platform": platform.platform(),
        "processor": processor(),
        "cpu_count": os.cpu_count(),
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def versions() -> dict[str, str]:
    """The versions of Python and of the libraries compared or used ("absent" if not installed)."""
    found = {"python": sys.version.split()[0]}
    for name in ("lossdocs", "numpy", "scikit-learn", "torch", "mpmath", "threadpoolctl"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "absent"
    if found["lossdocs"] == "absent":  # run from the source tree (PYTHONPATH=src), not installed
        with open(ROOT / "pyproject.toml", "rb") as file:
            found["lossdocs"] = tomllib.load(file)["project"]["version"]
    return found


def run_level(quick: bool, *, native: bool) -> dict[str, Any]:
    """The timing table and the targets at the level NumPy runs at in this process."""
    found = dispatch_levels()
    level = found[-1] if found else "baseline"
    disabled = os.environ.get("NPY_DISABLE_CPU_FEATURES", "")
    judged = native or level not in LEVELS or LEVELS.index(level) >= LEVELS.index(JUDGED_FROM)
    how = "this machine's level" if native else f"NPY_DISABLE_CPU_FEATURES={disabled}"
    print(f"== NumPy at {level} ({how}){'' if judged else ': reported, not a target'}", flush=True)
    repeat, min_seconds = (3, 0.002) if quick else (9, 0.05)
    results: list[Result] = []
    print(HEADER)
    for family, module in FAMILIES.items():
        print(f"-- {family}")
        for workload in module.workloads(quick, np.random.default_rng(0)):
            for case in workload.cases:
                results.append(compare(family, workload, case, repeat, min_seconds))
                print(row(results[-1]), flush=True)
    report = targets.run(quick, results, level, compare_torch=native)
    timings = [{**vars(result), "size": result.size, "ratio": result.ratio} for result in results]
    return {
        "level": level,
        "native": native,
        "disabled": disabled,
        "judged": judged,
        "timings": timings,
        "ratios": {f"{entry['function']} {entry['size']}": entry["ratio"] for entry in timings},
        "targets": report,
    }


def run_lower_level(quick: bool) -> dict[str, Any] | None:
    """`run_level` in a child process with the highest dispatch level off; None if there is one level."""
    found = dispatch_levels()
    if len(found) < 2:
        print("== NumPy finds one dispatch level only on this processor: no second run", flush=True)
        return None
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": found[-1]}
    with tempfile.TemporaryDirectory() as directory:
        report_path = Path(directory) / "level.json"
        command = [sys.executable, "-m", "benchmarks", "--level-report", str(report_path)]
        command += ["--quick"] if quick else []
        # The child's lines are printed here as they come, so that they show, and are captured, with ours.
        with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) as child:
            assert child.stdout is not None
            for line in child.stdout:
                print(line, end="", flush=True)
        if child.returncode != 0:
            raise SystemExit(f"the run at the lower dispatch level failed (exit status {child.returncode})")
        level: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    return level


def verdict(level: dict[str, Any], quick: bool) -> str:
    """The summary line of one level."""
    how = "this machine" if level["native"] else f"NPY_DISABLE_CPU_FEATURES={level['disabled']}"
    result = "all PASS" if level["targets"]["all_pass"] else "some FAIL"
    result = "n/a (--quick)" if quick else result
    judged = "" if level["judged"] else " (reported, not a target)"
    return f"-- verdict at {level['level']} ({how}): {result}{judged}"


def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and few repeats, for a smoke test")
    parser.add_argument("--json", metavar="PATH", help="also save the machine and the results as JSON")
    parser.add_argument("--level-report", metavar="PATH", help=argparse.SUPPRESS)  # the child's run
    args = parser.parse_args(argv)

    if args.level_report:
        child = run_level(args.quick, native=False)
        Path(args.level_report).write_text(json.dumps(child), encoding="utf-8")
        return [child]

    repeat, min_seconds = (3, 0.002) if args.quick else (9, 0.05)
    native = run_level(args.quick, native=True)
    accuracy_report = accuracy.run(args.quick)
    lower = run_lower_level(args.quick)
    levels = [native] if lower is None else [native, lower]
    for level in levels:
        print(verdict(level, args.quick))

    if args.json:
        about = machine()
        report = {
            "machine": about,
            "cpu": {"model": about["processor"], "count": about["cpu_count"]},
            "versions": versions(),
            "date": about["date"],
            "settings": {"quick": args.quick, "repeat": repeat, "min_seconds": min_seconds},
            "levels": levels,
            "all_pass": not args.quick
            and all(level["targets"]["all_pass"] for level in levels if level["judged"]),
            "accuracy": accuracy_report,
        }
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump(report, file, indent=2, ensure_ascii=False)
            file.write("\n")
    return []


if __name__ == "__main__":
    main()
