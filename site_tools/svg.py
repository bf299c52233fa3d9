"""The build-time plots in a page's HTML: unique ids, fewer bytes, an accessible name. In that order.

markdown-exec prints each matplotlib figure as an inline SVG (`{.python exec="on" html="on"}`
blocks). `finish_plots` takes the HTML of a page and does three things to every plot, in this
order (the third reads what the first two wrote, and its own ids would otherwise be prefixed):

1. Ids (`unique_svg_ids`). matplotlib writes the same ids (`figure_1`, `axes_1`, clip paths,
   markers) into every figure it saves, so a page with several plots would repeat them: invalid
   HTML, and a clip path or marker of one plot could be drawn from another. The ids of the n-th
   SVG that has any get the prefix `plot-n-`, and so does every reference to them (`url(#...)`,
   `href="#..."`).
2. Size (`compact_svg`). What is never drawn is dropped, about a third of a plot's bytes
   (benchmarks/page_weight.py measures the pages; the plots are most of the heaviest ones): the
   `<metadata>` block (the date the plot was drawn and matplotlib's name), rotations by 0 degrees,
   the indentation between tags (not inside `<text>`, where a space can be drawn), and digits below
   a hundredth of a point (a point is 1/72 inch: 0.01 pt is far below a pixel). The font family
   that matplotlib repeats on every label is written once, on the `<svg>` element, from which the
   labels inherit it.
3. Name (`label_plots`). The page describes the plot in the paragraph right after it (the plot's
   code is the same in both languages, the paragraph is in the page's language). That paragraph
   gets an id (`plot-description-n`) and the SVG `role="img"` and `aria-labelledby` pointing at it,
   so a screen reader announces the plot as one image named by the description, in the page's
   language, instead of reading out matplotlib's tick labels one by one. A plot without a
   paragraph right after it is reported (hooks/plots.py logs it as a warning, an error under
   `mkdocs build --strict`). The XML declaration and DOCTYPE that matplotlib writes in front of
   the SVG, which have no place inside an HTML page, are dropped.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

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

# An inline SVG in the page content, with what matplotlib writes in front of it and the blank
# lines and paragraph that follow it.
_PLOT = re.compile(
    r"(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE svg[^>]*>\s*)?"
    r"<svg\b(?P<attrs>[^>]*)>(?P<body>.*?</svg>)(?P<gap>\s*)(?P<next><(?P<tag>\w+)(?P<next_attrs>[^>]*)>)?",
    re.DOTALL,
)
_NAMED = re.compile(r'\s(?:role|aria-label|aria-labelledby|aria-hidden)="')
_ID = re.compile(r'\sid="([^"]+)"')


def finish_plots(page_html: str) -> tuple[str, list[str]]:
    """Every plot of the page with unique ids, compact, and named: (HTML, problems found).

    A problem is a sentence about a plot, e.g. `plot 2 has no paragraph right after it ...`.
    """
    return label_plots(unique_svg_ids(page_html))


def _hundredths(number: re.Match[str]) -> str:
    short = f"{float(number[0]):.2f}".rstrip("0").rstrip(".")
    return "0" if short == "-0" else short


@functools.lru_cache(maxsize=256)
def compact_svg(svg: str) -> str:
    """The same picture in fewer bytes (see the module's docstring for what is dropped).

    Kept for the page in the other language, which has the same plots (the cache holds more
    plots than any page has).
    """
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


def label_plots(page_html: str) -> tuple[str, list[str]]:
    """Name every unnamed inline SVG by the paragraph that follows it: (HTML, problems found)."""
    count = 0
    problems: list[str] = []

    def label(match: re.Match[str]) -> str:
        nonlocal count
        attrs, rest = match["attrs"], match["gap"] + (match["next"] or "")
        svg = f"<svg{attrs}>{match['body']}"
        if _NAMED.search(attrs):
            return svg + rest
        count += 1
        if match["tag"] != "p":
            problems.append(
                f"plot {count} has no paragraph right after it to describe it; "
                "write one sentence under the plot saying what it shows"
            )
            return svg + rest
        found = _ID.search(match["next_attrs"])
        description = found[1] if found else f"plot-description-{count}"
        paragraph = match["next"] if found else f'<p id="{description}"{match["next_attrs"]}>'
        return (
            f'<svg role="img" aria-labelledby="{description}"{attrs}>{match["body"]}{match["gap"]}{paragraph}'
        )

    return _PLOT.sub(label, page_html), problems
