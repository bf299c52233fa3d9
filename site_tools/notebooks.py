"""Each page with Python code as a Jupyter notebook, made from the page's Markdown.

A learner downloads a page as a notebook (hooks/notebooks.py links it under the page's title)
and runs and changes its examples in Jupyter or Google Colab, as d2l and the PyTorch tutorials
let their readers do. The notebook is the page in the page's language:

- the first cell installs lossdocs with one `%pip install`, from the wheel on the published
  site (site_tools/package.py), together with what the page imports besides lossdocs and NumPy;
- the prose becomes Markdown cells (a cell per `##` section). What only MkDocs understands is
  turned into what Jupyter shows: admonitions become quotes with their title in bold, content
  tabs a bold title, heading ids `{ #id }` an anchor `<a id="id"></a>` (so the page's own
  `#id` links still work), links to other pages absolute addresses on the site;
- every ```python block becomes a code cell. Its `#>` lines, what the block prints, become the
  cell's output and leave the code: a notebook shows output under the cell, and a learner who
  runs it gets the same lines there, where comments would repeat them and go stale as soon as
  the code is changed. A `#> RuntimeWarning: ...` line is the cell's stderr (Jupyter shows it
  in red, as Python does), and the error a block is meant to raise is the cell's error output,
  the cell tagged `raises-exception` so that "Run all" goes on past it;
- a collapsed block (`??? success "解答"`, the exercises' solutions) keeps its title visible
  and its content hidden in JupyterLab (`jupyter.source_hidden`) until the learner opens it;
- a build-time plot (```` ```{.python exec="on" html="on"} ````) becomes a code cell that
  displays its SVG (`display(SVG(...))` instead of the `print` that hands it to the page), with
  the picture the build drew as its output. A build-time block that reads the repository's
  files (it names `MKDOCS_CONFIG_DIR`, as the performance page's tables do) cannot run in a
  learner's notebook: its output, as the page shows it, goes into the Markdown instead.

The notebook is plain nbformat 4.5 JSON, written here without the nbformat package: importing
it (jsonschema, traitlets) costs more than half a second, ten times what making every
notebook of the site costs. tests/test_notebooks.py validates each notebook against nbformat's
schema, runs it with nbclient and compares each cell's output with the page's `#>` lines.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from site_tools import package

SUFFIX = ".ipynb"
LINK_TEXT = {"ja": "ノートブックをダウンロード", "en": "Download notebook"}
INSTALL_COMMENT = {
    "ja": (
        "# このノートブックは lossdocs {version} のサイトのページから作られています。",
        "# lossdocs が入っていない環境（Google Colab など）では、まずこのセルを実行してください。",
        "# PyPI での公開後は、アドレスの代わりに lossdocs=={version} と書いても入ります。",
    ),
    "en": (
        "# This notebook is a page of the lossdocs {version} site.",
        "# Where lossdocs is not installed (Google Colab, a new environment), run this cell first.",
        "# Once lossdocs is released on PyPI, lossdocs=={version} in place of the address does the same.",
    ),
}
READ_ON_SITE = {"ja": "このページをサイトで読む", "en": "Read this page on the site"}
# What the page imports, beyond the standard library, lossdocs and NumPy (a dependency of the
# wheel): the install cell installs it too. A module whose distribution has another name:
DISTRIBUTIONS = {"sklearn": "scikit-learn"}
PRESENT = {"lossdocs", "numpy", "IPython"}

_FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.DOTALL)
_DESCRIPTION = re.compile(r"^description:\s*(?P<text>.+?)\s*$", re.MULTILINE)
_FENCE_OPEN = re.compile(r"^(?P<indent> *)(?P<marker>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_ADMONITION = re.compile(
    r'^(?P<indent> *)(?P<marker>!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)(?:\s+"(?P<title>[^"]*)")?\s*$'
)
_TAB = re.compile(r'^(?P<indent> *)===\+?\s+"(?P<title>[^"]*)"\s*$')
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
_AUTODOC = re.compile(r"^:::\s")  # mkdocstrings: the API entries of a module
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
_HEADING_ID = re.compile(r"\s*\{\s*#(?P<id>[\w-]+)\s*\}\s*$")
_LINK = re.compile(r"(?P<open>\]\()(?P<target>[^)\s]+)(?P<close>(?:\s+\"[^\"]*\")?\))")
_ATTRIBUTE = r"(?:[.#][\w-]+|[\w-]+=(?:\"[^\"]*\"|[^\s}]+))"
_ATTR_LIST = re.compile(rf"(?<=\))\{{:?\s*{_ATTRIBUTE}(?:\s+{_ATTRIBUTE})*\s*\}}")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_OUTPUT_LINE = re.compile(r"^\s*#>(?: |$)(.*)$")  # as conftest.py reads them
_EXCEPTION = re.compile(
    r"^(?:[A-Za-z_]\w*\.)*(?P<name>[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt|Iteration))(?::\s?(?P<message>.*))?$"
)
_WARNING = re.compile(r"^(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*Warning: ")
_EXCEPT = re.compile(r"^\s*except\b", re.MULTILINE)
_IMPORT = re.compile(r"^\s*(?:import|from)\s+(?P<module>[A-Za-z_]\w*)", re.MULTILINE)
_PRINT_LAST = re.compile(r"^print\((?P<expression>.+)\)$")
_H1_END = re.compile(r"(<article\b.*?<h1\b.*?</h1>)", re.DOTALL)


@dataclass(frozen=True)
class Page:
    """Where a page is: its name (`cross-entropy`, `reference/x`), language, and addresses.

    `home` is the address of its language's home page on the published site (`https://x/` for
    the default language, `https://x/en/` for English), `site` the site's own address.
    """

    name: str
    language: str
    home: str
    site: str

    def url(self, name: str | None = None) -> str:
        """The published address of page `name` (this page by default) in this language."""
        name = self.name if name is None else name
        path = "" if name in ("index", "") else name.removesuffix("/index") + "/"
        return urljoin(self.home, path)


@dataclass
class _Container:
    body: int  # the indentation of its content
    kind: str  # "admonition", "collapsed" (??? blocks) or "tab"


@dataclass
class _Cells:
    """The notebook's cells, as they are made: Markdown lines gather until a code cell."""

    cells: list[dict[str, Any]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    hidden: bool = False

    def text(self, line: str) -> None:
        self.lines.append(line)

    def flush(self) -> None:
        while self.lines and not self.lines[-1].strip(" >"):
            self.lines.pop()
        while self.lines and not self.lines[0].strip(" >"):
            self.lines.pop(0)
        if self.lines:
            self.cells.append(_cell("markdown", "\n".join(self.lines), hidden=self.hidden))
        self.lines = []

    def code(self, source: str, outputs: list[dict[str, Any]], *, raises: bool = False) -> None:
        self.flush()
        cell = _cell("code", source, hidden=self.hidden)
        cell.update(execution_count=None, outputs=outputs)
        if raises:
            cell["metadata"]["tags"] = ["raises-exception"]
        self.cells.append(cell)


def _cell(kind: str, source: str, *, hidden: bool = False) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    if hidden:
        metadata["jupyter"] = {"source_hidden": True} | ({"outputs_hidden": True} if kind == "code" else {})
    return {"cell_type": kind, "id": "", "metadata": metadata, "source": source}


def expected_output(code: str) -> list[str]:
    """A block's `#>` lines, without their prefix (as conftest.py compares them)."""
    return [m[1].rstrip() for line in code.splitlines() if (m := _OUTPUT_LINE.match(line))]


def code_without_output(code: str) -> str:
    """The block's code as the cell holds it: without its `#>` lines."""
    lines = [line for line in code.splitlines() if not _OUTPUT_LINE.match(line)]
    return "\n".join(lines).rstrip()


def outputs_of(code: str) -> tuple[list[dict[str, Any]], bool]:
    """The cell outputs a block's `#>` lines stand for, and whether the block raises.

    A block raises when a line names an exception (`ValueError: ...`) and the code catches
    nothing: the lines from there on are the error (its message may span several lines).
    A line `SomeWarning: ...` is a warning, which Python writes to stderr.
    """
    expected = expected_output(code)
    error_at = None
    if not _EXCEPT.search(code):
        error_at = next((i for i, line in enumerate(expected) if _EXCEPTION.match(line)), None)
    outputs: list[dict[str, Any]] = []
    for line in expected if error_at is None else expected[:error_at]:
        name = "stderr" if _WARNING.match(line) else "stdout"
        if outputs and outputs[-1]["name"] == name:
            outputs[-1]["text"] += line + "\n"
        else:
            outputs.append({"output_type": "stream", "name": name, "text": line + "\n"})
    if error_at is not None:
        first = _EXCEPTION.match(expected[error_at])
        assert first is not None
        message = [first["message"] or "", *expected[error_at + 1 :]]
        outputs.append(
            {
                "output_type": "error",
                "ename": first["name"],
                "evalue": "\n".join(message).strip("\n"),
                "traceback": expected[error_at:],
            }
        )
    return outputs, error_at is not None


def _plot_cell(code: str, rendered: str | None) -> tuple[str, list[dict[str, Any]]] | None:
    """A build-time plot as a cell that displays it, with the picture the build drew; or None."""
    lines = code.rstrip().splitlines()
    last = _PRINT_LAST.match(lines[-1]) if lines else None
    if last is None or "MKDOCS_CONFIG_DIR" in code:
        return None
    kind = "SVG" if 'format="svg"' in code else "HTML"
    source = "\n".join(
        [
            *lines[:-1],
            f"from IPython.display import {kind}, display",
            f"display({kind}({last['expression']}))",
        ]
    )
    outputs = []
    if rendered is not None:
        start = rendered.find("<svg")
        if kind == "SVG" and start >= 0:
            data = {
                "image/svg+xml": rendered[start:].strip() + "\n",
                "text/plain": "<IPython.core.display.SVG object>",
            }
        else:
            data = {"text/html": rendered.strip() + "\n", "text/plain": "<IPython.core.display.HTML object>"}
        outputs.append({"output_type": "display_data", "data": data, "metadata": {}})
    return source, outputs


def _options(info: str) -> tuple[str, set[str]]:
    words = info.strip().strip("{}").split()
    if not words:
        return "", set()
    language = next((word[1:] for word in words if word.startswith(".")), words[0])
    return language, {word for word in words if word.lstrip(".") != language}


class _Link:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.folder = posixpath.dirname(page.name)

    def __call__(self, found: re.Match[str]) -> str:
        return found["open"] + self.absolute(found["target"]) + found["close"]

    def absolute(self, target: str) -> str:
        if target.startswith("#") or _SCHEME.match(target):
            return target
        path, hash_mark, fragment = target.partition("#")
        if path.endswith(".md"):
            name = posixpath.normpath(posixpath.join(self.folder, path))[: -len(".md")]
            return self.page.url(name) + hash_mark + fragment
        return urljoin(self.page.url(), target)


def _third_party(sources: list[str]) -> list[str]:
    modules = {m["module"] for source in sources for m in _IMPORT.finditer(source)}
    modules -= PRESENT | set(sys.stdlib_module_names)
    return sorted(DISTRIBUTIONS.get(module, module) for module in modules)


def install_cell(page: Page, sources: list[str], release: str) -> dict[str, Any]:
    """The first cell: one `%pip install` of the wheel on the site and of what the page imports."""
    comment = [line.format(version=release) for line in INSTALL_COMMENT[page.language]]
    command = "%" + package.pip_command(page.site, *_third_party(sources))
    cell = _cell("code", "\n".join([*comment, command]))
    cell.update(execution_count=None, outputs=[])
    return cell


def page_notebook(
    markdown: str, page: Page, *, rendered: Mapping[str, str] | None = None, release: str | None = None
) -> dict[str, Any] | None:
    """The page as a notebook (nbformat 4.5, as a dict); None for a page without Python code.

    `rendered` maps the code of each build-time block to the HTML the build made of it (None:
    not built, e.g. in a test; the plots then have no picture until run, and a block that only
    the build can run is left out).
    """
    release = release or package.version()
    cells = _Cells()
    link = _Link(page)
    stack: list[_Container] = []
    sources: list[str] = []
    front = _FRONT_MATTER.match(markdown)
    description = _DESCRIPTION.search(front["yaml"]) if front else None
    lines = markdown[front.end() if front else 0 :].splitlines()

    def prefix() -> str:
        return "> " * sum(1 for c in stack if c.kind != "tab")

    def hidden() -> bool:
        return any(c.kind == "collapsed" for c in stack)

    in_comment = False
    i = 0
    while i < len(lines):
        raw = lines[i]
        i += 1
        if in_comment or "<!--" in raw:
            raw, in_comment = _without_comments(raw, in_comment)
            if not raw.strip():
                continue
        if not raw.strip():
            cells.text(prefix().rstrip())
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        while stack and indent < stack[-1].body:
            stack.pop()
            cells.text("")
            if cells.hidden != hidden():
                cells.flush()
                cells.hidden = hidden()
        base = stack[-1].body if stack else 0
        line = raw[base:]
        if found := _ADMONITION.match(line):
            title = found["title"] if found["title"] is not None else found["kind"].capitalize()
            collapsed = found["marker"].startswith("???")
            stack.append(
                _Container(base + len(found["indent"]) + 4, "collapsed" if collapsed else "admonition")
            )
            if collapsed:  # its title stays visible; what it holds is hidden until opened
                cells.flush()
                cells.text(prefix() + f"**{title}**")
                cells.flush()
                cells.hidden = True
            elif title:
                cells.text(prefix() + f"**{title}**")
                cells.text(prefix().rstrip())
            continue
        if found := _TAB.match(line):
            cells.text(prefix() + f"**{found['title']}**")
            cells.text(prefix().rstrip())
            stack.append(_Container(base + len(found["indent"]) + 4, "tab"))
            continue
        if found := _FENCE_OPEN.match(line):
            fence_indent = base + len(found["indent"])
            marker = found["marker"]
            body = []
            while i < len(lines):
                closing = lines[i].strip()
                i += 1
                if closing and set(closing) == {marker[0]} and len(closing) >= len(marker):
                    break
                inside = lines[i - 1][:fence_indent]
                body.append(lines[i - 1][fence_indent:] if not inside.strip() else lines[i - 1].lstrip())
            code = "\n".join(body)
            language, options = _options(found["info"])
            if language not in ("python", "py", "python3"):
                cells.text(prefix() + marker + language)
                cells.lines.extend((prefix() + b).rstrip() for b in body)
                cells.text(prefix() + marker)
            elif not any(option.startswith("exec=") for option in options):
                sources.append(code)
                outputs, raises = outputs_of(code)
                cells.code(code_without_output(code), outputs, raises=raises)
            else:
                shown = None if rendered is None else rendered.get(code.strip())
                if rendered is not None and shown is None:
                    raise ValueError(
                        f"{page.name}.{page.language}.md: no output of the build-time block {code[:60]!r}"
                    )
                plot = _plot_cell(code, shown) if 'html="on"' in options else None
                if plot is not None:
                    sources.append(code)
                    cells.code(*plot)
                elif shown is not None:  # only the build can run it: its output, as the page shows it
                    cells.text("")
                    cells.lines.extend(shown.strip().splitlines())
                    cells.text("")
            continue
        if _ABBREVIATION.match(line) or _AUTODOC.match(line):  # the API entries are on the page
            continue
        heading = _HEADING.match(line) if not stack else None
        if heading:
            level = len(heading["hashes"])
            text = heading["text"]
            anchor = _HEADING_ID.search(text)
            if anchor:
                text = text[: anchor.start()] + f' <a id="{anchor["id"]}"></a>'
            if level > 1:
                cells.flush()
            cells.text(f"{heading['hashes']} {_ATTR_LIST.sub('', _LINK.sub(link, text))}")
            if level == 1:
                if description:
                    cells.text("")
                    cells.text(f"*{description['text'].strip(chr(34) + chr(39))}*")
                cells.text("")
                cells.text(f"[{READ_ON_SITE[page.language]}]({page.url()}) · lossdocs {release}")
            continue
        cells.text(prefix() + _ATTR_LIST.sub("", _LINK.sub(link, line)))
    cells.flush()
    if not sources:
        return None
    all_cells = [install_cell(page, sources, release), *cells.cells]
    for number, cell in enumerate(all_cells):
        cell["id"] = f"cell-{number}"
    return {
        "cells": all_cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "lossdocs": {"version": release, "page": page.name, "language": page.language, "url": page.url()},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _without_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """The line without HTML comments; whether a comment is still open at its end."""
    kept: list[str] = []
    while line:
        if in_comment:
            end = line.find("-->")
            if end < 0:
                return "".join(kept), True
            line, in_comment = line[end + 3 :], False
        else:
            start = line.find("<!--")
            if start < 0:
                kept.append(line)
                break
            kept.append(line[:start])
            line, in_comment = line[start + 4 :], True
    return "".join(kept), in_comment


def _split(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def dumps(notebook: dict[str, Any]) -> str:
    """The notebook as Jupyter writes it: text as lists of lines, one-space indents, sorted keys."""
    cells = []
    for cell in notebook["cells"]:
        cell = {**cell, "source": _split(cell["source"])}
        if "outputs" in cell:
            cell["outputs"] = [_split_output(output) for output in cell["outputs"]]
        cells.append(cell)
    return json.dumps({**notebook, "cells": cells}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _split_output(output: dict[str, Any]) -> dict[str, Any]:
    output = dict(output)
    if "text" in output:
        output["text"] = _split(output["text"])
    if "data" in output:
        output["data"] = {key: _split(value) for key, value in output["data"].items()}
    return output


def file_name(page: Page) -> str:
    """`cross-entropy.ja.ipynb`: the page's last name part and its language."""
    return f"{posixpath.basename(page.name)}.{page.language}{SUFFIX}"


def link_under_title(html: str, file: str, language: str) -> str:
    """The page's HTML with a link to its notebook right under its title."""
    link = (
        f'<p class="lossdocs-notebook"><a href="{file}" download type="application/x-ipynb+json">'
        f"{LINK_TEXT[language]}</a></p>"
    )
    return _H1_END.sub(lambda found: found[1] + link, html, count=1)
