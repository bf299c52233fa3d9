"""What mkdocs-static-i18n leaves undone, wired into MkDocs (the code and the reasons: site_tools/i18n.py).

- every page: no head links for Material to fetch sitemaps from; a relative language menu; an
  English page's `__config` base in `en/`, where its search index is;
- the 404 page: one per language, its language menu leading to each language's home page;
- after the last language's build: a search index per language, and `x-default` in the sitemap.

mkdocs-static-i18n builds the other languages inside the first language's `on_post_build`
(priority -100) and sets `building` meanwhile; what needs the whole site runs below that, once.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority

from site_tools import i18n

NOT_FOUND = "404.html"


def _language_folder(config: Any) -> str:
    """`en/` while the English pages are built; `` for the default language (or without i18n)."""
    plugin = config["plugins"].get("i18n")
    language = getattr(plugin, "current_language", None)
    if plugin is None or language is None or language == plugin.default_language:
        return ""
    return str(plugin.current_language_config.link or language).strip("/") + "/"


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    output = i18n.drop_alternate_links(output)
    url = "" if page.url in (".", "./") else page.url
    output = i18n.relative_menu_links(output, url, urlsplit(config["site_url"] or "/").path or "/")
    folder = _language_folder(config)
    return i18n.with_base_in(output, folder) if folder else output


def on_pre_template(template: Any, template_name: str, config: Any, **kwargs: Any) -> Any:
    if template_name == NOT_FOUND:
        roots = getattr(config["plugins"].get("i18n"), "extra_alternate", None)
        if roots:  # mkdocs-static-i18n's menu before it points it at a page: the language roots
            # It sets `config.extra.alternate` as an attribute for each page (which the templates
            # read before the item), and resets only the item for the next language's build.
            config.extra["alternate"] = copy.deepcopy(roots)
            config.extra.alternate = copy.deepcopy(roots)
    return template


def on_post_template(output_content: str, template_name: str, config: Any, **kwargs: Any) -> str:
    if template_name != NOT_FOUND:
        return output_content
    output = i18n.drop_alternate_links(output_content)
    folder = _language_folder(config)
    if not folder:
        return output
    site = Path(config["site_dir"])
    target = site / folder / NOT_FOUND
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    # MkDocs writes what this returns to the root: give it back the default language's page,
    # which the default language's build (always the first) wrote there.
    root = site / NOT_FOUND
    return root.read_text(encoding="utf-8") if root.is_file() else ""


@event_priority(-150)  # after mkdocs-static-i18n has built every language and merged their entries
def on_post_build(config: Any, **kwargs: Any) -> None:
    plugin = config["plugins"].get("i18n")
    if plugin is None or getattr(plugin, "building", False):  # another language, mid-build
        return
    languages = plugin.config.get("languages", [])
    folders = [
        (language.link or language.locale).strip("/") + "/"
        for language in languages
        if not language.default and language.build
    ]
    site = Path(config["site_dir"])
    i18n.split_search_index(site, folders)
    i18n.write_sitemap(site, plugin.default_language)
