"""Every page with Python code as a Jupyter notebook: valid, and printing what the page shows.

Each notebook is made from its page's Markdown, as the build makes it (site_tools/notebooks.py),
validated against nbformat's schema, and run top to bottom by nbclient in a fresh IPython
kernel (ipykernel), in an empty folder, as a learner would run it. Then each code cell's output
is compared with the `#>` lines of its block on the page, found by a parser of their own
(tests/markdown_blocks.py): the printed lines, the warnings (written to stderr, shown on the page
as `RuntimeWarning: ...`) and the error a block is meant to raise. The notebook's own stored
outputs, made from the `#>` lines when the site is built, must equal what the run produced, so
a learner sees the same before and after running it. One test per notebook, so that they can
run on several workers. The kernels run NumPy one dispatch level below this machine's (see
NOTEBOOK_LEVEL): the same run proves the notebook and the pages' outputs at that level.

The first cell, `%pip install <the wheel on the site>`, is not run: the kernel runs in this
project's environment, where lossdocs is installed from the source (tests/test_release.py
installs the wheel itself into a fresh environment).
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from site_tools import notebooks, package
from tests.conftest import DocPage
from tests.markdown_blocks import PYTHON_LANGS, scan
from tests.test_cpu_dispatch import PRINT_LEVELS, disabled_above, notebook_level

NOTEBOOK_LEVEL = notebook_level()
"""The NumPy dispatch level the notebooks run at: the highest one below this machine's, so that
the notebooks also prove the pages' outputs at that level (tests/test_cpu_dispatch.py leaves the
pages at that level to them); None where NumPy has a single level."""

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS = REPO_ROOT / "docs"
SITE = "https://example.org/lossdocs/"  # the address the notebooks are made for here
TIMEOUT = 300  # seconds for one cell (the training pages' loops take a few)

_OUTPUT_LINE = re.compile(r"^\s*#>(?: |$)(.*)$")
_WARNING = re.compile(r"^\S.*?:\d+: (?P<warning>(?:\w+\.)*\w*Warning: .*)$")  # file:line: Category: message
_QUALIFIED = re.compile(
    r"^(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_]\w*(?::|$))"
)  # numpy.exceptions.AxisError -> AxisError
_WARNING_SHOWN = re.compile(r"^(?:\w+\.)*\w*Warning: ")  # as the page shows a warning


def _page(path: Path) -> notebooks.Page:
    name, language = path.relative_to(DOCS).as_posix().rsplit(".", 2)[:2]
    home = SITE if language == "ja" else f"{SITE}{language}/"
    return notebooks.Page(name, language, home, SITE)


def _has_code(path: Path) -> bool:
    blocks, _ = scan(path.read_text(encoding="utf-8"))
    return any(block.lang in PYTHON_LANGS for block in blocks)


NOTEBOOK_PAGES = [path for path in sorted(DOCS.rglob("*.md")) if _has_code(path)]


def make_notebook(markdown: str, page: notebooks.Page) -> nbformat.NotebookNode:
    """The page's notebook as a learner downloads it: written, read back and validated."""
    made = notebooks.page_notebook(markdown, page)
    assert made is not None, f"{page.name}.{page.language}.md has Python code but no notebook"
    notebook = nbformat.reads(notebooks.dumps(made), as_version=4)
    nbformat.validate(notebook)
    return notebook


