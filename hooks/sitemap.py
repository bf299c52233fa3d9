"""Put a sitemap.xml into every folder that holds a page.

mkdocs-static-i18n writes one sitemap.xml at the root, listing the pages of both languages, each
with its translations (`xhtml:link rel="alternate" hreflang`). Material's JavaScript also asks
for `sitemap.xml` next to every head link `rel="alternate"` (see hooks/alternate.py): next to
each page of each language, such as `/en/sitemap.xml` or `/en/cross-entropy/sitemap.xml`.

This hook writes those files from the root sitemap. Each lists the pages under its own folder,
as the sitemap protocol allows a sitemap to: `/en/sitemap.xml` the English pages,
`/cross-entropy/sitemap.xml` that one page. The root sitemap stays the one to give to search engines.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ET.register_namespace("", SITEMAP_NS)
ET.register_namespace("xhtml", XHTML_NS)


def folder_sitemaps(sitemap: str, site_url: str) -> dict[str, bytes]:
    """Folder (relative to the site root, e.g. `en/x/`) -> the sitemap.xml of the pages under it.

    Every folder that holds a page gets one, except the root, which has the whole sitemap.
    """
    root = ET.fromstring(sitemap)
    entries = [
        (url, (url.findtext(f"{{{SITEMAP_NS}}}loc") or "").strip())
        for url in root.findall(f"{{{SITEMAP_NS}}}url")
    ]
    pages = [(url, loc.removeprefix(site_url)) for url, loc in entries if loc.startswith(site_url)]
    sitemaps = {}
    for folder in sorted({path for _, path in pages if path}):
        urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
        urlset.extend(url for url, path in pages if path.startswith(folder))
        ET.indent(urlset, space="    ")
        sitemaps[folder] = ET.tostring(urlset, encoding="UTF-8", xml_declaration=True) + b"\n"
    return sitemaps


def on_post_build(config: Any, **kwargs: Any) -> None:
    # Runs after each language's build; the one after the last language sees the full sitemap.
    site = Path(config["site_dir"])
    sitemap = site / "sitemap.xml"
    site_url = config["site_url"] or ""
    if not sitemap.is_file() or not site_url:
        return
    for folder, xml in folder_sitemaps(sitemap.read_text(encoding="utf-8"), site_url).items():
        target = site / folder / "sitemap.xml"
        if target.parent.is_dir():
            target.write_bytes(xml)
