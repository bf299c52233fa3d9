"""A search index per language, written as UTF-8 text: each reader searches their own language.

mkdocs-static-i18n merges the search entries of both languages into one index,
`/search/search_index.json`, which Material's search fetches on every page: a search on an
English page listed Japanese pages first, and every page loaded both languages' index. This hook
splits it again after the build: the root index keeps the default language's pages, and
`/en/search/search_index.json` gets the English ones, with their locations relative to `/en/`.
English pages tell Material's script that their site starts at `/en/`: the `base` in the page's
`__config`. The script reads it to find the search index and to resolve the results' links, and
otherwise only for instant navigation and the version selector, which this site does not use
(and for its language menu's rerouting, which hooks/alternate.py turns off); the page's own links
and assets do not depend on it.

The index is written as UTF-8, not with a six-byte `\\uXXXX` escape for every Japanese character,
and without spaces. With the formulas' TeX left out too (hooks/mathml.py), what a page loads for
search went from 773 kB (181 kB gzipped) to 351 kB (86 kB) in Japanese and 309 kB (75 kB) in
English on 2026-11-27.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{[^<]*?"base": ")([^"]*)(")')


def _language_folder(config: Any) -> str:
    """`en/` while the English pages are built; `` for the default language (or without i18n)."""
    i18n = config["plugins"].get("i18n")
    language = getattr(i18n, "current_language", None)
    if i18n is None or language is None or language == i18n.default_language:
        return ""
    return str(i18n.current_language_config.link or language).strip("/") + "/"


def with_base_in(html: str, folder: str) -> str:
    """The page's `__config` base, moved down into the language's folder (`..` -> `../en/`)."""
    return _CONFIG_BASE.sub(lambda m: f"{m[1]}{m[2].rstrip('/')}/{folder}{m[3]}", html, count=1)


def on_post_page(output: str, config: Any, **kwargs: Any) -> str:
    folder = _language_folder(config)
    return with_base_in(output, folder) if folder else output


@event_priority(-150)  # after mkdocs-static-i18n has merged the languages' entries (-100)
def on_post_build(config: Any, **kwargs: Any) -> None:
    i18n = config["plugins"].get("i18n")
    if getattr(i18n, "building", False):  # another language, mid-build
        return
    site = Path(config["site_dir"])
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    folders = [
        (language.link or language.locale).strip("/") + "/"
        for language in getattr(i18n, "config", {}).get("languages", [])
        if not language.default and language.build
    ]
    for folder in folders:
        own = [doc for doc in data["docs"] if doc["location"].startswith(folder)]
        data["docs"] = [doc for doc in data["docs"] if not doc["location"].startswith(folder)]
        entries = [{**doc, "location": doc["location"].removeprefix(folder)} for doc in own]
        _write(site / folder / "search" / "search_index.json", {**data, "docs": entries})
        not_found = site / folder / "404.html"  # a template, not a page: no on_post_page
        if not_found.is_file():
            html = not_found.read_text(encoding="utf-8")
            not_found.write_text(with_base_in(html, folder), encoding="utf-8")
    _write(index, data)


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