def run_notebook(notebook: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """Run every cell but the install cell, in a fresh kernel in `folder`; a copy with outputs."""
    install, *cells = notebook.cells
    command = install.source.splitlines()[-1]
    assert command.startswith(f"%pip install {package.wheel_url(SITE)}"), command
    ran = nbformat.from_dict({**notebook, "cells": [nbformat.from_dict(dict(cell)) for cell in cells]})
    for cell in ran.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    level = NOTEBOOK_LEVEL
    if level is not None:  # a last cell that reports the level NumPy runs at in the kernel
        ran.cells.append(nbformat.v4.new_code_cell(PRINT_LEVELS))
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": disabled_above(level)} if level else None
    NotebookClient(
        ran, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute(env=env)
    if level is not None:
        probe = ran.cells.pop()
        shown = "".join(output.get("text", "") for output in probe.outputs).split()
        assert shown[-1:] == [level], f"the kernel's NumPy did not run at {level}: {probe.outputs}"
    return ran


def _streams(outputs: list[Any]) -> dict[str, list[str]]:
    """A cell's outputs by where a learner sees them, each line as the page writes it after `#>`.

    `stdout` (what was printed), `stderr` (the warnings, `RuntimeWarning: message`), `error`,
    `execute_result` (the value of a last expression, which the page never shows) and
    `display_data` (the types of the pictures). Jupyter keeps the order of the lines within a
    stream, not between stdout and stderr: the kernel sends each stream's text in pieces, when
    its own buffer is flushed, and a piece may end in the middle of a line.
    """
    texts: dict[str, str] = {}
    seen: dict[str, list[str]] = {}
    for output in outputs:
        if output.output_type == "stream":
            texts[output.name] = texts.get(output.name, "") + output.text
        elif output.output_type == "error":
            seen["error"] = (
                f"{output.ename}: {output.evalue}" if output.evalue else output.ename
            ).splitlines()
        elif output.output_type == "execute_result":
            seen["execute_result"] = [
                "Out: " + line for line in output.data.get("text/plain", "").splitlines()
            ]
        else:
            seen.setdefault(output.output_type, []).extend(sorted(output.data))
    for name, text in texts.items():
        lines = text.splitlines()
        if name == "stderr":  # a warning is `file:line: Category: message`, then that line of code
            lines = [found["warning"] for line in lines if (found := _WARNING.match(line))] or lines
        while lines and not lines[-1].strip():
            lines.pop()
        seen[name] = [line.rstrip() for line in lines]
    return {name: [_QUALIFIED.sub("", line) for line in lines] for name, lines in seen.items()}


def _printed_and_warned(streams: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    printed = streams.get("stdout", []) + streams.get("execute_result", []) + streams.get("error", [])
    return printed, streams.get("stderr", [])


def _page_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """The `#>` lines as (printed lines and the error, warnings), each in its order."""
    lines = [_QUALIFIED.sub("", line) for line in lines]
    return [line for line in lines if not _WARNING_SHOWN.match(line)], [
        line for line in lines if _WARNING_SHOWN.match(line)
    ]


def check_outputs(markdown: str, source_name: str, ran: nbformat.NotebookNode, stored: Any) -> None:
    """Each code cell printed its block's `#>` lines, and shows before the run what it shows after.

    `ran` is the notebook after the run (without its install cell), `stored` as it was written.
    """
    blocks = [block for block in scan(markdown)[0] if block.lang in PYTHON_LANGS]
    cells = iter(
        zip(
            [cell for cell in ran.cells if cell.cell_type == "code"],
            [cell for cell in stored.cells[1:] if cell.cell_type == "code"],
            strict=True,
        )
    )
    problems = []
    for block in blocks:
        where = f"{source_name}, block at line {block.line}"
        if any(option.startswith("exec=") for option in block.options):
            if "MKDOCS_CONFIG_DIR" in block.code or 'html="on"' not in block.options:
                continue  # only the build can run it: the notebook shows its output in the prose
            cell, _ = next(cells)
            body = block.code.rstrip().splitlines()[:-1]  # all but its `print` of the SVG
            assert cell.source.splitlines()[: len(body)] == body, f"{where}: the plot's cell is not its code"
            kinds = _streams(cell.outputs)
            if kinds != {"display_data": ["image/svg+xml", "text/plain"]}:
                problems.append(f"{where}: the plot's cell shows {kinds}, not one SVG picture")
            continue
        cell, written = next(cells)
        code = "\n".join(line for line in block.code.splitlines() if not _OUTPUT_LINE.match(line)).rstrip()
        assert cell.source == code, f"{where}: the cell's code is not the block's code without its #> lines"
        expected = _page_lines(
            [m[1].rstrip() for line in block.code.splitlines() if (m := _OUTPUT_LINE.match(line))]
        )
        actual = _printed_and_warned(_streams(cell.outputs))
        for (shown, ran_lines), what in zip(
            zip(expected, actual, strict=True), ("prints", "warns"), strict=True
        ):
            if shown != ran_lines:
                diff = difflib.unified_diff(
                    [f"#> {line}".rstrip() for line in shown],
                    [f"#> {line}".rstrip() for line in ran_lines],
                    "shown on the page",
                    "in the notebook",
                    lineterm="",
                )
                problems.append(
                    f"{where}: the notebook {what} other lines than the page shows.\n" + "\n".join(diff)
                )
        before, after = _streams(written.outputs), _streams(cell.outputs)
        if expected == actual and before != after:
            problems.append(f"{where}: the notebook stores {before}, its run shows {after}")
    assert next(cells, None) is None, f"{source_name}: the notebook has code cells that are not on the page"
    if problems:
        raise AssertionError("\n\n".join(problems))


JAPANESE_PAGES = [path for path in NOTEBOOK_PAGES if path.name.endswith(".ja.md")]


@pytest.mark.parametrize(
    "path",
    JAPANESE_PAGES,
    ids=[path.relative_to(DOCS).as_posix().removesuffix(".ja.md") for path in JAPANESE_PAGES],
)
def test_notebook_prints_what_the_page_shows(path: Path, tmp_path: Path) -> None:
    """Run a page's Japanese notebook; its outputs must be the `#>` lines of both languages' pages.

    The two pages' code is the same, byte for byte (tests/test_docs_pairs.py), and so are the code
    cells of their notebooks (checked here): one run, half the kernel time, checks both.
    """
    english = path.with_name(path.name.replace(".ja.md", ".en.md"))
    checked = []
    for page in (path, english):
        markdown = page.read_text(encoding="utf-8")
        notebook = make_notebook(markdown, _page(page))
        checked.append((markdown, page.relative_to(REPO_ROOT).as_posix(), notebook))
    code = [
        [cell.source for cell in notebook.cells[1:] if cell.cell_type == "code"] for *_, notebook in checked
    ]
    assert code[0] == code[1], f"{path.name} and {english.name}: the notebooks' code cells differ"
    ran = run_notebook(checked[0][2], tmp_path)
    for markdown, name, notebook in checked:
        check_outputs(markdown, name, ran, notebook)


def test_a_wrong_output_line_fails(tmp_path: Path) -> None:
    """A copy of a page with one `#>` line changed: its notebook's check reports that line."""
    original = (DOCS / "index.en.md").read_text(encoding="utf-8")
    changed = original.replace("#> SSE: 1.5\n", "#> SSE: 1.6\n", 1)
    assert changed != original
    copy = tmp_path / "index.en.md"
    copy.write_text(changed, encoding="utf-8")
    notebook = make_notebook(changed, notebooks.Page("index", "en", f"{SITE}en/", SITE))
    ran = run_notebook(notebook, tmp_path)
    with pytest.raises(AssertionError) as failure:
        check_outputs(changed, str(copy), ran, notebook)
    assert "-#> SSE: 1.6\n+#> SSE: 1.5" in str(failure.value)
    check_outputs(original, "docs/index.en.md", ran, make_notebook(original, _page(DOCS / "index.en.md")))


PAGE = """\
---
description: A page to try the conversion on.
---

# A page

Some prose with a [link](cross-entropy.md#formula), a [section](#b) and [another](../x/y.md).
[Button](index.md){ .md-button }

<!-- a comment -->

## First { #a }

```python
print("one")
#> one
```

!!! warning "Careful"
    Inside the warning.

    ```python
    import numpy as np

    print(np.log(0.0))
    #> RuntimeWarning: divide by zero encountered in log
    #> -inf
    ```

=== "Tab"

    ```python
    undefined_name
    #> NameError: name 'undefined_name' is not defined
    ```

??? success "Solution"
    Hidden words.

    ```{.python continuation}
    print(2)
    #> 2
    ```

## Second { #b }

```bash
pip install x
```

*[link]: "an abbreviation"
"""


def test_markdown_becomes_jupyter_markdown_and_cells() -> None:
    notebook = make_notebook(PAGE, notebooks.Page("sub/page", "en", f"{SITE}en/", SITE))
    cells = [(cell.cell_type, cell.source, dict(cell.metadata)) for cell in notebook.cells]
    install, title, first, code1, warning, code2, tab, code3, solution, hidden_text, code4, second = cells
    assert install[1].splitlines()[-1] == f"%pip install {package.wheel_url(SITE)}"
    assert title[1].startswith(
        "# A page\n\n*A page to try the conversion on.*\n\n[Read this page on the site]"
    )
    assert f"[link]({SITE}en/sub/cross-entropy/#formula)" in title[1]
    assert "[section](#b)" in title[1]
    assert f"[another]({SITE}en/x/y/)" in title[1]
    assert f"[Button]({SITE}en/sub/)" in title[1]
    assert "{" not in title[1]
    assert "comment" not in title[1]
    assert first[1] == '## First <a id="a"></a>'
    assert code1[1] == 'print("one")'
    assert warning[1] == "> **Careful**\n>\n> Inside the warning."
    assert code2[1] == "import numpy as np\n\nprint(np.log(0.0))"
    assert tab[1] == "**Tab**"
    assert code3[2] == {"tags": ["raises-exception"]}
    assert solution == ("markdown", "> **Solution**", {})
    assert hidden_text == ("markdown", "> Hidden words.", {"jupyter": {"source_hidden": True}})
    assert code4[2] == {"jupyter": {"source_hidden": True, "outputs_hidden": True}}
    assert second[1] == '## Second <a id="b"></a>\n\n```bash\npip install x\n```'
    outputs = [notebook.cells[i].outputs for i in (3, 5, 7)]
    assert [dict(o) for o in outputs[0]] == [{"output_type": "stream", "name": "stdout", "text": "one\n"}]
    assert [(o.output_type, o.get("name")) for o in outputs[1]] == [
        ("stream", "stderr"),
        ("stream", "stdout"),
    ]
    assert outputs[2][0].ename == "NameError"


def test_a_page_without_code_has_no_notebook() -> None:
    page = notebooks.Page("glossary", "en", f"{SITE}en/", SITE)
    assert notebooks.page_notebook((DOCS / "offline.en.md").read_text(encoding="utf-8"), page) is None


def test_the_build_links_every_notebook(built_site: tuple[Path, str], built_site_url: str) -> None:
    """Every page with code has its notebook beside it, linked under its title, made for the site."""
    site, _ = built_site
    for path in NOTEBOOK_PAGES:
        page = _page(path)
        lang = page.language
        html_file = DocPage(page.name).output_file(site, lang)
        file = html_file.parent / notebooks.file_name(page)
        assert file.is_file(), f"{path.name}: no {file.relative_to(site)}"
        html = html_file.read_text(encoding="utf-8")
        link = (
            f'<a href="{file.name}" download type="application/x-ipynb+json">{notebooks.LINK_TEXT[lang]}</a>'
        )
        assert re.search(r"</h1>\s*<p class=\"lossdocs-notebook\">" + re.escape(link), html), path.name
        built = json.loads(file.read_text(encoding="utf-8"))
        assert built["metadata"]["lossdocs"]["version"] == package.version()
        assert built["cells"][0]["source"][-1].startswith(f"%pip install {package.wheel_url(built_site_url)}")
        made = make_notebook(path.read_text(encoding="utf-8"), page)
        code = [cell.source for cell in made.cells[1:] if cell.cell_type == "code"]
        assert ["".join(c["source"]) for c in built["cells"][1:] if c["cell_type"] == "code"] == code
    print_page = (site / "print" / "index.html").read_text(encoding="utf-8")
    assert "lossdocs-notebook" not in print_page, "the print page and the PDFs are for paper"
