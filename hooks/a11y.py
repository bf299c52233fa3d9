"""Accessible names for the build-time plots and for Material's search dialog.

Plots: markdown-exec prints each matplotlib figure as an inline SVG, and the page describes the
plot in the paragraph right after it (the plot's code is the same in both languages, the
paragraph is in the page's language). This hook gives that paragraph an id and the SVG
`role="img"` and `aria-labelledby` pointing at it, so a screen reader announces the plot as one
image named by the description, in the page's language, instead of reading out matplotlib's
tick labels one by one. A plot without a paragraph right after it is a warning (an error under
`mkdocs build --strict`). It also drops the XML declaration and DOCTYPE that matplotlib writes in
front of the SVG, which have no place inside an HTML page.

Search: Material marks its search box `role="dialog"` without a name (axe's `aria-dialog-name`);
the dialog gets the label of the search field in it, which Material writes in the page's language.

Runs after hooks/svg_ids.py, whose `plot-<n>-` prefix the ids here do not use.
"""

from __future__ import annotations

import logging
import re
from typing import Any

log = logging.getLogger("mkdocs.hooks.a11y")

# An inline SVG in the page content, with what matplotlib writes in front of it and the blank
# lines and paragraph that follow it.
_PLOT = re.compile(
    r"(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE svg[^>]*>\s*)?"
    r"<svg\b(?P<attrs>[^>]*)>(?P<body>.*?</svg>)(?P<gap>\s*)(?P<next><(?P<tag>\w+)(?P<next_attrs>[^>]*)>)?",
    re.DOTALL,
)
_NAMED = re.compile(r'\s(?:role|aria-label|aria-labelledby|aria-hidden)="')
_ID = re.compile(r'\sid="([^"]+)"')
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")>')
_SEARCH_LABEL = re.compile(r'<input [^>]*class="md-search__input"[^>]*\saria-label="([^"]+)"')


def label_plots(page_html: str, page_name: str = "") -> str:
    """Name every unnamed inline SVG by the paragraph that follows it."""
    count = 0

    def label(match: re.Match[str]) -> str:
        nonlocal count
        attrs, rest = match["attrs"], match["gap"] + (match["next"] or "")
        svg = f"<svg{attrs}>{match['body']}"
        if _NAMED.search(attrs):
            return svg + rest
        count += 1
        if match["tag"] != "p":
            log.warning(
                f"{page_name}: plot {count} has no paragraph right after it to describe it; "
                "write one sentence under the plot saying what it shows"
            )
            return svg + rest
        found = _ID.search(match["next_attrs"])
        description = found[1] if found else f"plot-description-{count}"
        paragraph = match["next"] if found else f'<p id="{description}"{match["next_attrs"]}>'
        return (
            f'<svg role="img" aria-labelledby="{description}"{attrs}>{match["body"]}{match["gap"]}{paragraph}'
        )

    return _PLOT.sub(label, page_html)


def name_search_dialog(output: str) -> str:
    """Give Material's search dialog the label of its search field."""
    found = _SEARCH_LABEL.search(output)
    if not found:
        return output
    return _SEARCH_DIALOG.sub(rf'\1 aria-label="{found[1]}">', output, count=1)


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    return label_plots(html, page.file.src_uri)


def on_post_page(output: str, **kwargs: Any) -> str:
    return name_search_dialog(output)
