"""TeX to MathML when the page is converted, so no script and no network are needed to read it.

A Markdown extension (`site_tools.markdown.mathml` in `markdown_extensions`, after
`pymdownx.arithmatex` with `generic: true`). Arithmatex leaves each formula as `\\( ... \\)` or
`\\[ ... \\]` in an element of class `arithmatex`; this extension's postprocessor, which runs
last, on the finished HTML, replaces each with the MathML that latex2mathml makes, and keeps the
TeX source as an annotation for copying and for assistive tools. MkDocs' search leaves the
annotation out (`data-search-exclude`): the formula's text is indexed once, as the MathML reads.

It works on the HTML rather than on the tree, so formulas that arrive as HTML are converted as
well: those of the docstrings that mkdocstrings renders with the same extensions, for instance.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from latex2mathml.converter import convert
from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.postprocessors import Postprocessor  # type: ignore[import-untyped]

PRIORITY = 5  # after Python-Markdown's own postprocessors (raw HTML 30, `&` 20): the final HTML

_FORMULA = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])"
    r"\s*</(?P=tag)>",
    re.DOTALL,
)
_MATH_OPEN = re.compile(r"^(<math[^>]*>)")
# latex2mathml sets \log, \exp, ... as bare identifiers; TeX puts a thin space after them
# unless a parenthesis follows.
_FUNCTION_NAME = re.compile(
    r"(<mi>(?:log|ln|exp|max|min|cosh|sinh|tanh|sign)</mi>)(?!<mo[^>]*>(?:\(|&#x00028;))"
)


def _to_mathml(match: re.Match[str]) -> str:
    display = "inline" if match["inline"] is not None else "block"
    mathml = _mathml(html.unescape(match[display]).strip(), display)
    return f'<{match["tag"]} class="arithmatex">{mathml}</{match["tag"]}>'


@functools.cache
def _mathml(tex: str, display: str) -> str:
    """The MathML of one formula (the two languages' pages share their formulas: made once)."""
    mathml = convert(tex, display=display).removesuffix("</math>")
    mathml = _FUNCTION_NAME.sub(r'\1<mspace width="0.1667em"></mspace>', mathml)
    annotation = (
        f'<annotation encoding="application/x-tex" data-search-exclude>{html.escape(tex)}</annotation>'
    )
    return _MATH_OPEN.sub(r"\1<semantics>", mathml) + f"{annotation}</semantics></math>"


def render_math(page_html: str) -> str:
    """Replace every arithmatex formula in `page_html` with MathML."""
    return _FORMULA.sub(_to_mathml, page_html)


class MathMLPostprocessor(Postprocessor):  # type: ignore[misc]
    def run(self, text: str) -> str:
        return render_math(text)


class MathMLExtension(Extension):  # type: ignore[misc]
    """Registers the postprocessor that turns arithmatex's formulas into MathML."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.postprocessors.register(MathMLPostprocessor(md), "mathml", PRIORITY)


def makeExtension(**kwargs: Any) -> MathMLExtension:  # noqa: N802 (Python-Markdown's name)
    return MathMLExtension(**kwargs)
