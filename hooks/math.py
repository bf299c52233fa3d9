"""Render the site's LaTeX as MathML at build time, so no script or network is needed to read it.

`pymdownx.arithmatex` (generic mode) leaves each formula as `\\( ... \\)` or `\\[ ... \\]` in an
element of class `arithmatex`; this hook replaces the formula with the MathML that
latex2mathml makes, and keeps the TeX source as an annotation for copying and assistive tools.
"""

from __future__ import annotations

import html
import re
from typing import Any

from latex2mathml.converter import convert

_FORMULA = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])\s*</(?P=tag)>',
    re.DOTALL,
)


def _to_mathml(match: re.Match[str]) -> str:
    tag = match["tag"]
    tex = html.unescape(match["inline"] if match["inline"] is not None else match["block"]).strip()
    display = "block" if match["block"] is not None else "inline"
    mathml = convert(tex, display=display)
    annotated = mathml.replace(
        "</math>",
        "",
    )
    # Wrap the presentation MathML in <semantics> with the TeX source as an annotation.
    head, _, body = annotated.partition(">")
    mathml = (
        f"{head}><semantics>{body}"
        f'<annotation encoding="application/x-tex">{html.escape(tex)}</annotation>'
        "</semantics></math>"
    )
    return f'<{tag} class="arithmatex">{mathml}</{tag}>'


def render_math(page_html: str) -> str:
    """Replace every arithmatex formula in `page_html` with MathML."""
    return _FORMULA.sub(_to_mathml, page_html)


def on_page_content(html_text: str, **kwargs: Any) -> str:
    return render_math(html_text)
