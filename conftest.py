"""How the examples in docs/, README.md and the docstrings run under pytest.

Every ```python block runs (pytest-markdown-docs collects it). What the block prints is compared
with the `#> ` comment lines written under the code on the page, so a reader who copies the block
sees exactly what the page shows. A block that is meant to fail shows the error's last traceback
line(s) as `#> ` lines, for example `#> NameError: name 'sse' is not defined`.

Blocks inside content tabs (`=== "..."`) and admonitions (`!!!`, `???`) are collected too.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import re
import traceback
from typing import Any

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from pytest_markdown_docs._runners import DefaultRunner, register_runner
from pytest_markdown_docs.definitions import FenceTestDefinition

_OUTPUT_LINE = re.compile(r"^\s*#>(?: |$)(.*)$")
# A content tab opens like an admonition; rewriting it keeps every line number in place.
_TAB = re.compile(r'^(\s*)===\+?(\s+".*")', re.MULTILINE)


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
        try:
            with contextlib.redirect_stdout(printed):
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


class _MaterialMarkdown(MarkdownIt):
    """CommonMark plus Material's admonitions and content tabs, so fences inside them count."""

    def parse(self, src: str, env: Any = None) -> Any:
        return super().parse(_TAB.sub(r"\1!!! tab\2", src), env)


def pytest_markdown_docs_markdown_it() -> MarkdownIt:
    return _MaterialMarkdown("commonmark").use(admon_plugin)
