"""Render the site's LaTeX as MathML at build time, so no script or network is needed to read it.

`pymdownx.arithmatex` (generic mode) leaves each formula as `\\( ... \\)` or `\\[ ... \\]` in an
element of class `arithmatex`, in the pages and in the docstrings that mkdocstrings renders. This
hook replaces each formula with the MathML that latex2mathml makes, and keeps the TeX source as
an annotation for copying and for assistive tools. The search leaves the annotation out
(`data-search-exclude`): the formula's text is indexed once, as the MathML reads.
"""

from __future__ import annotations

import html
import re
from typing import Any

from latex2mathml.converter import convert

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
    tex = html.unescape(match[display]).strip()
    mathml = convert(tex, display=display).removesuffix("</math>")
    mathml = _FUNCTION_NAME.sub(r'\1<mspace width="0.1667em"></mspace>', mathml)
    annotation = (
        f'<annotation encoding="application/x-tex" data-search-exclude>{html.escape(tex)}</annotation>'
    )
    mathml = _MATH_OPEN.sub(r"\1<semantics>", mathml) + f"{annotation}</semantics></math>"
    return f'<{match["tag"]} class="arithmatex">{mathml}</{match["tag"]}>'


def render_math(page_html: str) -> str:
    """Replace every arithmatex formula in `page_html` with MathML."""
    return _FORMULA.sub(_to_mathml, page_html)


def on_page_content(html: str, **kwargs: Any) -> str:
    return render_math(html)
