"""Give the ids inside each inline SVG plot a prefix of its own.

matplotlib writes the same ids (`figure_1`, `axes_1`, clip paths, markers) into every figure it
saves, so a page with several plots would repeat them: invalid HTML, and a clip path or marker
of one plot could be drawn from another. This hook prefixes the ids of the n-th SVG on a page
with `plot-n-`, and every reference to them (`url(#...)`, `href="#..."`).
"""

from __future__ import annotations

import re
from typing import Any

_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_ID_OR_REFERENCE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def unique_svg_ids(page_html: str) -> str:
    """Prefix the ids of every inline SVG that has any with `plot-<n>-`."""
    count = 0

    def prefix(svg: re.Match[str]) -> str:
        nonlocal count
        if ' id="' not in svg[0]:
            return svg[0]
        count += 1
        return _ID_OR_REFERENCE.sub(lambda m: f"{m[1]}plot-{count}-{m[2]}", svg[0])

    return _SVG.sub(prefix, page_html)


def on_page_content(html: str, **kwargs: Any) -> str:
    return unique_svg_ids(html)
