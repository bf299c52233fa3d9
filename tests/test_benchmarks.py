"""The quick benchmark runs at each NumPy dispatch level, timing every public function: it cannot rot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lossdocs
from benchmarks.__main__ import main


def test_quick_benchmark_times_every_public_function(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Aliases (mse, categorical_cross_entropy, ...) are the same functions: count each once.
    public = {getattr(lossdocs, name).__name__ for name in lossdocs.__all__}
    main(["--quick", "--json", str(tmp_path / "results.json")])

    printed = {line.split()[0] for line in capsys.readouterr().out.splitlines()[1:] if line.strip()}
    assert public <= printed, f"no row for {sorted(public - printed)}"
    saved = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert {"platform", "processor", "cpu_count", "numpy", "python", "date"} <= saved["machine"].keys()
    assert {"machine", "cpu", "versions", "date", "settings", "levels", "accuracy"} <= saved.keys()
    # The machine's own NumPy dispatch level, then (where NumPy finds more than one) the one below.
    assert saved["levels"][0]["native"]
    assert all(not level["native"] for level in saved["levels"][1:])
    for level in saved["levels"]:
        assert {result["function"] for result in level["timings"]} >= public
        assert all(result["ratio"] > 0 for result in level["timings"])
        assert level["ratios"]
        assert all(ratio > 0 for ratio in level["ratios"].values())
        assert level["targets"]["functions"].keys() >= public
    cases = saved["accuracy"]["cases"]
    assert cases
    assert all({"lossdocs", "numpy", "sklearn", "torch"} <= case["results"].keys() for case in cases)
    # lossdocs stays accurate on every hard input: finite, and within a few units in the last place.
    assert all(case["results"]["lossdocs"]["relative_error"] <= 1e-14 for case in cases), cases
