"""Give each language its own sitemap.xml.

Material's language switcher asks for `<language>/sitemap.xml`, which mkdocs-static-i18n does
not write; without this copy every English page logs a 404 in the browser console.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any


def on_post_build(config: Any, **kwargs: Any) -> None:
    site = Path(config["site_dir"])
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return
    for language_dir in (site / "en",):
        if language_dir.is_dir():
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                if (site / name).exists():
                    shutil.copyfile(site / name, language_dir / name)
