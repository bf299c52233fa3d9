"""Time every lossdocs function against the plain NumPy code a learner would write, and print a table.

Each time is the best of several `timeit` runs of one call; the ratio is lossdocs / plain, so
below 1 means lossdocs is faster. Before timing, both versions are checked to give the same
numbers. Then the performance targets (`benchmarks.targets`) are measured, one PASS/FAIL line
each, and the accuracy on hard inputs against an mpmath reference (`benchmarks.accuracy`).
``--quick`` takes tiny sizes and few repeats (a few seconds); ``--json PATH`` also saves the
machine, CPU, library versions, date, settings, every timing and ratio, the targets'
measurements and the accuracy table (docs/performance.*.md is generated from that file).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import sys
from collections.abc import Sequence

import numpy as np

from benchmarks import accuracy, classification, regression, targets
from benchmarks.timing import HEADER, Result, compare, row

FAMILIES = {"regression": regression, "classification": classification}


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
    return found


def main(argv: Sequence[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and few repeats, for a smoke test")
    parser.add_argument("--json", metavar="PATH", help="also save the machine and the results as JSON")
    args = parser.parse_args(argv)
    repeat, min_seconds = (3, 0.002) if args.quick else (9, 0.05)

    results = []
    print(HEADER)
    for family, module in FAMILIES.items():
        print(f"-- {family}")
        for workload in module.workloads(args.quick, np.random.default_rng(0)):
            for case in workload.cases:
                results.append(compare(family, workload, case, repeat, min_seconds))
                print(row(results[-1]), flush=True)

    target_report = targets.run(args.quick)
    accuracy_report = accuracy.run(args.quick)

    if args.json:
        about = machine()
        timings = [{**vars(result), "size": result.size, "ratio": result.ratio} for result in results]
        report = {
            "machine": about,
            "cpu": {"model": about["processor"], "count": about["cpu_count"]},
            "versions": versions(),
            "date": about["date"],
            "settings": {"quick": args.quick, "repeat": repeat, "min_seconds": min_seconds},
            "timings": timings,
            "ratios": {f"{row['function']} {row['size']}": row["ratio"] for row in timings},
            "targets": target_report,
            "accuracy": accuracy_report,
        }
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump(report, file, indent=2, ensure_ascii=False)
            file.write("\n")
    return results


if __name__ == "__main__":
    main()
