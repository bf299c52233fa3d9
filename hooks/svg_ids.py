"""Give the ids inside each inline SVG plot a prefix of its own, and write the plot compactly.

matplotlib writes the same ids (`figure_1`, `axes_1`, clip paths, markers) into every figure it
saves, so a page with several plots would repeat them: invalid HTML, and a clip path or marker
of one plot could be drawn from another. This hook prefixes the ids of the n-th SVG on a page
with `plot-n-`, and every reference to them (`url(#...)`, `href="#..."`).

It also drops from each plot what is never drawn, which makes up about a third of its bytes
(benchmarks/page_weight.py measures the pages; the plots are most of the heaviest ones):
the `<metadata>` block (the date the plot was drawn and matplotlib's name), rotations by 0
degrees, the indentation between tags (not inside `<text>`, where a space can be drawn), and
digits below a hundredth of a point (a point is 1/72 inch: 0.01 pt is far below a pixel). The
font family that matplotlib repeats on every label is written once, on the `<svg>` element,
from which the labels inherit it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_ID_OR_REFERENCE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_NO_ROTATION = re.compile(r'\s*transform="rotate\(-?0 [^")]*\)"')
_GEOMETRY = re.compile(r'\s(d|x|y|width|height|transform)="([^"]*)"')
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}")
# Whitespace between tags, except inside a <text> element (matched first and kept as it is;
# its closing ">" is left to the second branch).
_TEXT_OR_GAP = re.compile(r"(<text\b.*?</text)|>\s+(?=<)", re.DOTALL)
_FONT_FAMILY = re.compile(r"font-family: ([^;\"]+)")
_STYLE = re.compile(r'\sstyle="([^"]*)"')


def _hundredths(number: re.Match[str]) -> str:
    short = f"{float(number[0]):.2f}".rstrip("0").rstrip(".")
    return "0" if short == "-0" else short


def compact_svg(svg: str) -> str:
    """The same picture in fewer bytes (see the module's docstring for what is dropped)."""
    svg = _METADATA.sub("", svg)
    svg = _NO_ROTATION.sub("", svg)
    svg = _GEOMETRY.sub(lambda m: f' {m[1]}="{" ".join(_LONG_NUMBER.sub(_hundredths, m[2]).split())}"', svg)
    families = Counter(_FONT_FAMILY.findall(svg)).most_common(1)
    if families and families[0][1] > 1:
        inherited = f"font-family: {families[0][0]}"

        def drop_family(style: re.Match[str]) -> str:
            rest = [declaration for declaration in style[1].split("; ") if declaration != inherited]
            return f' style="{"; ".join(rest)}"' if rest else ""

        svg = _STYLE.sub(drop_family, svg).replace("<svg", f'<svg style="{inherited}"', 1)
    return _TEXT_OR_GAP.sub(lambda m: m[1] or ">", svg)


def unique_svg_ids(page_html: str) -> str:
    """Prefix the ids of every inline SVG that has any with `plot-<n>-`, and compact it."""
    count = 0

    def prefix(svg: re.Match[str]) -> str:
        nonlocal count
        if ' id="' not in svg[0]:
            return svg[0]
        count += 1
        return compact_svg(_ID_OR_REFERENCE.sub(lambda m: f"{m[1]}plot-{count}-{m[2]}", svg[0]))

    return _SVG.sub(prefix, page_html)


def on_page_content(html: str, **kwargs: Any) -> str:
    return unique_svg_ids(html)
