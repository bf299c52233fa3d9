"""The checks on the examples can fail: each one is run on a small temporary page.

The root conftest.py runs every ```python block of docs/ and README.md and compares what it prints
with the block's `#> ` lines. These tests copy that conftest next to tiny pages and run pytest on
them, so a wrong output line, an unexpected error or a block hidden in a tab cannot slip through.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy  # noqa: F401  (imported before pytester's in-process runs, which forget new modules)
import pytest

from conftest import pytest_markdown_docs_markdown_it
from tests.markdown_blocks import PYTHON_LANGS, ROOT, doc_pages, fence_language, python_blocks
from tests.prose_numbers import prose_numbers, unbacked_numbers

PYTEST_ARGS = ("--markdown-docs", "--markdown-docs-syntax=superfences", "-p", "no:cacheprovider")


def run_page(pytester: pytest.Pytester, page: str) -> pytest.RunResult:
    pytester.makeconftest((ROOT / "conftest.py").read_text(encoding="utf-8"))
    pytester.makefile(".md", page=page)
    return pytester.runpytest(*PYTEST_ARGS)


def test_matching_output_passes(pytester: pytest.Pytester) -> None:
    result = run_page(pytester, '```python\nprint("SSE:", 1.5)\n#> SSE: 1.5\n```\n')
    result.assert_outcomes(passed=1)


def test_wrong_output_line_fails_with_a_diff(pytester: pytest.Pytester) -> None:
    page = '```python\nprint("CE:", 0.8393296907380268)\n#> CE: 0.8393296907380267\n```\n'
    result = run_page(pytester, page)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*differs from the #> lines*", "-#> CE: 0.8393296907380267", "+#> CE: 0.8393296907380268"]
    )


def test_output_not_shown_on_the_page_fails(pytester: pytest.Pytester) -> None:
    result = run_page(pytester, "```python\nprint(42)\n```\n")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["+#> 42"])


def test_shown_output_that_is_never_printed_fails(pytester: pytest.Pytester) -> None:
    result = run_page(pytester, "```python\nx = 1\n#> 1\n```\n")
    result.assert_outcomes(failed=1)


def test_block_that_raises_fails(pytester: pytest.Pytester) -> None:
    result = run_page(pytester, "```python\nprint(undefined_name)\n```\n")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*NameError: name 'undefined_name' is not defined*"])


def test_expected_error_shown_on_the_page_passes(pytester: pytest.Pytester) -> None:
    page = "```python\nsse = sse([1.0], [1.0])\n#> NameError: name 'sse' is not defined\n```\n"
    run_page(pytester, page).assert_outcomes(passed=1)


def test_a_different_error_than_shown_fails(pytester: pytest.Pytester) -> None:
    page = "```python\nraise ValueError('other')\n#> NameError: name 'sse' is not defined\n```\n"
    run_page(pytester, page).assert_outcomes(failed=1)


@pytest.mark.parametrize(
    "wrapper",
    ['=== "Tab"\n\n', '!!! note "Note"\n\n', '??? tip "Hidden"\n\n'],
    ids=["content-tab", "admonition", "collapsible"],
)
def test_block_hidden_in_a_tab_or_admonition_is_checked(pytester: pytest.Pytester, wrapper: str) -> None:
    page = wrapper + "    ```python\n    print(2)\n    #> 3\n    ```\n"
    result = run_page(pytester, page)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["-#> 3", "+#> 2"])


def test_continuation_sees_the_previous_block(pytester: pytest.Pytester) -> None:
    page = "```python\nx = 2\n```\n\n```{.python continuation}\nprint(x * 3)\n#> 6\n```\n"
    run_page(pytester, page).assert_outcomes(passed=2)


def _collected_fences(files: list[Path]) -> list[str]:
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    fences = [line for line in collected.stdout.splitlines() if "::[CodeFence#" in line]
    assert fences, collected.stdout + collected.stderr
    return fences


def test_every_python_block_is_collected() -> None:
    """The count of python blocks in docs/ and README.md equals the count of collected tests.

    The English pages are collected on their own: beside their Japanese twins, their blocks are
    deselected (conftest.py), as the Japanese blocks' run checks them.
    """
    files = [*doc_pages(), ROOT / "README.md"]
    blocks = sum(len(python_blocks(f)) for f in files)
    english = [f for f in files if f.name.endswith(".en.md")]
    rest = [f for f in files if f not in english]
    assert len(_collected_fences(rest)) + len(_collected_fences(english)) == blocks > 0


def test_an_english_block_runs_unless_it_is_its_twins(pytester: pytest.Pytester) -> None:
    """Collected together, a pair runs the Japanese blocks, and the English blocks that differ."""
    pytester.makeconftest((ROOT / "conftest.py").read_text(encoding="utf-8"))
    same, changed = "```python\nprint(2)\n#> 2\n```\n", "```python\nprint(2)\n#> 3\n```\n"
    (pytester.path / "x.ja.md").write_text(f"# x\n\n{same}\n{same}", encoding="utf-8")
    (pytester.path / "x.en.md").write_text(f"# x\n\n{same}\n{changed}", encoding="utf-8")
    result = pytester.runpytest(*PYTEST_ARGS)
    result.assert_outcomes(passed=2, failed=1, deselected=1)
    result.stdout.fnmatch_lines(["*x.en.md, block at line 8: the printed output differs*", "-#> 3", "+#> 2"])
    pytester.runpytest(*PYTEST_ARGS, "x.en.md").assert_outcomes(passed=1, failed=1)  # alone: both run


def test_no_block_is_skipped() -> None:
    for page in [*doc_pages(), ROOT / "README.md"]:
        for block in python_blocks(page):
            assert "notest" not in block.options, f"{page.name} line {block.line} is not tested"


def test_build_time_block_must_print_well_formed_html(pytester: pytest.Pytester) -> None:
    good = '```{.python exec="on" html="on"}\nprint("<svg><text>loss</text></svg>")\n```\n'
    broken = '```{.python exec="on" html="on"}\nprint("<svg><text>loss</svg>")\n```\n'
    silent = '```{.python exec="on" html="on"}\nx = 1\n```\n'
    result = run_page(pytester, "\n".join((good, broken, silent)))
    result.assert_outcomes(passed=1, failed=2)


def test_warning_must_be_shown_where_it_happens(pytester: pytest.Pytester) -> None:
    shown = (
        "```python\nimport numpy as np\n\nprint(np.exp(np.array([1000.0])))\n"
        "#> RuntimeWarning: overflow encountered in exp\n#> [inf]\n```\n"
    )
    hidden = "```python\nimport numpy as np\n\nprint(np.exp(np.array([1000.0])))\n#> [inf]\n```\n"
    result = run_page(pytester, shown + "\n" + hidden)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["+#> RuntimeWarning: overflow encountered in exp"])


PAGE_WITH_A_NUMBER = (
    "# Page\n\nThe mean is 0.2798, from {count} samples.\n\n"
    '```python\nprint(f"{{0.8393296907380268 / 3:.4f}}", len([1] * 12))\n#> 0.2798 12\n```\n'
)


def run_docs_page(pytester: pytest.Pytester, page: str, name: str = "page.ja") -> pytest.RunResult:
    pytester.makeconftest((ROOT / "conftest.py").read_text(encoding="utf-8"))
    pytester.mkdir("docs")
    (pytester.path / "docs" / f"{name}.md").write_text(page, encoding="utf-8")
    return pytester.runpytest(*PYTEST_ARGS, "docs")


def test_prose_number_printed_by_the_page_passes(pytester: pytest.Pytester) -> None:
    run_docs_page(pytester, PAGE_WITH_A_NUMBER.format(count=12)).assert_outcomes(passed=2)


@pytest.mark.parametrize(
    ("page", "number"),
    [
        (PAGE_WITH_A_NUMBER.replace("0.2798,", "0.2799,").format(count=12), "0.2799"),
        (PAGE_WITH_A_NUMBER.format(count=13), "13"),
        ("The error falls to $10^{-9}$.\n\n```python\nprint(1e-8)\n#> 1e-08\n```\n", "10^{-9}"),
        ("| loss |\n|---|\n| 0.357 |\n\n```python\nprint(0.3567)\n#> 0.3567\n```\n", "0.357"),
    ],
    ids=["decimal-in-a-sentence", "integer-in-a-sentence", "power-in-a-formula", "table-cell"],
)
def test_prose_number_not_printed_fails(pytester: pytest.Pytester, page: str, number: str) -> None:
    result = run_docs_page(pytester, page)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/page.ja.md: numbers in the prose that the page's code does not show:",
            f"*line *: {number}",
            "*print it in a block*",
        ]
    )


@pytest.mark.parametrize("page", doc_pages(), ids=lambda page: page.name)
def test_any_number_changed_on_a_real_page_is_reported(page: Path) -> None:
    """Each checked number of every page, in either language, changed alone, is reported."""
    text = page.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for number in prose_numbers(text):
        line = lines[number.line - 1]
        start, end = number.column, number.column + len(number.text)
        assert line[start:end] == number.text
        changed = "98765" + number.text  # 0.4197 -> 987650.4197, 10^{-8} -> 9876510^{-8}: on no page
        lines[number.line - 1] = line[:start] + changed + line[end:]
        assert any(
            n.line == number.line and n.text.startswith("98765") for n in unbacked_numbers("".join(lines))
        ), (page.name, number)
        lines[number.line - 1] = line


@pytest.mark.parametrize("page", doc_pages(), ids=lambda page: str(page.relative_to(ROOT / "docs")))
def test_every_python_fence_runs_whole(page: Path) -> None:
    """The runner gets each Python fence of a page whole, as MkDocs shows it (fences in admonitions too)."""
    text = page.read_text(encoding="utf-8")
    collected = [
        token.content.rstrip("\n")
        for token in pytest_markdown_docs_markdown_it().parse(text)
        if token.type == "fence" and fence_language(token.info)[0] in PYTHON_LANGS
    ]
    shown = [block.code.rstrip("\n") for block in python_blocks(page)]
    assert collected == shown, f"{page.name}: a fence is cut short or missed by the test runner"
