"""The build-time plots of every page: unique ids, compact SVG, accessible names (site_tools/svg.py)."""

from __future__ import annotations

import logging
from typing import Any

from site_tools import svg

log = logging.getLogger("mkdocs.hooks.plots")  # under "mkdocs": a warning fails a strict build


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    html, problems = svg.finish_plots(html)
    for problem in problems:
        log.warning(f"{page.file.src_uri}: {problem}")
    return html
