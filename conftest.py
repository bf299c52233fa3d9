"""How the examples in docs/, README.md and the docstrings run under pytest.

Every ```python block runs (pytest-markdown-docs collects it). What the block prints is compared
with the `#> ` comment lines written under the code on the page, so a reader who copies the block
sees exactly what the page shows. A block that is meant to fail shows the error's last traceback
line(s) as `#> ` lines, for example `#> NameError: name 'sse' is not defined`. A warning is shown
where it happens as `#> RuntimeWarning: overflow encountered in exp` (Python shows it once per
line of code, as the default warning filter does).

A page must print only what is the same on every processor. NumPy runs different SIMD code for
`exp`, `log` and sums on AVX-512, AVX2 and baseline machines (its dispatch levels X86_V4, X86_V3,
X86_V2); the results agree to a few ulp, so a digit printed near rounding level (the error of a
finite difference, the 16th digit of a sum, the last digits of a float32 loss) is a fact about one
machine, and the page would be false on the next one a reader or CI uses. Print a loss to four
decimals, an error as a power of ten or a bound, a ratio: the lesson, not the noise.
tests/test_cpu_dispatch.py runs every example again under each lower level this machine has.

Every number in a page's prose, tables and formulas must also appear in its code or in the `#>`
lines (tests/prose_numbers.py says which numbers count); each page of docs/ gets one such test.

An English page's blocks are its Japanese twin's, byte for byte (tests/test_docs_pairs.py). When
a run collects both pages, each English block that is the same as the Japanese block at its place
is deselected: the Japanese block's run checks it (`pytest docs/x.en.md` alone still runs it).

Blocks inside content tabs (`=== "..."`) and admonitions (`!!!`, `???`) are collected too.
Blocks that markdown-exec runs at build time (`{.python exec="on" html="on"}`, the plots) must
print well-formed HTML or SVG, which is what the page will show.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import re
import traceback
import warnings
import xml.dom.minidom
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from pytest_markdown_docs._runners import DefaultRunner, register_runner
from pytest_markdown_docs.definitions import FenceTestDefinition
from pytest_markdown_docs.plugin import MarkdownInlinePythonItem

from tests.markdown_blocks import FENCE_OPEN
from tests.prose_numbers import report, unbacked_numbers

_OUTPUT_LINE = re.compile(r"^\s*#>(?: |$)(.*)$")
# A content tab opens like an admonition; rewriting it keeps every line number in place.
_TAB = re.compile(r'^(\s*)===\+?(\s+".*")', re.MULTILINE)
# A block that markdown-exec runs at build time is checked by ExecBlockRunner.
_EXEC_FENCE = re.compile(r'^(\s*`{3,}\s*\{\.python)(?=[^}\n]*\bexec="(?:on|true|1)")', re.MULTILINE)


class OutputMismatchError(AssertionError):
    """The block printed something other than its `#>` lines."""


def expected_output(source: str) -> list[str]:
    """The `#> ` lines of a block, without their prefix."""
    return [m[1].rstrip() for line in source.splitlines() if (m := _OUTPUT_LINE.match(line))]


def _lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@register_runner(default=True)
class OutputCheckingRunner(DefaultRunner):
    """Runs a block, captures what it prints and compares it with the block's `#>` lines."""

    def runtest(self, test: FenceTestDefinition, args: dict[str, Any], **kwargs: Any) -> None:
        expected = expected_output(test.source)
        printed = io.StringIO()
        code = compile(test.source, str(test.source_path), "exec", dont_inherit=True)

        def show_warning(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
            printed.write(f"{category.__name__}: {message}\n")

        try:
            with contextlib.redirect_stdout(printed), warnings.catch_warnings():
                warnings.simplefilter("default")
                warnings.showwarning = show_warning
                exec(code, args)
        except Exception as error:
            error_lines = _lines("".join(traceback.format_exception_only(error)))
            if error_lines[0] not in expected:
                raise  # an error the page does not show: report it with its traceback
            printed.write("\n".join(error_lines) + "\n")
        actual = _lines(printed.getvalue())
        if actual != expected:
            diff = difflib.unified_diff(
                [f"#> {line}".rstrip() for line in expected],
                [f"#> {line}".rstrip() for line in actual],
                "shown on the page",
                "printed by the code",
                lineterm="",
            )
            raise OutputMismatchError("\n".join(diff))

    def repr_failure(
        self,
        test: FenceTestDefinition,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        if isinstance(excinfo.value, OutputMismatchError):
            return (
                f"{test.source_path}, block at line {test.start_line}: "
                "the printed output differs from the #> lines on the page.\n"
                f"{excinfo.value}"
            )
        return str(super().repr_failure(test, excinfo, style))


@register_runner()
class ExecBlockRunner(DefaultRunner):
    """Runs a block that markdown-exec renders at build time; it must print well-formed HTML."""

    def runtest(self, test: FenceTestDefinition, args: dict[str, Any], **kwargs: Any) -> None:
        printed = io.StringIO()
        code = compile(test.source, str(test.source_path), "exec", dont_inherit=True)
        with contextlib.redirect_stdout(printed):
            exec(code, args)
        html = printed.getvalue().strip()
        assert html, "the block prints nothing, so the page would show nothing"
        start = html.find("<svg")
        fragment = html[start:] if start >= 0 else html
        xml.dom.minidom.parseString(f"<root>{fragment}</root>")  # raises if not well-formed


class _MaterialMarkdown(MarkdownIt):
    """CommonMark plus Material's admonitions and content tabs, so fences inside them count.

    Fences that markdown-exec runs get the ExecBlockRunner; every line keeps its number.
    """

    def parse(self, src: str, env: Any = None) -> Any:
        src = _EXEC_FENCE.sub(r"\1 runner:ExecBlockRunner", _TAB.sub(r"\1!!! tab\2", src))
        return super().parse(indent_blank_lines(src), env)


def indent_blank_lines(src: str) -> str:
    """Give each blank line inside an indented fence (in an admonition or a tab) the fence's indent.

    markdown-it's admonition plugin ends an admonition at two blank lines in a row, where MkDocs
    keeps the fence going: without this, the code after them was shown but never run.
    """
    lines = src.split("\n")
    fence: tuple[str, str] | None = None  # (indent, marker) of the open fence
    for number, line in enumerate(lines):
        stripped = line.strip()
        if fence is None:
            opening = FENCE_OPEN.match(line)
            fence = (opening["indent"], opening["marker"]) if opening else None
        elif stripped and set(stripped) == {fence[1][0]} and len(stripped) >= len(fence[1]):
            fence = None
        elif not stripped:
            lines[number] = fence[0]
    return "\n".join(lines)


def pytest_markdown_docs_markdown_it() -> MarkdownIt:
    return _MaterialMarkdown("commonmark").use(admon_plugin)


class ProseNumbers(pytest.Item):
    """The numbers in a page's prose must come from the page's code (tests/prose_numbers.py)."""

    def runtest(self) -> None:
        missing = unbacked_numbers(self.path.read_text(encoding="utf-8"))
        if missing:
            name = (
                self.path.relative_to(self.config.rootpath)
                if self.path.is_relative_to(self.config.rootpath)
                else self.path
            )
            raise OutputMismatchError(report(name, missing))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, OutputMismatchError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.path.name}: numbers in the prose"


class _PageProse(pytest.File):
    def collect(self) -> list[pytest.Item]:
        return [ProseNumbers.from_parent(self, name="prose-numbers")]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix == ".md" and "docs" in (file_path.parent.name, file_path.parent.parent.name):
        return _PageProse.from_parent(parent, path=file_path)
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave an English page's blocks to its Japanese twin's run where they are the same."""
    blocks: dict[Path, list[MarkdownInlinePythonItem]] = {}
    for item in items:
        if isinstance(item, MarkdownInlinePythonItem):
            blocks.setdefault(item.path, []).append(item)
    twins = [
        (english, blocks.get(english.with_name(english.name.removesuffix(".en.md") + ".ja.md"), []))
        for english in blocks
        if english.name.endswith(".en.md")
    ]
    same = {
        id(block)
        for english, japanese in twins
        for block, twin in zip(blocks[english], japanese, strict=False)
        if _lines_of_code(block.code) == _lines_of_code(twin.code)
    }
    if same:
        config.hook.pytest_deselected(items=[item for item in items if id(item) in same])
        items[:] = [item for item in items if id(item) not in same]


def _lines_of_code(code: str) -> list[str]:
    """A block's code without the blank lines that put it at its line of the page."""
    return [line for line in code.splitlines() if line.strip()]


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook, for `--numprocesses=auto` (pyproject.toml)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """One process when only pages are named (`uv run pytest docs/x.ja.md docs/x.en.md`): their
    examples take a second or two, less than starting the workers that the whole suite uses."""
    named = config.args_source == pytest.Config.ArgsSource.ARGS
    pages = [arg for arg in config.args if arg.split("::")[0].endswith(".md")]
    return 0 if named and len(pages) == len(config.args) else None
