"""Each page with Python code as a Jupyter notebook beside it, linked under the page's title.

`site_tools/notebooks.py` makes the notebook from the page's Markdown; this hook gives it the
plots the build drew (it records what markdown-exec's build-time blocks printed, behind the
cache of hooks/exec_cache.py, which must come first in mkdocs.yml), writes it next to the
page's HTML (`cross-entropy/cross-entropy.ja.ipynb`, `en/cross-entropy/cross-entropy.en.ipynb`)
and links it under the page's title. Every build makes them, `mkdocs serve` included: they
cost a few hundredths of a second for the whole site (README, "Notebooks").

It comes after hooks/print_site.py in mkdocs.yml: the print page and the PDFs are for reading
on paper, so they collect each page without the link.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from site_tools import notebooks

PUBLISHED = "LOSSDOCS_PUBLISHED_URL"  # set by hooks/downloads.py for the offline build
_rendered: dict[str, str] = {}  # the code of a build-time block -> the HTML the build made of it


class Recorder:
    """markdown-exec's formatter (behind exec_cache's), keeping what each block rendered."""

    def __init__(self, formatter: Callable[..., str]) -> None:
        self.formatter = formatter

    def __call__(self, source: str, *args: Any, **kwargs: Any) -> str:
        html = self.formatter(source, *args, **kwargs)
        _rendered[source.strip()] = html
        return html


def on_config(config: Any, **kwargs: Any) -> Any:
    fences = config.mdx_configs.get("pymdownx.superfences", {}).get("custom_fences", [])
    for fence in fences:
        formatter = fence.get("format")
        if fence.get("name") == "python" and formatter is not None and not isinstance(formatter, Recorder):
            fence["format"] = Recorder(formatter)
    return config


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    source = Path(page.file.abs_src_path)
    name, language = page.file.src_uri.rsplit(".", 2)[:2]
    site = os.environ.get(PUBLISHED) or config["site_url"] or "http://127.0.0.1:8000/"
    site = site if site.endswith("/") else site + "/"
    i18n = config["plugins"].get("i18n")
    default = getattr(i18n, "default_language", language)
    where = notebooks.Page(name, language, site if language == default else f"{site}{language}/", site)
    notebook = notebooks.page_notebook(source.read_text(encoding="utf-8"), where, rendered=_rendered)
    if notebook is None:
        return output
    file = notebooks.file_name(where)
    destination = Path(page.file.abs_dest_path).parent / file
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(notebooks.dumps(notebook), encoding="utf-8")
    return notebooks.link_under_title(output, file, language)
