"""Timings of every lossdocs function against the plain NumPy code a learner would write.

Run them all with ``uv run python -m benchmarks`` (``--quick`` for tiny sizes, ``--json PATH`` to
save the results); `benchmarks.timing` does the timing, one module per family gives the cases,
and `benchmarks.targets` measures the performance targets, with one PASS/FAIL line each.
"""
