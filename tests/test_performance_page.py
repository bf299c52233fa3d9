"""The performance page shows the numbers of the committed results file, in both languages.

docs/performance.*.md prints its tables at build time from benchmarks/results.json; this test
reads the built pages and looks for each target's measured value at each NumPy dispatch level,
as the page formats it, the machine and the date. It also checks that the results file has what
the issue asks for: a full run, measured at the machine's own level and at the one below.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.markdown_blocks import ROOT as REPO_ROOT

RESULTS = REPO_ROOT / "benchmarks" / "results.json"
REQUIRED_KEYS = {"machine", "cpu", "versions", "date", "settings", "levels", "accuracy"}
LEVEL_KEYS = {"level", "native", "disabled", "judged", "timings", "ratios", "targets"}


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return json.loads(RESULTS.read_text(encoding="utf-8"))


def page_text(site: Path, lang: str) -> str:
    """The text of the built performance page, without tags and plots, entities decoded."""
    built = site / ("en" if lang == "en" else "") / "performance" / "index.html"
    page = re.sub(r"<svg\b.*?</svg>", " ", built.read_text(encoding="utf-8"), flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def measured_values(level: dict[str, Any]) -> list[str]:
    """Each target's measured value at one dispatch level, formatted as the page's tables print it."""
    targets = level["targets"]
    regression, softmax, tiny = targets["regression"], targets["softmax_cross_entropy"], targets["tiny"]
    values = [level["level"], f"{regression['read_seconds'] * 1e3:.2f} ms"]
    for loss in regression["losses"].values():
        values.append(f"{loss['ratio_to_read']:.2f} × read")
        values.append(f"{loss['extra_memory_bytes'] / 1e6:.3f} MB")
    values.append(f"{softmax['ratio_to_floor']:.2f} × floor")
    if "ratio_to_torch" in softmax:
        values.append(f"{softmax['ratio_to_torch']:.2f} × torch {softmax['torch']}")
    values.append(f"{tiny['microseconds']:.2f} µs")
    if "ratio_to_sklearn" in tiny:
        values.append(f"{tiny['ratio_to_sklearn']:.3f} × sklearn")
    for loss in targets["scaling"]["losses"].values():
        values.append(f"{max(loss['step_growth_over_linear']):.2f} × linear")
    for entry in targets["functions"].values():
        values.append(f"{entry['ratio']:.2f}")
        if "ratio_to_floor" in entry:
            values.append(f"{entry['ratio_to_floor']:.2f} × floor")
    return values


def test_results_file_has_what_the_issue_asks_for(results: dict[str, Any]) -> None:
    assert results.keys() >= REQUIRED_KEYS
    assert not results["settings"]["quick"], "commit the results of a full run, not --quick"
    levels = results["levels"]
    assert [level["native"] for level in levels] == [True, False], (
        "measure at the machine's level, then below"
    )
    assert levels[1]["disabled"] == levels[0]["level"], "the second run turns the machine's level off"
    for level in levels:
        assert level.keys() >= LEVEL_KEYS, level["level"]
        assert level["targets"]["scaling"]["sizes"] == [10**k for k in range(2, 8)]
        assert level["targets"]["functions"], level["level"]
    assert "torch_pass" in levels[0]["targets"]["softmax_cross_entropy"], "compare with torch where it runs"
    assert "torch_pass" not in levels[1]["targets"]["softmax_cross_entropy"], "torch ignores the NumPy level"
    assert {"numpy", "scikit-learn", "torch", "mpmath"} <= results["versions"].keys()
    cases = results["accuracy"]["cases"]
    assert cases
    for case in cases:
        assert {"lossdocs", "numpy", "sklearn", "torch"} <= case["results"].keys(), case["id"]


def test_page_shows_the_numbers_of_the_results_file(
    built_site: tuple[Path, str], results: dict[str, Any], lang: str
) -> None:
    site, _ = built_site
    text = page_text(site, lang)
    expected = [results["date"], results["cpu"]["model"]]
    for level in results["levels"]:
        expected += measured_values(level)
    expected += [f"{case['reference']:.4g}" for case in results["accuracy"]["cases"]]
    missing = [value for value in expected if value not in text]
    assert not missing, f"the {lang} performance page does not show {missing} from {RESULTS.name}"
    verdicts = re.findall(r"\b(PASS|FAIL)\b", text)
    failed = [key for level in results["levels"] for key, passed in _verdicts(level["targets"]) if not passed]
    assert verdicts.count("FAIL") == len(failed), failed


def _verdicts(report: dict[str, Any]) -> list[tuple[str, bool]]:
    """Every (key, verdict) pair in the targets report, at any depth."""
    found = []
    for key, value in report.items():
        if isinstance(value, dict):
            found += _verdicts(value)
        elif key.endswith("pass"):
            found.append((key, bool(value)))
    return found
