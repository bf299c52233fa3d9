"""Timings of every lossdocs function against the plain NumPy code a learner would write.

Run them all with ``uv run python -m benchmarks`` (``--quick`` for tiny sizes, ``--json PATH`` to
save the results); `benchmarks.timing` does the timing, one module per family gives the cases,
and `benchmarks.targets` measures the performance targets, with one PASS/FAIL line each.
`benchmarks.page_weight`, run on its own (``uv run python -m benchmarks.page_weight``), measures
what each page of the site downloads and how long it takes to load in headless Chromium.
"""
