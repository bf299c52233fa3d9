"""What mkdocs-static-i18n leaves undone for a site in several languages, done on the built HTML.

mkdocs-static-i18n builds each language into its own folder (the default language, Japanese, at
the root; English in `en/`) and points Material's language menu at each page's twin. Five things
it leaves to us:

- **hreflang, in the sitemap only** (`sitemap_with_x_default`, `drop_alternate_links`). Search
  engines learn a page's translations from absolute `hreflang` links, in the page's head or in
  the sitemap: Google treats both ways alike. mkdocs-static-i18n writes them into the root
  `sitemap.xml`; this adds `x-default` (the default language) to each entry. In the head they
  would cost more than they give: Material's JavaScript takes every `link[rel=alternate]` in a
  page for the root of a language version and fetches `sitemap.xml` next to it, to reroute its
  language menu (which mkdocs-static-i18n already points at the twin). Absolute, as search
  engines want them, those links make every page request the address in `site_url`: a request to
  another host, and console errors, wherever else the site is served (a preview, a local copy).
  So the head links that Material writes from the language menu are dropped, and Material
  fetches nothing: the site works wherever it is served, and the menu is a plain link.
- **A relative language menu** (`relative_menu_links`). On the home pages mkdocs-static-i18n
  points the menu at the language roots from the server's root (`/`, `/en/`, or `/repo/en/` for
  a site at `https://owner.github.io/repo/`), which lead elsewhere wherever the site is served
  at another path; like every other link of a page, they are made relative (`./`, `en/`).
- **A 404 page per language** (`/404.html` in Japanese, `/en/404.html` in English): MkDocs renders
  the theme's 404.html once per build into the site root, so the English build would overwrite
  the Japanese page. hooks/i18n.py writes each other language's 404 page into its folder; GitHub
  Pages, like most static hosts, serves the root one for every missing address, English ones
  included, so the Japanese page says it in English too. On a 404 page the language menu leads to
  each language's home page.
- **A search index per language** (`split_search_index`, `with_base_in`). mkdocs-static-i18n
  merges the search entries of both languages into `/search/search_index.json`, which Material's
  search fetches on every page: a search on an English page listed Japanese pages first, and every
  page loaded both languages' index. The root index keeps the default language's pages, and
  `/en/search/search_index.json` gets the English ones, with their locations relative to `/en/`.
  English pages tell Material's script that their site starts at `/en/`: the `base` in the page's
  `__config`. The script reads it to find the search index and to resolve the results' links, and
  otherwise only for instant navigation and the version selector, which this site does not use;
  the page's own links and assets do not depend on it.
- **The index in plain UTF-8**: written without a six-byte `\\uXXXX` escape for every Japanese
  character, and without spaces. With the formulas' TeX left out too (site_tools/markdown/mathml.py),
  what a page loads for search went from 773 kB (181 kB gzipped) to 351 kB (86 kB) in Japanese and
  309 kB (75 kB) in English on 2026-11-27.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from pathlib import Path
from typing import Any

# The head links Material writes from the language menu (mkdocs-static-i18n's `extra.alternate`).
_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{[^<]*?"base": ")([^"]*)(")')
_MENU_LINK = re.compile(r'(<a href=")(/[^"]*)(" hreflang="[^"]*" class="md-select__link")')
_SITEMAP_URL = re.compile(r"<url>.*?</url>", re.DOTALL)
_SITEMAP_LINK = '(?P<indent>[ \\t]*)<xhtml:link rel="alternate" hreflang="{lang}" href="(?P<href>[^"]*)"/>\n'


def drop_alternate_links(html: str) -> str:
    """The page without the head links Material would fetch sitemaps from (see the module docstring)."""
    head, sep, body = html.partition("</head>")
    return _HEAD_ALTERNATE.sub("", head) + sep + body if sep else html


def relative_menu_links(html: str, page_url: str, site_path: str = "/") -> str:
    """The language menu's links from the server's root (`/en/`) made relative to the page.

    `page_url` is the page's address from the site's root (`""`, `"en/"`, `"en/x/"`), `site_path`
    the path the site is built for (that of `site_url`, e.g. `/repo/`).
    """
    site_path = site_path.rstrip("/") + "/"
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)

    def relative(link: re.Match[str]) -> str:
        if not link[2].startswith(site_path):
            return link[0]
        target = posixpath.relpath("/" + link[2].removeprefix(site_path), "/" + folder)
        return f"{link[1]}{'./' if target == '.' else target + '/'}{link[3]}"

    return _MENU_LINK.sub(relative, html)


def sitemap_with_x_default(sitemap: str, default_language: str) -> str:
    """mkdocs-static-i18n's sitemap, each entry also naming its `x-default`: the default language's page."""
    link = re.compile(_SITEMAP_LINK.format(lang=re.escape(default_language)))

    def add(url: re.Match[str]) -> str:
        entry = url[0]
        found = link.search(entry)
        if found is None or 'hreflang="x-default"' in entry:
            return entry
        x_default = f'<xhtml:link rel="alternate" hreflang="x-default" href="{found["href"]}"/>'
        return f"{entry[: found.end()]}{found['indent']}{x_default}\n{entry[found.end() :]}"

    return _SITEMAP_URL.sub(add, sitemap)


def write_sitemap(site: Path, default_language: str) -> None:
    """Add `x-default` to the site's sitemap.xml (and to its gzipped copy, sitemap.xml.gz)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap_with_x_default(sitemap.read_text(encoding="utf-8"), default_language)
    sitemap.write_text(text, encoding="utf-8")
    if (compressed := site / "sitemap.xml.gz").is_file():
        compressed.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def with_base_in(html: str, folder: str) -> str:
    """The page's `__config` base, moved down into the language's folder (`..` -> `../en/`)."""
    return _CONFIG_BASE.sub(lambda m: f"{m[1]}{m[2].rstrip('/')}/{folder}{m[3]}", html, count=1)


def split_search_index(site: Path, folders: list[str]) -> None:
    """Move each language folder's entries (e.g. `en/`) out of the root index into the folder's own.

    Each language's 404 page (a template, not a page) gets the base of its folder too.
    """
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    for folder in folders:
        own = [doc for doc in data["docs"] if doc["location"].startswith(folder)]
        data["docs"] = [doc for doc in data["docs"] if not doc["location"].startswith(folder)]
        entries = [{**doc, "location": doc["location"].removeprefix(folder)} for doc in own]
        _write(site / folder / "search" / "search_index.json", {**data, "docs": entries})
        not_found = site / folder / "404.html"
        if not_found.is_file():
            html = not_found.read_text(encoding="utf-8")
            not_found.write_text(with_base_in(html, folder), encoding="utf-8")
    _write(index, data)


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
