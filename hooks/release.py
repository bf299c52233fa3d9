"""The package's version on the site: in the footer, and in the pages' install command.

One version for everything (site_tools/package.py): pyproject.toml's. The footer shows it after
the name (`lossdocs 0.1.0 — MIT License`), and a page may write `{{ version }}` and
`{{ wheel_url }}` (the wheel's address on the site being built, SITE_URL) in its Markdown, as the
home page's install command does; they are replaced before the page is converted.
"""

from __future__ import annotations

import os
import re
from typing import Any

from site_tools import package

PUBLISHED = "LOSSDOCS_PUBLISHED_URL"  # the offline build's pages install from the online site
_NAME = re.compile(r"^lossdocs\b")


def on_config(config: Any, **kwargs: Any) -> Any:
    version = package.version()
    copyright = config.get("copyright") or "lossdocs"
    if f"lossdocs {version}" not in copyright:
        named = _NAME.sub(f"lossdocs {version}", copyright, count=1)
        config["copyright"] = named if named != copyright else f"{copyright} · lossdocs {version}"
    return config


def on_page_markdown(markdown: str, config: Any, **kwargs: Any) -> str:
    if "{{" not in markdown:
        return markdown
    site = os.environ.get(PUBLISHED) or config["site_url"] or "http://127.0.0.1:8000/"
    values = {"version": package.version(), "wheel_url": package.wheel_url(site)}
    for key, value in values.items():
        markdown = markdown.replace("{{ " + key + " }}", value)
    return markdown
